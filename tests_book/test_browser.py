"""A real browser (headless Chromium through Playwright, no downloads) loads every page of
the built HTML book: math must be typeset by the offline MathJax, every image and local
asset must load, and every page must appear in the navigation. The front page has one
search box, search finds pages, and the reference list is author-year."""

import shutil

import pytest

from conftest import toc_pages

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not installed: apt-get install --no-install-recommends chromium")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def wait_for_mathjax(page):
    """Wait until MathJax has typeset the page (pages without math do not load it)."""
    if page.evaluate("() => document.querySelectorAll('.math').length") == 0:
        return
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30000)
    page.evaluate("() => MathJax.startup.promise")


@pytest.mark.parametrize("page_name", toc_pages())
def test_page_renders(browser, book_dir, page_name):
    html = book_dir / "html" / f"{page_name}.html"
    assert html.is_file(), f"{page_name}.html was not built"
    page = browser.new_page()
    failed, external = [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("request", lambda r: external.append(r.url) if r.url.startswith("http") else None)
    page.goto(html.as_uri(), wait_until="load")
    wait_for_mathjax(page)
    state = page.evaluate("""() => ({
        math: document.querySelectorAll('.math').length,
        untypeset: Array.from(document.querySelectorAll('.math')).filter(e => !e.querySelector('mjx-container')).length,
        errors: document.querySelectorAll('mjx-merror').length,
        images: Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]),
        nav: Array.from(document.querySelectorAll('nav.bd-docs-nav a, .bd-sidebar a')).map(a => a.href),
    })""")
    page.close()
    assert not failed, f"assets failed to load: {failed}"
    assert not external, f"page reaches the network: {external[:5]}"
    assert state["untypeset"] == 0, f"{state['untypeset']} of {state['math']} math blocks left untypeset"
    assert state["errors"] == 0, "MathJax reported errors"
    broken = [src for src, ok in state["images"] if not ok]
    assert not broken, f"images that did not load: {broken}"
    for other in toc_pages()[1:]:
        assert any(href.split("#")[0].endswith(f"{other}.html") for href in state["nav"]), \
            f"{other} missing from the navigation of {page_name}"


def test_chapters_have_math_and_figures(browser, book_dir):
    """Each chapter page shows typeset equations and at least one figure."""
    for name in toc_pages():
        if not name.startswith("chapters/"):
            continue
        page = browser.new_page()
        page.goto((book_dir / "html" / f"{name}.html").as_uri(), wait_until="load")
        wait_for_mathjax(page)
        n_math = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        n_fig = page.evaluate("() => document.querySelectorAll('figure img, .cell_output img').length")
        page.close()
        assert n_math > 5 and n_fig >= 1, f"{name}: {n_math} equations, {n_fig} figures"


def test_downloads_offered(book_dir):
    """The front page links every chapter as notebook and MyST text, and the PDF when built."""
    import re

    html_dir = book_dir / "html"
    intro = (html_dir / "intro.html").read_text()
    links = re.findall(r'href="(_downloads/[^"]+)"', intro)
    for name in toc_pages():
        if name.startswith("chapters/"):
            stem = name.split("/")[-1]
            for ext in (".ipynb", ".md"):
                assert any(link.endswith(stem + ext) for link in links), f"no {stem}{ext} download"
    if (book_dir / "latex" / "nubrems.pdf").is_file():
        assert any(link.endswith("nubrems.pdf") for link in links)
    for link in links:
        assert (html_dir / link).is_file(), f"download {link} missing"


# --- reader polish (issue 11) ----------------------------------------------------------------
#: Every kind of search field or button the theme may show (pydata-sphinx-theme / book theme).
SEARCH_WIDGETS = """() => Array.from(document.querySelectorAll(
    '.search-button-field, .search-button, input[type=search], form.bd-search, input[name=q]'))
  .filter(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
      && !e.closest('dialog:not([open]), .search-button__wrapper:not(.show)');
  })
  .map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("width", [1280, 800, 400])
def test_one_search_box_on_front_page(browser, book_dir, width):
    """The front page offers exactly one search field (on a phone: one search button), and
    it opens the search dialog."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((book_dir / "html" / "intro.html").as_uri(), wait_until="load")
    visible = page.evaluate(SEARCH_WIDGETS)
    assert len(visible) == 1, f"{len(visible)} search boxes at {width} px: {visible}"
    page.locator(".search-button-field, .search-button").locator("visible=true").first.click()
    page.wait_for_selector("form.bd-search input", state="visible", timeout=5000)
    page.close()


def test_search_finds_pages(browser, book_dir):
    page = browser.new_page()
    page.goto((book_dir / "html" / "search.html").as_uri() + "?q=bremsstrahlung", wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=30000)
    n = page.evaluate("() => document.querySelectorAll('#search-results li').length")
    page.close()
    assert n >= 3, f"search for 'bremsstrahlung' found {n} pages"


def test_reference_list_author_year(book_dir):
    """The HTML reference list: labels in the author-year form of the citations, and no raw
    TeX in the titles."""
    import html as html_lib
    import re

    text = (book_dir / "html" / "references.html").read_text()
    labels = [html_lib.unescape(re.sub(r"<[^>]+>", "", lab))
              for lab in re.findall(r'<span class="label">(.*?)</span>\s*<p>', text, flags=re.S)]
    assert len(labels) >= 10, f"only {len(labels)} entries in the reference list"
    for label in labels:
        assert re.fullmatch(r"\[[^\W\d_][^\[\]]*, (\d{4}[a-z]?|n\.d\.)\]", label), f"label {label!r} is not author-year"
    entries = re.findall(r'<div class="citation"[^>]*>(.*?)</div>', text, flags=re.S)
    for entry in entries:
        plain = html_lib.unescape(re.sub(r"<[^>]+>", "", entry))
        assert not re.search(r"[$\\^{}]", plain), f"raw TeX in {plain!r}"
    intro = (book_dir / "html" / "intro.html").read_text()
    assert re.search(r"Asteriadis <em>et al\.</em>, 2022|Asteriadis et al\., 2022", intro)
