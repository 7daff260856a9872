"""The README's two commands are the ones that really run: CI executes the test one verbatim."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command_word_for_word():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    ci_command = next(line for line in lines if line.startswith("python3 -m venv .venv"))
    readme = (ROOT / "README.md").read_text()
    assert f"\n{ci_command}\n" in readme


def test_readme_run_command_installs_and_opens_the_board():
    readme = (ROOT / "README.md").read_text()
    assert "\npython3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/tracker\n" in readme
