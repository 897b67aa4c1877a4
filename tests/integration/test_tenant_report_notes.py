"""The tenant report shows what a drift audit would otherwise hide, through ansible-playbook against
the sandbox: a warning of a service that is in sync, and, with tenant_report_unmanaged, the group
left over after a rename in the console."""

import json
import os
import subprocess

import pytest

from support.playbooks import OUTPUT, run_playbook
from support.tenants import four_service_tenant
from test_tenant_report import CHROMIUM, PLAYBOOK, REPORT, write

DIRECTORY = os.path.join(OUTPUT, 'report-notes')


def audit(sandbox, tenant, *extra):
    path = write(os.path.join(OUTPUT, 'notes', 'tenant.yml'), {'tenant': tenant})
    return run_playbook(sandbox, PLAYBOOK, ['-e', '@' + path, '--check', '--diff'] + list(extra),
                        extra_env=dict(REPORT, TENANTKIT_REPORT_DIR=DIRECTORY))


def rows(directory):
    with open(os.path.join(directory, 'report.json'), encoding='utf-8') as handle:
        report = json.load(handle)
    return dict((row['service'], row) for row in report['tenants'][0]['services'])


class Audits:
    """The tenant set up, then drifted: a plain drift audit and one with tenant_report_unmanaged."""

    def __init__(self, sandbox):
        tenant = four_service_tenant('acme')
        del tenant['security365']
        self.setup = run_playbook(sandbox, PLAYBOOK, ['-e', '@' + write(
            os.path.join(OUTPUT, 'notes', 'setup.yml'), {'tenant': tenant})])
        apppot = sandbox.emulator('apppot')
        with apppot.lock:
            [group for group in apppot.groups.values() if group['groupName'] == 'acme-staff'][0]['groupName'] = \
                'acme-staff-renamed'
        # An admin login id cannot change once the group exists: the module warns and leaves it.
        tenant['signtogether']['groups'][0]['admin_user']['login_id'] = 'acme-root-admin'
        for service in sandbox.running:
            sandbox.emulator(service).log = []
        self.plain = audit(sandbox, tenant)
        self.plain_rows = rows(DIRECTORY)
        self.noted = audit(sandbox, tenant, '-e', 'tenant_report_unmanaged=true')
        self.noted_rows = rows(DIRECTORY)
        self.writes = sum(entry['kind'] == 'write' for service in sandbox.running
                          for entry in sandbox.emulator(service).log)


@pytest.fixture(scope='module')
def audits(sandbox):
    sandbox.reset()
    done = Audits(sandbox)
    sandbox.reset()
    return done


def test_a_warning_of_a_service_in_sync_is_in_the_drift_audit(audits):
    assert audits.setup.returncode == 0, audits.setup
    assert audits.plain.returncode == 0, audits.plain
    found = audits.plain_rows
    assert found['signtogether']['status'] == 'in sync'
    assert found['signtogether']['warnings_total'] == 1
    assert "admin_login_id 'acme-root-admin' was not applied" in found['signtogether']['warnings'][0]
    assert 'unmanaged' not in found['apppot']


def test_a_group_left_after_a_rename_is_named_with_tenant_report_unmanaged(audits):
    assert audits.noted.returncode == 0, audits.noted
    found = audits.noted_rows
    assert found['apppot']['status'] == 'would change'
    assert found['apppot']['unmanaged'] == [{'kind': 'group', 'names': ['acme-staff-renamed', 'default'],
                                             'total': 2}]
    assert found['signtogether'].get('unmanaged', []) == []
    assert found['ncloud'].get('unmanaged', []) == []
    with open(os.path.join(DIRECTORY, 'report.html'), encoding='utf-8') as handle:
        page = handle.read()
    assert 'apppot: unmanaged group (2): acme-staff-renamed, default' in page
    assert 'signtogether: warning: admin_login_id' in page
    assert audits.writes == 0


@pytest.mark.browser
def test_a_browser_shows_the_warning_and_the_leftover(audits, tmp_path):
    assert CHROMIUM, 'no browser: `make test-browser` installs Debian\'s chromium package'
    done = subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--user-data-dir=%s' % tmp_path,
                           '--dump-dom', 'file://' + os.path.join(DIRECTORY, 'report.html')],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, check=False)
    dom = done.stdout.decode('utf-8')
    assert done.returncode == 0, done.stderr[-2000:]
    # The tenant's row counts them, and its details (open: the tenant would change) show each.
    assert '<td class="in-sync">in sync, 1 warning</td>' in dom
    assert '<td class="would-change">would change (1), 2 unmanaged</td>' in dom
    assert '<p class="warning">signtogether: warning: admin_login_id' in dom
    assert '<p class="unmanaged">apppot: unmanaged group (2): acme-staff-renamed, default</p>' in dom
    assert '<span id="shown">1 of 1 tenants shown</span>' in dom
