"""The Zaken API's sub-resources of a zaak (statussen, resultaten, rollen, ...)."""

# Importing the endpoint modules registers them on the Zaken API.
from achterkant.api.zaken.parts import (  # noqa: F401
    eigenschappen,
    klantcontacten,
    resultaten,
    rollen,
    statussen,
    zaakbesluiten,
    zaakinformatieobjecten,
    zaakobjecten,
)
