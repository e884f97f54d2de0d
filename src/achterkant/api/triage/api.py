"""The Triage API's Ninja object: Achterkant's own small component, mounted like a ZGW one.

Same JWT, same problem bodies, same ``/<component>/api/v1/`` layout (so the platform
middleware treats it as an API path) as the ZGW components; its OAS is our own
(``api/data/triage-1.0.0.yaml``), not a VNG standard.
"""

from achterkant.api.framework import zgw_api
from achterkant.api.oas import Component

# There is no triage component in the Autorisaties standard (its component enum is fixed),
# so the scope lives on the Zaken API's component: the intakes that ask for a suggestion are
# the clients that register zaken. A zrc autorisatie with only this scope needs no zaaktype
# (ac-003 applies to zaken.* scopes), and heeftAlleAutorisaties passes as everywhere.
COMPONENT = "zrc"
SCOPE = "triage.lezen"

OAS = Component("Triage API", "triage-1.0.0.yaml", "/triage/api/v1", official=False)

api = zgw_api(title="Triage API", version="1.0.0", namespace="triage-api")
