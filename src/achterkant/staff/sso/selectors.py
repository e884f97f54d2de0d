from achterkant.staff.models import OidcConfiguration


def active_configuration(organisation) -> OidcConfiguration | None:
    """The organisation's single sign-on configuration, if it is switched on."""
    if organisation is None:
        return None
    # Scoped explicitly: also used where no organisation is active (a password log-in
    # without a request, the shell).
    return (
        OidcConfiguration.all_tenants.select_related("organisation")
        .filter(organisation=organisation, enabled=True)
        .first()
    )


def password_login_allowed(user) -> bool:
    """May this staff member log in with a local password?

    Not when their organisation has single sign-on on and local passwords off. The
    platform superuser (no organisation) always may: someone must be able to repair a
    broken configuration.
    """
    if user.organisation_id is None:
        return True
    configuration = active_configuration(user.organisation_id)
    return configuration is None or configuration.local_passwords_enabled
