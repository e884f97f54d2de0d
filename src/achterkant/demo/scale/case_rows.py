# ruff: noqa: S608 - every SQL string here is built from constants and ids, never input
"""Cases with their status history, roles, results, events and case-number counters."""

from achterkant.demo.scale.sizes import CASE_NUMBER_OFFSET, CLOSED_CASES_SINCE, OPEN_CASE_DAYS


class CaseRows:
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
              queue_due_at, sla_due_at, sla_next_check_at, sla_state, team_id, urgency, uuid,
              source_organisation_rsin, commissioning_organisation, channel_url,
              process_object_nature)
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
                   pr.team_id, CASE WHEN c.i % 50 = 0 THEN 3 ELSE 2 END, gen_random_uuid(),
                   o.rsin, '', '', ''
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
              set_by_id, status_type_id, uuid, shared_with_party)
            SELECT {self.status_base} + o.status_off + (c.id - {self.case_base} - o.case_off) * 3
                     + j.n,
                   CASE j.n WHEN 0 THEN c.created_at
                            WHEN 1 THEN c.created_at + interval '2 hours'
                            ELSE c.end_date + time '15:30' END,
                   '', c.id, c.organisation_id,
                   CASE WHEN j.n > 0 THEN c.assignee_id END,
                   CASE j.n WHEN 0 THEN pr.st_first WHEN 1 THEN pr.st_second
                            ELSE pr.st_last END,
                   gen_random_uuid(), false
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
              case_id, organisation_id, role_type_id, staff_member_id, uuid, subject_url)
            SELECT 'natuurlijk_persoon', c.initiator_bsn, '', '', '', '', '', '', '',
                   c.created_at, c.id, c.organisation_id, pr.initiator_rt, NULL, gen_random_uuid(),
                   ''
            FROM {self._generated_cases(lo, hi)}
            """
        )

    def results(self, lo: float, hi: float) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_result (explanation, case_id, organisation_id, result_type_id,
              uuid)
            SELECT '', c.id, c.organisation_id, pr.result_type_id, gen_random_uuid()
            FROM {self._generated_cases(lo, hi)}
            WHERE c.end_date IS NOT NULL AND pr.result_type_id IS NOT NULL
            """
        )

    def case_events(self, lo: float, hi: float) -> int:
        return self.sql(
            f"""
            INSERT INTO cases_caseevent
              (kind, at, text, actor_id, case_id, organisation_id, shared_with_party)
            SELECT e.kind, e.at, e.text, e.actor, c.id, c.organisation_id, false
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
