"""pytest set-up shared by the unit tests and nbval (which runs the chapters in place).

Chapters write the data of their figures as CSV; under nbval they must not write into
chapters/, so the folder for figure data is a temporary one for the whole session.
"""

import os
import tempfile

os.environ.setdefault("NUBREMS_FIGURE_DATA", tempfile.mkdtemp(prefix="nubrems-figure-data-"))
