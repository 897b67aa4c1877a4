"""Runs of one tenant that overlap, against the sandbox with 0.2 s of latency
per request: two ansible-playbook processes, and one with forks=10 over ten
hosts of the same tenant. Every run reports success, the services hold each
object exactly once, and a later run writes nothing."""

import os
import subprocess

import pytest

from support.playbooks import BIN, OUTPUT, PlaybookRun, ansible_env, write_config

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'files', 'overlap', 'tenant.yml')
SERVICES = ('apppot', 'signtogether', 'ncloud_sso', 'security365')
LATENCY = 0.2


def start(sandbox, hosts, forks):
    inventory = os.path.join(OUTPUT, 'racers_%d.ini' % hosts)
    with open(inventory, 'w', encoding='utf-8') as handle:
        handle.write('[racers]\n' + ''.join('racer%d\n' % index for index in range(hosts)))
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', inventory, '-f', str(forks), PLAYBOOK]
    process = subprocess.Popen(command, env=ansible_env(sandbox), cwd=OUTPUT,  # pylint: disable=consider-using-with
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return command, process


def finish(started):
    command, process = started
    output, dummy = process.communicate(timeout=600)
    return PlaybookRun(command, process.returncode, output.decode('utf-8', 'replace'))


def held(sandbox):
    """How many of each wanted object the services hold."""
    state = dict((name, sandbox.emulator(name).dump_state()) for name in SERVICES)
    users = [user['loginId'] for user in state['ncloud_sso']['users'] if user['loginId'].endswith('@race.example')]
    return {'apppot': len([g for g in state['apppot']['groups'] if g['groupName'] == 'race']),
            'signtogether': len([g for g in state['signtogether']['groups'] if g['groupName'] == 'race-tenant']),
            'ncloud users': len(users), 'ncloud distinct': len(set(users)),
            'security365': len(state['security365']['apps'])}


def assert_all_passed(runs):
    for run in runs:
        recap = run.recap()
        assert run.returncode == 0 and recap and not any(host['failed'] for host in recap.values()), run


def writes(sandbox):
    return dict((name, [entry['path'] for entry in sandbox.emulator(name).log if entry['kind'] == 'write'])
                for name in SERVICES)


@pytest.mark.parametrize('processes, hosts, forks', [(2, 1, 1), (1, 10, 10)],
                         ids=['two processes', 'forks=10'])
def test_overlapping_runs_leave_one_of_each_object(fresh_sandbox, processes, hosts, forks):
    write_config(fresh_sandbox)
    for name in SERVICES:
        fresh_sandbox.emulator(name).faults.add([{'delay': LATENCY, 'times': -1}])
    runs = [finish(started) for started in [start(fresh_sandbox, hosts, forks) for dummy in range(processes)]]
    assert_all_passed(runs)
    expected = {'apppot': 1, 'signtogether': 1, 'ncloud users': 5, 'ncloud distinct': 5, 'security365': 1}
    assert held(fresh_sandbox) == expected
    for name in SERVICES:
        fresh_sandbox.emulator(name).log.clear()
    again = finish(start(fresh_sandbox, 1, 1))
    assert_all_passed([again])
    assert again.recap()['racer0']['changed'] == 0
    assert writes(fresh_sandbox) == dict((name, []) for name in SERVICES)
    assert held(fresh_sandbox) == expected
