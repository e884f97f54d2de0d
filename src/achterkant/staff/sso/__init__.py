"""Single sign-on for staff with each organisation's own OpenID Connect provider.

Built on mozilla-django-oidc, whose views and backend read one global configuration
from the settings. Here every organisation (chosen by host name) has its own
``staff.OidcConfiguration``: the subclasses in ``views`` and ``backends`` read that one
instead. See docs/security.md, "Single sign-on (OpenID Connect) voor medewerkers".
"""
