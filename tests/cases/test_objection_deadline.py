"""The last day to object to a decision (bezwaar, Awb 6:7 and 6:8): one place for it."""

from datetime import date

import pytest

from achterkant.cases.deadlines import objection_deadline
from achterkant.cases.models import Decision
from achterkant.catalog.models import DecisionType


def _decision(*, reaction_term="", **fields) -> Decision:
    return Decision(
        decision_type=DecisionType(description="Vergunning", reaction_term=reaction_term),
        effective_from=fields.get("decided_on", date(2026, 3, 2)),
        **{"decided_on": date(2026, 3, 2), **fields},
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Six weeks from the day after it was made known: Monday 2 March -> Monday 13 April.
        ({}, date(2026, 4, 13)),
        # Sent later than it was taken: the term starts from the sending (6:8).
        ({"sent_on": date(2026, 3, 4)}, date(2026, 4, 15)),
        # Published, not sent: from the publication.
        ({"publication_date": date(2026, 3, 3)}, date(2026, 4, 14)),
        # Ends on a Sunday (12 April): the Atw moves it to Monday.
        ({"decided_on": date(2026, 3, 1)}, date(2026, 4, 13)),
        # Ends on King's Day, Monday 27 April 2026: the Atw moves it to Tuesday.
        ({"decided_on": date(2026, 3, 16)}, date(2026, 4, 28)),
        # The decision type's own reactietermijn counts instead of the six weeks.
        ({"reaction_term": "P4W"}, date(2026, 3, 30)),
        # A term the Atw does not cover (more than twelve weeks) is not moved.
        ({"reaction_term": "P13W", "decided_on": date(2026, 3, 1)}, date(2026, 5, 31)),
        # What the decision registered as its uiterlijke reactiedatum wins.
        ({"response_deadline": date(2026, 5, 4)}, date(2026, 5, 4)),
    ],
)
def test_the_objection_deadline(db, tenant_a, fields, expected):
    with tenant_a.active():
        assert objection_deadline(_decision(**fields)) == expected
