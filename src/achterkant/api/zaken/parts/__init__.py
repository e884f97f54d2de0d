"""The Zaken API's sub-resources of a zaak (statussen, resultaten, rollen, ...)."""
