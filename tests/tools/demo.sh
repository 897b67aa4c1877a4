#!/usr/bin/env bash
# Start the sandbox, set the demo tenant up twice (the second run must report
# changed=0), show where to look, and stop the sandbox.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
state=tests/output/sandbox
out=tests/output/demo
mkdir -p "$out" tests/output/collections/ansible_collections/tenantkit
ln -sfn ../../../../.. tests/output/collections/ansible_collections/tenantkit/saas
sandbox() { (cd tests && PYTHONPATH=. ../.venv/bin/python -m sandbox "$1" --state-dir output/sandbox); }

sandbox stop >/dev/null
sandbox start
trap 'sandbox stop' EXIT
set -a
# shellcheck disable=SC1091
. "$state/sandbox.env"
set +a
# The example tenant leaves its admin passwords out: its new SignTogether group
# admins get this one (signtogether_group reads SIGNTOGETHER_ADMIN_PASSWORD).
SIGNTOGETHER_ADMIN_PASSWORD="Tk1!$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
export SIGNTOGETHER_ADMIN_PASSWORD
export PATH="$root/.venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/tests/output/collections" \
  ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
run() {
  ansible-playbook tenantkit.saas.tenant_setup -e @playbooks/vars/example_tenant.yml | tee "$out/run$1.log"
}
echo "== first run: sets the demo tenant up"
run 1
echo "== second run: must change nothing"
run 2
recap=$(grep -E '^localhost +:' "$out/run2.log")
case "$recap" in
  *" changed=0 "*" failed=0 "*) echo "second run: changed=0 (idempotent)";;
  *) echo "second run was not idempotent: $recap" >&2; exit 1;;
esac
echo
.venv/bin/python tests/tools/demo_summary.py "$state/sandbox.json" "$out"
echo "Playbook output: $out/run1.log and $out/run2.log"
