from achterkant.tenancy.hostnames import hostname_from_host
from achterkant.tenancy.models import Hostname, Organisation

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def organisation_for_host(host: str, *, demo: bool) -> Organisation | None:
    """The organisation that owns ``host`` (as ``request.get_host()`` gives it).

    The host is normalised as stored host names are (``tenancy.hostnames``): port,
    case, one trailing dot and IDNA spelling make no difference. An unknown host never
    gets someone else's organisation. The one exception is demo mode on a loopback
    address, which falls back to the first organisation.
    """
    name = hostname_from_host(host)
    if name is not None:
        match = Hostname.objects.select_related("organisation").filter(hostname=name).first()
        if match is not None:
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
