# Every target that needs Python creates .venv and installs requirements.txt on first use
# (and again only when requirements.txt or pyproject.toml change).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going
# Two pytest workers on two cores: one BLAS thread each, or they oversubscribe the cores.

.PHONY: help install book test lint unit book-check lab execute student binder format clean pdf

help:
	@echo "make book     build the HTML book into _build/html"
	@echo "make test     lint + book build with zero warnings + unit tests, nbval (every notebook,"
	@echo "              strict) and browser tests of the built book (headless Chromium)"
	@echo "make pdf      write the PDF edition, _build/pdf/book.pdf (needs Chromium, fonts-nanum)"
	@echo "make lab      open JupyterLab with the nnbook package installed"
	@echo "make execute  re-run every chapter notebook in place (after changing nnbook or a chapter)"
	@echo "make student  write student/: every chapter without its solutions, outputs cleared"
	@echo "make binder   regenerate binder/requirements.txt (after changing requirements.txt)"
	@echo "make format   apply ruff's fixes and formatting to src, tests and the notebooks"
	@echo "make clean    remove _build and caches (keeps .venv)"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

# Sphinx 7.4 does not overwrite a changed file from _static/ on an incremental build:
# remove the built copies of the book's own static files first.
book: $(STAMP)
	rm -f $(addprefix _build/html/,$(wildcard _static/*))
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks chapters conftest.py
	$(BIN)/ruff format --check src tests scripts benchmarks chapters conftest.py

unit: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -n 2 --dist loadscope

book-check: $(STAMP)
	rm -rf _build/html
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

# The book is built before the tests: tests/test_book_browser.py checks _build/html in
# headless Chromium (skipped with one line saying why when Chromium is missing; a failure
# under CI=true).
test: lint book-check unit
	@echo "All checks passed."

pdf: $(STAMP)
	$(BIN)/python scripts/build_pdf.py

lab: $(STAMP)
	$(BIN)/jupyter lab chapters $(if $(filter 0,$(shell id -u)),--allow-root,)

execute: $(STAMP)
	$(BIN)/python scripts/colab_setup.py chapters/*.ipynb
	OPENBLAS_NUM_THREADS=1 $(BIN)/python scripts/execute_notebooks.py chapters/*.ipynb

student: $(STAMP)
	rm -rf student
	$(BIN)/python scripts/student_notebooks.py --out student chapters/*.ipynb

binder: $(STAMP)
	$(BIN)/python scripts/binder_requirements.py

format: $(STAMP)
	$(BIN)/python scripts/glossary_links.py --fix chapters/*.ipynb
	$(BIN)/ruff check --fix src tests scripts benchmarks chapters conftest.py
	$(BIN)/ruff format src tests scripts benchmarks chapters conftest.py

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis student
	find . -name __pycache__ -not -path "./.venv/*" -exec rm -rf {} +
