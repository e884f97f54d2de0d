"""Deploy checks on top of Django's: `achterkant check --deploy` fails on any of them."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs) -> list:
    problems = []
    if settings.SECRET_KEY_FROM_DEV_FILE:
        problems.append(
            Error(
                "SECRET_KEY komt uit var/secret_key, het ontwikkelbestand.",
                hint="Zet SECRET_KEY in de omgeving van de server.",
                id="achterkant.E001",
            )
        )
    if settings.DEMO_MODE:
        problems.append(
            Error(
                "DEMO_MODE staat aan: onbekende localhost-adressen krijgen de eerste gemeente.",
                hint="Zet DEMO_MODE=0 (of DEBUG=0 zonder DEMO_MODE).",
                id="achterkant.E002",
            )
        )
    if settings.EMAIL_BACKEND in DEVELOPMENT_EMAIL_BACKENDS:
        problems.append(
            Error(
                f"EMAIL_BACKEND {settings.EMAIL_BACKEND} verstuurt geen echte e-mail.",
                hint="Gebruik SMTP: laat EMAIL_BACKEND leeg en zet EMAIL_HOST.",
                id="achterkant.E003",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS bevat '*': elke hostnaam wordt aangenomen.",
                hint="Noem de hostnamen van de gemeenten, bijvoorbeeld mijn.voorbeeld.nl.",
                id="achterkant.E004",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Warning(
                "De database is SQLite. Gebruik PostgreSQL in productie.",
                hint="Zet DATABASE_URL=postgres://…",
                id="achterkant.W001",
            )
        )
    return problems
