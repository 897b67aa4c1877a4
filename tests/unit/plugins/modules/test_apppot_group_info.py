"""apppot_group_info, run in-process against the AppPot emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import apppot_group_info
from support.modules import run_module


@pytest.fixture
def apppot(service_env):
    return service_env('apppot')


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


def test_lists_what_the_server_lists_tied_or_all(apppot):
    apppot.add_group('tied', None)
    apppot.add_group('loose', None, tied=False)
    tied_only = run_module(apppot_group_info, {}).result['groups']
    apppot.control({'list_all_groups': True})
    every = run_module(apppot_group_info, {}).result['groups']
    assert [group['name'] for group in tied_only] == ['default', 'tied']
    assert [group['name'] for group in every] == ['default', 'tied', 'loose']


def test_token_travels_in_the_query_of_the_list(apppot):
    run_module(apppot_group_info, {})
    [listed] = [entry for entry in apppot.log if entry['path'].endswith('/groups')]
    assert listed['method'] == 'GET' and listed['query'] == {'token': '***'} and listed['status'] == 200


@pytest.mark.parametrize('body, what', [
    ({'status': 'OK', 'errCode': 0, 'description': None, 'groups': None}, 'groups is null, expected a list'),
    ({'status': 'OK', 'errCode': 0, 'description': None}, 'groups is missing, expected a list'),
])
def test_a_wrong_group_list_fails_and_is_never_read_as_empty(apppot, body, what):
    apppot.faults.add([{'method': 'GET', 'path': r'/groups$', 'body': body}])
    outcome = run_module(apppot_group_info, {})
    assert outcome.failed and 'groups' not in outcome.result
    assert outcome.result['msg'].startswith('AppPot answered with a wrong shape: %s;' % what)
