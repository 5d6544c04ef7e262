"""Fit ranking constants on the tuning half of bench/queries (never the held-out half).

    python bench/search_tune.py                      # MRR@10 on the tuning half for each setting tried
    python bench/search_tune.py --corpus sample-kb   # one query file only (the smoke run in tests/bench)
    python bench/search_tune.py --glossary-only      # only the bilingual glossary: off, on, its weight

Each corpus is indexed once; every setting is then tried on fresh searchers (the caches hold scores).
Field boosts and the glossary are applied at query time, so no setting needs a rebuild. The chosen
values are written by hand into generator/search/schema.py (BOOSTS), languages.py, scoring.py and
confidence.py (GOOD), with the figures in docs/search.md.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.search_eval import CORPORA, QUERY_DIR, UNANSWERABLE, Judge, content_root, held_out, per_query, read_queries  # noqa: E402
from generator.content import load  # noqa: E402
from generator.search import Searcher, build_index, languages, query, schema, scoring  # noqa: E402


def setup(work: Path, corpora: Path, names: list[str] | None = None):
    sets = []
    for path in sorted(p for p in QUERY_DIR.glob("*.jsonl") if p.stem != UNANSWERABLE and (not names or p.stem in names)):
        content = load(content_root(path.stem, corpora))
        site = work / path.stem
        build_index(content, site)
        queries = [q for q in read_queries(path) if not held_out(q)]
        sets.append((site, queries, Judge(content)))
    return sets


def mrr(sets) -> float:
    rows = []
    for site, queries, judge in sets:
        s = Searcher(site)
        for q in queries:
            pages = [r["url"].split("#")[0].strip("/") for r in s.search(q["query"], per_page=10, reader=q.get("lang"))["results"]]
            rows.append(per_query(q, [__import__("urllib.parse").parse.unquote(u) for u in pages], judge)[0])
    return sum(rows) / len(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "tune")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--corpus", action="append", help="a query file's name (default: every file in bench/queries)")
    ap.add_argument("--glossary-only", action="store_true", help="only the bilingual glossary's settings")
    args = ap.parse_args(argv)
    sets = setup(args.work, args.corpora, args.corpus)
    if args.glossary_only:
        glossary(sets)
        return 0
    base = dict(schema.BOOSTS)
    print(f"current {base} other-language {languages.OTHER_LANGUAGE}: {mrr(sets):.4f}")
    results = {}
    for title, tags, headings in itertools.product((1.5, 2.0, 3.0, 4.0), (1.0, 2.0), (1.0, 1.5, 2.0)):
        schema.BOOSTS.update(title=title, tags=tags, headings=headings)
        results[(title, tags, headings)] = mrr(sets)
        print(f"title={title} tags={tags} headings={headings}: {results[(title, tags, headings)]:.4f}", flush=True)
    best = max(results, key=results.get)
    print(f"best boosts {best}: {results[best]:.4f}")
    schema.BOOSTS.update(title=best[0], tags=best[1], headings=best[2])
    for other in (0.05, 0.1, 0.2, 0.35):
        languages.OTHER_LANGUAGE = other
        print(f"other-language={other}: {mrr(sets):.4f}", flush=True)
    glossary(sets)
    calibrate(sets, args.corpora)
    return 0


def glossary(sets) -> None:
    """The bilingual glossary (generator/search/glossary.txt) off and on, then the weight of an
    alternative (translations and staff synonyms alike: only sample-kb has staff synonyms)."""
    current = query.TRANSLATE, scoring.SYNONYM_WEIGHT
    query.TRANSLATE = False
    print(f"glossary off: {mrr(sets):.4f}", flush=True)
    query.TRANSLATE = True
    for weight in (0.5, 0.65, 0.8, 1.0):
        scoring.SYNONYM_WEIGHT = weight
        print(f"glossary on, alternative weight {weight}: {mrr(sets):.4f}", flush=True)
    query.TRANSLATE, scoring.SYNONYM_WEIGHT = current


def calibrate(sets, corpora: Path) -> None:
    """The confidence cut-off: for each threshold, how often a first result called good (at or above
    it) is right, and how often one called weak is; unanswerable questions are never right."""
    firsts = []  # (confidence of the first result, right?)
    unanswerable = [u for u in read_queries(QUERY_DIR / f"{UNANSWERABLE}.jsonl") if not held_out(u)]
    for site, queries, judge in sets:
        s = Searcher(site)
        corpus = site.name
        for q in queries + [u for u in unanswerable if u["corpus"] == corpus]:
            res = s.search(q["query"], per_page=1, reader=q.get("lang"))["results"]
            if res:
                url = __import__("urllib.parse").parse.unquote(res[0]["url"].split("#")[0]).strip("/")
                firsts.append((res[0]["confidence"], bool(q.get("relevant")) and url in judge.relevant_urls(q["relevant"])))
    for cut in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6):
        good = [r for c, r in firsts if c >= cut]
        weak = [r for c, r in firsts if c < cut]
        acc = (sum(good) + sum(not r for r in weak)) / len(firsts)
        print(f"cut-off {cut}: good n={len(good)} right {sum(good) / max(1, len(good)):.3f}; "
              f"weak n={len(weak)} right {sum(weak) / max(1, len(weak)):.3f}; verdict accuracy {acc:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
