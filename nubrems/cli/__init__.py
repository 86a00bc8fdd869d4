"""The ``nubrems`` command: one module per subcommand."""

__all__: list[str] = []
