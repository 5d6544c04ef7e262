#!/usr/bin/env bash
# What internal pages cost a cold `kb build` (docs/performance.md, "Internal pages").
# Interleaved wall times, ROUNDS rounds:
#   * a synthetic help center without internal pages (bench/synth.py, N articles): this tree's
#     `kb build` against BASELINE_KB (another checkout's kb, e.g. main's) - one build each;
#   * the sample help center (runbooks are internal): `kb build --audience public` (one build)
#     against the default `kb build` (public + internal), and BASELINE_KB's build.
# Usage: flock /tmp/bench.lock bench/audience_build.sh [N=300] [ROUNDS=2]   (BASELINE_KB=/path/to/kb, AUDIENCE_OUT=dir)
set -u
cd "$(dirname "$0")/.."
N=${1:-300}; ROUNDS=${2:-2}; OUT=${AUDIENCE_OUT:-bench/out/audience}; KB=.venv/bin/kb; BASE=${BASELINE_KB:-}
mkdir -p "$OUT"
[ -d "$OUT/kb-$N" ] || .venv/bin/python bench/synth.py --n "$N" --out "$OUT/kb-$N" --seed 1 >/dev/null
t() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; local rc=$?; printf '%.1f s rc=%s' "$(echo "$(date +%s.%N) - $s" | bc)" "$rc"; }
uptime
for round in $(seq "$ROUNDS"); do
  rm -rf "$OUT"/site-*
  [ -n "$BASE" ] && echo "synth$N baseline          $(t "$BASE" build --kb "$OUT/kb-$N" --site-dir "$OUT/site-synth-base" -q)"
  echo "synth$N this tree         $(t $KB build --kb "$OUT/kb-$N" --site-dir "$OUT/site-synth" -q)"
  echo "sample --audience public $(t $KB build --site-dir "$OUT/site-public" --audience public -q)"
  echo "sample default (2 builds) $(t $KB build --site-dir "$OUT/site-default" -q)"
  [ -n "$BASE" ] && echo "sample baseline          $(t "$BASE" build --site-dir "$OUT/site-base" -q)"
done
uptime
