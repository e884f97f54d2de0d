# ruff: noqa: S608 - every SQL string here is built from constants and ids, never input
"""Contacts on every channel, contact requests and outbox messages."""

from achterkant.demo.scale.sizes import CONTACT_YEARS
from achterkant.demo.scale.sql import QUESTIONS, sql_array


class ContactRows:
    def contacts(self, lo: float, hi: float) -> int:
        # Contact j: over five years, oldest first; every tenth is about a case (j % 10 = 0),
        # j % 20 = 13 is anonymous, j % 10 = 7 led to a contact request.
        span = CONTACT_YEARS * 365 * 86400
        subjects = sql_array([s for s, _q in QUESTIONS])
        questions = sql_array([q for _s, q in QUESTIONS])
        series = self._series("o.n_contacts", lo, hi)
        return self.sql(
            f"""
            INSERT INTO contacts_contact (id, channel, bsn, kvk_number, subject, question,
              answer, outcome, answered_at_first_contact, referred_to, started_at, ended_at,
              handling_seconds, response_due_at, responded_at, idempotency_key, agent_id,
              case_id, organisation_id, product_id, triage_status, triage_suggestions)
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
                   o.org_id, pr.product_id,
                   -- History: each contact kept the product it was given; none was triaged.
                   '', '[]'::jsonb
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
              question, preferred_from, preferred_until, preferred_note, status, due_at,
              created_at, closed_at, assignee_id,
              contact_id, created_by_id, organisation_id, product_id, team_id,
              sla_next_check_at, sla_state, urgency)
            SELECT ct.bsn, '',
                   coalesce(concat_ws(' ', p.given_names, nullif(p.surname_prefix, ''),
                                      p.surname), 'Onbekend'),
                   coalesce(nullif(p.phone, ''), '0201234567'), coalesce(p.email, ''),
                   ct.question, CASE WHEN x.r % 3 = 0 THEN time '09:00' END,
                   CASE WHEN x.r % 3 = 0 THEN time '12:00' END, '',
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
