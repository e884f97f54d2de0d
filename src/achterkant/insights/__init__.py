"""Service-level insights: KPIs per channel, the channel consistency index, the maturity
score and the cross-organisation benchmark (docs/insights.md).

Reads the domain apps only through their selectors and writes only its own aggregate
tables; the dashboards read nothing but those aggregates.
"""
