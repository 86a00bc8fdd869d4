"""The ``nubrems`` command: one module per subcommand.

* :mod:`~nubrems.cli.main`: the parser of ``nubrems`` and :func:`~nubrems.cli.main.main`, the entry point;
* :mod:`~nubrems.cli.options`: options and output shared by the subcommands (catalogue-checked types, ``--jobs``);
* :mod:`~nubrems.cli.info`: ``info`` (constants, default parameters) and ``params`` (every parameter);
* :mod:`~nubrems.cli.kinematics`: ``kinematics`` (CM energy, boost, lab angle) and ``elastic`` (2 -> 2);
* :mod:`~nubrems.cli.xsec`: ``xsec``, the bremsstrahlung cross section for one solar energy;
* :mod:`~nubrems.cli.spectrum`: ``spectrum``, flux and energy moments of one solar component;
* :mod:`~nubrems.cli.oscillation`: ``oscillation``, mass-state fractions and P_ee at the Earth;
* :mod:`~nubrems.cli.rate`: ``rate``, photons from the whole solar spectrum, its CSV files;
* :mod:`~nubrems.cli.decays`: ``decays``, radiative decays of relic and solar neutrinos;
* :mod:`~nubrems.cli.run`: ``run``, one chapter notebook executed with validated parameters;
* :mod:`~nubrems.cli.scan`: ``scan``, photon rates on a parameter grid, in parallel.
"""

__all__: list[str] = []
