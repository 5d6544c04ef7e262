"""Sign-in for every audience of the service (staff, contributors): sessions, CSRF and
same-origin checks, sign-in throttling, password hashing, the sign-in flow and the
``requires(...)`` gate. Audiences are configurations handed in (see docs/architecture.md).
"""
