"""SignTogether client and wire shapes, against the emulator over HTTP."""

import pytest
import requests

from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    SignTogetherClient, create_set, describe_signtogether_error, update_set)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport

ADMIN = {'email': 'a@example.com', 'name': 'A', 'login_id': 'a-admin', 'password': 'Pw-123456'}
CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True, 'marketing_use': False}


@pytest.fixture
def emulator(fresh_sandbox):
    return fresh_sandbox.emulator('signtogether')


@pytest.fixture
def url(fresh_sandbox):
    return fresh_sandbox.url('signtogether')


@pytest.fixture
def client(url, emulator):
    transport = HttpTransport(url, describe_error=describe_signtogether_error, sleep=lambda s: None)
    return SignTogetherClient(transport, emulator.config['api_key'])


def post(url, path, body, key):
    return requests.post(url + path, json=body, headers={'APIKEY': key}, timeout=5)


def test_create_set_sends_boolean_consent_and_leaves_unset_fields_out():
    item = create_set({'name': 'g', 'level': None, 'part_name': 'HQ'}, ADMIN, CONSENT)
    assert item == {'flag': 'C', 'groupName': 'g', 'groupPartName': 'HQ',
                    'adminUser': {'adminUserEmail': 'a@example.com', 'adminUserName': 'A',
                                  'loginId': 'a-admin', 'password': 'Pw-123456'},
                    'userConsent': {'isteenager': True, 'serviceuse': True,
                                    'privacycollection': True, 'marketinguse': False}}


def test_update_set_holds_only_the_changes():
    assert update_set(7, {'level': 2}) == {'flag': 'U', 'groupId': 7, 'update': {'level': 2}}


def test_create_then_update_through_the_client(client):
    group = client.create_group({'name': 'g'}, ADMIN, CONSENT)
    assert group['url_path'] == 'SGT_%010d' % group['group_id']
    updated = client.update_group(group['group_id'], {'name': 'h', 'part_name': 'P'})
    assert (updated['name'], updated['part_name']) == ('h', 'P')


def test_fail_list_becomes_an_api_error(client):
    client.create_group({'name': 'g'}, ADMIN, CONSENT)
    with pytest.raises(ApiError) as caught:
        client.create_group({'name': 'g'}, dict(ADMIN, login_id='other'), CONSENT)
    assert caught.value.vendor_message == 'duplicate groupName: g'


def test_list_is_retried_on_503_but_a_write_is_not(client, emulator):
    emulator.faults.add([{'path': 'groups/list', 'status': 503, 'times': 1},
                         {'path': 'api/group$', 'status': 503, 'times': 1}])
    assert client.list_groups() == ([], '')
    with pytest.raises(ApiError) as caught:
        client.create_group({'name': 'g'}, ADMIN, CONSENT)
    assert caught.value.status == 503
    assert [entry['status'] for entry in emulator.log] == [503, 200, 503]


def test_header_name_is_case_insensitive(url, emulator):
    answer = post(url, '/rest/api/groups/list', {'searchAll': True}, emulator.config['api_key'])
    assert answer.status_code == 200 and answer.json()['success'] is True


@pytest.mark.parametrize('body, reason', [
    ({'flag': 'C'}, 'body must be a JSON array'),
    ([{'groupName': 'g'}], 'flag must be "C" or "U"'),
    ([{'flag': 'C', 'groupName': 5}], 'groupName must be a string'),
    ([{'flag': 'C', 'userConsent': {'isteenager': 'yes'}}], 'isteenager must be a boolean'),
    ([{'flag': 'U', 'groupId': 2, 'update': {'linkedType': 'x'}}], 'update may hold only'),
])
def test_bad_shapes_answer_400(url, emulator, body, reason):
    answer = post(url, '/rest/api/group', body, emulator.config['api_key'])
    assert answer.status_code == 400 and reason in answer.json()['message']


def test_sets_are_processed_one_by_one(url, emulator):
    base = {'flag': 'C', 'adminUser': {'adminUserEmail': 'e', 'adminUserName': 'n',
                                       'loginId': 'same', 'password': 'p'},
            'userConsent': {'isteenager': 'true', 'serviceuse': True, 'privacycollection': 'true',
                            'marketinguse': 'false'}}
    body = [dict(base, groupName='one'), dict(base, groupName='two'),
            dict(base, groupName='three', userConsent=dict(base['userConsent'], serviceuse='false'))]
    answer = post(url, '/rest/api/group', body, emulator.config['api_key']).json()
    assert answer['successCount'] == 1 and answer['failCount'] == 2
    reasons = [failure['message'] for failure in answer['failList']]
    assert reasons == ['loginId already exists: same', 'userConsent.serviceuse must be true']


def test_missing_key_is_401(url):
    answer = requests.post(url + '/rest/api/groups/list', json={'searchAll': True}, timeout=5)
    assert answer.status_code == 401
    assert answer.json() == {'success': False, 'message': 'invalid apiKey'}
