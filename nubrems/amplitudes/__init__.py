"""Squared matrix elements: explicit-spinor references, FORM derivations, and the closed
forms the rates use (Dirac one flavour, Dirac three-flavour channels, Majorana).

* :mod:`~nubrems.amplitudes.spinors`: Dirac matrices and helicity spinors;
* :mod:`~nubrems.amplitudes.twobody`: the photon-less 2 -> 2 reference;
* :mod:`~nubrems.amplitudes.helicity`: the explicit-spinor reference for 2 -> 3;
* :mod:`~nubrems.amplitudes.form`, :mod:`~nubrems.amplitudes.majorana_form`: the FORM
  derivations (``make amplitudes``) of the modules in :mod:`~nubrems.amplitudes.generated`;
* :mod:`~nubrems.amplitudes.dirac`, :mod:`~nubrems.amplitudes.dirac_channels`,
  :mod:`~nubrems.amplitudes.majorana`: the closed-form |M|^2.
"""

__all__: list[str] = []
