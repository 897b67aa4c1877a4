"""apppot_group_info, run in-process against the AppPot emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import apppot_group_info
from module_harness import run_module


@pytest.fixture
def apppot(fresh_sandbox, monkeypatch):
    for key, value in fresh_sandbox.env().items():
        if key.startswith('APPPOT_'):
            monkeypatch.setenv(key, value)
    return fresh_sandbox.emulator('apppot')


def test_lists_every_group_without_writing(apppot):
    apppot.add_group('sales', 'S')
    result = run_module(apppot_group_info, {}).result
    assert not result['changed']
    assert result['groups'] == [
        {'group_id': 1, 'name': 'default', 'description': 'seed group'},
        {'group_id': 2, 'name': 'sales', 'description': 'S'},
    ]
    assert apppot.counts()['write'] == 0


def test_name_filter_is_exact_and_keeps_duplicates(apppot):
    apppot.add_group('twin', 'a')
    apppot.add_group('twin', 'b')
    apppot.add_group('twins', 'c')
    groups = run_module(apppot_group_info, {'name': 'twin'}).result['groups']
    assert [group['description'] for group in groups] == ['a', 'b']


def test_plain_user_may_read(apppot, fresh_sandbox, monkeypatch):
    monkeypatch.setenv('APPPOT_USERNAME', 'user')
    monkeypatch.setenv('APPPOT_PASSWORD', fresh_sandbox.extra['apppot']['test']['user_password'])
    outcome = run_module(apppot_group_info, {})
    assert not outcome.failed and outcome.result['groups'][0]['name'] == 'default'


def test_check_mode_reads_the_same(apppot):
    assert run_module(apppot_group_info, {}, check_mode=True).result['groups'][0]['group_id'] == 1
