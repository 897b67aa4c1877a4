"""ncloud_sso_group_info, run in-process against the Ncloud SSO emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_sso_group_info
from support.modules import run_module

RULES = {'consoleAccessAllowed': False, 'apiAccessAllowed': False}


@pytest.fixture
def sso(service_env):
    """Three groups, oldest first: Dev (kim, lee), devops (no members), sales (lee)."""
    emulator = service_env('ncloud_sso')
    emulator.control({'add_users': [{'loginId': login_id, 'accessRules': RULES}
                                    for login_id in ('kim@example.com', 'lee@example.com')]})
    users = dict((user['loginId'], user['userId']) for user in emulator.dump_state()['users'])
    for name, members in (('Dev', ['lee@example.com', 'kim@example.com']), ('devops', []),
                          ('sales', ['lee@example.com'])):
        group = emulator.add_group({'name': name, 'description': name + ' team'})
        for login_id in members:
            emulator.members[group['groupId']][users[login_id]] = '2026-01-01T00:00:00.000000'
    emulator.log = []
    return emulator


def test_every_group_newest_first_without_members(sso):
    result = run_module(ncloud_sso_group_info, {}).result
    assert not result['changed']
    assert [group['name'] for group in result['groups']] == ['sales', 'devops', 'Dev']
    stored = dict((group['groupName'], group) for group in sso.dump_state()['groups'])
    assert result['groups'][2] == {'group_id': stored['Dev']['groupId'], 'name': 'Dev', 'description': 'Dev team',
                                   'nrn': stored['Dev']['nrn'], 'created_at': stored['Dev']['createdAt'],
                                   'updated_at': stored['Dev']['updatedAt']}
    assert len(sso.log) == 1 and sso.log[0]['query'] == {'page': '0', 'size': '100'}


def test_a_name_finds_only_that_group_in_any_case_with_its_members(sso):
    result = run_module(ncloud_sso_group_info, {'name': 'dev', 'with_members': True}).result
    assert [(group['name'], group['members']) for group in result['groups']] == [
        ('Dev', ['kim@example.com', 'lee@example.com'])]
    # One search (it also matched devops), one member list.
    assert [entry['path'] for entry in sso.log] == [
        '/api/v1/groups', '/api/v1/groups/%s/users' % result['groups'][0]['group_id']]


def test_with_members_reads_each_groups_members(sso):
    result = run_module(ncloud_sso_group_info, {'with_members': True}, check_mode=True).result
    assert [(group['name'], group['members']) for group in result['groups']] == [
        ('sales', ['lee@example.com']), ('devops', []), ('Dev', ['kim@example.com', 'lee@example.com'])]
    assert len(sso.log) == 4 and all(entry['kind'] == 'read' for entry in sso.log)


def test_a_name_no_group_has_returns_no_group(sso):
    assert run_module(ncloud_sso_group_info, {'name': 'de'}).result['groups'] == []


def test_an_empty_name_is_refused_before_any_request(sso):
    outcome = run_module(ncloud_sso_group_info, {'name': ' '})
    assert outcome.failed and outcome.result['msg'] == 'name is empty: leave it out to read every group'
    assert sso.log == []


def test_a_member_list_of_the_wrong_shape_fails_naming_it(sso):
    sso.faults.add([{'method': 'GET', 'path': r'/users$', 'body': {
        'page': 0, 'totalPages': 1, 'totalItems': 1, 'items': [{'userId': 'u1'}]}}])
    outcome = run_module(ncloud_sso_group_info, {'with_members': True})
    assert outcome.failed and 'items[0].loginId is missing, expected a string' in outcome.result['msg']
    assert 'groups' not in outcome.result
