"""The 360° view prints its empty contact form ready-made (desk.contact_form_cache) and its
rows ready-made (desk.party_rows): the page must show exactly what the templates showed
when they rendered the form and formatted every row themselves."""

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.services.assignment import take_case
from achterkant.cases.services.information import request_information
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact
from achterkant.desk import contact_form_cache, party_rows
from achterkant.desk.forms_kcc import ContactForm
from achterkant.desk.party_views import ACTIVE_COMPANY, ACTIVE_PERSON
from achterkant.identity.models import Company
from achterkant.routing.models import Team
from tests.conftest import make_person
from tests.desk.party_page import agent_client as _client
from tests.desk.party_page import contact_form as _form

KVK = "69599084"

# What party_contacts.html and party_cases.html printed per row before the rows were made
# ready in Python (filters, an include per row): the reference the new rows must equal.
OLD_CONTACT_ROW = """{% for contact in contacts %}
    <td class="utrecht-table__cell">{{ contact.started_at|date:"DATETIME_FORMAT" }}</td>
    <td class="utrecht-table__cell">{{ contact.channel }}</td>
    <td class="utrecht-table__cell">{{ contact.text|truncatechars:80 }}</td>
    <td class="utrecht-table__cell">{% if contact.case_number %}Zaak <span class="achterkant-table__nowrap">{{ contact.case_number }}</span>{% else %}{{ contact.outcome }}{% endif %}</td>
    <td class="utrecht-table__cell">{% if contact.agent %}{{ contact.agent }}{% else %}systeem{% endif %}</td>
{% endfor %}"""  # noqa: E501
OLD_CASE_ROW = """{% for case in cases %}
    <td class="utrecht-table__cell">{% if case.url %}<a class="utrecht-link" href="{{ case.url }}">{{ case.number }}</a>{% else %}{{ case.number }}{% endif %}</td>
    <td class="utrecht-table__cell">{{ case.case_type.description }}</td>
    <td class="utrecht-table__cell">{{ case.get_channel_display }}</td>
    <td class="utrecht-table__cell">{{ case.current_status.status_type.name|default:"—" }}{% if case.end_date %} (afgesloten){% endif %}</td>
    <td class="utrecht-table__cell">{{ case.promise.decision_due|date:"DATE_FORMAT"|default:"—" }}{% if case.promise.decision_due %} {% include "desk/partials/sla_state.html" with promise=case.promise %}{% endif %}</td>
{% endfor %}"""  # noqa: E501


def _cells(page: str, testid: str) -> list[str]:
    table = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td class="utrecht-table__cell">.*?</td>', table)


# The empty contact form


@pytest.mark.parametrize("party", ["person", "company", ""])
def test_the_ready_made_form_is_what_the_template_renders(tenant_a, monkeypatch, party):
    """Same markup, slot for slot: the CSRF token, the moment the conversation started,
    the idempotency key and the party's name (escaped) are this page's own."""
    started_at = timezone.now()
    key = uuid.uuid4()
    name = 'Jan <b>&</b> "Piet" \'s-Gravenhage'
    monkeypatch.setattr(contact_form_cache, "get_token", lambda request: "t0ken")
    monkeypatch.setattr(contact_form_cache.timezone, "now", lambda: started_at)
    monkeypatch.setattr(contact_form_cache.uuid, "uuid4", lambda: key)
    request = RequestFactory().get("/desk/persoon/")
    with tenant_a.active():
        Team.objects.create(identification="burgerzaken", name="Burgerzaken & <Balie>")
        ready = contact_form_cache.unbound_contact_form_html(request, party=party, party_name=name)
        context = {"contact_form": ContactForm(), "csrf_token": "t0ken"}
        if party:
            context[party] = {"full_name": name, "name": name}
        rendered = render_to_string("desk/partials/contact_form.html", context)
    assert ready == rendered
    assert 'value="t0ken"' in ready
    assert f'name="idempotency_key" value="{key}"' in ready
    # As the hidden input wrote it: local time without an offset (the field's to_python
    # reads it back in the current time zone).
    assert f'name="started_at" value="{timezone.make_naive(started_at)}"' in ready
    assert "Burgerzaken &amp; &lt;Balie&gt;" in ready
    assert (
        'value="Jan &lt;b&gt;&amp;&lt;/b&gt; &quot;Piet&quot; &#x27;s-Gravenhage"' in ready
    ) == bool(party)


@pytest.mark.parametrize(
    ("phone", "email"),
    [
        ("0612345678", "jan&piet@example.nl"),
        ("+31 20 <123>", ""),
        ("", "o'brien@example.nl"),
        ("", ""),
    ],
)
def test_the_ready_made_contact_route_is_what_the_template_renders(tenant_a, phone, email):
    """The known number and address (personal data) are this page's own, escaped; the
    route's shape is kept, so a second person with other values gets their own."""
    with tenant_a.active():
        for known_phone, known_email in ((phone, email), (phone[::-1], email.upper())):
            ready = contact_form_cache._route_html(known_phone, known_email)
            form = ContactForm(initial={"known_phone": known_phone, "known_email": known_email})
            rendered = render_to_string("desk/partials/contact_route.html", {"contact_form": form})
            assert ready == rendered


def test_each_page_gets_its_own_key_and_start(tenant_a):
    client = _client(tenant_a)
    first, second = (_form(client.get("/desk/persoon/").content.decode()) for _ in range(2))
    keys = [
        re.search(r'name="idempotency_key" value="([^"]+)"', f).group(1) for f in (first, second)
    ]
    assert keys[0] != keys[1]
    assert 'name="party_name" value="Sophie de' in first


def test_a_changed_product_or_team_shows_on_the_next_page(tenant_a):
    """The ready-made form is kept per settings version: adding, renaming or removing a
    product or team gives a new one on the next page (a cache keyed only by the
    organisation would keep showing the old options)."""
    client = _client(tenant_a)
    assert "Melding</option>" in _form(client.get("/desk/persoon/").content.decode())
    with tenant_a.active():
        product = Product.objects.get(pk=tenant_a.product.pk)
        product.name = "Melding openbare ruimte"
        product.save()
        team = Team.objects.create(identification="wijkteam", name="Wijkteam Noord")
    form = _form(client.get("/desk/persoon/").content.decode())
    assert "Melding openbare ruimte</option>" in form
    assert ">Melding</option>" not in form
    assert f'<option value="{team.pk}">Wijkteam Noord</option>' in form
    with tenant_a.active():
        Team.objects.get(pk=team.pk).delete()
        Product.objects.create(code="paspoort", name="Paspoort")
    form = _form(client.get("/desk/persoon/").content.decode())
    assert "Wijkteam Noord" not in form
    assert "Paspoort</option>" in form


def test_each_organisation_sees_its_own_form(tenant_a, tenant_b):
    with tenant_b.active():
        Product.objects.filter(pk=tenant_b.product.pk).update(name="Alleen in B")
    page_a = _form(_client(tenant_a).get("/desk/persoon/").content.decode())
    page_b = _form(_client(tenant_b).get("/desk/persoon/").content.decode())
    assert "Alleen in B" in page_b
    assert "Alleen in B" not in page_a
    assert "Melding</option>" in page_a


def test_the_company_view_has_the_form_with_the_companys_name(tenant_a):
    with tenant_a.active():
        Company.objects.create(kvk_number=KVK, name="Bakkerij & Zn.")
    page = _client(tenant_a, **{ACTIVE_COMPANY: KVK}).get("/desk/bedrijf/").content.decode()
    assert 'name="party_name" value="Bakkerij &amp; Zn."' in _form(page)


def test_a_failed_post_shows_the_typed_values_and_the_errors(tenant_a):
    client = _client(tenant_a)
    response = client.post(
        "/desk/contacten/",
        {
            "channel": "email", "product": tenant_a.product.pk, "subject": "Lantaarn <paal>",
            "question": "", "outcome": "answered", "started_at": timezone.now().isoformat(),
            "idempotency_key": "b0b0b0b0-0000-4000-8000-000000000000",
        },
    )  # fmt: skip
    form = _form(response.content.decode())
    assert response.status_code == 400
    assert "Vraag: Dit veld is verplicht." in form
    assert 'value="Lantaarn &lt;paal&gt;"' in form
    assert '<option value="email" selected>' in form
    assert 'value="b0b0b0b0-0000-4000-8000-000000000000"' in form
    # And the next empty form is the ready-made one again, with nothing typed in it.
    form = _form(client.get("/desk/persoon/").content.decode())
    assert "Lantaarn" not in form
    assert '<option value="phone" selected>' in form


# The rows


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 7, 9, 5, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 3, 29, 0, 59, tzinfo=ZoneInfo("UTC")),  # the night clocks go forward
        datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")),  # next year in Amsterdam
        datetime(999, 1, 2, 3, 4, tzinfo=ZoneInfo("UTC")),
    ],
)
def test_the_dates_read_as_the_date_filter_wrote_them(moment):
    template = Template(
        '{{ m|date:"DATETIME_FORMAT" }}|{{ m|date:"DATE_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}'
        '|{{ m|date:"SHORT_DATETIME_FORMAT" }}'
    )
    day = moment.date()
    expected = template.render(Context({"m": moment, "d": day}))
    assert expected == "|".join([
        party_rows.moment_text(moment), party_rows.day_text(moment), party_rows.day_text(day),
        party_rows.due_text(moment),
    ])  # fmt: skip
    assert party_rows.moment_text(None) == party_rows.day_text(None) == ""
    assert party_rows.due_text(None) == ""


def test_one_format_per_kind_of_date():
    """Issue 17: "25 januari 2027" for a date, "30 nov 17:00" for a due time."""
    amsterdam = ZoneInfo("Europe/Amsterdam")
    assert party_rows.day_text(date(2027, 1, 25)) == "25 januari 2027"
    assert party_rows.due_text(datetime(2026, 11, 30, 17, 0, tzinfo=amsterdam)) == "30 nov 17:00"
    assert party_rows.due_text(datetime(2027, 3, 2, 9, 5, tzinfo=amsterdam)) == "2 mrt 09:05"
    assert (
        party_rows.moment_text(datetime(2027, 1, 25, 9, 5, tzinfo=amsterdam))
        == "25 januari 2027 09:05"
    )


def test_the_contact_rows_are_what_the_template_printed(tenant_a):
    client = _client(tenant_a)
    now = timezone.now()
    with tenant_a.active():
        for index, (subject, question) in enumerate(
            [("", "Lang " * 40), ("<Kapot>", "…"), ("", "Kort & klein")]
        ):
            Contact.objects.create(
                channel="counter", subject=subject, question=question, outcome="answered",
                started_at=now - timedelta(days=index, minutes=7), ended_at=now,
                bsn=tenant_a.person.bsn, agent=tenant_a.staff["agent"] if index else None,
            )  # fmt: skip
        from achterkant.contacts.selectors import party_summary

        contacts = party_summary(bsn=tenant_a.person.bsn, size=10)["contacts"]
    expected = re.findall(
        r'<td class="utrecht-table__cell">.*?</td>',
        Template(OLD_CONTACT_ROW).render(Context({"contacts": contacts})),
    )
    for url in ("/desk/persoon/", "/desk/persoon/contacten/"):
        assert _cells(client.get(url).content.decode(), "contacts") == expected
    assert len(expected) == 5 * len(contacts) == 15


def test_the_case_rows_are_what_the_template_printed(tenant_a):
    """Late, stopped clock, closed, without a status, another channel: each row of the
    plain rows (``cases_of_party``) as the old template printed it from ``Case`` instances
    with their promises."""
    from achterkant.cases.promise import with_promises
    from achterkant.desk.party_views import _case_links

    today = timezone.localdate()
    worker = tenant_a.staff["worker"]
    plain = tenant_a.open_case()
    late = tenant_a.open_case(start_date=today - timedelta(days=70))
    stopped = tenant_a.open_case(channel="email")
    closed = tenant_a.open_case()
    without_status = tenant_a.open_case()
    with tenant_a.active():
        take_case(actor=worker, case=stopped)
        request_information(
            actor=worker, case=stopped, question="Foto?", respond_before=today + timedelta(days=14)
        )
        Case.objects.filter(pk=closed.pk).update(end_date=today)
        Case.objects.filter(pk=without_status.pk).update(current_status=None)
    for role, url in (("agent", "/desk/persoon/"), ("worker", "/desk/persoon/zaken/")):
        client = tenant_a.client(role)
        session = client.session
        session[ACTIVE_PERSON] = tenant_a.person.bsn
        session.save()
        shown = _cells(client.get(url).content.decode(), "cases")
        request = RequestFactory().get(url)
        request.user = tenant_a.staff[role]
        with tenant_a.active():  # the same cases as model instances, as the list read them
            cases = with_promises(
                Case.objects.filter(initiator_bsn=tenant_a.person.bsn)
                .select_related("case_type", "current_status__status_type")
                .order_by("-created_at", "-pk")
            )
            _case_links(request, cases)
            old = Template(OLD_CASE_ROW).render(Context({"cases": cases}))
        assert shown == re.findall(r'<td class="utrecht-table__cell">.*?</td>', old)
        assert len(shown) == 25
    rows = {
        re.search(r"ZAAK-\d{4}-\d{7}", shown[index]).group(0): shown[index + 4]
        for index in range(0, len(shown), 5)
    }
    assert "achterkant-overdue" in rows[late.number]
    assert "termijn staat stil" in rows[stopped.number]
    assert rows[closed.number] == '<td class="utrecht-table__cell">—</td>'
    assert "op tijd" in rows[plain.number]
    assert f'href="/desk/zaken/{plain.number}/"' in "".join(shown)


def test_the_other_lists_print_their_dates_and_questions_as_before(tenant_a):
    from achterkant.contacts.models import ContactRequest

    due = timezone.now() + timedelta(days=1)
    with tenant_a.active():
        ContactRequest.objects.create(
            bsn=tenant_a.person.bsn, name="Sophie", question="Bel mij " * 20, due_at=due,
            assignee=tenant_a.staff["worker"],
        )  # fmt: skip
    page = _client(tenant_a).get("/desk/persoon/").content.decode()
    expected = Template(
        '{{ q|truncatechars:80 }} — Worker A, uiterlijk {{ d|date:"SHORT_DATETIME_FORMAT" }}'
    )
    assert expected.render(Context({"q": "Bel mij " * 20, "d": due})) in page


def test_the_case_list_asks_with_todays_date(tenant_a):
    """The list's SQL is compiled once with a stand-in for today: today's date takes its
    place, so a suspension whose term has lapsed no longer marks its case."""
    from achterkant.cases.models import CaseSuspension
    from achterkant.cases.party_selectors import cases_of_party

    today = timezone.localdate()
    running, lapsed, plain = (tenant_a.open_case() for _ in range(3))
    with tenant_a.active():
        for case, term in ((running, today + timedelta(days=3)), (lapsed, today)):
            CaseSuspension.objects.create(
                case=case, reason="Foto?", requested_on=today - timedelta(days=5),
                term_ends_on=term,
            )  # fmt: skip
        for _ in range(2):  # compiled, then from the process
            rows = {row.number: row for row in cases_of_party(bsn=tenant_a.person.bsn)}
            assert rows[running.number].clock_may_stand
            assert not rows[lapsed.number].clock_may_stand
            assert not rows[plain.number].clock_may_stand
            assert rows[running.number].promise.state_label == "termijn staat stil"
            assert rows[lapsed.number].promise.state_label != "termijn staat stil"


def test_each_organisation_lists_its_own_cases_of_one_bsn(tenant_a, tenant_b):
    """The compiled list is kept per organisation: the same BSN in another organisation
    shows that organisation's cases only."""
    bsn = tenant_a.person.bsn
    tenant_a.open_case()
    for _ in range(2):
        tenant_b.open_case(initiator_bsn=bsn)
    make_person(tenant_b.organisation, bsn)
    for tenant, count in ((tenant_a, 1), (tenant_b, 2), (tenant_a, 1)):
        page = _client(tenant, **{ACTIVE_PERSON: bsn}).get("/desk/persoon/").content.decode()
        assert len(_cells(page, "cases")) == 5 * count
