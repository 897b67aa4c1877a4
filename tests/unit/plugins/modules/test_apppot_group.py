"""apppot_group logic, run in-process against the AppPot emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import apppot_group
from module_harness import run_module


@pytest.fixture
def apppot(fresh_sandbox, monkeypatch):
    for key, value in fresh_sandbox.env().items():
        if key.startswith('APPPOT_'):
            monkeypatch.setenv(key, value)
    return fresh_sandbox.emulator('apppot')


def group_names(emulator):
    return sorted(group['groupName'] for group in emulator.dump_state()['groups'])


def test_create_then_rerun_is_unchanged(apppot):
    first = run_module(apppot_group, {'name': 'ops', 'description': 'd'})
    second = run_module(apppot_group, {'name': 'ops', 'description': 'd'})
    assert first.result['changed'] and not second.result['changed']
    assert second.result['group'] == first.result['group']
    assert group_names(apppot) == ['default', 'ops']


def test_check_mode_create_writes_nothing(apppot):
    result = run_module(apppot_group, {'name': 'ops'}, check_mode=True, diff=True).result
    assert result['changed']
    assert result['diff'] == {'before': {}, 'after': {'group_id': None, 'name': 'ops',
                                                      'description': None}}
    assert apppot.counts()['write'] == 0
    assert group_names(apppot) == ['default']


def test_duplicate_names_are_refused_without_a_write(apppot):
    apppot.add_group('twin', None)
    apppot.add_group('twin', None)
    outcome = run_module(apppot_group, {'name': 'twin', 'description': 'x'})
    assert outcome.failed
    assert '2 AppPot groups are named' in outcome.result['msg']
    assert apppot.counts()['write'] == 0


def test_group_id_picks_one_of_two_twins(apppot):
    apppot.add_group('twin', None)
    second = apppot.add_group('twin', None)
    outcome = run_module(apppot_group, {'name': 'twin', 'group_id': second['groupId'],
                                        'description': 'chosen'})
    assert outcome.result['changed']
    assert outcome.result['group'] == {'group_id': second['groupId'], 'name': 'twin',
                                       'description': 'chosen'}


def test_unknown_group_id_fails_for_present(apppot):
    outcome = run_module(apppot_group, {'name': 'x', 'group_id': 999})
    assert outcome.failed and 'group_id 999 does not exist' in outcome.result['msg']


def test_unknown_group_id_is_unchanged_for_absent(apppot):
    outcome = run_module(apppot_group, {'name': 'x', 'group_id': 999, 'state': 'absent'})
    assert not outcome.failed and not outcome.result['changed']


def test_name_longer_than_255_fails_before_any_request(apppot):
    outcome = run_module(apppot_group, {'name': 'n' * 256})
    assert outcome.failed and 'name must be 1 to 255' in outcome.result['msg']
    assert apppot.log == []


def test_missing_credentials_name_the_options(apppot, monkeypatch):
    for name in ('APPPOT_USERNAME', 'APPPOT_PASSWORD', 'APPPOT_APP_KEY'):
        monkeypatch.delenv(name)
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and 'token, username' in outcome.result['msg']
    assert apppot.log == []


def test_login_without_password_names_the_missing_options(apppot, monkeypatch):
    monkeypatch.delenv('APPPOT_PASSWORD')
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and 'username, password, app_key' in outcome.result['msg']
    assert apppot.log == []


def test_password_never_in_failure(apppot, monkeypatch):
    monkeypatch.setenv('APPPOT_PASSWORD', 'wrong-secret-123')
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and outcome.result['code'] == 201
    assert 'wrong-secret-123' not in outcome.stdout
