#!/usr/bin/env bash
# The tenant report's drift audit (make report-demo): start the sandbox, set 6 tenants
# up, change 2 of them behind the playbook's back (a renamed AppPot group, a changed
# user field, a deleted Security365 app service) and one tenant file (an admin login id
# that cannot change: a warning), run the tenant setup in --check --diff with the report
# and its leftovers (tenant_report_unmanaged) enabled, print the Markdown report, stop the sandbox.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=tests/output/report-demo
state=$out/sandbox
rm -rf "$out/host_vars" "$out/report"
mkdir -p "$out/host_vars"
# shellcheck source=tests/tools/demo_sandbox.sh
. "$root/tests/tools/demo_sandbox.sh"
start_demo_sandbox

# Six tenants, one inventory host each. Each has a Security365 company of its own (a token
# the sandbox issues for it); the other services use the sandbox's accounts from the environment.
.venv/bin/python - "$state/sandbox.json" "$out" <<'PY'
import json, os, sys, urllib.request
import yaml
sandbox, out = json.load(open(sys.argv[1])), sys.argv[2]
control = sandbox['services']['security365']['url'] + '/_sandbox/control'
consent = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}
names = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark']
for name in names:
    request = urllib.request.Request(control, json.dumps({'issue_token': {'company_id': 'co-' + name}}).encode(),
                                     {'Content-Type': 'application/json'})
    token = json.load(urllib.request.urlopen(request, timeout=10))['token']
    tenant = {'name': name,
              'signtogether': {'groups': [
                  {'name': name, 'level': 1, 'user_consent': consent,
                   'admin_user': {'email': 'admin@%s.example' % name, 'name': 'Admin', 'login_id': name + '-admin'}},
                  {'name': name + '-sales', 'parent': name, 'level': 2, 'user_consent': consent,
                   'admin_user': {'email': 'sales@%s.example' % name, 'name': 'Sales', 'login_id': name + '-sales'}}]},
              'apppot': {'groups': [{'name': name + '-staff', 'description': 'Staff of ' + name}]},
              'ncloud': {'users': [{'login_id': 'ops@%s.example' % name,
                                    'user_profile': {'first_name': 'Ops', 'last_name': name.title(),
                                                     'dept_name': 'Operations'}}]},
              'security365': {'connection': {'company_id': 'co-' + name, 'token': token}, 'app': {'state': 'present'}}}
    with open(os.path.join(out, 'host_vars', name + '.yml'), 'w') as handle:
        os.chmod(handle.name, 0o600)
        yaml.safe_dump({'tenant': tenant}, handle)
with open(os.path.join(out, 'tenants.yml'), 'w') as handle:
    yaml.safe_dump({'tenants': {'hosts': dict.fromkeys(names)}}, handle)
PY

# Someone changes two tenants in the vendors' consoles (here: with the collection's modules).
cat > "$out/drift.yml" <<'YAML'
- name: Change globex and hooli behind the tenant files' back
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  vars_files:
    - host_vars/hooli.yml    # its `tenant`: hooli's own Security365 company and token
  tasks:
    - name: Find globex's AppPot group
      tenantkit.saas.apppot_group_info:
        name: globex-staff
      register: found
    - name: Rename it
      tenantkit.saas.apppot_group:
        group_id: "{{ found.groups[0].group_id }}"
        name: globex-staff-old
    - name: Move globex's user to another department
      tenantkit.saas.ncloud_users_bulk:
        users:
          - login_id: ops@globex.example
            user_profile: {dept_name: Finance}
    - name: Delete hooli's app service
      tenantkit.saas.security365_app:
        state: absent
        company_id: "{{ tenant.security365.connection.company_id }}"
        token: "{{ tenant.security365.connection.token }}"
YAML

cd "$out"
echo "== 1. set 6 tenants up"
ansible-playbook -i tenants.yml tenantkit.saas.tenant_setup -e tenant_hosts=tenants -f 3 > setup.log
grep -E '^[a-z]+ +: ok=' setup.log
echo "== 2. change globex (renamed AppPot group, changed user field) and hooli (deleted app service)"
ansible-playbook drift.yml > drift.log
grep -E '^localhost +: ok=' drift.log
# initech's file now names another first admin, which SignTogether cannot change: a warning.
sed -i 's/login_id: initech-admin/login_id: initech-root-admin/' host_vars/initech.yml
# The six tenants share the sandbox's AppPot app and Ncloud directory, where each holds the others'
# objects too: leftovers are asked for globex alone, in its host vars.
echo 'tenant_report_unmanaged: true' >> host_vars/globex.yml
echo "== 3. drift audit: --check --diff with the tenant report (and globex's leftovers)"
ANSIBLE_CALLBACKS_ENABLED=tenantkit.saas.tenant_report TENANTKIT_REPORT_DIR=report \
  ansible-playbook -i tenants.yml tenantkit.saas.tenant_setup -e tenant_hosts=tenants -f 3 --check --diff > audit.log
tail -n 1 audit.log
echo "== 4. report.md"
cat report/report.md
echo "Open $out/report/report.html in a browser; report.json holds the same data for tools."
# With Debian's chromium package: a screenshot of the page (README's docs/images/tenant-report.png).
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$browser" ]; then
  profile=$(mktemp -d)
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1280,960 --screenshot="$root/$out/report/tenant-report.png" "file://$root/$out/report/report.html" \
    >/dev/null 2>&1 && echo "Screenshot: $out/report/tenant-report.png"
  rm -rf "$profile"
fi
