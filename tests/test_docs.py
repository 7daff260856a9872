"""The rules ship with the project: every label the engine gives is explained in docs/rules.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES_DOC = ROOT / "docs" / "rules.md"


def engine_labels() -> set[str]:
    """Every rule label rules.py can put on a card ("T1", "O1" ...), read from its source."""
    source = (ROOT / "tracker" / "rules.py").read_text(encoding="utf-8")
    return set(re.findall(r'"([A-Z][0-9])(?:"| ·)', source))


def test_every_rule_label_the_engine_uses_is_explained():
    labels = engine_labels()
    assert {"P1", "T1", "T2", "F1", "F2", "M1", "R1", "C1", "O1", "C2"} <= labels
    doc = RULES_DOC.read_text(encoding="utf-8")
    headed = set(re.findall(r"^### ([A-Z][0-9]) ", doc, flags=re.MULTILINE))
    assert labels <= headed, sorted(labels - headed)


def test_the_rules_cite_the_seed_articles_and_the_readme_links_them():
    doc = RULES_DOC.read_text(encoding="utf-8")
    for number in range(5):
        assert f"[00{number}]" in doc
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/rules.md)" in readme
    assert "shared folder" not in readme


def test_the_rules_page_shares_no_eight_word_run_with_the_seed_articles():
    from tests.seed_fingerprints import load, shingles

    copied = shingles(RULES_DOC.read_text(encoding="utf-8"))
    assert not copied.keys() & load(), [copied[h] for h in copied.keys() & load()]
