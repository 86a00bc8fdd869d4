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
        assert len(body) >= 2 and all(len(r) == len(header) for r in body)
        for j, name in enumerate(header):
            cells = [r[j] for r in body if r[j] != ""]      # a curve may be longer than its points
            numeric = [x for x in cells if is_number(x)]
            if numeric:                                     # numbers carry a unit ([1]: none)
                assert name.endswith("]") and "[" in name, f"{link}: column {name!r} has no unit"
                assert len(numeric) == len(cells), f"{link}: column {name!r} mixes text and numbers"
            else:                                           # or the column labels the rows
                assert cells, f"{link}: column {name!r} is empty"


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
