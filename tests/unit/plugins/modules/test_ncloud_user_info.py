"""ncloud_user_info, run in-process against the Ncloud SSO emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_user_info
from module_harness import run_module


@pytest.fixture
def sso(fresh_sandbox, monkeypatch):
    for key, value in fresh_sandbox.env().items():
        if key.startswith('NCLOUD_'):
            monkeypatch.setenv(key, value)
    emulator = fresh_sandbox.emulator('ncloud_sso')
    rules = {'consoleAccessAllowed': True, 'apiAccessAllowed': False}
    emulator.control({'add_users': [{'loginId': 'user%03d@example.com' % i, 'accessRules': rules,
                                     'userProfile': {'deptName': '영업부'}} for i in range(150)]})
    emulator.log = []
    return emulator


def test_all_users_across_pages_oldest_first(sso):
    result = run_module(ncloud_user_info, {}).result
    assert not result['changed'] and len(result['users']) == 150
    assert result['users'][0]['login_id'] == 'user000@example.com'
    assert result['users'][0]['user_profile']['dept_name'] == '영업부'
    assert result['users'][0]['access_rules'] == {'console_access_allowed': True, 'api_access_allowed': False}
    assert sso.counts()['read'] == 2


def test_login_ids_in_the_order_asked_missing_ones_left_out(sso):
    result = run_module(ncloud_user_info, {'login_ids': ['user149@example.com', 'ghost@example.com',
                                                         'user001@example.com']}).result
    assert [user['login_id'] for user in result['users']] == ['user149@example.com', 'user001@example.com']
    assert sso.counts()['read'] == 2


def test_search_returns_partial_matches_as_the_service_does(sso):
    result = run_module(ncloud_user_info, {'search_column': 'loginId', 'search_word': 'user14'}).result
    assert len(result['users']) == 10


def test_search_column_needs_a_search_word(sso):
    outcome = run_module(ncloud_user_info, {'search_column': 'loginId'})
    assert outcome.failed and 'search_column, search_word' in outcome.result['msg']
    assert sso.log == []


def test_check_mode_reads_the_same(sso):
    outcome = run_module(ncloud_user_info, {'login_ids': ['user002@example.com']}, check_mode=True)
    assert [user['login_id'] for user in outcome.result['users']] == ['user002@example.com']
