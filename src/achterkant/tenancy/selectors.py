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
