# Villa Desk. `make run` starts the program; `make test` runs the whole suite headless.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test sysdeps-run sysdeps-test venv lint i18n screenshots bench clean

run: sysdeps-run venv i18n-compile
	$(BIN)/villa-desk

test: sysdeps-test venv i18n-compile
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)
	$(BIN)/ruff check app tests scripts

sysdeps-run:
	scripts/install-system-deps.sh run

sysdeps-test:
	scripts/install-system-deps.sh test

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

i18n-compile: venv
	$(BIN)/python -m scripts.i18n compile

# Extract strings from the source into the catalogs (then translate, then compile).
i18n: venv
	$(BIN)/python -m scripts.i18n update
	$(BIN)/python -m scripts.i18n compile

lint: venv
	$(BIN)/ruff check app tests scripts

screenshots: sysdeps-test venv i18n-compile
	xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python -m scripts.screenshots

bench: venv i18n-compile
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m scripts.bench

clean:
	rm -rf $(VENV) build *.egg-info
