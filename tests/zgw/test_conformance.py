"""The official VNG ZGW conformance suite (folders ``ac``, ``ztc``, ``zrc``) against a live
Achterkant: the production server (``achterkant serve``) as a process on the test database,
the Referentielijsten and ``mock_url`` stand-ins, and newman from the npm registry.

PostgreSQL only: a long suite runs once. The figures are printed with the test run and
recorded in docs/api.md. The test fails on any failure that ``known_failures.py`` does not
list with its reason; a listed failure that now passes is printed, to be trimmed by hand.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import make_organisation
from tests.zgw import newman
from tests.zgw.known_failures import KNOWN_FAILURES
from tests.zgw.standins import MOCK_PREFIX

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: the suite runs once"
)

# ZGW_SUITE_FOLDERS=drc runs one folder while working on it (the known failures of the
# others then show as "now passing").
FOLDERS = tuple(os.environ.get("ZGW_SUITE_FOLDERS", "ac,ztc,zrc,drc,brc").split(","))
OAS_FOLDERS = tuple(os.environ.get("ZGW_OAS_FOLDERS", "AC,ZTC,ZRC,NRC,DRC,BRC").split(","))
HOST = "zgw.localhost"
BOOT_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _serve(tmp_path: Path, port: int, standins_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "ACHTERKANT_HOME": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "ZGW_TOKEN_ISSUER_ENABLED": "1",
        "SELECTIELIJST_API_URL": (f"http://127.0.0.1:{standins_port}/referentielijsten/api/v1/"),
        # The suite names communicatiekanalen and a wrong zaaktype on its mock service: the
        # operator's list of trusted services (docs/api-zaken.md).
        "ZGW_TRUSTED_API_ROOTS": f"http://127.0.0.1:{standins_port}{MOCK_PREFIX}",
    }
    log = (tmp_path / "web.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "achterkant.cli", "serve"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("achterkant serve stopped:\n" + (tmp_path / "web.log").read_text()[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    pytest.fail("achterkant serve did not start listening")


def _key(failure: newman.Failure) -> tuple[str, str, str]:
    return (failure.folder, failure.request, failure.test if failure.kind == "assertion" else "")


def test_the_official_zgw_suite(transactional_db, tmp_path, capsys):
    make_organisation("Gemeente Conformiteit", "zgw", "005000002", HOST)
    port, standins_port = _free_port(), _free_port()
    server = _serve(tmp_path, port, standins_port)
    try:
        report = newman.run_against(f"http://{HOST}:{port}", FOLDERS, standins_port=standins_port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    with capsys.disabled():
        print("\n== The official ZGW suite (VNG), folders " + ", ".join(FOLDERS))
        print(newman.summary(report, max_failures=0))

    seen = {_key(f) for f in report.failures}
    unexpected = [f for f in report.failures if _key(f) not in KNOWN_FAILURES]
    gone = sorted(k for k in set(KNOWN_FAILURES) - seen if not k[0].startswith("oas:"))
    assert report.total.requests > 0, "newman ran no request"
    assert not unexpected, "New failures:\n" + "\n".join(
        f"{_key(f)}: {f.message.strip()[:200]}" for f in unexpected
    )
    if gone:  # progress: printed, not a failure (the list is trimmed by hand)
        with capsys.disabled():
            print(f"{len(gone)} listed failures now pass; remove them from known_failures.py:")
            print("\n".join(map(str, gone)))


def test_the_official_oas_checks(transactional_db, tmp_path, capsys):
    """``ZGW_OAS_tests.json``: its setUp, then the component folders, in one run."""
    make_organisation("Gemeente Conformiteit", "zgw", "005000002", HOST)
    port, standins_port = _free_port(), _free_port()
    server = _serve(tmp_path, port, standins_port)
    try:
        report = newman.run_oas_suite(
            f"http://{HOST}:{port}", OAS_FOLDERS, standins_port=standins_port
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    with capsys.disabled():
        print("\n== The official ZGW OAS checks (VNG): setUp, " + ", ".join(OAS_FOLDERS))
        print(newman.summary(report, max_failures=0))
    keyed = {("oas:" + k[0], k[1], k[2]) for k in map(_key, report.failures)}
    expected = {k for k in KNOWN_FAILURES if k[0].startswith("oas:")}
    assert report.total.requests > 0, "newman ran no request"
    assert not keyed - expected, "New failures:\n" + "\n".join(map(str, sorted(keyed - expected)))
    if expected - keyed:
        with capsys.disabled():
            print(f"{len(expected - keyed)} listed OAS failures now pass; trim known_failures.py")


SCHEMATHESIS_COMPONENTS = (
    "autorisaties",
    "catalogi",
    "zaken",
    "notificaties",
    "documenten",
    "besluiten",
)
# Responses schemathesis found not valid against the official schema (ST108), per component,
# with --seed 1 (the counts vary by one or two between runs): what is left to fix, listed in
# docs/api.md.
SCHEMA_VIOLATIONS_AT_MOST = {
    "autorisaties": 1,
    "catalogi": 0,
    "zaken": 0,
    "notificaties": 0,
    "documenten": 0,
    "besluiten": 0,
}


def _count(summary: str, code: str) -> int:
    """The count schemathesis' summary gives for a failure code (``❌ ST101 …: 3``)."""
    found = re.search(rf"{code}[^:\n]*: (\d+)", summary)
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize("component", SCHEMATHESIS_COMPONENTS)
def test_schemathesis_against_the_served_oas(component, transactional_db, tmp_path, capsys):
    """Generated requests from each served (official) OAS: never a 5xx (asserted), and the
    responses not valid against the official schema counted (pinned as a ceiling)."""
    from tests.api.helpers import register, token

    organisation = make_organisation("Gemeente Conformiteit", "zgw", "005000002", HOST)
    register(organisation, "schemathesis", all_authorisations=True)
    port, standins_port = _free_port(), _free_port()
    server = _serve(tmp_path, port, standins_port)
    base = f"http://127.0.0.1:{port}/{component}/api/v1"
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base}/schema",
        "--url",
        base,
        "--header",
        f"Host: {HOST}:{port}",
        "--header",
        f"Authorization: Bearer {token('schemathesis')}",
        "--header",
        "Accept-Crs: EPSG:4326",
        "--header",
        "Content-Crs: EPSG:4326",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        "5",
        "--workers",
        "1",
        "--seed",
        "1",
    ]
    try:
        result = subprocess.run(  # noqa: S603 - our own command
            command, capture_output=True, text=True, timeout=900, cwd=tmp_path
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = Path(newman.NEWMAN_DIR).parent / f"zgw-schemathesis-{component}.txt"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(result.stdout + result.stderr, encoding="utf-8")
    summary = result.stdout[result.stdout.rfind("SUMMARY") :] if "SUMMARY" in result.stdout else ""
    with capsys.disabled():
        print(f"\n== schemathesis against the {component} OAS (all output: {output})")
        print(summary[-2500:])
    server_errors = _count(summary, "ST101")
    violations = _count(summary, "ST108")
    with capsys.disabled():
        print(f"5xx: {server_errors}; responses not valid against the OAS: {violations}")
    assert "Test cases:" in summary, f"schemathesis did not run; see {output}"
    assert server_errors == 0, f"see {output}:\n{summary[-3000:]}"
    # Not yet 0 (issue 14 stays open; docs/api.md): pinned as a ceiling, so it only falls.
    assert violations <= SCHEMA_VIOLATIONS_AT_MOST[component], f"see {output}"
