"""Periodic jobs that the worker runs itself, so no cron is needed.

Apps register their sweeps in ``AppConfig.ready()``. The worker knows nothing of
what they do, which keeps this platform module free of domain code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PeriodicJob:
    name: str
    every_seconds: float
    run: Callable[[], object]
    last_run: float = field(default=float("-inf"))


_registry: dict[str, PeriodicJob] = {}


def register(name: str, *, every_seconds: float, run: Callable[[], object]) -> None:
    _registry[name] = PeriodicJob(name=name, every_seconds=every_seconds, run=run)


def registered_jobs() -> list[PeriodicJob]:
    return list(_registry.values())
