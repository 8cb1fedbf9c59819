"""Each document kind, made from the demo data, converts to PDF with LibreOffice (headless,
with a profile folder of its own) and has at least the kind's `min_pages`; every word of its
tables reaches the PDF (LibreOffice once dropped table rows a header had been kept with). The
hostile design converts too.

Skipped, with the reason, where LibreOffice or pdfinfo is not installed, unless
REQUIRE_LIBREOFFICE=1 (CI sets it), when it fails instead.
"""

import os
import re
import shutil
import subprocess

import pytest

from portal.documents.registry import get

from .conftest import make, read, table_rows

pytestmark = pytest.mark.django_db
CONVERSION_TIMEOUT = 240  # seconds; a first run sets up its profile folder


@pytest.fixture
def tools():
    soffice, pdfinfo, pdftotext = (shutil.which(n) for n in ("soffice", "pdfinfo", "pdftotext"))
    if soffice and pdfinfo and pdftotext:
        return soffice, pdfinfo, pdftotext
    reason = (
        "LibreOffice (soffice) or poppler's pdfinfo/pdftotext is not installed: "
        "apt-get install libreoffice-writer-nogui poppler-utils"
    )
    if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"REQUIRE_LIBREOFFICE=1 but {reason}")
    pytest.skip(reason)


def to_pdf(data, folder, tools):
    """The PDF's page count and its words."""
    soffice, pdfinfo, pdftotext = tools
    source = folder / "document.docx"
    source.write_bytes(data)
    profile = folder / "libreoffice-profile"
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=CONVERSION_TIMEOUT,
        check=False,
    )
    pdf = folder / "document.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    info = subprocess.run(  # noqa: S603
        [pdfinfo, str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    text = subprocess.run(  # noqa: S603
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, words(text)


def words(text):
    return set(re.findall(r"[^\W\d_]{4,}", text.replace("\u200b", "")))


def table_words(data):
    return words(
        " ".join(cell for table in read(data).tables for row in table_rows(table) for cell in row)
    )


@pytest.fixture
def subjects(request):
    def subject_for(slug):
        fixture = {
            "concept_paper": "mauritius_design",
            "proposal": "mauritius_design",
            "handbook": "handbook",
            "handbook_chapter": "chapter",
        }[slug]
        return request.getfixturevalue(fixture)

    return subject_for


@pytest.mark.parametrize("slug", ["concept_paper", "proposal", "handbook", "handbook_chapter"])
def test_each_kind_converts_to_a_pdf_with_enough_pages(slug, subjects, tools, tmp_path):
    kind = get(slug)
    data = make(slug, subjects(slug))
    pages, pdf_words = to_pdf(data, tmp_path, tools)
    assert pages >= kind.min_pages
    assert table_words(data) - pdf_words == set()


@pytest.mark.parametrize("slug", ["concept_paper", "proposal"])
def test_the_hostile_design_converts_to_pdf(slug, hostile_design, tools, tmp_path):
    pages, pdf_words = to_pdf(make(slug, hostile_design), tmp_path, tools)
    # A hundred outcomes, each with a 300-character word, and 5,000-character paragraphs:
    # dozens of pages (48 and 50 when this was written), none of them lost.
    assert pages >= 30
    assert "DDEAUTO" in pdf_words
    # pdftotext may split "Outcome" after the zero-width joiner the text starts with.
    assert any("utcome" in word for word in pdf_words)
