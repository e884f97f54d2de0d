"""The header search: one box for a BSN, case number, KvK number, address or name.

``desk.search_input`` says what was typed; each kind goes to the search the desk already
has for it (the same identity services as the forms on the search page, which check the
permission and write the processing log). One hit opens the 360° view or the case page,
several are listed, none gets a message with what was typed still in the box.
"""

from dataclasses import dataclass, field
from typing import assert_never

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from achterkant.audit.services import Purpose
from achterkant.cases.selectors import case_number_exists
from achterkant.desk import search_input as shapes
from achterkant.desk.kcc_views import activate_company, activate_person
from achterkant.identity.actors import NotPermitted
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import (
    NO_VIEW_PERSON,
    VIEW_PERSON,
    company_find_by_kvk,
    company_search_by_name,
    person_find_by_bsn,
    person_search_by_postcode_and_house_number,
    person_search_by_surname_and_birth_date,
)

NO_VIEW_CASE = "U heeft geen toestemming om zaken te bekijken."
NAME_HINT = "Zoekt u een persoon? Typ dan ook de geboortedatum, bijvoorbeeld: {} 14-03-1985."
DATE_HINT = "Bedoelt u een geboortedatum? Typ dan ook de achternaam, bijvoorbeeld: de Vries {}."


@dataclass
class Outcome:
    """What the results page shows (nothing of it when the search opened a page)."""

    message: str = ""
    hint: str = ""
    people: list = field(default_factory=list)
    companies: list = field(default_factory=list)
    status: int = 200


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """GET: what the box takes. POST (a BSN stays out of URLs and logs): the search."""
    if request.method != "POST":
        return render(request, "desk/search.html", {"outcome": None})
    query = request.POST.get("q", "")
    recognised = shapes.recognise(query)
    try:
        outcome = _search(request, recognised)
    except NotPermitted as error:
        outcome = Outcome(message=str(error), status=403)
    except PersonLookupError as error:
        outcome = Outcome(message=f"Zoeken lukt nu niet: {error}", status=503)
    if isinstance(outcome, HttpResponse):
        return outcome
    context = {"outcome": outcome, "header_query": query[: shapes.MAX_LENGTH]}
    return render(request, "desk/search.html", context, status=outcome.status)


def _search(request: HttpRequest, recognised: shapes.Recognised) -> Outcome | HttpResponse:
    actor = request.user
    match recognised:
        case shapes.Unusable(message):
            return Outcome(message=message, status=400)
        case shapes.BirthDate(birth_date):
            return Outcome(message=DATE_HINT.format(f"{birth_date:%d-%m-%Y}"), status=400)
        case shapes.CaseNumber(number):
            if not actor.has_perm("cases.view_case"):
                raise NotPermitted(NO_VIEW_CASE)
            if case_number_exists(number):
                return redirect("desk:case", number=number)
            return Outcome(message=f"Er is geen zaak met nummer {number}.", status=404)
        case shapes.Bsn(bsn):
            person = person_find_by_bsn(actor=actor, bsn=bsn, purpose=Purpose.CONTACT_HANDLING)
            if person is not None:
                return activate_person(request, person.bsn)
            return Outcome(message=f"Er is geen persoon gevonden met BSN {bsn}.", status=404)
        case shapes.KvkNumber(kvk_number, as_date):
            _require_view_person(actor)
            company = company_find_by_kvk(kvk_number=kvk_number)
            if company is not None:
                return activate_company(request, company.kvk_number)
            hint = DATE_HINT.format(kvk_number) if as_date else ""
            message = f"Er is geen bedrijf gevonden met KvK-nummer {kvk_number}."
            return Outcome(message=message, hint=hint, status=404)
        case shapes.Address(postcode, house_number, addition):
            people = person_search_by_postcode_and_house_number(
                actor=actor, postcode=postcode, house_number=house_number,
                house_number_addition=addition, purpose=Purpose.CONTACT_HANDLING,
            )  # fmt: skip
            return _people(request, people, "Er is geen persoon gevonden op dit adres.")
        case shapes.Name(birth_date=None) as name:
            return _companies_by_name(actor, name)
        case shapes.Name() as name:
            people = person_search_by_surname_and_birth_date(
                actor=actor, surname=name.surname, birth_date=name.birth_date,
                purpose=Purpose.CONTACT_HANDLING,
            )  # fmt: skip
            people = [
                p for p in people if shapes.matches_name(name, p.given_names, p.surname_prefix)
            ]
            return _people(
                request, people, "Er is geen persoon gevonden met deze naam en geboortedatum."
            )
    assert_never(recognised)


def _require_view_person(actor) -> None:
    """Companies are found where people are (``kcc_views.company_search``): same right."""
    if not actor.has_perm(VIEW_PERSON):
        raise NotPermitted(NO_VIEW_PERSON)


def _people(request: HttpRequest, people: list, none_found: str) -> Outcome | HttpResponse:
    if len(people) == 1:
        return activate_person(request, people[0].bsn)
    if not people:
        return Outcome(message=none_found, status=404)
    return Outcome(people=people)


def _companies_by_name(actor, name: shapes.Name) -> Outcome:
    """A name without a birth date: people cannot be searched so (the BRP asks for both),
    companies can. Listed, never opened at once: the agent may have meant a person."""
    _require_view_person(actor)
    hint = NAME_HINT.format(name.written)
    try:
        companies = company_search_by_name(name=name.written)
    except ValidationError as error:
        return Outcome(message=" ".join(error.messages), hint=hint, status=400)
    if not companies:
        return Outcome(message="Er is geen bedrijf gevonden met deze naam.", hint=hint, status=404)
    return Outcome(hint=hint, companies=companies)
