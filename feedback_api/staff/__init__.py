"""The staff side of the feedback service: accounts, the /admin dashboard (sign-in: feedback_api.auth).

Feature module (see ``feedback_api.features``): ``routes(settings, deps)`` returns its routes.
Roles and their permissions: ``feedback_api.staff.roles``. Click group: ``feedback_api.staff.cli``.
"""

from __future__ import annotations


def routes(settings, deps) -> list:
    # Imported here so `kb admin ...` (which imports this package) does not load the web stack.
    from feedback_api.staff.routes import routes as build

    return build(settings, deps)
