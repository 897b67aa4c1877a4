"""Ncloud SSO client: signature v2, paging economy, field rules, bulk results matched
by name, error bodies and answers read with their shape checked."""

import math

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import WrongShape
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import (
    SsoUsersClient, describe_ncloud_error, encode_query, login_id_problems, profile_value,
    signature_v2, user_problems)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, HttpTransport

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
        return {'page': 0, 'totalPages': 0, 'totalItems': 0, 'items': []}


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


def stored_ids(emulator):
    return dict((user['loginId'], user['userId']) for user in emulator.dump_state()['users'])


def test_bulk_create_reports_each_user_in_the_order_asked(client, emulator):
    emulator.control({'add_users': [wire_user('dup@example.com')]})
    users = [{'login_id': 'a@example.com'},
             {'login_id': 'dup@example.com'},
             {'login_id': 'long@example.com', 'user_profile': {'first_name': '가' * 67}},
             {'login_id': 'b@example.com'}]
    answers = client.bulk_create(users)
    assert [ok for ok, dummy in answers] == [True, False, False, True]
    # A taken login id may be a run creating the same user at once: the engine reads it back.
    assert isinstance(answers[1][1], AlreadyExists) and str(answers[1][1]) == 'Duplicate login ID.'
    assert answers[2][1] == 'userProfile.firstName must be at most 200 bytes (it is 201)'
    ids = stored_ids(emulator)
    assert sorted(ids) == ['a@example.com', 'b@example.com', 'dup@example.com']
    assert answers[0][1]['login_id'] == 'a@example.com' and answers[0][1]['user_id'] == ids['a@example.com']
    assert answers[3][1]['user_id'] == ids['b@example.com']


def raw_bulk_create(client, login_ids, **profile):
    return client._call('POST', '/users/bulk', body={'params': [wire_user(login_id, **profile)
                                                                for login_id in login_ids]}).body


@pytest.mark.parametrize('count', [2, 3, 5, 100])
def test_the_emulator_answers_bulk_calls_with_no_result_in_its_place(client, emulator, count):
    login_ids = ['order%03d@example.com' % index for index in range(count)]
    names = [result['name'] for result in raw_bulk_create(client, login_ids)]
    assert sorted(names) == sorted(login_ids)
    assert all(name != login_id for name, login_id in zip(names, login_ids))
    ids = [stored_ids(emulator)[login_id] for login_id in login_ids]
    deleted = [result['id'] for result in client._call('POST', '/users/delete', body={'userIds': ids}).body]
    assert sorted(deleted) == sorted(ids) and all(got != sent for got, sent in zip(deleted, ids))


def test_the_emulator_refuses_v2_formats_per_item(client, emulator):
    results = raw_bulk_create(client, ['ok@example.com'], phoneNo='010-1234-5678') + raw_bulk_create(
        client, ['plus@example.com'], phoneCountryCode='+82') + raw_bulk_create(
        client, ['x' * 49 + '@example.com', 'fine@example.com'])
    by_name = dict((result['name'], result) for result in results)
    assert by_name['ok@example.com']['success'] and by_name['fine@example.com']['success']
    assert by_name['plus@example.com'] == {
        'name': 'plus@example.com', 'success': False,
        'message': 'userProfile.phoneCountryCode must be 1 to 4 digits (^\\d{1,4}$)'}
    assert by_name['x' * 49 + '@example.com']['message'] == 'loginId must be an email address of 3 to 60 characters'
    assert sorted(stored_ids(emulator)) == ['fine@example.com', 'ok@example.com']


def test_bulk_delete_reports_unknown_ids(client, emulator):
    emulator.control({'add_users': [wire_user('a@example.com'), wire_user('b@example.com')]})
    ids = stored_ids(emulator)
    assert client.bulk_delete([ids['a@example.com'], 'no-such-id', ids['b@example.com']]) == [
        (True, None), (False, 'user not found: no-such-id'), (True, None)]
    assert stored_ids(emulator) == {}


BULK = {'method': 'POST', 'path': r'/users/bulk$'}


def test_a_user_without_a_result_or_with_two_is_unsure_and_no_other(client, emulator):
    emulator.faults.add([dict(BULK, body=[
        {'name': 'b@example.com', 'success': True, 'id': 'id-b1'},
        {'name': 'a@example.com', 'success': True, 'id': 'id-a', 'nrn': 'nrn:a'},
        {'name': 'b@example.com', 'success': False, 'message': 'no'},
        {'name': 'stranger@example.com', 'success': True, 'id': 'id-s'}])])
    results = client.bulk_create([{'login_id': login_id} for login_id in
                                  ('a@example.com', 'b@example.com', 'c@example.com')])
    assert results[0][0] and results[0][1]['user_id'] == 'id-a' and results[0][1]['nrn'] == 'nrn:a'
    for (ok, error), what in zip(results[1:], ('with 2 results', 'without a result')):
        assert not ok and error.ambiguous
        assert str(error) == 'Ncloud SSO answered %s for this user (POST /api/v1/users/bulk, HTTP 200)' % what


def test_a_bulk_delete_result_is_matched_by_id(client, emulator):
    emulator.faults.add([{'method': 'POST', 'path': r'/users/delete$', 'body': [
        {'id': 'u2', 'success': False, 'message': None, 'detail': 'in use'}, {'id': 'u1', 'success': True}]}])
    results = client.bulk_delete(['u1', 'u2', 'u3'])
    assert results[:2] == [(True, None), (False, 'in use')]
    assert not results[2][0] and results[2][1].ambiguous


@pytest.mark.parametrize('body, expected', [
    ({'error': {'errorCode': '100', 'message': 'Bad Request', 'detail': '2 fields are invalid',
                'fieldErrors': [{'field': 'userProfile.phoneNo', 'message': 'must be a mobile phone number'},
                                {'field': 'loginId', 'message': 'must be an email address'}]}},
     ('100', 'Bad Request: 2 fields are invalid: userProfile.phoneNo: must be a mobile phone number; '
             'loginId: must be an email address')),
    ({'error': {'errorCode': '100', 'message': 'Bad Request', 'details': 'user not found: x'}},
     ('100', 'Bad Request: user not found: x')),
    ({'errorCode': '210', 'message': 'Permission Denied', 'detail': 'Permission Denied'},
     ('210', 'Permission Denied')),
    ({'error': {'errorCode': 300, 'message': 'Not Found', 'details': ['one', {'message': 'two'}]}},
     ('300', 'Not Found: one; two')),
    ({'error': {'errorCode': '100', 'fieldErrors': {'loginId': 'must be an email address'}}},
     ('100', 'loginId: must be an email address')),
    ({'error': 'Unauthorized'}, (None, 'Unauthorized')),
    ({'error': {'errorCode': ['x'], 'message': None, 'fieldErrors': [None, 5, []]}}, (None, '5')),
    ([], (None, None)),
    (None, (None, None)),
])
def test_error_bodies_are_read_from_message_detail_details_and_field_errors(body, expected):
    assert describe_ncloud_error(body) == expected


def test_field_errors_from_the_emulator_reach_the_message(client, emulator):
    emulator.control({'add_users': [wire_user('a@example.com')]})
    current = client.find_users(['a@example.com'])['a@example.com']
    with pytest.raises(ApiError) as caught:
        client.update(current, {'login_id': 'a@example.com', 'user_profile': {'phone_no': '12'}})
    assert caught.value.status == 400 and caught.value.code == '100'
    assert str(caught.value).startswith('request failed: Bad Request: 1 fields are invalid: '
                                        'userProfile.phoneNo: must be a mobile phone number')


def test_an_unknown_user_id_is_read_from_the_v1_details(client):
    with pytest.raises(ApiError) as caught:
        client.update({'user_id': 'no-such-id', 'login_id': 'a@example.com'}, {'login_id': 'a@example.com'})
    assert 'Bad Request: user not found: no-such-id' in str(caught.value)


PAGE = {'page': 0, 'totalPages': 1, 'totalItems': 1}
USER = {'userId': 'u1', 'loginId': 'a@example.com'}


# (call, the answer it gets, where the message says the shape was wrong)
WRONG_SHAPES = [
    ('list', {'error': {'errorCode': '900', 'message': 'Unexpected Error'}},
     'an error (Unexpected Error) where a result was expected'),
    ('list', dict(PAGE, items=None), 'items is null, expected a list'),
    ('list', {'page': 0, 'totalPages': 1, 'totalItems': 1}, 'items is missing, expected a list'),
    ('list', dict(PAGE, items=[dict(USER, userId=7)]), 'items[0].userId is a number, expected a string'),
    ('list', dict(PAGE, items=[{'userId': 'u1'}]), 'items[0].loginId is missing, expected a string'),
    ('list', dict(PAGE, items=['a@example.com']), 'items[0] is a string, expected an object'),
    ('list', dict(PAGE, items=[dict(USER, userProfile='x')]), 'items[0].userProfile is a string, expected an object'),
    ('list', dict(PAGE, items=[dict(USER, accessRules={'apiAccessAllowed': 'yes'})]),
     'items[0].accessRules.apiAccessAllowed is a string, expected a boolean'),
    ('list', dict(PAGE, items=[], totalPages='1'), 'totalPages is a string, expected an integer'),
    ('list', dict(PAGE, items=[], totalItems=None), 'totalItems is null, expected an integer'),
    ('list', dict(PAGE, items=[], page=True), 'page is true, expected an integer'),
    ('bulk', {'results': []}, 'body is an object, expected a list'),
    ('bulk', [{'name': 'a@example.com', 'success': 'true', 'id': 'x'}], 'body[0].success is a string, expected a boolean'),
    ('bulk', [{'success': True, 'id': 'x'}], 'body[0].name is missing, expected a string'),
    ('bulk', [{'name': 'a@example.com', 'success': True}], 'body[0].id is missing, expected a string'),
    ('delete', [{'id': 5, 'success': True}], 'body[0].id is a number, expected a string'),
    ('delete', {'error': {'errorCode': '100'}}, 'an error (no message) where a result was expected'),
    ('update', {}, 'success is missing, expected a boolean'),
    ('update', None, 'body is null, expected an object'),
]
CALLS = {
    'list': (lambda client: client.list_page(0), 'GET /api/v1/users?page=0&size=100'),
    'bulk': (lambda client: client.bulk_create([{'login_id': 'a@example.com'}]), 'POST /api/v1/users/bulk'),
    'delete': (lambda client: client.bulk_delete(['u1']), 'POST /api/v1/users/delete'),
    'update': (lambda client: client.update({'user_id': 'u1', 'login_id': 'a@example.com'},
                                            {'login_id': 'a@example.com'}), 'PUT /api/v1/users/u1'),
}


@pytest.mark.parametrize('call, body, what', WRONG_SHAPES)
def test_a_wrong_shape_is_a_definite_error_naming_the_call(client, emulator, call, body, what):
    run, request = CALLS[call]
    emulator.faults.add([{'body': body}])
    with pytest.raises(WrongShape) as caught:
        run(client)
    error = caught.value
    after = 'the write may have been applied; nothing was sent after it' if call in (
        'bulk', 'delete', 'update') else 'nothing was written after it'
    assert str(error).startswith('Ncloud SSO answered with a wrong shape: %s; %s (%s, HTTP 200' % (what, after, request))
    assert not error.ambiguous and not error.transient
    assert emulator.dump_state()['users'] == []


def test_an_error_body_with_http_200_keeps_its_code():
    class ErrorBody(RecordingTransport):
        def request(self, method, path, json_body=None, headers=None, retry=None):
            return {'error': {'errorCode': '410', 'message': 'Throttle Limited'}}
    client = SsoUsersClient(ErrorBody(), ACCESS_KEY, SECRET_KEY)
    with pytest.raises(WrongShape) as caught:
        client.find_users(['a@example.com'])
    assert caught.value.code == '410' and caught.value.status == 200


def test_a_refused_update_is_a_definite_error_with_the_reason(client, emulator):
    emulator.faults.add([{'body': {'id': 'u1', 'success': False, 'message': 'locked'}}])
    with pytest.raises(ApiError) as caught:
        CALLS['update'][0](client)
    assert not isinstance(caught.value, WrongShape) and not caught.value.ambiguous
    assert str(caught.value) == 'Ncloud SSO refused the update: locked (PUT /api/v1/users/u1, HTTP 200)'


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


COUNTRY_CODE_RULE = 'user_profile.phone_country_code must be digits with an optional leading +: 1 to 4 digits, such as 82 or +82'
PHONE_NO_RULE = ('user_profile.phone_no must be digits and hyphens: 000-000-0000, 000-0000-0000, '
                 'or 9 to 11 digits without hyphens')
LOGIN_ID_RULE = ('login_id must be an email address such as name@example.com: letters, digits and ._%+- '
                 'before the @, and a domain that ends in two or more letters')


@pytest.mark.parametrize('user, problems', [
    ({'login_id': 'a@example.com', 'user_profile': {'first_name': '가' * 67}},
     ['user_profile.first_name is 201 bytes in UTF-8, more than 200']),
    ({'login_id': 'a@example.com', 'description': 'é' * 151},
     ['description is 302 bytes in UTF-8, more than 300']),
    ({'login_id': 'a@example.com', 'user_profile': {'phone_country_code': '+8200000000'}},
     ['user_profile.phone_country_code is 11 bytes in UTF-8, more than 10', COUNTRY_CODE_RULE]),
    ({'login_id': 'a@example.com', 'user_profile': {'phone_country_code': '82a'}}, [COUNTRY_CODE_RULE]),
    ({'login_id': 'a@example.com', 'user_profile': {'phone_no': '010 1234'}}, [PHONE_NO_RULE]),
    ({'login_id': 'a@example.com', 'user_profile': {'email': 'nope'}},
     ['user_profile.email must be an email address']),
    ({'login_id': 'nope'}, [LOGIN_ID_RULE]),
])
def test_field_rules_name_the_field(user, problems):
    assert user_problems(user) == problems


@pytest.mark.parametrize('login_id', ['a@example.com', 'first.last+tag@sub.example.co.kr', 'A_B%c-d@x-y.io',
                                      'x' * 48 + '@example.com'])
def test_login_ids_in_the_v2_format(login_id):
    assert login_id_problems(login_id) == []


@pytest.mark.parametrize('login_id', ['a@b.c', 'a@example.c0m', '김민준@example.com', 'a b@example.com',
                                      'a@exa_mple.com', 'a@@example.com', 'a@example.com\n', '@example.com',
                                      'a@example.', '', None])
def test_login_ids_outside_the_v2_format(login_id):
    assert login_id_problems(login_id) == [LOGIN_ID_RULE]


def test_a_login_id_of_61_characters_is_too_long():
    assert login_id_problems('x' * 49 + '@example.com') == [
        'login_id must be an email address of 3 to 60 characters, not 61']


@pytest.mark.parametrize('code, ok', [('82', True), ('+82', True), ('1', True), ('+1234', True), ('1234', True),
                                      ('+12345', False), ('12345', False), ('00082', False), ('++82', False), ('+', False),
                                      ('8 2', False), ('\u0668\u0662', False), ('82\n', False), ('-82', False)])
def test_country_codes_are_1_to_4_digits_after_an_optional_plus(code, ok):
    user = {'login_id': 'a@example.com', 'user_profile': {'phone_country_code': code}}
    assert (user_problems(user) == []) is ok


@pytest.mark.parametrize('number, ok', [
    ('010-1234-5678', True), ('010-123-4567', True), ('01012345678', True), ('021234567', True),
    ('0212345678', True), ('010-12-3456', False), ('010-1234-56789', False), ('0101-234-5678', False),
    ('010 1234 5678', False), ('+821012345678', False), ('12345678', False), ('010123456789', False),
    ('010-1234-5678\n', False), ('0101234567-', False), ('\uff10\uff11\uff10' * 3, False)])
def test_phone_numbers_in_the_v2_format(number, ok):
    user = {'login_id': 'a@example.com', 'user_profile': {'phone_no': number}}
    assert (user_problems(user) == []) is ok


@pytest.mark.parametrize('value, sent', [('+82', '82'), ('82', '82'), ('', ''), (None, None)])
def test_a_country_code_is_sent_without_its_plus(value, sent):
    assert profile_value('phone_country_code', value) == sent


def test_only_the_country_code_loses_its_plus():
    assert profile_value('phone_no', '+821012345678') == '+821012345678'


def test_rules_count_bytes_not_characters():
    assert user_problems({'login_id': 'a@example.com', 'user_profile': {'first_name': '가' * 66},
                          'description': '가' * 100}) == []
