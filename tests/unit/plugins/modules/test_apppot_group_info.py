"""apppot_group_info, run in-process against the AppPot emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import apppot_group, apppot_group_info
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


def test_sees_a_group_as_apppot_group_returned_it(apppot):
    created = run_module(apppot_group, {'name': 'ops', 'description': 'second'}).result['group']
    renamed = run_module(apppot_group, {'group_id': created['group_id'], 'name': 'ops-renamed'}).result['group']
    result = run_module(apppot_group_info, {'name': 'ops-renamed'}).result
    assert not result['changed'] and result['groups'] == [renamed]


def test_a_revoked_token_leads_to_one_login_and_the_list_is_sent_again(apppot):
    token = apppot.new_session('admin')
    apppot.control({'revoke_tokens': True})
    result = run_module(apppot_group_info, {'token': token}).result
    assert not result['changed'] and result['groups'][0]['name'] == 'default'
    assert apppot.counts()['auth'] == 2  # anonymousTokens and auth/login, once each
    # the list refused with errCode 121 (status 200, as every AppPot answer) and the list sent again
    assert [(entry['query'], entry['status']) for entry in apppot.log if entry['path'].endswith('/groups')] == \
        [({'token': '***'}, 200)] * 2


def test_a_revoked_token_with_no_way_to_log_in_fails_with_121_and_is_never_shown(apppot, monkeypatch):
    token = apppot.new_session('admin')
    apppot.control({'revoke_tokens': True})
    monkeypatch.setenv('APPPOT_USERNAME', '')
    outcome = run_module(apppot_group_info, {'token': token})
    assert outcome.failed and outcome.result['code'] == 121
    assert 'token does not exist' in outcome.result['msg']
    assert token not in outcome.stdout and apppot.counts()['auth'] == 0


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
