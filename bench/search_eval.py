"""Score search backends on labelled queries: MRR@10 and recall@5 per corpus and per language.

    python bench/search_eval.py                       # every query file, all three backends
    python bench/search_eval.py --corpus zh-apisix-docs --backend ours --show-misses ours

Query files are ``bench/queries/<corpus>.jsonl``, one JSON object a line: ``{"query", "lang",
"relevant": [ids or source paths], "kind"}``; ``lang`` is the language of the page the reader
searched from. ``<corpus>`` is a folder of /work/shared/corpora (``--corpora``), or ``sample-kb``
for this repository's ``kb/``. Each query falls in the tuning or the held-out half by a hash of its
text (fixed, so tuning never sees the held-out half); both halves are reported.

Backends, side by side in one table:
``ours`` (generator.search.Searcher over an index built fresh into ``bench/out/eval/<corpus>/ours``),
``bm25`` (bench/bm25_baseline.py: plain BM25 + jieba over title + body, untuned), and
``material`` (Material for MkDocs' own search worker run by Node.js over a plain Material build's
``search/search_index.json``, see bench/node/; the build is cached in ``bench/out/eval``).

Languages are by the query's script: ``zh`` (Chinese only), ``en`` (no Chinese), ``mixed`` (Chinese
and Latin words, "pod 一直重启").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content import load  # noqa: E402
from generator.content.loader import url_for  # noqa: E402

NODE_DIR = ROOT / "bench" / "node"
QUERY_DIR = ROOT / "bench" / "queries"
UNANSWERABLE = "unanswerable"  # questions a corpus has no page for: {"corpus", "query", "lang"}
CORPORA = Path("/work/shared/corpora")
BACKENDS = ("ours", "learned", "bm25", "material")
CLICKING_READERS = 5  # simulated readers per tuning query for the ``learned`` backend
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def read_queries(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def norm_url(url: str) -> str:
    return unquote(url.split("#")[0]).strip("/")


class Judge:
    """Matches a returned page (id, source or url) against a query's relevant entries."""

    def __init__(self, content):
        self.url_of: dict[str, str] = {}
        self.title_of = {norm_url(p.url): p.title for p in content.pages}
        for p in content.pages:
            for key in (p.id, p.src_path):
                self.url_of[key] = norm_url(p.url)

    def relevant_urls(self, relevant: list[str]) -> set[str]:
        return {self.url_of.get(r, norm_url(url_for(r))) for r in relevant}


# -- backends ----------------------------------------------------------------------------------


def ours(site: Path, content, answers: list | None = None) -> callable:
    """Our search over an index built now (never a stale one: the analysis may have changed)."""
    import inspect

    from generator.search import Searcher, build_index

    shutil.rmtree(site, ignore_errors=True)
    build_index(content, site)
    searcher = Searcher(site)
    takes_reader = "reader" in inspect.signature(searcher.search).parameters

    def run(queries: list[dict]) -> list[list[str]]:
        out = []
        for q in queries:
            extra = {"reader": q.get("lang")} if takes_reader else {}
            found = searcher.search(q["query"], per_page=10, **extra)
            res = found["results"]
            out.append([norm_url(r["url"]) for r in res])
            if answers is not None and "answer" in found:
                answers.append((q, found["answer"], [norm_url(r["url"]) for r in res[:1]]))
        return out

    return run


def ours_learned(site: Path, content, judge: Judge, queries: list[dict]) -> callable:
    """``ours`` after learning from simulated clicks on the tuning half only: for each tuning
    query, CLICKING_READERS readers each open the first relevant page among our top 10 (none if
    no relevant page is there). The held-out half gains only where a held-out query has the same
    analyzed words as a tuning one (``learned.query_key``)."""
    from generator.search import Searcher, learned

    ours(site, content)  # builds the index
    searcher = Searcher(site)
    table: dict[str, dict[str, float]] = {}
    for q in queries:
        if held_out(q):
            continue
        rel = judge.relevant_urls(q["relevant"])
        found = searcher.search(q["query"], per_page=10, reader=q.get("lang"))["results"]
        hit = next((r for r in found if norm_url(r["url"]) in rel), None)
        if hit:
            weight = CLICKING_READERS * learned.WEIGHTS["click"]
            table.setdefault(learned.query_key(q["query"]), {})[hit["id"]] = learned.multiplier(weight, CLICKING_READERS)

    def run(qs: list[dict]) -> list[list[str]]:
        return [[norm_url(r["url"]) for r in searcher.search(q["query"], per_page=10, reader=q.get("lang"),
                                                             learned=table.get(learned.query_key(q["query"])))["results"]]
                for q in qs]

    return run


def bm25(content) -> callable:
    from bench.bm25_baseline import BM25
    from generator.search.plaintext import to_plain

    index = BM25([(norm_url(p.url), p.title + "\n" + to_plain(p.body, p.headings, p.body_line).text) for p in content.pages])
    return lambda queries: [index.search(q["query"], 10) for q in queries]


def material(site: Path, content_root: Path) -> callable:
    index = site / "search" / "search_index.json"
    if not index.exists():
        build_material(content_root, site)
    import material as material_pkg

    workers = Path(material_pkg.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    worker = next(p for p in workers.glob("search.*.min.js"))
    if not (NODE_DIR / "node_modules" / "lunr-languages").is_dir():
        # npm's progress goes to stderr: stdout carries the report (--json is read by the smoke test)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True, stdout=sys.stderr)

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
        "plugins: [{search: {lang: [en, zh]}}]\n",  # zh: lunr-languages tokenizes the jieba-cut words

        encoding="utf-8",
    )
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], check=True)


# -- queries -------------------------------------------------------------------------------------


def held_out(q: dict) -> bool:
    """The fixed split: half the queries by a hash of their text, never tuned on."""
    return int(hashlib.sha1(q["query"].encode("utf-8")).hexdigest()[:8], 16) % 2 == 1


def script(text: str) -> str:
    if not _CJK.search(text):
        return "en"
    return "mixed" if _LATIN_WORD.search(text) else "zh"


def title_overlap(q: dict, judge: Judge) -> float:
    """Share of the query's words found in the best-matching relevant page's title (0 = a paraphrase)."""
    from bench.bm25_baseline import tokenize
    from generator.search.analysis import EN_STOP, ZH_STOP

    words = set(tokenize(q["query"])) - EN_STOP - ZH_STOP
    if not words:
        return 0.0
    best = 0.0
    for url in judge.relevant_urls(q["relevant"]):
        title = judge.title_of.get(url, "")
        tw = set(tokenize(title)) | {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", title)}
        best = max(best, len(words & tw) / len(words))
    return best


def content_root(corpus: str, corpora: Path) -> Path:
    return ROOT / "kb" if corpus == "sample-kb" else corpora / corpus


# -- scoring -------------------------------------------------------------------------------------


def per_query(q: dict, pages: list[str], judge: Judge) -> tuple[float, float, bool]:
    rel = judge.relevant_urls(q["relevant"])
    rr = next((1.0 / (i + 1) for i, u in enumerate(pages[:10]) if u in rel), 0.0)
    return rr, len(rel & set(pages[:5])) / len(rel), not pages


def summarize(rows: list[tuple[float, float, bool]]) -> dict:
    n = len(rows)
    return {
        "n": n,
        "mrr@10": round(sum(r[0] for r in rows) / n, 3) if n else None,
        "recall@5": round(sum(r[1] for r in rows) / n, 3) if n else None,
        "zero": sum(r[2] for r in rows),
    }


def evaluate(corpora_names: list[str], backends: list[str], corpora: Path, work: Path, misses: set[str]) -> dict:
    """{split: {group: {backend: summary}}} plus the query-set statistics."""
    rows: dict[tuple[str, str, str], list] = defaultdict(list)  # (split, group, backend) -> per-query rows
    confidence_rows: list = []
    stats = {"queries": 0, "paraphrases": 0, "several_relevant": 0, "corpora": {}}
    for corpus in corpora_names:
        queries = read_queries(QUERY_DIR / f"{corpus}.jsonl")
        root = content_root(corpus, corpora)
        content = load(root)
        judge = Judge(content)
        stats["queries"] += len(queries)
        stats["corpora"][corpus] = len(queries)
        stats["paraphrases"] += sum(title_overlap(q, judge) < 0.5 for q in queries)
        stats["several_relevant"] += sum(len(q["relevant"]) > 1 for q in queries)
        for name in backends:
            if name == "ours":
                answers: list = []
                run = ours(work / corpus / "ours", content, answers)
            elif name == "learned":
                run = ours_learned(work / corpus / "learned", content, judge, queries)
            elif name == "bm25":
                run = bm25(content)
            else:
                run = material(work / corpus / "material", root)
            ranked = run(queries)
            for q, pages in zip(queries, ranked):
                row = per_query(q, pages, judge)
                split = "held-out" if held_out(q) else "tuning"
                for s in (split, "all"):
                    for group in (f"corpus {corpus}", f"lang {script(q['query'])}", "all"):
                        rows[(s, group, name)].append(row)
                if name in misses and split == "tuning" and row[0] < 1.0 and name != "ours":
                    want = sorted(judge.relevant_urls(q["relevant"]))
                    print(f"  [{name}] {q['query']!r}: got {pages[:3]} want {want}", file=sys.stderr)
            if name == "ours":
                if "ours" in misses:
                    for (q, verdict, _first), pages in zip(answers, ranked):
                        if not held_out(q) and (not pages or pages[0] not in judge.relevant_urls(q["relevant"])):
                            want = sorted(judge.relevant_urls(q["relevant"]))
                            print(f"  [ours/{verdict}] {q['query']!r}: got {pages[:3]} want {want}", file=sys.stderr)
                for q, verdict, first in answers:
                    confidence_rows.append((held_out(q), verdict, bool(first) and first[0] in judge.relevant_urls(q["relevant"])))
                answers.clear()
                run([u for u in read_queries(QUERY_DIR / f"{UNANSWERABLE}.jsonl") if u["corpus"] == corpus])
                confidence_rows += [(held_out(q), verdict, False) for q, verdict, _ in answers]
    report: dict = {"stats": stats, "confidence": confidence_table(confidence_rows)}
    for (s, group, name), r in rows.items():
        report.setdefault(s, {}).setdefault(group, {})[name] = summarize(r)
    return report


def confidence_table(rows: list[tuple[bool, str, bool]]) -> dict:
    """Per half: how often the first result is right when our answer says "good" and when "weak"
    (the unanswerable questions are never right); "none" means nothing matched."""
    out = {}
    for half, flag in (("held-out", True), ("tuning", False)):
        table = {}
        for verdict in ("good", "weak", "none"):
            picked = [right for h, v, right in rows if h == flag and v == verdict]
            table[verdict] = {"n": len(picked), "first_right": round(sum(picked) / len(picked), 3) if picked else None}
        out[half] = table
    return out


def print_report(report: dict, backends: list[str]) -> None:
    st = report["stats"]
    print(
        f"{st['queries']} queries over {len(st['corpora'])} corpora; {st['paraphrases']} share under half their words "
        f"with the answer's title; {st['several_relevant']} have several relevant pages"
    )
    for s in ("held-out", "tuning"):
        groups = report.get(s, {})
        print(f"\n{s} half" + " " * 24 + "".join(f"{b + ' MRR@10  R@5':<22}" for b in backends))
        for group in sorted(groups, key=lambda g: (not g.startswith("lang"), g != "all", g)):
            cells = groups[group]
            n = next(iter(cells.values()))["n"]
            line = f"  {group:<32} n={n:<4}"
            for b in backends:
                c = cells.get(b)
                line += f"{c['mrr@10']:>7.3f} {c['recall@5']:>6.3f}        " if c else " " * 22
            print(line)
    for half, table in report.get("confidence", {}).items():
        cells = "; ".join(f"{v} n={c['n']} first result right {c['first_right']}" for v, c in table.items())
        print(f"\nours, answer verdict ({half} half, with {UNANSWERABLE}.jsonl): {cells}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", help="a query file's name (default: every file in bench/queries)")
    ap.add_argument("--backend", action="append", choices=BACKENDS)
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "eval")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-misses", action="append", default=[], choices=BACKENDS,
                    help="print the tuning-half queries whose first hit is wrong, for this backend")
    args = ap.parse_args(argv)
    names = args.corpus or sorted(p.stem for p in QUERY_DIR.glob("*.jsonl") if p.stem != UNANSWERABLE)
    backends = args.backend or list(BACKENDS)
    report = evaluate(names, backends, args.corpora, args.work, set(args.show_misses))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_report(report, backends)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
