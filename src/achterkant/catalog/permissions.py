"""What the catalog app's permissions give each role (composed by ``staff.roles``)."""

from achterkant.staff.roles import FUNCTIONAL_ADMIN, crud

ROLE_PERMISSIONS = {
    FUNCTIONAL_ADMIN: crud(
        "catalog",
        "catalogue",
        "product",
        "servicenorm",
        "casetype",
        "statustype",
        "resulttype",
        "roletype",
        "casepropertytype",
        "casetypedocumenttype",
        "caseobjecttype",
        "documenttype",
        "decisiontype",
    ),  # fmt: skip
}
