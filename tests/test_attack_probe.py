"""Attack probe (issue 12): every URL pattern, found by walking the URL resolver.

The URL patterns are enumerated from ``django.urls.get_resolver()``, never listed by
hand, so a new desk or portal URL is probed as soon as it exists. Probed: every pattern
in the ``desk`` and ``portal`` namespaces and the admin changelists (``admin:*_changelist``;
the other admin URLs are left out to keep the run short). A path parameter is filled by
its name (``PARAMETERS``); a new parameter name with no filler fails the probe loudly
instead of being skipped.

1. ``test_no_leak_with_another_tenants_ids``: tenant B holds a case with a document, a
   contact with an attachment, an e-mail contact, a contact request, a team and an outbox
   message; every staff role of tenant A and a citizen of A GET and POST every pattern
   filled with B's ids. No response may contain B's identifying strings and none is a 5xx.
   ``test_no_leak_with_another_citizens_ids`` does the same inside tenant A for a citizen
   with a second person's case, document and message.
2. ``test_every_role_against_every_view``: every role GETs every desk pattern and admin
   changelist with valid same-tenant ids. Never a 5xx. Where the view's permission is
   inspectable (``@permission_required("...")`` in the view's source; the admin's
   view/change permission of the changelist's model) a role without it must get a 403 or a
   redirect to a log-in page. Limitation: a view that checks permissions in its body (or
   in a service) is only held to "no 5xx"; the matrix (role → status) is in the failure
   message.
3. ``test_every_form_fuzzed``: every pattern that accepts a POST (405 means it does not)
   gets its declared fields (the ``<form>``s aimed at it on its own page or the pages
   above it, parsed with ``html.parser``) filled with NUL (the input guard's 400), a
   100 KB string, unicode (emoji, RTL marks, combining characters) and a script tag.
   Never a 5xx, and the script tag is never echoed unescaped in a 200.
"""

import inspect
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import get_resolver
from django.utils import timezone

from tests.conftest import make_person
from tests.portal.test_portal import PDF, log_in

pytestmark = pytest.mark.django_db

ROLES = ("agent", "worker", "lead", "admin")
CITIZEN = "citizen"
IDENTITIES = (*ROLES, CITIZEN)


@dataclass(frozen=True)
class Pattern:
    name: str  # "desk:case"
    route: str  # "desk/zaken/<case_number:number>/"
    converters: tuple[tuple[str, str], ...]  # (parameter, converter kind)
    callback: object

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0]


def _converter_kind(converter) -> str:
    return type(converter).__name__.removesuffix("Converter").lower()


def _walk(patterns, namespaces=(), prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if hasattr(entry, "url_patterns"):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, ns, route)
        elif entry.name:
            converters = getattr(entry.pattern, "converters", {})
            yield Pattern(
                name=":".join((*namespaces, entry.name)),
                route=route,
                converters=tuple((k, _converter_kind(v)) for k, v in converters.items()),
                callback=entry.callback,
            )


def _probed(pattern: Pattern) -> bool:
    if pattern.namespace in ("desk", "portal"):
        return True
    return pattern.namespace == "admin" and pattern.name.endswith("_changelist")


ALL_PATTERNS = {p.name: p for p in _walk(get_resolver().url_patterns) if _probed(p)}
DESK_AND_ADMIN = sorted(n for n, p in ALL_PATTERNS.items() if p.namespace != "portal")
PROBED = sorted(ALL_PATTERNS)

# (url name, parameter) or parameter → the key of the object in a ``World``.
PARAMETERS = {
    ("desk:contact_request", "pk"): "contact_request",
    ("desk:mailbox_link", "pk"): "email_contact",
    ("desk:contact_start_case", "pk"): "contact",
    ("desk:mailbox_product", "pk"): "contact",
    ("portal:general_request_received", "pk"): "contact",
    "number": "case_number",
    "document_id": "document",
    "attachment_id": "attachment",
    "message_id": "message",
    "action": "action",
    "identification": "team",
    "code": "product_code",
    # Inzicht's export (issue 16): one table, as CSV.
    "table": "insights_table",
    "fmt": "insights_format",
}

# Who probes a pattern in the fuzz run: the broadest staff role of its namespace.
FUZZ_IDENTITY = {"desk": "lead", "admin": "admin", "portal": CITIZEN}

FUZZ = {
    "nul": "a\x00b",
    "100kb": "x" * 100_000,
    "unicode": "😀🏳️‍🌈 \u202eTNEMUCOD\u202c \u200fשלום\u200f e\u0301\u0308\u0327 Zoë",
    "script": "<script>alert(1)</script>",
}


@dataclass
class World:
    """The ids and the identifying strings of one owner's data."""

    ids: dict
    markers: tuple[str, ...]


def _url(pattern: Pattern, world: World) -> str:
    url = "/" + pattern.route
    for parameter, kind in pattern.converters:
        key = PARAMETERS.get((pattern.name, parameter)) or PARAMETERS.get(parameter)
        assert key, f"{pattern.name}: no filler for <{kind}:{parameter}>; add it to PARAMETERS"
        value = str(world.ids[key])
        url = re.sub(rf"<(?:\w+:)?{parameter}>", value, url)
    return url


def _seed(tenant, *, bsn, given_names, surname, word, with_team=True) -> World:
    """A person with a case + document, contacts + attachment, a request and a message."""
    from achterkant.cases.services import add_document
    from achterkant.contacts.models import ContactRequest
    from achterkant.contacts.services import contact_receive
    from achterkant.notify.services import outbox_email_enqueue
    from achterkant.routing.models import Team

    email = f"{given_names.lower()}@{word.lower()}.example"
    with tenant.active():
        from achterkant.identity.models import Person

        if not Person.objects.filter(bsn=bsn).exists():
            make_person(
                tenant.organisation, bsn, given_names=given_names, surname_prefix="",
                surname=surname, birth_date=date(1971, 7, 7), email=email,
                street=f"{word}straat", house_number=77, postcode="9999ZZ",
            )  # fmt: skip
    case = tenant.open_case(initiator_bsn=bsn)
    with tenant.active():
        document = add_document(
            actor=tenant.staff["worker"], case=case, title=f"{word}-tekening",
            upload=SimpleUploadedFile(f"{word}.pdf", PDF),
        )  # fmt: skip
        contact = contact_receive(
            actor=tenant.staff["agent"], channel="letter", question=f"Brief over {word}laan",
            bsn=bsn, attachments=[SimpleUploadedFile(f"{word}-scan.pdf", PDF)],
        )  # fmt: skip
        email_contact = contact_receive(
            actor=tenant.staff["agent"], channel="email", question=f"Mail over {word}plein",
            email=email, acknowledge=False,
        )  # fmt: skip
        team, _ = Team.objects.get_or_create(
            identification=f"{word.lower()}team", defaults={"name": f"{word}team"}
        )
        contact_request = ContactRequest.objects.create(
            bsn=bsn, name=f"{given_names} {surname}", phone="0612345678",
            question=f"Bel {word} terug", team=team, due_at=timezone.now(),
        )  # fmt: skip
        with transaction.atomic():
            message = outbox_email_enqueue(
                event_code="case.status_changed", recipient=email,
                subject=f"{word}bericht", body=f"Uw zaak over {word}straat", bsn=bsn,
                reference=case.number,
            )  # fmt: skip
        attachment = contact.attachments.get()
    ids = {
        "case_number": case.number, "document": document.pk, "contact": contact.pk,
        "email_contact": email_contact.pk, "attachment": attachment.pk,
        "contact_request": contact_request.pk, "message": message.pk, "team": team.identification,
        "action": "notitie", "product_code": tenant.product.code,
        "insights_table": "per-kanaal", "insights_format": "csv",
    }  # fmt: skip
    markers = (bsn, given_names, surname, word, email, case.number)
    return World(ids=ids, markers=markers)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


def _client(tenant, identity):
    if identity == CITIZEN:
        client = tenant.client()
        log_in(client, tenant.person.bsn)
        return client
    return tenant.client(identity)


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _leaks(response, markers, url) -> list[str]:
    """The markers in the body; what the URL itself carries is not a leak."""
    body = _body(response) + "".join(f"{k}: {v}" for k, v in response.items())
    return [m for m in markers if m in body and m not in url]


def _probe_foreign(pattern, client, url, markers, who) -> list[str]:
    problems = []
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code >= 500:
            problems.append(f"{who} {method.upper()} {url}: {response.status_code}")
        leaked = _leaks(response, markers, url)
        if leaked:
            problems.append(f"{who} {method.upper()} {url}: leaks {leaked}")
    return problems


B_WORD = "Zonnebloem"
OTHER_WORD = "Klaproos"


@pytest.mark.parametrize("name", PROBED)
def test_no_leak_with_another_tenants_ids(name, tenant_a, tenant_b):
    pattern = ALL_PATTERNS[name]
    world = _seed(
        tenant_b, bsn="999990032", given_names="Brechtje", surname="Zwanenburg", word=B_WORD
    )
    url = _url(pattern, world)
    problems = []
    for identity in IDENTITIES:
        client = _client(tenant_a, identity)
        problems += _probe_foreign(pattern, client, url, world.markers, identity)
    assert not problems, "\n".join(problems)


def test_the_markers_are_seen_by_their_owner(tenant_b):
    """The control: B's own staff and citizen see B's strings, so their absence means a thing."""
    world = _seed(
        tenant_b, bsn=tenant_b.person.bsn, given_names="Brechtje", surname="Zwanenburg",
        word=B_WORD,
    )  # fmt: skip
    case_url = _url(ALL_PATTERNS["desk:case"], world)
    page = _body(tenant_b.client("worker").get(case_url))
    assert B_WORD in page and world.ids["case_number"] in page
    portal = _body(_client(tenant_b, CITIZEN).get(_url(ALL_PATTERNS["portal:message"], world)))
    assert f"{B_WORD}bericht" in portal


@pytest.mark.parametrize("name", sorted(n for n in PROBED if n.startswith("portal:")))
def test_no_leak_with_another_citizens_ids(name, tenant_a):
    pattern = ALL_PATTERNS[name]
    tenant_a.open_case()  # the citizen's own case: the case pages are not empty
    other = _seed(
        tenant_a, bsn="999990044", given_names="Aafke", surname="Overbeek", word=OTHER_WORD
    )
    url = _url(pattern, other)
    client = _client(tenant_a, CITIZEN)
    problems = _probe_foreign(pattern, client, url, other.markers, CITIZEN)
    assert not problems, "\n".join(problems)


def _required_permissions(pattern: Pattern) -> tuple[str, ...] | None:
    """The permissions a view declares, any of which lets a role in; None if not inspectable."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None:
        opts = model_admin.model._meta
        return (
            f"{opts.app_label}.view_{opts.model_name}",
            f"{opts.app_label}.change_{opts.model_name}",
        )
    try:
        source = inspect.getsource(inspect.unwrap(pattern.callback))
    except (OSError, TypeError):
        return None
    found = re.findall(r"@permission_required\(\s*[\"']([\w.]+)[\"']", source)
    return tuple(found[:1]) or None


def _to_login(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and ("/inloggen/" in location or "/login/" in location)


@pytest.mark.parametrize("name", DESK_AND_ADMIN)
def test_every_role_against_every_view(name, tenant_a):
    pattern = ALL_PATTERNS[name]
    world = _seed(
        tenant_a, bsn=tenant_a.person.bsn, given_names="Sophie", surname="Vries", word="Tulp"
    )
    url = _url(pattern, world)
    required = _required_permissions(pattern)
    matrix, problems = {}, []
    for role in ROLES:
        response = tenant_a.client(role).get(url)
        matrix[role] = response.status_code
        if response.status_code >= 500:
            problems.append(f"{role}: {response.status_code}")
        user = tenant_a.staff[role]
        lacks = required and not any(user.has_perm(p) for p in required)
        if lacks and not (response.status_code == 403 or _to_login(response)):
            problems.append(f"{role} lacks {required} but got {response.status_code}")
    assert not problems, f"{url} requires {required}; matrix {matrix}: " + "; ".join(problems)


class _Forms(HTMLParser):
    """The POST forms of a page: their action and the names of their fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._current = (attrs.get("action") or "", set()) if method == "post" else None
            if self._current is not None:
                self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and self._current is not None:
            self._current[1].add(attrs.get("name") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _candidate_pages(url: str, pattern: Pattern) -> list[str]:
    """The URL itself, the pages above it, and the desk's person page."""
    parts = url.rstrip("/").split("/")
    pages = ["/".join(parts[:i]) + "/" for i in range(len(parts), 1, -1)]
    if pattern.namespace == "desk":
        pages.append("/desk/persoon/")
    return pages


def _fields_for(client, url: str, pattern: Pattern) -> set[str]:
    fields = set()
    for page in _candidate_pages(url, pattern):
        response = client.get(page)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        parser = _Forms()
        parser.feed(response.content.decode("utf-8", "replace"))
        for action, names in parser.forms:
            target = urlsplit(action).path or page
            if target == url:
                fields |= names
    return fields - {"csrfmiddlewaretoken", ""}


def _accepts_post(client, url) -> bool:
    return client.post(url).status_code != 405


@pytest.mark.parametrize("name", PROBED)
def test_every_form_fuzzed(name, tenant_a):
    pattern = ALL_PATTERNS[name]
    world = _seed(
        tenant_a, bsn=tenant_a.person.bsn, given_names="Sophie", surname="Vries", word="Tulp"
    )
    url = _url(pattern, world)
    identity = FUZZ_IDENTITY[pattern.namespace]

    def fresh_client():
        client = _client(tenant_a, identity)
        if pattern.namespace == "desk":
            client.post("/desk/personen/kiezen/", {"bsn": tenant_a.person.bsn})
        return client

    client = fresh_client()
    if not _accepts_post(client, url):
        pytest.skip(f"{url} takes no POST (405)")
    fields = _fields_for(client, url, pattern) or {"q", "question", "text", "bsn", "reason"}
    problems = []
    for label, value in FUZZ.items():
        client = fresh_client()  # a logout or a lock-out by the previous value starts over
        response = client.post(url, {field: value for field in fields})
        status = response.status_code
        if status >= 500:
            problems.append(f"{label}: {status}")
        if label == "nul" and status != 400:
            problems.append(f"nul: expected the input guard's 400, got {status}")
        if label == "script" and status == 200 and FUZZ["script"] in _body(response):
            problems.append("script: echoed unescaped")
    assert not problems, f"POST {url} as {identity}, fields {sorted(fields)}: " + "; ".join(
        problems
    )
