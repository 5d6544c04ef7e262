"""CSV export of the filtered votes (/admin/export.csv), streamed in batches."""

from __future__ import annotations

import csv
import io

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from feedback_api.auth.gate import Visit, requires
from feedback_api.staff import audit, csvsafe, queries
from feedback_api.staff import filters as filtering
from feedback_api.staff.clock import aware
from feedback_api.staff.context import Staff
from feedback_api.staff.models import Account
from feedback_api.staff.orm import orm
from feedback_api.staff.roles import Permission

COLUMNS = (
    "vote_id", "created_at", "updated_at", "article_id", "article_title", "category", "article_lang",
    "vote_lang", "helpful", "reason", "comment",
)


@requires(Permission.EXPORT_VOTES)
async def export_csv(request: Request, staff: Staff, visit: Visit) -> Response:
    catalogue = staff.catalogue()
    chosen = filtering.parse(request.query_params)
    where = queries.conditions(chosen, catalogue)
    details = {"from": chosen.date_from.isoformat(), "to": chosen.date_to.isoformat(),
               "category": chosen.category or None, "lang": chosen.lang or None}
    viewer = visit.user
    await staff.db.write(orm(lambda db: audit.record(
        db, "votes.export", actor=db.get(Account, viewer.id), details=details, client=staff.client_ip(request))))

    def lines():
        # A plain read on its own connection: it lives as long as the download, not a request.
        buffer = io.StringIO()
        # Excel reads a CSV without a byte-order mark in the local code page (GBK on Chinese Windows)
        # and shows Chinese titles and comments as mojibake; the BOM tells it the file is UTF-8.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        with staff.db.engine.connect() as conn:
            for vote_id, created, updated, article_id, vote_lang, helpful, reason, comment in queries.export(conn, where):
                article = catalogue.get(article_id)
                writer.writerow(csvsafe.row((
                    vote_id, aware(created).isoformat(), aware(updated).isoformat(), article_id, article.title, article.category,
                    article.lang, vote_lang, "yes" if helpful else "no", reason, comment,
                )))
                if buffer.tell() > 64 * 1024:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue()

    name = f"votes-{chosen.date_from.isoformat()}-{chosen.date_to.isoformat()}.csv"
    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
                 "X-Content-Type-Options": "nosniff"},
    )
