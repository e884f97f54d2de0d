"""The production settings, with both candidate frameworks mounted (bench only)."""

from achterkant.conf.settings import *  # noqa: F403 - the production settings, unchanged
from achterkant.conf.settings import INSTALLED_APPS

# The real API apps (achterkant.api.*) are left out: they are being built alongside this
# measurement, and their URLs are not mounted here anyway (ROOT_URLCONF below).
INSTALLED_APPS = [
    *(app for app in INSTALLED_APPS if not app.startswith(("achterkant.api", "ninja", "rest_"))),
    "rest_framework",
    "ninja",
]
ROOT_URLCONF = "api_framework_app.urls"

# Authentication is out of scope for this measurement (ZGW JWT is built elsewhere): DRF's
# default session and basic authentication would otherwise run on every request and make
# the comparison unfair. JSON only, as a ZGW API answers.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}
