"""Rewrite tests/zgw/known_failures.py from the reports of one conformance run.

    .venv/bin/python scripts/zgw_known_failures.py var/zgw-newman/run-<pid>

Run ``tests/zgw/test_conformance.py`` first (it leaves the reports in that directory).
A failure already listed keeps its reason; one that no longer fails is dropped; a new one
is added with the reason ``OTHER`` ("not analysed yet"), for a person to read and give
its real reason (never leave one as OTHER when closing the issue).
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.zgw import known_failures, newman  # noqa: E402

TARGET = ROOT / "tests" / "zgw" / "known_failures.py"
FOLDERS = ("ac", "ztc", "zrc", "drc", "brc")
OAS_FOLDERS = ("setUp", "AC", "ZTC", "ZRC", "NRC", "DRC", "BRC")


def _key(failure: newman.Failure, prefix: str = "") -> tuple[str, str, str]:
    test = failure.test if failure.kind == "assertion" else ""
    return (prefix + failure.folder, failure.request, test)


def failures_of(run_dir: Path) -> set[tuple[str, str, str]]:
    keys = set()
    for folder in FOLDERS:
        report = run_dir / f"report-{folder}.json"
        if not report.exists():
            print(f"{report} is missing: that folder did not run", file=sys.stderr)
            continue
        parsed = newman.parse_report(json.loads(report.read_text(encoding="utf-8")), [folder])
        keys |= {_key(f) for f in parsed.failures}
        loops = run_dir / f"loops-report-{folder}.json"
        if loops.exists():
            keys |= {(folder, name, "") for name in json.loads(loops.read_text())}
    oas = run_dir / "report-oas.json"
    if oas.exists():
        parsed = newman.parse_report(json.loads(oas.read_text(encoding="utf-8")), OAS_FOLDERS)
        keys |= {_key(f, "oas:") for f in parsed.failures}
    return keys


def _reason_names() -> dict[str, str]:
    return {
        value: name
        for name, value in vars(known_failures).items()
        if name.isupper() and isinstance(value, str)
    }


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write(keys: set[tuple[str, str, str]]) -> tuple[int, int, int]:
    names = _reason_names()
    source = TARGET.read_text(encoding="utf-8")
    head = source[: source.index("KNOWN_FAILURES")]
    known = known_failures.KNOWN_FAILURES
    lines = ["KNOWN_FAILURES: dict[tuple[str, str, str], str] = {"]
    for key in sorted(keys):
        reason = names.get(known.get(key, known_failures.OTHER), "OTHER")
        lines.append(f"    ({', '.join(map(_literal, key))}): {reason},")
    lines.append("}")
    TARGET.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    added = len(keys - set(known))
    dropped = len(set(known) - keys)
    return len(keys), added, dropped


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    total, added, dropped = write(failures_of(Path(sys.argv[1])))
    print(f"{total} known failures: {added} new (reason OTHER: read them), {dropped} dropped")
    print(f"then: .venv/bin/ruff format {TARGET.relative_to(ROOT)}")
    if re.search(r"\): OTHER,", TARGET.read_text(encoding="utf-8")):
        print("Some failures are still OTHER: give each its reason before closing the issue.")


if __name__ == "__main__":
    main()
