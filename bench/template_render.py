"""Time the page template (``main.html``) of a kb build beside plain Material's, with Jinja's own ``a.b``
lookup and with the quiet one the build installs (generator/site/jinja_lookup.py).

    .venv/bin/python bench/template_render.py [--size 1000] [--renders 200] [--rounds 5] [--out bench/out]

Over bench/synth.py's articles (``<out>/kb-<size>``, as build.py makes them), each build runs in a child
process of its own: plain Material (build.py's categories-only config) and ``kb build --no-cache``. The
child times every top-level ``main.html`` render of its build (the mean is what a build pays a page,
first renders and all; kb build's with the quiet lookup it installs), keeps the context of one article's render (the middle one of synth's list: the same file in both),
and once the build is done renders that page again: ``--rounds`` rounds, each ``--renders`` renders with Jinja's lookup then as
many with the quiet one (the lookup is set on the template's environment for the round). The fastest
round of each is printed in ms a render: alternating rounds and keeping the fastest leaves out most of
what other work on a shared machine adds. Both lookups must print the same page; the child checks.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402


def _child(which: str, kb_dir: Path, out: Path, renders: int, rounds: int) -> dict:
    import jinja2

    from generator.site.jinja_lookup import quiet_getattr

    seen: dict = {"n": 0, "seconds": 0.0, "depth": 0, "kept": None}
    paths = json.loads((kb_dir / synth.MARKER).read_text(encoding="utf-8"))["paths"]
    middle = paths[len(paths) // 2]  # the same article in both builds (plain's docs are kb's files, linked)
    stock_render = jinja2.Template.render

    def render(self, *args, **kwargs):  # the build's own renders, timed
        top = self.name == "main.html" and seen["depth"] == 0
        seen["depth"] += 1
        start = time.perf_counter()
        try:
            return stock_render(self, *args, **kwargs)
        finally:
            seen["depth"] -= 1
            if top:
                seen["seconds"] += time.perf_counter() - start
                seen["n"] += 1
                page = (args[0] if args else kwargs).get("page")
                if page is not None and page.file.src_uri == middle:
                    seen["kept"] = (self, args, kwargs)

    jinja2.Template.render = render  # type: ignore[method-assign]
    if which == "plain":
        import build as bench_build
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        docs, cfg = out / f"plain-docs-{kb_dir.name}", out / f"plain-{kb_dir.name}-templates.yml"
        bench_build.prepare_plain(kb_dir, docs, out / f"site-plain-{kb_dir.name}-templates", cfg)
        build(load_config(config_file=str(cfg)))
    else:
        from generator.cli.build import _build_one

        _build_one(kb_dir=kb_dir, content_type=None, config=None, site_dir=out / f"site-{kb_dir.name}-templates",
                   strict=False, collection=None, search_index=None, today=None, static_search=None, jobs=None,
                   cache=False, audience="public")  # kb build --no-cache --audience public
    jinja2.Template.render = stock_render  # type: ignore[method-assign]

    template, args, kwargs = seen["kept"]
    env = template.environment
    lookups = {"jinja": None, "quiet": quiet_getattr(env).getattr}

    def use(name: str) -> None:
        if lookups[name] is None:
            env.__dict__.pop("getattr", None)  # Jinja's own lookup: the class's method
        else:
            env.getattr = lookups[name]

    pages = set()
    for name in lookups:
        use(name)
        pages.add(template.render(*args, **kwargs))
    assert len(pages) == 1, "the two lookups printed different pages"
    fastest = dict.fromkeys(lookups, float("inf"))
    for _ in range(rounds):
        for name in lookups:
            use(name)
            start = time.perf_counter()
            for _ in range(renders):
                template.render(*args, **kwargs)
            fastest[name] = min(fastest[name], (time.perf_counter() - start) / renders)
    return {"build": which, "pages": seen["n"], "build_ms": 1000 * seen["seconds"] / max(seen["n"], 1),
            "page": middle,
            "jinja_ms": 1000 * fastest["jinja"], "quiet_ms": 1000 * fastest["quiet"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1000, help="articles [default: 1000]")
    ap.add_argument("--renders", type=int, default=200, help="renders of the kept page a round [default: 200]")
    ap.add_argument("--rounds", type=int, default=5, help="rounds of each lookup, alternating [default: 5]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--child", choices=["plain", "kb"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    kb_dir = out / f"kb-{args.size}"
    if args.child:
        print("@@RESULT " + json.dumps(_child(args.child, kb_dir, out, args.renders, args.rounds)))
        return 0
    synth.reuse_or_generate(kb_dir, args.size, args.seed)
    results = []
    for which in ("plain", "kb"):
        print(f"[{args.size}] {which} build, then {args.rounds} × 2 × {args.renders} renders of one article", flush=True)
        proc = subprocess.run([sys.executable, __file__, "--child", which, "--size", str(args.size), "--renders", str(args.renders),
                               "--rounds", str(args.rounds), "--out", str(out)], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONUNBUFFERED="1"))
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("@@RESULT ")), None)
        if proc.returncode or line is None:
            sys.stderr.write(proc.stderr[-4000:])
            return proc.returncode or 1
        results.append(json.loads(line.removeprefix("@@RESULT ")))
    print(f"\nload average {os.getloadavg()[0]:.2f}; ms a render of main.html")
    print("| build | pages | mean in the build | one page | Jinja's lookup | quiet lookup | quiet / Jinja's |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        name = "plain Material" if r["build"] == "plain" else "kb build"
        print(f"| {name} | {r['pages']:,} | {r['build_ms']:.2f} | `{r['page']}` | {r['jinja_ms']:.2f} | {r['quiet_ms']:.2f} "
              f"| {r['quiet_ms'] / r['jinja_ms']:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
