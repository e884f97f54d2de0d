"""Comparing maturity scores: the league table of one installation, and the signed
benchmark card between installations (docs/insights.md, "The benchmark card").

Tenant isolation. In a request of organisation A, the league table reads of another
organisation B only B's ``ScoreSnapshot`` (its computed scores, no figures, no catalogue),
and only when B opted in (``InsightsSettings.in_league_table``). B's snapshot was computed
in B's own context (B's score page, B's card export, the CLI). A's own row is always
shown to A. Imported cards belong to the organisation that imported them.

The card holds scores, the period, the scoring version, and the organisation's name and
RSIN (public identifiers). It is signed with Ed25519 by a key of this installation
(``INSIGHTS_SIGNING_KEY_FILE``, made on first use); the card carries the public key, so
anyone can check that it was not changed after signing. Whether the key really belongs to
that organisation's installation is checked out of band: compare the fingerprint.
"""

import base64
import binascii
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from achterkant.identity.actors import require
from achterkant.insights.maturity import SCORING_VERSION, Maturity, maturity
from achterkant.insights.models import BenchmarkCard, InsightsSettings, ScoreSnapshot
from achterkant.tenancy.context import require_organisation, use_organisation
from achterkant.tenancy.models import Organisation
from achterkant.tenancy.validators import validate_rsin

CARD_FORMAT = "achterkant-benchmarkkaart/1"
CARD_MAX_BYTES = 64 * 1024
# The keys of a card of this scoring version; a card with any other key is refused.
PART_KEYS = ("service", "customer_service", "citizen_voice")
PILLAR_KEYS = ("breadth", "depth", "citizen_centred", "multichannel", "cross_government",
               "proactive", "citizen_voice")  # fmt: skip
INDICATOR_KEYS = (
    "breadth", "publish", "interact", "transact", "proactive_service", "csat",
    "portal_adoption", "consistency", "channels_per_product", "brp", "zgw_applications",
    "notification_subscribers", "proactive_messages", "prefill_share", "csat_coverage",
    "complaint_rate", "feedback_answered",
)  # fmt: skip
_CARD_KEYS = {"format", "scoring_version", "organisation", "period", "scores", "public_key",
              "signature"}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class CardError(ValidationError):
    """A card that cannot be imported; the message is Dutch and safe to show."""


# The signing key of this installation.


def _key_path() -> Path:
    configured = getattr(settings, "INSIGHTS_SIGNING_KEY_FILE", "")
    return Path(configured or Path(settings.VAR_DIR) / "insights-signing-key.pem")


def signing_key() -> Ed25519PrivateKey:
    """The installation's key, made on first use (readable by the owner only). Two
    processes that start at once both end up with the one written first."""
    path = _key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as file:
                file.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} holds no Ed25519 private key")
    return key


def _public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public_key_b64: str) -> str:
    """Sixteen hex digits in groups of four: what two people compare by phone."""
    raw = base64.b64decode(public_key_b64)
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def own_public_key() -> str:
    return base64.b64encode(_public_bytes(signing_key().public_key())).decode()


def _canonical(card: dict) -> bytes:
    unsigned = {key: value for key, value in card.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# The league table of this installation.


def score_snapshot_store(result: Maturity) -> ScoreSnapshot:
    """Keep the active organisation's latest score, for the league table."""
    scores = result.scores()
    values = {
        "computed_at": timezone.now(),
        "period_first": result.first,
        "period_last": result.last,
        "scoring_version": result.scoring_version,
        "overall": Decimal(str(scores["overall"])),
        "scores": {key: scores[key] for key in ("parts", "pillars", "indicators")},
    }
    for _ in range(2):
        try:
            with transaction.atomic():
                return ScoreSnapshot.objects.update_or_create(defaults=values)[0]
        except IntegrityError:
            continue  # a concurrent first store won; update it
    return ScoreSnapshot.objects.update_or_create(defaults=values)[0]


def score_snapshots_update_all() -> None:
    """The worker's daily job: every organisation's score, each computed in its own
    context, so the league table is current without anyone opening a score page."""
    for organisation in Organisation.objects.all():
        with use_organisation(organisation):
            score_snapshot_store(maturity())


@dataclass(frozen=True)
class LeagueRow:
    name: str
    overall: float
    parts: dict
    period_first: date
    period_last: date
    scoring_version: str
    own: bool = False
    imported: bool = False
    fingerprint: str = ""
    card_id: int | None = None


def league_table() -> list[LeagueRow]:
    """The active organisation, every organisation of this installation that opted in,
    and the cards the active organisation imported; the highest score first. Two queries
    for this installation, one for the cards."""
    organisation = require_organisation()
    opted_in = InsightsSettings.all_tenants.filter(in_league_table=True).values("organisation")
    snapshots = ScoreSnapshot.all_tenants.filter(
        Q(organisation=organisation) | Q(organisation__in=opted_in)
    ).select_related("organisation")
    rows = [
        LeagueRow(
            name=s.organisation.name,
            overall=float(s.overall),
            parts=s.scores.get("parts", {}),
            period_first=s.period_first,
            period_last=s.period_last,
            scoring_version=s.scoring_version,
            own=s.organisation_id == organisation.pk,
        )  # fmt: skip
        for s in snapshots
    ]
    rows += [
        LeagueRow(
            name=c.source_name,
            overall=float(c.overall),
            parts=c.scores.get("parts", {}),
            period_first=c.period_first,
            period_last=c.period_last,
            scoring_version=c.scoring_version,
            imported=True,
            fingerprint=fingerprint(c.public_key),
            card_id=c.pk,
        )  # fmt: skip
        for c in BenchmarkCard.objects.all()
    ]
    return sorted(rows, key=lambda row: (-row.overall, row.name))


def league_opt_in() -> bool:
    settings_row = InsightsSettings.objects.first()
    return bool(settings_row and settings_row.in_league_table)


# The benchmark card.


def card_export(*, actor, result: Maturity) -> dict:
    """The signed card of the active organisation's score ``result``."""
    require(actor, "insights.view_insights")
    organisation = require_organisation()
    scores = result.scores()
    card = {
        "format": CARD_FORMAT,
        "scoring_version": result.scoring_version,
        "organisation": {"name": organisation.name, "rsin": organisation.rsin},
        "period": {"first": result.first.isoformat(), "last": result.last.isoformat()},
        "scores": scores,
        "public_key": own_public_key(),
    }
    signature = signing_key().sign(_canonical(card))
    card["signature"] = base64.b64encode(signature).decode()
    return card


def card_bytes(card: dict) -> bytes:
    return (json.dumps(card, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def card_import(*, actor, raw: bytes) -> BenchmarkCard:
    """Check a card (format, signature, scoring version, content) and keep it for the
    active organisation; the same organisation and period again replaces it. Raises
    :class:`CardError` with a Dutch message, and stores nothing, for any bad card."""
    require(actor, "insights.add_benchmarkcard")
    card = card_verify(raw)
    values = {
        "source_name": card["organisation"]["name"],
        "scoring_version": card["scoring_version"],
        "overall": Decimal(str(card["scores"]["overall"])),
        "scores": {key: card["scores"][key] for key in ("parts", "pillars", "indicators")},
        "public_key": card["public_key"],
        "signature": card["signature"],
        "card": card,
    }
    with transaction.atomic():
        stored, _ = BenchmarkCard.objects.update_or_create(
            source_rsin=card["organisation"]["rsin"],
            period_first=date.fromisoformat(card["period"]["first"]),
            period_last=date.fromisoformat(card["period"]["last"]),
            defaults=values,
        )
    return stored


def card_verify(raw: bytes) -> dict:
    """The card in ``raw``, if it is whole, signed and of this scoring version."""
    if len(raw) > CARD_MAX_BYTES:
        raise CardError(f"Dit bestand is te groot voor een benchmarkkaart (meer dan "
                        f"{CARD_MAX_BYTES // 1024} kB).")  # fmt: skip
    try:
        card = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CardError("Dit is geen benchmarkkaart: het bestand is geen geldige JSON.") from error
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise CardError("Dit is geen benchmarkkaart van Achterkant (het veld 'format' ontbreekt "
                        "of klopt niet).")  # fmt: skip
    if set(card) != _CARD_KEYS:
        raise CardError("De kaart heeft niet precies de velden van een benchmarkkaart: "
                        f"{', '.join(sorted(_CARD_KEYS))}.")  # fmt: skip
    public_key = _decoded(card["public_key"], 32, "publieke sleutel")
    signature = _decoded(card["signature"], 64, "handtekening")
    if public_key == _public_bytes(signing_key().public_key()):
        raise CardError("Deze kaart komt uit deze installatie zelf. Organisaties van deze "
                        "installatie staan al in de ranglijst als ze meedoen.")  # fmt: skip
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, _canonical(card))
    except InvalidSignature as error:
        raise CardError("De handtekening klopt niet: de kaart is na het ondertekenen "
                        "veranderd, of niet met deze sleutel gemaakt.") from error  # fmt: skip
    if card["scoring_version"] != SCORING_VERSION:
        version = str(card["scoring_version"])[:20]
        raise CardError(f"Deze kaart is berekend met scoreversie {version}; "
                        f"deze installatie rekent met {SCORING_VERSION}. Scores van verschillende "
                        "versies zijn niet te vergelijken.")  # fmt: skip
    _check_content(card)
    return card


def _decoded(value, length: int, what: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise CardError(f"De {what} van de kaart is onleesbaar.")
    return raw


def _check_content(card: dict) -> None:
    """Everything a signed card says must still make sense: a signature proves who made
    it, not that its maker's software was right."""
    organisation = card["organisation"]
    if not isinstance(organisation, dict) or set(organisation) != {"name", "rsin"}:
        raise CardError("De organisatie op de kaart heeft niet precies een naam en een RSIN.")
    name = organisation["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > 200 or _CONTROL.search(name):
        raise CardError("De naam van de organisatie op de kaart is leeg, te lang of onleesbaar.")
    try:
        validate_rsin(organisation["rsin"] if isinstance(organisation["rsin"], str) else "")
    except ValidationError as error:
        raise CardError("Het RSIN op de kaart is geen geldig RSIN.") from error
    if not _valid_period(card["period"]):
        raise CardError("De periode op de kaart is geen geldige periode (van, tot en met).")
    scores = card["scores"]
    if not isinstance(scores, dict) or set(scores) != {"overall", "parts", "pillars", "indicators"}:
        raise CardError("De scores op de kaart zijn niet compleet.")
    _check_score("totaalscore", scores["overall"])
    for group, keys in (("parts", PART_KEYS), ("pillars", PILLAR_KEYS),
                        ("indicators", INDICATOR_KEYS)):  # fmt: skip
        values = scores[group]
        if not isinstance(values, dict) or set(values) != set(keys):
            raise CardError(f"De kaart heeft niet de onderdelen van scoreversie {SCORING_VERSION}.")
        for key in keys:
            _check_score(key, values[key])


def _valid_period(period) -> bool:
    if not isinstance(period, dict) or set(period) != {"first", "last"}:
        return False
    try:
        first, last = date.fromisoformat(period["first"]), date.fromisoformat(period["last"])
    except (TypeError, ValueError):
        return False
    return first <= last


def _check_score(what: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise CardError(f"De score '{what}' op de kaart ligt niet tussen 0 en 100.")
