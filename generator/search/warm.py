"""Warming an opened build before it answers: the scores of its most common words.

The first search of a word computes its scores over every page holding it and caches them
(``scoring.Scorer``), then sorts its pages by score and lays them out by docnum on first use (a
``Slot``): milliseconds for a word in thousands of pages. In the service that first search runs
on the event loop, so every request in flight waits for it, and a freshly started worker (or a
new build) paid it for each common word in turn: its first thousand searches had 10-40 ms ones.

Here it is paid on the thread that opens the build (``Searcher.refresh``), for the ``COMMON``
most frequent words of the bodies, as plain and as Chinese readers' searches plan them (and
the regex their snippets mark them with): the costly words, since the cost grows with the pages a word is in. Rarer words stay lazy: they are
cheap, and warming every word would keep every word's scores in memory. Then the pages' stored
fields, up to what the decoded-pages cache keeps (``IndexHandle.decode_ahead``, ~0.1 s at 5,000
pages). Only caches are filled: answers are the same.

Then, where the service hands it the searches readers made most often lately (``replay``), those
searches themselves, as Solr warms a new searcher with its most used queries: what the common
words leave cold (rarer words' scores, each result page's snippet matches) cost a fresh worker
about twice the CPU of its later searches for its first thousand distinct queries, and with two
workers on two cores that queue pushed the p99 past 20 ms (docs/performance.md, ninth window).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from .handle import IndexHandle
from .languages import preferred
from .query import plan
from .snippets import term_pattern

log = logging.getLogger("generator.search")
COMMON = 100
# A bound on a replay's time, whatever the site's size and the searches' number: a worker takes
# no request while it runs (at 5,000 pages 1,000 queries, 1,666 searches, take ~1.2 s).
REPLAY_SECONDS = 5.0


def warm(handle: IndexHandle, common: int = COMMON) -> None:
    try:
        terms = handle.index.common_terms("body", common)
        for term in terms:
            for prefer in (None, "zh"):  # a Chinese reader's plan adds Chinese alternatives to English words
                p = plan(handle, term, prefer)
                term_pattern(p.highlight)  # its snippets' regex, compiled once per process (snippets.py)
                for typed, alts in p.slots:
                    slot = handle.scorer.slot(typed, alts, p.title)
                    slot.ranked()
                    slot.vector()  # lays out a broad slot's scores by docnum, for multi-word queries
        handle.decode_ahead()  # the results' stored fields, decoded once each
    except Exception:  # noqa: BLE001 - only a head start: the caches fill lazily as before
        log.warning("could not warm the search index's caches", exc_info=True)


def replay(search: Callable[[str, str | None], object], queries: Iterable[str], readers: Iterable[str],
           seconds: float = REPLAY_SECONDS) -> int:
    """Run each of ``queries`` (most wanted first) through ``search(query, reader)`` once for each
    reader language whose plan differs (``languages.preferred``: Chinese queries plan alike for
    every reader), until ``seconds`` have passed. Returns the searches run. A search that fails
    is skipped: only caches are at stake."""
    deadline = time.monotonic() + seconds
    langs: list[str | None] = [*readers] or [None]
    done = 0
    for q in queries:
        planned: set[str | None] = set()
        for reader in langs:
            prefer = preferred(q, reader)
            if prefer in planned:
                continue
            planned.add(prefer)
            if time.monotonic() >= deadline:
                return done
            try:
                search(q, reader)
            except Exception:  # noqa: BLE001 - a head start only; the same search answers later as it can
                log.debug("could not replay the search %r", q, exc_info=True)
            done += 1
    return done
