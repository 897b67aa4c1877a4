#!/usr/bin/env bash
# The collection's docsite with antsibull-docs and Sphinx: module, plugin and role pages, and the
# guides of docs/docsite/ (extra-docs.yml, rst/).
#   tests/tools/docs_build.sh build   # make docs: tests/output/docs/html/index.html
#   tests/tools/docs_build.sh lint    # make docs-lint: antsibull-docs lint-collection-docs
# The tools live in their own virtualenv, tests/output/docs-venv, from requirements-docs.txt
# (installed from the package index when missing or older than that file). Past that, nothing
# uses the network: pip is told there is no index, and Sphinx's references to Ansible's docs come
# from an inventory written here (tests/tools/docs_inventory.py), not fetched.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-python3.11}
VENV=$ROOT/tests/output/docs-venv
OUT=$ROOT/tests/output/docs
COLLECTION=tenantkit.saas
umask 022   # antsibull-docs refuses a destination others can write to

if [ ! -f "$VENV/.installed" ] || [ requirements-docs.txt -nt "$VENV/.installed" ]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements-docs.txt
    touch "$VENV/.installed"
fi
export PATH=$VENV/bin:$PATH PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
export ANSIBLE_COLLECTIONS_PATH=$ROOT/tests/output/collections ANSIBLE_NOCOLOR=1
mkdir -p tests/output/collections/ansible_collections/tenantkit
ln -sfn ../../../../.. tests/output/collections/ansible_collections/tenantkit/saas

case "${1:-build}" in
lint)
    # Plugin and role docs, extra-docs.yml, links.yml, the guides' RST (rstcheck) and their references.
    exec antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs .
    ;;
build)
    ;;
*)
    echo "usage: $0 build|lint" >&2
    exit 2
    ;;
esac

rm -rf "$OUT"
mkdir -p "$OUT/src"
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$OUT/src" \
    --project "$COLLECTION" --copyright 'tenantkit.saas contributors' --title "$COLLECTION" \
    --html-short-title "$COLLECTION" \
    --extra-html-theme-options documentation_home_url=https://github.com/tenantkit/saas "$COLLECTION" >/dev/null
# What sphinx-init asks for must already be in the venv: no index to take it from now.
pip install --quiet -r "$OUT/src/requirements.txt"
cd "$OUT/src"
antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --use-current \
    --squash-hierarchy --fail-on-error --dest-dir rst "$COLLECTION"
python "$ROOT/tests/tools/docs_inventory.py" rst ansible_devel.inv
cat >> conf.py <<CONF

# make docs builds offline: Ansible's docs are known through a local inventory, none is fetched.
intersphinx_mapping = {
    'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$OUT/src/ansible_devel.inv'),
}
CONF
sphinx-build -q -b html rst "$OUT/html" -c . -W --keep-going
echo "docsite: $OUT/html/index.html"
