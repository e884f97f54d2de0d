"""The desk's case page: what it shows and how an action answers (``views.case_detail``,
``views.case_set_status``, ``work_views.case_action``).

Which actions are offered is decided in ``cases.case_actions`` (from the permissions and
the case's state); this module only makes their forms and lays them out in the side
panel. An action posted with htmx gets an answer that changes the page in place:

- refused (invalid form, or the service said no): only that action's section, with what
  was typed and the errors, swapped over the old one (``HX-Retarget``); the rest of the
  page, the scroll position and the other forms stay as they are;
- done: the workspace (summary, timeline, outcome and side panel) as it is now.

Without JavaScript the same forms post normally: a refusal renders the whole page with
the form's errors (status 400), success redirects to the page.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation

from achterkant.cases.case_actions import case_actions
from achterkant.cases.case_page import (
    case_for_page,
    case_form_choices,
    case_outcome,
    case_page_penalty,
    case_timeline,
)
from achterkant.cases.promise import case_promise
from achterkant.cases.services.documents import shared_by_default
from achterkant.contacts.selectors import contacts_for_case
from achterkant.desk import forms_work
from achterkant.desk.forms import SetStatusForm
from achterkant.notify.selectors import messages_for_reference


@dataclass(frozen=True)
class PanelAction:
    """One action of the side panel: its URL part (``desk:case_action``; "" for the
    status, which has its own URL), heading and button, and whether it uploads a file."""

    key: str
    slug: str
    heading: str
    button: str
    multipart: bool = False
    has_form: bool = True


PANEL = {
    action.key: action
    for action in (
        PanelAction("take", "oppakken", "Zaak oppakken", "Zaak oppakken", has_form=False),
        PanelAction("assign", "toewijzen", "Toewijzen", "Toewijzen"),
        PanelAction("status", "", "Status wijzigen", "Status zetten"),
        PanelAction(
            "info_received", "informatie-ontvangen", "Informatie ontvangen", "Informatie ontvangen"
        ),  # fmt: skip
        PanelAction(
            "info_request", "informatie-vragen", "Informatie vragen", "Informatie vragen"
        ),  # fmt: skip
        PanelAction("extension", "verlengen", "Termijn verlengen", "Verlengen"),
        PanelAction("note", "notitie", "Notitie", "Notitie opslaan"),
        PanelAction(
            "document", "document", "Document toevoegen", "Document toevoegen", multipart=True
        ),  # fmt: skip
        PanelAction("decision", "besluit", "Besluit", "Besluit vastleggen"),
        PanelAction("result", "resultaat", "Resultaat", "Resultaat vastleggen"),
        PanelAction("close", "afsluiten", "Zaak afsluiten", "Zaak afsluiten", has_form=False),
        PanelAction(
            "default_notice",
            "ingebrekestelling",
            "Ingebrekestelling",
            "Ingebrekestelling vastleggen",
        ),  # fmt: skip
        PanelAction("reopen", "heropenen", "Zaak heropenen", "Heropenen"),
    )
}
BY_SLUG = {action.slug: action for action in PANEL.values() if action.slug}


# Stands in for the case number in an action's URL: a number the URL pattern accepts.
_NUMBER_MARK = "ZAAK-0000-0000000"


@functools.cache
def _number_pattern() -> re.Pattern:
    from achterkant.desk.urls import CaseNumberConverter  # the URLs import this module

    return re.compile(CaseNumberConverter.regex)


@functools.lru_cache(maxsize=64)
def _url_around_number(slug: str, script_prefix: str) -> tuple[str, str]:
    url = (
        reverse("desk:case_action", args=[_NUMBER_MARK, slug])
        if slug
        else reverse("desk:case_set_status", args=[_NUMBER_MARK])
    )
    before, after = url.split(_NUMBER_MARK)
    return before, after


def action_url(action: PanelAction, number: str) -> str:
    """Where the form of ``action`` posts for case ``number``. The URL around the number
    is reversed once per process (ten ``reverse()`` calls were 3% of the view's Python):
    the converter passes a number unchanged, and its characters need no escaping."""
    if not _number_pattern().fullmatch(number):
        args = [number, action.slug] if action.slug else [number]
        return reverse("desk:case_action" if action.slug else "desk:case_set_status", args=args)
    before, after = _url_around_number(action.slug, get_script_prefix())
    return f"{before}{number}{after}"


def make_form(key: str, case, *args, choices: dict | None = None):
    """The form of action ``key`` for ``case``; bound when ``args`` (data, files) are
    given. ``choices``: the catalog choices read already (``case_form_choices``). Each
    form's ids start with its action (``id_note_text``): one page holds all of them."""
    kwargs = {"auto_id": f"id_{key}_%s"}
    choices = choices or {}
    if key == "assign":
        return forms_work.AssignForm(*args, organisation=case.organisation_id, **kwargs)
    if key == "status":
        return SetStatusForm(*args, case=case, choices=choices.get("status"), **kwargs)
    if key == "result":
        return forms_work.ResultForm(*args, case=case, choices=choices.get("result"), **kwargs)
    if key == "decision":
        return forms_work.DecisionForm(*args, case=case, choices=choices.get("decision"), **kwargs)
    if key == "document":
        return forms_work.DocumentForm(
            *args, shared_by_default=shared_by_default(case=case), **kwargs
        )
    simple = {
        "info_received": forms_work.InformationReceivedForm,
        "info_request": forms_work.InformationRequestForm,
        "extension": forms_work.ExtensionForm,
        "note": forms_work.NoteForm,
        "default_notice": forms_work.DefaultNoticeForm,
        "reopen": forms_work.ReasonForm,
    }
    return simple[key](*args, **kwargs)


class EmptyForm:
    """An action's empty form as the side panel shows it: only its fields' HTML.

    Building a form deep-copies every field; the panel's seven or so empty forms were an
    eighth of the view's Python, only to find a rendering kept already
    (``desk.forms.RenderedOnce``). An empty form has no errors and nothing typed.
    """

    is_bound = False

    def __init__(self, fields_html: str) -> None:
        self.fields_html = fields_html


# An empty form's fields by action, language and what it shows (``_content_of``).
_empty_fields: dict[tuple, str] = {}
_MAX_EMPTY_FIELDS = 512  # a key per choice list and day: keep it bounded


def _content_of(key: str, case, choices: dict):
    """Everything an empty form of action ``key`` shows besides its class: the same
    content renders the same fields. ``None``: only the form itself can tell (the staff
    to assign to are read by it), or the choices were not read."""
    if key == "assign":
        return None
    if key == "document":
        return shared_by_default(case=case)
    if key in ("status", "result", "decision"):
        rows = choices.get(key)
        if rows is None:
            return None
        # A decision's dates start at today.
        return (tuple(rows), timezone.localdate()) if key == "decision" else tuple(rows)
    return ()


def panel_form(key: str, case, choices: dict):
    """The empty form of action ``key`` for the side panel: an :class:`EmptyForm` from a
    rendering kept per process by its content, else the form itself (with DEBUG,
    templates may change while the server runs)."""
    content = None if settings.DEBUG else _content_of(key, case, choices)
    if content is None:
        return make_form(key, case, choices=choices)
    cache_key = (key, translation.get_language(), content)
    html = _empty_fields.get(cache_key)
    if html is None:
        html = make_form(key, case, choices=choices).fields_html
        if len(_empty_fields) >= _MAX_EMPTY_FIELDS:
            _empty_fields.clear()
        _empty_fields[cache_key] = html
    return EmptyForm(html)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def page_context(request: HttpRequest, number: str, failed: dict | None = None) -> dict | None:
    """Everything the case page shows; ``None`` for a case that does not exist (or is
    another organisation's). ``failed``: bound forms that failed, by action key, shown
    instead of the empty ones."""
    case = case_for_page(actor=request.user, number=number)
    if case is None:
        return None
    user = request.user
    outcome = case_outcome(case)
    promise = case_promise(case)
    may_change = user.has_perm("cases.change_case") and not case.end_date
    # The catalog choices only when there are forms that list them (one query).
    choices = case_form_choices(case) if may_change else {"status": []}
    actions = case_actions(
        user=user, case=case, promise=promise, has_next_status=bool(choices["status"])
    )
    failed = failed or {}
    panel = []
    for key in actions.names:
        action = PANEL[key]
        form = None
        if action.has_form:
            form = failed.get(key) or panel_form(key, case, choices)
        button = action.button
        if key == "result" and actions.has_result:
            button = "Resultaat wijzigen"
        panel.append(
            {"action": action, "form": form, "button": button,
             "post_url": action_url(action, case.number)}
        )  # fmt: skip
    return {
        "case": case,
        "promise": promise,
        "penalty": case_page_penalty(case, promise),
        "timeline": case_timeline(
            case,
            contacts=contacts_for_case(case.pk),
            messages=messages_for_reference(case.number),
            decisions=outcome["decisions"],
            documents=outcome["documents"],
        ),
        "outcome": outcome,
        "panel": panel,
        "actions": actions,
    }


def render_page(
    request: HttpRequest, number: str, failed: dict | None = None, done: str = ""
) -> HttpResponse:
    """The whole page (status 400 with a failed form), or for htmx the workspace only.

    ``done``: the action that just succeeded. htmx keeps the keyboard on its button (the
    same id in the new workspace); when the case no longer offers it (taken, closed), the
    message gets the focus instead of the page losing it."""
    context = page_context(request, number, failed)
    if context is None:
        return HttpResponseNotFound(render(request, "desk/not_found.html").content)
    if is_htmx(request) and not failed:
        context["show_messages"] = True
        context["focus_messages"] = bool(done) and done not in context["actions"]
        return render(request, "desk/partials/case_workspace.html", context)
    return render(request, "desk/case.html", context, status=400 if failed else 200)


def refused(request: HttpRequest, *, case, key: str, form, error: str = "") -> HttpResponse:
    """An action that did not happen. htmx: only its section again, with what was typed,
    the errors and ``error`` (the service's reason), swapped in place. Otherwise the
    whole page with the form's errors (status 400)."""
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        elif form is not None:
            messages.error(request, "Dit is niet gelukt. Kijk bij het formulier wat er mis is.")
        return render_page(request, case.number, failed={key: form} if form else None)
    action = PANEL[key]
    item = {
        "action": action, "form": form, "button": action.button,
        "post_url": action_url(action, case.number),
    }  # fmt: skip
    html = render_to_string(
        "desk/partials/case_action.html",
        {"case": case, "item": item, "error": error or "Dit is niet gelukt. Kijk wat er mis is."},
        request=request,
    )
    # 200, not 422: htmx swaps only successful answers unless configured otherwise.
    response = HttpResponse(html)
    response["HX-Retarget"] = f"#action-{key}"
    response["HX-Reswap"] = "outerHTML"
    return response
