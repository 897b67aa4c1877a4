"""AppPotClient against the AppPot emulator: login, errCodes, token handling."""

import pytest
import requests

from ansible_collections.tenantkit.saas.plugins.module_utils.apppot import AppPotClient
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport


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


def test_logs_in_once_for_many_calls(apppot):
    emulator, env = apppot
    client = client_for(env)
    client.create_group('a', None)
    client.list_groups()
    assert emulator.counts()['auth'] == 2  # anonymousTokens + auth/login


@pytest.mark.parametrize('version', ['1.0.0', '1_0_0'])
def test_both_version_spellings_reach_the_app(apppot, version):
    dummy, env = apppot
    assert [g['name'] for g in client_for(env, version).list_groups()] == ['default']


def test_unknown_app_key_is_errcode_101(apppot):
    dummy, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env, app_key='nope').list_groups()
    assert caught.value.code == 101 and 'unknown appKey' in str(caught.value)


def test_delete_of_unknown_group_is_errcode_121(apppot):
    dummy, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env).delete_group(999)
    assert caught.value.code == 121 and caught.value.status == 200


def test_empty_group_name_is_errcode_105(apppot):
    dummy, env = apppot
    with pytest.raises(ApiError) as caught:
        client_for(env).create_group('', None)
    assert caught.value.code == 105


def test_plain_user_may_read_but_not_write(apppot, fresh_sandbox):
    dummy, env = apppot
    user = client_for(env, username='user',
                      password=fresh_sandbox.extra['apppot']['test']['user_password'])
    assert user.list_groups()
    with pytest.raises(ApiError) as caught:
        user.create_group('x', None)
    assert caught.value.code == 120


def test_expired_given_token_without_login_fails_with_110(apppot):
    emulator, env = apppot
    token = emulator.new_session('admin')
    emulator.user_tokens.clear()
    client = client_for(env, token=token, username=None)
    with pytest.raises(ApiError) as caught:
        client.list_groups()
    assert caught.value.code == 110 and token not in str(caught.value)


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


def test_emulator_accepts_token_as_query_parameter_on_get(apppot):
    emulator, env = apppot
    token = emulator.new_session('user')
    url = '%s/api/%s/%s/%s/groups' % (env['APPPOT_BASE_URL'], env['APPPOT_COMPANY_ID'],
                                      env['APPPOT_APP_ID'], env['APPPOT_APP_VERSION'])
    assert requests.get(url, params={'token': token}, timeout=5).json()['errCode'] == 0
    assert requests.post(url + '?token=' + token, json={'groupName': 'x'},
                         timeout=5).json()['errCode'] == 110
    assert emulator.log[-1]['query'] == {'token': '***'}
