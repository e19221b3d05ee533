# Two commands a new user needs:  make demo   and   make test
# Each creates .venv when it is missing and installs newslens into it (uv when available, else pip).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench install clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	@if command -v uv >/dev/null 2>&1; then \
		uv pip install --python $(PY) -e '.[dev]'; \
	elif $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet uv; then \
		$(VENV)/bin/uv pip install --python $(PY) -e '.[dev]'; \
	else \
		$(PY) -m pip install -e '.[dev]'; \
	fi
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m newslens.demo

test: $(STAMP)
	$(PY) -m pytest -n 2 --nbmake --doctest-modules tests newslens notebooks -q

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) build .pytest_cache
