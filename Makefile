# Two commands on a fresh machine (only python3 ≥ 3.11 and make needed):
#   make demo   audit the bundled sample export and print its monthly table
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := fixtures/sample/export.jsonl

.PHONY: demo test docs clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/tdnv-rules check $(SAMPLE) --as-of 2024-05-31 --format text --exit-zero
	$(BIN)/tdnv-rules report monthly $(SAMPLE) --from 2024-01-01 --to 2024-05-31 --as-of 2024-05-31 --format md
	$(BIN)/tdnv-rules gate fixtures/seed-cases/246-UBND-CN.json --task 246-UBND-CN --at "26/02/2024 08:30" || true

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

docs: $(BIN)/.installed
	$(BIN)/python scripts/make_rule_docs.py

clean:
	rm -rf $(VENV)
