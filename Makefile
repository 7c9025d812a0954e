# Two commands run everything on a fresh machine: `make papers` and `make test`.
# Each target bootstraps the virtual environment itself; a second run reuses it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export MPLBACKEND := Agg

.PHONY: papers test test-fast lab data validate bench clean help

help:
	@echo "make papers   build every panel's paper on the shipped data (reports/index.html)"
	@echo "make test     run every test, including papermill, nbconvert and browser tests"
	@echo "make lab      open JupyterLab on the notebooks with the project's kernel"
	@echo "make data     validate data/raw and write data/processed/*.parquet"
	@echo "make bench    time our build against the naive papermill loop and the kernel-free floor"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (collab-analysis)" >/dev/null
	@touch $(STAMP)

papers: $(STAMP)
	$(BIN)/collab-analysis build

data: $(STAMP)
	$(BIN)/collab-analysis data

validate: $(STAMP)
	$(BIN)/collab-analysis validate

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf build reports data/processed
