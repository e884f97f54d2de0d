"""Settings of the test OpenID Connect provider (see ``achterkant.demo.oidc_idp.server``)."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("IDP_SECRET_KEY", "test-idp-only-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ["IDP_SITE_URL"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "achterkant.demo.oidc_idp.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["IDP_DATABASE"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/accounts/login/"

OIDC_USERINFO = "achterkant.demo.oidc_idp.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "achterkant.demo.oidc_idp.claims.GroupClaims"
# Groups come from the userinfo endpoint only (as with Keycloak's default mapper); the
# ID token carries the standard claims.
OIDC_IDTOKEN_INCLUDE_CLAIMS = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
