"""AppPotClient against the AppPot emulator: login, errCodes, token handling, answer shapes."""

import pytest
import requests

from ansible_collections.tenantkit.saas.plugins.module_utils.apppot import AppPotClient
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport

GROUPS = r'/groups$'


@pytest.fixture
def apppot(fresh_sandbox):
    return fresh_sandbox.emulator('apppot'), fresh_sandbox.env()


def client_for(env, version=None, **overrides):
    options = dict(username=env['APPPOT_USERNAME'], password=env['APPPOT_PASSWORD'],
                   app_key=env['APPPOT_APP_KEY'])
    options.update(overrides)
    transport = HttpTransport(env['APPPOT_BASE_URL'], timeout=5)
    return AppPotClient(transport, env['APPPOT_COMPANY_ID'], env['APPPOT_APP_ID'],
                        version or env['APPPOT_APP_VERSION'], **options)


def groups_url(env):
    return '%s/api/%s/%s/%s/groups' % (env['APPPOT_BASE_URL'], env['APPPOT_COMPANY_ID'],
                                       env['APPPOT_APP_ID'], env['APPPOT_APP_VERSION'])


def refused(body_code, description='refused'):
    return {'status': 'error', 'errCode': body_code, 'description': description}


def auth_calls(emulator):
    return [entry['path'].rsplit('/', 1)[-1] for entry in emulator.log if entry['kind'] == 'auth']


def test_logs_in_once_for_many_calls(apppot):
    emulator, env = apppot
    client = client_for(env)
    client.create_group('a', None)
    client.list_groups()
    assert auth_calls(emulator) == ['anonymousTokens', 'login']


@pytest.mark.parametrize('version', ['1.0.0', '1_0_0'])
def test_both_version_spellings_reach_the_app(apppot, version):
    dummy, env = apppot
    assert [g['name'] for g in client_for(env, version).list_groups()] == ['default']


# Vendor errCodes (contract, correction 2) -------------------------------------------------

def test_unknown_app_key_is_errcode_105_and_names_what_to_check(apppot):
    dummy, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env, app_key='nope').list_groups()
    assert caught.value.code == 105 and caught.value.status == 200
    assert 'unknown appKey' in str(caught.value) and 'check app_key' in str(caught.value)


def test_unknown_app_in_the_path_is_errcode_105_in_an_http_200_answer(apppot):
    emulator, env = apppot
    token = emulator.new_session('admin')
    with pytest.raises(ApiError) as caught:
        client_for(env, version='9.9.9', token=token, username=None).list_groups()
    assert caught.value.code == 105 and caught.value.status == 200
    assert 'unknown company, app or version' in str(caught.value)


def test_unknown_user_is_errcode_110_and_says_check_username(apppot):
    emulator, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env, username='nobody').list_groups()
    message = str(caught.value)
    assert caught.value.code == 110 and 'user does not exist' in message
    assert 'check username' in message and 'password' not in message
    assert auth_calls(emulator) == ['anonymousTokens', 'login']  # no second login after 110


def test_wrong_password_is_errcode_111_and_says_check_username_and_password(apppot):
    emulator, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env, password='Wrong-secret-42').list_groups()
    message = str(caught.value)
    assert caught.value.code == 111 and 'check username and password' in message
    assert 'Wrong-secret-42' not in message and env['APPPOT_PASSWORD'] not in message
    assert auth_calls(emulator) == ['anonymousTokens', 'login']


def test_expired_given_token_without_login_fails_with_120(apppot):
    emulator, env = apppot
    token = emulator.new_session('admin')
    emulator.control({'expire_tokens': True})
    with pytest.raises(ApiError) as caught:
        client_for(env, token=token, username=None).list_groups()
    assert caught.value.code == 120 and 'token expired' in str(caught.value)
    assert token not in str(caught.value)


def test_unknown_given_token_without_login_fails_with_121(apppot):
    emulator, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env, token='user-not-issued', username=None).list_groups()
    assert caught.value.code == 121 and 'token does not exist' in str(caught.value)
    assert emulator.counts()['auth'] == 0


@pytest.mark.parametrize('switch, code', [('expire_tokens', 120), ('revoke_tokens', 121)])
def test_logs_in_again_once_after_120_or_121(apppot, switch, code):
    emulator, env = apppot
    token = emulator.new_session('admin')
    emulator.control({switch: True})
    client = client_for(env, token=token)
    assert client.create_group('after-%d' % code, None)['name'] == 'after-%d' % code
    assert auth_calls(emulator) == ['anonymousTokens', 'login']
    assert [entry['status'] for entry in emulator.log if entry['kind'] == 'write'] == [200, 200]


def test_logs_in_again_only_once_per_run(apppot):
    emulator, env = apppot
    client = client_for(env, token='user-not-issued')
    emulator.faults.add([{'method': 'GET', 'path': GROUPS, 'body': refused(121), 'times': 2}])
    with pytest.raises(ApiError) as caught:
        client.list_groups()
    assert caught.value.code == 121
    assert auth_calls(emulator) == ['anonymousTokens', 'login']


@pytest.mark.parametrize('code', [105, 110, 111, 403, 904])
def test_no_second_login_after_any_other_code(apppot, code):
    emulator, env = apppot
    client = client_for(env, token=emulator.new_session('admin'))
    emulator.faults.add([{'method': 'GET', 'path': GROUPS, 'body': refused(code, 'vendor text %d' % code)}])
    with pytest.raises(ApiError) as caught:
        client.list_groups()
    assert caught.value.code == code and 'vendor text %d' % code in str(caught.value)
    assert emulator.counts()['auth'] == 0


# Codes the vendor does not publish: the sandbox's own, shown verbatim.

def test_delete_of_unknown_group_is_the_sandbox_errcode_904(apppot):
    dummy, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env).delete_group(999)
    assert (caught.value.code, caught.value.status) == (904, 200)
    assert 'group not found: 999' in str(caught.value)


def test_empty_group_name_is_the_sandbox_errcode_900(apppot):
    dummy, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env).create_group('', None)
    assert caught.value.code == 900 and 'groupName is required' in str(caught.value)


def test_plain_user_may_read_but_not_write_errcode_903(apppot, fresh_sandbox):
    emulator, env = apppot
    user = client_for(env, username='user',
                      password=fresh_sandbox.extra['apppot']['test']['user_password'])
    assert user.list_groups()
    with pytest.raises(ApiError) as caught:
        user.create_group('x', None)
    assert caught.value.code == 903 and 'permission denied' in str(caught.value)
    assert auth_calls(emulator) == ['anonymousTokens', 'login']  # 903 is no reason to log in again


def test_error_status_with_errcode_zero_is_still_an_error(apppot):
    emulator, env = apppot
    emulator.faults.add([{'method': 'GET', 'path': GROUPS, 'body': refused(0, 'odd'), 'times': -1}])
    with pytest.raises(ApiError) as caught:
        client_for(env).list_groups()
    assert 'AppPot refused the request: odd' in str(caught.value)


def test_login_body_accepts_authinfor_spelling(apppot, monkeypatch):
    dummy, env = apppot
    client = client_for(env)
    real_request = client.transport.request

    def old_server(method, path, **kwargs):
        answer = real_request(method, path, **kwargs)
        if path.endswith('/auth/login'):
            answer['authInfor'] = answer.pop('authInfo')
        return answer
    monkeypatch.setattr(client.transport, 'request', old_server)
    assert client.list_groups()


# The token on GET and DELETE (contract, correction 1) ---------------------------------------

def test_token_goes_in_the_query_of_get_and_delete_and_in_the_header_of_every_call(apppot, monkeypatch):
    emulator, env = apppot
    client = client_for(env)
    sent = []
    real_request = client.transport.request

    def spy(method, path, params=None, headers=None, **kwargs):
        sent.append((method, path.rsplit('/api/', 1)[-1], dict(params or {}), dict(headers or {})))
        return real_request(method, path, params=params, headers=headers, **kwargs)
    monkeypatch.setattr(client.transport, 'request', spy)
    group = client.create_group('q', None)
    client.update_group(group['group_id'], 'q2', None)
    client.list_groups()
    client.delete_group(group['group_id'])
    user_calls = [call for call in sent if 'groups' in call[1]]
    token = client._token
    assert [(method, params) for method, dummy, params, dummy in user_calls] == [
        ('POST', {}), ('PUT', {}), ('GET', {'token': token}), ('DELETE', {'token': token})]
    assert all(headers == {'apppot-token': token} for dummy, dummy, dummy, headers in user_calls)
    logged = [(entry['method'], entry['query'], entry['status']) for entry in emulator.log
              if entry['kind'] != 'auth']
    assert logged == [('POST', {}, 200), ('PUT', {}, 200), ('GET', {'token': '***'}, 200),
                      ('DELETE', {'token': '***'}, 200)]
    assert emulator.dump_state()['groups'] == [{'groupId': 1, 'groupName': 'default', 'description': 'seed group'}]


@pytest.mark.parametrize('method', ['GET', 'DELETE'])
def test_emulator_refuses_get_and_delete_without_the_query_token(apppot, method):
    emulator, env = apppot
    token = emulator.new_session('admin')
    url = groups_url(env) + ('/1' if method == 'DELETE' else '')
    answer = requests.request(method, url, headers={'apppot-token': token}, timeout=5).json()
    assert (answer['status'], answer['errCode']) == ('error', 121)
    assert requests.request(method, url, params={'token': token}, timeout=5).json()['errCode'] == 0


def test_emulator_takes_the_token_of_post_from_the_header_only(apppot):
    emulator, env = apppot
    token = emulator.new_session('admin')
    answer = requests.post(groups_url(env) + '?token=' + token, json={'groupName': 'x'}, timeout=5).json()
    assert answer['errCode'] == 121
    assert emulator.log[-1]['query'] == {'token': '***'}


# Group lists tied to the app (contract, correction 3) -------------------------------------------

def test_emulator_lists_only_groups_tied_to_the_app_unless_switched(apppot):
    emulator, env = apppot
    client = client_for(env)
    client.create_group('tied', None, add_to_current_app=True)
    client.create_group('loose', None, add_to_current_app=False)
    emulator.control({'add_groups': [{'groupName': 'added'},
                                     {'groupName': 'added-loose', 'isAddCurrentApp': False}]})
    assert [g['name'] for g in client.list_groups()] == ['default', 'tied', 'added']
    emulator.control({'list_all_groups': True})
    assert [g['name'] for g in client.list_groups()] == ['default', 'tied', 'loose', 'added', 'added-loose']
    assert len(emulator.dump_state()['groups']) == 5


def test_emulator_reads_a_create_without_isaddcurrentapp_as_not_tied(apppot):
    emulator, env = apppot
    token = emulator.new_session('admin')
    answer = requests.post(groups_url(env), json={'groupName': 'plain'},
                           headers={'apppot-token': token}, timeout=5).json()
    assert answer['errCode'] == 0
    assert answer['group']['groupId'] not in emulator.dump_state()['app_group_ids']


# Answers of the wrong shape (issue 12) ------------------------------------------------------------

OK_ENVELOPE = {'status': 'OK', 'errCode': 0, 'description': None}
LIST_SHAPES = {
    'groups null': (dict(OK_ENVELOPE, groups=None), 'groups is null, expected a list'),
    'groups missing': (dict(OK_ENVELOPE), 'groups is missing, expected a list'),
    'groups an object': (dict(OK_ENVELOPE, groups={'groupId': 1}), 'groups is an object, expected a list'),
    'group not an object': (dict(OK_ENVELOPE, groups=['default']), 'groups[0] is a string, expected an object'),
    'groupId a string': (dict(OK_ENVELOPE, groups=[{'groupId': '1', 'groupName': 'default'}]),
                         'groups[0].groupId is a string, expected an integer'),
    'groupId missing': (dict(OK_ENVELOPE, groups=[{'groupName': 'default'}]),
                        'groups[0].groupId is missing, expected an integer'),
    'groupName null': (dict(OK_ENVELOPE, groups=[{'groupId': 1, 'groupName': None}]),
                       'groups[0].groupName is null, expected a string'),
    'description a number': (dict(OK_ENVELOPE, groups=[{'groupId': 1, 'groupName': 'a', 'description': 5}]),
                             'groups[0].description is a number, expected a string'),
    'errCode a string': (dict(OK_ENVELOPE, errCode='0', groups=[]), 'errCode is a string, expected an integer'),
    'status missing': ({'errCode': 0, 'groups': []}, 'status is missing, expected a string'),
    'body a list': ([], 'body is a list, expected an object'),
}


@pytest.mark.parametrize('case', sorted(LIST_SHAPES))
def test_a_group_list_of_the_wrong_shape_fails_naming_the_call(apppot, case):
    emulator, env = apppot
    body, what = LIST_SHAPES[case]
    emulator.faults.add([{'method': 'GET', 'path': GROUPS, 'body': body}])
    with pytest.raises(ApiError) as caught:
        client_for(env).list_groups()
    message = str(caught.value)
    assert message.startswith('AppPot answered with a wrong shape: %s;' % what), message
    assert 'GET /api/1/tenantapp/1.0.0/groups' in message
    assert 'nothing was written after it' in message
    assert emulator.counts()['write'] == 0


WRITE_SHAPES = {
    'group missing': (dict(OK_ENVELOPE), 'group is missing, expected an object'),
    'group null': (dict(OK_ENVELOPE, group=None), 'group is null, expected an object'),
    'groupId null': (dict(OK_ENVELOPE, group={'groupId': None, 'groupName': 'x'}),
                     'group.groupId is null, expected an integer'),
}


@pytest.mark.parametrize('case', sorted(WRITE_SHAPES))
def test_a_create_answer_of_the_wrong_shape_says_it_may_have_been_applied(apppot, case):
    emulator, env = apppot
    body, what = WRITE_SHAPES[case]
    emulator.faults.add([{'method': 'POST', 'path': GROUPS, 'commit': True, 'body': body}])
    with pytest.raises(ApiError) as caught:
        client_for(env).create_group('x', None)
    assert str(caught.value).startswith('AppPot answered with a wrong shape: %s; the write may have been '
                                        'applied; nothing was sent after it (POST ' % what)
    assert emulator.counts()['write'] == 1


LOGIN_SHAPES = {
    'anonymous results null': ('/anonymousTokens$', 'GET', dict(OK_ENVELOPE, results=None),
                               'results is null, expected a string'),
    'anonymous results empty': ('/anonymousTokens$', 'GET', dict(OK_ENVELOPE, results=''),
                                'results is an empty string'),
    'authInfo missing': ('/auth/login$', 'POST', dict(OK_ENVELOPE), 'authInfo is missing, expected an object'),
    'authInfo a string': ('/auth/login$', 'POST', dict(OK_ENVELOPE, authInfo='t'),
                          'authInfo is a string, expected an object'),
    'userTokens a number': ('/auth/login$', 'POST', dict(OK_ENVELOPE, authInfo={'userTokens': 7}),
                            'authInfo.userTokens is a number, expected a string'),
    'authInfor userTokens missing': ('/auth/login$', 'POST', dict(OK_ENVELOPE, authInfor={}),
                                     'authInfor.userTokens is missing, expected a string'),
}


@pytest.mark.parametrize('case', sorted(LOGIN_SHAPES))
def test_a_login_answer_of_the_wrong_shape_fails_before_any_group_call(apppot, case):
    emulator, env = apppot
    path, method, body, what = LOGIN_SHAPES[case]
    emulator.faults.add([{'method': method, 'path': path, 'body': body}])
    with pytest.raises(ApiError) as caught:
        client_for(env).create_group('x', None)
    assert str(caught.value).startswith('AppPot answered with a wrong shape: %s;' % what)
    assert emulator.counts()['read'] + emulator.counts()['write'] == 0
