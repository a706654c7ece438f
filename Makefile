# The whole set-up is two commands (see README):
#   make demo   - create .venv, install scrutiny, ingest the bundled corpus (and ../shared/corpus/external,
#                 the Kent PDFs and ModernGov XML kept out of the repository, when it is beside it),
#                 print outstanding actions
#   make test   - install the test extras into .venv and run the test suite, its files spread over the cores
#   make train  - retrain the action textcat (models/action_textcat) from the training councils' gold
#   make fuzz   - the long Hypothesis profile over read + extract, then every bad input kind (benchmarks/robustness.py)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= outputs/scrutiny.db
# Documents from other public repositories are read from ../shared, never copied into corpus/.
EXTERNAL := $(wildcard ../shared/corpus/external)

.PHONY: demo install test fuzz accuracy benchmarks corpus train clean

$(BIN)/scrutiny: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/scrutiny

demo: install
	$(BIN)/scrutiny ingest corpus/ $(EXTERNAL) --manifest corpus/MANIFEST.csv --db $(DB)
	$(BIN)/scrutiny followups --status outstanding --db $(DB)

test: install
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m pytest -q -n auto --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

fuzz: install
	$(BIN)/pip install --quiet -e '.[test]'
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q tests/test_fuzz.py
	$(BIN)/python benchmarks/robustness.py

# Rebuild corpus/built/ (DOCX, ModernGov HTML, PDF) from the seeds; tests/test_corpus_build.py checks it is current.
corpus: install
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python scripts/build_corpus.py

train: install
	nice $(BIN)/python -m pipeline.train

accuracy: install
	$(BIN)/python benchmarks/accuracy.py

benchmarks: install
	$(BIN)/python benchmarks/readers.py
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/followups.py
	$(BIN)/python benchmarks/long_document.py
	$(BIN)/python benchmarks/robustness.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) outputs/*.db outputs/*.db-* build *.egg-info
