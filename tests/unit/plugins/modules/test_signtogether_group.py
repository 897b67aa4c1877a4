"""signtogether_group logic, run in-process against the SignTogether emulator."""

import hashlib

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import signtogether_group
from support.modules import run_module, warnings_of

PASSWORD = 'Unit-admin-pw-7'
ADMIN = {'email': 'admin@acme.example', 'name': 'Acme Admin', 'login_id': 'acme-admin',
         'password': PASSWORD}
CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}


@pytest.fixture
def signtogether(service_env):
    return service_env('signtogether')


def new_group(name='acme', admin=None, **extra):
    args = {'name': name, 'admin_user': dict(ADMIN, **(admin or {})), 'user_consent': CONSENT}
    args.update(extra)
    return args


def kinds(emulator):
    return [entry['kind'] for entry in emulator.log]


def test_create_stores_group_and_admin(signtogether):
    outcome = run_module(signtogether_group, new_group(part_name='HQ', level=1, linked_type='lt',
                                                       phone_number='01012345678'))
    group = outcome.result['group']
    assert outcome.result['changed']
    assert group == {'group_id': 2, 'name': 'acme', 'part_name': 'HQ', 'url_path': 'SGT_0000000002',
                     'level': 1, 'parent_group_id': None, 'parent': None, 'linked_type': 'lt', 'used': True,
                     'admin_login_id': 'acme-admin'}
    admin = signtogether.dump_state()['admin_users'][-1]
    assert admin['passwordSha256'] == hashlib.sha256(PASSWORD.encode('utf-8')).hexdigest()
    assert signtogether.dump_state()['groups'][-1]['phoneNumber'] == '01012345678'
    assert kinds(signtogether) == ['read', 'write', 'read']


def test_create_diff_shows_the_whole_managed_group_with_its_new_id(signtogether):
    outcome = run_module(signtogether_group, new_group(part_name='HQ', level=1, linked_type='lt'), diff=True)
    diff = outcome.result['diff']
    assert diff['before'] == {}
    assert sorted(diff['after']) == ['admin_login_id', 'group_id', 'level', 'linked_type', 'name',
                                     'parent', 'parent_group_id', 'part_name']
    assert diff['after']['group_id'] == outcome.result['group']['group_id'] == 2
    assert PASSWORD not in outcome.stdout


def test_group_name_is_an_alias_of_name(signtogether):
    args = new_group()
    args['group_name'] = args.pop('name')
    outcome = run_module(signtogether_group, args)
    assert outcome.result['changed'] and outcome.result['group']['name'] == 'acme'
    assert stored(signtogether, outcome.result['group']['group_id'])['groupName'] == 'acme'


def test_rerun_reads_once_and_writes_nothing(signtogether):
    first = run_module(signtogether_group, new_group(level=1))
    signtogether.log.clear()
    second = run_module(signtogether_group, new_group(level=1))
    assert not second.result['changed']
    assert second.result['group'] == first.result['group']
    assert kinds(signtogether) == ['read']


def test_existing_group_needs_no_admin_or_consent(signtogether):
    run_module(signtogether_group, new_group())
    outcome = run_module(signtogether_group, {'name': 'acme'})
    assert not outcome.failed and not outcome.result['changed']


def test_level_change_is_one_update(signtogether):
    run_module(signtogether_group, new_group(level=1))
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'name': 'acme', 'level': 4}, diff=True)
    assert outcome.result['changed'] and outcome.result['group']['level'] == 4
    assert outcome.result['diff']['before']['level'] == 1
    assert outcome.result['diff']['after']['level'] == 4
    assert kinds(signtogether) == ['read', 'write', 'read']
    assert len(signtogether.dump_state()['groups']) == 2


def test_check_mode_level_change_shows_the_diff_and_writes_nothing(signtogether):
    group_id = run_module(signtogether_group, new_group(level=1)).result['group']['group_id']
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'name': 'acme', 'level': 2}, check_mode=True, diff=True)
    assert outcome.result['changed'] and outcome.result['group']['level'] == 2
    assert (outcome.result['diff']['before']['level'], outcome.result['diff']['after']['level']) == (1, 2)
    assert kinds(signtogether) == ['read']
    assert stored(signtogether, group_id)['level'] == 1


def test_rename_and_relevel_by_group_id_is_one_write_and_its_rerun_none(signtogether):
    group_id = run_module(signtogether_group, new_group(part_name='HQ', level=1)).result['group']['group_id']
    signtogether.log.clear()
    args = {'group_id': group_id, 'name': 'acme-renamed', 'level': 2}
    outcome = run_module(signtogether_group, args, diff=True)
    group, diff = outcome.result['group'], outcome.result['diff']
    assert outcome.result['changed']
    assert (group['group_id'], group['name'], group['level'], group['part_name']) == (
        group_id, 'acme-renamed', 2, None)
    assert (diff['before']['name'], diff['after']['name']) == ('acme', 'acme-renamed')
    assert 'part_name' not in diff['after']
    assert len([warning for warning in warnings_of(outcome) if 'updated without its part name' in warning]) == 1
    assert len(group_writes(signtogether)) == 1
    assert [g['groupName'] for g in signtogether.dump_state()['groups']] == ['other-tenant', 'acme-renamed']
    signtogether.log.clear()
    again = run_module(signtogether_group, args)
    assert not again.result['changed'] and kinds(signtogether) == ['read']


def test_rename_by_group_id_keeps_the_id(signtogether):
    group_id = run_module(signtogether_group, new_group()).result['group']['group_id']
    outcome = run_module(signtogether_group, {'group_id': group_id, 'name': 'acme-new'})
    assert outcome.result['group']['group_id'] == group_id
    assert [g['groupName'] for g in signtogether.dump_state()['groups']] == ['other-tenant', 'acme-new']


def test_move_under_another_parent_by_group_id(signtogether):
    root = run_module(signtogether_group, new_group('root')).result['group']
    other = run_module(signtogether_group, new_group('other', {'login_id': 'o'})).result['group']
    outcome = run_module(signtogether_group, {'group_id': other['group_id'], 'name': 'other',
                                              'parent_group_id': root['group_id']})
    assert outcome.result['changed']
    assert outcome.result['group']['parent_group_id'] == root['group_id']


def test_rename_onto_a_sibling_fails_without_a_write(signtogether):
    run_module(signtogether_group, new_group('a'))
    second = run_module(signtogether_group, new_group('b', {'login_id': 'b'})).result['group']
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'group_id': second['group_id'], 'name': 'a'})
    assert outcome.failed and 'already named' in outcome.result['msg']
    assert kinds(signtogether) == ['read']


def test_unknown_group_id_fails(signtogether):
    outcome = run_module(signtogether_group, {'group_id': 1, 'name': 'x'})
    assert outcome.failed and 'group_id 1 is not among the groups this api_key can see' in outcome.result['msg']


def test_parent_out_of_scope_fails_without_a_write(signtogether):
    outcome = run_module(signtogether_group, new_group(parent_group_id=1))
    assert outcome.failed and 'parent_group_id 1' in outcome.result['msg']
    assert kinds(signtogether) == ['read']


@pytest.mark.parametrize('option', ['is_teenager', 'service_use', 'privacy_collection'])
def test_each_required_consent_false_fails_before_any_request(signtogether, option):
    args = new_group(user_consent=dict(CONSENT, **{option: False}))
    outcome = run_module(signtogether_group, args)
    assert outcome.failed and 'user_consent.%s must be true' % option in outcome.result['msg']
    assert signtogether.log == []


@pytest.mark.parametrize('option', ['is_teenager', 'service_use', 'privacy_collection'])
def test_consent_left_out_fails_before_any_request(signtogether, option):
    consent = dict(CONSENT)
    del consent[option]
    outcome = run_module(signtogether_group, new_group(user_consent=consent))
    assert outcome.failed and 'user_consent.%s must be true' % option in outcome.result['msg']
    assert signtogether.log == []


def test_consent_strings_are_accepted(signtogether):
    args = new_group(user_consent={'is_teenager': 'true', 'service_use': 'true',
                                   'privacy_collection': 'true', 'marketing_use': 'false'})
    assert run_module(signtogether_group, args).result['changed']


def test_admin_without_consent_fails_before_any_request(signtogether):
    outcome = run_module(signtogether_group, {'name': 'acme', 'admin_user': ADMIN})
    assert outcome.failed and 'admin_user, user_consent' in outcome.result['msg']
    assert signtogether.log == []


def test_new_group_without_admin_fails_after_one_read(signtogether):
    outcome = run_module(signtogether_group, {'name': 'acme'})
    assert outcome.failed and outcome.result['msg'] == (
        "group 'acme' does not exist under parent_group_id None; to create it, set admin_user and user_consent")
    assert kinds(signtogether) == ['read']


def test_taken_login_id_fails_with_the_vendor_message(signtogether):
    outcome = run_module(signtogether_group, new_group(admin={'login_id': 'other-admin'}))
    assert outcome.failed and outcome.result['status'] == 200
    assert 'loginId already exists: other-admin' in outcome.result['msg']
    assert kinds(signtogether).count('write') == 1


def test_wrong_key_fails_with_401_and_hides_the_key(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', 'st-wrong-key-42')
    outcome = run_module(signtogether_group, new_group())
    assert outcome.failed and outcome.result['status'] == 401
    assert 'invalid apiKey' in outcome.result['msg']
    assert 'st-wrong-key-42' not in outcome.stdout


def test_key_without_group_api_fails_with_403(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', signtogether.test_data()['no_group_api_key'])
    outcome = run_module(signtogether_group, new_group())
    assert outcome.failed and outcome.result['status'] == 403
    assert 'group api not permitted' in outcome.result['msg']


def test_check_mode_create_writes_nothing_and_diff_has_no_password(signtogether):
    outcome = run_module(signtogether_group, new_group(level=1), check_mode=True, diff=True)
    assert outcome.result['changed']
    assert outcome.result['diff'] == {'before': {}, 'after': {
        'group_id': None, 'name': 'acme', 'level': 1, 'parent_group_id': None, 'parent': None,
        'linked_type': None, 'admin_login_id': 'acme-admin'}}
    assert outcome.result['group']['part_name'] is None
    assert kinds(signtogether) == ['read']


def test_check_mode_create_shows_the_part_name_it_would_send(signtogether):
    outcome = run_module(signtogether_group, new_group(part_name='HQ'), check_mode=True, diff=True)
    assert outcome.result['diff']['after']['part_name'] == 'HQ'
    assert outcome.result['group']['part_name'] == 'HQ'
    assert kinds(signtogether) == ['read']


def test_password_is_masked_in_invocation(signtogether):
    outcome = run_module(signtogether_group, new_group())
    assert outcome.result['invocation']['module_args']['admin_user']['password'] != PASSWORD
    assert PASSWORD not in outcome.stdout


def test_create_only_difference_warns_and_changes_nothing(signtogether):
    run_module(signtogether_group, new_group(linked_type='a'))
    signtogether.log.clear()
    outcome = run_module(signtogether_group, new_group(linked_type='b'))
    assert not outcome.result['changed']
    assert any('linked_type' in str(warning) for warning in outcome.result['warnings'])
    assert kinds(signtogether) == ['read']


def test_a_three_level_tree_is_built_then_unchanged_in_check_mode_and_on_rerun(signtogether):
    def build(check_mode=False):
        root = run_module(signtogether_group, new_group('root', level=1), check_mode=check_mode).result
        department = run_module(signtogether_group, new_group(
            'department', {'login_id': 'department'}, parent_group_id=root['group']['group_id'], level=2,
            part_name='Sales'), check_mode=check_mode).result
        team = run_module(signtogether_group, new_group(
            'team', {'login_id': 'team'}, parent_group_id=department['group']['group_id'], level=3),
            check_mode=check_mode).result
        return root, department, team

    root, department, team = build()
    assert [result['changed'] for result in (root, department, team)] == [True, True, True]
    assert root['group']['parent_group_id'] is None
    assert department['group']['parent_group_id'] == root['group']['group_id']
    assert team['group']['parent_group_id'] == department['group']['group_id']
    assert team['group']['level'] == 3
    assert kinds(signtogether).count('write') == 3
    for check_mode in (True, False):
        signtogether.log.clear()
        assert [result['changed'] for result in build(check_mode)] == [False, False, False]
        assert kinds(signtogether) == ['read', 'read', 'read']


def test_tree_rerun_is_unchanged(signtogether):
    root = run_module(signtogether_group, new_group('root')).result['group']
    child_args = new_group('child', {'login_id': 'child'}, parent_group_id=root['group_id'])
    child = run_module(signtogether_group, child_args).result['group']
    twin_args = new_group('child', {'login_id': 'twin'})
    twin = run_module(signtogether_group, twin_args).result['group']
    assert child['parent_group_id'] == root['group_id'] and twin['parent_group_id'] is None
    signtogether.log.clear()
    assert not run_module(signtogether_group, child_args).result['changed']
    assert not run_module(signtogether_group, twin_args).result['changed']
    assert kinds(signtogether) == ['read', 'read']


# Part names, which the vendor never lists ----------------------------------------

def group_writes(emulator):
    return [entry for entry in emulator.log if entry['method'] == 'POST' and entry['path'] == '/rest/api/group']


def stored(emulator, group_id):
    return [group for group in emulator.dump_state()['groups'] if group['groupId'] == group_id][0]


def make_tree(**child):
    root = run_module(signtogether_group, new_group('root', level=1)).result['group']
    child_args = new_group('child', {'login_id': 'child'}, parent_group_id=root['group_id'], level=2, **child)
    return root, run_module(signtogether_group, child_args).result['group']


def test_create_sends_the_part_name_and_an_identical_rerun_writes_nothing(signtogether):
    args = new_group(part_name='HQ', level=1)
    first = run_module(signtogether_group, args, diff=True)
    assert first.result['group']['part_name'] == 'HQ'
    assert first.result['diff']['after']['part_name'] == 'HQ'
    assert stored(signtogether, first.result['group']['group_id'])['groupPartName'] == 'HQ'
    signtogether.log.clear()
    second = run_module(signtogether_group, args, diff=True)
    assert not second.result['changed']
    assert group_writes(signtogether) == []
    assert second.result['group'] == dict(first.result['group'], part_name=None)
    assert 'part_name' not in second.result['diff']['before']
    assert 'part_name' not in second.result['diff']['after']


def test_another_part_name_on_create_only_changes_nothing(signtogether):
    group_id = run_module(signtogether_group, new_group(part_name='HQ')).result['group']['group_id']
    signtogether.log.clear()
    outcome = run_module(signtogether_group, new_group(part_name='Head office'))
    assert not outcome.result['changed'] and group_writes(signtogether) == []
    assert outcome.result['group']['part_name'] is None
    assert stored(signtogether, group_id)['groupPartName'] == 'HQ'


def test_update_part_name_always_sets_it_and_reports_changed_each_run(signtogether):
    root, child = make_tree(part_name='Sales')
    args = {'name': 'child', 'parent_group_id': root['group_id'], 'part_name': 'Sales EMEA',
            'update_part_name': 'always'}
    for dummy in range(2):
        signtogether.log.clear()
        outcome = run_module(signtogether_group, args, diff=True)
        assert outcome.result['changed'] and len(group_writes(signtogether)) == 1
        assert outcome.result['group']['part_name'] == 'Sales EMEA'
        assert 'part_name' not in outcome.result['diff']['before']
        assert outcome.result['diff']['after']['part_name'] == 'Sales EMEA'
        group = stored(signtogether, child['group_id'])
        assert (group['groupPartName'], group['groupName'], group['parentGroupId'], group['level']) == (
            'Sales EMEA', 'child', root['group_id'], 2)
    assert warnings_of(outcome) == []


def test_update_part_name_always_in_check_mode_writes_nothing(signtogether):
    group_id = run_module(signtogether_group, new_group(part_name='HQ')).result['group']['group_id']
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'name': 'acme', 'part_name': 'Head office',
                                              'update_part_name': 'always'}, check_mode=True, diff=True)
    assert outcome.result['changed'] and outcome.result['group']['part_name'] == 'Head office'
    assert outcome.result['diff']['after']['part_name'] == 'Head office'
    assert 'part_name' not in outcome.result['diff']['before']
    assert kinds(signtogether) == ['read']
    assert stored(signtogether, group_id)['groupPartName'] == 'HQ'


def test_update_part_name_always_without_part_name_sends_nothing(signtogether):
    run_module(signtogether_group, new_group(part_name='HQ'))
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'name': 'acme', 'update_part_name': 'always'})
    assert not outcome.result['changed'] and group_writes(signtogether) == []


def test_rename_of_a_sub_group_keeps_its_parent_and_level(signtogether):
    root, child = make_tree()
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'group_id': child['group_id'], 'name': 'renamed'})
    group = stored(signtogether, child['group_id'])
    assert outcome.result['changed'] and len(group_writes(signtogether)) == 1
    assert (group['groupName'], group['parentGroupId'], group['level']) == ('renamed', root['group_id'], 2)
    assert outcome.result['group']['parent_group_id'] == root['group_id']
    signtogether.log.clear()
    again = run_module(signtogether_group, {'group_id': child['group_id'], 'name': 'renamed'})
    assert not again.result['changed'] and group_writes(signtogether) == []


def test_check_mode_rename_of_a_sub_group_keeps_its_parent_and_writes_nothing(signtogether):
    root, child = make_tree()
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'group_id': child['group_id'], 'name': 'renamed'}, check_mode=True)
    assert outcome.result['changed']
    assert outcome.result['group']['parent_group_id'] == root['group_id']
    assert outcome.result['group']['name'] == 'renamed'
    assert kinds(signtogether) == ['read']
    assert stored(signtogether, child['group_id'])['groupName'] == 'child'


def test_relevel_of_a_sub_group_keeps_its_parent_and_name(signtogether):
    root, child = make_tree()
    args = {'name': 'child', 'parent_group_id': root['group_id'], 'level': 7}
    outcome = run_module(signtogether_group, args)
    group = stored(signtogether, child['group_id'])
    assert outcome.result['changed']
    assert outcome.result['group']['parent_group_id'] == root['group_id']
    assert (group['groupName'], group['parentGroupId'], group['level']) == ('child', root['group_id'], 7)
    signtogether.log.clear()
    assert not run_module(signtogether_group, args).result['changed']
    assert group_writes(signtogether) == []


def test_an_update_without_the_part_name_warns_that_the_vendor_may_clear_it(signtogether):
    group_id = run_module(signtogether_group, new_group(part_name='HQ', level=1)).result['group']['group_id']
    outcome = run_module(signtogether_group, {'name': 'acme', 'part_name': 'HQ', 'level': 2})
    assert outcome.result['changed'] and outcome.result['group']['part_name'] is None
    assert any('group %s was updated without its part name' % group_id in warning
               for warning in warnings_of(outcome))
    # The emulator takes the worst reading of the reference: a key left out is cleared.
    assert stored(signtogether, group_id)['groupPartName'] is None


def test_a_lost_create_answer_with_a_part_name_is_not_followed_by_an_update(signtogether):
    signtogether.faults.add([{'method': 'POST', 'path': '/rest/api/group$', 'commit': True, 'status': 500}])
    outcome = run_module(signtogether_group, new_group(part_name='HQ'))
    assert not outcome.failed and outcome.result['changed'], outcome
    assert len(group_writes(signtogether)) == 1
    assert outcome.result['group']['part_name'] == 'HQ'
    assert stored(signtogether, outcome.result['group']['group_id'])['groupPartName'] == 'HQ'


def test_a_lost_update_answer_with_always_is_sent_again_whole(signtogether):
    root, child = make_tree(part_name='Sales')
    signtogether.log.clear()
    signtogether.faults.add([{'method': 'POST', 'path': '/rest/api/group$', 'commit': True, 'status': 500}])
    outcome = run_module(signtogether_group, {'name': 'child', 'parent_group_id': root['group_id'],
                                              'part_name': 'Ops', 'update_part_name': 'always'})
    assert not outcome.failed and outcome.result['changed'], outcome
    assert len(group_writes(signtogether)) == 2
    group = stored(signtogether, child['group_id'])
    assert (group['groupPartName'], group['parentGroupId'], group['level']) == ('Ops', root['group_id'], 2)


# Answers of the wrong shape --------------------------------------------------------

def test_a_wrong_list_answer_fails_naming_the_call_with_no_write(signtogether):
    signtogether.faults.add([{'path': '/groups/list$', 'times': -1,
                              'body': {'success': True, 'message': '', 'list': [{'groupId': '2'}]}}])
    outcome = run_module(signtogether_group, new_group())
    assert outcome.failed
    assert outcome.result['msg'] == (
        'SignTogether answered with a wrong shape: list[0].groupId is a string, expected an integer; '
        'nothing was written after it (POST /rest/api/groups/list, HTTP 200)')
    assert group_writes(signtogether) == []


def test_a_wrong_write_answer_fails_with_no_write_after_it(signtogether):
    signtogether.faults.add([{'path': '/rest/api/group$', 'commit': True, 'times': -1,
                              'body': {'successCount': 1, 'failCount': 0, 'successList': 'ok', 'failList': []}}])
    outcome = run_module(signtogether_group, new_group())
    assert outcome.failed
    assert 'successList is a string, expected a list' in outcome.result['msg']
    assert 'POST /rest/api/group,' in outcome.result['msg']
    assert len(group_writes(signtogether)) == 1
    assert kinds(signtogether) == ['read', 'write']


def test_a_parent_named_is_found_by_name_and_its_rerun_writes_nothing(signtogether):
    root = run_module(signtogether_group, new_group()).result['group']
    child = run_module(signtogether_group, new_group('acme-sales', admin={'login_id': 'sales-admin'}, parent='acme'))
    assert child.result['group']['parent_group_id'] == root['group_id']
    assert child.result['group']['parent'] == 'acme'
    assert stored(signtogether, child.result['group']['group_id'])['parentGroupId'] == root['group_id']
    signtogether.log = []
    rerun = run_module(signtogether_group, new_group('acme-sales', admin={'login_id': 'sales-admin'}, parent='acme'))
    assert not rerun.result['changed']
    assert kinds(signtogether) == ['read']


def test_check_mode_shows_a_child_under_a_parent_still_to_be_created(signtogether):
    outcome = run_module(signtogether_group, new_group('acme-sales', parent='acme'), check_mode=True, diff=True)
    assert outcome.result['changed']
    assert outcome.result['diff']['after']['parent'] == 'acme'
    assert kinds(signtogether) == ['read']


def test_a_missing_parent_fails_before_any_write(signtogether):
    outcome = run_module(signtogether_group, new_group('acme-sales', parent='acme'))
    assert outcome.failed
    assert "parent 'acme' is not a group this api_key can see; list a parent before its children" in outcome.result['msg']
    assert kinds(signtogether) == ['read']


def test_a_parent_name_that_names_two_groups_is_refused_naming_them(signtogether):
    first = run_module(signtogether_group, new_group()).result['group']
    second = run_module(signtogether_group, new_group('acme', admin={'login_id': 'a2'},
                                                      parent_group_id=first['group_id'])).result['group']
    signtogether.log = []
    outcome = run_module(signtogether_group, new_group('acme-sales', admin={'login_id': 'a3'}, parent='acme'))
    assert outcome.failed
    assert outcome.result['msg'] == ("parent 'acme' names 2 groups (group_id %s, %s); set parent_group_id "
                                     "to choose one" % (first['group_id'], second['group_id']))
    assert kinds(signtogether) == ['read']


def test_parent_and_parent_group_id_are_exclusive(signtogether):
    outcome = run_module(signtogether_group, new_group(parent='acme', parent_group_id=1))
    assert outcome.failed and 'parameters are mutually exclusive: parent|parent_group_id' in outcome.result['msg']
    assert signtogether.log == []


@pytest.mark.parametrize('password', ["{{ lookup('env', 'X') }}", '{% raw %}pw'])
def test_a_password_still_holding_jinja_is_refused_before_any_request(signtogether, password):
    outcome = run_module(signtogether_group, new_group(admin={'password': password}))
    assert outcome.failed
    assert outcome.result['msg'].startswith('admin_user.password still holds Jinja ({{ or {%): it was never templated')
    assert signtogether.log == []


def test_a_password_left_out_comes_from_signtogether_admin_password(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_ADMIN_PASSWORD', 'Env-admin-pw-3')
    admin = dict(ADMIN)
    del admin['password']
    outcome = run_module(signtogether_group, {'name': 'acme', 'admin_user': admin, 'user_consent': CONSENT})
    assert outcome.result['changed']
    stored_admin = signtogether.dump_state()['admin_users'][-1]
    assert stored_admin['passwordSha256'] == hashlib.sha256(b'Env-admin-pw-3').hexdigest()
    assert 'Env-admin-pw-3' not in outcome.stdout


@pytest.mark.parametrize('password, environment, said', [
    (None, None, 'not set'), ('', None, 'not set'), (None, '', 'empty'),
], ids=['left out', 'empty', 'left out, SIGNTOGETHER_ADMIN_PASSWORD empty (an empty AWX field)'])
def test_a_new_group_without_an_admin_password_fails_naming_it_without_a_write(
        signtogether, monkeypatch, password, environment, said):
    monkeypatch.delenv('SIGNTOGETHER_ADMIN_PASSWORD', raising=False)
    if environment is not None:
        monkeypatch.setenv('SIGNTOGETHER_ADMIN_PASSWORD', environment)
    admin = dict(ADMIN, password=password)
    if password is None:
        del admin['password']
    outcome = run_module(signtogether_group, {'name': 'acme', 'admin_user': admin, 'user_consent': CONSENT})
    assert outcome.failed and outcome.result['msg'] == (
        "group 'acme' does not exist under parent_group_id None; to create it, set admin_user.password "
        "(or SIGNTOGETHER_ADMIN_PASSWORD, which is %s)" % said)
    assert kinds(signtogether) == ['read']


def test_an_existing_group_needs_no_admin_password(signtogether, monkeypatch):
    run_module(signtogether_group, new_group())
    monkeypatch.setenv('SIGNTOGETHER_ADMIN_PASSWORD', '')
    admin = dict(ADMIN)
    del admin['password']
    signtogether.log = []
    outcome = run_module(signtogether_group, {'name': 'acme', 'admin_user': admin, 'user_consent': CONSENT})
    assert not outcome.failed and not outcome.result['changed']
    assert kinds(signtogether) == ['read']
