#!/usr/bin/env bash
# Import benchmark: `duban import` on generated plan documents of 1, 2, 4
# and 5 MB (chapters of measures with labelled annotations, deadlines and
# targets), and on one measure naming 10 000, 20 000 and 40 000 departments.
# Import is linear in both; this prints the table that shows it.
#
#   benches/import_scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
out="$target/import-scale"
mkdir -p "$out"
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet --bin duban
duban="$target/release/duban"

numeral() { # 1..99 in Chinese numerals
    local d=(〇 一 二 三 四 五 六 七 八 九) n=$1
    if [ "$n" -lt 10 ]; then echo "${d[$n]}"
    elif [ "$n" -lt 20 ]; then echo "十${d[$((n % 10))]/〇/}"
    else echo "${d[$((n / 10))]}十${d[$((n % 10))]/〇/}"; fi
}

# A plan document of about $1 MB.
plan_of() {
    local want=$(( $1 * 1024 * 1024 )) file=$2 ch=0
    {
        echo "某市优化营商环境行动方案"
        echo
        echo "2023年3月1日"
        echo
    } >"$file"
    while [ "$(stat -c %s "$file")" -lt "$want" ]; do
        ch=$((ch + 1))
        {
            echo "第${ch}章 任务${ch}"
            for m in $(seq 1 40); do
                echo "（$(numeral "$m")）推进第${ch}章第${m}项改革。9月底前将办理时间压缩至3个工作日以内，全面推行网上办理，实现企业群众办事“只进一扇门”“最多跑一次”。（牵头单位：市第${m}局；责任单位：市第$((m + 1))局、市第$((m + 2))局、各县（市、区）人民政府）"
            done
            echo
        } >>"$file"
    done
}

# One measure naming $1 departments.
names_of() {
    local n=$1 file=$2
    {
        echo "某市行动方案"
        echo
        echo "2023年3月1日"
        echo
        echo "一、任务"
        printf '（一）推进改革。（牵头单位：市甲局；责任单位：'
        # (paste -d splits a multibyte delimiter; sed keeps 、 whole)
        seq 1 "$n" | sed 's/.*/市第&号局、/' | tr -d '\n' | sed 's/、$//'
        echo '）'
    } >"$file"
}

# best of 3 wall seconds, and peak RSS (KiB)
measure() {
    local best= kb
    for _ in 1 2 3; do
        rm -rf "$out/plan"
        local s e
        s=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$out/time.txt" "$duban" import "$1" --out "$out/plan" >/dev/null 2>"$out/err.txt" ||
            { cat "$out/err.txt" >&2; return 1; }
        e=$(date +%s%N)
        kb=$(cat "$out/time.txt")
        local t=$(( (e - s) / 1000000 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    printf '%d.%03d s | %d MiB' $((best / 1000)) $((best % 1000)) $((kb / 1024))
}

echo "| document | size | measures | import | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: |"
for mb in 1 2 4 5; do
    f="$out/plan-${mb}mb.txt"
    plan_of "$mb" "$f"
    n=$(grep -c '^（' "$f")
    echo "| ${mb} MB plan | $(stat -c %s "$f") B | $n | $(measure "$f") |"
done
for n in 10000 20000 40000; do
    f="$out/names-$n.txt"
    names_of "$n" "$f"
    echo "| one measure, $n departments | $(stat -c %s "$f") B | 1 | $(measure "$f") |"
done
