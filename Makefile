# nubrems: two commands on a fresh machine (Python 3.11, Debian):
#   make book   set up (.venv, pinned requirements, Debian tools when root), execute every
#               chapter with papermill, build _build/html and _build/latex/nubrems.pdf
#   make check  while you work (<= 2 min): ruff, mypy, the import contract, the fast tests
#   make test   same set-up; unit tests + nbval on the chapters; the HTML and PDF builds with
#               Sphinx warnings as errors (baseline, student edition, the heavy variant);
#               browser, PDF, variant-text, student-edition and figure-data checks
# Variant book:    make book PARAMS=params/heavy.yaml   ->  _build/heavy/_build/{html,latex}
# Student edition: make book EDITION=student            ->  _build/student/ (+ notebooks/)

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
PARAMS  ?=
EDITION ?= full

.PHONY: all setup system book check test lint unit notebooks lab amplitudes solar-tables lock clean

all: book

# A wrong PARAMS= or EDITION= is one line and exit 2 before anything else happens (when the
# environment exists; on a fresh machine the same check runs right after the set-up).
ifneq ($(wildcard $(PY)),)
ifneq ($(strip $(PARAMS))$(filter-out full,$(EDITION)),)
BOOK_INPUT_ERROR := $(shell $(PY) -m nubrems.book check $(if $(strip $(PARAMS)),--params $(PARAMS)) --edition $(EDITION) 2>&1 >/dev/null)
ifneq ($(BOOK_INPUT_ERROR),)
$(error $(BOOK_INPUT_ERROR))
endif
endif
endif

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) system

# Debian tools: FORM (amplitude derivation), LaTeX (PDF), Chromium (browser test),
# poppler-utils (PDF inspection). Installed when missing and root; otherwise the exact apt
# command is printed and the steps that need them are skipped with a warning.
SYSTEM_PACKAGES := form latexmk texlive-latex-recommended texlive-latex-extra \
                   texlive-fonts-recommended tex-gyre chromium poppler-utils
system:
	@tools/apt-ensure $(SYSTEM_PACKAGES)

# Ctrl-C: the build prints one line and exits 130; the recipe then exits 0 so that make,
# interrupted itself, adds no second line (it still ends with the interrupt's status).
book: setup
	@trap true INT; $(PY) -m nubrems.book build $(if $(strip $(PARAMS)),--params $(PARAMS)) \
	    --edition $(EDITION) || { status=$$?; [ $$status -eq 130 ] && exit 0; exit $$status; }

# Unit tests and nbval (pytest.ini); the book builds (HTML and PDF, warnings are errors): the
# baseline book, its student edition and the heavy variant (HTML); then the checks of the
# built books (tests_book/).
test: setup
	$(PY) -m ruff check $(LINTED)
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest
	$(PY) -m nubrems.book build
	$(PY) -m nubrems.book build --edition student
	$(PY) -m nubrems.book build --params params/heavy.yaml --pdf skip
	$(PY) -m pytest tests_book -p no:cacheprovider

# Lint (ruff, the rule set of pyproject.toml), strict type checks of the package (mypy) and
# the import contract (import-linter: the layers of the package, no cycles; pyproject.toml);
# `make test` runs them first.
LINTED := nubrems tests tests_book benchmarks nubrems_sphinx.py
lint: setup
	$(PY) -m ruff check $(LINTED)
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

# The fast lane while you work: lint, types, the import contract and the unit tests that
# start no process, run no chapter and build no book (-m "not slow"; conftest.py marks them).
check: lint
	$(PY) -m pytest tests -m "not slow" -q

unit: setup
	$(PY) -m pytest tests

# JupyterLab on the project: the chapters, and the outputs of `nubrems run` in _build/run.
lab: setup
	$(VENV)/bin/jupyter lab

# Re-derive the closed-form |M|^2 with FORM into nubrems/amplitudes/generated/dirac.py, the exact
# three-flavour form (any moment matrix) into nubrems/amplitudes/generated/transition.py (both by
# nubrems.amplitudes.form) and the Majorana form into nubrems/amplitudes/generated/majorana.py.
amplitudes: setup
	$(PY) -m nubrems.amplitudes.form
	$(PY) -m nubrems.amplitudes.majorana_form

# Regenerate the solar-spectrum tables in data/solar (a test checks they match).
solar-tables: setup
	$(PY) -m nubrems.sun.tables --out data/solar

# Re-execute the committed notebooks in place (their outputs are what nbval compares).
notebooks: setup
	$(PY) -m nubrems.book refresh

# Re-pin every package to what is installed now (keeps the 3-line header).
lock: setup
	{ head -n 3 requirements.txt; $(PY) -m pip freeze --exclude-editable; } > requirements.tmp
	mv requirements.tmp requirements.txt

clean:
	rm -rf _build
