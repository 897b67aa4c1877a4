"""The Ncloud SSO emulator's groups and group members (tests/sandbox/ncloud_sso_groups.py),
called over HTTP with signed requests, as the contract describes them."""

import json
import time
from urllib.parse import urlencode

import pytest
import requests

from sandbox.ncloud_sso import sign

RULES = {'consoleAccessAllowed': False, 'apiAccessAllowed': False}


class Caller:
    """Signed calls to the emulator, with the writer's or the reader's key."""

    def __init__(self, sandbox, reader=False):
        self.url = sandbox.url('ncloud_sso')
        self.emulator = sandbox.emulator('ncloud_sso')
        config = self.emulator.config
        prefix = 'reader_' if reader else ''
        self.access_key, self.secret_key = config[prefix + 'access_key'], config[prefix + 'secret_key']

    def __call__(self, method, path, body=None, **query):
        uri = '/api/v1' + path + ('?' + urlencode(query) if query else '')
        timestamp = str(int(time.time() * 1000))
        headers = {'x-ncp-apigw-timestamp': timestamp, 'x-ncp-iam-access-key': self.access_key,
                   'x-ncp-apigw-signature-v2': sign(self.secret_key, method, uri, timestamp, self.access_key)}
        data = None if body is None else json.dumps(body)
        if data is not None:
            headers['Content-Type'] = 'application/json'
        answer = requests.request(method, self.url + uri, data=data, headers=headers, timeout=10)
        return answer.status_code, answer.json()


@pytest.fixture
def call(fresh_sandbox):
    return Caller(fresh_sandbox)


@pytest.fixture
def emulator(fresh_sandbox):
    return fresh_sandbox.emulator('ncloud_sso')


def add_users(emulator, *login_ids):
    emulator.control({'add_users': [{'loginId': login_id, 'accessRules': RULES} for login_id in login_ids]})
    return dict((user['loginId'], user['userId']) for user in emulator.dump_state()['users'])


def created(call, name, **fields):
    status, group = call('POST', '/groups', dict(fields, name=name))
    assert status == 200, group
    return group


def error_of(answer):
    status, body = answer
    return status, body['error']['errorCode'], body['error'].get('detail') or body['error']['message']


def test_create_answers_the_group_and_lists_it(call):
    group = created(call, 'dev-ops_1', description='Operations')
    assert set(group) == {'groupId', 'groupName', 'nrn', 'description', 'createdAt', 'updatedAt'}
    assert group['nrn'].endswith(':Group/' + group['groupId']) and group['groupName'] == 'dev-ops_1'
    status, page = call('GET', '/groups')
    assert status == 200 and page['items'] == [group]
    assert (page['page'], page['totalPages'], page['totalItems'], page['isLast']) == (0, 1, 1, True)


@pytest.mark.parametrize('name', ['a', 'x' * 31, '-lead', '_lead', 'has space', 'dot.ted', '한글이름', '', None, 7])
def test_a_name_that_breaks_the_rule_is_refused(call, emulator, name):
    status, code, detail = error_of(call('POST', '/groups', {'name': name}))
    assert (status, code) == (400, '100') and 'fields are invalid' in detail
    assert emulator.dump_state()['groups'] == []


def test_a_name_of_two_and_of_thirty_characters_is_accepted(call):
    created(call, 'ab')
    created(call, 'Z' + '9' * 29)


def test_names_are_unique_without_regard_to_case(call, emulator):
    created(call, 'Sales')
    assert error_of(call('POST', '/groups', {'name': 'sALES'})) == (400, '100', 'Group name already exists.')
    assert [group['groupName'] for group in emulator.dump_state()['groups']] == ['Sales']


def test_a_description_of_301_characters_and_unknown_fields_are_refused(call, emulator):
    assert error_of(call('POST', '/groups', {'name': 'ok', 'description': 'x' * 301}))[:2] == (400, '100')
    assert error_of(call('POST', '/groups', {'name': 'ok', 'groupName': 'ok'}))[:2] == (400, '100')
    assert emulator.dump_state()['groups'] == []
    created(call, 'ok', description='가' * 300)


def test_put_changes_only_the_description_and_requires_it(call, emulator):
    group = created(call, 'ops', description='old')
    path = '/groups/' + group['groupId']
    assert error_of(call('PUT', path, {}))[:2] == (400, '100')
    assert error_of(call('PUT', path, {'description': 'new', 'name': 'renamed'}))[:2] == (400, '100')
    assert error_of(call('PUT', path, {'description': 'x' * 301}))[:2] == (400, '100')
    assert call('PUT', path, {'description': 'new'}) == (200, {'id': group['groupId'], 'nrn': group['nrn'],
                                                               'success': True})
    stored = emulator.dump_state()['groups'][0]
    assert (stored['groupName'], stored['description']) == ('ops', 'new')
    call('PUT', path, {'description': ''})
    assert call('GET', path)[1]['description'] is None


def test_an_unknown_group_answers_400_with_9061_on_every_path(call):
    for method, path, body in (('GET', '/groups/nope', None), ('PUT', '/groups/nope', {'description': ''}),
                               ('DELETE', '/groups/nope', None), ('GET', '/groups/nope/users', None),
                               ('POST', '/groups/nope/users', {'userIds': ['u']}),
                               ('POST', '/groups/nope/users/delete', {'userIds': ['u']})):
        assert error_of(call(method, path, body)) == (400, '9061', 'Group does not exist.'), (method, path)


def test_the_list_is_newest_first_paged_and_searched_partially_without_regard_to_case(call):
    for name in ('dev', 'devops', 'DevTools', 'sales'):
        created(call, name)
    names = [group['groupName'] for group in call('GET', '/groups', size=100)[1]['items']]
    assert names == ['sales', 'DevTools', 'devops', 'dev']
    status, page = call('GET', '/groups', searchColumn='groupName', searchWord='DEV', page=1, size=2)
    assert status == 200 and [group['groupName'] for group in page['items']] == ['dev']
    assert (page['totalItems'], page['totalPages'], page['isLast'], page['hasPrevious']) == (3, 2, True, True)


@pytest.mark.parametrize('query', [{'size': 101}, {'size': 0}, {'page': -1}, {'searchWord': 'dev'},
                                   {'searchColumn': 'groupName'}, {'searchColumn': 'name', 'searchWord': 'dev'}])
def test_a_list_query_out_of_bounds_is_refused(call, query):
    assert error_of(call('GET', '/groups', **query))[:2] == (400, '100')


def test_members_are_added_listed_newest_first_and_removed(call, emulator):
    ids = add_users(emulator, 'a@example.com', 'b@example.com')
    group = created(call, 'ops')
    path = '/groups/%s/users' % group['groupId']
    status, results = call('POST', path, {'userIds': [ids['a@example.com'], ids['b@example.com']]})
    assert status == 200 and sorted(result['id'] for result in results) == sorted(ids.values())
    assert all(result['success'] and result['nrn'].endswith(result['id']) for result in results)
    members = call('GET', path)[1]['items']
    assert [user['loginId'] for user in members] == ['b@example.com', 'a@example.com']
    assert 'relationCreatedAt' in members[0] and members[0]['accessRules'] == RULES
    # Adding a member again succeeds and changes nothing.
    assert call('POST', path, {'userIds': [ids['a@example.com']]})[1][0]['success'] is True
    assert call('POST', path + '/delete', {'userIds': [ids['a@example.com']]}) == (
        200, [{'id': ids['a@example.com'], 'success': True}])
    assert emulator.dump_state()['groups'][0]['loginIds'] == ['b@example.com']


def test_an_unknown_user_fails_only_its_item(call, emulator):
    ids = add_users(emulator, 'a@example.com')
    group = created(call, 'ops')
    status, results = call('POST', '/groups/%s/users' % group['groupId'], {'userIds': ['ghost', ids['a@example.com']]})
    assert status == 200
    assert dict((result['id'], (result['success'], result.get('message'))) for result in results) == {
        'ghost': (False, 'User does not exist.'), ids['a@example.com']: (True, None)}
    assert emulator.dump_state()['groups'][0]['loginIds'] == ['a@example.com']


def test_removing_a_user_who_is_not_a_member_fails_that_item(call, emulator):
    ids = add_users(emulator, 'a@example.com')
    group = created(call, 'ops')
    assert call('POST', '/groups/%s/users/delete' % group['groupId'], {'userIds': [ids['a@example.com']]}) == (
        200, [{'id': ids['a@example.com'], 'success': False, 'message': 'The user does not belong to this group.'}])


@pytest.mark.parametrize('count', [0, 101])
def test_member_calls_take_one_to_a_hundred_ids_and_apply_nothing_otherwise(call, emulator, count):
    ids = add_users(emulator, *['u%03d@example.com' % index for index in range(101)])
    group = created(call, 'ops')
    user_ids = sorted(ids.values())[:count]
    for suffix in ('', '/delete'):
        assert error_of(call('POST', '/groups/%s/users%s' % (group['groupId'], suffix), {'userIds': user_ids}))[:2] \
            == (400, '100')
    assert emulator.dump_state()['groups'][0]['userIds'] == []


def test_a_hundred_members_in_one_call_answered_out_of_order(call, emulator):
    ids = add_users(emulator, *['u%03d@example.com' % index for index in range(100)])
    group = created(call, 'ops')
    sent = sorted(ids.values())
    status, results = call('POST', '/groups/%s/users' % group['groupId'], {'userIds': sent})
    assert status == 200 and sorted(result['id'] for result in results) == sent
    assert [result['id'] for result in results] != sent
    assert len(emulator.dump_state()['groups'][0]['userIds']) == 100


def test_deleting_a_user_removes_it_from_every_group(call, emulator):
    ids = add_users(emulator, 'a@example.com', 'b@example.com')
    for name in ('one', 'two'):
        group = created(call, name)
        call('POST', '/groups/%s/users' % group['groupId'], {'userIds': sorted(ids.values())})
    call('POST', '/users/delete', {'userIds': [ids['a@example.com']]})
    assert [group['loginIds'] for group in emulator.dump_state()['groups']] == [['b@example.com']] * 2
    call('DELETE', '/users/' + ids['b@example.com'])
    assert [group['userIds'] for group in emulator.dump_state()['groups']] == [[], []]


def test_deleting_a_group_drops_its_memberships_and_leaves_the_users(call, emulator):
    ids = add_users(emulator, 'a@example.com')
    group = created(call, 'ops')
    call('POST', '/groups/%s/users' % group['groupId'], {'userIds': [ids['a@example.com']]})
    assert call('DELETE', '/groups/' + group['groupId'])[1]['success'] is True
    assert emulator.dump_state()['groups'] == [] and len(emulator.dump_state()['users']) == 1
    assert error_of(call('GET', '/groups/%s/users' % group['groupId']))[:2] == (400, '9061')


def test_bulk_delete_fails_unknown_ids_only(call, emulator):
    group = created(call, 'ops')
    status, results = call('POST', '/groups/delete', {'groupIds': [group['groupId'], 'nope']})
    assert status == 200 and dict((result['id'], result['success']) for result in results) == {
        group['groupId']: True, 'nope': False}
    assert emulator.dump_state()['groups'] == []


def test_check_group_name_says_why_a_name_cannot_be_used(call):
    created(call, 'Ops')
    assert call('GET', '/groups/check-group-name', groupName='ops')[1] == {
        'name': 'ops', 'success': False, 'message': 'group name already exists'}
    assert call('GET', '/groups/check-group-name', groupName='new-one')[1] == {'name': 'new-one', 'success': True}
    assert call('GET', '/groups/check-group-name', groupName='x')[1]['success'] is False


def test_the_reader_key_may_read_groups_but_not_write_them(fresh_sandbox, call):
    created(call, 'ops')
    reader = Caller(fresh_sandbox, reader=True)
    assert reader('GET', '/groups')[0] == 200
    assert error_of(reader('POST', '/groups', {'name': 'other'}))[:2] == (401, '210')


def test_every_group_path_is_logged_and_takes_faults(call, emulator):
    group = created(call, 'ops')
    emulator.faults.add([{'method': 'POST', 'path': '/users$', 'commit': True, 'status': 500}])
    ids = add_users(emulator, 'a@example.com')
    status, body = call('POST', '/groups/%s/users' % group['groupId'], {'userIds': [ids['a@example.com']]})
    # The write was applied, then its answer replaced by the fault.
    assert (status, body['error']['errorCode']) == (500, '900')
    assert emulator.dump_state()['groups'][0]['loginIds'] == ['a@example.com']
    assert [(entry['method'], entry['path'], entry['kind'], entry['status'], entry['fault'])
            for entry in emulator.log] == [
        ('POST', '/api/v1/groups', 'write', 200, None),
        ('POST', '/api/v1/groups/%s/users' % group['groupId'], 'write', 500, 'commit+status 500')]
