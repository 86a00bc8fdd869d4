"""``python -m nubrems.book``: build the book, refresh or preview chapters (see build.main)."""

import sys

from nubrems.book.build import main

__all__: list[str] = []    # a script: it runs the command when imported

sys.exit(main())
