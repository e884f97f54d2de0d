"""ZGW error bodies (``application/problem+json``), independent of the web framework.

Every API error is one of these exceptions; the framework adapter (``api.ninja``) turns
it into a response. The body follows the standard's ``Fout`` / ``ValidatieFout``
schemas: ``type``, ``code``, ``title``, ``status``, ``detail``, ``instance`` and, for a
400, ``invalidParams`` with a ``name``, ``code`` and ``reason`` per field.
"""

import uuid
from dataclasses import dataclass

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class InvalidParam:
    """One field's error. ``name`` is the ZGW path (``autorisaties.0.zaaktype``)."""

    name: str
    code: str
    reason: str

    def as_dict(self) -> dict:
        return {"name": self.name, "code": self.code, "reason": self.reason}


class ApiProblem(Exception):
    """An error the API answers with a problem body."""

    status = 500
    code = "error"
    title = "Er is een fout opgetreden."

    def __init__(self, detail: str = "", *, code: str = "", title: str = "") -> None:
        super().__init__(detail or self.title)
        self.detail = detail or title or self.title
        if code:
            self.code = code
        if title:
            self.title = title

    def body(self, instance: str = "") -> dict:
        return {
            "type": f"urn:achterkant:zgw:fout:{self.code}",
            "code": self.code,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            # The standard wants a reference to this occurrence; it is logged with it.
            "instance": instance or f"urn:uuid:{uuid.uuid4()}",
        }


class NotAuthenticated(ApiProblem):
    status = 401
    code = "not_authenticated"
    title = "Authenticatiegegevens zijn niet opgegeven."


class PermissionDenied(ApiProblem):
    status = 403
    code = "permission_denied"
    title = "U heeft geen toestemming om deze actie uit te voeren."


class NotFound(ApiProblem):
    status = 404
    code = "not_found"
    title = "Niet gevonden."


class UnsupportedMediaType(ApiProblem):
    status = 415
    code = "unsupported_media_type"
    title = "Niet-ondersteund mediatype; gebruik application/json."


class PayloadTooLarge(ApiProblem):
    status = 413
    code = "payload_too_large"
    title = "Het verzoek is te groot."


class InvalidInput(ApiProblem):
    """A 400 with the fields that are wrong. Nothing was written."""

    status = 400
    code = "invalid"
    title = "Invalid input."

    def __init__(self, params: list[InvalidParam], detail: str = "") -> None:
        super().__init__(detail or "; ".join(f"{p.name}: {p.reason}" for p in params))
        self.params = list(params)

    def body(self, instance: str = "") -> dict:
        return {**super().body(instance), "invalidParams": [p.as_dict() for p in self.params]}
