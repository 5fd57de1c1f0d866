"""Numbers for managers: tiers, funnel, KPIs, charts."""
