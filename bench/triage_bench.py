"""Free-text triage speed (issue 18): classify one text (target ≤ 5 ms) and training time.

Run `make bench-triage`. Uses its own SQLite database and model directory under var/, so
it never touches the demo. Loads the demo catalogue, knowledge base and starter set into
one organisation, trains 3 times, then classifies held-out sentences. Prints medians;
asserts nothing.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "achterkant.conf.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-triage.sqlite3'}"
)
os.environ["TRIAGE_MODEL_DIR"] = str(ROOT / "var" / "bench-triage-models")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from achterkant.contacts.triage import suggest, train_organisation  # noqa: E402
from achterkant.contacts.triage.services import HELDOUT_CSV, read_labelled_csv  # noqa: E402
from achterkant.demo.knowledge_corpus import seed_knowledge_articles  # noqa: E402
from achterkant.demo.seed_catalogue import seed_catalogue  # noqa: E402
from achterkant.demo.seed_triage import seed_triage  # noqa: E402
from achterkant.tenancy.context import use_organisation  # noqa: E402
from achterkant.tenancy.models import Organisation  # noqa: E402

TARGET_MS = 5.0


def report(label: str, samples_ms: list[float], target: float | None = None) -> None:
    samples_ms.sort()
    p95 = samples_ms[max(0, int(len(samples_ms) * 0.95) - 1)]
    median = statistics.median(samples_ms)
    verdict = "" if target is None else ("  ok" if median <= target else "  TE TRAAG")
    print(
        f"{label:<48} n={len(samples_ms):<5} median {median:8.2f} ms   p95 {p95:8.2f} ms{verdict}"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-triage", defaults={"name": "Bench", "rsin": "002220647"}
    )
    with use_organisation(organisation):
        seed_catalogue()
        seed_knowledge_articles()
        seed_triage()  # synonyms, starter set, first training
    training = []
    for _ in range(3):
        started = time.perf_counter()
        train_organisation(organisation)
        training.append((time.perf_counter() - started) * 1000)
    report("training one organisation (target < 60 s)", training)

    texts = [text for _, text in read_labelled_csv(HELDOUT_CSV)]
    with use_organisation(organisation):
        suggest(texts[0])  # the first call loads the model file (once per process)
        samples = []
        for _ in range(4):
            for text in texts:
                started = time.perf_counter()
                suggest(text, source="email")
                samples.append((time.perf_counter() - started) * 1000)
    report("suggest(), one held-out text (model in memory)", samples, TARGET_MS)

    # As a request sees it: a fresh activation reads the settings version once.
    samples = []
    for text in texts:
        with use_organisation(organisation):
            started = time.perf_counter()
            suggest(text, source="email")
            samples.append((time.perf_counter() - started) * 1000)
    report("suggest() in a new activation (+1 query)", samples, TARGET_MS)

    long_text = "Mijn kliko is gestolen, graag een nieuwe container. " * 2_000
    with use_organisation(organisation):
        samples = []
        for _ in range(100):
            started = time.perf_counter()
            suggest(long_text)
            samples.append((time.perf_counter() - started) * 1000)
    report("suggest(), 100,000 characters (truncated)", samples, TARGET_MS)
    worker_memory(organisation, texts[0])


# A web worker: the WSGI application loaded, then one suggestion (which loads the model).
WORKER = """
import json, os, sys
def rss():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) // 1024 for l in status if l.startswith("VmRSS"))
from achterkant.conf.wsgi import application
from achterkant.contacts.triage import suggest
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation
started = rss()
with use_organisation(Organisation.objects.get(pk=int(sys.argv[1]))):
    best = suggest(sys.argv[2]).best
print(json.dumps({"start": started, "classified": rss(), "best": best and best.code,
    "heavy": sorted(m for m in ("numpy", "scipy", "sklearn") if m in sys.modules)}))
"""


def worker_memory(organisation, text: str) -> None:
    """RSS of a fresh web-worker process before and after its first classification."""
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(organisation.pk), text],
        capture_output=True, text=True, check=True, env=os.environ, cwd=ROOT,
    )  # fmt: skip
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"{'web worker RSS (target <= 120 MB)':<48} at start {figures['start']} MB, "
        f"after classifying {figures['classified']} MB "
        f"(NumPy/SciPy/scikit-learn loaded: {', '.join(figures['heavy']) or 'none'})"
    )


if __name__ == "__main__":
    main()
