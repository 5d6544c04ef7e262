"""Score search backends on labelled queries: MRR@10 and recall@5 per language and per kind.

    python bench/search_eval.py --content /work/shared/corpora/zh-apisix-docs \
        --queries bench/queries/zh-apisix-docs.jsonl --backend ours --backend material

Queries are JSON lines ``{"query", "lang", "relevant": [ids or source paths], "kind"}``.
Backends: ``ours`` (generator.search.Searcher over ``<site>/.search``) and ``material`` (Material for
MkDocs' own search worker run by Node.js over ``<site>/search/search_index.json``, see bench/node/).
Without ``--site-dir`` both sites are built into ``bench/out/eval/<content name>/``: our index with
``build_index`` and the Material site with a minimal ``mkdocs build`` (material theme, search plugin).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content import load  # noqa: E402
from generator.content.loader import url_for  # noqa: E402

NODE_DIR = ROOT / "bench" / "node"


def read_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def norm_url(url: str) -> str:
    return unquote(url.split("#")[0]).strip("/")


class Judge:
    """Matches a returned page (id, source or url) against a query's relevant entries."""

    def __init__(self, content):
        self.url_of: dict[str, str] = {}
        for p in content.pages:
            for key in (p.id, p.src_path):
                self.url_of[key] = norm_url(p.url)

    def relevant_urls(self, relevant: list[str]) -> set[str]:
        return {self.url_of.get(r, norm_url(url_for(r))) for r in relevant}


# -- backends ----------------------------------------------------------------------------------


def ours(site: Path, content) -> callable:
    from generator.search import Searcher, build_index

    if not (site / ".search" / "CURRENT").exists():
        build_index(content, site)
    searcher = Searcher(site)

    def run(queries: list[dict]) -> list[list[str]]:
        return [[norm_url(r["url"]) for r in searcher.search(q["query"], per_page=10)["results"]] for q in queries]

    return run


def material(site: Path, content_root: Path) -> callable:
    index = site / "search" / "search_index.json"
    if not index.exists():
        build_material(content_root, site)
    import material as material_pkg

    workers = Path(material_pkg.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    worker = next(p for p in workers.glob("search.*.min.js"))
    if not (NODE_DIR / "node_modules" / "lunr-languages").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True)

    def run(queries: list[dict]) -> list[list[str]]:
        stdin = "".join(json.dumps({"query": q["query"]}, ensure_ascii=False) + "\n" for q in queries)
        out = subprocess.run(
            ["node", str(NODE_DIR / "material-search.js"), str(worker), str(index)],
            input=stdin, capture_output=True, text=True, check=True,
        ).stdout
        return [[norm_url(p) for p in json.loads(line)["pages"][:10]] for line in out.splitlines()]

    return run


def build_material(content_root: Path, site: Path) -> None:
    """A plain Material site over the folder, the way someone would try Material first."""
    site.mkdir(parents=True, exist_ok=True)
    config = site.parent / f"{site.name}-mkdocs.yml"
    config.write_text(
        "site_name: eval\n"
        f"docs_dir: {content_root.resolve()}\n"  # resolved beside the config file otherwise
        f"site_dir: {site}\n"
        "theme: {name: material}\n"
        "plugins: [search]\n",
        encoding="utf-8",
    )
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True)


# -- scoring -------------------------------------------------------------------------------------


def score(queries: list[dict], ranked: list[list[str]], judge: Judge) -> dict:
    groups: dict[str, list[tuple[float, float, bool]]] = defaultdict(list)
    for q, pages in zip(queries, ranked):
        rel = judge.relevant_urls(q["relevant"])
        rr = next((1.0 / (i + 1) for i, u in enumerate(pages[:10]) if u in rel), 0.0)
        recall = len(rel & set(pages[:5])) / len(rel)
        row = (rr, recall, not pages)
        for key in ("all", f"lang={q.get('lang', '?')}", f"kind={q.get('kind', '?')}"):
            groups[key].append(row)
    return {
        k: {
            "n": len(v),
            "mrr@10": round(sum(r[0] for r in v) / len(v), 3),
            "recall@5": round(sum(r[1] for r in v) / len(v), 3),
            "zero": sum(r[2] for r in v),
        }
        for k, v in sorted(groups.items())
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content", type=Path, required=True, help="content folder the queries are about")
    ap.add_argument("--queries", type=Path, required=True)
    ap.add_argument("--backend", action="append", choices=["ours", "material"])
    ap.add_argument("--site-dir", type=Path, help="a built site (with .search/ and search/search_index.json)")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "eval")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-misses", action="store_true", help="print queries whose first hit is wrong")
    args = ap.parse_args(argv)
    backends = args.backend or ["ours", "material"]
    content = load(args.content)
    judge = Judge(content)
    queries = read_queries(args.queries)
    report = {}
    for name in backends:
        site = args.site_dir or (args.work / args.content.name / name)
        run = ours(site, content) if name == "ours" else material(site, args.content)
        started = time.perf_counter()
        ranked = run(queries)
        report[name] = score(queries, ranked, judge)
        report[name]["seconds"] = round(time.perf_counter() - started, 2)
        if args.show_misses:
            for q, pages in zip(queries, ranked):
                rel = judge.relevant_urls(q["relevant"])
                if not pages or pages[0] not in rel:
                    print(f"  [{name}] {q['query']!r}: got {pages[:3]} want {sorted(rel)}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for name, groups in report.items():
        print(f"{name} ({args.queries.name}, {groups.pop('seconds')} s)")
        for key, g in groups.items():
            print(f"  {key:<16} n={g['n']:<3} MRR@10={g['mrr@10']:.3f}  recall@5={g['recall@5']:.3f}  zero-result={g['zero']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
