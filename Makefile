# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed


.PHONY: venv collection-link demo test pytest bench soak units integration sanity lint changelog-lint sandbox-start sandbox-stop clean

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

# Static checks first; pytest last so its summary closes the output.
test: lint changelog-lint sanity pytest

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

sandbox-start: $(STAMP)
	cd tests && PYTHONPATH=. ../$(BIN)/python -m sandbox start --state-dir output/sandbox

sandbox-stop: $(STAMP)
	cd tests && PYTHONPATH=. ../$(BIN)/python -m sandbox stop --state-dir output/sandbox

clean:
	rm -rf tests/output build .pytest_cache
