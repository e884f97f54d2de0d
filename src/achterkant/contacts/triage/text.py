"""Text handling before classification: e-mail clean-up, truncation, language, tokens.

Everything here is pure Python on the text alone, so it is cheap and testable.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# What the classifier sees at most: the question is nearly always in the first lines.
MAX_CHARS = 2_000
# Longer input is cut before any regular expression runs over it (100,000 characters of
# pasted text must not cost more than a short question). A quote or signature that starts
# beyond this would be cut off by MAX_CHARS anyway; the margin is for collapsed whitespace.
RAW_LIMIT = 2 * MAX_CHARS

_QUOTE_HEADERS = [
    # "Op ma 3 nov. 2025 om 10:12 schreef Jan Jansen <jan@example.nl>:" (may wrap a line)
    re.compile(r"^\s*op\s.{0,200}?\sschreef\s.{0,200}?:\s*$", re.I | re.M | re.S),
    re.compile(r"^\s*on\s.{0,200}?\swrote:\s*$", re.I | re.M | re.S),
    re.compile(
        r"^\s*-{2,}\s*(oorspronkelijk|origineel|doorgestuurd)\s+bericht\s*-{2,}", re.I | re.M
    ),
    re.compile(r"^\s*-{2,}\s*(original|forwarded)\s+message\s*-{2,}", re.I | re.M),
    # Outlook: "Van: ... / Verzonden: ..." (or From/Sent) on the next few lines
    re.compile(r"^\s*(van|from):\s.*\n(.*\n){0,3}?\s*(verzonden|sent|datum|date):\s", re.I | re.M),
    re.compile(r"^_{10,}\s*$", re.M),
]
_SIGNATURE_START = re.compile(
    r"(^--\s*$"
    r"|\b(met\s+)?(vriendelijke|hartelijke|beste|fijne)\s+groet(en)?\b"
    r"|^\s*(groet(jes|en)?|mvg|m\.v\.g\.?|gr\.?)\s*[,.!]?\s*$"
    r"|\bmet\s+groet\b"
    r"|\bverstuurd\s+(vanaf|met|vanuit)\s+mijn\b"
    r"|\bsent\s+from\s+my\b)",
    re.I | re.M,
)
_QUOTED_LINE = re.compile(r"^\s*>.*$", re.M)


def strip_email(text: str) -> str:
    """The new part of an e-mail: quoted history and the signature removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cut = len(text)
    for pattern in _QUOTE_HEADERS:
        match = pattern.search(text)
        if match and match.start() < cut:
            cut = match.start()
    text = _QUOTED_LINE.sub("", text[:cut])
    return strip_signature(text)


def strip_signature(text: str) -> str:
    match = _SIGNATURE_START.search(text)
    return text[: match.start()] if match else text


def prepare(text: str, *, source: str = "text") -> str:
    """Bounded, cleaned text: what the classifier and the checks below see."""
    text = (text or "")[:RAW_LIMIT]
    text = strip_email(text) if source in ("email", "letter") else strip_signature(text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_CHARS]


def normalise(text: str) -> str:
    """Lower case without accents (ë → e), so 'geïnteresseerd' and 'geinteresseerd' meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORD = re.compile(r"[a-z0-9]+")

# Function words that carry no product: they only add noise to the word features.
DUTCH_STOPWORDS = frozenset([
    "de", "het", "een", "en", "van", "in", "op", "te", "is", "dat", "die", "dit", "ik",
    "je", "jij", "u", "uw", "mijn", "me", "mij", "wij", "we", "ons", "onze", "zij",
    "ze", "hij", "zijn", "haar", "hem", "er", "om", "met", "voor", "aan", "bij", "naar",
    "of", "maar", "als", "dan", "ook", "nog", "al", "wel", "niet", "geen", "wat", "wie",
    "waar", "hoe", "wanneer", "kan", "kun", "kunt", "mag", "moet", "wil", "wilt", "zou",
    "zouden", "heb", "hebt", "heeft", "hebben", "was", "waren", "word", "wordt",
    "worden", "ben", "bent", "graag", "even", "hier", "daar", "nu", "zo", "toch", "dus",
    "want", "door", "over", "uit", "tot", "na", "hallo", "goedemorgen", "goedemiddag",
    "geachte", "beste", "heer", "mevrouw", "dag", "hoi", "bedankt", "dank", "alvast",
    "vraag", "vragen", "iets",
])  # fmt: skip


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Normalised words of two letters or more, Dutch stop words left out."""
    return [w for w in _WORD.findall(normalise(text)) if len(w) > 1 and w not in DUTCH_STOPWORDS]


def stem_analyzer(text: str) -> list[str]:
    """The word features: stems and pairs of neighbouring stems.

    Used for training (as scikit-learn's analyzer) and for classifying
    (``inference.CompactModel``): one definition, so both see the same features.
    """
    stems = [stem(w) for w in words(text)]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


# A few very common words per language that Dutch does not share (no 'de', 'in', 'die').
_FOREIGN = {
    "en": frozenset([
        "the", "and", "you", "your", "have", "has", "would", "could", "please", "thank",
        "thanks", "my", "with", "this", "that", "what", "how", "when", "where", "which",
        "need", "does", "can't", "don't", "i'm", "are", "for", "from", "about",
    ]),
    "de": frozenset([
        "der", "das", "und", "ich", "nicht", "ist", "mit", "sie", "ein", "eine", "einen",
        "mein", "meine", "bitte", "danke", "wie", "für", "haben", "habe", "können",
        "möchte", "wir", "auch", "auf", "dem", "den",
    ]),
    "fr": frozenset([
        "le", "la", "les", "et", "je", "vous", "est", "pour", "avec", "une", "des", "du",
        "mon", "ma", "mes", "pas", "que", "qui", "nous", "sur", "merci", "bonjour",
        "voudrais", "comment",
    ]),
}  # fmt: skip
_DUTCH = frozenset([
    "de", "het", "een", "en", "van", "ik", "je", "u", "uw", "mijn", "is", "dat", "niet",
    "er", "op", "te", "voor", "met", "zijn", "aan", "wil", "kan", "graag", "hoe", "wat",
    "ik", "wij", "ook", "bij", "naar", "maar", "nog", "al", "wel", "geen", "hebben",
    "heb", "heeft",
])  # fmt: skip


def foreign_language(text: str) -> str | None:
    """'en', 'de' or 'fr' when the text is clearly in that language, else None.

    A stop-word count, no model: enough to say 'we only understand Dutch' instead of
    guessing a product from an English sentence. Short texts are never called foreign.
    """
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    if len(tokens) < 4:
        return None
    dutch = sum(1 for t in tokens if t in _DUTCH)
    best, hits = None, 0
    for language, stopwords in _FOREIGN.items():
        count = sum(1 for t in tokens if t in stopwords)
        if count > hits:
            best, hits = language, count
    if best and hits >= 2 and hits > dutch * 1.5:
        return best
    return None
