"""What the desk's case page reads (``desk.views.case_detail``): the case, its timeline,
what it produced and the choices of its action forms.

The two queries every page view repeats with other values only (the status history with
the events, and the choices of the action forms) are compiled once per process
(``tenancy.compiled``); building and compiling them cost more Python than running them.
"""

import functools

from achterkant.cases.models import Case, CaseStatus
from achterkant.staff.models import User, staff_name
from achterkant.tenancy.compiled import compiled_objects, compiled_rows

# Two sets of stand-ins for the ids and sequence numbers the page's queries differ in.
_STAND_INS = ((32_001, 32_002), (32_101, 32_102))
_ONE_STAND_IN = ((32_001,), (32_101,))


def case_for_page(*, actor, number: str) -> Case | None:
    """The case for the desk's case page, logged as a read, with what the page shows.

    One query reads the case with its type, product, current status and team, the
    organisation's settings version (which every page with a date needs: one query
    fewer), and whether the parts that are mostly empty (decisions, documents,
    suspensions, extension, result, notices of default) have rows; only the parts with
    rows are read, one query each. The status history and events are read always, as
    timeline rows in one query (``case.page_history``); the assignee when there is one
    (``case.assignee``, compiled like the parts). ``case.initiator_name``: the initiator's
    name in the local person register, "" when it does not hold them (with the BRP as the
    source of people).

    Measured at scale (PostgreSQL): joining the extension, result and assignee as well
    made this query 3-4 ms to plan, more than the queries it saved; an existence check
    is cheap to plan. ``prefetch_related_objects`` with an empty queryset costs as much
    as a query in Python, hence the plain queries below.
    """
    from achterkant.cases.models import CaseSuspension, Decision, Document, Result
    from achterkant.cases.selectors import log_case_read
    from achterkant.tenancy.context import settings_versions_seen

    found = compiled_objects(
        "case_page.case", Case, _case_query, (number,), stand_ins=_NUMBER_STAND_INS
    )
    if not found:
        return None
    case = found[0]
    seen = settings_versions_seen()
    if seen is not None:  # what tenancy.settings_cache would read next, read already
        seen.setdefault(case.organisation_id, case.page_settings_version)
    log_case_read(actor, case)
    case.initiator_name = " ".join((case.initiator_name or "").split())
    case.page_history = _history_rows(case)
    case.page_decisions = (
        _compiled_parts("decisions", Decision, _decisions_query, case) if case.has_decisions else []
    )
    case.page_documents = (
        _compiled_parts("documents", Document, _documents_query, case) if case.has_documents else []
    )
    # What the case promise reads: ``case.suspensions.all()`` and ``case.extension``.
    if not case.has_suspensions:
        _known_empty_many(case, "suspensions", CaseSuspension)
    if not case.has_extension:
        Case._meta.get_field("extension").set_cached_value(case, None)
    if case.has_result:
        (case.result,) = _compiled_parts("result", Result, _result_query, case)
    else:
        Case._meta.get_field("result").set_cached_value(case, None)
    if case.assignee_id is not None:
        # The same row ``case.assignee`` would read, without building its query per view.
        assignee = compiled_objects(
            "case_page.assignee", User, _assignee_query, (case.assignee_id,),
            stand_ins=_ONE_STAND_IN,
        )  # fmt: skip
        if assignee:
            Case._meta.get_field("assignee").set_cached_value(case, assignee[0])
    return case


def _assignee_query(user_id: int):
    return User._base_manager.filter(pk=user_id)


# Case numbers of the same kind and length as real ones, for ``tenancy.compiled``.
_NUMBER_STAND_INS = (("ZAAK-2000-0000001",), ("ZAAK-2000-0000002",))


def _case_query(number: str):
    # A case number is unique within an organisation: no ORDER BY needed for one row.
    return (
        Case.objects.select_related("case_type", "product", "current_status__status_type", "team")
        .annotate(**_page_part_checks())
        .filter(number=number)[:1]
    )


def _decisions_query(case_id: int):
    from achterkant.cases.models import Decision

    return (
        Decision.objects.filter(case_id=case_id)
        .select_related("decision_type", "created_by")
        .order_by("decided_on", "pk")
    )


def _documents_query(case_id: int):
    from achterkant.cases.models import Document

    return (
        Document.objects.filter(case_id=case_id)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def _result_query(case_id: int):
    from achterkant.cases.models import Result

    return Result.objects.filter(case_id=case_id).select_related("result_type")


def _compiled_parts(name: str, model, build, case: Case) -> list:
    """A part of the case (its decisions, documents, result) as model instances, with
    ``case`` set on each: the query is compiled once per process."""
    parts = compiled_objects(f"case_page.{name}", model, build, (case.pk,), stand_ins=_ONE_STAND_IN)
    for part in parts:
        model._meta.get_field("case").set_cached_value(part, case)
    return parts


@functools.cache
def _page_part_checks() -> dict:
    """``has_<part>`` for the parts of a case that are mostly empty; built once.

    ``all_tenants``: the case is the active organisation's, and so are its parts; the
    organisation filter in every check cost 0.4 ms to build and plan.
    """
    from django.db.models import CharField, Exists, OuterRef, Subquery, Value
    from django.db.models.functions import Concat

    from achterkant.cases.models import (
        CaseDefaultNotice,
        CaseExtension,
        CaseSuspension,
        Decision,
        Document,
        Result,
    )
    from achterkant.identity.models import Person
    from achterkant.tenancy.models import Organisation

    parts = {
        "decisions": Decision, "documents": Document, "suspensions": CaseSuspension,
        "extension": CaseExtension, "result": Result, "default_notices": CaseDefaultNotice,
    }  # fmt: skip
    checks = {
        f"has_{name}": Exists(model.all_tenants.filter(case_id=OuterRef("pk")))
        for name, model in parts.items()
    }
    checks["page_settings_version"] = Subquery(
        Organisation.objects.filter(pk=OuterRef("organisation_id")).values("settings_version")
    )
    # The initiator's name from the local person register, for the link to the 360° view:
    # no query of its own. The case read is already logged for this BSN.
    checks["initiator_name"] = Subquery(
        Person.all_tenants.filter(
            organisation_id=OuterRef("organisation_id"), bsn=OuterRef("initiator_bsn")
        )
        .annotate(
            full_name=Concat(
                "given_names",
                Value(" "),
                "surname_prefix",
                Value(" "),
                "surname",
                output_field=CharField(),
            )
        )
        .values("full_name")[:1]
    )
    return checks


class TimelineEntry(tuple):
    """One line of a case's timeline: the 4-tuple (moment, kind, text, who), with
    ``shared``: whether the applicant sees it in Mijn gemeente too (True/False for notes,
    documents and a status's explanation, None where that choice does not exist) and
    ``date_only``: the moment is only a day (a decision recorded before decisions got a
    time)."""

    shared: bool | None
    date_only: bool

    def __new__(cls, moment, kind, text, who, *, shared=None, date_only=False):
        entry = super().__new__(cls, (moment, kind, text, who))
        entry.shared = shared
        entry.date_only = date_only
        return entry

    @property
    def moment(self):
        return self[0]

    @property
    def kind(self):
        return self[1]

    @property
    def text(self):
        return self[2]

    @property
    def who(self):
        return self[3]


def _history_rows(case: Case) -> list[tuple]:
    """The case's statuses and events as timeline rows (moment, kind, text, who), in one
    query of plain rows: statuses by (set_at, pk), then events by (at, pk), as
    ``case_timeline`` lists them. ``who``: the user's name as ``str(user)`` gives it; a
    note or a status's explanation shared with the applicant says so
    (``TimelineEntry.shared``)."""
    from django.db.models import F, IntegerField, Value

    from achterkant.cases.models import CaseEvent

    def rows(queryset, part, at, label, text, who, shared):
        # Names of their own: an annotation may not shadow a field ("at", "text").
        columns = {
            "h_part": Value(part, output_field=IntegerField()), "h_at": F(at),
            "h_id": F("pk"), "h_label": F(label), "h_text": F(text),
            "h_first": F(f"{who}__first_name"), "h_last": F(f"{who}__last_name"),
            "h_user": F(f"{who}__username"), "h_shared": shared,
        }  # fmt: skip
        return queryset.order_by().annotate(**columns).values_list(*columns)

    def build(case_id):
        statuses = rows(CaseStatus.objects.filter(case_id=case_id), 0, "set_at",
                        "status_type__name", "note", "set_by",
                        F("shared_with_party"))  # fmt: skip
        events = rows(CaseEvent.objects.filter(case_id=case_id), 1, "at", "kind", "text",
                      "actor", F("shared_with_party"))  # fmt: skip
        return statuses.union(events, all=True).order_by("h_part", "h_at", "h_id")

    kinds = dict(CaseEvent.Kind.choices)
    history = []
    for part, at, _ident, label, text, first, last, username, shared in compiled_rows(
        "case_page.history", Case, build, (case.pk,), stand_ins=_ONE_STAND_IN
    ):
        who = staff_name(first, last, username) if username is not None else None
        if part == 0:
            history.append(_status_entry(at, label, text, who, shared))
        else:
            history.append(_event_entry(at, kinds.get(label, label), label, text, who, shared))
    return history


def _status_entry(at, name: str, note: str, who, shared) -> TimelineEntry:
    """A status, with its explanation and, when it has one, whether the applicant reads
    it too (``CaseStatus.shared_with_party``)."""
    return TimelineEntry(
        at, "status", name + (f": {note}" if note else ""), who,
        shared=bool(shared) if note else None,
    )  # fmt: skip


def _event_entry(at, kind_label: str, kind: str, text: str, who, shared) -> TimelineEntry:
    from achterkant.cases.models import CaseEvent

    is_note = kind == CaseEvent.Kind.NOTE
    return TimelineEntry(at, kind_label, text, who, shared=bool(shared) if is_note else None)


def _known_empty_many(case: Case, name: str, model) -> None:
    """Let ``case.<name>.all()`` answer "none" without a query, as a prefetch would."""
    empty = model.objects.none()
    empty._result_cache = []
    empty._prefetch_done = True
    if not hasattr(case, "_prefetched_objects_cache"):
        case._prefetched_objects_cache = {}
    case._prefetched_objects_cache[name] = empty


def case_page_penalty(case: Case, promise=None):
    """The dwangsom of a case read by ``case_for_page`` (``None`` without a notice of
    default, which that query already knows). ``promise``: the case's promise, made
    already. What ``penalty.case_penalty`` reads, without its queries built per view:
    the notices through a query compiled once per process, the first decision from the
    decisions the page read (oldest first)."""
    from achterkant.cases.models import CaseDefaultNotice
    from achterkant.cases.penalty import case_penalty, penalty_for_notices
    from achterkant.cases.promise import case_promise

    if not getattr(case, "has_default_notices", True):
        return None
    decisions = getattr(case, "page_decisions", None)
    if decisions is None:  # not read by ``case_for_page``
        return case_penalty(case)
    notices = _compiled_parts("notices", CaseDefaultNotice, _notices_query, case)
    if not notices:
        return None
    if case.end_date is not None:
        decision_due = case.latest_end_date
    else:
        decision_due = (promise or case_promise(case)).decision_due
    return penalty_for_notices(
        case,
        notices,
        decision_due=decision_due,
        first_decision_on=decisions[0].decided_on if decisions else None,
    )


def _notices_query(case_id: int):
    from achterkant.cases.models import CaseDefaultNotice

    return CaseDefaultNotice.objects.filter(case_id=case_id).order_by("received_on", "pk")


def _start_of(day):
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def case_timeline(
    case: Case, *, contacts=(), messages=(), decisions=None, documents=None
) -> list[tuple]:
    """Everything that happened to a case, oldest first: (moment, kind, text, who).

    The caller passes the case's contacts and messages, which live in apps above cases,
    and may pass the decisions and documents it already read (``case_outcome``).
    """
    if documents is None:
        documents = case.documents.select_related("uploaded_by")
    if decisions is None:
        decisions = case.decisions.select_related("decision_type", "created_by")
    from achterkant.cases.models import CaseEvent, Result
    from achterkant.cases.selectors import case_history, document_shared_with_initiator

    items = getattr(case, "page_history", None)  # read with the case (``case_for_page``)
    if items is None:
        items = [
            _status_entry(s.set_at, s.status_type.name, s.note, s.set_by, s.shared_with_party)
            for s in case_history(case)
        ]
        events = CaseEvent.objects.filter(case=case).select_related("actor")
        items += [
            _event_entry(e.at, e.get_kind_display(), e.kind, e.text, e.actor, e.shared_with_party)
            for e in events
        ]
    else:
        items = list(items)
    items += [
        TimelineEntry(
            d.uploaded_at,
            "document",
            d.title,
            d.uploaded_by,
            shared=document_shared_with_initiator(d),
        )  # fmt: skip
        for d in documents
    ]
    # A decision at the moment it was recorded; one from before ``recorded_at`` existed
    # has only its date (shown as a date, at the start of that day).
    items += [
        TimelineEntry(
            d.recorded_at or _start_of(d.decided_on),
            "besluit",
            f"{d.decision_type} ({d.identification}), besloten op {d.decided_on:%d-%m-%Y}",
            d.created_by,
            date_only=d.recorded_at is None,
        )
        for d in decisions
    ]
    try:
        result = case.result  # read by ``case_for_page``; else one query
    except Result.DoesNotExist:
        result = None
    if result is not None and result.recorded_at is not None:
        items.append(TimelineEntry(result.recorded_at, "resultaat", str(result.result_type), None))
    items += [TimelineEntry(c.started_at, f"contact ({c.get_channel_display()})", c.question,
                            c.agent) for c in contacts]  # fmt: skip
    items += [TimelineEntry(m.created_at, "bericht", m.subject, None) for m in messages]
    return sorted((i for i in items if i[0] is not None), key=lambda item: item[0])


def case_outcome(case: Case) -> dict:
    """What a case produced, for the desk: decisions, result and every document."""
    from achterkant.cases.models import Result

    try:
        result = case.result  # read by ``case_for_page``; else one query
    except Result.DoesNotExist:
        result = None
    decisions = getattr(case, "page_decisions", None)
    if decisions is None:
        decisions = list(
            case.decisions.select_related("decision_type", "created_by").order_by(
                "decided_on", "pk"
            )
        )
    documents = getattr(case, "page_documents", None)
    if documents is None:
        documents = list(
            case.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk")
        )
    return {"decisions": decisions, "result": result, "documents": documents}


def case_form_choices(case: Case) -> dict[str, list[tuple]]:
    """The catalog choices of the case page's action forms, in one query.

    ``status``: the status types after the current one (empty: no next status), with
    whether the citizen is told; ``result``: the case type's result types; ``decision``:
    its decision types (not concepts). Each in the order its own form lists them.
    """
    from django.db.models import BooleanField, CharField, DateField, F, IntegerField, Value
    from django.db.models.functions import Cast

    from achterkant.catalog.models import DecisionType, ResultType, StatusType

    current = case.current_status.status_type.sequence if case.current_status else 0

    def rows(queryset, kind, label, **sort):
        # Every part selects the same columns in the same order: kind, id, label, flag,
        # then the sort keys of its own ordering (sequence; description; valid_from).
        columns = {
            "kind": Value(kind, output_field=IntegerField()),
            "ident": F("pk"),
            "label": F(label),
            "flag": sort.pop("flag", Value(False, output_field=BooleanField())),
            "seq": sort.pop("seq", Value(0, output_field=IntegerField())),
            "text": sort.pop("text", Value("", output_field=CharField())),
            "day": sort.pop("day", Cast(Value(None), DateField())),  # typed: PostgreSQL
        }
        return queryset.order_by().annotate(**columns).values_list(*columns)

    def build(case_type_id, current):
        statuses = rows(
            StatusType.objects.filter(case_type_id=case_type_id, sequence__gt=current),
            0, "name", flag=F("inform_citizen"), seq=F("sequence"),
        )  # fmt: skip
        results = rows(
            ResultType.objects.filter(case_type_id=case_type_id), 1, "description",
            text=F("description"),
        )  # fmt: skip
        decisions = rows(
            DecisionType.objects.filter(case_types=case_type_id, is_concept=False),
            2, "description", text=F("description"), day=F("valid_from"),
        )  # fmt: skip
        return statuses.union(results, decisions, all=True).order_by(
            "kind", "seq", "text", "day", "ident"
        )

    choices: dict[str, list[tuple]] = {"status": [], "result": [], "decision": []}
    names = ("status", "result", "decision")
    for kind, ident, label, flag, *_sort in compiled_rows(
        "case_page.choices", Case, build, (case.case_type_id, current), stand_ins=_STAND_INS
    ):
        choices[names[kind]].append((ident, label, flag))
    return choices
