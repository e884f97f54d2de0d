"""How good the model is: on the held-out set and on confirmed examples from daily work."""

from collections import Counter
from dataclasses import dataclass, field

from achterkant.contacts.triage.models import DAILY_WORK_SOURCES, TriageExample
from achterkant.contacts.triage.services import HELDOUT_CSV, read_labelled_csv, suggest


@dataclass
class Evaluation:
    name: str
    threshold: float
    total: int = 0
    top1: int = 0
    top3: int = 0
    routed: int = 0
    routed_correct: int = 0
    no_suggestion: int = 0
    # (true code, predicted top-1 code or "-") -> count
    confusion: Counter = field(default_factory=Counter)
    mistakes: list[tuple[str, str, str]] = field(default_factory=list)  # text, true, guess

    def add(self, text: str, true_code: str, ranked: list[str], best_confidence: float) -> None:
        self.total += 1
        predicted = ranked[0] if ranked else "-"
        self.confusion[(true_code, predicted)] += 1
        if ranked and ranked[0] == true_code:
            self.top1 += 1
        else:
            self.mistakes.append((text, true_code, predicted))
        if true_code in ranked[:3]:
            self.top3 += 1
        if not ranked:
            self.no_suggestion += 1
        if ranked and best_confidence >= self.threshold:
            self.routed += 1
            self.routed_correct += ranked[0] == true_code

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def top1_accuracy(self) -> float:
        return self.share(self.top1, self.total)

    @property
    def top3_accuracy(self) -> float:
        return self.share(self.top3, self.total)

    @property
    def routed_share(self) -> float:
        return self.share(self.routed, self.total)

    @property
    def routed_precision(self) -> float:
        return self.share(self.routed_correct, self.routed)

    def as_dict(self) -> dict:
        return {
            "set": self.name,
            "n": self.total,
            "top1": round(self.top1_accuracy, 4),
            "top3": round(self.top3_accuracy, 4),
            "threshold": self.threshold,
            "auto_routed": round(self.routed_share, 4),
            "auto_routed_precision": round(self.routed_precision, 4),
            "no_suggestion": self.no_suggestion,
        }


def evaluate_pairs(name: str, pairs: list[tuple[str, str]], threshold: float) -> Evaluation:
    """Classify each (code, text) with the active organisation's model."""
    result = Evaluation(name=name, threshold=threshold)
    for code, text in pairs:
        suggestion = suggest(text, source="email")
        ranked = [guess.code for guess in suggestion.products]
        confidence = suggestion.best.confidence if suggestion.best else 0.0
        result.add(text, code, ranked, confidence)
    return result


def heldout_pairs(codes: set[str]) -> list[tuple[str, str]]:
    """The shipped held-out set, limited to products in the catalogue. Never trained on."""
    return [(code, text) for code, text in read_labelled_csv(HELDOUT_CSV) if code in codes]


def evaluate_heldout(codes: set[str], threshold: float) -> Evaluation:
    return evaluate_pairs("heldout", heldout_pairs(codes), threshold)


def evaluate_daily_work(threshold: float) -> Evaluation:
    """The feedback loop: was the top-1 at the time the product the agent confirmed?

    Uses ``suggested_code`` as recorded at confirmation, so this measures the model
    citizens and agents actually met, not today's (which has trained on these texts).
    """
    result = Evaluation(name="daily_work", threshold=threshold)
    for text, code, suggested in TriageExample.objects.filter(
        source__in=DAILY_WORK_SOURCES
    ).values_list("text", "product__code", "suggested_code"):
        result.add(text, code, [suggested] if suggested else [], 1.0 if suggested else 0.0)
    return result


def threshold_table(pairs: list[tuple[str, str]], thresholds: list[float]) -> list[dict]:
    """Auto-routed share and precision per candidate threshold (to choose the default)."""
    scored = []
    for code, text in pairs:
        suggestion = suggest(text, source="email")
        best = suggestion.best
        scored.append((code, best.code if best else "", best.confidence if best else 0.0))
    table = []
    for threshold in thresholds:
        routed = [(c, p) for c, p, conf in scored if p and conf >= threshold]
        correct = sum(1 for c, p in routed if c == p)
        table.append(
            {
                "threshold": threshold,
                "auto_routed": round(len(routed) / len(scored), 4) if scored else 0.0,
                "precision": round(correct / len(routed), 4) if routed else 0.0,
            }
        )
    return table
