#!/usr/bin/env bash
# Scale benchmark: duban at 140 (the default plan), 1 000 and 10 000
# measures, each with 100 000 history records in its data dir. Prints a
# markdown table (BENCHMARKS.md, "Scale").
#
#   benches/scale.sh
#
# Load = `duban check --plan`; save = `duban set` with the big history;
# first frame, keystroke (j/k), search and filter latency and the board's
# peak RSS come from tuimeter (/work/shared/tools/tuimeter, needs pyte).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
out="$target/scale"
meter=${TUIMETER:-/work/shared/tools/tuimeter/tuimeter.py}
records=${RECORDS:-100000}
mkdir -p "$out"
python3 -c 'import pyte' 2>/dev/null || pip install --quiet pyte

cargo build --release --quiet --bin duban --example genplan --example scale_data
duban="$target/release/duban"

# wall seconds (best of 3, ms resolution) and peak RSS (KiB) of one command
measure() {
    local best= kb
    for _ in 1 2 3; do
        local s e
        s=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/err.txt" ||
            { cat "$out/err.txt" >&2; return 1; }
        e=$(date +%s%N)
        kb=$(cat "$out/time.txt")
        local t=$(( (e - s) / 1000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$(python3 -c "print($best / 1e6)") $kb"
}

echo "| measures | load (check) | load RSS | save (set) | save RSS | first frame | j/k key | search | filter | board RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in 140 1000 10000; do
    if [ "$n" = 140 ]; then
        plan_args=()
        plan_dir=-
    else
        plan_dir="$out/plan-$n"
        [ -f "$plan_dir/plan.ron" ] || "$target/release/examples/genplan" "$plan_dir" "$n" 100 >/dev/null
        plan_args=(--plan "$plan_dir")
    fi
    data="$out/data-$n"
    if [ ! -d "$data" ]; then
        "$target/release/examples/scale_data" "$data" "$plan_dir" "$records" >/dev/null
    fi
    read -r load_s load_kb < <(measure "$duban" "${plan_args[@]}" check)
    measure_id=$("$duban" "${plan_args[@]}" export --format json | python3 -c '
import json, sys
m = json.load(sys.stdin)["chapters"][0]["measures"][0]
print(m["id"], m["lead"][0])')
    read -r mid dept <<<"$measure_id"
    # a new note each time, so every run really saves
    read -r save_s save_kb < <(measure sh -c 'exec "$0" "$@" --note "scale $(date +%s%N)"' \
        "$duban" "${plan_args[@]}" --data "$data" --dept "$dept" set "$mid")
    ready=$("$duban" "${plan_args[@]}" export --format json | python3 -c '
import json, sys; print(json.load(sys.stdin)["chapters"][0]["title"])')
    python3 "$meter" --cols 120 --rows 40 --ready "$ready" --runs 3 \
        --keys 'j*40@jk k*40@jk /营商环境<Enter>@search <Esc> o@filter o@filter' \
        --label "scale-$n" --out "$out/tuimeter-$n.jsonl" \
        -- "$duban" "${plan_args[@]}" --data "$data" --today 2021-12-15 >"$out/meter-$n.txt"
    python3 - "$out/meter-$n.txt" "$n" "$load_s" "$load_kb" "$save_s" "$save_kb" <<'PY'
import json, sys
path, n, load_s, load_kb, save_s, save_kb = sys.argv[1:]
s = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
s = [x for x in s if x.get("kind") == "summary"] or s
r = s[-1]
g = r.get("keys", {}).get("groups", {})
def lat(k):
    v = g.get(k, {})
    return f'{v.get("latency_median_ms", float("nan")):.1f} / {v.get("latency_max_ms", float("nan")):.1f} ms'
print(f'| {int(n):,} | {float(load_s)*1000:.0f} ms | {int(load_kb)/1024:.1f} MB | {float(save_s)*1000:.0f} ms | {int(save_kb)/1024:.1f} MB '
      f'| {r.get("first_frame_ms", float("nan")):.0f} ms | {lat("jk")} | {lat("search")} | {lat("filter")} | {r.get("peak_rss_mb", float("nan")):.1f} MB |')
PY
done
echo
echo "latencies: median / max of key write → first output byte, 3 runs at 120×40; history: $records records per size"
