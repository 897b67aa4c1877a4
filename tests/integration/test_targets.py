"""Each integration target, run through ansible-playbook against a fresh sandbox,
then replayed whole under --check.

The targets assert on module results and on the sandbox's request log
themselves; this runner resets the sandbox and checks the play passed. Then,
as theforeman.foreman's check-mode replay does, it resets the sandbox again,
runs the same target with --check and fails if any emulator received a write.
Under --check a target skips its assertions and log reads (they hold only
for real runs) but runs every module task.
"""

import re

import pytest

from support.playbooks import integration_targets, role_playbook, run_playbook

# A failure that is not a module's own fail_json: a module that raised (ansible-core
# 2.19 says "Task failed: Module failed: ...", older releases MODULE FAILURE and a
# traceback) or a task that could not run at all (an undefined variable). A task
# with ignore_errors passes over these, and none of the failures a target expects
# looks like this, so they are looked for in the output.
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
    assert_passed('target %s' % target, run_playbook(fresh_sandbox, playbook))

    fresh_sandbox.reset()
    for entries in requests_seen.values():
        del entries[:]
    replay = run_playbook(fresh_sandbox, playbook, args=['--check'])
    assert_passed('the --check replay of %s' % target, replay)
    writes = ['%s: %s %s -> %s' % (service, entry['method'], entry['path'], entry['status'])
              for service, entries in sorted(requests_seen.items())
              for entry in entries if entry['kind'] == 'write']
    if writes:
        pytest.fail('the --check replay of %s sent %d writes:\n%s\n\n%r'
                    % (target, len(writes), '\n'.join(writes), replay), pytrace=False)
    if not any(requests_seen.values()):
        pytest.fail('the --check replay of %s sent no request at all:\n%r' % (target, replay), pytrace=False)
