"""Post-incident reviews: timelines, action items, derived facts, statistics, the index and checklists."""
