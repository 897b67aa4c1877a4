"""The tenant report shows what a drift audit would otherwise hide, through ansible-playbook against
the sandbox: a warning of a service that is in sync, and, with tenant_report_unmanaged, the group
left over after a rename in the console."""

import json
import os

from support.playbooks import OUTPUT, run_playbook
from support.tenants import four_service_tenant
from test_tenant_report import PLAYBOOK, REPORT, write

DIRECTORY = os.path.join(OUTPUT, 'report-notes')


def audit(sandbox, tenant, *extra):
    path = write(os.path.join(OUTPUT, 'notes', 'tenant.yml'), {'tenant': tenant})
    return run_playbook(sandbox, PLAYBOOK, ['-e', '@' + path, '--check', '--diff'] + list(extra),
                        extra_env=dict(REPORT, TENANTKIT_REPORT_DIR=DIRECTORY))


def rows(directory):
    with open(os.path.join(directory, 'report.json'), encoding='utf-8') as handle:
        report = json.load(handle)
    return dict((row['service'], row) for row in report['tenants'][0]['services'])


def test_a_warning_and_a_group_left_after_a_rename_are_in_the_drift_audit(fresh_sandbox):
    tenant = four_service_tenant('acme')
    del tenant['security365']
    setup = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + write(
        os.path.join(OUTPUT, 'notes', 'setup.yml'), {'tenant': tenant})])
    assert setup.returncode == 0, setup
    apppot = fresh_sandbox.emulator('apppot')
    with apppot.lock:
        [group for group in apppot.groups.values() if group['groupName'] == 'acme-staff'][0]['groupName'] = \
            'acme-staff-renamed'
    # An admin login id cannot change once the group exists: the module warns and leaves it.
    tenant['signtogether']['groups'][0]['admin_user']['login_id'] = 'acme-root-admin'
    for service in fresh_sandbox.running:
        fresh_sandbox.emulator(service).log = []

    plain = audit(fresh_sandbox, tenant)
    assert plain.returncode == 0, plain
    found = rows(DIRECTORY)
    assert found['signtogether']['status'] == 'in sync'
    assert found['signtogether']['warnings_total'] == 1
    assert "admin_login_id 'acme-root-admin' was not applied" in found['signtogether']['warnings'][0]
    assert 'unmanaged' not in found['apppot']

    noted = audit(fresh_sandbox, tenant, '-e', 'tenant_report_unmanaged=true')
    assert noted.returncode == 0, noted
    found = rows(DIRECTORY)
    assert found['apppot']['status'] == 'would change'
    assert found['apppot']['unmanaged'] == [{'kind': 'group', 'names': ['acme-staff-renamed', 'default'],
                                             'total': 2}]
    assert found['signtogether'].get('unmanaged', []) == []
    assert [kind['kind'] for kind in found['ncloud'].get('unmanaged', [])] == []
    with open(os.path.join(DIRECTORY, 'report.html'), encoding='utf-8') as handle:
        page = handle.read()
    assert 'apppot: unmanaged group (2): acme-staff-renamed, default' in page
    assert 'signtogether: warning: admin_login_id' in page
    assert all(entry['kind'] != 'write' for service in fresh_sandbox.running
               for entry in fresh_sandbox.emulator(service).log)
