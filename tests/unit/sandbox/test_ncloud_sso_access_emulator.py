"""The Ncloud SSO emulator's permission sets and assignments (tests/sandbox/ncloud_sso_access.py),
called over HTTP with signed requests, as the contract's corrections describe them."""

import pytest

from sandbox.ncloud_sso import ACCOUNT
# The fixtures call and emulator too: signed calls to the emulator, and the emulator itself.
from test_ncloud_sso_groups_emulator import add_users, call, created, emulator, error_of  # noqa: F401 pylint: disable=unused-import

ADMIN = ['NCP_ADMINISTRATOR']


def permission_set(call, name, **fields):
    fields.setdefault('systemManagedPolicyIds', ADMIN)
    status, answer = call('POST', '/permission-sets', dict(fields, permissionSetName=name))
    assert status == 200 and answer['success'], answer
    return answer['id']


def assignment(call, name, set_id, **fields):
    body = dict({'assignmentName': name, 'accountMbrNo': int(ACCOUNT), 'permissionSetId': set_id,
                 'consoleAccessAllowed': True, 'apiAccessAllowed': False}, **fields)
    status, answer = call('POST', '/assignments', body)
    assert status == 200 and answer['success'], answer
    return answer['id']


def test_a_permission_set_is_created_listed_without_policies_and_read_with_them(call):
    set_id = permission_set(call, 'Admins', description='all', userCreatedPolicyNames=[])
    status, page = call('GET', '/permission-sets', searchColumn='permissionSetName', searchWord='dmin')
    assert status == 200 and [item['permissionSetId'] for item in page['items']] == [set_id]
    assert set(page['items'][0]) == {'permissionSetId', 'permissionSetName', 'description', 'nrn', 'createdAt'}
    status, found = call('GET', '/permission-sets/' + set_id)
    assert [policy['policyId'] for policy in found['systemManagedPolicyList']] == ADMIN
    assert found['userCreatedPolicyList'] == [] and found['accountList'] == []


@pytest.mark.parametrize('policies', [{}, {'systemManagedPolicyIds': []},
                                      {'systemManagedPolicyIds': ['NCP_VIEWER'], 'userCreatedPolicyNames':
                                       ['p%d' % number for number in range(10)]},
                                      {'systemManagedPolicyIds': ['NCP_VIEWER', 'NCP_VIEWER']},
                                      {'systemManagedPolicyIds': ['NOT_A_POLICY']},
                                      {'systemManagedPolicyIds': 'NCP_VIEWER'}])
def test_a_permission_set_holds_one_to_ten_known_policies_each_once(call, emulator, policies):
    status, answer = call('POST', '/permission-sets', dict(policies, permissionSetName='bad'))
    assert status == 400 and answer['error']['errorCode'] == '100', answer
    assert emulator.dump_state()['permissionSets'] == []


def test_ten_policies_are_accepted(call):
    permission_set(call, 'ten', systemManagedPolicyIds=['NCP_VIEWER'],
                   userCreatedPolicyNames=['p%d' % number for number in range(9)])


def test_names_are_unique_without_regard_to_case_and_never_renamed(call):
    set_id = permission_set(call, 'Ops')
    assert error_of(call('POST', '/permission-sets', {'permissionSetName': 'oPS', 'systemManagedPolicyIds': ADMIN})) \
        == (400, '100', 'Permission set name already exists.')
    renamed = {'permissionSetName': 'x', 'systemManagedPolicyIds': ADMIN}
    assert error_of(call('PUT', '/permission-sets/' + set_id, renamed))[:2] == (400, '100')


def test_put_replaces_the_whole_set_and_a_description_left_out_is_deleted(call):
    set_id = permission_set(call, 'ops', description='keep?', userCreatedPolicyNames=['custom'])
    assert call('PUT', '/permission-sets/' + set_id, {'systemManagedPolicyIds': ['NCP_VIEWER']}) == \
        (200, {'id': set_id, 'success': True})
    found = call('GET', '/permission-sets/' + set_id)[1]
    assert found['description'] is None and found['userCreatedPolicyList'] == []
    assert [policy['policyId'] for policy in found['systemManagedPolicyList']] == ['NCP_VIEWER']


def test_an_assignment_takes_the_account_as_a_number_and_lists_it_as_a_string(call, emulator):
    set_id = permission_set(call, 'ops')
    body = {'assignmentName': 'ops-prod', 'accountMbrNo': ACCOUNT, 'permissionSetId': set_id,
            'consoleAccessAllowed': True, 'apiAccessAllowed': False}
    assert error_of(call('POST', '/assignments', body))[:2] == (400, '100')
    assignment_id = assignment(call, 'ops-prod', set_id)
    accounts = call('GET', '/permission-sets/' + set_id)[1]['accountList']
    assert [account['accountMbrNo'] for account in accounts] == [ACCOUNT]
    item = call('GET', '/assignments', searchColumn='assignmentName', searchWord='PROD')[1]['items'][0]
    assert item['assignmentId'] == assignment_id and item['accountMbrNo'] == ACCOUNT
    assert (item['status'], item['permissionSetId'], item['consoleAccessAllowed']) == ('active', set_id, True)
    assert error_of(call('POST', '/assignments', dict(body, accountMbrNo=999, assignmentName='other')))[:2] == \
        (400, '100')


def test_a_user_created_policy_must_exist_when_the_assignment_is_created(call, emulator):
    set_id = permission_set(call, 'custom', userCreatedPolicyNames=['tenant-read'])
    status, answer = call('POST', '/assignments', {'assignmentName': 'a1', 'accountMbrNo': int(ACCOUNT),
                                                   'permissionSetId': set_id, 'consoleAccessAllowed': True,
                                                   'apiAccessAllowed': True})
    assert status == 400 and 'The policies do not exist: tenant-read' in answer['error']['detail']
    emulator.control({'add_user_policies': ['tenant-read']})
    assignment(call, 'a1', set_id)


def test_put_changes_description_and_flags_only_and_active_has_its_own_call(call):
    other = permission_set(call, 'other')
    assignment_id = assignment(call, 'a1', permission_set(call, 'ops'), description='old')
    path = '/assignments/' + assignment_id
    assert error_of(call('PUT', path, {'description': 'x'}))[:2] == (400, '100')
    assert error_of(call('PUT', path, {'permissionSetId': other, 'consoleAccessAllowed': True,
                                       'apiAccessAllowed': True}))[:2] == (400, '100')
    assert call('PUT', path, {'consoleAccessAllowed': False, 'apiAccessAllowed': True})[0] == 200
    found = call('GET', path)[1]
    assert (found['description'], found['consoleAccessAllowed'], found['apiAccessAllowed']) == (None, False, True)
    assert call('POST', path, {'active': False})[0] == 200 and call('GET', path)[1]['status'] == 'suspended'


def test_targets_are_added_listed_by_type_and_removed_all_or_nothing(call, emulator):
    ids = add_users(emulator, 'kim@example.com', 'lee@example.com')
    group = created(call, 'ops')
    assignment_id = assignment(call, 'a1', permission_set(call, 'ops'))
    targets = '/assignments/%s/targets' % assignment_id
    users = {'targetType': 'user', 'targetIds': [ids['kim@example.com']]}
    assert call('POST', targets, users) == (200, {'id': assignment_id, 'success': True})
    assert call('POST', targets, {'targetType': 'group', 'targetIds': [group['groupId']]})[0] == 200
    both = {'targetType': 'user', 'targetIds': [ids['lee@example.com'], ids['kim@example.com']]}
    assert error_of(call('POST', targets, both))[:2] == (400, '9086')
    assert error_of(call('POST', targets, {'targetType': 'user', 'targetIds': ['nobody']}))[:2] == (400, '9050')
    assert error_of(call('POST', targets, {'targetType': 'group', 'targetIds': ['nogroup']}))[:2] == (400, '9061')
    assert error_of(call('GET', targets))[:2] == (400, '100')
    listed = call('GET', targets, targetType='user')[1]['items']
    assert [user['loginId'] for user in listed] == ['kim@example.com']
    assert [item['groupName'] for item in call('GET', targets, targetType='group')[1]['items']] == ['ops']
    assert error_of(call('POST', targets + '/delete', {'targetType': 'user', 'targetIds': [ids['lee@example.com']]}))[
        :2] == (400, '9083')
    assert call('POST', targets + '/delete', users)[0] == 200
    assert call('GET', targets, targetType='user')[1]['items'] == []


def test_an_unknown_assignment_answers_9080(call):
    for method, path, body in (('GET', '/assignments/nope', None),
                               ('PUT', '/assignments/nope', {'consoleAccessAllowed': True, 'apiAccessAllowed': True}),
                               ('POST', '/assignments/nope', {'active': True}), ('DELETE', '/assignments/nope', None),
                               ('POST', '/assignments/nope/targets', {'targetType': 'user', 'targetIds': ['u']})):
        assert error_of(call(method, path, body))[:2] == (400, '9080'), (method, path)


def test_a_permission_set_in_use_is_not_deleted(call, emulator):
    set_id = permission_set(call, 'ops')
    assignment_id = assignment(call, 'a1', set_id)
    assert error_of(call('DELETE', '/permission-sets/' + set_id)) == \
        (400, '100', 'The permission set is used by an assignment.')
    assert call('DELETE', '/assignments/' + assignment_id)[0] == 200
    assert call('DELETE', '/permission-sets/' + set_id) == (200, {'id': set_id, 'success': True})
    assert emulator.dump_state()['permissionSets'] == []


def test_a_deleted_user_or_group_is_no_longer_a_target(call, emulator):
    ids = add_users(emulator, 'kim@example.com')
    group = created(call, 'ops')
    assignment_id = assignment(call, 'a1', permission_set(call, 'ops'))
    targets = '/assignments/%s/targets' % assignment_id
    call('POST', targets, {'targetType': 'user', 'targetIds': [ids['kim@example.com']]})
    call('POST', targets, {'targetType': 'group', 'targetIds': [group['groupId']]})
    call('DELETE', '/users/' + ids['kim@example.com'])
    call('DELETE', '/groups/' + group['groupId'])
    assert emulator.dump_state()['assignments'][0]['targets'] == {'user': [], 'group': []}
