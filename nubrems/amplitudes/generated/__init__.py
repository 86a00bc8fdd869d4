"""Closed-form |M|^2 written by the FORM derivations (``make amplitudes``); do not edit.

* :mod:`~nubrems.amplitudes.generated.dirac`: one flavour, by :mod:`nubrems.amplitudes.form`;
* :mod:`~nubrems.amplitudes.generated.transition`: three-flavour Dirac channels, exact for any
  moment matrix, by :mod:`nubrems.amplitudes.form`;
* :mod:`~nubrems.amplitudes.generated.majorana`: Majorana channels, by
  :mod:`nubrems.amplitudes.majorana_form`.
"""

__all__: list[str] = []
