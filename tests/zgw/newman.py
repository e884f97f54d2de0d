"""Run the official VNG ZGW postman suite with newman and read its JSON report.

newman comes from the npm registry at test time, pinned, into ``var/zgw-newman/`` (once: a
later run reuses it). Nothing of it ships with the product.

The suite's environment is derived from ``local.postman_environment.json``: the same keys,
with our URLs. Achterkant serves every component on one host in Open Zaak's layout
(``<base>/zaken/api/v1`` and so on). The suite's URLs carry no scheme (``{{zrc_url}}/zaken``,
and the official environment says ``localhost:8000/api/v1``); postman then assumes http://.
We give full ``http://`` URLs, which work the same and also serve the URLs that scripts build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.zgw.standins import STANDARDS

REPO = Path(__file__).resolve().parents[2]
POSTMAN_DIR = STANDARDS / "zgw" / "postman"
SUITE = POSTMAN_DIR / "ZGW_api_postman_tests.json"
OAS_SUITE = POSTMAN_DIR / "ZGW_OAS_tests.json"
ENVIRONMENT_TEMPLATE = POSTMAN_DIR / "local.postman_environment.json"

NEWMAN_VERSION = "6.2.2"
RUNNER = Path(__file__).resolve().parent / "run_newman.js"
# Our server answers in milliseconds; a request to a component we do not serve (a URL the
# suite never got, such as a Documenten object) should fail fast, not after a minute.
REQUEST_TIMEOUT_MS = 10_000
# A request the suite runs this often is a loop it cannot leave: run_newman.js then ignores
# its setNextRequest, so the run goes on in collection order. The suite's own loops walk
# lists of a few hundred (the Selectielijst resultaten), so the bound sits well above them.
MAX_REPEATS = 500
NEWMAN_DIR = REPO / "var" / "zgw-newman"

# Our components under one base URL, as Open Zaak lays them out.
COMPONENT_PATHS = {
    "zrc_url": "/zaken/api/v1",
    "ztc_url": "/catalogi/api/v1",
    "drc_url": "/documenten/api/v1",
    "brc_url": "/besluiten/api/v1",
    "nrc_url": "/notificaties/api/v1",
    "ac_url": "/autorisaties/api/v1",
}
TOKEN_ISSUER_PATH = "/autorisaties/api/v1/_token-issuer/"

# Tenancy picks the organisation by host name. newman (postman-runtime) resolves every
# "*.localhost" name to loopback itself, so "http://voorbeeld.localhost:8000" works without DNS;
# tests/zgw/test_standins.py pins that.


class NewmanError(RuntimeError):
    """newman could not be installed, or a run left no report to read."""


def ensure_newman(directory: Path = NEWMAN_DIR, version: str = NEWMAN_VERSION) -> Path:
    """The newman executable at the pinned version; installed from npm only when missing."""
    executable = directory / "node_modules" / ".bin" / "newman"
    package = directory / "node_modules" / "newman" / "package.json"
    installed = json.loads(package.read_text())["version"] if package.exists() else None
    if executable.exists() and installed == version:
        return executable
    npm = shutil.which("npm")
    if npm is None:
        raise NewmanError("npm is not installed: the ZGW suite needs Node.js and npm to run.")
    directory.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(  # noqa: S603 - fixed arguments, npm from PATH
        [npm, "install", "--prefix", str(directory), f"newman@{version}", "--no-audit"]
        + ["--no-fund", "--loglevel=error", "--save-exact"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0 or not executable.exists():
        raise NewmanError(f"npm install newman@{version} failed:\n{result.stderr[-2000:]}")
    return executable


def component_urls(base_url: str) -> dict[str, str]:
    base = base_url.rstrip("/")
    return {key: base + path for key, path in COMPONENT_PATHS.items()}


def default_token_issuer_url(base_url: str) -> str:
    return base_url.rstrip("/") + TOKEN_ISSUER_PATH


def environment(
    base_url: str,
    referentielijst_url: str,
    mock_url: str,
    token_issuer_url: str | None = None,
    extra: dict[str, str] | None = None,
    template: Path = ENVIRONMENT_TEMPLATE,
) -> dict[str, Any]:
    """The suite's environment: the official keys and client ids, our URLs."""
    env = json.loads(template.read_text(encoding="utf-8"))
    values = {
        **component_urls(base_url),
        "referentielijst_url": referentielijst_url.rstrip("/"),
        "mock_url": mock_url.rstrip("/"),
        "token-issuer_url": token_issuer_url or default_token_issuer_url(base_url),
        **(extra or {}),
    }
    rows = [row for row in env["values"] if row["key"] not in values]
    rows += [{"key": key, "value": value, "enabled": True} for key, value in values.items()]
    return {**env, "name": "Achterkant", "values": rows}


@dataclass
class FolderResult:
    name: str
    requests: int = 0
    request_errors: int = 0
    assertions: int = 0
    failed: int = 0
    script_errors: int = 0
    not_run: int = 0

    @property
    def passed(self) -> int:
        return self.assertions - self.failed


@dataclass(frozen=True)
class Failure:
    """One thing that went wrong, with where: the folder path and the request's name."""

    folder: str
    path: tuple[str, ...]
    request: str
    kind: str  # "assertion", "request" (no response) or "script" (the test code threw)
    test: str
    message: str
    status: int | None = None
    # Position in the run, so the list reads in the order things went wrong: the first
    # failure (say, no token from the issuer) often explains the rest.
    order: int = 0


@dataclass
class Report:
    folders: dict[str, FolderResult] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    # Requests of the selected folders that never ran: the suite steers its own order with
    # setNextRequest, and a name it cannot find ends the run.
    not_run: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)
    # setNextRequest targets that name no request (the suite's typos): run_newman.js ignores
    # them, so the run goes on in collection order instead of ending there.
    dangling: list[str] = field(default_factory=list)

    @property
    def total(self) -> FolderResult:
        total = FolderResult("total")
        for result in self.folders.values():
            total.requests += result.requests
            total.request_errors += result.request_errors
            total.assertions += result.assertions
            total.failed += result.failed
            total.script_errors += result.script_errors
            total.not_run += result.not_run
        return total

    @property
    def ok(self) -> bool:
        total = self.total
        return total.requests > 0 and not (
            total.failed or total.request_errors or total.script_errors
        )


def _item_paths(collection: dict[str, Any]) -> dict[str, tuple[tuple[str, ...], str]]:
    """Item id -> (names of the folders that contain it, outermost first; its own name)."""
    paths: dict[str, tuple[tuple[str, ...], str]] = {}

    def walk(items: Iterable[dict[str, Any]], path: tuple[str, ...]) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"], (*path, item["name"]))
            elif "id" in item:
                paths[item["id"]] = (path, item.get("name", ""))

    walk(collection.get("item", []), ())
    return paths


def _paths_by_name(collection: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Request name -> the names of the folders that contain it (the file has no ids)."""
    paths: dict[str, tuple[str, ...]] = {}

    def walk(items: Iterable[dict[str, Any]], path: tuple[str, ...]) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"], (*path, item["name"]))
            else:
                paths.setdefault(item.get("name", ""), path)

    walk(collection.get("item", []), ())
    return paths


def _folder_of(path: tuple[str, ...], folders: Sequence[str]) -> str:
    for name in path:
        if name in folders:
            return name
    return path[0] if path else "(top)"


def parse_report(data: dict[str, Any], folders: Sequence[str] = ()) -> Report:
    """Counts per folder and every failure, from newman's JSON reporter output."""
    paths = _item_paths(data.get("collection", {}))
    report = Report({name: FolderResult(name) for name in folders})

    def result_for(item_id: str) -> tuple[str, tuple[str, ...], FolderResult]:
        path = paths.get(item_id, ((), ""))[0]
        folder = _folder_of(path, folders)
        return folder, path, report.folders.setdefault(folder, FolderResult(folder))

    statuses: dict[str, int | None] = {}
    positions: dict[str, int] = {}
    for position, execution in enumerate(data["run"].get("executions", [])):
        item = execution.get("item", {})
        folder, path, result = result_for(item.get("id", ""))
        status = (execution.get("response") or {}).get("code")
        statuses[item.get("id", "")] = status
        positions.setdefault(item.get("id", ""), position)
        result.requests += 1
        if execution.get("requestError"):
            result.request_errors += 1
            error = execution["requestError"]
            message = error.get("message") or " ".join(
                str(error.get(k, "")) for k in ("code", "address", "port")
            )
            report.failures.append(
                Failure(
                    folder,
                    path,
                    item.get("name", ""),
                    "request",
                    "",
                    message.strip(),
                    order=position,
                )
            )
        for assertion in execution.get("assertions") or []:
            if assertion.get("skipped"):
                continue
            result.assertions += 1
            if assertion.get("error"):
                result.failed += 1
                report.failures.append(
                    Failure(
                        folder,
                        path,
                        item.get("name", ""),
                        "assertion",
                        assertion.get("assertion", ""),
                        assertion["error"].get("message", ""),
                        status,
                        order=position,
                    )
                )
    # A script that throws (say pm.response.json() on an HTML error page) fails no assertion:
    # newman reports it only among the run's failures.
    for failure in data["run"].get("failures", []):
        at = failure.get("at", "")
        if "script" not in at or at.startswith("assertion"):
            continue
        source = failure.get("source") or {}
        folder, path, result = result_for(source.get("id", ""))
        result.script_errors += 1
        error = failure.get("error") or {}
        report.failures.append(
            Failure(
                folder,
                path,
                source.get("name", ""),
                "script",
                at,
                f"{error.get('name', 'Error')}: {error.get('message', '')}",
                statuses.get(source.get("id", "")),
                order=positions.get(source.get("id", ""), 0),
            )
        )
    report.failures.sort(key=lambda failure: failure.order)
    for item_id, (path, name) in paths.items():
        selected = [f for f in folders if f in path]
        if selected and item_id not in statuses:
            report.folders[selected[0]].not_run += 1
            report.not_run.append((selected[0], path, name))
    return report


def run(
    environment_values: dict[str, Any],
    folders: Sequence[str] = (),
    collection: Path = SUITE,
    workdir: Path = NEWMAN_DIR,
    timeout: int = 3600,
    echo: bool = False,
    report_name: str = "report.json",
) -> Report:
    """Run ``folders`` of ``collection`` (all when empty) in one newman run; parse its report."""
    newman = ensure_newman()
    workdir.mkdir(parents=True, exist_ok=True)
    # Per run (process id), so runs side by side never read each other's environment.
    run_dir = workdir / f"run-{os.getpid()}"
    run_dir.mkdir(exist_ok=True)
    env_file = run_dir / "environment.json"
    env_file.write_text(json.dumps(environment_values, indent=1), encoding="utf-8")
    report_file = run_dir / report_name
    report_file.unlink(missing_ok=True)
    node = shutil.which("node")
    if node is None:
        raise NewmanError("node is not installed: the ZGW suite needs Node.js to run.")
    # newman as a library (run_newman.js): the CLI's run, plus a stop for the suite's loops.
    command = [
        node,
        str(RUNNER),
        str(newman.parent.parent / "newman"),
        str(collection),
        str(env_file),
        str(report_file),
        str(REQUEST_TIMEOUT_MS),
        str(MAX_REPEATS),
        *folders,
    ]
    result = subprocess.run(  # noqa: S603 - our own executable and arguments
        command,
        capture_output=not echo,
        text=True,
        timeout=timeout,
    )
    # newman exits 1 when any assertion failed; only a missing report means the run broke.
    if not report_file.exists():
        raise NewmanError(
            f"newman left no report (exit {result.returncode}):\n{(result.stderr or '')[-3000:]}"
        )
    report = parse_report(json.loads(report_file.read_text(encoding="utf-8")), folders)
    report.dangling = re.findall(r'^dangling: "(.*)"', result.stderr or "", re.MULTILINE)
    names = re.findall(r'^loop: "(.*)"', result.stderr or "", re.MULTILINE)
    if names:
        paths = _paths_by_name(json.loads(collection.read_text()))
        for name in names:
            path = paths.get(name, ())
            report.failures.append(
                Failure(
                    _folder_of(path, folders), path, name, "loop", "",
                    f"the suite loops here; left after {MAX_REPEATS} rounds",
                )
            )  # fmt: skip
        # Beside the report, for whoever reads the run later (the JSON report has no trace).
        (run_dir / f"loops-{report_name}").write_text(json.dumps(names), encoding="utf-8")
    return report


def run_against(
    base_url: str,
    folders: Sequence[str] = ("ac", "ztc", "zrc"),
    token_issuer_url: str | None = None,
    collection: Path = SUITE,
    echo: bool = False,
    workdir: Path = NEWMAN_DIR,
    standins_port: int = 0,
) -> Report:
    """Run ``folders`` of the suite against Achterkant at ``base_url``, stand-ins included.

    Each folder gets its own newman run (report: ``var/zgw-newman/run-<pid>/report-<folder>.json``);
    a folder that ends the run early (setNextRequest to a name that does not exist) would
    otherwise skip every folder after it, and each folder has its own setUp anyway.
    ``standins_port`` fixes the stand-ins' port, so the server's SELECTIELIJST_API_URL can
    point at them (``http://127.0.0.1:<port>/referentielijsten/api/v1/``).
    """
    from tests.zgw.standins import StandIns

    combined = Report()
    with StandIns(port=standins_port) as standins:
        values = environment(
            base_url, standins.referentielijst_url, standins.mock_url, token_issuer_url
        )
        for folder in folders:
            report = run(
                values,
                [folder],
                collection=collection,
                workdir=workdir,
                echo=echo,
                report_name=f"report-{folder}.json",
            )
            combined.folders.update(report.folders)
            combined.failures += report.failures
            combined.not_run += report.not_run
            combined.dangling += report.dangling
    return combined


def run_oas_suite(
    base_url: str,
    folders: Sequence[str] = ("AC", "ZTC", "ZRC"),
    token_issuer_url: str | None = None,
    standins_port: int = 0,
    echo: bool = False,
) -> Report:
    """The OAS checks (``ZGW_OAS_tests.json``): its ``setUp`` and ``folders`` in ONE run,
    because the folders read the objects the setUp made (unlike the business-rule suite,
    whose folders each have their own setUp)."""
    from tests.zgw.standins import StandIns

    with StandIns(port=standins_port) as standins:
        values = environment(
            base_url, standins.referentielijst_url, standins.mock_url, token_issuer_url
        )
        return run(
            values,
            ["setUp", *folders],
            collection=OAS_SUITE,
            echo=echo,
            report_name="report-oas.json",
        )


def summary(report: Report, max_failures: int = 40) -> str:
    """A readable table of the counts per folder, then the first failures."""
    header = (
        "folder",
        "requests",
        "no answer",
        "assertions",
        "passed",
        "failed",
        "script err",
        "not run",
    )
    rows = [
        (
            r.name,
            r.requests,
            r.request_errors,
            r.assertions,
            r.passed,
            r.failed,
            r.script_errors,
            r.not_run,
        )
        for r in [*report.folders.values(), report.total]
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row: Sequence[object]) -> str:
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(v).rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells)

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows[:-1]]
    out += ["  ".join("-" * w for w in widths), line(rows[-1])]
    if report.dangling:
        out += [
            "",
            "The suite names requests that do not exist (ignored; the run went on in order):",
        ]
        out += [f"- {name}" for name in report.dangling]
    if report.failures and max_failures <= 0:
        out += ["", f"{len(report.failures)} failures (not listed)."]
    elif report.failures:
        shown = report.failures[:max_failures]
        out += ["", f"First {len(shown)} of {len(report.failures)} failures:"]
        for f in shown:
            status = f" [HTTP {f.status}]" if f.status is not None else ""
            test = f" :: {f.test}" if f.test else ""
            message = f.message.strip().splitlines()[0] if f.message.strip() else ""
            out.append(f"- ({f.kind}) {_where(f.folder, f.path)} / {f.request}{status}{test}")
            out.append(f"    {message}")
    if report.not_run:
        out += ["", f"Never ran ({len(report.not_run)}):"]
        out += [f"- {_where(folder, path)} / {name}" for folder, path, name in report.not_run]
    return "\n".join(out)


def _where(folder: str, path: tuple[str, ...]) -> str:
    """The path from the selected folder down, without the suite's wrapper folders."""
    return " / ".join(path[path.index(folder) :] if folder in path else path)


def lookup(environment_values: dict[str, Any], key: str) -> str | None:
    """The value of ``key`` in a postman environment."""
    return next((r["value"] for r in environment_values["values"] if r["key"] == key), None)
