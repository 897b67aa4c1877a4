"""playbooks/tenant_setup.yml: one tenant, many tenants, check mode."""

import json
import os

import pytest
import yaml

from support.playbooks import OUTPUT, run_playbook

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
EXAMPLE = os.path.join(ROOT, 'playbooks', 'vars', 'example_tenant.yml')


def writes(sandbox):
    return dict((name, sandbox.emulator(name).counts()['write']) for name in sandbox.running)


def clear_logs(sandbox):
    for name in sandbox.running:
        sandbox.emulator(name).log = []


def only_changed(run):
    return dict((host, counts['changed']) for host, counts in run.recap().items())


def test_example_tenant_converges_and_reruns_unchanged(fresh_sandbox):
    first = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + EXAMPLE])
    assert first.returncode == 0, first
    assert only_changed(first)['localhost'] > 0
    assert all(count > 0 for count in writes(fresh_sandbox).values()), writes(fresh_sandbox)
    clear_logs(fresh_sandbox)
    second = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + EXAMPLE])
    assert second.returncode == 0, second
    assert only_changed(second) == {'localhost': 0}
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)


def test_check_diff_shows_the_plan_and_writes_nothing(fresh_sandbox):
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['--check', '--diff', '-e', '@' + EXAMPLE])
    assert run.returncode == 0, run
    assert only_changed(run)['localhost'] > 0
    assert '+    "name": "acme-staff"' in run.output
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)


def test_sections_left_out_are_skipped(fresh_sandbox):
    tenant = os.path.join(OUTPUT, 'apppot_only.yml')
    with open(tenant, 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'apppot_groups': [{'name': 'only-apppot'}]}, handle)
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + tenant])
    assert run.returncode == 0, run
    requests = dict((name, len(fresh_sandbox.emulator(name).log)) for name in fresh_sandbox.running)
    assert requests.pop('apppot') > 0
    assert set(requests.values()) == {0}, requests


@pytest.mark.parametrize('tenants', [6])
def test_many_tenants_in_one_inventory_with_forks(fresh_sandbox, tenants):
    hosts = {}
    for number in range(tenants):
        hosts['tenant%02d' % number] = {
            'apppot_groups': [{'name': 't%02d-staff' % number, 'description': 'tenant %d' % number}],
            'ncloud_users': [{'login_id': 'user%02d@t%02d.example' % (number, number)}],
        }
    inventory = os.path.join(OUTPUT, 'tenants.yml')
    with open(inventory, 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'tenants': {'hosts': hosts, 'vars': {'ansible_connection': 'local'}}}, handle)
    args = ['-i', inventory, '-e', 'tenant_hosts=tenants', '-f', '3']
    first = run_playbook(fresh_sandbox, PLAYBOOK, args)
    assert first.returncode == 0, first
    assert only_changed(first) == dict((host, 2) for host in hosts)
    clear_logs(fresh_sandbox)
    second = run_playbook(fresh_sandbox, PLAYBOOK, args)
    assert only_changed(second) == dict((host, 0) for host in hosts), second
    assert writes(fresh_sandbox)['apppot'] == 0 and writes(fresh_sandbox)['ncloud_sso'] == 0
    names = [g['groupName'] for g in fresh_sandbox.emulator('apppot').dump_state()['groups']]
    assert sorted(names) == sorted(['default'] + ['t%02d-staff' % n for n in range(tenants)])
    assert json.dumps(names).count('t00-staff') == 1
