"""The appendix "API reference" (api.rst): generated from the package's docstrings when the
book is built, in the HTML book only. One page per module, the public names (``__all__``)
with their signatures and numpy-style sections; the front door ``nubrems.rate`` named at the
top; nothing of it in the PDF."""

import html as html_lib
import importlib
import pkgutil
import re
import shutil

import pytest

import nubrems
from conftest import PageText

HAVE_LATEX = all(shutil.which(t) for t in ("pdflatex", "latexmk"))
#: Scripts: importing one runs its command, so the reference leaves them out.
SCRIPTS = {"nubrems.__main__", "nubrems.book.__main__"}
MODULES = sorted(m.name for m in pkgutil.walk_packages(nubrems.__path__, "nubrems.") if m.name not in SCRIPTS)


@pytest.fixture(scope="module")
def api(book_dir):
    return book_dir / "html" / "api"


def entry(page, name: str) -> str:
    """The HTML of the description of ``name`` on ``page``: its signature and its body."""
    text = page.read_text()
    start = text.index(">", text.index(f'id="{name}"')) + 1
    end = text.index("</dl>", start)
    return text[start:end]


def plain(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_appendix_names_the_front_door_and_the_subpackages(book_dir):
    text = PageText.of(book_dir / "html" / "api.html")
    assert text.index("nubrems.rate") < text.index("nubrems.core"), "the front door is not at the top"
    source = (book_dir / "html" / "api.html").read_text()
    for name in ("nubrems.rate", "nubrems.RateReport", "nubrems.Params"):   # targets: :func:`nubrems.rate`
        assert f'id="{name}"' in source, name
    assert 'href="api/nubrems.rates.compose.html#nubrems.rates.compose.rate"' in source
    for package in ("core", "kinematics", "flavour", "amplitudes", "sun", "rates", "studies", "book", "cli"):
        assert f'href="api/nubrems.{package}.html' in source, package


def test_every_module_has_its_page(api):
    missing = [m for m in MODULES if not (api / f"{m}.html").is_file()]
    assert not missing, f"no API page for {missing}"


def test_pages_document_the_public_names_and_only_them(api):
    for module in MODULES:
        if module.startswith("nubrems.amplitudes.generated."):   # written by FORM, no __all__
            continue
        public = set(getattr(importlib.import_module(module), "__all__", []))
        page = (api / f"{module}.html").read_text()
        ids = set(re.findall(rf'<dt class="sig[^"]*" id="{re.escape(module)}\.(\w+)"', page))
        assert ids <= public, f"{module}: documented but not in __all__: {sorted(ids - public)}"
        assert not any(name.startswith("_") and not name.endswith("__") for name in ids), module


def test_the_front_door_rate_with_its_numpy_sections(api):
    rate = entry(api / "nubrems.rates.compose.html", "nubrems.rates.compose.rate")
    text = plain(rate)
    assert text.startswith("nubrems.rates.compose. rate ( params = None , * , flavours = None"), text[:120]
    for section in ("Parameters :", "Returns :", "Raises :"):
        assert section in text, f"rate: no {section} section"
    assert "extended_sun ( bool ) – Fold the photon angles" in text
    assert "RateReport" in text.split("Returns :")[1]


def test_validate_with_signatures_parameters_and_raises(api):
    page = api / "nubrems.core.validate.html"
    positive = plain(entry(page, "nubrems.core.validate.positive"))
    assert positive.startswith("nubrems.core.validate. positive ( name , value , unit = None )"), positive[:80]
    assert "Raises : ValueError" in positive and "must be a positive finite number" in positive
    real = plain(entry(page, "nubrems.core.validate.real"))
    assert "Parameters : name ( str ) – The argument’s name" in real and "Raises : ValueError" in real
    assert "is_real" in PageText.of(page)          # the summary table of the module


def test_no_raw_markup_on_the_api_pages(api):
    """The docstrings' |M|^2 are text, not substitutions; no reST error made it to a page."""
    for page in sorted(api.glob("*.html")):
        text = page.read_text()
        assert 'class="problematic"' not in text and "system-message" not in text, page.name
    assert "|M|^2" in PageText.of(api / "nubrems.amplitudes.dirac.html")


def test_the_pdf_has_no_api_reference(book_dir):
    """HTML only: no page, no module index, no outline entry of the API in the PDF."""
    pdf = book_dir / "latex" / "nubrems.pdf"
    if not HAVE_LATEX or not pdf.is_file():   # test_pdf.py requires it where LaTeX is installed
        pytest.skip("no PDF in this build")
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    text = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    for needle in ("nubrems.core.validate.positive", "nubrems.rates.compose.rate(", "Python Module Index",
                   "Exported here, documented elsewhere"):
        assert needle not in text, needle
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "API reference" not in titles, titles
    tex = (book_dir / "latex" / "nubrems.tex").read_text()
    assert "nubrems.core.validate" not in tex and "sphinxtheindex" not in tex
