# ruff: noqa: S608 - every SQL string here is built from constants and ids, never input
"""The loader: ids reserved up front, steps run in order, the persons."""

import math
import time
from datetime import timedelta

from django.utils import timezone

from achterkant.demo.people import GIVEN_NAMES, STREETS, SURNAMES
from achterkant.demo.scale.sizes import (
    ANALYSE_AFTER,
    CHUNK_ROWS,
    CLOSED_CASES_SINCE,
    OPEN_CASE_DAYS,
    ORGANISATION_SHARES,
    STEP_TABLES,
    ScaleReport,
)
from achterkant.demo.scale.sql import bsn_check_sql, sql_array


class LoaderBase:
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
        streets = sql_array(STREETS)
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
        check = bsn_check_sql("p")
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
                     ({sql_array(GIVEN_NAMES)})[1 + ((c.p * 7) % {len(GIVEN_NAMES)})::int]
                       AS given,
                     ({sql_array(prefixes)})[1 + ((c.p * 13) % {len(SURNAMES)})::int] AS prefix,
                     ({sql_array(surnames)})[1 + ((c.p * 13) % {len(SURNAMES)})::int] AS surname
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
