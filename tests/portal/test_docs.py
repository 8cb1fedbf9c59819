"""The repository stands alone: a clone has no ../shared, so nothing a contributor reads may
send them there, and every document the README links to is in the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_no_document_points_outside_the_repository():
    offending = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in DOCUMENTS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "../" in line
    ]
    assert not offending, f"lines that point outside the repository: {offending}"


def test_the_design_is_in_the_repository_and_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)\)", readme)
    local = [target for target in targets if not target.startswith(("http://", "https://"))]
    assert "docs/design.md" in local
    missing = [target for target in local if not (ROOT / target).exists()]
    assert not missing, f"README links to files the repository does not have: {missing}"
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    assert "## Domain rules that come from the field" in design
