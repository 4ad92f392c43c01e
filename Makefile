# Every task is defined once, in tasks.py (scripts/taskrunner.py), in Python only, so that the
# same tasks run on Windows (`py tasks.py book`), macOS and Linux. Each target here is one
# line that calls it; `make help` lists them. The first task creates .venv and installs
# requirements.txt (and again only when requirements.txt or pyproject.toml change).
# Another interpreter: make book PYTHON=python3.12
PYTHON ?= python3

.PHONY: help book pdf test test-fast lab student execute format binder pin lint book-check unit test-portable nbval student-run install clean

help:
	@$(PYTHON) tasks.py help

book:
	@$(PYTHON) tasks.py book

pdf:
	@$(PYTHON) tasks.py pdf

test:
	@$(PYTHON) tasks.py test

test-fast:
	@$(PYTHON) tasks.py test-fast

lab:
	@$(PYTHON) tasks.py lab

student:
	@$(PYTHON) tasks.py student

execute:
	@$(PYTHON) tasks.py execute

format:
	@$(PYTHON) tasks.py format

binder:
	@$(PYTHON) tasks.py binder

pin:
	@$(PYTHON) tasks.py pin

lint:
	@$(PYTHON) tasks.py lint

book-check:
	@$(PYTHON) tasks.py book-check

unit:
	@$(PYTHON) tasks.py unit

test-portable:
	@$(PYTHON) tasks.py test-portable

nbval:
	@$(PYTHON) tasks.py nbval

student-run:
	@$(PYTHON) tasks.py student-run

install:
	@$(PYTHON) tasks.py install

clean:
	@$(PYTHON) tasks.py clean
