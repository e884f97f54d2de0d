"""A real OpenID Connect provider for the staff single sign-on tests and the demo.

A tiny Django project of its own around django-oidc-provider (a dev dependency), run as
its own process on 127.0.0.1 with its own SQLite file (``server.IdentityProvider``).
Achterkant itself never imports it: only the tests and ``achterkant demo`` start it.
"""
