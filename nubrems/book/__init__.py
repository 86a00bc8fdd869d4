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

import sys

#: Run in every chapter kernel before anything else (see below and :mod:`.runner`).
KERNEL_PRELUDE = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"

# jsonschema (imported by nbformat, papermill and myst-nb) imports rfc3987_syntax, which
# compiles some twenty Lark grammars at import time: about 1.5 s in every process, to validate
# IRIs that no notebook here contains. Declaring it absent skips that (jsonschema then simply
# does not check the "iri" formats); the kernels of chapter runs get the same prelude.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None marks a module absent

__all__ = ["KERNEL_PRELUDE"]
