# nubrems: two commands on a fresh machine (Python 3.11, Debian):
#   make book   set up .venv, execute every chapter with papermill, build _build/html
#   make test   set up .venv, run the unit tests, nbval on the chapters, and the
#               HTML build with Sphinx warnings as errors
# Variant book: make book PARAMS=params/heavy.yaml  ->  _build/heavy/_build/html

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PARAMS ?=

.PHONY: all setup system book test unit notebooks amplitudes lock clean

all: book

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

setup: $(STAMP) system

# Debian tools: FORM derives the amplitudes (its regeneration test is skipped without it).
system:
	@tools/apt-ensure form

book: setup
	$(PY) -m nubrems.book build $(if $(PARAMS),--params $(PARAMS))

# Unit tests and nbval (configured in pytest.ini), then the book build as a check.
test: setup
	$(PY) -m pytest
	$(PY) -m nubrems.book build

unit: setup
	$(PY) -m pytest tests

# Re-derive the closed-form |M|^2 with FORM into nubrems/_msq_generated.py.
amplitudes: setup
	$(PY) -m nubrems.symbolic

# Re-execute the committed notebooks in place (their outputs are what nbval compares).
notebooks: setup
	$(PY) -m nubrems.book refresh

# Re-pin every package to what is installed now (keeps the 3-line header).
lock: setup
	{ head -n 3 requirements.txt; $(PY) -m pip freeze --exclude-editable; } > requirements.tmp
	mv requirements.tmp requirements.txt

clean:
	rm -rf _build
