"""The tenantkit.saas.tenant_report callback as Ansible loads it (run_callback.py, in a process
of its own), fed task results with no playbook; and its documentation through ansible-doc."""

import json
import os
import subprocess
import sys

TESTS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'run_callback.py')
COLLECTIONS = os.path.join(TESTS, 'output', 'collections')
HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
FIVE_MB = 5 * 1024 * 1024


def drive(cwd, args, report_dir='tenant-report'):
    env = dict(os.environ, TENANTKIT_REPORT_DIR=report_dir, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    done = subprocess.run([sys.executable, DRIVER] + args, cwd=str(cwd), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode('utf-8', 'replace')
    return json.loads(done.stdout.decode('utf-8').splitlines()[-1])


def write_events(path, events):
    with open(str(path), 'w', encoding='utf-8') as handle:
        for event in events:
            handle.write(json.dumps(event) + '\n')
    return str(path)


def read(directory):
    pages = {}
    for name in ('report.json', 'report.md', 'report.html'):
        with open(os.path.join(str(directory), name), encoding='utf-8') as handle:
            pages[name] = handle.read()
    return pages


def test_a_relative_report_dir_is_taken_from_the_run_directory_and_the_output_ends_with_one_line(tmp_path):
    events = write_events(tmp_path / 'events.jsonl', [
        {'host': 'acme', 'action': 'tenantkit.saas.apppot_group', 'result': {
            'changed': True, 'group': {'group_id': 3, 'name': 'acme-staff', 'description': 'staff'}}},
        {'host': 'acme', 'action': 'ansible.builtin.debug', 'result': {'msg': 'not a tenant task'}},
        {'host': 'globex', 'action': 'tenantkit.saas.security365_app', 'result': {
            'changed': False, 'client_id': 'c-1'}}])
    run = drive(tmp_path, ['--results', events], report_dir='reports/today')
    directory = tmp_path / 'reports' / 'today'
    assert run['output'] == ['tenant report: 2 tenants, 1 in sync, 1 changed, 0 failed: %s' % (
        directory / 'report.html')]
    report = json.loads(read(directory)['report.json'])
    assert [(tenant['host'], tenant['status']) for tenant in report['tenants']] == [
        ('acme', 'changed'), ('globex', 'in sync')]
    assert report['run']['playbooks'] == ['tenant_setup.yml']
    assert report['run']['max_changes'] == 10


def test_only_the_collection_modules_and_failed_hosts_make_tenants(tmp_path):
    events = write_events(tmp_path / 'events.jsonl', [
        {'host': 'web1', 'action': 'ansible.builtin.ping', 'result': {'ping': 'pong'}},
        {'host': 'web2', 'action': 'ansible.builtin.command', 'failed': True, 'ignore_errors': True,
         'result': {'msg': 'ignored'}},
        {'host': 'typo', 'action': 'ansible.builtin.fail', 'failed': True,
         'result': {'msg': 'tenant typo: Validation of arguments failed'}},
        {'host': 'gone', 'action': 'tenantkit.saas.apppot_group', 'unreachable': True,
         'result': {'msg': 'Failed to connect'}},
        {'failed_hosts': ['typo', 'gone', 'web2']}])
    drive(tmp_path, ['--results', events], report_dir='r')
    report = json.loads(read(tmp_path / 'r')['report.json'])
    assert [(tenant['host'], tenant['status'], tenant['message'] or tenant['services'][0]['message'])
            for tenant in report['tenants']] == [
        ('gone', 'failed', 'Failed to connect'), ('typo', 'failed', 'tenant typo: Validation of arguments failed')]


def test_no_secret_reaches_the_files_through_the_callback(tmp_path):
    secrets = ['S3cr3t-%d-value' % number for number in range(5)]
    events = write_events(tmp_path / 'events.jsonl', [
        {'host': 'acme', 'action': 'tenantkit.saas.security365_app', 'result': {
            'changed': True, 'client_id': 'cid', 'client_secret': secrets[0],
            'diff': {'before': {}, 'after': {'client_id': 'cid', 'client_secret': secrets[0]}},
            'invocation': {'module_args': {'token': secrets[1], 'company_id': secrets[2]}}}},
        {'host': 'acme', 'action': 'tenantkit.saas.signtogether_group', 'check': True, 'result': {
            'changed': True, 'results': [{'changed': True, 'group': {'name': 'acme'}, 'diff': {
                'before': {}, 'after': {'name': 'acme', 'admin_user': {'login_id': 'a', 'password': secrets[3]}}},
                'invocation': {'module_args': {'api_key': HIDDEN}}}]}},
        {'host': 'acme', 'action': 'tenantkit.saas.apppot_group', 'failed': True, 'result': {
            'censored': 'hidden', '_ansible_no_log': True, 'msg': secrets[4]}}])
    drive(tmp_path, ['--results', events, '--check', '--diff'], report_dir='r')
    pages = read(tmp_path / 'r')
    for name, page in pages.items():
        for secret in secrets + [HIDDEN]:
            assert secret not in page, (name, secret)
    assert '"admin_user.login_id":"a"' in pages['report.json']


def test_a_thousand_tenants_on_four_services_make_a_page_under_5_mb(tmp_path):
    run = drive(tmp_path, ['--tenants', '1000', '--users', '200', '--diff'], report_dir='r')
    assert run['sizes']['report.html'] < FIVE_MB, run['sizes']
    assert run['output'] == ['tenant report: 1000 tenants, 0 in sync, 980 changed, 20 failed: %s' % (
        tmp_path / 'r' / 'report.html')]
    report = json.loads(read(tmp_path / 'r')['report.json'])
    assert report['services']['ncloud'] == {'failed': 0, 'changed': 1000, 'would change': 0, 'in sync': 0}
    bulk = [row for row in report['tenants'][0]['services'] if row['service'] == 'ncloud'][0]
    assert (len(bulk['changes']), bulk['changes_total'], bulk['counts']['created']) == (10, 200, 200)


def test_ansible_doc_documents_the_callback_and_its_options():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), '-t', 'callback', '--json',
                           'tenantkit.saas.tenant_report'], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)['tenantkit.saas.tenant_report']['doc']
    assert doc['type'] == 'aggregate'
    assert doc['options']['report_dir']['env'] == [{'name': 'TENANTKIT_REPORT_DIR'}]
    assert doc['options']['report_dir']['ini'] == [{'section': 'callback_tenant_report', 'key': 'report_dir'}]
    assert doc['options']['max_changes']['default'] == 10
