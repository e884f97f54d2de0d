from achterkant.tenancy.models import Hostname, Organisation

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def organisation_for_host(host: str, *, demo: bool) -> Organisation | None:
    """The organisation that owns ``host``.

    An unknown host never gets someone else's organisation. The one exception is
    demo mode on a loopback address, which falls back to the first organisation.
    """
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.lower()
    match = Hostname.objects.select_related("organisation").filter(hostname=name).first()
    if match is not None:
        return match.organisation
    if demo and name in LOOPBACK_HOSTS:
        return Organisation.objects.order_by("pk").first()
    return None


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
