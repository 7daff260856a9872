"""Fingerprints of the seed articles, so the "our own words" test runs in a plain clone.

The drafts and docs must share no run of eight words with the five seed articles the rules
come from. The articles live outside the repository, so this script, run once against them,
writes a hash of every 8-word run (shingle) to `seed_shingles.txt` beside it; the test hashes
the drafts' runs the same way and looks them up. Hashes, not text: the file copies no sentence.

    python -m tests.seed_fingerprints SEEDS_FOLDER   (the folder of the five articles)
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

RUN = 8
FILE = Path(__file__).with_name("seed_shingles.txt")


def words(text: str) -> list[str]:
    """Lower-case words, with curly apostrophes made straight, so punctuation never hides a copy."""
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def shingles(text: str, n: int = RUN) -> dict[str, str]:
    """Every n-word run of the text, keyed by its fingerprint (64 bits of BLAKE2b)."""
    found = words(text)
    runs = (" ".join(found[i : i + n]) for i in range(len(found) - n + 1))
    return {hashlib.blake2b(run.encode(), digest_size=8).hexdigest(): run for run in runs}


def load(path: Path = FILE) -> frozenset[str]:
    return frozenset(line for line in path.read_text(encoding="ascii").split() if line)


def write(texts: Iterable[str], path: Path = FILE) -> int:
    hashes: set[str] = set()
    for text in texts:
        hashes |= set(shingles(text))
    path.write_text("".join(f"{h}\n" for h in sorted(hashes)), encoding="ascii")
    return len(hashes)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.seed_fingerprints SEEDS_FOLDER")
    folder = Path(sys.argv[1])
    files = sorted(folder.glob("*.txt"))
    if not files:
        sys.exit(f"no seed articles (*.txt) in {folder}")
    count = write(path.read_text(encoding="utf-8") for path in files)
    print(f"{count} fingerprints of {len(files)} articles written to {FILE}")
