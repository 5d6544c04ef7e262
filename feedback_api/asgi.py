"""``feedback_api.asgi:app`` for any ASGI server: settings from the ``KB_*`` environment."""

from feedback_api.app import create_app

app = create_app()
