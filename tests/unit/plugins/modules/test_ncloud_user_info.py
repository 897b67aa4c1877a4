"""ncloud_user_info, run in-process against the Ncloud SSO emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_user_info
from support.modules import run_module


@pytest.fixture
def sso(service_env):
    emulator = service_env('ncloud_sso')
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


def test_malformed_login_ids_fail_before_any_request_naming_each(sso):
    long_id = 'x' * 49 + '@example.com'
    outcome = run_module(ncloud_user_info, {'login_ids': ['user001@example.com', 'not-an-email', long_id]})
    msg = outcome.result['msg']
    assert outcome.failed and msg.startswith('2 problems in login_ids, nothing was sent')
    assert 'login_ids[1] (not-an-email): login_id must be an email address' in msg
    assert 'login_ids[2] (%s): login_id must be an email address of 3 to 60 characters, not 61' % long_id in msg
    assert sso.log == []


def test_a_partial_search_word_is_not_a_login_id_and_is_not_checked(sso):
    result = run_module(ncloud_user_info, {'search_column': 'loginId', 'search_word': 'user00'}).result
    assert len(result['users']) == 10


def test_a_list_answered_200_with_an_error_envelope_is_an_error_not_an_empty_directory(sso):
    sso.faults.add([{'method': 'GET', 'body': {'error': {'errorCode': '900', 'message': 'Unexpected Error'}}}])
    outcome = run_module(ncloud_user_info, {})
    assert outcome.failed and 'users' not in outcome.result
    assert outcome.result['msg'] == (
        'Ncloud SSO answered with a wrong shape: an error (Unexpected Error) where a result was expected; '
        'nothing was written after it (GET /api/v1/users?page=0&size=100, HTTP 200, code 900)')
    assert outcome.result['code'] == '900' and outcome.result['status'] == 200


def test_a_second_page_of_the_wrong_shape_fails_naming_that_page(sso):
    sso.faults.add([{'method': 'GET'}, {'method': 'GET', 'body': {'page': 1, 'totalPages': 2, 'totalItems': 150,
                                                                  'items': [{'userId': 'u', 'loginId': None}]}}])
    outcome = run_module(ncloud_user_info, {})
    assert outcome.failed and 'items[0].loginId is null, expected a string' in outcome.result['msg']
    assert 'GET /api/v1/users?page=1&size=100' in outcome.result['msg']


def test_a_stale_timestamp_fails_the_task_with_the_gateways_reason(sso):
    # The server clock six minutes ahead: the module's timestamp is outside the window.
    sso.control({'clock_offset_ms': 360000})
    outcome = run_module(ncloud_user_info, {})
    assert outcome.failed and outcome.result['status'] == 401 and outcome.result['code'] == '200'
    assert '5 minute window' in outcome.result['msg'] and 'users' not in outcome.result
