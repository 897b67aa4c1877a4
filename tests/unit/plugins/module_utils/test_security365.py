"""Security365Client and its helpers, against the emulator where a service is needed."""

import base64
import json
import time

import pytest
from hypothesis import given, strategies as st

from ansible_collections.tenantkit.saas.plugins.module_utils.security365 import (
    Security365Client, app_from_profile, classify_security365_error, describe_security365_error)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, HttpTransport
from sandbox.security365 import sign_jwt, verify_jwt


BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'


@pytest.fixture
def security365(fresh_sandbox):
    return fresh_sandbox.emulator('security365')


def client_for(sandbox, token):
    emulator = sandbox.emulator('security365')
    transport = HttpTransport(sandbox.url('security365'), timeout=5, describe_error=describe_security365_error,
                              classify_error=classify_security365_error)
    return Security365Client(transport, emulator.config['company_id'], token)


def unsigned_token(company_id):
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b'=').decode()
    return '%s.%s.' % (part({'alg': 'none', 'typ': 'JWT'}),
                       part({'companyId': company_id, 'exp': int(time.time()) + 600}))


@pytest.mark.parametrize('body, expected', [
    ({'code': 19, 'message': 'Duplicate app services'}, (19, 'Duplicate app services')),
    ({'errorCode': 40101, 'msg': 'Invalid token'}, (40101, 'Invalid token')),
    ({'code': '50001', 'error': 'Failed'}, (50001, 'Failed')),
    ({'code': 40101, 'message': 'Invalid token', 'error': 'invalid_token', 'detail': 'expired'},
     (40101, 'Invalid token: expired')),
    ({'code': True, 'message': 'x'}, (True, 'x')),
    ('not a dict', (None, None)),
])
def test_error_fields_are_read_in_both_namings(body, expected):
    assert describe_security365_error(body) == expected


@pytest.mark.parametrize('entries', [
    [],
    [{'key': 'TENANT_APP_ID', 'value': ''}, {'key': 'TENANT_APP_SECRET', 'value': ''}],
    [{'key': 'OTHER', 'value': 'x'}],
])
def test_profile_without_an_app_id_has_no_app(entries):
    assert app_from_profile(entries) is None


def test_profile_app_carries_id_and_secret():
    entries = [{'key': 'TENANT_APP_SECRET', 'value': 's'}, {'key': 'TENANT_APP_ID', 'value': 'i'}]
    assert app_from_profile(entries) == {'client_id': 'i', 'client_secret': 's'}


def test_client_creates_reads_and_deletes(fresh_sandbox):
    client = client_for(fresh_sandbox, fresh_sandbox.env()['SECURITY365_TOKEN'])
    assert client.read_app() is None
    app = client.create_app()
    assert client.read_app() == app and app['client_id'] and app['client_secret']
    with pytest.raises(AlreadyExists, match='code 19'):
        client.create_app()
    client.delete_app('unknown-id')  # code 19, and the app is not that one: nothing to do
    assert client.read_app() == app
    client.delete_app(app['client_id'])
    assert client.read_app() is None


def test_a_delete_answered_19_while_the_app_stays_fails(fresh_sandbox, security365):
    client = client_for(fresh_sandbox, fresh_sandbox.env()['SECURITY365_TOKEN'])
    app = client.create_app()
    security365.control({'delete_client_fails': True})
    with pytest.raises(ApiError, match='did not delete the app service'):
        client.delete_app(app['client_id'])


def test_unsigned_token_is_refused(fresh_sandbox, security365):
    client = client_for(fresh_sandbox, unsigned_token(security365.config['company_id']))
    with pytest.raises(ApiError) as caught:
        client.read_app()
    assert (caught.value.status, caught.value.code) == (401, 40101)
    assert caught.value.vendor_message.startswith('Invalid token: the token is malformed')


def test_token_errors_have_the_documented_body(fresh_sandbox, security365):
    """Correction 1: {"code", "message", "error", "detail"} for 40101 and 40102."""
    import requests  # pylint: disable=import-outside-toplevel
    url = fresh_sandbox.url('security365')
    refused = requests.post(url + '/builtInProfile/info/all', json={'companyId': 'c'},
                            headers={'Authorization': 'Bearer not-a-jwt'}, timeout=5)
    other = security365.control({'issue_token': {'company_id': security365.config['other_company_id']}})['token']
    foreign = requests.post(url + '/api/%s/client/addClientInfo' % security365.config['company_id'],
                            headers={'Authorization': 'Bearer ' + other}, timeout=5)
    assert refused.status_code == 401 and sorted(refused.json()) == ['code', 'detail', 'error', 'message']
    assert refused.json()['code'] == 40101 and refused.json()['error'] == 'invalid_token'
    assert foreign.status_code == 403 and foreign.json()['code'] == 40102
    assert foreign.json()['message'] == 'No matching company ID found'


def test_token_signed_with_another_key_is_refused(fresh_sandbox, security365):
    token = sign_jwt({'companyId': security365.config['company_id'], 'exp': int(time.time()) + 600},
                     b'another-key')
    with pytest.raises(ApiError) as caught:
        client_for(fresh_sandbox, token).read_app()
    assert caught.value.code == 40101 and token not in str(caught.value)


def test_company_in_the_path_must_match_the_token(fresh_sandbox, security365):
    token = security365.control({'issue_token': {'company_id': security365.config['other_company_id']}})['token']
    with pytest.raises(ApiError) as caught:
        client_for(fresh_sandbox, token).create_app()
    assert (caught.value.status, caught.value.code) == (403, 40102)
    assert 'No matching company ID' in str(caught.value)
    assert security365.dump_state()['apps'] == {}


def test_connection_failure_keeps_the_transport_message():
    client = Security365Client(HttpTransport('http://127.0.0.1:9', timeout=2,
                                             retry_policy=None, sleep=lambda seconds: None),
                               'c', 'token')
    with pytest.raises(ApiError) as caught:
        client.read_app()
    assert 'cannot connect to 127.0.0.1:9 (connection refused)' in str(caught.value)


@given(position=st.integers(min_value=0), replacement=st.sampled_from(BASE64URL + '.='))
def test_sandbox_refuses_any_altered_token(position, replacement):
    key = b'k' * 32
    token = sign_jwt({'companyId': 'c', 'exp': int(time.time()) + 600}, key)
    position %= len(token)
    altered = token[:position] + replacement + token[position + 1:]
    if altered != token:
        assert verify_jwt(altered, key, time.time()) is None
    assert verify_jwt(token, key, time.time())['companyId'] == 'c'
