# Developer shortcuts. The README's quick start is `./desk run` and `./desk test`.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint i18n screenshots bench crash-test clean

run:
	./desk run

test:
	./desk test

lint:
	$(BIN)/ruff check app tests scripts

# Extract strings into the catalogs, merge pending translations, compile.
i18n:
	$(BIN)/python -m scripts.i18n update
	$(BIN)/python -m scripts.i18n merge i18n/pending/*.tsv
	$(BIN)/python -m scripts.i18n compile
	$(BIN)/python -m scripts.i18n missing

screenshots:
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python -m scripts.screenshots

# From a clean clone too: ./desk installs what is needed first.
bench:
	./desk bench

# 120 SIGKILLs of a working desk, a backup or a restore; prints its figures (JSON).
crash-test:
	$(BIN)/python -m scripts.crash_test --kills 120

clean:
	rm -rf $(VENV) build *.egg-info
