"""The core HTTP routes: votes, summaries, health, metrics, OpenAPI."""
