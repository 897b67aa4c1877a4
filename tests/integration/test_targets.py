"""Each integration target, run through ansible-playbook against a fresh sandbox,
then replayed whole under --check.

The targets assert on module results and on the sandbox's request log
themselves; this runner resets the sandbox and checks the play passed. Then,
as theforeman.foreman's check-mode replay does, it resets the sandbox again,
runs the same target with --check and fails if any emulator received a write.
Under --check a target skips its assertions and log reads (they hold only
for real runs) but runs every module task.

As under `ansible-test integration` (tests/tools/ansible_test_integration.sh),
the targets get the sandbox's URLs and credentials only from the variables of
integration_config.yml: no service's credentials are in ansible-playbook's
environment, and a task that tests an environment fallback sets the
environment itself.
"""

import json
import os
import re
import stat
import subprocess
import sys
import urllib.request

import pytest
import yaml

from support.playbooks import OUTPUT, TESTS, integration_targets, recorded_results, recording_env, role_playbook, run_playbook

# A failure that is not a module's own fail_json: a module that raised (ansible-core
# 2.19 says "Task failed: Module failed: ...", older releases MODULE FAILURE and a
# traceback) or a task that could not run at all (an undefined variable). A task
# with ignore_errors passes over these, and none of the failures a target expects
# looks like this, so they are looked for in the output.
GENERATED = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\dT[0-9:.]+Z?')
LOADED_FROM = re.compile(r'File "[^"]*?/(?=ansible_collections/)')
# Targets of modules that never call a service: their --check replay is not expected to send a request.
SENDS_NO_REQUEST = ('tenant_check',)
NOT_A_MODULE_FAILURE = re.compile(r'"msg": "Task failed: |MODULE FAILURE|Traceback \(most recent call last\)')


@pytest.fixture
def requests_seen(fresh_sandbox, monkeypatch):
    """{service: [log entry]}: every request each emulator logs from now on, kept here
    as it is logged, so that a clear or reset of the log cannot hide one."""
    seen = {}
    for service in fresh_sandbox.running:
        emulator = fresh_sandbox.emulator(service)
        seen[service] = []
        monkeypatch.setattr(emulator, 'record', _kept(emulator.record, seen[service]))
    return seen


def _kept(record, entries):
    """`record`, which also appends each log entry to `entries`."""
    def kept(request, kind):
        entry = record(request, kind)
        entries.append(entry)
        return entry
    return kept


def assert_passed(what, run):
    recap = run.recap()
    if run.returncode != 0 or not recap or any(host['failed'] for host in recap.values()):
        pytest.fail('%s failed:\n%r' % (what, run), pytrace=False)
    hidden, task = [], None
    for line in run.output.splitlines():
        if line.startswith('TASK ['):
            task = line.rstrip(' *')
        elif NOT_A_MODULE_FAILURE.search(line):
            hidden.append('%s\n  %s' % (task, line.strip()))
    if hidden:
        pytest.fail('%s hid a failure that is not a module\'s own:\n%s\n\n%r'
                    % (what, '\n'.join(hidden), run), pytrace=False)


@pytest.mark.parametrize('target', integration_targets())
def test_target(fresh_sandbox, requests_seen, target):
    playbook = role_playbook(target)
    assert_passed('target %s' % target, run_playbook(fresh_sandbox, playbook, with_credentials=False))

    fresh_sandbox.reset()
    for entries in requests_seen.values():
        del entries[:]
    replay = run_playbook(fresh_sandbox, playbook, args=['--check'], with_credentials=False)
    assert_passed('the --check replay of %s' % target, replay)
    writes = ['%s: %s %s -> %s' % (service, entry['method'], entry['path'], entry['status'])
              for service, entries in sorted(requests_seen.items())
              for entry in entries if entry['kind'] == 'write']
    if writes:
        pytest.fail('the --check replay of %s sent %d writes:\n%s\n\n%r'
                    % (target, len(writes), '\n'.join(writes), replay), pytrace=False)
    if not any(requests_seen.values()) and target not in SENDS_NO_REQUEST:
        pytest.fail('the --check replay of %s sent no request at all:\n%r' % (target, replay), pytrace=False)


@pytest.mark.matrix
@pytest.mark.parametrize('target', integration_targets())
def test_target_registers_the_same_results_in_the_worker_and_the_usual_way(fresh_sandbox, target):
    """Each target, once with its modules in the worker and once on a fresh sandbox with every
    module the usual way (AnsiballZ in a new Python): every task of the collection's modules
    (normal, check mode, diff, failures) registers the same result, but for the values the
    sandbox generates. `make matrix` runs this on every ansible-core."""
    playbook = role_playbook(target)
    record = os.path.join(OUTPUT, 'target_%s.jsonl' % target)
    in_worker = run_playbook(fresh_sandbox, playbook, ['-vvv'], extra_env=recording_env(record), with_credentials=False)
    assert_passed('target %s' % target, in_worker)
    assert 'tenantkit.saas: running in the worker' in in_worker.output
    assert_same_results_the_usual_way(fresh_sandbox, playbook, recorded_results(record))


def assert_same_results_the_usual_way(sandbox, playbook, in_worker):
    sandbox.reset()
    record = os.path.join(OUTPUT, 'target_usual.jsonl')
    usual = run_playbook(sandbox, playbook, ['-vvv', '-e', 'tenantkit_modules_in_worker=false'],
                         extra_env=recording_env(record), with_credentials=False)
    assert_passed('the usual-path run of %s' % playbook, usual)
    assert 'tenantkit.saas: running in the worker' not in usual.output
    usual = recorded_results(record)
    assert [entry['task'] for entry in in_worker] == [entry['task'] for entry in usual]
    worker_generated, usual_generated = {}, {}
    for worker_entry, usual_entry in zip(in_worker, usual):
        assert worker_entry['status'] == usual_entry['status'], worker_entry['task']
        if worker_entry['action'].startswith('tenantkit.saas.'):
            assert (generated_masked(worker_entry['result'], worker_generated)
                    == generated_masked(usual_entry['result'], usual_generated)), worker_entry['task']


def frames_of(traceback_text):
    """A traceback's frames (file, line, function) without their source lines, which Python shows
    for a file in the tree but not always for one in AnsiballZ's zip."""
    if not isinstance(traceback_text, str):
        return traceback_text
    return '\n'.join(line for line in traceback_text.splitlines() if line.startswith('  File '))


def generated_masked(value, seen):
    """`value` with each id and time the sandbox generates (UUIDs, ISO times, also inside other
    text) replaced by its order of first appearance in the run: equal references still compare equal.
    A traceback's file names start at ansible_collections/: the same file, from AnsiballZ's zip or the tree."""
    if isinstance(value, dict):
        return dict((key, generated_masked(frames_of(item) if key == 'exception' else item, seen))
                    for key, item in value.items())
    if isinstance(value, list):
        return [generated_masked(item, seen) for item in value]
    if isinstance(value, str):
        value = LOADED_FROM.sub('File "', value)
        return GENERATED.sub(lambda match: '<generated %d>' % seen.setdefault(match.group(), len(seen)), value)
    return value


def sandbox_cli(command, state_dir, config):
    done = subprocess.run([sys.executable, '-m', 'sandbox', command, '--state-dir', str(state_dir),
                           '--integration-config', str(config)], cwd=TESTS, check=False, timeout=60,
                          env=dict(os.environ, PYTHONPATH=TESTS), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return done.returncode, done.stdout.decode('utf-8', 'replace')


def test_sandbox_start_writes_the_targets_variables_and_its_stop_removes_them(tmp_path):
    """`python -m sandbox start` writes the integration_config.yml that ansible-test hands the
    targets (tests/tools/ansible_test_integration.sh): the `sandbox` variable, each service's
    url, env and test data, readable by its owner only. A second sandbox leaves it alone."""
    config, first, second = tmp_path / 'integration_config.yml', tmp_path / 'first', tmp_path / 'second'
    try:
        assert sandbox_cli('start', first, config)[0] == 0
        assert stat.S_IMODE(config.stat().st_mode) == 0o600
        text = config.read_text(encoding='utf-8')
        variables = yaml.safe_load(text)
        with open(first / 'sandbox.json', encoding='utf-8') as handle:
            services = json.load(handle)['services']
        assert variables == {'sandbox': services}
        assert sorted(services) == ['apppot', 'ncloud_sso', 'security365', 'signtogether']
        exported = dict(re.findall(r"^export (\w+)='(.*)'$", (first / 'sandbox.env').read_text(encoding='utf-8'), re.M))
        merged = {}
        for name, service in services.items():
            merged.update(service['env'])
            assert set(service['test']), name
            with urllib.request.urlopen(service['url'] + '/_sandbox/counts', timeout=10) as answer:
                assert answer.status == 200, name
        assert merged == exported

        code, output = sandbox_cli('start', second, config)
        assert code == 0
        assert 'left alone' in output
        assert config.read_text(encoding='utf-8') == text
        assert sandbox_cli('stop', second, config)[0] == 0
        assert config.read_text(encoding='utf-8') == text

        assert sandbox_cli('stop', first, config)[0] == 0
        assert not config.exists()
    finally:
        sandbox_cli('stop', second, config)
        sandbox_cli('stop', first, config)
