"""Contributions: contributors propose edits and articles, staff review them, points and
rewards, and approved work exported back into the content folder (``kb submissions export``).

Feature module (see ``feedback_api.features``): ``routes()`` returns the API and the contributor
pages; ``middleware()`` routes /admin/review to the review pages (see ``routes.ReviewDispatch``).
Documentation: docs/contributions.md.
"""

from __future__ import annotations


def routes(settings, deps) -> list:
    # Imported here so `kb submissions ...` (which imports this package) does not load the web stack.
    from feedback_api.contrib.wiring import build_routes

    return build_routes(settings, deps)


def middleware(settings, deps) -> list:
    from starlette.middleware import Middleware

    from feedback_api.contrib.wiring import ReviewDispatch, review_router

    return [Middleware(ReviewDispatch, router=review_router(settings, deps))]
