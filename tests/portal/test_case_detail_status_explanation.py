"""Mijn gemeente shows a status's explanation when the worker shared it, at that status in
the stepper and in the history; an internal explanation never (issue 17)."""

import lxml.html

from achterkant.cases.services import set_status
from achterkant.cases.services.assignment import add_note
from tests.portal.test_portal import log_in


def _page(tenant, case):
    client = tenant.client()
    log_in(client, tenant.person.bsn)
    response = client.get(f"/mijn/zaken/{case.number}/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_a_shared_explanation_is_shown_at_its_status(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2),
                   note="De aannemer komt in week 12.", shared_with_party=True)  # fmt: skip
    page = _page(tenant_a, case)
    [current] = page.xpath('//*[@data-testid="steps"]/li[@aria-current="step"]')
    assert "Ingepland" in _text(current)
    [explanation] = current.xpath('.//*[@data-testid="step-explanation"]')
    assert _text(explanation) == "Toelichting van uw behandelaar: De aannemer komt in week 12."
    # The other steps have none of their own.
    assert len(page.xpath('//*[@data-testid="step-explanation"]')) == 1
    [line] = [
        li
        for li in page.xpath('//*[@data-testid="timeline"]/li')
        if "We hebben het werk ingepland." in _text(li)
    ]
    assert "Toelichting van de behandelaar: De aannemer komt in week 12." in _text(line)


def test_an_internal_explanation_is_never_shown(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2),
                   note="Lastige melder, eerst bellen.")  # fmt: skip
        add_note(actor=tenant_a.staff["worker"], case=case, text="Ook intern")
    page = _page(tenant_a, case)
    content = _text(page)
    assert "Ingepland" in content
    assert "Lastige melder" not in content and "Ook intern" not in content
    assert page.xpath('//*[@data-testid="step-explanation"]') == []
    assert page.xpath('//*[@data-testid="status-explanation"]') == []
