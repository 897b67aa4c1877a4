"""SignTogether client and wire shapes, against the emulator over HTTP."""

import pytest
import requests

from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    SignTogetherClient, create_set, describe_signtogether_error, list_body, update_set)
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


LISTED = {'group_id': 7, 'name': 'team', 'level': 3, 'parent_group_id': 5, 'url_path': 'SGT_0000000007',
          'linked_type': None, 'used': True, 'admin_login_id': 'team-admin'}


def test_update_set_sends_every_readable_key_with_the_changes():
    assert update_set(LISTED, {'level': 4}) == {
        'flag': 'U', 'groupId': 7, 'update': {'groupName': 'team', 'level': 4, 'parentGroupId': 5}}


def test_update_set_sends_the_part_name_only_when_it_changes():
    assert 'groupPartName' not in update_set(LISTED, {'name': 'squad'})['update']
    assert update_set(LISTED, {'part_name': 'Ops'})['update'] == {
        'groupName': 'team', 'level': 3, 'parentGroupId': 5, 'groupPartName': 'Ops'}


def test_update_set_of_a_group_without_level_sends_null():
    assert update_set(dict(LISTED, level=None), {'name': 'x'})['update']['level'] is None


def test_list_body_always_holds_an_id_list():
    assert list_body() == {'searchAll': True, 'idList': []}
    assert list_body([3, 4]) == {'searchAll': False, 'idList': [{'groupId': 3}, {'groupId': 4}]}


def test_create_then_update_through_the_client(client, emulator):
    group = client.create_group({'name': 'g', 'part_name': 'HQ'}, ADMIN, CONSENT)
    assert group['url_path'] == 'SGT_%010d' % group['group_id']
    assert 'part_name' not in group
    updated = client.update_group(group, {'name': 'h', 'part_name': 'P'})
    assert updated['name'] == 'h'
    assert emulator.groups[group['group_id']]['groupPartName'] == 'P'


def test_rename_of_a_sub_group_through_the_client_keeps_parent_and_level(client, emulator):
    root = client.create_group({'name': 'root'}, ADMIN, CONSENT)
    child = client.create_group({'name': 'child', 'parent_group_id': root['group_id'], 'level': 5},
                                dict(ADMIN, login_id='child'), CONSENT)
    renamed = client.update_group(child, {'name': 'kid'})
    stored = emulator.groups[child['group_id']]
    assert (stored['groupName'], stored['parentGroupId'], stored['level']) == ('kid', root['group_id'], 5)
    assert (renamed['parent_group_id'], renamed['level']) == (root['group_id'], 5)


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
    answer = post(url, '/rest/api/groups/list', list_body(), emulator.config['api_key'])
    assert answer.status_code == 200 and answer.json()['success'] is True


# The emulator, as corrected after the second audit ------------------------------

@pytest.mark.parametrize('body', [{'searchAll': True}, {'searchAll': False}, {}])
def test_list_without_id_list_is_refused(url, emulator, body):
    answer = post(url, '/rest/api/groups/list', body, emulator.config['api_key'])
    assert answer.status_code == 400
    assert answer.json() == {'success': False, 'message': 'idList is required'}


@pytest.mark.parametrize('body, reason', [
    ({'searchAll': False, 'idList': []}, 'idList must not be empty when searchAll is false'),
    ({'searchAll': True, 'idList': None}, 'idList must be an array'),
    ({'searchAll': True, 'idList': [5]}, 'idList entries must be {"groupId": number}'),
])
def test_list_with_a_wrong_id_list_is_refused(url, emulator, body, reason):
    answer = post(url, '/rest/api/groups/list', body, emulator.config['api_key'])
    assert answer.status_code == 400 and answer.json()['message'] == reason


def test_list_items_carry_no_part_name_but_the_state_keeps_it(client, url, emulator):
    group = client.create_group({'name': 'g', 'part_name': 'HQ'}, ADMIN, CONSENT)
    listed = post(url, '/rest/api/groups/list', list_body(), emulator.config['api_key']).json()['list']
    assert [item for item in listed if 'groupPartName' in item] == []
    assert emulator.groups[group['group_id']]['groupPartName'] == 'HQ'


def test_update_sets_a_key_left_out_to_null(client, url, emulator):
    root = client.create_group({'name': 'root'}, ADMIN, CONSENT)
    child = client.create_group({'name': 'child', 'parent_group_id': root['group_id'], 'part_name': 'P'},
                                dict(ADMIN, login_id='child'), CONSENT)
    body = [{'flag': 'U', 'groupId': child['group_id'], 'update': {'groupName': 'kid'}}]
    answer = post(url, '/rest/api/group', body, emulator.config['api_key']).json()
    assert answer['successCount'] == 1
    stored = emulator.groups[child['group_id']]
    assert (stored['groupName'], stored['parentGroupId'], stored['level'], stored['groupPartName']) == (
        'kid', None, None, None)


def test_update_without_a_group_name_is_refused(client, url, emulator):
    group = client.create_group({'name': 'g'}, ADMIN, CONSENT)
    body = [{'flag': 'U', 'groupId': group['group_id'], 'update': {'level': 2}}]
    answer = post(url, '/rest/api/group', body, emulator.config['api_key']).json()
    assert answer['failList'][0]['message'] == 'groupName is required'
    assert emulator.groups[group['group_id']]['level'] == 1


# Answers read strictly -----------------------------------------------------------

LIST_OK = {'success': True, 'message': '', 'searchAll': True}
ITEM = {'groupId': 2, 'groupName': 'g', 'urlPath': 'SGT_0000000002', 'createDate': '2024-09-01T09:00:00',
        'groupAdminId': 2, 'groupAdminLoginId': 'a', 'linkedType': None, 'level': 1, 'parentGroupId': None,
        'used': True}
WRONG_LISTS = {
    'body a list': ([ITEM], 'body is a list, expected an object'),
    'success missing': ({'list': []}, 'success is missing, expected a boolean'),
    'success a string': (dict(LIST_OK, success='true', list=[]), 'success is a string, expected a boolean'),
    'list missing': (dict(LIST_OK), 'list is missing, expected a list'),
    'list an object': (dict(LIST_OK, list={'0': ITEM}), 'list is an object, expected a list'),
    'groupId a string': (dict(LIST_OK, list=[dict(ITEM, groupId='2')]),
                         'list[0].groupId is a string, expected an integer'),
    'groupId missing': (dict(LIST_OK, list=[dict((k, v) for k, v in ITEM.items() if k != 'groupId')]),
                        'list[0].groupId is missing, expected an integer'),
    'groupName null': (dict(LIST_OK, list=[dict(ITEM, groupName=None)]),
                       'list[0].groupName is null, expected a string'),
    'parentGroupId a string': (dict(LIST_OK, list=[dict(ITEM, parentGroupId='1')]),
                               'list[0].parentGroupId is a string, expected an integer'),
    'level a boolean': (dict(LIST_OK, list=[ITEM, dict(ITEM, groupId=3, level=True)]),
                        'list[1].level is true, expected an integer'),
    'used a string': (dict(LIST_OK, list=[dict(ITEM, used='Y')]), 'list[0].used is a string, expected a boolean'),
    'message a list': (dict(LIST_OK, list=[], message=['no permission groupId:1']),
                       'message is a list, expected a string'),
}


@pytest.mark.parametrize('case', sorted(WRONG_LISTS))
def test_a_wrong_list_answer_names_the_call_and_what_was_wrong(client, emulator, case):
    body, what = WRONG_LISTS[case]
    emulator.faults.add([{'path': 'groups/list$', 'body': body}])
    with pytest.raises(ApiError) as caught:
        client.list_groups()
    assert what in str(caught.value)
    assert 'SignTogether answered with a wrong shape' in str(caught.value)
    assert (caught.value.method, caught.value.path) == ('POST', '/rest/api/groups/list')
    assert [entry['fault'] for entry in emulator.log] == ['body'], 'a wrong shape is not read again'


def test_a_refused_list_is_the_vendor_message(client, emulator):
    emulator.faults.add([{'path': 'groups/list$', 'body': {'success': False, 'message': 'not now'}}])
    with pytest.raises(ApiError) as caught:
        client.list_groups()
    assert caught.value.vendor_message == 'not now'


WRITE_OK = {'successCount': 1, 'failCount': 0, 'failList': [],
            'successList': [{'urlPath': 'SGT_0000000002', 'groupAdminId': 2, 'modifyDate': '2024-09-01T09:00:00.000',
                             'message': '', 'phoneNumber': None, 'update': None, 'parentGroupId': None,
                             'level': 1, 'used': True, 'success': True, 'groupId': 2, 'groupName': 'g'}]}
WRONG_WRITES = {
    'body null': (None, 'body is null, expected an object'),
    'successList null': (dict(WRITE_OK, successList=None), 'successList is null, expected a list'),
    'failList missing': (dict((k, v) for k, v in WRITE_OK.items() if k != 'failList'),
                         'failList is missing, expected a list'),
    'successList item a number': (dict(WRITE_OK, successList=[2]), 'successList[0] is a number, expected an object'),
    'failList item a list': (dict(WRITE_OK, successList=[], failList=[['duplicate']]),
                             'failList[0] is a list, expected an object'),
    'failList message a number': (dict(WRITE_OK, successList=[], failList=[{'groupId': None, 'message': 7}]),
                                  'failList[0].message is a number, expected a string'),
    'groupId null': (dict(WRITE_OK, successList=[dict(WRITE_OK['successList'][0], groupId=None)]),
                     'successList[0].groupId is null, expected an integer'),
    'both lists empty': (dict(WRITE_OK, successList=[]), 'successList and failList hold 0 entries'),
    'two entries for one set': (dict(WRITE_OK, successList=WRITE_OK['successList'] * 2),
                                'successList and failList hold 2 entries'),
}


@pytest.mark.parametrize('case', sorted(WRONG_WRITES))
def test_a_wrong_write_answer_names_the_call_and_nothing_follows(client, emulator, case):
    body, what = WRONG_WRITES[case]
    emulator.faults.add([{'path': 'api/group$', 'body': body}])
    with pytest.raises(ApiError) as caught:
        client.create_group({'name': 'g'}, ADMIN, CONSENT)
    assert what in str(caught.value)
    assert 'the write may have been applied' in str(caught.value)
    assert (caught.value.method, caught.value.path) == ('POST', '/rest/api/group')
    assert not caught.value.ambiguous
    assert [entry['kind'] for entry in emulator.log] == ['write']


def test_an_update_answered_for_another_group_is_a_wrong_shape(client, emulator):
    group = client.create_group({'name': 'g'}, ADMIN, CONSENT)
    emulator.faults.add([{'path': 'api/group$', 'body': dict(WRITE_OK, successList=[
        dict(WRITE_OK['successList'][0], groupId=group['group_id'] + 1)])}])
    emulator.log.clear()
    with pytest.raises(ApiError) as caught:
        client.update_group(group, {'level': 3})
    assert 'not the group updated (%s)' % group['group_id'] in str(caught.value)
    assert [entry['kind'] for entry in emulator.log] == ['write']


def test_a_write_refused_in_an_error_envelope_is_the_vendor_message(client, emulator):
    emulator.faults.add([{'path': 'api/group$', 'body': {'success': False, 'message': 'quota reached'}}])
    with pytest.raises(ApiError) as caught:
        client.create_group({'name': 'g'}, ADMIN, CONSENT)
    assert caught.value.vendor_message == 'quota reached'


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
    answer = requests.post(url + '/rest/api/groups/list', json=list_body(), timeout=5)
    assert answer.status_code == 401
    assert answer.json() == {'success': False, 'message': 'invalid apiKey'}
