# nubrems: two commands on a fresh machine (Python 3.11, Debian):
#   make book   set up (.venv, pinned requirements, Debian tools when root), execute every
#               chapter with papermill, build _build/html and _build/latex/nubrems.pdf
#   make test   same set-up; unit tests + nbval on the chapters; the HTML and PDF builds
#               with Sphinx warnings as errors; browser and PDF checks of the built book
# Variant book: make book PARAMS=params/heavy.yaml  ->  _build/heavy/_build/{html,latex}

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PARAMS ?=

.PHONY: all setup system book test unit notebooks amplitudes solar-tables lock clean

all: book

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

book: setup
	$(PY) -m nubrems.book build $(if $(PARAMS),--params $(PARAMS))

# Unit tests and nbval (pytest.ini), the book build (HTML and PDF, warnings are errors),
# then the browser and PDF checks of the built book (tests_book/).
test: setup
	$(PY) -m pytest
	$(PY) -m nubrems.book build
	$(PY) -m pytest tests_book -p no:cacheprovider

unit: setup
	$(PY) -m pytest tests

# Re-derive the closed-form |M|^2 with FORM into nubrems/_msq_generated.py.
amplitudes: setup
	$(PY) -m nubrems.symbolic

# Regenerate the solar-spectrum tables in data/solar (a test checks they match).
solar-tables: setup
	$(PY) -m nubrems.solar_tables --out data/solar

# Re-execute the committed notebooks in place (their outputs are what nbval compares).
notebooks: setup
	$(PY) -m nubrems.book refresh

# Re-pin every package to what is installed now (keeps the 3-line header).
lock: setup
	{ head -n 3 requirements.txt; $(PY) -m pip freeze --exclude-editable; } > requirements.tmp
	mv requirements.tmp requirements.txt

clean:
	rm -rf _build
