"""The book: running chapters, building HTML and PDF, editions (the ``[book]`` extra).

Everything here serves the Jupyter Book and its notebooks, and needs papermill, nbformat,
matplotlib, myst-nb and Jupyter Book; the physics core (``nubrems`` without this
subpackage, and the ``nubrems`` command except ``run``) never imports it.

* :mod:`~nubrems.book.build`: parameter files, atomic staging, editions, the reference
  page, Jupyter Book HTML/PDF (``python -m nubrems.book``);
* :mod:`~nubrems.book.runner`: one chapter through papermill, checked before any kernel
  starts, nothing half-written;
* :mod:`~nubrems.book.chapter`: what every chapter notebook does first (validate its
  parameters, state the set, glue typeset numbers, save figure data);
* :mod:`~nubrems.book.plotting`: the book's plot style; :mod:`~nubrems.book.diagrams`: the
  Feynman diagrams.
"""

__all__: list[str] = []    # the modules are imported by name: nubrems.book.runner, ...
