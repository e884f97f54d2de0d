"""Citizen messages from templates: the organisation's own text, or the built-in default.

``render_message`` picks, for the active organisation, the first of

1. the active ``MessageTemplate`` for this event and this product code,
2. the active ``MessageTemplate`` for this event with a blank product code,
3. the built-in default of the event (``notify.events``, registered by the app that sends it),

and renders it as plain text. To queue the result as an e-mail, use
``notify.services.message_enqueue``.
"""

import logging
from dataclasses import dataclass

from achterkant.notify.events import message_event
from achterkant.notify.models import MessageTemplate
from achterkant.notify.template_engine import plain_context, render_text, tidy_body, tidy_subject
from achterkant.tenancy.context import require_organisation
from achterkant.tenancy.settings_cache import organisation_setting

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    # The MessageTemplate used; None for the built-in default.
    template_id: int | None = None


def render_message(*, event_code: str, product_code: str = "", context: dict) -> RenderedMessage:
    """Render the message for ``event_code`` for the active organisation.

    The templates come from this process's copy for the organisation's settings version
    (:func:`_active_templates`): no query once the version is read in this activation.

    ``context`` holds plain values only (str, numbers, dates); see the event's variables
    in the app's ``message_events.py``. ``organisation_name`` is filled in when missing.
    Keys that mention a BSN are dropped: a BSN never goes into a message.
    """
    event = message_event(event_code)
    organisation = require_organisation()
    context = plain_context({"organisation_name": organisation.name, **context})
    product_code = product_code.strip()
    stored = _active_templates().get(event_code, {})
    candidates = [stored[code] for code in dict.fromkeys([product_code, ""]) if code in stored]
    for template in candidates:
        try:
            rendered = _render(template.subject, template.body, context, template_id=template.pk)
        except Exception:
            # Validated on save, so this is unexpected; the citizen still gets a message.
            logger.exception(
                "Message template %s (%s) failed to render; using the next one",
                template.pk, event_code,
            )  # fmt: skip
            continue
        if rendered.subject:
            return rendered
        logger.warning("Message template %s (%s) gave an empty subject", template.pk, event_code)
    return _render(event.subject, event.body, context, template_id=None)


@dataclass(frozen=True)
class _StoredTemplate:
    pk: int
    subject: str
    body: str


def _active_templates() -> dict[str, dict[str, _StoredTemplate]]:
    """event code -> product code -> the active template, for the active organisation.

    Every message of every intake needs them and admins change them rarely, so they are
    kept per process for the organisation's settings version, which every save or delete
    of a template replaces (``notify.apps``). A bulk ``update()`` needs
    ``tenancy.settings_cache.settings_changed``.
    """
    return organisation_setting("notify.active_message_templates", _load_active_templates)


def _load_active_templates() -> dict[str, dict[str, _StoredTemplate]]:
    templates: dict[str, dict[str, _StoredTemplate]] = {}
    rows = MessageTemplate.objects.filter(active=True).values_list(
        "pk", "event_code", "product_code", "subject", "body"
    )
    for pk, event_code, product_code, subject, body in rows:
        templates.setdefault(event_code, {})[product_code] = _StoredTemplate(pk, subject, body)
    return templates


def render_example(*, event_code: str, subject: str, body: str) -> RenderedMessage:
    """Render a subject and body with the event's example values (admin preview)."""
    event = message_event(event_code)
    return _render(subject, body, event.example_context(), template_id=None)


def _render(subject: str, body: str, context: dict, *, template_id: int | None) -> RenderedMessage:
    return RenderedMessage(
        subject=tidy_subject(render_text(subject, context)),
        body=tidy_body(render_text(body, context)),
        template_id=template_id,
    )
