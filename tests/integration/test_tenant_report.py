"""The tenant report (callback tenantkit.saas.tenant_report) through ansible-playbook against the
sandbox: six tenants set up, two of them drifted by hand, a drift audit in --check --diff, a
run whose service fails, and no secret in any report file."""

import json
import os
import shutil
import subprocess

import pytest
import yaml

from support.playbooks import OUTPUT, SIGNTOGETHER_ADMIN_PASSWORD, run_playbook
from support.tenants import four_service_tenant

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
REPORT = {'ANSIBLE_CALLBACKS_ENABLED': 'tenantkit.saas.tenant_report'}
TENANTS = ['t%d' % number for number in range(1, 7)]
SERVICES = ['signtogether', 'apppot', 'ncloud', 'security365']
SECRET_MARKERS = ('PASSWORD', 'SECRET', 'TOKEN', 'API_KEY', 'APP_KEY')
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')


def tenant(name, sandbox):
    """A tenant on all four services: the sandbox's accounts from the environment, and a
    Security365 company of its own (deleting its app service drifts this tenant only)."""
    company = 'co-' + name
    return four_service_tenant(
        name, user_profile={'first_name': 'Ada', 'last_name': name.upper(), 'dept_name': 'Ops'},
        connections={'security365': {'company_id': company,
                                     'token': sandbox.emulator('security365').issue_token(company)}})


def writes(sandbox):
    return dict((service, sum(1 for entry in sandbox.emulator(service).log if entry['kind'] == 'write'))
                for service in sandbox.running)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(data, handle)
    return path


def load(directory):
    pages = {}
    for name in ('report.json', 'report.md', 'report.html'):
        with open(os.path.join(directory, name), encoding='utf-8') as handle:
            pages[name] = handle.read()
    pages['report'] = json.loads(pages['report.json'])
    return pages


def tenants_of(report):
    return dict((entry['name'], entry) for entry in report['tenants'])


def rows_of(entry):
    return dict((row['service'], row) for row in entry['services'])


def drift(sandbox):
    """t2: its AppPot group renamed and its user's department changed; t5: its app service deleted."""
    apppot = sandbox.emulator('apppot')
    with apppot.lock:
        [group for group in apppot.groups.values() if group['groupName'] == 't2-staff'][0]['groupName'] = 't2-old'
    ncloud = sandbox.emulator('ncloud_sso')
    with ncloud.lock:
        [user for user in ncloud.users.values()
         if user['loginId'] == 'admin@t2.example'][0]['userProfile']['deptName'] = 'Finance'
    security365 = sandbox.emulator('security365')
    with security365.lock:
        del security365.apps['co-t5']
        security365.keys_removed.add('co-t5')


class Runs:
    """What the scenario left: each run, its report directory and the secrets in play."""

    def __init__(self):
        self.runs = {}
        self.reports = {}
        self.secrets = {}

    def remember_issued(self, sandbox):
        for company, app in sandbox.emulator('security365').apps.items():
            self.secrets['Security365 client secret of %s' % company] = app['client_secret']
        apppot = sandbox.emulator('apppot')
        for number, token in enumerate(sorted(apppot.user_tokens) + sorted(apppot.anonymous_tokens)):
            self.secrets.setdefault('AppPot token #%d' % number, token)


@pytest.fixture(scope='module')
def scenario(sandbox):
    """Set 6 tenants up (report in a relative directory), drift 2, audit in --check --diff,
    then rerun tenant t5 with its Security365 refusing the write."""
    sandbox.reset()
    done = Runs()
    inventory = write(os.path.join(OUTPUT, 'report', 'tenants.yml'),
                      {'tenants': {'hosts': dict(('tenant-%s' % name, None) for name in TENANTS)}})
    for name in TENANTS:
        data = tenant(name, sandbox)
        write(os.path.join(OUTPUT, 'report', 'host_vars', 'tenant-%s.yml' % name), {'tenant': data})
        done.secrets['Security365 token of ' + name] = data['security365']['connection']['token']
    for variable, value in sandbox.env().items():
        if any(marker in variable for marker in SECRET_MARKERS):
            done.secrets[variable] = value
    for service in sandbox.running:
        for key, value in sandbox.emulator(service).test_data().items():
            if any(marker.lower() in key for marker in ('password', 'secret', 'token', 'key')):
                done.secrets['%s %s' % (service, key)] = str(value)
    done.secrets['SIGNTOGETHER_ADMIN_PASSWORD'] = SIGNTOGETHER_ADMIN_PASSWORD
    args = ['-i', inventory, '-e', 'tenant_hosts=tenants', '-f', '3']

    done.runs['setup'] = run_playbook(sandbox, PLAYBOOK, args, extra_env=dict(
        REPORT, TENANTKIT_REPORT_DIR='report-setup'))
    done.reports['setup'] = os.path.join(OUTPUT, 'report-setup')
    done.remember_issued(sandbox)

    drift(sandbox)
    for service in sandbox.running:
        sandbox.emulator(service).log = []
    done.reports['audit'] = os.path.join(OUTPUT, 'report-audit')
    done.runs['audit'] = run_playbook(sandbox, PLAYBOOK, args + ['--check', '--diff'], extra_env=dict(
        REPORT, TENANTKIT_REPORT_DIR=done.reports['audit']))
    done.audit_writes = writes(sandbox)

    sandbox.emulator('security365').faults.add([{'path': '/api/co-t5/client/addClientInfo', 'status': 400}])
    done.reports['failed'] = os.path.join(OUTPUT, 'report-failed')
    done.runs['failed'] = run_playbook(sandbox, PLAYBOOK, args + ['--limit', 'tenant-t5'], extra_env=dict(
        REPORT, TENANTKIT_REPORT_DIR=done.reports['failed']))
    done.remember_issued(sandbox)
    sandbox.reset()
    return done


def test_a_real_run_reports_what_it_changed(scenario):
    run = scenario.runs['setup']
    assert run.returncode == 0, run
    page = os.path.join(OUTPUT, 'report-setup', 'report.html')
    assert run.output.rstrip().splitlines()[-1] == 'tenant report: 6 tenants, 0 in sync, 6 changed, 0 failed: ' + page
    report = load(scenario.reports['setup'])['report']
    assert (report['run']['mode'], report['totals']['changed']) == ('apply', 6)
    tenants = tenants_of(report)
    assert sorted(tenants) == TENANTS
    for name, entry in tenants.items():
        assert entry['host'] == 'tenant-' + name
        rows = rows_of(entry)
        assert [rows[service]['status'] for service in SERVICES] == ['changed'] * 4
        assert [change['object'] for change in rows['signtogether']['changes']] == [
            'group ' + name, 'group %s-sales (parent %s)' % (name, name)]
        assert [change['object'] for change in rows['apppot']['changes']] == ['group %s-staff' % name]
        assert rows['ncloud']['changes'] == [
            {'object': 'user admin@%s.example' % name, 'action': 'create', 'planned': False}]
        assert rows['ncloud']['counts'] == {'created': 1, 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 0}
        app = rows['security365']['changes'][0]['object']
        assert app.startswith('app service ') and len(app) > len('app service ')


def test_the_drift_audit_reports_exactly_the_drifted_tenants_and_fields(scenario):
    run = scenario.runs['audit']
    assert run.returncode == 0, run
    assert scenario.audit_writes == dict((service, 0) for service in scenario.audit_writes)
    assert run.output.rstrip().splitlines()[-1] == \
        'tenant report: 6 tenants, 4 in sync, 2 would change, 0 failed: %s' % os.path.join(
            scenario.reports['audit'], 'report.html')
    pages = load(scenario.reports['audit'])
    report = pages['report']
    assert report['run']['mode'] == 'drift audit'
    assert pages['report.md'].startswith('# Tenant report: drift audit\n')
    tenants = tenants_of(report)
    assert [entry['name'] for entry in report['tenants']][:2] == ['t2', 't5']
    drifted = dict((name, dict((service, row['changes']) for service, row in rows_of(entry).items()
                               if row['status'] != 'in sync'))
                   for name, entry in tenants.items() if entry['status'] != 'in sync')
    assert drifted == {
        't2': {'apppot': [{'object': 'group t2-staff', 'action': 'create', 'planned': True, 'before': {},
                           'after': {'name': 't2-staff', 'description': 'staff of t2'}}],
               'ncloud': [{'object': 'user admin@t2.example', 'action': 'update', 'planned': True,
                           'before': {'user_profile.dept_name': 'Finance'},
                           'after': {'user_profile.dept_name': 'Ops'}}]},
        't5': {'security365': [{'object': 'app service', 'action': 'create', 'planned': True, 'before': {},
                                'after': {}}]}}
    for name in ('t1', 't3', 't4', 't6'):
        assert [(row['service'], row['status'], row['changes']) for row in tenants[name]['services']] == [
            (service, 'in sync', []) for service in SERVICES]
    assert report['services']['apppot'] == {'failed': 0, 'changed': 0, 'would change': 1, 'in sync': 5}
    markdown = pages['report.md']
    assert '  - user admin@t2.example would be updated\n    - user_profile.dept_name: `"Finance"` -> `"Ops"`' \
        in markdown
    html = pages['report.html']
    assert '<span class="n" id="count-in-sync">4</span>' in html
    assert '<span class="n" id="count-would-change">2</span>' in html
    assert html.count('<details open>') == 3


def test_a_failed_service_shows_its_message(scenario):
    run = scenario.runs['failed']
    assert run.returncode != 0
    assert run.output.rstrip().splitlines()[-1] == \
        'tenant report: 1 tenant, 0 in sync, 0 changed, 1 failed: %s' % os.path.join(
            scenario.reports['failed'], 'report.html')
    pages = load(scenario.reports['failed'])
    entry = tenants_of(pages['report'])['t5']
    rows = rows_of(entry)
    assert entry['status'] == 'failed'
    assert [rows[service]['status'] for service in SERVICES] == ['in sync', 'in sync', 'in sync', 'failed']
    message = rows['security365']['message']
    assert message.startswith('Security365 refused the request: injected fault'), message
    assert 'HTTP 400' in message
    assert message in pages['report.md'].replace('\\', '')
    assert 'HTTP 400' in pages['report.html']


def leaks(text, secrets):
    """The names of the secrets `text` holds (a JWT also by its signature alone)."""
    found = []
    for name, value in secrets.items():
        pieces = [value] + ([value.rsplit('.', 1)[1]] if value.count('.') == 2 else [])
        if any(len(piece) >= 8 and piece in text for piece in pieces):
            found.append(name)
    return found


def test_no_secret_in_any_report_file(scenario):
    names = sorted(scenario.secrets)
    assert len([name for name in names if name.startswith('Security365 client secret')]) == 6, names
    assert [name for name in names if name.startswith('AppPot token')], names
    with open(os.path.join(OUTPUT, 'report', 'host_vars', 'tenant-t1.yml'), encoding='utf-8') as handle:
        assert leaks(handle.read(), scenario.secrets) == ['Security365 token of t1']
    found = []
    for run, directory in scenario.reports.items():
        for name, page in load(directory).items():
            if name != 'report':
                found.extend('%s in %s of the %s run' % (secret, name, run) for secret in leaks(page, scenario.secrets))
    assert found == []


@pytest.mark.browser
def test_a_browser_renders_the_summary_counts_and_runs_the_filter(scenario, tmp_path):
    assert CHROMIUM, 'no browser: `make test-browser` installs Debian\'s chromium package'
    page = os.path.join(scenario.reports['audit'], 'report.html')
    done = subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--user-data-dir=%s' % tmp_path,
                           '--dump-dom', 'file://' + page], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120, check=False)
    dom = done.stdout.decode('utf-8')
    assert done.returncode == 0, done.stderr[-2000:]
    for status, count in (('tenants', 6), ('in-sync', 4), ('would-change', 2), ('failed', 0)):
        assert '<span class="n" id="count-%s">%d</span>' % (status, count) in dom, status
    # Written by the page's script once it ran: every tenant row counted, no nested table row.
    assert '<span id="shown">6 of 6 tenants shown</span>' in dom
