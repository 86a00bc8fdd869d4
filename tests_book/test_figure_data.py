"""Every data figure links its data as CSV: a header that names the chapter, figure,
parameter set and the columns with their units, then numbers."""

import csv
import io
import re

import pytest

from conftest import toc_pages


@pytest.mark.parametrize("page", [p for p in toc_pages() if p.startswith("chapters/")])
def test_figures_link_csv_data(book_dir, page):
    html_dir = book_dir / "html"
    source = (html_dir / f"{page}.html").read_text()
    links = re.findall(r'href="(\.\./_downloads/[^"]+\.csv)"', source)
    assert links, f"{page}: no figure data linked"
    set_name = "baseline" if book_dir.parent.name != "heavy" else "heavy"
    for link in links:
        path = (html_dir / "chapters" / link).resolve()
        assert path.is_file(), f"{link} missing"
        text = path.read_text()
        comments = [line for line in text.splitlines() if line.startswith("#")]
        assert comments[0].startswith("# nubrems figure data: chapter ")
        assert any(line.startswith(f"# parameter set: {set_name};") for line in comments)
        rows = list(csv.reader(io.StringIO("\n".join(line for line in text.splitlines()
                                                    if not line.startswith("#")))))
        header, body = rows[0], rows[1:]
        assert all("[" in name and name.endswith("]") for name in header), header
        assert len(body) >= 2 and all(len(r) == len(header) for r in body)
        for r in body:
            [float(x) for x in r]
