"""Production eHerkenning log-in: real SAML, real XML signatures (see ``saml_idp.py``)."""

from achterkant.portal.saml import single_logout_url
from tests.portal.saml_idp import EH3, EH_ACS, flash, login_via_saml, party, request_with_session

# -- eHerkenning ---------------------------------------------------------------------------


def eh_attributes(kvk: str = "12345678", branch: str | None = None, qualifier: str = "KvKnr"):
    branch_xml = (
        '<saml:Attribute Name="urn:etoegang:1.9:ServiceRestriction:Vestigingsnr">'
        f"<saml:AttributeValue>{branch}</saml:AttributeValue></saml:Attribute>"
        if branch
        else ""
    )
    return f"""
  <saml:AttributeStatement>
    <saml:Attribute Name="urn:etoegang:core:LegalSubjectID"><saml:AttributeValue>
      <saml:NameID NameQualifier="urn:etoegang:1.9:EntityConcernedID:{qualifier}"
        >{kvk}</saml:NameID>
    </saml:AttributeValue></saml:Attribute>{branch_xml}
  </saml:AttributeStatement>"""


def eh_login(client, idp, **kw):
    return login_via_saml(
        client,
        idp,
        path="/mijn/saml/eherkenning/acs/",
        start="/mijn/saml/eherkenning/inloggen/",
        acs=EH_ACS,
        name_id="acting-subject-pseudonym",
        **{"class_ref": EH3, **kw},
    )[0]


def test_a_business_logs_in_with_eherkenning_for_one_branch(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(client, eh_idp, attributes=eh_attributes(branch="000012345678"))
    assert response["Location"] == "/mijn/"
    business = party(client)
    assert (business["kvk"], business["branch"], business["bsn"]) == (
        "12345678",
        "000012345678",
        "",
    )
    assert (business["via"], business["assurance"]) == ("eherkenning", "substantieel")
    assert single_logout_url(request_with_session(client)) is None


def test_eherkenning_without_a_kvk_number_is_refused(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(client, eh_idp, attributes=eh_attributes(kvk="001000007", qualifier="RSIN"))
    assert response["Location"] == "/mijn/inloggen/"
    assert "geen KvK-nummer" in flash(response)[0]
    assert party(client) is None


def test_eherkenning_below_the_configured_level_is_refused(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(
        client,
        eh_idp,
        attributes=eh_attributes(),
        class_ref="urn:etoegang:core:assurance-class:loa2plus",
    )
    assert flash(response) == [
        "Voor Mijn gemeente heeft u eHerkenning nodig op niveau EH3 of hoger. "
        "Vraag uw leverancier van eHerkenning hoe u dat krijgt."
    ]
    assert party(client) is None


def test_an_unreadable_branch_restriction_is_not_whole_company_access(eh_idp, tenant_a):
    client = tenant_a.client()
    response = eh_login(client, eh_idp, attributes=eh_attributes(branch="vestiging-1"))
    assert response["Location"] == "/mijn/inloggen/"
    assert party(client) is None
