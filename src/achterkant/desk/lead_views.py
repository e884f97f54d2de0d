"""The team lead's desk: the overview of the teams they lead, and assigning a queue's
selected cases at once."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.cases import queues
from achterkant.cases.services.assignment import assign_cases
from achterkant.contacts.selectors import feedback_summary, recent_feedback_comments
from achterkant.desk import forms_work as forms
from achterkant.routing.models import Escalation
from achterkant.routing.selectors import escalations, teams, teams_of

ESCALATIONS_SHOWN = 20


@login_required
@permission_required("cases.assign_case", raise_exception=True)
def team_lead(request: HttpRequest) -> HttpResponse:
    """The teams the lead is a member of (all teams for a lead in none)."""
    covered = teams_of(request.user) or teams()
    team_ids = [team.pk for team in covered]
    context = {
        "teams": covered,
        "workload": queues.workload(team_ids),
        "at_risk": queues.with_working_days_left(queues.cases_at_risk(team_ids)),
        "deadlines": queues.with_working_days_left(queues.deadlines_ahead(team_ids)),
        "lex_silencio": queues.with_working_days_left(queues.lex_silencio_at_risk(team_ids)),
        "default_notices": queues.cases_with_default_notice(team_ids),
        "escalations": _escalation_rows(escalations(limit=ESCALATIONS_SHOWN)),
        "feedback": feedback_summary(since=timezone.now() - timedelta(days=90)),
        "feedback_comments": recent_feedback_comments(),
        "now": timezone.now(),
        "today": timezone.localdate(),
    }
    return render(request, "desk/team_lead.html", context)


def _escalation_rows(items: list[Escalation]) -> list[dict]:
    """Each signal with what it is about, by name and link: the case by its number, a
    contact request by its page."""
    numbers = queues.case_numbers(
        [item.item_id for item in items if item.item_kind == Escalation.ItemKind.CASE]
    )
    rows = []
    for item in items:
        label, url = "", ""
        if item.item_kind == Escalation.ItemKind.CASE and item.item_id in numbers:
            label = f"Zaak {numbers[item.item_id]}"
            url = reverse("desk:case", args=[numbers[item.item_id]])
        elif item.item_kind == Escalation.ItemKind.CONTACT_REQUEST:
            label = "Contactverzoek"
            url = reverse("desk:contact_request", args=[item.item_id])
        rows.append({
            "at": item.created_at, "state": item.get_state_display(), "message": item.message,
            "label": label, "url": url,
            "team": item.notified_team.name if item.notified_team else "",
        })  # fmt: skip
    return rows


@login_required
@permission_required("cases.assign_case", raise_exception=True)
@require_POST
def team_queue_assign(request: HttpRequest, identification: str) -> HttpResponse:
    """Assign the cases selected in a team queue to one member (``assign_cases``)."""
    team = next((t for t in teams() if t.identification == identification), None)
    if team is None:
        raise Http404("Dit team bestaat niet.")
    back = redirect(reverse("desk:team_queue", args=[team.identification]))
    form = forms.AssignForm(request.POST, organisation=team.organisation_id)
    if not form.is_valid():
        messages.error(request, "Kies een medewerker uit de lijst.")
        return back
    try:
        result = assign_cases(
            actor=request.user,
            numbers=request.POST.getlist("zaak"),
            assignee=form.cleaned_data["assignee"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    who = form.cleaned_data["assignee"] or "niemand"
    if result.assigned:
        count = len(result.assigned)
        messages.success(
            request, f"{count} {'zaak' if count == 1 else 'zaken'} toegewezen aan {who}."
        )
    for number, why in result.refused:
        messages.error(request, f"{number} is niet toegewezen: {why}")
    return back
