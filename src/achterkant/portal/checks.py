from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def no_mock_login_in_production(app_configs, **kwargs) -> list:
    """The mock DigiD hands a BSN over in a URL and accepts any callback: demo only."""
    # Without DEBUG the mock is off whatever DIGID_MOCK says; asking for it is an error.
    if (settings.DIGID_MOCK or getattr(settings, "DIGID_MOCK_REQUESTED", False)) and (
        not settings.DEBUG
    ):
        return [
            Error(
                "DIGID_MOCK staat aan terwijl DEBUG uit staat. De test-DigiD blijft uit.",
                hint="Zet DIGID_MOCK=0 en configureer DigiD in het beheer.",
                id="achterkant.E010",
            )
        ]
    return []
