"""``python -m nubrems.book``: build the book, refresh or preview chapters (see build.main)."""

import sys

from .build import main

sys.exit(main())
