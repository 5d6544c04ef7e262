"""A query's scores for every page at once, as numpy arrays (``scoring.Scorer.run``, several words).

A module of its own, imported on the first such query: numpy's import (~0.1 s of CPU) is paid by
the search service, not by every `kb` command that imports the search package (a build never
runs a query). Every function gives the floats the pure-Python code in ``scoring`` gives.
"""

from __future__ import annotations

import numpy as np


def sparse(scores: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """A slot's {docnum: score} as (docnums, scores) arrays: 16 bytes a page, no Python objects."""
    count = len(scores)
    return np.fromiter(scores.keys(), np.intp, count), np.fromiter(scores.values(), np.float64, count)


def dense(pages: tuple[np.ndarray, np.ndarray], size: int) -> np.ndarray:
    """``sparse``'s arrays laid out by docnum, 0.0 where the slot does not match."""
    out = np.zeros(size)
    out[pages[0]] = pages[1]
    return out


def scores(columns: list[np.ndarray], allowed: int | None) -> np.ndarray:
    """Every page's score by docnum from its slots' ``dense`` columns (two or more), 0.0 for a page
    no slot matches or outside the ``allowed`` mask: ``scoring._scores``' arithmetic on whole
    arrays, so the very same floats (IEEE additions in slot order, then ``* hits``, an exact
    small integer, and ``/ n``)."""
    totals: np.ndarray = columns[0] + columns[1]
    hits = (columns[0] != 0).astype(np.float64)
    hits += columns[1] != 0
    for column in columns[2:]:
        totals += column
        hits += column != 0
    totals *= hits
    totals /= len(columns)
    if allowed is not None:
        totals *= bits(allowed, len(totals))  # (x 1.0 keeps a score's every bit; x 0.0 drops it)
    return totals


def bits(mask: int, size: int) -> np.ndarray:
    """A ``scoring.mask_of`` mask as 0.0 / 1.0 per docnum."""
    flags = np.unpackbits(np.frombuffer(mask.to_bytes((size + 7) // 8, "little"), np.uint8), count=size, bitorder="little")
    return flags.astype(np.float64)


def top(scores: np.ndarray, matched: int, top: int) -> list[tuple[float, int]]:
    """The ``top`` best (score, docnum) of the ``matched`` pages (a mask), best first, ties to the
    higher docnum (as ``scoring._top``): the ``top``-th best score found by a partial sort in
    numpy (``kth_best``), then only the pages scoring at least that sorted as Python tuples."""
    if matched.bit_count() > top:
        kth = kth_best(scores, top)
        if kth > 0:  # (then every page scoring that much is a match: the others score 0.0)
            docs = np.flatnonzero(scores >= kth)
            return sorted(zip(scores[docs].tolist(), docs.tolist()), reverse=True)[:top]
    docs = np.flatnonzero(bits(matched, len(scores)))
    return sorted(zip(scores[docs].tolist(), docs.tolist()), reverse=True)[:top]


def kth_best(scores: np.ndarray, k: int) -> float:
    """The ``k``-th largest of ``scores`` (``k`` < its length), as np.partition finds it, in a
    fraction of its time: np.partition over 5,000 scores took 40 us, and up to 500 us when most
    are 0.0 (pages the query does not match), its selection slowing down on equal values.

    The array is cut into runs of ``len // 4k`` scores: the k-th largest of the runs' maxima is
    k scores at least as large, so no larger than the k-th largest score, and the k-th largest
    of the scores at least that large (typically a few dozen) is the k-th largest of all."""
    n = len(scores)
    size = n // (4 * k)
    if size < 2:
        return float(np.partition(scores, n - k)[n - k])
    maxima = np.maximum.reduceat(scores, np.arange(0, n, size))
    floor = np.partition(maxima, len(maxima) - k)[len(maxima) - k]
    above = scores[scores >= floor]
    return float(np.partition(above, len(above) - k)[len(above) - k])
