"""Search the knowledge base (kennisartikelen) the way an agent types: a few words.

Why two engines: Achterkant runs on SQLite by default (zero set-up on a laptop) and on
PostgreSQL in production (DESIGN.md, "stack: search"). Each has a good full-text engine
of its own, and neither runs on the other, so this module puts one interface,
``search_articles``, in front of both:

- PostgreSQL: the ``dutch`` text-search configuration (stemming, stop words) over a
  weighted tsvector (question A, keywords B, answer C) with a GIN expression index,
  ``ts_rank``, and ``pg_trgm`` word similarity on the question as a typo fallback.
- SQLite: an FTS5 table (``unicode61 remove_diacritics 2``) kept in sync by triggers,
  ranked by ``bm25`` with column weights.

Both get the same query: the input is cut into words (letters and digits), so quotes,
operators and SQL in it are never more than text; Dutch stop words are dropped; all
words must match, the last one as a prefix (people search while typing). When that finds
nothing, any word may match (and, on PostgreSQL, a question that looks like the query).
The index and triggers are created by migration 0003_knowledge_search.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from achterkant.contacts.models import KnowledgeArticle
from achterkant.tenancy.context import require_organisation

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_LIMIT = 100
SNIPPET_LENGTH = 200
TYPO_SIMILARITY = 0.5  # pg_trgm word_similarity of the query to (part of) the question

_WORD = re.compile(r"[^\W_]+")  # letters and digits, diacritics included
# PostgreSQL's own list for 'dutch' (tsearch_data/dutch.stop), so both engines ignore
# the same words and a question like "wat kost een paspoort" matches on SQLite too.
STOP_WORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
    maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der
    daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets
    worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens
    hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw
    iemand geweest andere""".split()  # noqa: SIM905 - laid out like the source file
)

_TABLE = KnowledgeArticle._meta.db_table
_FTS = "contacts_knowledge_fts"
# Must stay identical to the index expression in migration 0003_knowledge_search.
_VECTOR = (
    "(setweight(to_tsvector('dutch'::regconfig, a.question), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, a.keywords), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, a.answer), 'C'))"
)
_SCOPE = (
    "a.organisation_id = %s AND a.valid_from <= %s "
    "AND (a.valid_until IS NULL OR a.valid_until >= %s)"
)
_ORDER = "ORDER BY rank DESC, a.question, a.id LIMIT %s"
# bm25 weights per FTS5 column, in table order: question, keywords, answer.
_BM25 = f"bm25({_FTS}, 10.0, 4.0, 1.0)"

Row = tuple[int, str, str, float]


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    question: str
    snippet: str  # plain text from the answer, around the first matching word
    rank: float  # higher is better; only comparable within one search


def search_terms(query: str) -> list[str]:
    """The words of a query, lower case, without stop words, duplicates or operators."""
    text = unicodedata.normalize("NFKC", query or "").lower()
    terms: list[str] = []
    for word in _WORD.findall(text):
        word = word[:MAX_TERM_LENGTH]
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def search_articles(query: str, *, on: date | None = None, limit: int = 20) -> list[SearchHit]:
    """Articles of the active organisation valid on ``on`` (default today), best first.

    At most two queries: all words must match; if none does, any word (or, on
    PostgreSQL, a similar question) is enough.
    """
    terms = search_terms(query)
    limit = min(limit, MAX_LIMIT)
    if not terms or limit < 1:
        return []
    engine = _ENGINES.get(connection.vendor)
    if engine is None:
        raise ImproperlyConfigured(f"Knowledge search does not support {connection.vendor}.")
    on = on or timezone.localdate()
    scope = [require_organisation().pk, on, on]
    rows = engine(terms, True, scope, limit)
    if not rows and (len(terms) > 1 or connection.vendor == "postgresql"):
        rows = engine(terms, False, scope, limit)  # any word; on PostgreSQL also typos
    return [
        SearchHit(article_id=pk, question=question, snippet=snippet(answer, terms), rank=rank)
        for pk, question, answer, rank in rows
    ]


def _postgresql(terms: list[str], strict: bool, scope: list, limit: int) -> list[Row]:
    *head, last = terms
    # The last word is a prefix, both stemmed and as typed: 'dutch' stems "paspoor" to
    # "paspor", which is no prefix of the indexed "paspoort".
    tsquery = "(to_tsquery('dutch', %s) || to_tsquery('simple', %s))"
    params = [f"{last}:*", f"{last}:*"]
    if head:
        tsquery = f"(to_tsquery('dutch', %s) {'&&' if strict else '||'} {tsquery})"
        params = [(" & " if strict else " | ").join(head), *params]
    rank, match = f"ts_rank({_VECTOR}, {tsquery})", f"{_VECTOR} @@ {tsquery}"
    rank_params, match_params = params, params
    if not strict:
        # Typo fallback: the words look like a stretch of the question. An explicit
        # threshold, not the `<%` operator's 0.6, which misses "lantarenpaal".
        similarity = "word_similarity(%s, a.question)"
        rank += f" + {similarity}"
        match = f"({match} OR {similarity} >= {TYPO_SIMILARITY})"
        rank_params, match_params = [*params, " ".join(terms)], [*params, " ".join(terms)]
    # Only constants are formatted into the SQL; everything typed goes in as a parameter.
    sql = (
        f"SELECT a.id, a.question, a.answer, {rank} AS rank FROM {_TABLE} a "  # noqa: S608
        f"WHERE {_SCOPE} AND {match} {_ORDER}"
    )
    return _fetch(sql, [*rank_params, *scope, *match_params, limit])


def _sqlite(terms: list[str], strict: bool, scope: list, limit: int) -> list[Row]:
    # Each word is quoted, so FTS5 reads it as a string, never as AND/OR/NOT/NEAR.
    words = [f'"{term}"' for term in terms]
    words[-1] += "*"
    match = (" " if strict else " OR ").join(words)
    sql = (
        f"SELECT a.id, a.question, a.answer, -{_BM25} AS rank FROM {_FTS} "  # noqa: S608
        f"JOIN {_TABLE} a ON a.id = {_FTS}.rowid "
        f"WHERE {_FTS} MATCH %s AND {_SCOPE} {_ORDER}"
    )
    return _fetch(sql, [match, *scope, limit])


def _fetch(sql: str, params: Sequence) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, question, answer, float(rank)) for pk, question, answer, rank in cursor]


_ENGINES: dict[str, Callable[[list[str], bool, list, int], list[Row]]] = {
    "postgresql": _postgresql,
    "sqlite": _sqlite,
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(answer: str, terms: list[str], length: int = SNIPPET_LENGTH) -> str:
    """Plain text from the answer, starting a little before the first matching word."""
    answer = " ".join(answer.split())
    if len(answer) <= length:
        return answer
    folded = [_fold(term) for term in terms]
    words = _WORD.finditer(answer)
    hit = next((w.start() for w in words if any(_fold(w[0]).startswith(t) for t in folded)), 0)
    start = 0
    if hit > length * 2 // 3:
        start = answer.rfind(" ", 0, hit - length // 4) + 1
        if len(answer) - start < length:  # near the end: show the last part in full
            start = answer.find(" ", len(answer) - length) + 1
    end = start + length
    if end < len(answer):
        end = max(answer.rfind(" ", start, end), start + length // 2)
    excerpt = answer[start:end].strip()
    return ("…" if start else "") + excerpt + ("…" if end < len(answer) else "")
