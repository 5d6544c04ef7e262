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
"""

from __future__ import annotations

import logging

from .handle import IndexHandle
from .query import plan
from .snippets import term_pattern

log = logging.getLogger("generator.search")
COMMON = 100


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
