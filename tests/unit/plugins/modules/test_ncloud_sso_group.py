"""ncloud_sso_group, run in-process against the Ncloud SSO emulator: the group, its
members by login id, the calls each run makes (request log) and what the service
holds afterwards (emulator state)."""

import re

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_sso_group
from support.modules import run_module, warnings_of

RULES = {'consoleAccessAllowed': False, 'apiAccessAllowed': False}
MEMBERS = r'/groups/[^/]+/users$'
REMOVALS = r'/groups/[^/]+/users/delete$'


@pytest.fixture
def sso(service_env):
    emulator = service_env('ncloud_sso')
    add_users(emulator, ['kim@example.com', 'lee@example.com', 'park@example.com'])
    emulator.log = []
    return emulator


def add_users(emulator, login_ids):
    emulator.control({'add_users': [{'loginId': login_id, 'accessRules': RULES} for login_id in login_ids]})


def groups(emulator):
    """{name: (description, sorted member login ids)} of what the service holds."""
    return dict((group['groupName'], (group['description'], sorted(group['loginIds'])))
                for group in emulator.dump_state()['groups'])


def calls(emulator):
    return [(entry['method'], entry['path'].replace(_group_path(emulator), '/groups/ID')) for entry in emulator.log]


def _group_path(emulator):
    stored = emulator.dump_state()['groups']
    return '/groups/' + stored[0]['groupId'] if stored else '/groups/ID'


def writes(emulator):
    return [entry for entry in emulator.log if entry['kind'] == 'write']


def test_create_with_description_and_members_in_the_fewest_calls(sso):
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'description': 'Operations',
                                            'members': ['kim@example.com', 'lee@example.com']})
    result = outcome.result
    assert not outcome.failed and result['changed']
    assert groups(sso) == {'ops': ('Operations', ['kim@example.com', 'lee@example.com'])}
    assert result['group'] == {'group_id': sso.dump_state()['groups'][0]['groupId'], 'name': 'ops',
                               'description': 'Operations', 'members': ['kim@example.com', 'lee@example.com']}
    assert (result['added'], result['removed']) == (['kim@example.com', 'lee@example.com'], [])
    # One group list read, one users page for two login ids, the create and one member call.
    assert calls(sso) == [('GET', '/api/v1/groups'), ('GET', '/api/v1/users'), ('POST', '/api/v1/groups'),
                          ('POST', '/api/v1/groups/ID/users')]
    assert sso.log[0]['query'] == {'searchColumn': 'groupName', 'searchWord': 'ops', 'page': '0', 'size': '100'}


def test_a_rerun_with_nothing_to_change_only_reads(sso):
    args = {'name': 'ops', 'description': 'Operations', 'members': ['kim@example.com'], 'purge_members': True}
    run_module(ncloud_sso_group, args)
    sso.log = []
    again = run_module(ncloud_sso_group, args, diff=True)
    assert not again.failed and not again.result['changed']
    assert (again.result['added'], again.result['removed']) == ([], [])
    assert again.result['diff']['before'] == again.result['diff']['after']
    assert [entry['method'] for entry in sso.log] == ['GET', 'GET', 'GET'] and writes(sso) == []


def test_a_description_change_is_one_put_and_an_empty_one_clears_it(sso):
    run_module(ncloud_sso_group, {'name': 'ops', 'description': 'old', 'members': ['kim@example.com']})
    sso.log = []
    changed = run_module(ncloud_sso_group, {'name': 'ops', 'description': 'new'}, diff=True)
    assert changed.result['changed'] and groups(sso) == {'ops': ('new', ['kim@example.com'])}
    assert [(entry['method'], entry['kind']) for entry in writes(sso)] == [('PUT', 'write')]
    assert (changed.result['diff']['before']['description'], changed.result['diff']['after']['description']) == (
        'old', 'new')
    # Members left out are left as they are, and shown the same on both sides.
    assert changed.result['diff']['before']['members'] == changed.result['diff']['after']['members'] == [
        'kim@example.com']
    cleared = run_module(ncloud_sso_group, {'name': 'ops', 'description': ''})
    assert cleared.result['changed'] and groups(sso)['ops'][0] is None
    assert not run_module(ncloud_sso_group, {'name': 'ops', 'description': ''}).result['changed']


def test_members_are_added_and_with_purge_members_removed(sso):
    run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com']})
    sso.log = []
    added = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['lee@example.com', 'park@example.com']})
    assert added.result['added'] == ['lee@example.com', 'park@example.com'] and added.result['removed'] == []
    # Without purge_members a member not listed stays.
    assert groups(sso)['ops'][1] == ['kim@example.com', 'lee@example.com', 'park@example.com']
    assert [entry['path'].endswith('/users') for entry in writes(sso)] == [True]
    sso.log = []
    purged = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['lee@example.com'], 'purge_members': True},
                        diff=True)
    assert purged.result['removed'] == ['kim@example.com', 'park@example.com'] and purged.result['added'] == []
    assert groups(sso)['ops'][1] == ['lee@example.com'] and purged.result['group']['members'] == ['lee@example.com']
    assert purged.result['diff']['before']['members'] == ['kim@example.com', 'lee@example.com', 'park@example.com']
    assert purged.result['diff']['after']['members'] == ['lee@example.com']
    assert [entry['path'].endswith('/users/delete') for entry in writes(sso)] == [True]
    emptied = run_module(ncloud_sso_group, {'name': 'ops', 'members': [], 'purge_members': True})
    assert emptied.result['removed'] == ['lee@example.com'] and groups(sso)['ops'][1] == []


def test_unknown_login_ids_are_refused_by_name_before_any_write(sso):
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'description': 'Operations', 'members': [
        'kim@example.com', 'ghost@example.com', 'kim@example.org', 'nobody@example.com']})
    assert outcome.failed and outcome.result['msg'] == (
        'members: 3 login ids are not users of the directory, nothing was written: '
        'ghost@example.com, kim@example.org, nobody@example.com')
    assert writes(sso) == [] and groups(sso) == {}


def test_in_check_mode_members_an_earlier_task_would_create_show_as_added_with_a_warning(sso):
    # A drift audit of a new tenant: the users task only planned to create its users.
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com', 'new@example.com']},
                         check_mode=True, diff=True)
    assert not outcome.failed and outcome.result['added'] == ['kim@example.com', 'new@example.com']
    assert outcome.result['diff']['after']['members'] == ['kim@example.com', 'new@example.com']
    assert warnings_of(outcome) == [
        'members not yet users of the directory, shown as to be added (check mode): new@example.com; '
        'a real run fails unless an earlier task creates them']
    assert writes(sso) == []


def test_a_malformed_name_or_login_id_is_refused_before_any_request(sso):
    outcome = run_module(ncloud_sso_group, {'name': 'x', 'description': 'd' * 301, 'members': ['not-an-email']})
    msg = outcome.result['msg']
    assert outcome.failed and msg.startswith('3 problems, nothing was sent: ')
    assert "name 'x' must be 2 to 30 characters" in msg and 'description is 301 characters, more than 300' in msg
    assert 'members[0] (not-an-email): login_id must be an email address' in msg
    assert sso.log == []


def test_two_members_that_differ_only_by_case_are_refused_and_one_in_another_case_is_the_user(sso):
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com', 'KIM@example.com']})
    assert outcome.failed and outcome.result['msg'] == (
        '1 problem, nothing was sent: members[1] (KIM@example.com): members[0] (kim@example.com) is the same '
        'user: login ids are compared without regard to case')
    assert sso.log == []
    created = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['KIM@example.com']})
    assert not created.failed, created
    assert groups(sso)['ops'][1] == ['kim@example.com']


def test_a_name_in_another_case_finds_the_same_group_and_reports_its_stored_name(sso):
    run_module(ncloud_sso_group, {'name': 'DevOps', 'members': ['kim@example.com']})
    sso.log = []
    outcome = run_module(ncloud_sso_group, {'name': 'devops', 'members': ['kim@example.com', 'lee@example.com']})
    assert outcome.result['group']['name'] == 'DevOps' and outcome.result['added'] == ['lee@example.com']
    assert groups(sso) == {'DevOps': (None, ['kim@example.com', 'lee@example.com'])}
    assert [entry['method'] + entry['path'][-6:] for entry in writes(sso)] == ['POST/users']


def test_a_partial_match_of_the_search_is_not_the_group(sso):
    for name in ('devops', 'dev-team', 'my-dev'):
        sso.add_group({'name': name})
    outcome = run_module(ncloud_sso_group, {'name': 'dev'})
    assert outcome.result['changed'] and outcome.result['group']['name'] == 'dev'
    assert sorted(groups(sso)) == ['dev', 'dev-team', 'devops', 'my-dev']


def test_the_group_is_found_on_a_later_page_of_the_search(sso):
    for index in range(150):
        sso.add_group({'name': 'team%03d' % index})
    sso.add_group({'name': 'TEAM'})
    for index in range(150, 210):
        sso.add_group({'name': 'team%03d' % index})
    sso.log = []
    outcome = run_module(ncloud_sso_group, {'name': 'team'})
    assert not outcome.result['changed'] and outcome.result['group']['name'] == 'TEAM'
    assert [entry['query']['page'] for entry in sso.log] == ['0', '1', '2', '0'] and writes(sso) == []


def test_delete_removes_the_group_and_shows_it_whole_then_changes_nothing(sso):
    run_module(ncloud_sso_group, {'name': 'ops', 'description': 'Operations', 'members': ['kim@example.com']})
    sso.log = []
    deleted = run_module(ncloud_sso_group, {'name': 'OPS', 'state': 'absent'}, diff=True)
    assert deleted.result['changed'] and deleted.result['group'] is None and groups(sso) == {}
    assert deleted.result['diff']['before'] == {'group_id': deleted.result['diff']['before']['group_id'],
                                                'name': 'ops', 'description': 'Operations',
                                                'members': ['kim@example.com']}
    assert deleted.result['diff']['after'] == {}
    assert [entry['method'] for entry in writes(sso)] == ['DELETE']
    # The users stay.
    assert len(sso.dump_state()['users']) == 3
    sso.log = []
    again = run_module(ncloud_sso_group, {'name': 'ops', 'state': 'absent'})
    assert not again.result['changed'] and writes(sso) == [] and len(sso.log) == 1


def test_check_mode_reads_only_and_predicts_the_group_and_its_members(sso):
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'description': 'Operations',
                                            'members': ['kim@example.com']}, check_mode=True, diff=True)
    result = outcome.result
    assert result['changed'] and result['added'] == ['kim@example.com']
    assert result['group'] == {'group_id': None, 'name': 'ops', 'description': 'Operations',
                               'members': ['kim@example.com']}
    assert result['diff'] == {'before': {}, 'after': {'group_id': None, 'name': 'ops', 'description': 'Operations',
                                                      'members': ['kim@example.com']}}
    assert writes(sso) == [] and groups(sso) == {}
    run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com']})
    sso.log = []
    purge = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['lee@example.com'], 'purge_members': True},
                       check_mode=True)
    assert (purge.result['added'], purge.result['removed']) == (['lee@example.com'], ['kim@example.com'])
    assert writes(sso) == [] and groups(sso)['ops'][1] == ['kim@example.com']


def test_more_than_a_hundred_members_are_added_and_removed_in_batches_of_a_hundred(sso):
    many = ['user%03d@example.com' % index for index in range(250)]
    add_users(sso, many)
    sso.log = []
    outcome = run_module(ncloud_sso_group, {'name': 'everyone', 'members': many})
    assert len(outcome.result['added']) == 250 and len(groups(sso)['everyone'][1]) == 250
    posts = [entry for entry in writes(sso) if entry['path'].endswith('/users')]
    assert len(posts) == 3
    sso.log = []
    rerun = run_module(ncloud_sso_group, {'name': 'everyone', 'members': many})
    # 253 users: 3 pages; 250 members: 3 pages; one group list.
    assert not rerun.result['changed'] and writes(sso) == [] and len(sso.log) == 7
    purged = run_module(ncloud_sso_group, {'name': 'everyone', 'members': [], 'purge_members': True})
    assert len(purged.result['removed']) == 250 and groups(sso)['everyone'][1] == []
    assert len([entry for entry in writes(sso) if entry['path'].endswith('/users/delete')]) == 3


@pytest.mark.parametrize('path, args, left', [
    (MEMBERS, {'members': ['kim@example.com', 'lee@example.com']},
     ['kim@example.com', 'lee@example.com', 'park@example.com']),
    (REMOVALS, {'members': ['park@example.com'], 'purge_members': True}, ['park@example.com']),
], ids=['add', 'remove'])
@pytest.mark.parametrize('fault', [{'commit': True, 'status': 500}, {'commit': True, 'reset': True},
                                   {'commit': True, 'malformed': True}, {'commit': True, 'delay': 1.6}],
                         ids=['500', 'reset', 'garbled', 'slower than the timeout'])
def test_a_member_write_applied_but_unanswered_is_read_back_not_sent_again(sso, path, args, left, fault):
    run_module(ncloud_sso_group, {'name': 'ops', 'members': ['park@example.com', 'kim@example.com']})
    sso.log = []
    sso.faults.add([dict(fault, method='POST', path=path)])
    outcome = run_module(ncloud_sso_group, dict(args, name='ops', timeout=1))
    assert not outcome.failed, outcome
    assert outcome.result['changed'] and outcome.result['group']['members'] == left
    assert (outcome.result['added'], outcome.result['removed']) == (
        (['lee@example.com'], []) if path == MEMBERS else ([], ['kim@example.com']))
    assert groups(sso)['ops'][1] == left
    assert len(writes(sso)) == 1
    # The read-back after the lost answer: the members read again.
    assert [entry['method'] for entry in sso.log if re.search(MEMBERS, entry['path'])].count('GET') == 2
    sso.log = []
    assert not run_module(ncloud_sso_group, dict(args, name='ops')).result['changed'] and writes(sso) == []


def test_a_member_the_answer_holds_no_result_for_is_read_back(sso):
    sso.faults.add([{'method': 'POST', 'path': MEMBERS, 'commit': True, 'body': []}])
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com', 'lee@example.com']})
    assert not outcome.failed and outcome.result['added'] == ['kim@example.com', 'lee@example.com']
    assert len([entry for entry in writes(sso) if entry['path'].endswith('/users')]) == 1


def test_a_member_write_refused_with_503_is_sent_again_once_a_read_shows_it_missing(sso):
    sso.add_group({'name': 'ops'})
    sso.faults.add([{'method': 'POST', 'path': MEMBERS, 'status': 503}])
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com']})
    assert not outcome.failed and outcome.result['added'] == ['kim@example.com']
    assert [entry['status'] for entry in writes(sso)] == [503, 200]


def test_a_lost_create_is_read_back_and_the_members_still_added(sso):
    sso.faults.add([{'method': 'POST', 'path': r'/groups$', 'commit': True, 'status': 502}])
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com']})
    assert not outcome.failed and outcome.result['changed']
    assert groups(sso) == {'ops': (None, ['kim@example.com'])}
    assert [re.search(MEMBERS, entry['path']) is not None for entry in writes(sso)] == [False, True]


def test_a_member_the_service_refuses_fails_the_task_naming_it(sso):
    users = dict((user['loginId'], user['userId']) for user in sso.dump_state()['users'])
    sso.faults.add([{'method': 'POST', 'path': MEMBERS, 'commit': True, 'body': [
        {'id': users['kim@example.com'], 'success': False, 'message': 'User does not exist.'},
        {'id': users['lee@example.com'], 'success': True}]}])
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com', 'lee@example.com']})
    assert outcome.failed and outcome.result['msg'] == (
        "1 member change of group 'ops' failed (1 added, 0 removed): add kim@example.com: User does not exist.")
    assert outcome.result['added'] == ['lee@example.com'] and 'Traceback' not in outcome.stdout


def test_a_group_list_of_the_wrong_shape_fails_and_nothing_is_written(sso):
    sso.faults.add([{'method': 'GET', 'path': r'/groups$', 'body': {
        'page': 0, 'totalPages': 1, 'totalItems': 1, 'items': [{'groupId': 7, 'groupName': 'ops'}]}}])
    outcome = run_module(ncloud_sso_group, {'name': 'ops'})
    assert outcome.failed and 'items[0].groupId is a number, expected a string' in outcome.result['msg']
    assert writes(sso) == []


def test_a_group_deleted_meanwhile_fails_with_the_service_code(sso):
    run_module(ncloud_sso_group, {'name': 'ops'})
    sso.faults.add([{'method': 'POST', 'path': MEMBERS, 'status': 400,
                     'body': {'error': {'errorCode': '9061', 'message': 'Group does not exist.'}}}])
    outcome = run_module(ncloud_sso_group, {'name': 'ops', 'members': ['kim@example.com']})
    assert outcome.failed and outcome.result['code'] == '9061' and outcome.result['status'] == 400
    assert 'add kim@example.com: ' in outcome.result['msg'] and 'Group does not exist.' in outcome.result['msg']
