"""The conformance harness itself: the stand-ins serve what the VNG suite reads, and a real
newman run (installed from npm, pinned) is counted and reported correctly."""

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.zgw import newman
from tests.zgw.standins import (  # noqa: F401 - zgw_standins_fixture registers a fixture
    MOCKS_FILE,
    PAGE_SIZE,
    StandIns,
    zgw_standins_fixture,
)

FIXTURE = Path(__file__).parent / "fixtures" / "harness.postman_collection.json"
# The suite posts results with this resultaattypeomschrijving, hard-coded in its bodies.
SUITE_OMSCHRIJVING = "e6a0c939-3404-45b0-88e3-76c94fb80ea7"


@pytest.fixture(scope="module")
def standins():
    with StandIns() as running:
        yield running


def get(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method)  # noqa: S310 - our own local server
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def get_json(url: str) -> Any:
    status, content_type, body = get(url)
    assert status == 200, (url, status, body[:200])
    assert content_type.startswith("application/json")
    return json.loads(body)


# -- Referentielijsten ------------------------------------------------------------------------


def test_procestypen_list_hands_out_urls_that_resolve(standins):
    procestypen = get_json(f"{standins.referentielijst_url}/procestypen")
    assert len(procestypen) == 29
    first = procestypen[0]
    assert first["url"].startswith(f"{standins.referentielijst_url}/procestypen/")
    assert get_json(first["url"]) == first
    assert {
        p["jaar"] for p in get_json(f"{standins.referentielijst_url}/procestypen?jaar=2017")
    } <= {2017}


def test_resultaten_pages_by_one_hundred_with_next_and_previous(standins):
    base = f"{standins.referentielijst_url}/resultaten"
    first = get_json(f"{base}?page=1")
    assert first["count"] == 346
    assert len(first["results"]) == PAGE_SIZE
    assert first["previous"] is None
    assert first["next"] == f"{base}?page=2"
    last = get_json(f"{base}?page=4")
    assert len(last["results"]) == 346 - 3 * PAGE_SIZE
    assert last["next"] is None
    assert last["previous"] == f"{base}?page=3"
    assert get_json(base)["results"] == first["results"]  # no page means page 1

    seen, url = [], f"{base}?page=1"
    while url:
        page = get_json(url)
        seen += page["results"]
        url = page["next"]
    assert len({r["url"] for r in seen}) == 346


def test_the_suite_finds_its_three_procestermijnen_only_by_paging(standins):
    """The setUp walks pages until it has these three; the last sits on page 3."""
    wanted = {"nihil", "ingeschatte_bestaansduur_procesobject", "vast_te_leggen_datum"}
    found_on = {}
    for page in range(1, 5):
        for resultaat in get_json(f"{standins.referentielijst_url}/resultaten?page={page}")[
            "results"
        ]:
            found_on.setdefault(resultaat["procestermijn"], page)
    assert wanted <= set(found_on)
    assert found_on["ingeschatte_bestaansduur_procesobject"] == 3


def test_a_resultaat_and_its_procestype_resolve(standins):
    resultaat = get_json(f"{standins.referentielijst_url}/resultaten?page=2")["results"][0]
    assert get_json(resultaat["url"]) == resultaat
    procestype = get_json(resultaat["procesType"])
    assert procestype["url"] == resultaat["procesType"]
    filtered = get_json(
        f"{standins.referentielijst_url}/resultaten?procesType={resultaat['procesType']}"
    )
    assert filtered["count"] >= 1
    assert {r["procesType"] for r in filtered["results"]} == {resultaat["procesType"]}


def test_resultaattypeomschrijvingen_list_and_the_one_the_suite_names(standins):
    listed = get_json(f"{standins.referentielijst_url}/resultaattypeomschrijvingen")
    assert isinstance(listed, list)  # the suite reads response.json()[0].url
    assert listed[0]["url"].startswith(standins.referentielijst_url)
    named = get_json(
        f"{standins.referentielijst_url}/resultaattypeomschrijvingen/{SUITE_OMSCHRIJVING}"
    )
    assert named["omschrijving"] == "Afgewezen"


@pytest.mark.parametrize(
    "path",
    [
        "/procestypen/00000000-0000-0000-0000-000000000000",
        "/resultaten/00000000-0000-0000-0000-000000000000",
        "/resultaattypeomschrijvingen/00000000-0000-0000-0000-000000000000",
        "/resultaten/not-a-uuid",
        "/resultaten?page=5",
        "/resultaten?page=0",
        "/resultaten?page=abc",
        "/communicatiekanalen",
    ],
)
def test_unknown_things_are_a_404_problem(standins, path):
    status, content_type, body = get(standins.referentielijst_url + path)
    assert status == 404
    assert content_type.startswith("application/json")
    assert json.loads(body)["status"] == 404


def test_referentielijsten_are_read_only(standins):
    status, _, body = get(f"{standins.referentielijst_url}/procestypen", method="POST")
    assert status == 405
    assert json.loads(body)["code"] == "method_not_allowed"


# -- mock_url ---------------------------------------------------------------------------------


def test_every_recorded_mock_is_served(standins):
    recorded = json.loads(MOCKS_FILE.read_text())["item"]
    assert len(recorded) == 9
    for item in recorded:
        path = item["request"]["url"]["raw"].replace("{{mock_url}}", "")
        status, _, body = get(standins.mock_url + path, method=item["request"]["method"])
        assert status == item["response"][0]["code"], path
        assert body.decode() == (item["response"][0]["body"] or ""), path


def test_mock_shapes_the_suite_relies_on(standins):
    assert get(f"{standins.mock_url}/200")[0] == 200
    assert get(f"{standins.mock_url}/404")[0] == 404
    assert (
        get_json(f"{standins.mock_url}/zaaktype")["omschrijving"] == "Aanvraag huwelijk behandelen"
    )
    assert "bronorganisatie" in get_json(f"{standins.mock_url}/zaak")
    assert set(get_json(f"{standins.mock_url}/communicatiekanaal")) == {
        "url",
        "naam",
        "omschrijving",
    }
    assert get_json(f"{standins.mock_url}/zaakobject_min") == {"datum": "2021-01-01"}
    assert get(f"{standins.mock_url}/callback", method="POST")[0] == 204
    assert get(f"{standins.mock_url}/nothing-recorded")[0] == 404
    assert get(f"{standins.mock_url}/zaak", method="DELETE")[0] == 404


def test_the_session_fixture_serves_both(zgw_standins):
    assert get(f"{zgw_standins.mock_url}/200")[0] == 200
    assert get_json(f"{zgw_standins.referentielijst_url}/resultaten")["count"] == 346


def test_stopped_standins_free_their_port():
    running = StandIns().start()
    port = int(running.base_url.rsplit(":", 1)[1])
    running.stop()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


# -- environment ------------------------------------------------------------------------------


def test_environment_keeps_the_official_keys_with_our_urls():
    env = newman.environment("http://voorbeeld.localhost:8123/", "http://r/api", "http://m/")
    values = {row["key"]: row["value"] for row in env["values"]}
    template = json.loads(newman.ENVIRONMENT_TEMPLATE.read_text())
    assert {row["key"] for row in template["values"]} <= set(values)
    assert values["zrc_url"] == "http://voorbeeld.localhost:8123/zaken/api/v1"
    assert values["ztc_url"] == "http://voorbeeld.localhost:8123/catalogi/api/v1"
    assert values["ac_url"] == "http://voorbeeld.localhost:8123/autorisaties/api/v1"
    assert values["drc_url"] == "http://voorbeeld.localhost:8123/documenten/api/v1"
    assert values["token-issuer_url"] == (
        "http://voorbeeld.localhost:8123/autorisaties/api/v1/_token-issuer/"
    )
    assert values["referentielijst_url"] == "http://r/api"
    assert values["mock_url"] == "http://m"
    assert values["client_id_limited"] == "zgw_api_tests_limited"
    assert len(values) == len(env["values"])  # each key once
    custom = newman.environment("http://x", "http://r", "http://m", "http://issuer/token")
    assert newman.lookup(custom, "token-issuer_url") == "http://issuer/token"


# -- a real newman run ------------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fixture_env(standins: StandIns, referentielijst_url: str | None = None) -> dict:
    return newman.environment(
        "http://127.0.0.1:9",
        referentielijst_url or standins.referentielijst_url,
        standins.mock_url,
        extra={"closed_url": f"http://127.0.0.1:{closed_port()}"},
    )


def test_newman_is_installed_at_the_pinned_version():
    executable = newman.ensure_newman()
    assert executable.exists()
    package = executable.parents[1] / "newman" / "package.json"
    assert json.loads(package.read_text())["version"] == newman.NEWMAN_VERSION
    assert newman.ensure_newman() == executable  # cached: no second install


def test_a_real_run_is_counted_per_folder(standins, tmp_path):
    report = newman.run(
        fixture_env(standins), ["lists", "broken"], collection=FIXTURE, workdir=tmp_path
    )
    lists, broken = report.folders["lists"], report.folders["broken"]
    # 4 pages of resultaten (the script loops), then a resultaat, then the mock.
    assert (lists.requests, lists.assertions, lists.failed) == (6, 7, 0)
    assert (lists.request_errors, lists.script_errors) == (0, 0)
    assert (broken.requests, broken.assertions, broken.failed) == (6, 3, 2)
    assert (broken.request_errors, broken.script_errors, broken.not_run) == (1, 1, 0)
    # newman would end the run at the missing name; the harness goes on after it, and says so.
    assert report.not_run == []
    assert report.dangling == ["No such request"]
    assert lists.not_run == 0
    assert not report.ok

    failed = {(f.kind, f.request, f.test, f.status) for f in report.failures}
    assert failed >= {
        (
            "assertion",
            "Mock 404 expected to be 200",
            "deliberately wrong: mock 404 answers 200",
            404,
        ),
        (
            "assertion",
            "Unknown resultaattypeomschrijving",
            "deliberately wrong: unknown uuid is found",
            404,
        ),
    }
    assert {(f.kind, f.request) for f in report.failures} >= {
        ("request", "Nothing listens here"),
        ("script", "Script throws"),
    }
    assert all(f.folder == "broken" and f.path == ("broken",) for f in report.failures)
    # In the order they happened, script errors included: the first often explains the rest.
    assert [f.request for f in report.failures] == [
        "Mock 404 expected to be 200",
        "Unknown resultaattypeomschrijving",
        "Nothing listens here",
        "Script throws",
    ]
    assert report.failures[-1].status == 200  # the mock answered; the script threw

    table = newman.summary(report)
    assert "lists" in table and "broken" in table
    assert "deliberately wrong: mock 404 answers 200" in table
    assert "expected response to have status code 200 but got 404" in table
    assert "The suite names requests that do not exist" in table
    assert "- No such request" in table


def test_a_passing_folder_alone_is_ok(standins, tmp_path):
    report = newman.run(fixture_env(standins), ["lists"], collection=FIXTURE, workdir=tmp_path)
    assert set(report.folders) == {"lists"}
    assert report.ok
    assert report.failures == []


def test_run_against_runs_each_folder_on_its_own(tmp_path):
    """Each folder in a run of its own: the broken one runs to its end, then the next."""
    report = newman.run_against(
        "http://127.0.0.1:9", ["broken", "lists"], collection=FIXTURE, workdir=tmp_path
    )
    assert list(report.folders) == ["broken", "lists"]
    assert report.folders["broken"].requests == 6
    assert report.folders["broken"].not_run == 0
    assert report.folders["lists"].requests == 6
    assert report.folders["lists"].failed == 0
    reports = {p.name for p in tmp_path.glob("run-*/report-*.json")}
    assert reports >= {"report-broken.json", "report-lists.json"}


def test_localhost_host_names_reach_loopback(standins, tmp_path):
    """Tenancy picks the organisation by host name; newman must reach *.localhost names."""
    port = standins.base_url.rsplit(":", 1)[1]
    named = f"http://refs.localhost:{port}/referentielijsten/api/v1"
    report = newman.run(
        fixture_env(standins, named), ["lists"], collection=FIXTURE, workdir=tmp_path
    )
    assert report.ok, newman.summary(report)
    assert report.folders["lists"].requests == 6


def test_newman_installs_into_an_empty_directory_once(tmp_path):
    executable = newman.ensure_newman(tmp_path / "newman")
    assert executable.exists()
    installed_at = executable.resolve().stat().st_mtime_ns
    assert newman.ensure_newman(tmp_path / "newman") == executable
    assert executable.resolve().stat().st_mtime_ns == installed_at


def test_a_request_the_suite_repeats_without_end_stops_the_run(tmp_path):
    """run_newman.js leaves a loop once a request has run MAX_REPEATS times."""
    report = newman.run_against(
        "http://127.0.0.1:9",
        ["loop"],
        collection=Path(__file__).parent / "fixtures" / "loop.postman_collection.json",
        workdir=tmp_path,
    )
    assert report.folders["loop"].requests == newman.MAX_REPEATS
    loops = [f for f in report.failures if f.kind == "loop"]
    assert [(f.folder, f.request) for f in loops] == [("loop", "again")]
