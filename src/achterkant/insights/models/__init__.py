from achterkant.insights.models.aggregates import (
    BACKLOG_BUCKETS,
    AggregateState,
    DailyAggregate,
    InsightsSettings,
)

__all__ = ["BACKLOG_BUCKETS", "AggregateState", "DailyAggregate", "InsightsSettings"]
