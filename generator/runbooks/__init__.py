"""Runbooks: alert names and services, indexes, stable per-alert URLs and the runbook facts block."""
