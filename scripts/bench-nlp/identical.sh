#!/usr/bin/env bash
# Check that a change kept the pipeline's outputs byte-identical: write the
# analysis records of the PolNeAR dev texts and of examples/, and the
# `eval ud` report (minus its speed line), with a CLI binary into a folder;
# then compare two such folders with `diff -r`.
# Usage: scripts/bench-nlp/identical.sh BINARY OUT_DIR [texts-dir]   (from the repository root)
set -euo pipefail
bin="$1"; out="$2"
texts="${3:-../shared/bench/polnear/dev/text}"
mkdir -p "$out"
"$bin" analyze --format jsonl "$texts" > "$out/dev.jsonl"
"$bin" analyze --format jsonl examples > "$out/examples.jsonl"
"$bin" eval ud 2>&1 | grep -v '^speed' > "$out/ud.txt"
wc -c "$out"/* | tail -1
