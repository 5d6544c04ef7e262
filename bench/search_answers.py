"""The search API's JSON answers for a fixed set of queries, to check that a speed change leaves
every byte of them as it was.

    python bench/search_answers.py OUT.jsonl [--docs 5000]      # write this checkout's answers
    python bench/search_answers.py OUT.jsonl --compare OLD.jsonl  # ... and list the ones that differ

The articles are bench/search_speed.py's synthetic ones; the queries are its generated ones plus
every query in bench/queries/*.jsonl, each searched from both reader languages, pages 1 and 2.
Each answer is rendered as the API renders it (``feedback_api.search.api.render``), so equal lines mean
equal API responses. Run it on main and on a branch, then compare (or ``cmp`` the two files).
It also prints the slowest queries, to see which ones set the p99.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def all_queries(generated: int) -> list[str]:
    from search_speed import queries

    out = queries(generated)
    for f in sorted((ROOT / "bench" / "queries").glob("*.jsonl")):
        out += [json.loads(line)["query"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--queries", type=int, default=1000, help="generated queries (besides bench/queries)")
    ap.add_argument("--compare", type=Path, help="answers written earlier: report the queries that differ")
    args = ap.parse_args()

    from search_speed import make_corpus

    from feedback_api.search.api import render
    from generator.content import load
    from generator.search import Searcher, build_index

    qs = all_queries(args.queries)
    timed: list[tuple[float, str]] = []
    with tempfile.TemporaryDirectory() as tmp, args.out.open("w", encoding="utf-8") as out:
        root = Path(tmp)
        make_corpus(root / "kb", args.docs)
        build_index(load(root / "kb"), root / "site")
        searcher = Searcher(root / "site")
        for q in qs:
            for reader in ("en", "zh"):
                for page in (1, 2):
                    t = time.perf_counter()
                    result = searcher.search(q, reader=reader, page=page)
                    timed.append((time.perf_counter() - t, q))
                    body = render(result).decode()
                    out.write(json.dumps({"q": q, "reader": reader, "page": page, "body": body}, ensure_ascii=False) + "\n")
    print(f"{len(timed)} answers written to {args.out}")
    for seconds, q in sorted(timed, reverse=True)[:8]:
        print(f"  {1000 * seconds:6.2f} ms  {q[:70]}")
    if args.compare is None:
        return 0
    old = args.compare.read_text(encoding="utf-8").splitlines()
    new = args.out.read_text(encoding="utf-8").splitlines()
    differ = [json.loads(b)["q"] for a, b in zip(old, new) if a != b]
    if len(old) != len(new):
        print(f"different number of answers: {len(old)} before, {len(new)} now")
        return 1
    print(f"{len(differ)} of {len(new)} answers differ" + (": " + "; ".join(differ[:10]) if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
