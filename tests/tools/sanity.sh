#!/usr/bin/env bash
# Run ansible-test sanity on a copy of the collection at
# $DEST/ansible_collections/tenantkit/saas (ansible-test resolves symlinks,
# so the tree must be a real copy). Usage: tests/tools/sanity.sh [DEST] [ansible-test args]
# SANITY_PYTHON (default 3.11) is the --python of the virtualenv VENV (default .venv).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$root/build/sanity}
shift || true
venv=${VENV:-$root/.venv}

# shellcheck source=tests/tools/collection_tree.sh
. "$root/tests/tools/collection_tree.sh"
install_get_pip "$root" "$venv"

tree=$dest/ansible_collections/tenantkit/saas
copy_collection "$root" "$tree"
cd "$tree"
export PATH="$venv/bin:$PATH"
ansible-test sanity --python "${SANITY_PYTHON:-3.11}" --requirements --color no "$@"
