"""``python -m nubrems`` and the ``nubrems`` command: Ctrl-C even while the modules load is
one line and exit 130."""

import sys

__all__ = ["main"]


def main() -> int:
    try:
        from nubrems.cli.main import main as cli_main  # lazy: inside the try, so Ctrl-C while loading is one line
    except KeyboardInterrupt:
        print("nubrems: interrupted", file=sys.stderr)
        return 130
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
