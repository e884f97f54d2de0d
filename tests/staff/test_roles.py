"""Roles: each app declares what its permissions give a role; staff composes the roles."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from achterkant.staff import roles
from achterkant.staff.roles import (
    AGENT,
    CASE_WORKER,
    FUNCTIONAL_ADMIN,
    KNOWLEDGE_EDITOR,
    MANAGER,
    TEAM_LEAD,
    compose_role_permissions,
    role_permissions,
    sync_role_groups,
)

# Every role's permissions as they were when staff/roles.py still listed them itself
# (issue 10), written out in full. Change this only on purpose.
PINNED = {
    AGENT: {
        "cases.add_case",
        "cases.view_case",
        "contacts.add_contact",
        "contacts.change_contactrequest",
        "contacts.view_contact",
        "contacts.view_contactrequest",
        "identity.view_person",
        "notify.view_outboxmessage",
    },
    CASE_WORKER: {
        "cases.add_decision",
        "cases.change_case",
        "cases.change_decision",
        "cases.view_case",
        "cases.view_decision",
        "contacts.change_contactrequest",
        "contacts.view_contact",
        "contacts.view_contactrequest",
        "identity.view_person",
        "notify.view_outboxmessage",
    },
    TEAM_LEAD: {
        "audit.view_processinglogentry",
        "cases.add_case",
        "cases.add_decision",
        "cases.assign_case",
        "cases.change_case",
        "cases.change_decision",
        "cases.force_update_case",
        "cases.reopen_case",
        "cases.view_case",
        "cases.view_decision",
        "contacts.add_contact",
        "contacts.change_contactrequest",
        "contacts.view_contact",
        "contacts.view_contactrequest",
        "identity.view_person",
        # Inzicht (issue 16; insights/permissions.py).
        "insights.view_insights",
        "notify.view_outboxmessage",
        "routing.view_escalation",
    },
    FUNCTIONAL_ADMIN: {
        "audit.view_processinglogentry",
        # The organisation's API applications (issue 14; api/autorisaties/permissions.py).
        *(
            f"autorisaties.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in ("application", "clientcredential", "authorisation")
        ),
        "catalog.add_caseobjecttype",
        "catalog.add_casepropertytype",
        "catalog.add_casetype",
        "catalog.add_casetypedocumenttype",
        "catalog.add_catalogue",
        "catalog.add_decisiontype",
        "catalog.add_documenttype",
        "catalog.add_product",
        "catalog.add_resulttype",
        "catalog.add_roletype",
        "catalog.add_servicenorm",
        "catalog.add_statustype",
        "catalog.change_caseobjecttype",
        "catalog.change_casepropertytype",
        "catalog.change_casetype",
        "catalog.change_casetypedocumenttype",
        "catalog.change_catalogue",
        "catalog.change_decisiontype",
        "catalog.change_documenttype",
        "catalog.change_product",
        "catalog.change_resulttype",
        "catalog.change_roletype",
        "catalog.change_servicenorm",
        "catalog.change_statustype",
        "catalog.delete_caseobjecttype",
        "catalog.delete_casepropertytype",
        "catalog.delete_casetype",
        "catalog.delete_casetypedocumenttype",
        "catalog.delete_catalogue",
        "catalog.delete_decisiontype",
        "catalog.delete_documenttype",
        "catalog.delete_product",
        "catalog.delete_resulttype",
        "catalog.delete_roletype",
        "catalog.delete_servicenorm",
        "catalog.delete_statustype",
        "catalog.view_caseobjecttype",
        "catalog.view_casepropertytype",
        "catalog.view_casetype",
        "catalog.view_casetypedocumenttype",
        "catalog.view_catalogue",
        "catalog.view_decisiontype",
        "catalog.view_documenttype",
        "catalog.view_product",
        "catalog.view_resulttype",
        "catalog.view_roletype",
        "catalog.view_servicenorm",
        "catalog.view_statustype",
        "contacts.add_knowledgearticle",
        "contacts.change_knowledgearticle",
        "contacts.delete_knowledgearticle",
        "contacts.view_knowledgearticle",
        # What the organisation shares from Inzicht (issue 16): the public page, the league.
        "insights.add_insightssettings",
        "insights.change_insightssettings",
        "insights.view_insightssettings",
        "notify.add_messagetemplate",
        "notify.change_messagetemplate",
        "notify.delete_messagetemplate",
        "notify.view_messagetemplate",
        "notify.view_outboxmessage",
        # Notificaties API (issue 15; api/notificaties/permissions.py): subscriptions, and
        # the deliveries whose dead letters the admin replays.
        *(
            f"notificaties.{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in ("kanaal", "abonnement", "abonnementkanaal")
        ),
        "notificaties.view_notification",
        "notificaties.view_delivery",
        "notificaties.change_delivery",
        "routing.add_routingrule",
        "routing.add_skill",
        "routing.add_slapolicy",
        "routing.add_team",
        "routing.add_teammembership",
        "routing.change_routingrule",
        "routing.change_skill",
        "routing.change_slapolicy",
        "routing.change_team",
        "routing.change_teammembership",
        "routing.delete_routingrule",
        "routing.delete_skill",
        "routing.delete_team",
        "routing.delete_teammembership",
        "routing.view_routingrule",
        "routing.view_skill",
        "routing.view_slapolicy",
        "routing.view_team",
        "routing.view_teammembership",
        # Their own organisation's single sign-on (issue 12); not delete: switch it off.
        "staff.add_oidcconfiguration",
        "staff.change_oidcconfiguration",
        "staff.view_oidcconfiguration",
        # Their own organisation's staff (issue 17); never delete: switch an account off.
        "staff.add_user",
        "staff.change_user",
        "staff.view_user",
        # The free-text triage (issue 18): examples, and the threshold (never deleted).
        *(f"triage.{action}_triageexample" for action in ("view", "add", "change", "delete")),
        "triage.add_triagesettings",
        "triage.change_triagesettings",
        "triage.view_triagesettings",
        # Deliberately no add/change/delete_hostname (issue 12): only the platform
        # superuser assigns host names; the functional admin may only see them.
        "tenancy.change_organisation",
        "tenancy.view_hostname",
        "tenancy.view_organisation",
        "worktime.add_openinghours",
        "worktime.change_openinghours",
        "worktime.delete_openinghours",
        "worktime.view_decreeholiday",
        "worktime.view_openinghours",
    },
    KNOWLEDGE_EDITOR: {
        "contacts.add_knowledgearticle",
        "contacts.change_knowledgearticle",
        "contacts.delete_knowledgearticle",
        "contacts.edit_knowledge",
        "contacts.view_knowledgearticle",
    },
    # Read-only (issue 16): Inzicht, nothing that writes.
    MANAGER: {"insights.view_insights"},
}


def test_each_role_has_exactly_the_pinned_permissions():
    assert list(role_permissions()) == [
        AGENT, CASE_WORKER, TEAM_LEAD, FUNCTIONAL_ADMIN, KNOWLEDGE_EDITOR, MANAGER,
    ]  # fmt: skip
    assert {role: set(names) for role, names in role_permissions().items()} == PINNED


def test_the_old_name_role_permissions_still_works():
    assert role_permissions() == roles.ROLE_PERMISSIONS


def test_the_role_groups_in_the_database_hold_exactly_those_permissions(db):
    sync_role_groups()
    for role, names in PINNED.items():
        group = Group.objects.get(name=role)
        stored = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        # A declared permission that does not exist would leave the group unsynced.
        assert stored == names, role


def test_the_apps_declare_their_own_permissions_staff_declares_none_of_the_domain():
    declarations = roles._declarations()
    declaring = {label for label, _ in declarations}
    assert {"identity", "catalog", "routing", "cases", "contacts"} <= declaring
    assert {"audit", "notify", "worktime", "tenancy"} <= declaring
    # Staff declares its own permissions only (single sign-on, staff), none of the domain.
    staff_grants = set().union(*(set(names) for label, grants in declarations
                                 if label == "staff" for names in grants.values()))  # fmt: skip
    assert staff_grants == {
        "staff.view_oidcconfiguration", "staff.add_oidcconfiguration",
        "staff.change_oidcconfiguration",
        "staff.view_user", "staff.add_user", "staff.change_user",
    }  # fmt: skip


def test_a_team_lead_has_everything_of_agent_and_case_worker():
    composed = role_permissions()
    assert composed[AGENT] | composed[CASE_WORKER] <= composed[TEAM_LEAD]


def test_composing_merges_apps_and_included_roles():
    composed = compose_role_permissions(
        [
            ("cases", {AGENT: {"cases.view_case"}, TEAM_LEAD: {"cases.reopen_case"}}),
            ("contacts", {CASE_WORKER: ["contacts.view_contact"]}),
        ]
    )
    assert composed[AGENT] == {"cases.view_case"}
    assert composed[CASE_WORKER] == {"contacts.view_contact"}
    assert composed[TEAM_LEAD] == {"cases.view_case", "cases.reopen_case", "contacts.view_contact"}
    assert composed[FUNCTIONAL_ADMIN] == composed[KNOWLEDGE_EDITOR] == set()


def test_an_app_may_not_grant_another_apps_permission():
    with pytest.raises(ImproperlyConfigured, match="only grant its own"):
        compose_role_permissions([("contacts", {AGENT: {"cases.view_case"}})])
    with pytest.raises(ImproperlyConfigured, match="only grant its own"):
        compose_role_permissions([("cases", {AGENT: {"view_case"}})])


def test_an_unknown_role_is_refused():
    with pytest.raises(ImproperlyConfigured, match="unknown role"):
        compose_role_permissions([("cases", {"Stagiair": {"cases.view_case"}})])


def test_crud_names_the_four_model_permissions():
    assert roles.crud("routing", "team") == {
        "routing.view_team", "routing.add_team", "routing.change_team", "routing.delete_team",
    }  # fmt: skip
