#!/usr/bin/env bash
# Board benchmark: duban against the floor (a minimal ratatui list of the
# same rows) on the default plan (140 measures) and a generated plan of
# 10 000 measures / 100 departments. Prints a markdown table (BENCHMARKS.md).
#
#   benches/board.sh [--runs N] [--query TEXT]
#
# Set TUIMETER=/path/to/tuimeter.py to also cross-check each case with that
# external measuring tool (needs python3 and pyte; installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
plan10k="$target/bench/plan-10k"

cargo build --release --quiet --bin duban --example floor --example genplan
if [ ! -f "$plan10k/plan.ron" ]; then
    "$target/release/examples/genplan" "$plan10k" 10000 100 >&2
fi

cargo bench --quiet --bench board -- --floor "$target/release/examples/floor" --plan10k "$plan10k" "$@"

if [ -n "${TUIMETER:-}" ]; then
    python3 -c 'import pyte' 2>/dev/null || pip install --quiet pyte
    data=$(mktemp -d)
    trap 'rm -rf "$data"' EXIT
    # title [plan|chapter] [--plan DIR]: what the floor / the board show first
    title() {
        local which=$1
        shift
        "$target/release/duban" export --format json "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["plan"]["title"] if sys.argv[1] == "plan" else d["chapters"][0]["title"])' "$which"
    }
    keys='j*50@jk k*50@jk <PgDn>*3@PgDn /营商环境<Enter>@search'
    out="$target/bench/tuimeter.jsonl"
    meter_runs=${TUIMETER_RUNS:-3}
    : >"$out"
    meter() {  # meter LABEL READY SETUP CMD...
        local label=$1 ready=$2 setup=$3
        shift 3
        local extra=()
        if [ -n "$setup" ]; then extra=(--setup "$setup"); fi
        python3 "$TUIMETER" --runs "$meter_runs" --quit 'q q q q' "${extra[@]}" --label "$label" \
            --ready "$ready" --keys "$keys" --out "$out" -- "$@" >/dev/null
    }
    board=("$target/release/duban" --today 2021-12-15 --data "$data")
    meter "duban 140" "$(title chapter)" "" "${board[@]}"
    meter "duban 140, measures pane" "$(title chapter)" "<Enter>" "${board[@]}"
    meter "floor 140" "$(title plan)" "" "$target/release/examples/floor"
    meter "duban 10000" "$(title chapter --plan "$plan10k")" "" "${board[@]}" --plan "$plan10k"
    meter "duban 10000, measures pane" "$(title chapter --plan "$plan10k")" "<Enter>" "${board[@]}" --plan "$plan10k"
    meter "floor 10000" "$(title plan --plan "$plan10k")" "" "$target/release/examples/floor" --plan "$plan10k"
    echo
    echo "Cross-check with tuimeter ($meter_runs runs, medians):"
    echo
    python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
rows = [r for r in rows if r.get("kind") == "summary"]
print("| program | first frame ms | bytes/key j/k | PgDn | search | latency median ms | latency max ms | peak RSS MB | restored |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
for r in rows:
    g = r["keys"]["groups"]
    k = r["keys"]
    print(f'| {r.get("label")} | {r["first_frame_ms"]:.1f} | {g["jk"]["bytes_median"]} | {g["PgDn"]["bytes_median"]} '
          f'| {g["search"]["bytes_median"]} | {k["latency_median_ms"]:.2f} | {k["latency_max_ms"]:.2f} '
          f'| {r["peak_rss_mb"]:.1f} | {"yes" if r["terminal_restored_all"] else "NO"} |')
PY
fi
