"""Run by tests/conf/test_read_replica.py in its own process, against a real primary
(DATABASE_URL) and its streaming replica (DATABASE_REPLICA_URL), both already migrated.

Prints one JSON object: what each scenario read, and from which server. Not a test itself.
"""

import json
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "achterkant.conf.settings")

import django  # noqa: E402

django.setup()

from django.db import connections, router, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from achterkant.cases.models import Case  # noqa: E402
from achterkant.cases.selectors import recent_cases  # noqa: E402
from achterkant.conf.db_router import end_unit_of_work, start_unit_of_work  # noqa: E402
from tests.conftest import HOST_A, Tenant, make_organisation  # noqa: E402

CATCH_UP_SECONDS = 30


def _scalar(alias: str, sql: str):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _wait_for_replay() -> None:
    """Until the replica has replayed everything the primary wrote so far."""
    target = _scalar("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + CATCH_UP_SECONDS
    while time.monotonic() < deadline:
        caught_up = _scalar(
            "replica",
            f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn",  # noqa: S608
        )
        if caught_up:
            return
        time.sleep(0.05)
    raise SystemExit("the replica did not catch up")


def _read_recent(tenant, *, write_first: bool = False, atomic: bool = False) -> dict:
    """One unit of work (a request): optionally a write first, then the opted-in selector."""
    token = start_unit_of_work()
    try:
        with (
            CaptureQueriesContext(connections["default"]) as on_primary,
            CaptureQueriesContext(connections["replica"]) as on_replica,
        ):
            new_number = tenant.open_case().number if write_first else None
            with tenant.active():
                if atomic:
                    with transaction.atomic():
                        numbers = [case.number for case in recent_cases()]
                else:
                    numbers = [case.number for case in recent_cases()]
        return {
            "numbers": numbers,
            "new_number": new_number,
            "primary_selects": sum(
                q["sql"].lstrip().upper().startswith("SELECT") for q in on_primary.captured_queries
            ),
            "replica_queries": len(on_replica.captured_queries),
        }
    finally:
        end_unit_of_work(token)


def main() -> None:
    result = {
        "replica_in_recovery": _scalar("replica", "SELECT pg_is_in_recovery()"),
        "primary_in_recovery": _scalar("default", "SELECT pg_is_in_recovery()"),
        "allow_migrate_replica": router.allow_migrate("replica", "cases", model_name="case"),
        "allow_migrate_default": router.allow_migrate("default", "cases", model_name="case"),
    }
    tenant = Tenant(
        make_organisation("Gemeente A", "a", "001000007", HOST_A), HOST_A, "999993653", "-a"
    )
    first = tenant.open_case().number
    _wait_for_replay()
    result["first_number"] = first
    # 1. A request that wrote nothing: the list comes from the replica.
    result["clean"] = _read_recent(tenant)
    # 2. The replica stops replaying (as if it lagged), then a request writes and reads.
    _scalar("replica", "SELECT pg_wal_replay_pause()::text")
    result["after_write"] = _read_recent(tenant, write_first=True)
    # 3. The next request without a write reads the lagging replica: the new case is not
    #    there yet. That is the lag that rule 2 protects the writer from.
    result["lagging"] = _read_recent(tenant)
    # 4. Inside a transaction: the primary, whatever was written.
    result["atomic"] = _read_recent(tenant, atomic=True)
    # 5. Replay resumes: the replica has it too.
    _scalar("replica", "SELECT pg_wal_replay_resume()::text")
    _wait_for_replay()
    result["caught_up"] = _read_recent(tenant)
    # 6. The replica refuses writes, whatever a caller tries.
    try:
        with transaction.atomic(using="replica"):
            Case.all_tenants.using("replica").filter(number=first).update(description="x")
        result["replica_write"] = "accepted"
    except Exception as error:  # noqa: BLE001 - reported to the test
        result["replica_write"] = str(error).splitlines()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
