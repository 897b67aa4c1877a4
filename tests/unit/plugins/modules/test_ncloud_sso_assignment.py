"""ncloud_sso_assignment, run in-process against the Ncloud SSO emulator: the assignment, its
targets by group name and login id, the calls each run makes (request log) and what the service
holds afterwards."""

import re

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    ncloud_sso_assignment, ncloud_sso_group, ncloud_sso_permission_set)
from sandbox.ncloud_sso import ACCOUNT, SECOND_ACCOUNT
from sandbox.ncloud_sso_groups import page_of
from support.modules import run_module, warnings_of

RULES = {'consoleAccessAllowed': False, 'apiAccessAllowed': False}
LOGIN_IDS = ['kim@example.com', 'lee@example.com', 'park@example.com']
ASSIGNMENTS = r'/assignments$'
ONE = r'/assignments/[^/]+$'
TARGETS = r'/assignments/[^/]+/targets$'
REMOVALS = r'/assignments/[^/]+/targets/delete$'
MAIN = {'name': 'acme-main', 'permission_set': 'viewers', 'account_member_no': ACCOUNT}


@pytest.fixture
def sso(service_env):
    emulator = service_env('ncloud_sso')
    emulator.control({'add_users': [{'loginId': login_id, 'accessRules': RULES} for login_id in LOGIN_IDS]})
    for name in ('ops', 'audit', 'sales'):
        assert not run_module(ncloud_sso_group, {'name': name}).failed
    for name, policy in (('viewers', 'NCP_VIEWER'), ('admins', 'NCP_ADMINISTRATOR')):
        assert not run_module(ncloud_sso_permission_set, {
            'name': name, 'managed_policy_ids': [policy], 'custom_policy_names': []}).failed
    emulator.log = []
    return emulator


def run(args, **kwargs):
    return run_module(ncloud_sso_assignment, args, **kwargs)


def stored(emulator):
    """{name: (set name, account, description, console, api, status, group names, login ids)}."""
    state = emulator.dump_state()
    sets = dict((item['permissionSetId'], item['permissionSetName']) for item in state['permissionSets'])
    groups = dict((item['groupId'], item['groupName']) for item in state['groups'])
    users = dict((item['userId'], item['loginId']) for item in state['users'])
    return dict((item['assignmentName'], (
        sets[item['permissionSetId']], item['accountMbrNo'], item['description'], item['consoleAccessAllowed'],
        item['apiAccessAllowed'], item['status'], sorted(groups[group] for group in item['targets']['group']),
        sorted(users[user] for user in item['targets']['user']))) for item in state['assignments'])


def writes(emulator):
    """(method, path with the assignment id as ID, body) of each write, in order."""
    ids = [item['assignmentId'] for item in emulator.dump_state()['assignments']]
    found = []
    for entry in emulator.log:
        if entry['kind'] == 'write':
            path = entry['path'].replace('/api/v1', '')
            for assignment_id in ids:
                path = path.replace(assignment_id, 'ID')
            found.append((entry['method'], path))
    return found


def test_create_with_group_and_user_targets_then_a_rerun_with_zero_writes(sso):
    first = run(dict(MAIN, groups=['ops', 'audit'], users=['kim@example.com']))
    assert not first.failed and first.result['changed'], first
    made = first.result['assignment']
    assert dict(made, assignment_id=None, permission_set_id=None) == {
        'assignment_id': None, 'name': 'acme-main', 'permission_set': 'viewers', 'permission_set_id': None,
        'account_member_no': ACCOUNT, 'description': '', 'console_access': True, 'api_access': False,
        'active': True, 'groups': ['audit', 'ops'], 'users': ['kim@example.com']}
    assert first.result['added'] == {'groups': ['audit', 'ops'], 'users': ['kim@example.com']}
    assert first.result['removed'] == {'groups': [], 'users': []}
    assert stored(sso) == {'acme-main': ('viewers', ACCOUNT, None, True, False, 'active', ['audit', 'ops'],
                                         ['kim@example.com'])}
    assert writes(sso) == [('POST', '/assignments'), ('POST', '/assignments/ID/targets'),
                           ('POST', '/assignments/ID/targets')]
    sso.log = []
    second = run(dict(MAIN, groups=['ops', 'audit'], users=['kim@example.com']))
    assert not second.result['changed'] and second.result['assignment'] == made, second
    assert second.result['added'] == {'groups': [], 'users': []} and writes(sso) == []


@pytest.mark.parametrize('change, write, after', [
    ({'description': 'main account'}, ('PUT', '/assignments/ID'),
     ('main account', True, False, 'active')),
    ({'console_access': False}, ('PUT', '/assignments/ID'), ('', False, False, 'active')),
    ({'api_access': True}, ('PUT', '/assignments/ID'), ('', True, True, 'active')),
    ({'active': False}, ('POST', '/assignments/ID'), ('', True, False, 'suspended')),
], ids=['description', 'console', 'api', 'active'])
def test_each_field_change_is_one_write_and_what_is_left_out_is_kept(sso, change, write, after):
    run(dict(MAIN, description='', groups=['ops']))
    sso.log = []
    outcome = run(dict({'name': 'acme-main'}, **change))
    assert not outcome.failed and outcome.result['changed'], outcome
    assert writes(sso) == [write]
    description, console, api, status = after
    assert stored(sso) == {'acme-main': ('viewers', ACCOUNT, description or None, console, api, status, ['ops'], [])}
    sso.log = []
    assert not run(dict({'name': 'acme-main'}, **change)).result['changed'] and writes(sso) == []


def test_a_put_sends_the_description_and_flags_as_they_are(sso):
    # The service's PUT deletes a description it is not sent and requires both flags.
    run(dict(MAIN, description='kept', api_access=True))
    sso.log = []
    assert not run({'name': 'acme-main', 'console_access': False}).failed
    assert stored(sso)['acme-main'][2:5] == ('kept', False, True) and len(writes(sso)) == 1


def test_account_member_no_compares_as_text_whether_given_as_a_number_or_text(sso):
    run(MAIN)
    sso.log = []
    outcome = run(dict(MAIN, account_member_no=int(ACCOUNT)))
    assert not outcome.failed and not outcome.result['changed'] and writes(sso) == []


def test_targets_are_added_and_only_with_purge_targets_removed_each_kind_alone(sso):
    run(dict(MAIN, groups=['ops', 'audit'], users=['kim@example.com', 'lee@example.com']))
    sso.log = []
    kept = run(dict(MAIN, groups=['sales']))
    assert kept.result['added'] == {'groups': ['sales'], 'users': []}
    assert kept.result['assignment']['groups'] == ['audit', 'ops', 'sales']
    assert writes(sso) == [('POST', '/assignments/ID/targets')]
    sso.log = []
    purged = run(dict(MAIN, groups=['sales'], purge_targets=True))
    assert purged.result['removed'] == {'groups': ['audit', 'ops'], 'users': []}
    assert stored(sso)['acme-main'][6:] == (['sales'], ['kim@example.com', 'lee@example.com'])
    assert writes(sso) == [('POST', '/assignments/ID/targets/delete')]
    emptied = run(dict(MAIN, users=[], purge_targets=True))
    assert emptied.result['removed'] == {'groups': [], 'users': ['kim@example.com', 'lee@example.com']}
    assert stored(sso)['acme-main'][6:] == (['sales'], [])


def test_only_missing_targets_are_sent_so_the_service_never_answers_9086(sso):
    run(dict(MAIN, users=['kim@example.com']))
    sso.log = []
    outcome = run(dict(MAIN, users=['kim@example.com', 'lee@example.com']))
    assert not outcome.failed and outcome.result['added'] == {'groups': [], 'users': ['lee@example.com']}
    assert writes(sso) == [('POST', '/assignments/ID/targets')]


def test_unknown_groups_and_login_ids_are_refused_by_name_with_zero_writes(sso):
    for args, named in (({'groups': ['ops', 'nobody', 'ghosts']}, 'groups: 2 group names are not groups of the '
                                                                  'directory, nothing was written: nobody, ghosts'),
                        ({'users': ['who@example.com']}, 'users: 1 login id is not a user of the directory, nothing '
                                                         'was written: who@example.com')):
        outcome = run(dict(MAIN, **args))
        assert outcome.failed and named in outcome.result['msg'], outcome
    assert writes(sso) == [] and stored(sso) == {}


def test_a_case_variant_name_finds_the_same_assignment_and_targets_in_another_case_are_the_same(sso):
    run(dict(MAIN, groups=['ops'], users=['kim@example.com']))
    sso.log = []
    outcome = run(dict(MAIN, name='ACME-Main', permission_set='VIEWERS', groups=['OPS'], users=['KIM@example.com']))
    assert not outcome.failed and not outcome.result['changed'], outcome
    assert outcome.result['assignment']['name'] == 'acme-main' and outcome.result['assignment']['groups'] == ['ops']
    assert writes(sso) == []


def test_another_permission_set_or_account_fails_naming_both_unless_replace(sso):
    run(dict(MAIN, groups=['ops']))
    sso.log = []
    for change in ({'permission_set': 'admins'}, {'account_member_no': SECOND_ACCOUNT}):
        outcome = run(dict(MAIN, **change))
        assert outcome.failed and writes(sso) == [], outcome
        message = outcome.result['msg']
        assert "gives permission set 'viewers' on account %s" % ACCOUNT in message
        asked = (change.get('permission_set', 'viewers'), change.get('account_member_no', ACCOUNT))
        assert "asks for '%s' on account %s" % asked in message
        assert 'replace: true' in message


def test_replace_deletes_and_creates_again_with_the_targets_it_had_and_those_listed(sso):
    old = run(dict(MAIN, groups=['ops'], users=['kim@example.com'], description='main')).result['assignment']
    sso.log = []
    outcome = run(dict(MAIN, permission_set='admins', account_member_no=SECOND_ACCOUNT, groups=['audit'],
                       replace=True))
    assert not outcome.failed and outcome.result['changed'], outcome
    new = outcome.result['assignment']
    assert new['assignment_id'] != old['assignment_id']
    assert (new['permission_set'], new['account_member_no'], new['description']) == ('admins', SECOND_ACCOUNT, 'main')
    assert stored(sso) == {'acme-main': ('admins', SECOND_ACCOUNT, 'main', True, False, 'active', ['audit', 'ops'],
                                         ['kim@example.com'])}
    assert [method for method, dummy in writes(sso)] == ['DELETE', 'POST', 'POST', 'POST']
    sso.log = []
    again = run(dict(MAIN, permission_set='admins', account_member_no=SECOND_ACCOUNT, replace=True))
    assert not again.result['changed'] and writes(sso) == []


def test_replace_with_purge_targets_keeps_only_those_listed(sso):
    run(dict(MAIN, groups=['ops'], users=['kim@example.com']))
    run(dict(MAIN, permission_set='admins', groups=['audit'], purge_targets=True, replace=True))
    assert stored(sso)['acme-main'][0] == 'admins'
    assert stored(sso)['acme-main'][6:] == (['audit'], ['kim@example.com'])


def test_to_create_it_needs_an_existing_permission_set_and_an_account(sso):
    outcome = run({'name': 'acme-main', 'permission_set': 'viewers'})
    assert outcome.failed and 'to create it, give permission_set and account_member_no' in outcome.result['msg']
    outcome = run(dict(MAIN, permission_set='nosuch'))
    assert outcome.failed and "permission set 'nosuch' does not exist" in outcome.result['msg']
    assert writes(sso) == []


@pytest.mark.parametrize('args, problem', [
    ({'name': 'a'}, "name 'a' must be 2 to 30 characters"),
    (dict(MAIN, account_member_no='12a'), "account_member_no '12a' must be the account's member number"),
    (dict(MAIN, account_member_no='0123'), 'digits, the first not 0'),
    (dict(MAIN, groups=['ops', 'OPS']), 'groups[1] (OPS): groups[0] (ops) is the same group'),
    (dict(MAIN, users=['not-a-login']), 'users[0] (not-a-login): login_id must be an email address'),
])
def test_bad_options_are_refused_with_zero_requests(sso, args, problem):
    outcome = run(args)
    assert outcome.failed and problem in outcome.result['msg'], outcome
    assert sso.log == []


def test_check_mode_and_diff_write_nothing_and_show_the_change(sso):
    run(dict(MAIN, groups=['ops']))
    sso.log = []
    outcome = run(dict(MAIN, description='new', groups=['audit'], purge_targets=True), check_mode=True, diff=True)
    assert outcome.result['changed'] and writes(sso) == []
    diff = outcome.result['diff']
    assert (diff['before']['description'], diff['before']['groups']) == ('', ['ops'])
    assert (diff['after']['description'], diff['after']['groups']) == ('new', ['audit'])
    assert outcome.result['added'] == {'groups': ['audit'], 'users': []}
    assert outcome.result['removed'] == {'groups': ['ops'], 'users': []}
    created = run(dict(MAIN, name='acme-new', users=['lee@example.com']), check_mode=True, diff=True).result
    assert created['changed'] and created['assignment']['assignment_id'] is None
    assert created['diff']['after']['users'] == ['lee@example.com']
    assert list(stored(sso)) == ['acme-main'] and writes(sso) == []


def test_in_check_mode_a_permission_set_an_earlier_task_would_create_is_shown_with_a_warning(sso):
    outcome = run(dict(MAIN, permission_set='planned'), check_mode=True)
    assert not outcome.failed and outcome.result['changed'], outcome
    assert "permission set 'planned' does not exist" in ' '.join(warnings_of(outcome))
    assert outcome.result['assignment']['permission_set_id'] is None and writes(sso) == []


@pytest.mark.parametrize('method, path, args', [
    ('POST', ASSIGNMENTS, dict(MAIN, users=['kim@example.com'])),
    ('PUT', ONE, dict(MAIN, description='after a lost answer')),
    ('POST', ONE, dict(MAIN, active=False)),
    ('POST', TARGETS, dict(MAIN, groups=['ops', 'audit'])),
], ids=['create', 'update', 'status', 'target add'])
def test_a_write_applied_but_unanswered_is_read_back_not_sent_again(sso, method, path, args):
    if path != ASSIGNMENTS:
        run(MAIN)
    sso.log = []
    sso.faults.add([{'method': method, 'path': path, 'commit': True, 'status': 502}])
    outcome = run(args)
    assert not outcome.failed and outcome.result['changed'], outcome
    assert len([write for write in writes(sso) if write[0] == method and re.search(path, write[1])]) == 1
    assert len(stored(sso)) == 1
    sso.log = []
    again = run(args)
    assert not again.result['changed'] and writes(sso) == [], again


def test_a_target_another_run_added_meanwhile_is_read_back_not_failed(sso):
    run(MAIN)
    assignment_id = sso.dump_state()['assignments'][0]['assignmentId']
    lee = [user['userId'] for user in sso.dump_state()['users'] if user['loginId'] == 'lee@example.com'][0]
    # Another run adds lee after this run read the user targets (groups are read first): the add is a 9086.
    sso.targets[assignment_id]['user'][lee] = 'meanwhile'
    sso.faults.add([{'method': 'GET', 'path': r'/targets$'},
                    {'method': 'GET', 'path': r'/targets$', 'body': page_of([], 0, 100)}])
    sso.log = []
    outcome = run(dict(MAIN, users=['kim@example.com', 'lee@example.com']))
    assert not outcome.failed, outcome
    assert [entry['status'] for entry in sso.log if entry['kind'] == 'write'] == [400, 200]
    assert stored(sso)['acme-main'][7] == ['kim@example.com', 'lee@example.com']


def test_delete_then_absent_again_unchanged(sso):
    run(dict(MAIN, groups=['ops']))
    deleted = run({'name': 'acme-main', 'state': 'absent'})
    assert deleted.result['changed'] and deleted.result['assignment'] is None and stored(sso) == {}
    sso.log = []
    again = run({'name': 'acme-main', 'state': 'absent'})
    assert not again.result['changed'] and writes(sso) == []
