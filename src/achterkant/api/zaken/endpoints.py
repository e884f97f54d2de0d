"""The Zaken API's endpoints: thin adapters over the services and selectors.

Importing the modules registers their endpoints on ``api.zaken.api.api``.
"""

from achterkant.api.zaken import audittrail, zaak_endpoints  # noqa: F401
