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
"""

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from achterkant.demo.people import GIVEN_NAMES, STREETS, SURNAMES

LARGE = {
    "persons": 200_000,
    "cases": 1_000_000,
    "open_cases": 37_000,
    "contacts": 5_000_000,
    "contact_requests": 100_000,
    "outbox": 1_000_000,
}
ORGANISATION_SHARES = {"voorbeeld": 0.75, "proefdorp": 0.25}
# Case numbers are ZAAK-yyyy-nnnnnnn: generated ones are 1000001 and up, so they never meet
# the demo's own and the counter goes on after them. That caps the size at 8.9 M per year.
MAX_SCALE = 8.0
CASE_NUMBER_OFFSET = 1_000_000
# A demo seed makes a few hundred persons and some tens of cases and contacts per
# organisation; a database with more than this was used for something else.
DEMO_LIMITS = {
    "identity_person": 5_000,
    "cases_case": 2_000,
    "contacts_contact": 5_000,
    "notify_outboxmessage": 10_000,
}
MARKER_TABLE = "achterkant_scale_run"
OPEN_CASE_DAYS = 90  # open cases started in the last 90 days
CLOSED_CASES_SINCE = date(2025, 1, 1)  # the demo case types are valid from this day
CONTACT_YEARS = 5
CHUNK_ROWS = 500_000
# The table each step fills. Its plain indexes are dropped for the step and built again
# after it (in the same transaction): one sort per index instead of millions of inserts.
STEP_TABLES = {
    "persons": "identity_person",
    "cases": "cases_case",
    "statuses": "cases_casestatus",
    "roles": "cases_role",
    "results": "cases_result",
    "case_events": "cases_caseevent",
    "contacts": "contacts_contact",
    "contact_requests": "contacts_contactrequest",
    "outbox": "notify_outboxmessage",
}
ANALYSE_AFTER = {
    "persons": ("identity_person",),
    "cases": ("cases_case",),
    "contacts": ("contacts_contact",),
}


class ScaleError(Exception):
    """The generator will not run here; the message says why (in Dutch, for the CLI)."""


def parse_scale(value: str | float) -> float:
    """``large`` is 1.0; a number is a multiple of the large sizes (``0.01`` = 1%)."""
    if isinstance(value, str) and value.strip().lower() == "large":
        return 1.0
    try:
        scale = float(value)
    except (TypeError, ValueError) as error:
        raise ScaleError(f"Onbekende schaal {value!r}: gebruik 'large' of een getal.") from error
    if not 0 < scale <= MAX_SCALE:
        raise ScaleError(f"De schaal moet groter dan 0 en hoogstens {MAX_SCALE:g} zijn.")
    return scale


def sizes_for(scale: float) -> dict[str, int]:
    sizes = {name: max(1, round(count * scale)) for name, count in LARGE.items()}
    sizes["persons"] = max(sizes["persons"], 10)
    sizes["cases"] = max(sizes["cases"], 10)
    sizes["open_cases"] = min(max(sizes["open_cases"], 2), sizes["cases"] - 1)
    sizes["contacts"] = max(sizes["contacts"], 20 * sizes["contact_requests"], 20)
    return sizes


@dataclass
class ScaleReport:
    scale: float
    sizes: dict[str, int]
    seconds: float = 0.0
    reused: bool = False
    steps: list[tuple[str, int, float]] = field(default_factory=list)  # name, rows, seconds


def existing_run() -> dict | None:
    """The finished scale run recorded in this database, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(
            f"SELECT scale, sizes, seconds, finished_at FROM {MARKER_TABLE} "  # noqa: S608
            "ORDER BY id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    sizes = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    return {"scale": row[0], "sizes": sizes, "seconds": row[2], "finished_at": row[3]}


def check_database() -> None:
    """Refuse to run on anything but PostgreSQL, or on a database with real data."""
    if connection.vendor != "postgresql":
        raise ScaleError(
            "De schaaldataset werkt alleen op PostgreSQL; zet DATABASE_URL op een "
            "PostgreSQL-database (bijvoorbeeld postgres://postgres@127.0.0.1:5432/"
            "achterkant_scale)."
        )
    from achterkant.demo.seed import ORGANISATIONS
    from achterkant.tenancy.models import Organisation

    demo = {(slug, rsin) for _name, slug, rsin, *_rest in ORGANISATIONS}
    others = [o.slug for o in Organisation.objects.all() if (o.slug, o.rsin) not in demo]
    if others:
        raise ScaleError(
            "Deze database bevat organisaties die niet uit de demo komen "
            f"({', '.join(sorted(others))}): de schaaldataset weigert op echte gegevens."
        )
    with connection.cursor() as cursor:
        for table, limit in DEMO_LIMITS.items():
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) t", [limit + 1])  # noqa: S608
            if cursor.fetchone()[0] > limit:
                raise ScaleError(
                    f"Tabel {table} bevat meer dan {limit} rijen die niet door de "
                    "schaalgenerator zijn gemaakt: de schaaldataset weigert op echte gegevens."
                )


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


# --- the SQL -------------------------------------------------------------------------------

QUESTIONS = [
    ("Paspoort", "Hoe lang duurt het aanvragen van een paspoort?"),
    ("Afval", "Mijn container is niet geleegd."),
    ("Parkeren", "Hoe vraag ik een parkeervergunning aan?"),
    ("Verhuizing", "Ik ga verhuizen, wat moet ik regelen?"),
    ("Status zaak", "Wat is de stand van mijn aanvraag?"),
    ("Belasting", "Ik heb een vraag over mijn aanslag."),
    ("Openbare ruimte", "Er ligt een losse stoeptegel voor mijn deur."),
    ("Bijstand", "Kom ik in aanmerking voor bijzondere bijstand?"),
]  # fmt: skip


def _sql_array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def _bsn_check_sql(prefix: str) -> str:
    """The 11-proef check digit of an 8-digit prefix (10 means: not a valid BSN)."""
    terms = " + ".join(
        f"{9 - position} * (({prefix} / {10 ** (7 - position)}) % 10)" for position in range(8)
    )
    return f"(({terms}) % 11)"


class _Loader:
    def __init__(self, sizes: dict[str, int], report: ScaleReport) -> None:
        self.sizes = sizes
        self.report = report
        self.cursor = None
        self._case_types: dict = {}

    def sql(self, statement: str, params=None) -> int:
        self.cursor.execute(statement, params)
        return max(self.cursor.rowcount, 0)

    # -- preparation: organisations, products, promises, reserved ids ----------------------

    def prepare(self) -> None:
        from achterkant.catalog.models import Product, ResultType, RoleType, StatusType
        from achterkant.catalog.selectors import case_type_version_for
        from achterkant.routing.models import RoutingRule, TeamMembership
        from achterkant.staff.models import User
        from achterkant.tenancy.context import use_organisation
        from achterkant.tenancy.models import Organisation

        self.sql(
            "CREATE TEMP TABLE scale_org (org_id bigint PRIMARY KEY, k int, rsin text, "
            "host text, city text, area int, n_persons int, n_cases int, n_open int, "
            "n_contacts int, n_cr int, n_outbox int, case_off bigint, status_off bigint, "
            "contact_off bigint, agent_id bigint, kcc_team_id bigint, n_products int) "
            "ON COMMIT DROP"
        )
        self.sql(
            "CREATE TEMP TABLE scale_product (org_id bigint, k int, product_id bigint, "
            "product_name text, case_type_id bigint, team_id bigint, member_id bigint, "
            "confidentiality text, st_first bigint, st_second bigint, st_last bigint, "
            "initiator_rt bigint, result_type_id bigint, PRIMARY KEY (org_id, k)) "
            "ON COMMIT DROP"
        )
        from achterkant.demo.seed import ORGANISATIONS

        hosts = {slug: (host, city, area) for _n, slug, _r, host, city, area, _s in ORGANISATIONS}
        offsets = {"case": 0, "status": 0, "contact": 0}
        for k, (slug, share) in enumerate(ORGANISATION_SHARES.items()):
            organisation = Organisation.objects.get(slug=slug)
            counts = {name: max(1, round(n * share)) for name, n in self.sizes.items()}
            counts["open_cases"] = min(counts["open_cases"], counts["cases"] - 1)
            products = list(
                Product.all_tenants.filter(organisation=organisation)
                .exclude(case_type_identification="")
                .order_by("code")
            )
            rules = {
                r.product_code: r.team_id
                for r in RoutingRule.all_tenants.filter(organisation=organisation)
            }
            members = {}
            for membership in TeamMembership.all_tenants.filter(organisation=organisation).order_by(
                "-user__username"
            ):
                members[membership.team_id] = membership.user_id
            agent = User.objects.get(username=f"agent{self._suffix(slug)}")
            kcc_team = next(
                (team for code, team in rules.items() if code == "klacht"), None
            ) or next(iter(rules.values()))
            rows = []
            for index, product in enumerate(products):
                with use_organisation(organisation):
                    case_type = case_type_version_for(
                        product.case_type_identification, CLOSED_CASES_SINCE
                    )
                statuses = list(
                    StatusType.all_tenants.filter(case_type=case_type)
                    .order_by("sequence")
                    .values_list("pk", flat=True)
                )
                initiator = (
                    RoleType.all_tenants.filter(
                        case_type=case_type, generic_description=RoleType.Generic.INITIATOR
                    )
                    .order_by("pk")
                    .values_list("pk", flat=True)
                    .first()
                )
                result = (
                    ResultType.all_tenants.filter(case_type=case_type)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                    .first()
                )
                team_id = rules.get(product.code, kcc_team)
                rows.append((
                    organisation.pk, index, product.pk, product.name, case_type.pk, team_id,
                    members.get(team_id), case_type.confidentiality, statuses[0],
                    statuses[1] if len(statuses) > 2 else None, statuses[-1], initiator, result,
                ))  # fmt: skip
                self._case_types[case_type.pk] = case_type
            self.cursor.executemany(
                "INSERT INTO scale_product VALUES (" + ",".join(["%s"] * 13) + ")", rows
            )
            host, city, area = hosts[slug]
            self.sql(
                "INSERT INTO scale_org VALUES (" + ",".join(["%s"] * 18) + ")",
                [
                    organisation.pk, k, organisation.rsin, host, city, area,
                    counts["persons"], counts["cases"], counts["open_cases"],
                    counts["contacts"], counts["contact_requests"], counts["outbox"],
                    offsets["case"], offsets["status"], offsets["contact"],
                    agent.pk, kcc_team, len(products),
                ],
            )  # fmt: skip
            offsets["case"] += counts["cases"]
            offsets["status"] += counts["cases"] * 3
            offsets["contact"] += counts["contacts"]
        self.totals = offsets
        self._promises()
        self.case_base = self._reserve("cases_case", offsets["case"])
        self.status_base = self._reserve("cases_casestatus", offsets["status"])
        self.contact_base = self._reserve("contacts_contact", offsets["contact"])
        self.today = timezone.localdate()

    @staticmethod
    def _suffix(slug: str) -> str:
        from achterkant.demo.seed import ORGANISATIONS

        return next(s for _n, sl, _r, _h, _c, _a, s in ORGANISATIONS if sl == slug)

    def _promises(self) -> None:
        """The stored promise of an open case, per case type and start date, from the same
        code that stores it for a real case (``cases.sla.compute``)."""
        from achterkant.cases.models import Case
        from achterkant.cases.promise import PromiseContext
        from achterkant.cases.sla import compute
        from achterkant.tenancy.models import Organisation

        self.sql(
            "CREATE TEMP TABLE scale_promise (case_type_id bigint, age int, "
            "latest_end_date date, planned_end_date date, sla_due_at timestamptz, "
            "queue_due_at timestamptz, sla_state text, sla_next_check_at timestamptz, "
            "PRIMARY KEY (case_type_id, age)) ON COMMIT DROP"
        )
        from achterkant.tenancy.context import use_organisation

        now = timezone.now()
        today = timezone.localdate(now)
        rows = []
        for case_type in self._case_types.values():
            organisation = Organisation.objects.get(pk=case_type.organisation_id)
            with use_organisation(organisation):
                context = PromiseContext()
                for age in range(OPEN_CASE_DAYS):
                    start = today - timedelta(days=age)
                    case = Case(
                        case_type=case_type, start_date=start, registered_on=start,
                        channel="web", confidentiality=case_type.confidentiality,
                        organisation=organisation,
                    )  # fmt: skip
                    fields = compute(case, now=now, context=context, is_new=True)
                    rows.append((
                        case_type.pk, age, fields["latest_end_date"], fields["planned_end_date"],
                        fields["sla_due_at"], fields["queue_due_at"], fields["sla_state"],
                        fields["sla_next_check_at"],
                    ))  # fmt: skip
        self.cursor.executemany("INSERT INTO scale_promise VALUES (%s,%s,%s,%s,%s,%s,%s,%s)", rows)

    def _reserve(self, table: str, count: int) -> int:
        """Reserve ``count`` ids of ``table``'s sequence; returns the first."""
        self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = self.cursor.fetchone()[0]
        self.cursor.execute(
            f"SELECT GREATEST((SELECT coalesce(max(id), 0) FROM {table}), "  # noqa: S608
            f"(SELECT last_value FROM {sequence})) + 1"
        )
        base = self.cursor.fetchone()[0]
        self.cursor.execute("SELECT setval(%s, %s)", [sequence, base + count])
        return base

    # -- the steps -------------------------------------------------------------------------

    def run(self, *, progress: bool) -> None:
        steps = [
            ("personen", "persons", self.persons),
            ("zaken", "cases", self.cases),
            ("statushistorie", "cases", self.statuses),
            ("rollen", "cases", self.roles),
            ("resultaten", "cases", self.results),
            ("zaakgebeurtenissen", "cases", self.case_events),
            ("zaaknummerteller", None, self.counters),
            ("klantcontacten", "contacts", self.contacts),
            ("contactverzoeken", "contact_requests", self.contact_requests),
            ("uitgaande berichten", "outbox", self.outbox),
        ]
        plan = []
        for label, size_key, step in steps:
            rows = self.sizes[size_key] if size_key else 1
            chunks = max(1, math.ceil(rows / CHUNK_ROWS)) if size_key else 1
            plan.append((label, chunks, step))
        if progress:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            columns = (
                TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(),
            )  # fmt: skip
            with Progress(*columns) as bar:
                tasks = [bar.add_task(label, total=chunks) for label, chunks, _ in plan]
                for task, (label, chunks, step) in zip(tasks, plan, strict=True):
                    self._run_step(label, chunks, step, lambda t=task: bar.advance(t))
        else:
            for label, chunks, step in plan:
                self._run_step(label, chunks, step, lambda: None)

    def _run_step(self, label, chunks, step, advance) -> None:
        started = time.monotonic()
        rows = 0
        table = STEP_TABLES.get(step.__name__)
        indexes = self._drop_plain_indexes(table) if table else []
        for chunk in range(chunks):
            rows += step(chunk / chunks, (chunk + 1) / chunks)
            advance()
        for definition in indexes:
            self.sql(definition)
        # Later steps join on what this one wrote: let the planner see it.
        for table in ANALYSE_AFTER.get(step.__name__, ()):
            self.sql(f"ANALYZE {table}")
        self.report.steps.append((label, rows, time.monotonic() - started))

    def _drop_plain_indexes(self, table: str) -> list[str]:
        """Drop ``table``'s indexes that back no constraint; returns their definitions."""
        self.cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        found = self.cursor.fetchall()
        for name, _definition in found:
            self.sql(f"DROP INDEX {name}")
        return [definition for _name, definition in found]

    @staticmethod
    def _series(n: str, lo: float, hi: float) -> str:
        """generate_series over this chunk of 0..n-1 (n a column of scale_org)."""
        return f"generate_series(floor({n} * {lo!r})::bigint, floor({n} * {hi!r})::bigint - 1)"

    def persons(self, lo: float, hi: float) -> int:
        # Candidates 7xxxxxxx / 75xxxxxx (per organisation) with their 11-proef check digit;
        # a prefix whose check digit would be 10 has no valid BSN and is skipped.
        if lo == 0:
            self._person_numbers()
        streets = _sql_array(STREETS)
        return self.sql(
            f"""
            INSERT INTO identity_person (bsn, given_names, surname_prefix, surname,
              birth_date, street, house_number, house_number_addition, postcode, city,
              email, phone, secret, organisation_id)
            SELECT sp.bsn, sp.given, sp.prefix, sp.surname,
                   date '1930-01-01' + ((sp.idx * 7919) % 27000)::int,
                   ({streets})[1 + (sp.idx % {len(STREETS)})::int], 1 + (sp.idx * 31) % 180,
                   CASE WHEN sp.idx % 17 = 0 THEN 'A' ELSE '' END,
                   (o.area + (sp.idx / 3000) % 999)::text
                     || chr(65 + (sp.idx % 26)::int) || chr(65 + ((sp.idx / 26) % 26)::int),
                   o.city,
                   CASE WHEN sp.idx % 5 = 4 THEN '' ELSE sp.email END,
                   CASE WHEN sp.idx % 3 = 0 THEN '' ELSE '06' || (10000000 + sp.idx)::text END,
                   sp.idx % 997 = 0, sp.org_id
            FROM scale_person sp JOIN scale_org o USING (org_id)
            WHERE NOT EXISTS (SELECT 1 FROM identity_person ip WHERE ip.organisation_id =
                              sp.org_id AND ip.bsn = sp.bsn)
              AND sp.idx >= floor(o.n_persons * {lo!r}) AND sp.idx < floor(o.n_persons * {hi!r})
            """
        )

    def _person_numbers(self) -> None:
        """BSN, name and e-mail address of person idx of each organisation."""
        self.sql(
            "CREATE TEMP TABLE scale_person (org_id bigint, idx bigint, "
            "bsn text, given text, prefix text, surname text, email text, "
            "PRIMARY KEY (org_id, idx)) ON COMMIT DROP"
        )
        check = _bsn_check_sql("p")
        surnames = [s for _p, s in SURNAMES]
        prefixes = [p for p, _s in SURNAMES]
        series = self._series("ceil(o.n_persons * 1.12 + 20)", 0.0, 1.0)
        self.sql(
            f"""
            INSERT INTO scale_person
            SELECT org_id, idx, bsn, given, prefix, surname,
                   lower(given) || '.' || lower(replace(surname, ' ', '')) || idx
                   || '@example.nl'
            FROM (
              SELECT o.org_id, o.n_persons,
                     (row_number() OVER (PARTITION BY o.org_id ORDER BY c.p)) - 1 AS idx,
                     (c.p * 10 + c.chk)::text AS bsn,
                     ({_sql_array(GIVEN_NAMES)})[1 + ((c.p * 7) % {len(GIVEN_NAMES)})::int]
                       AS given,
                     ({_sql_array(prefixes)})[1 + ((c.p * 13) % {len(SURNAMES)})::int] AS prefix,
                     ({_sql_array(surnames)})[1 + ((c.p * 13) % {len(SURNAMES)})::int] AS surname
              FROM scale_org o
              CROSS JOIN LATERAL (
                SELECT p, {check} AS chk
                FROM (SELECT 70000000 + o.k * 5000000 + s AS p FROM {series} s) q
              ) c
              WHERE c.chk < 10
            ) x
            WHERE idx < n_persons
            """
        )
        self.sql("ANALYZE scale_person")

    def cases(self, lo: float, hi: float) -> int:
        # Case i of an organisation: closed cases first (oldest), the last n_open are open.
        # Person: (i * 1000003) mod n_persons; product: (i * 13) mod n_products.
        today = self.today
        closed_days = max(1, (today - CLOSED_CASES_SINCE).days - 10)
        series = self._series("o.n_cases", lo, hi)
        return self.sql(
            f"""
            INSERT INTO cases_case (id, number, description, explanation,
              responsible_organisation_rsin, registered_on, start_date, end_date,
              planned_end_date, latest_end_date, channel, products_or_services,
              confidentiality, payment_indication, selection_list_class, "references",
              archive_nomination, archive_status, initiator_bsn, created_at, case_type_id,
              created_by_id, organisation_id, product_id, current_status_id, assignee_id,
              queue_due_at, sla_due_at, sla_next_check_at, sla_state, team_id, urgency)
            SELECT {self.case_base} + o.case_off + c.i,
                   'ZAAK-' || extract(year FROM c.start)::int || '-'
                     || ({CASE_NUMBER_OFFSET} + c.i + 1)::text,
                   left(pr.product_name || ' voor ' || sp.surname, 80), '',
                   o.rsin, c.start, c.start, c.end_date,
                   CASE WHEN c.open THEN pm.planned_end_date ELSE c.start + 14 END,
                   CASE WHEN c.open THEN pm.latest_end_date ELSE c.start + 42 END,
                   (ARRAY['web','web','phone','email','counter','letter'])
                     [1 + ((c.i * 7) % 6)::int],
                   '[]'::jsonb, pr.confidentiality, '', '', '[]'::jsonb, '',
                   'nog_te_archiveren', sp.bsn,
                   c.start + time '09:00' + make_interval(secs => (c.i * 7919) % 28800),
                   pr.case_type_id,
                   CASE WHEN c.i % 3 = 0 THEN o.agent_id END, o.org_id, pr.product_id,
                   {self.status_base} + o.status_off + c.i * 3
                     + CASE WHEN NOT c.open THEN 2
                            WHEN c.i % 2 = 0 AND pr.st_second IS NOT NULL THEN 1 ELSE 0 END,
                   CASE WHEN NOT c.open OR c.i % 5 < 2 THEN pr.member_id END,
                   CASE WHEN c.open THEN pm.queue_due_at END,
                   CASE WHEN c.open THEN pm.sla_due_at END,
                   CASE WHEN c.open THEN pm.sla_next_check_at END,
                   CASE WHEN c.open THEN pm.sla_state ELSE 'done' END,
                   pr.team_id, CASE WHEN c.i % 50 = 0 THEN 3 ELSE 2 END
            FROM scale_org o
            CROSS JOIN LATERAL (
              SELECT i, open, start,
                     CASE WHEN open THEN NULL
                          ELSE least(start + (1 + (i * 37) % 60)::int, date '{today}') END
                       AS end_date
              FROM (
                SELECT s AS i, s >= o.n_cases - o.n_open AS open,
                       CASE WHEN s >= o.n_cases - o.n_open
                            THEN date '{today}' - floor({OPEN_CASE_DAYS}
                                 * power(((s * 7919) % 1000) / 1000.0, 2.5))::int
                            ELSE date '{CLOSED_CASES_SINCE}'
                                 + (s * {closed_days} / greatest(o.n_cases - o.n_open, 1))::int
                       END AS start
                FROM {series} s
              ) q
            ) c
            JOIN scale_product pr ON pr.org_id = o.org_id AND pr.k = (c.i * 13) % o.n_products
            JOIN scale_person sp ON sp.org_id = o.org_id
                                AND sp.idx = (c.i * 1000003) % o.n_persons
            LEFT JOIN scale_promise pm ON c.open AND pm.case_type_id = pr.case_type_id
                                      AND pm.age = date '{today}' - c.start
            """
        )

    def _generated_cases(self, lo: float, hi: float) -> str:
        return (
            f"cases_case c JOIN scale_org o ON o.org_id = c.organisation_id "
            f"AND c.id >= {self.case_base} + o.case_off + floor(o.n_cases * {lo!r}) "
            f"AND c.id < {self.case_base} + o.case_off + floor(o.n_cases * {hi!r}) "
            f"JOIN scale_product pr ON pr.org_id = o.org_id AND pr.product_id = c.product_id"
        )

    def statuses(self, lo: float, hi: float) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_casestatus (id, set_at, note, case_id, organisation_id,
              set_by_id, status_type_id)
            SELECT {self.status_base} + o.status_off + (c.id - {self.case_base} - o.case_off) * 3
                     + j.n,
                   CASE j.n WHEN 0 THEN c.created_at
                            WHEN 1 THEN c.created_at + interval '2 hours'
                            ELSE c.end_date + time '15:30' END,
                   '', c.id, c.organisation_id,
                   CASE WHEN j.n > 0 THEN c.assignee_id END,
                   CASE j.n WHEN 0 THEN pr.st_first WHEN 1 THEN pr.st_second
                            ELSE pr.st_last END
            FROM {self._generated_cases(lo, hi)}
            CROSS JOIN (VALUES (0), (1), (2)) j(n)
            WHERE (j.n = 0)
               OR (j.n = 1 AND pr.st_second IS NOT NULL
                   AND (c.end_date IS NOT NULL
                        OR c.current_status_id = {self.status_base} + o.status_off
                           + (c.id - {self.case_base} - o.case_off) * 3 + 1))
               OR (j.n = 2 AND c.end_date IS NOT NULL)
            """
        )

    def roles(self, lo: float, hi: float) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_role (subject_type, bsn, rsin, kvk_number, branch_number,
              team_identification, display_name, explanation, authorisation, registered_at,
              case_id, organisation_id, role_type_id, staff_member_id)
            SELECT 'natuurlijk_persoon', c.initiator_bsn, '', '', '', '', '', '', '',
                   c.created_at, c.id, c.organisation_id, pr.initiator_rt, NULL
            FROM {self._generated_cases(lo, hi)}
            """
        )

    def results(self, lo: float, hi: float) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_result (explanation, case_id, organisation_id, result_type_id)
            SELECT '', c.id, c.organisation_id, pr.result_type_id
            FROM {self._generated_cases(lo, hi)}
            WHERE c.end_date IS NOT NULL AND pr.result_type_id IS NOT NULL
            """
        )

    def case_events(self, lo: float, hi: float) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_caseevent (kind, at, text, actor_id, case_id, organisation_id)
            SELECT e.kind, e.at, e.text, e.actor, c.id, c.organisation_id
            FROM {self._generated_cases(lo, hi)}
            JOIN routing_team t ON t.id = c.team_id
            CROSS JOIN LATERAL (VALUES
              ('routed', c.created_at, 'Gerouteerd naar ' || t.name, NULL::bigint, true),
              ('taken', c.created_at + interval '3 hours', '', c.assignee_id,
               c.assignee_id IS NOT NULL)
            ) e(kind, at, text, actor, wanted)
            WHERE e.wanted
            """
        )

    def counters(self, lo: float, hi: float) -> int:
        rows = self._counter_rows()
        # Case numbers may come from a sequence per organisation and year (cases.numbering);
        # one the demo seed already made must go on after the generated numbers too.
        self.cursor.execute(
            "SELECT organisation_id, year, last_number FROM cases_casenumbercounter"
        )
        for organisation_id, year, last_number in self.cursor.fetchall():
            name = f"case_number_{int(organisation_id)}_{int(year)}"
            self.cursor.execute("SELECT to_regclass(%s)", [name])
            if self.cursor.fetchone()[0] is not None:
                self.cursor.execute(
                    f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {name})))",
                    [name, last_number],
                )
        return rows

    def _counter_rows(self) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_casenumbercounter (year, last_number, organisation_id)
            SELECT extract(year FROM c.start_date)::int,
                   {CASE_NUMBER_OFFSET} + max(c.id - {self.case_base} - o.case_off) + 1,
                   c.organisation_id
            FROM cases_case c JOIN scale_org o ON o.org_id = c.organisation_id
            WHERE c.id >= {self.case_base}
            GROUP BY 1, 3
            ON CONFLICT (organisation_id, year) DO UPDATE
              SET last_number = GREATEST(cases_casenumbercounter.last_number,
                                         EXCLUDED.last_number)
            """
        )

    def contacts(self, lo: float, hi: float) -> int:
        # Contact j: over five years, oldest first; every tenth is about a case (j % 10 = 0),
        # j % 20 = 13 is anonymous, j % 10 = 7 led to a contact request.
        span = CONTACT_YEARS * 365 * 86400
        subjects = _sql_array([s for s, _q in QUESTIONS])
        questions = _sql_array([q for _s, q in QUESTIONS])
        series = self._series("o.n_contacts", lo, hi)
        return self.sql(
            f"""
            INSERT INTO contacts_contact (id, channel, bsn, kvk_number, subject, question,
              answer, outcome, answered_at_first_contact, referred_to, started_at, ended_at,
              handling_seconds, response_due_at, responded_at, idempotency_key, agent_id,
              case_id, organisation_id, product_id)
            SELECT {self.contact_base} + o.contact_off + x.j, x.channel,
                   CASE WHEN x.j % 20 = 13 THEN '' ELSE sp.bsn END,
                   '', ({subjects})[1 + x.q::int], ({questions})[1 + x.q::int],
                   CASE WHEN x.outcome = 'answered' THEN 'Uitgelegd en verwezen naar de '
                        || 'website.' ELSE '' END,
                   x.outcome, x.outcome = 'answered',
                   CASE WHEN x.outcome = 'referred' THEN 'Belastingsamenwerking' ELSE '' END,
                   x.started, x.started + make_interval(secs => x.handling), x.handling,
                   CASE WHEN x.channel IN ('email', 'letter')
                        THEN x.started + interval '2 days' END,
                   CASE WHEN x.channel IN ('email', 'letter')
                        THEN x.started + make_interval(hours => 4 + (x.j % 60)::int) END,
                   NULL,
                   CASE WHEN x.channel IN ('phone', 'counter', 'chat', 'social')
                        THEN o.agent_id END,
                   CASE WHEN x.j % 10 = 0 THEN {self.case_base} + o.case_off + x.c END,
                   o.org_id, pr.product_id
            FROM scale_org o
            CROSS JOIN LATERAL (
              SELECT s AS j, (s * 7) % 8 AS q, (s / 10 * 7) % o.n_cases AS c,
                     CASE WHEN s % 100 < 45 THEN 'phone' WHEN s % 100 < 58 THEN 'counter'
                          WHEN s % 100 < 73 THEN 'email' WHEN s % 100 < 85 THEN 'web'
                          WHEN s % 100 < 90 THEN 'letter' WHEN s % 100 < 96 THEN 'chat'
                          ELSE 'social' END AS channel,
                     CASE s % 10 WHEN 0 THEN 'case' WHEN 7 THEN 'contact_request'
                          WHEN 8 THEN 'referred' ELSE 'answered' END AS outcome,
                     60 + (s * 7919) % 840 AS handling,
                     date_trunc('day', now() - make_interval(secs =>
                         (o.n_contacts - 1 - s)::double precision * {span} / o.n_contacts))
                       + interval '8 hours' + make_interval(secs => (s * 104729) % 32400)
                       AS started
              FROM {series} s
            ) x
            -- A contact about a case is with its initiator: case c's person (see cases()).
            JOIN scale_person sp ON sp.org_id = o.org_id
                 AND sp.idx = CASE WHEN x.j % 10 = 0 THEN (x.c * 1000003) % o.n_persons
                                   ELSE (x.j * 104729) % o.n_persons END
            LEFT JOIN scale_product pr ON pr.org_id = o.org_id AND x.j % 4 = 0
                                      AND pr.k = (x.j / 4) % o.n_products
            """
        )

    def contact_requests(self, lo: float, hi: float) -> int:
        # Request r comes from contact j = 10 * ((r * step) mod (n_contacts / 10)) + 7 (an
        # outcome 'contact_request'); the last 5% are still to do.
        series = self._series("o.n_cr", lo, hi)
        return self.sql(
            f"""
            INSERT INTO contacts_contactrequest (bsn, kvk_number, name, phone, email,
              question, preferred_time, status, due_at, created_at, closed_at, assignee_id,
              contact_id, created_by_id, organisation_id, product_id, team_id,
              sla_next_check_at, sla_state, urgency)
            SELECT ct.bsn, '',
                   coalesce(concat_ws(' ', p.given_names, nullif(p.surname_prefix, ''),
                                      p.surname), 'Onbekend'),
                   coalesce(nullif(p.phone, ''), '0201234567'), coalesce(p.email, ''),
                   ct.question, CASE WHEN x.r % 3 = 0 THEN 'ochtend' ELSE '' END,
                   CASE WHEN x.todo THEN 'todo' ELSE 'done' END,
                   x.created + interval '2 days', x.created,
                   CASE WHEN NOT x.todo THEN x.created + interval '1 day' END,
                   NULL, ct.id, o.agent_id, o.org_id, ct.product_id,
                   CASE WHEN x.r % 4 = 0 THEN o.kcc_team_id
                        ELSE (SELECT pr.team_id FROM scale_product pr
                              WHERE pr.org_id = o.org_id AND pr.k = x.r % o.n_products) END,
                   CASE WHEN x.todo THEN greatest(x.created + interval '2 days', now()) END,
                   CASE WHEN NOT x.todo THEN 'done'
                        WHEN x.created + interval '2 days' < now() THEN 'breached'
                        WHEN x.created + interval '1 day' < now() THEN 'warning'
                        ELSE 'on_time' END,
                   2
            FROM scale_org o
            CROSS JOIN LATERAL (
              SELECT s AS r, s >= o.n_cr - greatest(o.n_cr / 20, 1) AS todo,
                     {self.contact_base} + o.contact_off
                       + 10 * ((s * greatest(o.n_contacts / 10 / o.n_cr, 1))
                               % greatest(o.n_contacts / 10, 1)) + 7 AS contact_id,
                     CASE WHEN s >= o.n_cr - greatest(o.n_cr / 20, 1)
                          THEN now() - make_interval(hours => ((s * 7) % 96)::int)
                          ELSE now() - make_interval(
                                   days => 5 + ((o.n_cr - s) * 730 / o.n_cr)::int)
                     END AS created
              FROM {series} s
            ) x
            JOIN contacts_contact ct ON ct.id = x.contact_id
            LEFT JOIN identity_person p ON p.organisation_id = o.org_id AND p.bsn = ct.bsn
            """
        )

    def outbox(self, lo: float, hi: float) -> int:
        # Message m is about case (m * 7) mod n_cases: opened, status changed or closed.
        series = self._series("o.n_outbox", lo, hi)
        return self.sql(
            f"""
            INSERT INTO notify_outboxmessage (channel, event_code, recipient, bsn, subject,
              body, reference, status, attempts, last_error, created_at, next_attempt_at,
              claimed_at, sent_at, organisation_id, in_berichtenbox, read_at, message_id,
              send_attempted_at)
            SELECT 'email', e.code, coalesce(p.email, ''), c.initiator_bsn,
                   e.subject || ' (' || c.number || ')',
                   'Beste inwoner,' || chr(10) || chr(10) || e.subject || '. Uw zaaknummer is '
                     || c.number || '.' || chr(10) || chr(10) || 'Met vriendelijke groet,'
                     || chr(10) || 'De gemeente',
                   c.number, CASE WHEN x.pending THEN 'pending' ELSE 'sent' END,
                   CASE WHEN x.pending THEN 0 ELSE 1 END, '', x.at, NULL, NULL,
                   CASE WHEN NOT x.pending THEN x.at + interval '1 minute' END,
                   o.org_id, true,
                   CASE WHEN x.m % 3 = 0 THEN x.at + interval '1 day' END,
                   CASE WHEN coalesce(p.email, '') = '' THEN ''
                        ELSE '<scale-' || o.org_id || '-' || x.m || '@' || o.host || '>' END,
                   CASE WHEN NOT x.pending THEN x.at END
            FROM scale_org o
            CROSS JOIN LATERAL (
              SELECT s AS m, s % 3 AS kind, s >= o.n_outbox - greatest(o.n_outbox / 1000, 1)
                       AS pending,
                     {self.case_base} + o.case_off + (s * 7) % o.n_cases AS case_id
              FROM {series} s
            ) x0
            JOIN cases_case c ON c.id = x0.case_id
            CROSS JOIN LATERAL (
              SELECT x0.m, x0.pending,
                     CASE WHEN x0.kind = 2 AND c.end_date IS NOT NULL
                          THEN c.end_date + time '16:00'
                          ELSE c.created_at + make_interval(mins => x0.kind::int * 1500)
                     END AS at,
                     CASE WHEN x0.kind = 2 AND c.end_date IS NOT NULL THEN 'closed'
                          WHEN x0.kind = 0 THEN 'opened' ELSE 'status_changed' END AS ev
            ) x
            CROSS JOIN LATERAL (
              SELECT 'case.' || x.ev AS code,
                     CASE x.ev WHEN 'opened' THEN 'Wij hebben uw verzoek ontvangen'
                               WHEN 'closed' THEN 'Uw zaak is afgerond'
                               ELSE 'De status van uw zaak is gewijzigd' END AS subject
            ) e
            LEFT JOIN identity_person p ON p.organisation_id = o.org_id
                                       AND p.bsn = c.initiator_bsn
            """
        )
