from achterkant.insights.models.aggregates import (
    BACKLOG_BUCKETS,
    AggregateState,
    DailyAggregate,
    InsightsSettings,
)
from achterkant.insights.models.benchmark import BenchmarkCard, ScoreSnapshot

__all__ = [
    "BACKLOG_BUCKETS",
    "AggregateState",
    "BenchmarkCard",
    "DailyAggregate",
    "InsightsSettings",
    "ScoreSnapshot",
]
