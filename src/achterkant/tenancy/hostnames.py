"""One spelling per host name, so one host name can belong to one organisation only.

``Proefdorp.localhost.``, ``proefdorp.localhost`` and ``proefdorp.localhost:8000`` are
the same site to a browser. They must be the same row to us as well: otherwise another
organisation could claim a variant, and citizens would give their data to the wrong
municipality. Host names are stored and looked up in this one form: lower case, without
the trailing dot, international names in their ASCII (IDNA, ``xn--``) form.

Python's own ``idna`` codec does the encoding (IDNA 2003 with nameprep); the ``idna``
package is not a dependency of this project.
"""

import re

from django.core.exceptions import ValidationError

MAX_LENGTH = 253
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")

INVALID_MESSAGE = (
    "Dit is geen geldige hostnaam. Vul alleen een hostnaam in, zonder poort of pad, "
    "bijvoorbeeld mijn.voorbeeld.nl."
)


def normalise_hostname(value: str) -> str:
    """The one stored form of a host name; a Dutch ``ValidationError`` if it is none."""
    name = str(value).strip().lower()
    if name.endswith("."):
        name = name[:-1]  # the fully qualified form: the same host
    if not name or any(ch in name for ch in "/:@?#[]\\") or any(ch.isspace() for ch in name):
        raise ValidationError(INVALID_MESSAGE, code="invalid_hostname")
    try:
        name = name.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise ValidationError(
            "Deze hostnaam kunnen we niet omzetten naar een internetadres (IDNA). "
            "Controleer de schrijfwijze.",
            code="invalid_idna",
        ) from error
    if len(name) > MAX_LENGTH or not all(_LABEL.match(label) for label in name.split(".")):
        raise ValidationError(INVALID_MESSAGE, code="invalid_hostname")
    return name


def hostname_from_host(host: str) -> str | None:
    """The normalised host name in an HTTP ``Host`` (``request.get_host()``), port stripped.

    None when it is no host name we could have stored (an IPv6 literal, garbage).
    """
    host = str(host).strip()
    if host.startswith("["):
        return None  # an IPv6 literal is never an organisation's host name
    name = host.rsplit(":", 1)[0] if ":" in host else host
    try:
        return normalise_hostname(name)
    except ValidationError:
        return None
