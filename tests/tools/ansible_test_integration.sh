#!/usr/bin/env bash
# Run the integration targets (tests/integration/targets) under `ansible-test integration`
# against the sandbox: start a sandbox of its own, copy the collection to
# $DEST/ansible_collections/tenantkit/saas (as tests/tools/sanity.sh does; ansible-test
# resolves symlinks, so the tree must be a real copy), put the sandbox's integration_config.yml
# in the copy's tests/integration/, run `ansible-test integration --python 3.11` there (on this
# host, no container) and stop the sandbox by its PID.
# ansible-test passes no environment of ours to the targets: they read the sandbox's URLs and
# credentials from the `sandbox` variable of integration_config.yml.
# Usage: tests/tools/ansible_test_integration.sh [DEST] [ansible-test integration args, e.g. a target]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$root/build/integration}
shift || true
mkdir -p "$dest" && dest=$(cd "$dest" && pwd)
venv=${VENV:-$root/.venv}
# The sandbox's state beside the tree: runs with another DEST (say, one per ansible-core
# version) have sandboxes of their own.
state=$dest/sandbox
config=$state/integration_config.yml

# shellcheck source=tests/tools/collection_tree.sh
. "$root/tests/tools/collection_tree.sh"
install_get_pip "$root" "$venv"

# A sandbox of its own (a `make sandbox-start` sandbox is left alone).
sandbox() { (cd "$root/tests" && PYTHONPATH=. "$venv/bin/python" -m sandbox "$1" --state-dir "$state" \
  --integration-config "$config"); }
sandbox stop >/dev/null
sandbox start
trap 'sandbox stop' EXIT

tree=$dest/ansible_collections/tenantkit/saas
copy_collection "$root" "$tree"
install -m 600 "$config" "$tree/tests/integration/integration_config.yml"
cd "$tree"
export PATH="$venv/bin:$PATH"
ansible-test integration --python 3.11 --color no "$@"
