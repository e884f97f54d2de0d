import threading
import time

from django.conf import settings

from achterkant.tenancy.hostnames import hostname_from_host
from achterkant.tenancy.models import Hostname, Organisation

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
DEFAULT_CACHE_SECONDS = 30

# Host name -> (database alias, the organisation's field values, when fetched), in this
# process only. Only host names that belong to an organisation are kept: an unknown host is
# looked up every time, so it can neither turn into someone else's organisation nor fill
# the memory with whatever Host headers a client sends. Each request gets its own fresh
# Organisation built from the values, so nothing one request sets on it reaches another.
_by_host: dict[str, tuple[str | None, tuple, float]] = {}
_lock = threading.Lock()


def clear_organisation_cache(**kwargs) -> None:
    """Forget every cached host name (a signal receiver: host names or organisations changed)."""
    with _lock:
        _by_host.clear()


def organisation_changed(**kwargs) -> None:
    """Signal receiver: clear now, and again when the change commits.

    Once more at the commit, because another thread of this process may have read and
    cached the old row in between.
    """
    from django.db import transaction

    clear_organisation_cache()
    transaction.on_commit(clear_organisation_cache, using=kwargs.get("using"))


def _cache_seconds() -> float:
    return float(getattr(settings, "TENANT_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))


def _cached(name: str, seconds: float) -> Organisation | None:
    entry = _by_host.get(name)
    if entry is None:
        return None
    db, values, fetched_at = entry
    if time.monotonic() - fetched_at >= seconds:
        return None
    return Organisation.from_db(db, _field_names(), values)


def _field_names() -> list[str]:
    return [field.attname for field in Organisation._meta.concrete_fields]


def _remember(name: str, organisation: Organisation) -> None:
    values = tuple(getattr(organisation, attname) for attname in _field_names())
    with _lock:
        _by_host[name] = (organisation._state.db, values, time.monotonic())


def organisation_for_host(host: str, *, demo: bool) -> Organisation | None:
    """The organisation that owns ``host`` (as ``request.get_host()`` gives it).

    The host is normalised as stored host names are (``tenancy.hostnames``): port,
    case, one trailing dot and IDNA spelling make no difference. An unknown host never
    gets someone else's organisation. The one exception is demo mode on a loopback
    address, which falls back to the first organisation.

    A host name found is remembered in this process for ``TENANT_CACHE_SECONDS`` (0: not
    at all). A change to a host name or an organisation clears it here at once (signals,
    ``tenancy.apps``); other processes see it when their entry expires (docs/operations.md,
    "Organisations and host names").
    """
    name = hostname_from_host(host)
    if name is not None:
        seconds = _cache_seconds()
        if seconds > 0:
            organisation = _cached(name, seconds)
            if organisation is not None:
                return organisation
        match = Hostname.objects.select_related("organisation").filter(hostname=name).first()
        if match is not None:
            if seconds > 0:
                _remember(name, match.organisation)
            return match.organisation
    if demo and _without_port(host) in LOOPBACK_HOSTS:
        return Organisation.objects.order_by("pk").first()
    return None


def _without_port(host: str) -> str:
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.lower()
    return name[:-1] if name.endswith(".") else name


def public_url(organisation: Organisation, path: str) -> str:
    """An absolute link to ``path`` on the organisation's own host name, for e-mails.

    ``PUBLIC_URL_TEMPLATE`` says how (``https://{host}`` in production; the demo adds
    its port). Without a host name, the path alone.
    """
    from django.conf import settings

    hostname = organisation.hostnames.order_by("pk").values_list("hostname", flat=True).first()
    if hostname is None:
        return path
    return settings.PUBLIC_URL_TEMPLATE.format(host=hostname).rstrip("/") + path
