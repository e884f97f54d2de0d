"""Host names in one spelling, unique across organisations (issue 12, defect 1).

First the existing rows are normalised (lower case, no trailing dot, IDNA). When two
organisations turn out to claim the same host name, the migration stops with a clear
error instead of choosing one: a person must decide which organisation owns it.
Spellings of one host name within one organisation are merged (the oldest row stays).
Migration 0003 then has the database refuse any spelling that is not normalised (a
separate migration: PostgreSQL does not alter a table in the transaction that changed
its rows).
"""

import re

from django.db import migrations

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class HostnameConflict(RuntimeError):
    pass


def normalise(value: str) -> str:
    """A frozen copy of ``tenancy.hostnames.normalise_hostname`` (migrations never change)."""
    name = str(value).strip().lower()
    if name.endswith("."):
        name = name[:-1]
    if not name or any(ch in name for ch in "/:@?#[]\\") or any(ch.isspace() for ch in name):
        raise ValueError(value)
    try:
        name = name.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise ValueError(value) from error
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        raise ValueError(value)
    return name


def normalise_hostnames(apps, schema_editor) -> None:
    Hostname = apps.get_model("tenancy", "Hostname")
    rows = list(Hostname.objects.order_by("pk").values_list("pk", "organisation_id", "hostname"))
    invalid, owners, keep, drop = [], {}, {}, []
    for pk, organisation_id, hostname in rows:
        try:
            name = normalise(hostname)
        except ValueError:
            invalid.append(hostname)
            continue
        owners.setdefault(name, set()).add(organisation_id)
        if name in keep:
            drop.append(pk)  # another spelling of a name this organisation already has
        else:
            keep[name] = (pk, hostname)
    conflicts = {name: ids for name, ids in owners.items() if len(ids) > 1}
    if invalid or conflicts:
        lines = [f"  {hostname!r}: geen geldige hostnaam" for hostname in invalid] + [
            f"  {name!r}: geclaimd door organisaties {sorted(ids)}"
            for name, ids in sorted(conflicts.items())
        ]
        raise HostnameConflict(
            "Hostnamen kunnen niet worden genormaliseerd. Los dit eerst op (verwijder of "
            "wijzig de verkeerde rijen in tenancy_hostname) en migreer dan opnieuw:\n"
            + "\n".join(lines)
        )
    Hostname.objects.filter(pk__in=drop).delete()
    for name, (pk, hostname) in keep.items():
        if hostname != name:
            Hostname.objects.filter(pk=pk).update(hostname=name)


class Migration(migrations.Migration):

    dependencies = [
        ("tenancy", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(normalise_hostnames, migrations.RunPython.noop),
    ]
