# shellcheck shell=bash
# Sourced by demo.sh and report_demo.sh: start a sandbox whose state is in $root/$state,
# stop it by PID when the script exits, and set the environment a playbook run needs
# (the sandbox's credentials, an admin password for new SignTogether groups, the collection).
start_demo_sandbox() {
  mkdir -p "$root/tests/output/collections/ansible_collections/tenantkit"
  ln -sfn ../../../../.. "$root/tests/output/collections/ansible_collections/tenantkit/saas"
  sandbox stop >/dev/null
  sandbox start
  trap 'sandbox stop' EXIT
  set -a
  # shellcheck disable=SC1091
  . "$root/$state/sandbox.env"
  set +a
  # Tenant files leave admin passwords out: signtogether_group reads SIGNTOGETHER_ADMIN_PASSWORD.
  SIGNTOGETHER_ADMIN_PASSWORD="Tk1!$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')"
  export SIGNTOGETHER_ADMIN_PASSWORD
  export PATH="$root/.venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root/tests/output/collections" \
    ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0
}

sandbox() { (cd "$root/tests" && PYTHONPATH=. ../.venv/bin/python -m sandbox "$1" --state-dir "$root/$state"); }
