"""Betrouwbaarheidsniveau: how sure a log-in is of who is there, for DigiD and eHerkenning.

One scale for both means, so a product can say "at least Substantieel" whatever the citizen
or business logged in with. DigiD names the levels directly; eHerkenning's levels map onto
the same eIDAS steps (EH2 ≈ Basis, EH2+ ≈ Midden = eIDAS laag, EH3 = substantieel, EH4 = hoog).
"""

from django.db import models


class AssuranceTooLow(Exception):
    """The log-in is weaker than the product needs; the message is for the citizen."""


class AssuranceLevel(models.TextChoices):
    BASIS = "basis", "Basis"
    MIDDEN = "midden", "Midden"
    SUBSTANTIEEL = "substantieel", "Substantieel"
    HOOG = "hoog", "Hoog"


_RANK = {level: rank for rank, level in enumerate(AssuranceLevel.values)}

# The AuthnContextClassRef values in SAML assertions (Logius koppelvlakspecificatie, and the
# eToegang afsprakenstelsel for eHerkenning).
_FROM_SAML = {
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport": AssuranceLevel.BASIS,
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract": AssuranceLevel.MIDDEN,
    "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard": AssuranceLevel.SUBSTANTIEEL,
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI": AssuranceLevel.HOOG,
    "urn:etoegang:core:assurance-class:loa2": AssuranceLevel.BASIS,
    "urn:etoegang:core:assurance-class:loa2plus": AssuranceLevel.MIDDEN,
    "urn:etoegang:core:assurance-class:loa3": AssuranceLevel.SUBSTANTIEEL,
    "urn:etoegang:core:assurance-class:loa4": AssuranceLevel.HOOG,
}


def level_from_saml(class_ref: str) -> AssuranceLevel | None:
    """Our level for an assertion's AuthnContextClassRef; None if it is below Basis or unknown."""
    return _FROM_SAML.get(class_ref.strip())


def is_sufficient(*, actual: str, required: str) -> bool:
    return _RANK.get(actual, -1) >= _RANK[required]


def ensure_sufficient(*, actual: str, required: str) -> None:
    """Refuse, with an explanation a citizen understands, when the log-in is not strong enough."""
    if not is_sufficient(actual=actual, required=required):
        needed = AssuranceLevel(required).label
        current = AssuranceLevel(actual).label if actual in _RANK else "onbekend"
        raise AssuranceTooLow(
            f"Voor deze aanvraag moet u inloggen met betrouwbaarheidsniveau {needed} of hoger. "
            f"U bent nu ingelogd met niveau {current}. Zo weten wij zeker dat u het bent, want "
            "het gaat om gevoelige gegevens. Log uit en log opnieuw in met een hoger niveau. "
            "Met DigiD kan dat bijvoorbeeld met de DigiD app en uw identiteitsbewijs."
        )
