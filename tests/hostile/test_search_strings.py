"""Every hostile search string (tests/hostile/search_strings.py) against the search API, on
SQLite and PostgreSQL: never a 5xx, 4xx in the error shape, an answer within a bound, and every
search answered is written to the analytics table (one bad row never blocks the others)."""

from __future__ import annotations

import time
from collections import Counter

from hostile_helpers import BOUND, load_cases
from sqlalchemy import create_engine, text

from feedback_api.search.analytics import fit, normalize

CASES = load_cases("search_strings.py").CASES


def _logged(url: str) -> Counter:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return Counter(conn.execute(text("SELECT query FROM search_queries")).scalars())
    finally:
        engine.dispose()


def test_hostile_search_strings(service, database_url):
    failures, answered = [], Counter()
    for case in CASES:
        started = time.monotonic()
        response = service.get("/api/v1/search", params={"q": case.q, **case.params})
        seconds = time.monotonic() - started
        name = repr(case.q[:40]) + (f" {list(case.params)}" if case.params else "")
        if seconds > BOUND:
            failures.append(f"{name}: took {seconds:.1f} s")
        elif response.status_code >= 500:
            failures.append(f"{name}: {response.status_code} {response.text[:200]}")
        elif case.expect is not None and response.status_code != case.expect:
            failures.append(f"{name}: expected {case.expect}, got {response.status_code} {response.text[:200]}")
        elif response.status_code == 200:
            body = response.json()
            if not isinstance(body.get("results"), list):
                failures.append(f"{name}: 200 without results: {response.text[:200]}")
            answered[fit({"query": normalize(case.q)})["query"]] += 1  # as the log stores it
        else:
            error = response.json().get("error", {})
            if set(error) != {"code", "message", "details"}:
                failures.append(f"{name}: {response.status_code} not in the error shape: {response.text[:200]}")
    # Every answered search reaches the analytics table, hostile ones included, its text as stored
    # by parameters (quotes, NULs, SQL in the query are data).
    service.app.state.search_log.flush()
    if (logged := _logged(database_url)) != answered:
        failures.append(f"answered but not logged as such: {list((answered - logged).items())[:5]}; "
                        f"logged but not answered so: {list((logged - answered).items())[:5]}")
    print(f"hostile search strings: {len(CASES)} ran, {len(failures)} failed")
    assert not failures, "\n".join(failures)
