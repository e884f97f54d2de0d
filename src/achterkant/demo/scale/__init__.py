# ruff: noqa: S608 - every SQL string here is built from constants and ids, never input
"""The scale dataset: a production-sized registry for the bench, loaded with set-based SQL.

``achterkant seed --scale large`` loads, next to the demo seed, in the demo organisations:

- 200,000 persons (BSNs that pass the 11-proef, outside the 99999 test block);
- 1,000,000 cases (37,000 open, routed to the demo teams with their promise stored), with
  their status history, initiator role, case events and a result on every closed case;
- 5,000,000 contacts on every channel over five years, some linked to a case;
- 100,000 contact requests (5% still open) and 1,000,000 outbox messages about cases.

``--scale N`` loads N times those sizes (``0.01`` is 1%). Voorbeeld gets 75%, Proefdorp 25%.

PostgreSQL only. Every table is filled by ``INSERT … SELECT … FROM generate_series`` in one
transaction, with the foreign-key triggers off for its duration (``session_replication_role``),
so a crash leaves nothing behind. The ids are reserved up front, so related rows refer to
each other without lookups. The open cases' stored promise (``queue_due_at``, ``sla_*``,
``latest_end_date``, ``planned_end_date``) comes from the same code as ``refresh_promise``
(``cases.sla.compute``), once per case type and start date.

It refuses a database that holds anything the demo seed did not make (another
organisation, or more rows than a demo seed has) unless this generator made it: a marker
table ``achterkant_scale_run`` records every finished run, and a second run at the same
scale only reports the dataset that is there.

The package: ``sizes`` (sizes, report, guard), ``loader`` (run order, persons),
``case_rows`` and ``contact_rows`` (the rows of each), ``sql`` (shared fragments).
"""

import json
import math
import time
from collections.abc import Callable

from django.db import connection, transaction

from achterkant.demo.scale.case_rows import CaseRows
from achterkant.demo.scale.contact_rows import ContactRows
from achterkant.demo.scale.loader import LoaderBase
from achterkant.demo.scale.sizes import (
    LARGE,
    MARKER_TABLE,
    ORGANISATION_SHARES,
    ScaleError,
    ScaleReport,
    check_database,
    existing_run,
    parse_scale,
    sizes_for,
)

__all__ = [
    "LARGE",
    "ORGANISATION_SHARES",
    "ScaleError",
    "ScaleReport",
    "generate",
    "parse_scale",
    "sizes_for",
]


class _Loader(CaseRows, ContactRows, LoaderBase):
    """Every step: the persons and the run order (LoaderBase), cases, contacts."""


def generate(
    scale: float | str = 1.0,
    *,
    progress: bool = True,
    seed_persons: int = 200,
    out: Callable[[str], None] = print,
) -> ScaleReport:
    """Load the scale dataset (or report the one that is there). See the module docstring."""
    scale = parse_scale(scale)
    sizes = sizes_for(scale)
    if connection.vendor != "postgresql":
        check_database()  # raises the PostgreSQL-only error
    previous = existing_run()
    if previous is not None:
        if not math.isclose(previous["scale"], scale):
            raise ScaleError(
                f"Deze database heeft al een schaaldataset op schaal {previous['scale']:g}; "
                "gebruik een nieuwe database voor een andere schaal."
            )
        return ScaleReport(
            scale=scale, sizes=previous["sizes"], seconds=previous["seconds"], reused=True
        )
    check_database()

    from achterkant.demo.seed import seed_demo

    started = time.monotonic()
    out("Demogegevens laden (seed_demo)…")
    seed_demo(persons_per_organisation=seed_persons)
    report = ScaleReport(scale=scale, sizes=sizes)
    loader = _Loader(sizes, report)
    with transaction.atomic(), connection.cursor() as cursor:
        loader.cursor = cursor
        # Rows written before (the demo seed, when a caller's transaction holds it) are
        # checked now: with triggers queued, PostgreSQL builds no index on the table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        loader.prepare()
        loader.run(progress=progress)
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        report.seconds = time.monotonic() - started
        _record(cursor, report)
    analyse_started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.steps.append(("ANALYZE", 0, time.monotonic() - analyse_started))
    report.seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MARKER_TABLE} SET seconds = %s WHERE id = (SELECT max(id) FROM "  # noqa: S608
            f"{MARKER_TABLE})",
            [report.seconds],
        )
    return report


def _record(cursor, report: ScaleReport) -> None:
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} ("
        "id serial PRIMARY KEY, scale double precision NOT NULL, sizes jsonb NOT NULL, "
        "seconds double precision NOT NULL, finished_at timestamptz NOT NULL DEFAULT now())"
    )
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} (scale, sizes, seconds) VALUES (%s, %s, %s)",  # noqa: S608
        [report.scale, json.dumps(report.sizes), report.seconds],
    )
