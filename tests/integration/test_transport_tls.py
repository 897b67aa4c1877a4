"""Transport over TLS, through ansible-playbook against a sandbox served over HTTPS
with a self-signed certificate: verification is on by default and fails clearly,
validate_certs: false connects, and a hung service fails the read once, unretried.
"""

import json
import os
import time
import warnings

import certifi
import pytest
import requests

from support.playbooks import OUTPUT, run_playbook
from sandbox.registry import Sandbox

TLS_FAILURE = ('cannot connect to 127.0.0.1:', '(TLS certificate verification failed): set ca_path to trust a '
               'private CA, or validate_certs: false only for a server you trust')
# The module's timeout and the emulator's hang; the hang outlasts the timeout.
TIMEOUT = 1
HANG = 3
# requests lets these override a session's verify=False unless verify is passed per call; empty means unset.
CLEAN_CA_ENV = {'REQUESTS_CA_BUNDLE': '', 'CURL_CA_BUNDLE': ''}
CA_BUNDLE_ENV = {'REQUESTS_CA_BUNDLE': certifi.where(), 'CURL_CA_BUNDLE': ''}
# service -> (module, options that reach the service)
CALLS = {
    'apppot': ('apppot_group', {'name': 'tls-check'}),
    'signtogether': ('signtogether_group_info', {}),
    'ncloud_sso': ('ncloud_user_info', {}),
    'security365': ('security365_app_info', {}),
}


@pytest.fixture(scope='module')
def tls_box():
    box = Sandbox(tls=True)
    yield box
    box.stop()


@pytest.fixture
def tls_sandbox(tls_box):
    tls_box.reset()
    return tls_box


def write_playbook(name, tasks):
    """A playbook running `tasks` on localhost (written as JSON, which YAML reads)."""
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, name + '.yml')
    play = {'name': name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
            'tasks': tasks}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump([play], handle, indent=2)
    return path


def module_task(service, register, extra, task_vars=None):
    module, options = CALLS[service]
    task = {'name': 'Call %s' % module, 'tenantkit.saas.' + module: dict(options, **extra),
            'register': register, 'ignore_errors': True}
    if task_vars:
        task['vars'] = task_vars
    return task


def assert_task(name, conditions):
    return {'name': name, 'ansible.builtin.assert': {'that': conditions}}


def passed(run):
    recap = run.recap()
    return run.returncode == 0 and recap and not any(host['failed'] for host in recap.values())


def test_verification_is_on_by_default_and_fails_clearly(tls_sandbox):
    tasks = [module_task(service, service + '_result', {}) for service in CALLS]
    tasks += [assert_task('%s refused the self-signed certificate' % service, [
        '%s_result is failed' % service,
        "'%s' in %s_result.msg" % (TLS_FAILURE[0], service),
        "'%s' in %s_result.msg" % (TLS_FAILURE[1], service),
        "'Traceback' not in %s_result.msg" % service,
    ]) for service in CALLS]
    run = run_playbook(tls_sandbox, write_playbook('tls_verify_default', tasks))
    assert passed(run), run
    assert run.recap()['localhost']['ok'] == len(CALLS) * 2, run
    # The handshake failed, so no request reached any service.
    for service in CALLS:
        assert tls_sandbox.emulator(service).log == [], service


@pytest.mark.parametrize('ca_env', [
    pytest.param(CLEAN_CA_ENV, id='no-ca-bundle-env'),
    pytest.param(CA_BUNDLE_ENV, id='requests-ca-bundle-env'),
])
def test_validate_certs_false_connects(tls_sandbox, ca_env):
    tasks = [module_task(service, service + '_result', {'validate_certs': False}) for service in CALLS]
    tasks += [assert_task('%s answered over TLS' % service, ['%s_result is succeeded' % service])
              for service in CALLS]
    tasks.append(assert_task('The AppPot group was created',
                             ['apppot_result is changed', "apppot_result.group.name == 'tls-check'"]))
    run = run_playbook(tls_sandbox, write_playbook('tls_validate_certs_false', tasks), extra_env=ca_env)
    assert passed(run), run
    for service in CALLS:
        assert tls_sandbox.emulator(service).counts()['read'] >= 1, service
    groups = [group['groupName'] for group in tls_sandbox.emulator('apppot').dump_state()['groups']]
    assert 'tls-check' in groups


@pytest.mark.parametrize('how', ['option', 'environment', 'relative-option-in-worker', 'relative-option-usual-path'])
def test_ca_path_trusts_the_services_certificate(tls_sandbox, how):
    """A relative ca_path is relative to the playbook's directory, as for any module Ansible runs
    over the local connection, whichever path the module takes; ansible-playbook starts elsewhere."""
    os.makedirs(OUTPUT, exist_ok=True)
    ca_path = os.path.join(OUTPUT, 'sandbox-ca.pem')
    with open(ca_path, 'wb') as handle:
        handle.write(tls_sandbox.ca_pem)
    if how.startswith('relative'):
        ca_path = os.path.basename(ca_path)
    extra = {} if how == 'environment' else {'ca_path': ca_path}
    task_vars = {'tenantkit_modules_in_worker': False} if how.endswith('usual-path') else None
    env = dict(CLEAN_CA_ENV, **({} if how == 'option' else dict(
        (prefix + '_CA_PATH', ca_path) for prefix in ('APPPOT', 'SIGNTOGETHER', 'NCLOUD', 'SECURITY365'))))
    tasks = [module_task(service, service + '_result', extra, task_vars) for service in CALLS]
    tasks += [assert_task('%s answered over verified TLS' % service, ['%s_result is succeeded' % service])
              for service in CALLS]
    run = run_playbook(tls_sandbox, write_playbook('tls_ca_path_' + how, tasks), ['-vvv'], extra_env=env,
                       cwd=os.path.dirname(OUTPUT))
    path = 'usual path' if how.endswith('usual-path') else 'running in the worker'
    assert run.output.count('tenantkit.saas: ' + path) == len(CALLS), run
    assert passed(run), run
    for service in CALLS:
        assert tls_sandbox.emulator(service).counts()['read'] >= 1, service


def post_fault(url, rule):
    with warnings.catch_warnings():
        # The sandbox's own certificate is self-signed; this control call trusts it knowingly.
        warnings.simplefilter('ignore')
        answer = requests.post(url + '/_sandbox/faults', json=rule, verify=False, timeout=10)
    answer.raise_for_status()


def test_hung_read_fails_after_timeout_without_retry(tls_sandbox):
    post_fault(tls_sandbox.url('apppot'), {'delay': HANG, 'times': -1})
    tasks = [module_task('apppot', 'hung', {'validate_certs': False, 'timeout': TIMEOUT})]
    tasks.append(assert_task('The hung read failed on the timeout', [
        'hung is failed',
        "'no answer within %d seconds' in hung.msg" % TIMEOUT,
        "'Traceback' not in hung.msg",
    ]))
    run = run_playbook(tls_sandbox, write_playbook('tls_hung_read', tasks), extra_env=CLEAN_CA_ENV)
    assert passed(run), run
    emulator = tls_sandbox.emulator('apppot')
    # The emulator logs requests as they arrive; waiting out the hang leaves none in flight.
    time.sleep(HANG + 0.5)
    # The first call, a GET of an anonymous token, hung; it was sent once and nothing followed.
    log = [(entry['method'], entry['path'].rsplit('/', 1)[-1]) for entry in emulator.log]
    assert log == [('GET', 'anonymousTokens')], emulator.log
