"""What every chapter notebook does first, and the helpers its cells share.

:func:`setup` is the first code cell after the ``parameters`` cell of each chapter::

    ch = setup("05_rates", globals())

It validates every knob of the chapter against the parameter catalogue
(:mod:`nubrems.core.catalogue`; a bad value stops here with a one-line message naming it),
replaces each by its canonical value, applies the book's plot style, and glues the
statement of the parameter set that the chapter header shows. The returned
:class:`Chapter` typesets glued numbers (:meth:`Chapter.glue`) and writes the data of each
figure as CSV (:meth:`Chapter.save_figure_data`).

The runner (:mod:`nubrems.book`) names the parameter set through the environment variable
``NUBREMS_PARAMETER_SET`` and the folder for figure data through ``NUBREMS_FIGURE_DATA``;
without them (a chapter opened in Jupyter) the set is "baseline" when every value is the
default, else "custom", and figure data go to ``./figure_data``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nubrems.book.plotting import use_book_style
from nubrems.core import catalogue as P
from nubrems.core.params import Params
from nubrems.core.typeset import Text, measurement, number

ENV_SET = "NUBREMS_PARAMETER_SET"
ENV_FIGURE_DATA = "NUBREMS_FIGURE_DATA"

__all__ = ["Chapter", "setup", "ENV_SET", "ENV_FIGURE_DATA"]


def _value_text(name: str, value: Any) -> Text:
    """A parameter value with its unit, typeset for prose ("0.8 eV", "6 × 10⁻¹² μB")."""
    unit = P.get(name).unit
    if name == "mu_nu_muB" and value == "SM":
        return Text("the Standard-Model Dirac moment")
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = ", ".join(number(v, None) for v in value)
    else:
        text = number(value, None)
    return Text(f"{text} {unit}".strip())


@dataclass
class Chapter:
    """A chapter's validated parameters and the parameter set it was run with."""

    name: str
    values: dict[str, Any]
    set_name: str
    differences: dict[str, tuple[Any, Any]]
    params: Params | None = None
    figures: list[Path] = field(default_factory=list)

    # --- statements about the parameter set ---------------------------------------------
    @property
    def is_baseline(self) -> bool:
        return not self.differences

    def phrase(self) -> Text:
        """"the baseline parameters", "the parameter set heavy" or "the parameters of this
        run" (values from the command line or a notebook) for prose."""
        if self.is_baseline and self.set_name == "baseline":
            return Text("the baseline parameters")
        if self.set_name == "custom" or "command line" in self.set_name:
            return Text("the parameters of this run")
        return Text(f"the parameter set {self.set_name}")

    def header(self) -> str:
        """The Markdown statement at the top of the chapter."""
        if not self.differences:
            body = ("every parameter of this chapter has its baseline value" if self.set_name == "baseline"
                    else "every parameter of this chapter has its baseline value in this set")
        else:
            body = "values that differ from the baseline: " + "; ".join(
                f"`{n}` = {_value_text(n, v)}{self._sm_value(n, v)} (baseline {_value_text(n, d)})"
                for n, (v, d) in self.differences.items())
        return (f"> **Parameter set: {self.set_name}** — {body}. Every number, figure and caption "
                "below is computed by this chapter's code for these values; the appendix "
                "*Parameter reference* lists every parameter.")

    def _sm_value(self, name: str, value: Any) -> str:
        if name == "mu_nu_muB" and value == "SM" and self.params is not None:
            return f", {number(self.params.mu_nu_muB, 3)} μ_B"
        return ""

    def parameter_summary(self) -> str:
        """One line of every parameter value, for figure-data headers."""
        return ", ".join(f"{n} = {_value_text(n, v)}" for n, v in self.values.items())

    # --- glue ----------------------------------------------------------------------------
    def glue(self, name: str, value: Any, sig: int | None = 3) -> None:
        """Glue a number typeset for prose, shown with ``{glue:text}`name```.

        ``value`` may be a float (``sig`` significant digits), a gvar or a (mean, error)
        pair (parenthesis notation with the Monte Carlo error), a string, or a matplotlib
        figure (shown with ``{glue:figure}``).
        """
        from myst_nb import glue  # lazy: the [book] extra, inside a kernel

        if hasattr(value, "savefig"):
            glue(name, value, display=False)
            return
        if isinstance(value, str):
            text = Text(value)
        elif hasattr(value, "sdev") and hasattr(value, "mean"):
            text = measurement(value.mean, value.sdev)
        elif isinstance(value, tuple) and len(value) == 2:
            text = measurement(*value)
        else:
            text = number(float(value), sig)
        glue(name, text, display=False)

    # --- figure data ---------------------------------------------------------------------
    def save_figure_data(self, figure: str, columns: Mapping[str, Any], description: str) -> Path:
        """Write the data of one figure as CSV; returns its path.

        Parameters
        ----------
        figure : str
            The figure's name (its glue key, e.g. "fig-rate-energy"); the file is
            ``<figure data folder>/<chapter>/<figure>.csv``.
        columns : mapping
            Column name with its unit in brackets (e.g. "E_gamma_low [MeV]") -> values;
            all columns have the same length.
        description : str
            What the figure shows, for the file's header.
        """
        arrays = {k: np.atleast_1d(np.asarray(v)) for k, v in columns.items()}
        lengths = {len(a) for a in arrays.values()}
        if len(lengths) != 1:
            raise ValueError(f"{figure}: columns of different lengths {sorted(lengths)}")
        folder = Path(os.environ.get(ENV_FIGURE_DATA) or "figure_data") / self.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{figure}.csv"
        with open(path, "w", newline="") as fh:
            fh.write(f"# nubrems figure data: chapter {self.name}, figure {figure}\n")
            fh.write(f"# {description}\n")
            fh.write(f"# parameter set: {self.set_name}; {self.parameter_summary()}\n")
            fh.write("# columns: " + ", ".join(arrays) + "\n")
            writer = csv.writer(fh)
            writer.writerow(list(arrays))
            for row in zip(*arrays.values(), strict=True):
                writer.writerow([f"{x:.10g}" if isinstance(x, (float, np.floating)) else x for x in row])
        self.figures.append(path)
        return path


def setup(chapter: str, namespace: MutableMapping[str, Any]) -> Chapter:
    """Validate a chapter's parameters in ``namespace`` (its globals) and prepare the chapter.

    Every parameter the catalogue lists for ``chapter`` must be defined in ``namespace``;
    each is replaced by its canonical value (``mu_nu_muB = "SM"`` by the number). Raises
    :class:`~nubrems.core.catalogue.ParameterError` naming the first bad value.
    """
    declared = P.chapter_parameters(chapter)
    missing = [n for n in declared if n not in namespace]
    if missing:
        raise P.ParameterError(f"chapter {chapter} does not define {', '.join(missing)} "
                               "in its parameters cell")
    values = P.validate({n: namespace[n] for n in declared}, chapter)
    differences = P.differences(values, chapter)
    params = None
    physics = {n: values[n] for n in P.FIELDS if n in values}     # the three-flavour settings it declares too
    standard_model = values.get("mu_nu_muB") == "SM"
    if physics:
        params = Params.from_mapping(physics)
        values.update({n: getattr(params, n) for n in physics})   # "SM" -> its number
    namespace.update(values)
    set_name = os.environ.get(ENV_SET) or ("baseline" if not differences else "custom")
    ch = Chapter(chapter, values, set_name, differences, params)
    use_book_style()
    _glue_statements(ch, standard_model)
    return ch


def _glue_statements(ch: Chapter, standard_model: bool = False) -> None:
    from IPython.display import Markdown  # lazy: the [book] extra, inside a kernel
    from myst_nb import glue  # lazy: the [book] extra, inside a kernel

    glue("parameter_set", Markdown(ch.header()), display=False)
    glue("parameter_set_name", Text(ch.set_name), display=False)
    glue("parameters_phrase", ch.phrase(), display=False)
    for name, value in ch.values.items():
        text = _value_text(name, value)
        if name == "mu_nu_muB" and standard_model:   # say what it is, with three digits
            text = Text(f"{number(value, 3)} μ_B (the Standard-Model Dirac moment)")
        glue(f"p_{name}", text, display=False)

