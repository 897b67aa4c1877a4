"""Ncloud SSO client: signature v2, paging economy and field rules."""

import math

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import (
    SsoUsersClient, describe_ncloud_error, encode_query, signature_v2, user_problems)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport

ACCESS_KEY, SECRET_KEY, TIMESTAMP = 'AKIDTENANTKIT0001', 'tk-secret-0123456789', '1700000000000'
KOREAN_SEARCH = '/api/v1/users?searchColumn=loginId&searchWord=%EA%B9%80%EB%AF%BC%EC%A4%80%40example.com&page=0&size=100'


# Expected values come from openssl, not from the code under test:
#   printf '%s' "GET /api/v1/users?page=0&size=100
#   1700000000000
#   AKIDTENANTKIT0001" | openssl dgst -sha256 -hmac 'tk-secret-0123456789' -binary | base64
# and the same for the other two messages (the Korean URI is 김민준 = EA B9 80 EB AF BC EC A4 80).
@pytest.mark.parametrize('method, uri, timestamp, expected', [
    ('GET', '/api/v1/users?page=0&size=100', TIMESTAMP, 'AtgZ7/BtxPU5/qNjMsP8f4X8mdSgDanu+Yf+AClKaE8='),
    ('GET', KOREAN_SEARCH, TIMESTAMP, '9FDDPSAv0pXeYqnhDbcXkdZ9jas1hXtwXE18gSQpIDU='),
    ('POST', '/api/v1/users/bulk', '1700000123456', 'yWGyOTgz1G3d4w5QVHpJFUZ/XO2/6o6hHP/+ZHczc20='),
])
def test_signature_v2_matches_openssl(method, uri, timestamp, expected):
    assert signature_v2(SECRET_KEY, method, uri, timestamp, ACCESS_KEY) == expected


def test_query_is_percent_encoded_utf8_in_order():
    query = encode_query([('searchColumn', 'loginId'), ('searchWord', '김민준@example.com'),
                          ('page', 0), ('size', 100)])
    assert '/api/v1/users?' + query == KOREAN_SEARCH


class RecordingTransport:
    """Stands in for HttpTransport: keeps what would be sent."""

    base_url = 'https://sso.apigw.ntruss.com'

    def __init__(self):
        self.sent = []

    def request(self, method, path, json_body=None, headers=None, retry=None):
        self.sent.append((method, path, headers))
        return {'totalPages': 0, 'totalItems': 0, 'items': []}


def test_headers_sign_exactly_the_path_and_query_sent():
    transport = RecordingTransport()
    client = SsoUsersClient(transport, ACCESS_KEY, SECRET_KEY, clock=lambda: 1700000000.0)
    client.list_page(0, search_column='loginId', search_word='김민준@example.com')
    method, path, headers = transport.sent[0]
    assert (method, path) == ('GET', KOREAN_SEARCH)
    assert headers == {'x-ncp-apigw-timestamp': TIMESTAMP, 'x-ncp-iam-access-key': ACCESS_KEY,
                       'x-ncp-apigw-signature-v2': '9FDDPSAv0pXeYqnhDbcXkdZ9jas1hXtwXE18gSQpIDU='}


@pytest.fixture
def emulator(fresh_sandbox):
    return fresh_sandbox.emulator('ncloud_sso')


@pytest.fixture
def client(fresh_sandbox, emulator):
    env = emulator.credentials(fresh_sandbox.url('ncloud_sso'))
    return SsoUsersClient(HttpTransport(env['NCLOUD_SSO_API_URL'], describe_error=describe_ncloud_error), env['NCLOUD_ACCESS_KEY'],
                          env['NCLOUD_SECRET_KEY'])


def wire_user(login_id, **profile):
    return {'loginId': login_id, 'userProfile': profile,
            'accessRules': {'consoleAccessAllowed': False, 'apiAccessAllowed': False}}


def test_korean_search_words_pass_the_emulators_signature_check(client, emulator):
    emulator.control({'add_users': [wire_user('김민준@example.com'), wire_user('lee@example.com')]})
    found = client.list_users('loginId', '김민준')
    assert [user['login_id'] for user in found] == ['김민준@example.com']


def test_find_users_keeps_exact_matches_only(client, emulator):
    emulator.control({'add_users': [wire_user('xann@example.com'), wire_user('ann@example.com')]})
    assert list(client.find_users(['ann@example.com'])) == ['ann@example.com']
    assert len(emulator.log) == 1


def seed(emulator, count):
    emulator.control({'add_users': [wire_user('seed%05d@example.com' % i) for i in range(count)]})
    emulator.log = []


@pytest.mark.parametrize('account, asked', [(0, 5), (50, 5), (250, 3), (1000, 10), (1000, 40), (5000, 1), (5000, 60)])
def test_reads_never_exceed_the_pages_or_the_users_asked_for(client, emulator, account, asked):
    seed(emulator, account)
    # The first asked user is among the oldest 100, as in a rerun of the same list.
    login_ids = ['seed%05d@example.com' % (i * 7 % max(account, 1)) for i in range(asked)]
    client.find_users(login_ids)
    reads = emulator.counts()['read']
    assert reads <= max(1, min(asked, math.ceil(account / 100.0)))


def test_users_unknown_to_a_large_account_cost_one_probe_plus_one_search_each(client, emulator):
    # The bound's one exception: the first page proves none of them is there.
    seed(emulator, 1000)
    client.find_users(['new%d@example.com' % i for i in range(3)])
    assert emulator.counts()['read'] == 1 + 3


def test_one_user_is_one_search(client, emulator):
    seed(emulator, 1000)
    assert client.find_users(['seed00999@example.com'])
    assert emulator.counts()['read'] == 1


def test_bulk_create_reports_each_item_in_order(client, emulator):
    emulator.control({'add_users': [wire_user('dup@example.com')]})
    users = [{'login_id': 'a@example.com'},
             {'login_id': 'dup@example.com'},
             {'login_id': 'long@example.com', 'user_profile': {'first_name': '가' * 67}},
             {'login_id': 'b@example.com'}]
    answers = client.bulk_create(users)
    assert [ok for ok, dummy in answers] == [True, False, False, True]
    assert 'already exists' in answers[1][1]
    assert 'firstName must be at most 200 bytes (it is 201)' in answers[2][1]
    assert answers[0][1]['user_id'] and answers[0][1]['login_id'] == 'a@example.com'
    assert sorted(u['loginId'] for u in emulator.dump_state()['users']) == [
        'a@example.com', 'b@example.com', 'dup@example.com']


def test_bulk_delete_reports_unknown_ids(client, emulator):
    emulator.control({'add_users': [wire_user('a@example.com')]})
    user_id = emulator.dump_state()['users'][0]['userId']
    assert client.bulk_delete([user_id, 'no-such-id']) == [
        (True, None), (False, 'user not found: no-such-id')]


def test_update_replaces_the_whole_object(client, emulator):
    emulator.control({'add_users': [wire_user('a@example.com', deptName='Sales', empNo='7')]})
    current = client.find_users(['a@example.com'])['a@example.com']
    after = client.update(current, {'login_id': 'a@example.com', 'user_profile': {'dept_name': 'Ops'}})
    stored = emulator.dump_state()['users'][0]
    assert stored['userProfile']['deptName'] == 'Ops' and stored['userProfile']['empNo'] is None
    assert after['user_id'] == current['user_id'] and after['user_profile']['dept_name'] == 'Ops'


def test_a_wrong_secret_is_refused_with_the_gateway_message(fresh_sandbox, emulator):
    env = emulator.credentials(fresh_sandbox.url('ncloud_sso'))
    client = SsoUsersClient(HttpTransport(env['NCLOUD_SSO_API_URL'], describe_error=describe_ncloud_error), env['NCLOUD_ACCESS_KEY'], 'wrong')
    with pytest.raises(ApiError) as caught:
        client.list_page(0)
    assert caught.value.status == 401 and caught.value.code == '200'
    assert 'Authentication Failed' in str(caught.value)


def test_a_stale_timestamp_is_refused(fresh_sandbox, emulator):
    env = emulator.credentials(fresh_sandbox.url('ncloud_sso'))
    client = SsoUsersClient(HttpTransport(env['NCLOUD_SSO_API_URL'], describe_error=describe_ncloud_error), env['NCLOUD_ACCESS_KEY'],
                            env['NCLOUD_SECRET_KEY'], clock=lambda: 1700000000.0)
    with pytest.raises(ApiError) as caught:
        client.list_page(0)
    assert caught.value.status == 401 and '5 minute window' in str(caught.value)


@pytest.mark.parametrize('user, problem', [
    ({'login_id': 'a@example.com', 'user_profile': {'first_name': '가' * 67}},
     'user_profile.first_name is 201 bytes in UTF-8, more than 200'),
    ({'login_id': 'a@example.com', 'description': 'é' * 151},
     'description is 302 bytes in UTF-8, more than 300'),
    ({'login_id': 'a@example.com', 'user_profile': {'phone_country_code': '+8200000000'}},
     'user_profile.phone_country_code is 11 bytes in UTF-8, more than 10'),
    ({'login_id': 'a@example.com', 'user_profile': {'phone_country_code': '82a'}},
     'user_profile.phone_country_code must be digits with an optional leading +'),
    ({'login_id': 'a@example.com', 'user_profile': {'phone_no': '010 1234'}},
     'user_profile.phone_no must be digits and hyphens'),
    ({'login_id': 'a@example.com', 'user_profile': {'email': 'nope'}},
     'user_profile.email must be an email address'),
    ({'login_id': 'nope'}, 'login_id must be an email address'),
])
def test_field_rules_name_the_field(user, problem):
    assert user_problems(user) == [problem]


def test_rules_count_bytes_not_characters():
    assert user_problems({'login_id': 'a@example.com', 'user_profile': {'first_name': '가' * 66},
                          'description': '가' * 100}) == []
