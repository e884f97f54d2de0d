"""A new log-in link for an existing staff member (issue 17): the functional admin of the
member's own organisation sends it by e-mail; the old password stops working at once."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from achterkant.staff import roles, services
from achterkant.staff.models import User
from tests.conftest import PASSWORD, totp_device

NEW_PASSWORD = "Een-nieuw-lang-wachtwoord-42"  # noqa: S105 - a test value
LINK = re.compile(r"https://a\.localhost(/medewerker/uitnodiging/[^/\s]+/[^/\s]+/)")


def link_url(member: User) -> str:
    return f"/admin/staff/user/{member.pk}/nieuwe-inloglink/"


@pytest.fixture
def agent(tenant_a) -> User:
    member = tenant_a.staff["agent"]
    member.email = "agent@a.example.nl"
    member.save(update_fields=["email"])
    totp_device(member)
    return member


def send(tenant, member, **kwargs):
    return services.password_reset_send(
        actor=tenant.staff["admin"], organisation=tenant.organisation, member=member, **kwargs
    )


def set_password_with_link(host: str, path: str, password: str = NEW_PASSWORD):
    visitor = Client(HTTP_HOST=host)
    response = visitor.get(path)
    assert response.status_code == 302, response.status_code
    page = visitor.get(response["Location"])
    assert page.status_code == 200
    assert "Kies een nieuw wachtwoord" in page.content.decode()
    done = visitor.post(
        response["Location"], {"new_password1": password, "new_password2": password}
    )
    return visitor, done


def test_the_admin_sends_a_link_that_sets_a_new_password(tenant_a, agent, mailoutbox):
    admin = tenant_a.client("admin")
    change = admin.get(f"/admin/staff/user/{agent.pk}/change/").content.decode()
    assert f'href="{link_url(agent)}"' in change and "Nieuwe inloglink sturen" in change
    ask = admin.get(link_url(agent))
    assert ask.status_code == 200 and "agent@a.example.nl" in ask.content.decode()
    # Asking changes nothing.
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD) and not mailoutbox
    member_session = tenant_a.client("agent")
    assert member_session.get("/desk/", follow=False).status_code in (200, 302)

    response = admin.post(link_url(agent))

    assert response.status_code == 302
    assert response["Location"] == f"/admin/staff/user/{agent.pk}/change/"
    agent.refresh_from_db()
    assert not agent.has_usable_password()
    assert authenticate(username=agent.username, password=PASSWORD) is None
    # Their open session ends with the old password.
    assert "/medewerker/inloggen/" in member_session.get("/desk/")["Location"]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["agent@a.example.nl"]
    assert mail.subject == services.RESET_MAIL_SUBJECT
    path = LINK.search(mail.body)[1]
    entry = LogEntry.objects.get(object_id=str(agent.pk), user=tenant_a.staff["admin"])
    assert "Nieuwe inloglink gestuurd naar agent@a.example.nl" in entry.change_message
    # The admin's page tells the link is waiting.
    assert (
        "Nieuwe inloglink gestuurd"
        in admin.get(f"/admin/staff/user/{agent.pk}/change/").content.decode()
    )

    visitor, done = set_password_with_link(tenant_a.host, path)

    assert done.status_code == 302 and done["Location"] == "/medewerker/inloggen/"
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    assert authenticate(username=agent.username, password=PASSWORD) is None
    assert LogEntry.objects.filter(
        object_id=str(agent.pk), user=agent, change_message__contains="inloglink"
    ).exists()
    # One time only; the second factor stays as it was.
    assert Client(HTTP_HOST=tenant_a.host).get(path).status_code == 404
    assert TOTPDevice.objects.filter(user=agent).exists()


def test_the_second_factor_is_reset_only_when_asked(tenant_a, agent, mailoutbox):
    admin = tenant_a.client("admin")
    admin.post(link_url(agent))
    assert TOTPDevice.objects.filter(user=agent).exists()
    assert "app of passkey, zoals altijd" in mailoutbox[0].body

    admin.post(link_url(agent), {"second_factor": "on"})

    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert "tweede stap opnieuw in" in mailoutbox[1].body
    messages = list(
        LogEntry.objects.filter(object_id=str(agent.pk)).values_list("change_message", flat=True)
    )
    assert any("Tweestapsverificatie hersteld" in message for message in messages)
    # The newer link makes the older one stop working.
    old, new = (LINK.search(mail.body)[1] for mail in mailoutbox)
    assert old != new
    assert Client(HTTP_HOST=tenant_a.host).get(old).status_code == 404
    assert Client(HTTP_HOST=tenant_a.host).get(new).status_code == 302


def test_another_organisations_admin_and_desk_roles_are_refused(
    tenant_a, tenant_b, agent, mailoutbox
):
    with pytest.raises(PermissionDenied):
        services.password_reset_send(
            actor=tenant_b.staff["admin"], organisation=tenant_b.organisation, member=agent
        )
    with pytest.raises(PermissionDenied):
        # Their own admin role, on the other organisation's site: still refused.
        services.password_reset_send(
            actor=tenant_b.staff["admin"], organisation=tenant_a.organisation, member=agent
        )
    for role in ("worker", "lead"):
        with pytest.raises(PermissionDenied):
            services.password_reset_send(
                actor=tenant_a.staff[role], organisation=tenant_a.organisation, member=agent
            )
    # The other organisation's admin finds no such page in their admin.
    assert tenant_b.client("admin").get(link_url(agent)).status_code == 404
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)
    assert not mailoutbox


def test_no_escalation_superuser_loose_rights_or_oneself(tenant_a, agent, mailoutbox):
    platform = User.objects.create_superuser("platform", "p@example.nl", PASSWORD)
    platform.organisation = tenant_a.organisation
    platform.save()
    with pytest.raises(PermissionDenied):
        send(tenant_a, platform)
    # A right no role gives (a hand-made group's): not the admin's to take over.
    extra = Group.objects.create(name="Platformbeheer")
    extra.permissions.add(Permission.objects.get(codename="add_organisation"))
    agent.groups.add(extra)
    with pytest.raises(ValidationError) as refused:
        send(tenant_a, agent)
    assert refused.value.messages == [services.MORE_RIGHTS]
    assert (
        "rechten die u zelf niet kunt geven"
        in tenant_a.client("admin").get(link_url(agent)).content.decode()
    )
    agent.groups.remove(extra)
    agent.user_permissions.add(Permission.objects.get(codename="add_organisation"))
    with pytest.raises(ValidationError):
        send(tenant_a, User.objects.get(pk=agent.pk))
    # The platform superuser may.
    services.password_reset_send(actor=platform, organisation=tenant_a.organisation, member=agent)
    assert len(mailoutbox) == 1
    # Another functional admin: the roles a functional admin may give are no escalation.
    other_admin = services.staff_member_ensure(
        organisation=tenant_a.organisation,
        username="admin-2",
        password=PASSWORD,
        first_name="Ali",
        last_name="Beheer",
        role=roles.FUNCTIONAL_ADMIN,
    )
    other_admin.email = "ali@a.example.nl"
    other_admin.save()
    send(tenant_a, other_admin)
    assert len(mailoutbox) == 2
    # Oneself: refused (it would end one's own session; another admin does it).
    admin = tenant_a.staff["admin"]
    admin.email = "admin@a.example.nl"
    admin.save()
    with pytest.raises(ValidationError) as own:
        send(tenant_a, admin)
    assert own.value.messages == [services.OWN_ACCOUNT_LINK]
    admin.refresh_from_db()
    assert admin.check_password(PASSWORD)


def test_without_e_mail_or_switched_off_nothing_changes(tenant_a, agent, mailoutbox):
    agent.email = ""
    agent.save()
    with pytest.raises(ValidationError) as no_mail:
        send(tenant_a, agent)
    assert no_mail.value.messages == [services.NO_EMAIL]
    agent.email = "agent@a.example.nl"
    agent.is_active = False
    agent.save()
    with pytest.raises(ValidationError) as off:
        send(tenant_a, agent)
    assert off.value.messages == [services.ACCOUNT_OFF]
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)
    assert not mailoutbox
    assert not LogEntry.objects.filter(object_id=str(agent.pk)).exists()


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


def test_a_failed_mail_changes_nothing(tenant_a, agent, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    admin = tenant_a.client("admin")

    page = admin.post(link_url(agent), {"second_factor": "on"})

    assert page.status_code == 200
    assert services.MAIL_FAILED in page.content.decode()
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=agent).exists()
    assert not LogEntry.objects.filter(object_id=str(agent.pk)).exists()


def test_the_list_action_sends_links_to_the_selected_staff(tenant_a, agent, mailoutbox):
    worker = tenant_a.staff["worker"]  # no e-mail address: refused, with the reason
    admin = tenant_a.client("admin")

    response = admin.post(
        "/admin/staff/user/",
        {"action": "send_password_links", "_selected_action": [agent.pk, worker.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "Nieuwe inloglink gestuurd aan 1 medewerker." in page
    assert services.NO_EMAIL in page
    assert [mail.to for mail in mailoutbox] == [["agent@a.example.nl"]]
    agent.refresh_from_db()
    worker.refresh_from_db()
    assert not agent.has_usable_password() and worker.check_password(PASSWORD)


def test_a_new_staff_members_invitation_still_works_as_before(tenant_a):
    """The widened link check must not let a link set a password twice."""
    admin = tenant_a.client("admin")
    member = services.staff_member_create(
        actor=tenant_a.staff["admin"],
        organisation=tenant_a.organisation,
        username="nina",
        data=services.StaffMemberData("Nina", "Nieuw", "nina@a.example.nl", True, frozenset()),
    )
    assert (
        "Nieuwe inloglink sturen"
        not in admin.get(f"/admin/staff/user/{member.pk}/change/").content.decode()
    )
    path = services.invitation_path(
        actor=tenant_a.staff["admin"], organisation=tenant_a.organisation, member=member
    )
    visitor = Client(HTTP_HOST=tenant_a.host)
    location = visitor.get(path)["Location"]
    assert "Welkom" in visitor.get(location).content.decode()
    visitor.post(location, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert Client(HTTP_HOST=tenant_a.host).get(path).status_code == 404
