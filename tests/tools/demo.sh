#!/usr/bin/env bash
# Start the sandbox, set the demo tenant up twice (the second run must report
# changed=0), show where to look, and stop the sandbox.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
state=tests/output/sandbox
out=tests/output/demo
mkdir -p "$out"
# shellcheck source=tests/tools/demo_sandbox.sh
. "$root/tests/tools/demo_sandbox.sh"
start_demo_sandbox
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
