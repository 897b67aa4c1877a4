# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed


.PHONY: venv collection-link demo test pytest bench soak units integration sanity lint changelog-lint sandbox-start sandbox-stop integration-ansible-test matrix report-demo test-browser docs docs-lint clean

$(STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# Ansible finds the collection through tests/output/collections/ansible_collections/tenantkit/saas.
collection-link:
	mkdir -p tests/output/collections/ansible_collections/tenantkit
	ln -sfn ../../../../.. tests/output/collections/ansible_collections/tenantkit/saas

demo: $(STAMP)
	bash tests/tools/demo.sh

# galaxy-importer in a virtualenv of its own (it pins attrs<24, requirements-dev.txt has attrs 26);
# tests/integration/test_tarball.py runs it on the built tarball.
IMPORTER_VENV := tests/output/importer-venv
$(IMPORTER_VENV)/.installed: requirements-importer.txt
	rm -rf $(IMPORTER_VENV)
	$(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-importer.txt
	touch $@

# Static checks first; pytest last so its summary closes the output.
test: lint changelog-lint sanity $(IMPORTER_VENV)/.installed pytest

# Two workers, each with its own sandbox ports and output directory (tests/output/integration/pid<N>).
pytest: $(STAMP) collection-link
	$(BIN)/python -m pytest -q -n 2

units: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q -n 2

integration: $(STAMP)
	$(BIN)/python -m pytest tests/integration -q

sanity: $(STAMP)
	bash tests/tools/sanity.sh

lint: $(STAMP) collection-link
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/tests/output/collections $(BIN)/ansible-lint --profile production --offline
	PYTHON=$(PYTHON) bash tests/tools/docs_build.sh lint

changelog-lint: $(STAMP)
	$(BIN)/antsibull-changelog lint

# Not part of `make test`: prints the benchmark table (tests/output/bench.md, bench.json).
bench: $(STAMP) collection-link
	$(BIN)/python tests/bench/run.py

# Not part of `make test`: the convergence test over many fault seeds, then a table.
SOAK_SEEDS ?= 1,2,3,4,5,6,7,8,9,10
soak: $(STAMP) collection-link
	rm -rf tests/output/convergence
	-TENANTKIT_FAULT_SEEDS=$(SOAK_SEEDS) $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/integration/test_convergence.py -k converges
	$(BIN)/python tests/tools/soak_summary.py

# Not part of `make test`: the integration targets under `ansible-test integration`, on a copy
# of the tree in build/integration, against a sandbox of its own.
integration-ansible-test: $(STAMP)
	bash tests/tools/ansible_test_integration.sh

# The version matrix (CI runs it after `make test`): each ansible-core of requirements-matrix-*.txt
# in its own virtualenv tests/output/matrix/venv-<ver> runs ansible-test sanity (in build/matrix-<ver>),
# the unit tests and the integration targets, then a table. `make matrix MATRIX_VERSIONS=2.16` runs one.
MATRIX_VERSIONS ?=
matrix:
	bash tests/tools/matrix.sh $(MATRIX_VERSIONS)

# Not part of `make test`: a drift audit of six sandbox tenants with the tenant report (tests/output/report-demo/).
report-demo: $(STAMP) collection-link
	bash tests/tools/report_demo.sh

# Not part of `make test` (CI runs it): the tenant report in a headless browser, installed here if missing.
test-browser: $(STAMP) collection-link
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m browser tests/integration/test_tenant_report.py \
		tests/integration/test_tenant_report_notes.py tests/integration/test_docs_site.py

# The sandbox needs Python's standard library only: no virtualenv, no dev tool (--tls also needs cryptography).
sandbox-start:
	cd tests && PYTHONPATH=. $(PYTHON) -m sandbox start --state-dir output/sandbox

sandbox-stop:
	cd tests && PYTHONPATH=. $(PYTHON) -m sandbox stop --state-dir output/sandbox

# The collection's docsite (module pages and the guides of docs/docsite/), built offline with antsibull-docs
# and Sphinx from requirements-docs.txt (their own virtualenv, tests/output/docs-venv): tests/output/docs/html.
docs:
	PYTHON=$(PYTHON) bash tests/tools/docs_build.sh build

# antsibull-docs lint-collection-docs: plugin and role docs, and the guides (also run by `make lint`).
docs-lint:
	PYTHON=$(PYTHON) bash tests/tools/docs_build.sh lint

clean:
	rm -rf tests/output build .pytest_cache
