"""The feedback service: votes, search, contributions and the staff dashboard, as one ASGI app."""
