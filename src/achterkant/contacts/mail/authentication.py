"""Is the sender of a message who the From header says? (RFC 8601 Authentication-Results)

Anyone can write any address in From. Only our own receiving mail server can tell whether
the message really came from that domain: it checks SPF, DKIM and DMARC and writes the
results in an ``Authentication-Results`` header, named by its *authserv-id*. We trust that
header only when its authserv-id is one of ``MAIL_INTAKE_TRUSTED_AUTHSERV_IDS``, and only
the topmost such header: a receiving server prepends its header, so one further down came
with the message (a sender can write a header that claims to be ours; RFC 8601 section 5
asks the server to remove those, and taking the topmost one is safe even if it does not).

The sender is verified when that header says

- ``dmarc=pass`` (DMARC itself checks that the authenticated domain matches From; if the
  result names ``header.from``, it must be the From domain), or
- ``spf=pass`` for an ``smtp.mailfrom`` domain and ``dkim=pass`` for a ``header.d`` (or
  ``header.i``) domain, both *aligned*: equal to, or a subdomain of, the From domain.

The parser is deliberately small (the PyPI package ``authres`` has had no release since
2019): comments and quoted strings are handled, anything it does not understand counts as
"not verified", and it never raises.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import Message

from django.conf import settings

HEADER = "authentication-results"
_SPECIALS = ";=/"
_MAX_HEADER_CHARS = 16 * 1024  # a real one is far shorter; longer is not read


@dataclass(frozen=True)
class MethodResult:
    """One ``method=result`` with its properties (``smtp.mailfrom``, ``header.d``, …)."""

    method: str  # lower case, without version: "spf", "dkim", "dmarc"
    result: str  # lower case: "pass", "fail", "none", …
    properties: dict[str, str] = field(default_factory=dict)  # keys lower case


@dataclass(frozen=True)
class AuthenticationResults:
    authserv_id: str  # lower case
    results: tuple[MethodResult, ...]


# --- Parsing -----------------------------------------------------------------------------


def _tokens(value: str) -> list[str] | None:
    """Words, quoted strings (unquoted) and the specials ``;`` ``=`` ``/``; comments and
    white space dropped. None when the value is malformed (an unclosed quote or comment)."""
    tokens: list[str] = []
    word: list[str] = []
    i = 0
    length = len(value)

    def end_word():
        if word:
            tokens.append("".join(word))
            word.clear()

    while i < length:
        char = value[i]
        if char == "(":  # a comment, possibly nested, with quoted-pairs
            end_word()
            depth = 1
            i += 1
            while i < length and depth:
                if value[i] == "\\":
                    i += 1
                elif value[i] == "(":
                    depth += 1
                elif value[i] == ")":
                    depth -= 1
                i += 1
            if depth:
                return None
            continue
        if char == '"':
            end_word()
            quoted: list[str] = []
            i += 1
            while i < length and value[i] != '"':
                if value[i] == "\\" and i + 1 < length:
                    i += 1
                quoted.append(value[i])
                i += 1
            if i >= length:
                return None
            tokens.append("".join(quoted))
            i += 1
            continue
        if char.isspace():
            end_word()
        elif char in _SPECIALS:
            end_word()
            tokens.append(char)
        else:
            word.append(char)
        i += 1
    end_word()
    return tokens


def parse(value: str) -> AuthenticationResults | None:
    """One header value, or None when it cannot be read."""
    if len(value) > _MAX_HEADER_CHARS:
        return None
    tokens = _tokens(value)
    if not tokens or tokens[0] in _SPECIALS:
        return None
    authserv_id = tokens[0].lower()
    # What follows the authserv-id: an optional version, then ";"-separated results.
    rest = tokens[1:]
    if rest and rest[0].isdigit():
        rest = rest[1:]
    if rest and rest[0] != ";":
        return None
    results = []
    for part in _split(rest[1:]) if rest else ():
        if [t.lower() for t in part] == ["none"]:
            continue  # "no-result"
        result = _method_result(part)
        if result is None:
            return None
        results.append(result)
    return AuthenticationResults(authserv_id, tuple(results))


def _split(tokens: list[str]) -> Iterable[list[str]]:
    part: list[str] = []
    for item in tokens:
        if item == ";":
            yield part
            part = []
        else:
            part.append(item)
    yield part


def _method_result(part: list[str]) -> MethodResult | None:
    """``method[/version] = result [reason=…] [ptype.property=value …]``."""
    try:
        equals = part.index("=")
    except ValueError:
        return None
    method = part[:equals]
    if len(method) == 3 and method[1] == "/":
        method = method[:1]
    if len(method) != 1 or equals + 1 >= len(part) or part[equals + 1] in _SPECIALS:
        return None
    result = part[equals + 1].lower()
    properties: dict[str, str] = {}
    rest = part[equals + 2 :]
    while rest:
        try:
            equals = rest.index("=")
        except ValueError:
            return None
        # "header . d" with white space is allowed, so the key's words are joined.
        key = "".join(rest[:equals]).lower()
        if not key or any(t in _SPECIALS for t in rest[:equals]) or equals + 1 >= len(rest):
            return None
        pvalue = rest[equals + 1]
        if pvalue in _SPECIALS:
            return None
        properties.setdefault(key, pvalue)  # the first one counts
        rest = rest[equals + 2 :]
    return MethodResult(method[0].lower(), result, properties)


# --- Deciding ----------------------------------------------------------------------------


def trusted_authserv_ids() -> set[str]:
    value = getattr(settings, "MAIL_INTAKE_TRUSTED_AUTHSERV_IDS", ())
    if isinstance(value, str):
        value = value.split(",")
    return {item.strip().lower() for item in value if item.strip()}


def _domain(value: str) -> str:
    """The domain of ``user@domain`` or ``domain``, lower case, without a final dot."""
    return value.rpartition("@")[2].strip().rstrip(".").lower()


def aligned(domain: str, from_domain: str) -> bool:
    """The same domain as From's, or a subdomain of it."""
    domain = _domain(domain)
    return bool(domain) and (domain == from_domain or domain.endswith("." + from_domain))


def our_results(message: Message) -> AuthenticationResults | None:
    """The topmost Authentication-Results header of a trusted authserv-id, parsed."""
    trusted = trusted_authserv_ids()
    if not trusted:
        return None
    try:
        items = message.raw_items()
    except Exception:
        return None
    for name, value in items:
        if name.strip().lower() != HEADER:
            continue
        header = str(value).replace("\r", " ").replace("\n", " ")
        parsed = parse(header)
        if parsed is not None and parsed.authserv_id in trusted:
            return parsed
        if parsed is None and _first_word(header) in trusted:
            return None  # our own header, unreadable: not verified
    return None


def _first_word(header: str) -> str:
    """The authserv-id as written, even when the rest cannot be read."""
    words = header.replace(";", " ").replace("(", " ").split(None, 1)
    return words[0].strip('"').lower() if words else ""


def sender_verified(message: Message, from_address: str) -> bool:
    """Did our receiving server authenticate the From address's domain? Never raises."""
    try:
        return _verified(message, from_address)
    except Exception:  # a header too broken to read proves nothing
        return False


def _verified(message: Message, from_address: str) -> bool:
    from_domain = _domain(from_address) if "@" in from_address else ""
    if not from_domain:
        return False
    results = our_results(message)
    if results is None:
        return False
    for result in results.results:
        if result.method == "dmarc" and result.result == "pass":
            header_from = result.properties.get("header.from", "")
            if not header_from or _domain(header_from) == from_domain:
                return True
    spf = any(
        r.method == "spf" and r.result == "pass"
        and aligned(r.properties.get("smtp.mailfrom", ""), from_domain)
        for r in results.results
    )  # fmt: skip
    dkim = any(
        r.method == "dkim" and r.result == "pass"
        and (
            aligned(r.properties.get("header.d", ""), from_domain)
            or aligned(r.properties.get("header.i", ""), from_domain)
        )
        for r in results.results
    )  # fmt: skip
    return spf and dkim
