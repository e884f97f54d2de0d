"""The empty contact form of the 360° view, rendered once per process and settings version.

The form is the same for every agent of an organisation until its products or teams
change: only the CSRF token, the moment the conversation started, the idempotency key and
the party's name differ per page. Rendering its ten fields through the form renderer
(the product and team lists are ``<select>``s of every product and team) was a fifth of
the 360° view. So it is rendered once, by the same template, with a marker in each place
that differs, and each page fills in its own values.

Kept with ``tenancy.settings_cache``: its options come from ``product_choices()`` and
``team_choices()``, which are kept under the same settings version, and saving or
deleting a product or team gives the organisation a new version in the same transaction
(``catalog.apps``, ``routing.apps``). The form with errors and typed values (a failed
POST) is rendered as before, from the bound form.

The contact route (the person's known phone number and e-mail address, issue 17) is
personal data: it is never part of the kept form. Its slot is rendered for each page
from ``desk/partials/contact_route.html``, with this person's values only.
"""

import re
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from achterkant.contacts.contact_details import phone_display
from achterkant.desk.forms_kcc import ContactForm
from achterkant.tenancy.settings_cache import organisation_setting

TEMPLATE = "desk/partials/contact_form.html"
ROUTE_TEMPLATE = "desk/partials/contact_route.html"
_MARKER = "@@achterkant-contact-form-{}@@"
_MARKER_PATTERN = re.compile(_MARKER.format(r"([a-z_]+)"))
_SLOTS = ("csrf_token", "started_at", "idempotency_key", "party_name", "contact_route")


def _render_pieces(party: str) -> tuple[str, ...]:
    """The form's HTML split at the markers: text, slot name, text, …, text."""
    marker = {slot: _MARKER.format(slot) for slot in _SLOTS}
    named = SimpleNamespace(full_name=marker["party_name"], name=marker["party_name"])
    form = ContactForm(
        initial={"started_at": marker["started_at"], "idempotency_key": marker["idempotency_key"]}
    )
    context = {
        "contact_form": form,
        "csrf_token": marker["csrf_token"],
        "contact_route_html": marker["contact_route"],
    }
    if party:
        context[party] = named
    html = render_to_string(TEMPLATE, context)
    pieces = tuple(_MARKER_PATTERN.split(html))
    expected = sorted(slot for slot in _SLOTS if party or slot != "party_name")
    if sorted(pieces[1::2]) != expected:  # a template change that moved or escaped a marker
        raise ValueError(f"{TEMPLATE} has slots {pieces[1::2]}, expected each of {expected}")
    return pieces


def _prepared(name: str, value: object) -> str:
    """``value`` as the hidden field ``name`` writes it (its field's and widget's own
    conversion: a date-time in the current time zone, a UUID as text)."""
    field = ContactForm.base_fields[name]
    return field.widget.format_value(field.prepare_value(value))


# Stand-ins for the party's known phone number and e-mail address in the kept route. The
# number is a mobile one, so that its display form ("06-…", the choice's label) differs
# from the number itself (the hidden field's value) and each can be told apart.
_ROUTE_PHONE, _ROUTE_EMAIL = "0600000000", "@@achterkant-contact-route-email@@"
_ROUTE_STAND_INS = {
    _ROUTE_PHONE: "phone", phone_display(_ROUTE_PHONE): "phone_display", _ROUTE_EMAIL: "email",
}  # fmt: skip
_ROUTE_PATTERN = re.compile("(" + "|".join(map(re.escape, _ROUTE_STAND_INS)) + ")")


def _render_route_pieces(has_phone: bool, has_email: bool) -> tuple[str, ...]:
    """The contact route for a party with (or without) a known number and address, split
    at the stand-ins: text, slot name, text, …, text."""
    form = ContactForm(initial={
        "known_phone": _ROUTE_PHONE if has_phone else "",
        "known_email": _ROUTE_EMAIL if has_email else "",
    })  # fmt: skip
    pieces = _ROUTE_PATTERN.split(render_to_string(ROUTE_TEMPLATE, {"contact_form": form}))
    pieces[1::2] = [_ROUTE_STAND_INS[stand_in] for stand_in in pieces[1::2]]
    expected = {"phone", "phone_display"} if has_phone else set()
    expected |= {"email"} if has_email else set()
    if set(pieces[1::2]) != expected:  # a template change that dropped or escaped one
        raise ValueError(f"{ROUTE_TEMPLATE} has slots {pieces[1::2]}, expected {expected}")
    return tuple(pieces)


def _route_html(known_phone: str, known_email: str) -> SafeString:
    """The contact route of one party. What differs per party (personal data) is never
    kept: only the route's shape is, one per combination of known number and address.
    Rendering it through a fresh form for every page was a third of the 360° view."""
    shape = (bool(known_phone), bool(known_email))
    if settings.DEBUG:
        pieces = _render_route_pieces(*shape)
    else:
        key = f"desk.contact_route_html:{shape}:{get_language()}"
        pieces = organisation_setting(key, lambda: _render_route_pieces(*shape))
    values = {
        "phone": known_phone, "phone_display": phone_display(known_phone), "email": known_email,
    }  # fmt: skip
    parts = list(pieces)
    parts[1::2] = [conditional_escape(values[slot]) for slot in pieces[1::2]]
    return mark_safe("".join(parts))  # noqa: S308 - the template's output, values escaped


def unbound_contact_form_html(
    request: HttpRequest,
    *,
    party: str,
    party_name: str = "",
    known_phone: str = "",
    known_email: str = "",
) -> SafeString:
    """What ``desk/partials/contact_form.html`` renders for ``ContactForm()``, for a person
    (``party="person"``), a company (``"company"``) or an anonymous caller (``""``).

    ``known_phone``, ``known_email``: the party's own, offered as the contact route.
    """
    if settings.DEBUG:  # a template edited during development shows at once
        pieces = _render_pieces(party)
    else:
        key = f"desk.contact_form_html:{party}:{get_language()}:{get_script_prefix()}"
        pieces = organisation_setting(key, lambda: _render_pieces(party))
    values = {
        "csrf_token": get_token(request),
        "started_at": _prepared("started_at", timezone.now()),
        "idempotency_key": _prepared("idempotency_key", uuid.uuid4()),
        "party_name": party_name,
        "contact_route": _route_html(known_phone, known_email),
    }
    parts = list(pieces)
    parts[1::2] = [conditional_escape(values[slot]) for slot in pieces[1::2]]
    return mark_safe("".join(parts))  # noqa: S308 - the template's output, values escaped
