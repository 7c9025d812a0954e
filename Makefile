# Two commands run everything on a fresh machine: `make papers` and `make test`.
# Each target bootstraps the virtual environment itself; a second run reuses it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
N      ?= 5
export MPLBACKEND := Agg

.PHONY: papers test test-fast lab data validate bench hooks clean help bytecode

help:
	@echo "make papers   build every panel's paper for the cycle on the shipped data (reports/index.html)"
	@echo "make test     run every test, including papermill, nbconvert and browser tests"
	@echo "make lab      open JupyterLab on the notebooks with the project's kernel"
	@echo "make data     validate data/raw and write data/processed/*.parquet"
	@echo "make bench    time our build against the naive papermill + nbconvert loop (N=5 runs each)"
	@echo "make hooks    install the pre-commit hook that strips notebook outputs"

# pip's own output goes to a log, shown only if the install fails: a first setup prints one line.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "setting up $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m pip install --quiet -e '.[test]' >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 --display-name "Python 3 (collab-analysis)" >/dev/null
	@touch $(STAMP)

# The package's compiled bytecode, written even where PYTHONDONTWRITEBYTECODE is set (as in many container
# images): without it every process of a build compiles the package's source again (a third of a second each).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q collab_analysis > /dev/null

papers: $(STAMP) bytecode
	$(BIN)/collab-analysis build

data: $(STAMP)
	$(BIN)/collab-analysis data

validate: $(STAMP)
	$(BIN)/collab-analysis validate

test: $(STAMP) bytecode
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP) bytecode
	$(BIN)/python benchmarks/bench_build.py $(N)

hooks: $(STAMP)
	$(BIN)/pre-commit install

clean:
	rm -rf build reports data/processed
