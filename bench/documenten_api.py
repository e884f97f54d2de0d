"""Documenten API: upload and download throughput (issue 15). Run `make bench-documenten`.

Through the production server (`achterkant serve`, gunicorn, DEBUG=0) on a PostgreSQL
database of its own (BENCH_DATABASE_URL, default ``achterkant_bench_documenten``, created,
migrated and seeded here), files on local disk under ``var/bench-documenten-media`` (removed
at the end). ``DOCUMENT_MAX_BYTES`` is raised to 128 MiB for this run so that a 100 MiB
file is allowed (the default is 20 MiB).

For a 1 MiB file (5 rounds) and a 100 MiB file (2 rounds), each a valid PDF that
``check_upload`` takes, the median of:

- upload as base64 ``inhoud`` in JSON (one ``POST``; the body is built before the clock);
  a JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE (2 MiB) is a 413, so 100 MiB shows "refused";
- upload in parts: ``POST`` without inhoud, ``PUT /bestandsdelen/{uuid}`` per part
  (multipart), ``/unlock`` (joins, checks, stores): the whole sequence, and the unlock alone;
- download: ``/download`` streamed with httpx in 1 MiB chunks to /dev/null.

Beside each, the same bytes on the same disk with plain Python (no HTTP, no Django), and the
download from ``python -m http.server`` with the same client (HTTP, no Django). And the
RSS of the web workers (/proc/<pid>/status) before and at their peak during a 100 MiB
download and a 100 MiB upload in parts, on freshly started workers: a download that
streams stays flat; one that grows by the file size reads it into memory.

With BENCH_SLOW_DOWNLOAD=1 also a 100 MiB download by a client that reads 2.5 MiB/s, to
show what the server's WEB_TIMEOUT does to a slow download (about 40 s more).

Prints; asserts nothing. Not part of `make test`.
"""

import base64
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/achterkant_bench_documenten"
)
MIB = 1024 * 1024
MAX_BYTES = 128 * MIB
MEDIA = HERE.parent / "var" / "bench-documenten-media"
# Before scale_config is imported: it hands these to this process and to the server.
os.environ["BENCH_ACTIVE_DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("BENCH_PORT", "8769")  # not the other benches' ports
os.environ["DOCUMENT_MAX_BYTES"] = str(MAX_BYTES)
os.environ["MEDIA_ROOT"] = str(MEDIA)

import scale_measure  # noqa: E402
from scale_config import HOST, PORT, ROOT, ensure_database  # noqa: E402
from scale_measure import rss_mb, start_server, worker_pids  # noqa: E402
from zaken_api import bearer, ensure_client  # noqa: E402

scale_measure.SERVER_LOG = ROOT / "var" / "bench-documenten-server.log"
API = "/documenten/api/v1"
SIZES = ((1 * MIB, 5), (100 * MIB, 2))  # (bytes, rounds)
CHUNK = MIB
RAW_DIR = MEDIA / "raw"
PLAIN_PORT = PORT + 1  # python -m http.server: the same download without Achterkant
# One line per request would cost the client more than the request.
logging.getLogger("httpx").setLevel(logging.WARNING)


# --- the files ------------------------------------------------------------------------------


def pdf(size: int, tag: str) -> bytes:
    """A valid PDF of exactly ``size`` bytes: header, one stream of padding, trailer.

    The padding is random (incompressible) and ``tag`` makes every file unique: files are
    stored under their SHA-256, so the same bytes twice would not be written twice."""
    head = (
        f"%PDF-1.4\n%bench {tag}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        "3 0 obj << /Length {length:012d} >>\nstream\n"
    )
    tail = b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    length = size - len(head.format(length=0)) - len(tail)
    block = os.urandom(min(length, MIB))
    padding = (block * (length // len(block) + 1))[:length]
    return head.format(length=length).encode() + padding + tail


def check_files_are_taken() -> None:
    """The bench's files pass the API's upload check (in process, as the server runs it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from achterkant.cases.services.documents import check_upload
    from achterkant.cases.services.informationobjects import api_content_types

    for size, _ in SIZES:
        upload = SimpleUploadedFile("bench.pdf", pdf(size, "check"))
        kind = check_upload(upload, allowed=api_content_types())
        if kind != "application/pdf":
            raise SystemExit(f"check_upload took the bench's PDF as {kind}")


# --- set-up ---------------------------------------------------------------------------------


def fixtures() -> dict:
    import django

    ensure_database(DATABASE_URL)
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from achterkant.catalog.models import DocumentType
    from achterkant.tenancy.context import use_organisation
    from achterkant.tenancy.models import Organisation

    call_command("migrate", verbosity=0)
    if not Organisation.objects.filter(slug="voorbeeld").exists():
        call_command("seed", persons=10, verbosity=0)
    organisation = Organisation.objects.get(slug="voorbeeld")
    ensure_client(organisation)
    with use_organisation(organisation):
        document_type = DocumentType.objects.filter(is_concept=False).order_by("pk").first()
    check_files_are_taken()
    connections.close_all()  # the server's workers fork from their own process, not this one
    return {
        "rsin": organisation.rsin,
        "type": f"https://{HOST}/catalogi/api/v1/informatieobjecttypen/{document_type.uuid}",
    }


def client():
    import httpx

    return httpx.Client(
        base_url=f"http://127.0.0.1:{PORT}",
        headers={"Host": HOST, "Authorization": bearer(), "X-Forwarded-Proto": "https"},
        timeout=600,
    )


def path_of(url: str) -> str:
    return urlsplit(url).path


def eio_body(fx: dict, **fields) -> dict:
    return {
        "bronorganisatie": fx["rsin"], "creatiedatum": "2026-01-05", "titel": "Bench",
        "auteur": "Bench", "taal": "dut", "informatieobjecttype": fx["type"],
        "bestandsnaam": "bench.pdf", **fields,
    }  # fmt: skip


def expect(response, status: int) -> dict:
    if response.status_code != status:
        raise SystemExit(
            f"{response.request.method} {response.request.url.path}: {response.status_code} "
            f"(verwacht {status}): {response.text[:500]}"
        )
    return response.json() if response.content else {}


# --- the API operations ---------------------------------------------------------------------


def upload_base64(http, body: bytes) -> tuple[float, str | int]:
    """Seconds, and the document's URL (or the refusal's status)."""
    started = time.perf_counter()
    try:
        response = http.post(
            f"{API}/enkelvoudiginformatieobjecten",
            content=body,
            headers={"Content-Type": "application/json"},
        )
    except Exception as error:  # noqa: BLE001 - a refused large body may end the connection
        return time.perf_counter() - started, type(error).__name__
    seconds = time.perf_counter() - started
    if response.status_code != 201:
        return seconds, response.status_code
    return seconds, response.json()["url"]


def upload_parts(http, fx: dict, data: bytes) -> tuple[float, float, str]:
    """Seconds for the whole upload in parts, seconds of the unlock alone, the URL."""
    started = time.perf_counter()
    created = expect(
        http.post(
            f"{API}/enkelvoudiginformatieobjecten",
            json=eio_body(fx, bestandsomvang=len(data)),
        ),
        201,
    )
    lock, offset = created["lock"], 0
    for part in created["bestandsdelen"]:
        chunk = data[offset : offset + part["omvang"]]
        offset += part["omvang"]
        expect(
            http.put(
                path_of(part["url"]),
                data={"lock": lock},
                files={"inhoud": ("deel", chunk, "application/octet-stream")},
            ),
            200,
        )
    unlocking = time.perf_counter()
    expect(http.post(f"{path_of(created['url'])}/unlock", json={"lock": lock}), 204)
    finished = time.perf_counter()
    return finished - started, finished - unlocking, created["url"]


def download(http, url: str, size: int, suffix: str = "/download") -> float:
    received = 0
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink, http.stream("GET", path_of(url) + suffix) as response:
        if response.status_code != 200:
            raise SystemExit(f"download: {response.status_code}")
        for chunk in response.iter_raw(CHUNK):
            sink.write(chunk)
            received += len(chunk)
    seconds = time.perf_counter() - started
    if received != size:
        raise SystemExit(f"download: {received} bytes, expected {size}")
    return seconds


def delete(http, url: str) -> None:
    expect(http.delete(path_of(url)), 204)


# --- the same bytes without Achterkant ------------------------------------------------------


def _write(path: Path, data) -> None:
    view = memoryview(data)
    with path.open("wb") as handle:
        for start in range(0, len(view), 64 * 1024):  # Django's File.chunks() size
            handle.write(view[start : start + 64 * 1024])


def raw_base64(body: str) -> float:
    """Decode the base64 and write the file (what the server must do at least)."""
    target = RAW_DIR / "base64"
    started = time.perf_counter()
    _write(target, base64.b64decode(body))
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def raw_parts(data: bytes, part_size: int) -> float:
    """Write the parts as files, then join them into one file."""
    view = memoryview(data)
    started = time.perf_counter()
    names = []
    for index, start in enumerate(range(0, len(view), part_size)):
        name = RAW_DIR / f"part-{index}"
        _write(name, view[start : start + part_size])
        names.append(name)
    with (RAW_DIR / "joined").open("wb") as joined:
        for name in names:
            with name.open("rb") as source:
                while chunk := source.read(64 * 1024):
                    joined.write(chunk)
    seconds = time.perf_counter() - started
    for name in [*names, RAW_DIR / "joined"]:
        name.unlink()
    return seconds


def raw_read(data: bytes) -> float:
    """Read the same bytes from a file on the same disk, in 1 MiB chunks, to /dev/null."""
    target = RAW_DIR / "read"
    _write(target, data)
    started = time.perf_counter()
    with target.open("rb") as source, open(os.devnull, "wb") as sink:
        while chunk := source.read(CHUNK):
            sink.write(chunk)
    seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def start_plain_server() -> subprocess.Popen:
    """Python's own file server on RAW_DIR: HTTP on loopback, no Django, no checks."""
    import socket

    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(PLAIN_PORT), "--bind", "127.0.0.1",
         "--directory", str(RAW_DIR)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", PLAIN_PORT), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("python -m http.server startte niet")


def plain_download(data: bytes) -> float:
    """The same bytes from http.server, streamed by the same httpx loop as ``download``."""
    import httpx

    target = RAW_DIR / "plain.pdf"
    _write(target, data)
    with httpx.Client(base_url=f"http://127.0.0.1:{PLAIN_PORT}", timeout=600) as http:
        seconds = download(http, "/plain.pdf", len(data), suffix="")
    target.unlink()
    return seconds


# --- memory of the web workers --------------------------------------------------------------


def hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process (clock ticks): the worker that served used the CPU."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


class RssSampler:
    """VmRSS of each worker every 5 ms, from a thread, while the operation runs."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.before = {pid: (rss_mb([pid]) or [0.0])[0] for pid in pids}
        self.peak = dict(self.before)
        self.cpu = {pid: cpu_ticks(pid) for pid in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                for value in rss_mb([pid]):
                    self.peak[pid] = max(self.peak[pid], value)
            time.sleep(0.005)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu = {pid: cpu_ticks(pid) - self.cpu[pid] for pid in self.pids}

    def served(self) -> tuple[int, float, float]:
        """The worker that used most CPU meanwhile (the one that served): pid, before, peak."""
        pid = max(self.pids, key=lambda p: self.cpu[p])
        return pid, self.before[pid], self.peak[pid]

    def most_growth(self) -> float:
        """The largest growth of any worker (MiB): several workers share an upload's parts."""
        return max(self.peak[p] - self.before[p] for p in self.pids)


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def memory(fx: dict) -> list[tuple[str, "RssSampler", float]]:
    """On fresh workers: RSS before and at its peak during a 100 MiB download, then during a
    100 MiB upload in parts. Returns (what, sampler, VmHWM after of the serving worker)."""
    size = SIZES[-1][0]
    data = pdf(size, "memory")
    server = start_server()
    results = []
    try:
        with client() as http:
            _, _, url = upload_parts(http, fx, data)
            stop_server(server)
            server = start_server()  # workers that never held a large file
            for _ in range(12):  # every worker answers a few requests first (warm, as in use)
                expect(http.get(path_of(url)), 200)
            pids = worker_pids(server.pid)
            with RssSampler(pids) as sampler:
                download(http, url, size)
            results.append(("download 100 MiB", sampler, hwm_mb(sampler.served()[0])))
            delete(http, url)
            with RssSampler(pids) as sampler:
                _, _, url = upload_parts(http, fx, pdf(size, "memory-upload"))
            results.append(("upload in parts 100 MiB", sampler, 0.0))
            delete(http, url)
    finally:
        stop_server(server)
    return results


def slow_download(fx: dict) -> str:
    """BENCH_SLOW_DOWNLOAD=1: a 100 MiB download by a client that reads 2.5 MiB/s (a slow
    line, no buffering proxy in front), to see what the web server's timeout does to it."""
    size, received = SIZES[-1][0], 0
    server = start_server()
    try:
        with client() as http:
            _, _, url = upload_parts(http, fx, pdf(size, "slow"))
            started = time.perf_counter()
            try:
                with http.stream("GET", f"{path_of(url)}/download") as response:
                    for chunk in response.iter_raw(CHUNK):
                        received += len(chunk)
                        time.sleep(0.4)
                outcome = "complete"
            except Exception as error:  # noqa: BLE001 - the figure is what happened
                outcome = type(error).__name__
            seconds = time.perf_counter() - started
            delete(http, url)
    finally:
        stop_server(server)
    killed = "WORKER TIMEOUT" in scale_measure.SERVER_LOG.read_text()
    return (
        f"slow client (2.5 MiB/s), 100 MiB: {outcome} after {seconds:.1f} s, "
        f"{received / MIB:.0f} of {size // MIB} MiB received"
        + ("; server log: WORKER TIMEOUT (worker killed)" if killed else "")
    )


# --- the run --------------------------------------------------------------------------------


def measure(fx: dict) -> list[dict]:
    from django.conf import settings

    rows = []
    server = start_server()
    plain = start_plain_server()
    try:
        with client() as http:
            for size, rounds in SIZES:
                label = f"{size // MIB} MiB"
                b64, parts, unlocks, downloads = [], [], [], []
                raw = {"b64": [], "parts": [], "read": [], "plain": []}
                refused = None
                for index in range(rounds):
                    data = pdf(size, f"{label}-{index}-{time.time_ns()}")
                    encoded = base64.b64encode(data).decode()
                    if refused is None:
                        body = json.dumps(eio_body(fx, inhoud=encoded)).encode()
                        seconds, outcome = upload_base64(http, body)
                        del body
                        if isinstance(outcome, str) and outcome.startswith("http"):
                            b64.append(seconds)
                            delete(http, outcome)
                        else:
                            refused = outcome
                    raw["b64"].append(raw_base64(encoded))
                    del encoded
                    seconds, unlock, url = upload_parts(http, fx, data)
                    parts.append(seconds)
                    unlocks.append(unlock)
                    raw["parts"].append(raw_parts(data, settings.DOCUMENT_PART_BYTES))
                    downloads.append(download(http, url, size))
                    raw["read"].append(raw_read(data))
                    raw["plain"].append(plain_download(data))
                    delete(http, url)
                    print(
                        f"  {label} ronde {index + 1}: base64 "
                        f"{f'{b64[-1]:.3f} s' if b64 and refused is None else refused}, delen "
                        f"{parts[-1]:.3f} s (unlock {unlock:.3f} s), download "
                        f"{downloads[-1]:.3f} s",
                        flush=True,
                    )
                rows += [
                    {"what": "upload base64 JSON", "size": size, "seconds": b64,
                     "raw": raw["b64"], "refused": refused,
                     "raw_what": "b64decode + write file"},
                    {"what": "upload in parts", "size": size, "seconds": parts,
                     "raw": raw["parts"], "raw_what": "write parts + join",
                     "note": f"unlock alone {statistics.median(unlocks):.3f} s"},
                    {"what": "download (stream)", "size": size, "seconds": downloads,
                     "raw": raw["read"], "raw_what": "read file, 1 MiB chunks"},
                    {"what": "  same, http.server", "size": size, "seconds": raw["plain"],
                     "raw": None, "raw_what": "python -m http.server, same httpx client"},
                ]  # fmt: skip
    finally:
        stop_server(server)
        stop_server(plain)
    return rows


def print_rows(rows: list[dict]) -> None:
    header = (
        f"{'operation':<20} {'size':>7} {'rounds':>6} {'median s':>9} {'MiB/s':>8}   "
        f"{'raw s':>7} {'raw MiB/s':>9}  raw = plain Python, same bytes, same disk"
    )
    print("\n" + header)
    print("-" * len(header))
    for row in rows:
        mib = row["size"] / MIB
        if row["raw"] is None:  # itself the figure without Achterkant
            raw_part = f"{'':7} {'':9}  {row['raw_what']}"
        else:
            raw = statistics.median(row["raw"])
            raw_part = f"{raw:7.3f} {mib / raw:9.0f}  {row['raw_what']}"
        if row.get("refused") is not None:
            print(
                f"{row['what']:<20} {mib:5.0f} MiB {'-':>6} {'refused':>9} {row['refused']!s:>8}   "
                f"{raw_part}"
            )
            continue
        seconds = statistics.median(row["seconds"])
        note = f"; {row['note']}" if row.get("note") else ""
        print(
            f"{row['what']:<20} {mib:5.0f} MiB {len(row['seconds']):6d} {seconds:9.3f} "
            f"{mib / seconds:8.1f}   {raw_part}{note}"
        )


def main() -> None:
    import shutil

    started = time.monotonic()
    fx = fixtures()
    RAW_DIR.mkdir(parents=True, exist_ok=True)
    try:
        rows = measure(fx)
        mem = memory(fx)
        slow = slow_download(fx) if os.environ.get("BENCH_SLOW_DOWNLOAD") == "1" else ""
    finally:
        shutil.rmtree(MEDIA, ignore_errors=True)
    from django.conf import settings

    workers = os.environ.get("WEB_CONCURRENCY") or "standaard (2 per core, 2-8)"
    print(
        f"\nDocumenten API via `achterkant serve` (gunicorn sync, DEBUG=0, WEB_CONCURRENCY="
        f"{workers}), PostgreSQL {DATABASE_URL.rsplit('/', 1)[-1]}, bestanden op lokale schijf."
    )
    print(
        f"DOCUMENT_MAX_BYTES voor deze run verhoogd naar {MAX_BYTES // MIB} MiB (standaard 20 MiB);"
        f" delen van {settings.DOCUMENT_PART_BYTES // MIB} MiB; een JSON-body met inhoud mag"
        " zo groot zijn als DOCUMENT_MAX_BYTES in base64 (api.framework.body_limit)."
    )
    print_rows(rows)
    print("\nRSS of the web worker that served (VmRSS, sampled every 5 ms; fresh workers):")
    for what, sampler, hwm in mem:
        pid, before, peak = sampler.served()
        extra = f", VmHWM {hwm:.0f} MiB" if hwm else ""
        print(
            f"  {what:<24} pid {pid}: before {before:6.1f} MiB, peak {peak:6.1f} MiB "
            f"(+{peak - before:.1f} MiB{extra}); most growth of any of the "
            f"{len(sampler.pids)} workers +{sampler.most_growth():.1f} MiB"
        )
    if slow:
        print(f"  WEB_TIMEOUT={os.environ.get('WEB_TIMEOUT', '30')} s; {slow}")
    print(
        f"\n{os.cpu_count()} cores (shared with other work), python {sys.version.split()[0]}; "
        f"client (httpx) and server on the same machine; totaal {time.monotonic() - started:.0f} s."
    )


if __name__ == "__main__":
    main()
