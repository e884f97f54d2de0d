"""`achterkant check --deploy` fails while the conformance suite's token issuer is on."""

from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def token_issuer_off(app_configs, **kwargs) -> list:
    from achterkant.api.autorisaties.issuer import token_issuer_enabled

    if not token_issuer_enabled():
        return []
    return [
        Error(
            "De token-issuer van de ZGW-testset staat aan: iedereen kan zich daarmee elke "
            "API-autorisatie geven.",
            hint="Zet ZGW_TOKEN_ISSUER_ENABLED=0 en DEMO_MODE=0.",
            id="achterkant.E020",
        )
    ]
