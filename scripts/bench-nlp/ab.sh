#!/usr/bin/env bash
# A/B CPU-time comparison of two builds of the nlp `nlp_speed` example (or any
# two commands printing "median pass X s cpu"), run alternately so that a
# noisy neighbour slows both alike. Prints each side's median over rounds
# and the ratio A/B (>1: B is faster), of the per-round median passes and of
# the fastest passes (the least disturbed estimate on a busy machine).
# Usage: scripts/bench-nlp/ab.sh BIN_A BIN_B [texts-dir] [rounds] [passes]
set -euo pipefail
a="$1"; b="$2"
texts="${3:-../shared/bench/polnear/dev/text}"
rounds="${4:-5}"; passes="${5:-5}"
ta=(); tb=(); fa=(); fb=()
for _ in $(seq "$rounds"); do
  oa="$("$a" "$texts" "$passes")"; ob="$("$b" "$texts" "$passes")"
  ta+=("$(echo "$oa" | awk '/median pass/ { print $4 }')")
  tb+=("$(echo "$ob" | awk '/median pass/ { print $4 }')")
  fa+=("$(echo "$oa" | awk '/best pass/ { print $4 }')")
  fb+=("$(echo "$ob" | awk '/best pass/ { print $4 }')")
done
med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ma=$(med "${ta[@]}"); mb=$(med "${tb[@]}")
echo "A $a: ${ta[*]} -> median $ma s"
echo "B $b: ${tb[*]} -> median $mb s"
ba=$(printf '%s\n' "${fa[@]}" | sort -g | head -1); bb=$(printf '%s\n' "${fb[@]}" | sort -g | head -1)
echo "fastest passes: A $ba s, B $bb s"
awk -v x="$ma" -v y="$mb" -v p="$ba" -v q="$bb" 'BEGIN { printf "ratio A/B median %.3f fastest %.3f\n", x / y, p / q }'
