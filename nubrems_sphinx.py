"""The book's own Sphinx extension, loaded through ``sphinx: local_extensions`` in
_config.yml (so this file is one of the book's sources, staged with it).

1. One citation style, author-year, in the text and in the reference list, in HTML and in
   the PDF. sphinxcontrib-bibtex cites author-year in the text ("Asteriadis et al., 2022"),
   but its reference list takes its labels from a pybtex style: numbers ("[1]") or keys
   ("[AQTS22]"). This registers

   * the pybtex style ``nubrems`` (``:style: nubrems`` in references.md, and
     ``bibtex_default_style``): the entries of ``unsrt``, sorted by author and year, each
     labelled with the "Author et al., year" that cites it in the text;
   * the referencing style ``nubrems`` (``bibtex_reference_style``): sphinxcontrib-bibtex's
     author_year, with "et al." upright as in those labels.

   In the list and in the text, BibTeX's ``and others`` reads "et al." ("Aprile et al.,
   2022", not "Aprile and others, 2022").
2. PDF: a chapter left without content is dropped. LaTeX sets the reference list at the end
   of the book as its own chapter "References" (the preamble in _config.yml), which leaves
   the page references.md empty in the PDF: it would print as an empty chapter and a blank
   page.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pybtex.plugin
from docutils import nodes
from pybtex.richtext import BaseText, Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import FieldIsMissing, first_of, node, optional, sentence, tag
from pybtex.style.template import field as bib_field
from pybtex.style.template import join as pybtex_join
from sphinx import addnodes
from sphinxcontrib.bibtex.plugin import register_plugin as register_referencing
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join as etal_join

NAME = "nubrems"


def is_others(person) -> bool:
    """BibTeX's ``and others`` (an author list cut short)."""
    return str(person).strip().lower() == "others"


def split_others(persons) -> tuple[list, bool]:
    """The named persons, and whether the list ended in ``and others``."""
    named = [p for p in persons if not is_others(p)]
    return named, len(named) < len(persons)


def _named_persons(children, data, role) -> tuple[list, bool]:
    """The persons of ``role`` of the entry being formatted, split as by split_others."""
    assert not children
    try:
        return split_others(data["entry"].persons[role])
    except KeyError:
        raise FieldIsMissing(role, data["entry"]) from None


# --- in the text -----------------------------------------------------------------------------
@node
def _names_et_al(children, data, role, sep="", sep2=None, last_sep=None, other=None):
    """sphinxcontrib-bibtex's ``names`` node, with ``and others`` as "et al."."""
    style = data["style"]
    named, cut = _named_persons(children, data, role)
    formatted = [style.person.style_plugin.format(p, style.person.abbreviate) for p in named]
    if cut:
        first = formatted[0].format_data(data) if formatted else Text()
        return Text(first, style.person.other or " et al.")
    return etal_join(sep=sep, sep2=sep2, last_sep=last_sep, other=other)[formatted].format_data(data)


@dataclass
class EtAlPersonStyle(PersonStyle):
    """Names as sphinxcontrib-bibtex cites them, ``and others`` included; "et al." upright,
    as in the labels of the reference list (plain text)."""

    other: BaseText | str = " et al."

    def names(self, role, full):
        return _names_et_al(role=role, sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                            other=None if full else self.other)

    def author_or_editor_or_title(self, full):
        kw = dict(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=None if full else self.other)
        return first_of[optional[_names_et_al("author", **kw)], optional[_names_et_al("editor", **kw)],
                        tag("em")[bib_field("title")]]


@dataclass
class ReferenceStyle(AuthorYearReferenceStyle):
    """author_year, with ``and others`` cited as "et al."."""

    person: PersonStyle = field(default_factory=EtAlPersonStyle)


# --- in the reference list -------------------------------------------------------------------
_LAST = None


def _last_name(person) -> str:
    global _LAST
    if _LAST is None:  # sphinxcontrib-bibtex's "last" name style, as used in the text
        _LAST = pybtex.plugin.find_plugin("pybtex.style.names", "last")()
    return _LAST.format(person).format().render_as("text")


def author_year_label(entry) -> str:
    """The label that cites ``entry`` in the text: "Peskin and Schroeder, 1995",
    "Asteriadis et al., 2022" (three or more authors, or ``and others``)."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    named, cut = split_others(persons)
    last = [_last_name(p) for p in named]
    if not last:
        who = Text.from_latex(entry.fields.get("title", entry.key)).render_as("text")
    elif cut or len(last) > 2:
        who = f"{last[0]} et al."
    else:
        who = " and ".join(last)
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    """Author-year labels; equal ones get a, b, ... (as the year in the text does not)."""

    def format_labels(self, sorted_entries):
        labels = [author_year_label(e) for e in sorted_entries]
        seen, counts = Counter(), Counter(labels)
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                label = f"{label}{chr(ord('a') + seen[label] - 1)}"
            yield label


@node
def _list_names(children, context, role, **kwargs):
    """pybtex's ``names`` node, with ``and others`` as "et al."."""
    style = context["style"]
    named, cut = _named_persons(children, context, role)
    formatted = [style.format_name(p, style.abbreviate_names) for p in named]
    if cut:
        return Text(pybtex_join(sep=", ")[formatted].format_data(context), " et al.")
    return pybtex_join(**kwargs)[formatted].format_data(context)


class Style(UnsrtStyle):
    """unsrt entries, sorted by author and year, labelled by author and year."""

    default_sorting_style = "author_year_title"
    default_label_style = NAME

    def format_names(self, role, as_sentence=True):
        formatted = _list_names(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


# --- PDF: no empty chapters -----------------------------------------------------------------
def _has_content(node) -> bool:
    if isinstance(node, (nodes.title, nodes.target)):
        return False
    if isinstance(node, (nodes.image, nodes.math, nodes.math_block, nodes.raw, nodes.table)):
        return True
    return bool(node.astext().strip()) or any(_has_content(c) for c in node.children)


def drop_empty_chapters(app, doctree, docname) -> None:
    """In the LaTeX build, remove every chapter (a page's top section) that has nothing
    but its title, keeping its labels so that links to it still resolve."""
    if app.builder.format != "latex":
        return
    for page in list(doctree.findall(addnodes.start_of_file)):
        for section in [c for c in page.children if isinstance(c, nodes.section)]:
            if not any(_has_content(c) for c in section.children):
                ids = list(section["ids"]) + [i for t in section.findall(nodes.target) for i in t["ids"]]
                section.replace_self(nodes.target(ids=ids) if ids else [])


def register() -> None:
    pybtex.plugin.register_plugin("pybtex.style.labels", NAME, AuthorYearLabelStyle, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, Style, force=True)
    register_referencing("sphinxcontrib.bibtex.style.referencing", NAME, ReferenceStyle, force=True)


def setup(app):
    register()
    app.connect("doctree-resolved", drop_empty_chapters)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
