"""apppot_group logic, run in-process against the AppPot emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import apppot_group
from support.modules import run_module


@pytest.fixture
def apppot(service_env):
    return service_env('apppot')


def group_names(emulator):
    return sorted(group['groupName'] for group in emulator.dump_state()['groups'])


def ops_groups(emulator):
    return [group for group in emulator.dump_state()['groups'] if group['groupName'] == 'ops']


def test_create_then_rerun_is_unchanged_reads_the_list_once_and_writes_nothing(apppot):
    first = run_module(apppot_group, {'name': 'ops', 'description': 'd'})
    apppot.log.clear()
    second = run_module(apppot_group, {'name': 'ops', 'description': 'd'})
    assert first.result['changed'] and not second.result['changed']
    assert second.result['group'] == first.result['group']
    assert group_names(apppot) == ['default', 'ops']
    assert apppot.counts()['write'] == 0
    assert [entry for entry in apppot.log if entry['method'] != 'GET' and entry['kind'] != 'auth'] == []
    assert [entry['query'] for entry in apppot.log if entry['kind'] == 'read'] == [{'token': '***'}]


def writes(emulator):
    return [entry for entry in emulator.log if entry['kind'] == 'write']


def group_reads(emulator):
    return [entry for entry in emulator.log if entry['method'] == 'GET' and entry['path'].endswith('/groups')]


def test_create_logs_in_posts_once_and_reads_the_list_back(apppot):
    result = run_module(apppot_group, {'name': 'ops', 'description': 'first'}, diff=True).result
    group = result['group']
    assert result['changed'] and type(group['group_id']) is int  # pylint: disable=unidiomatic-typecheck
    assert group == {'group_id': group['group_id'], 'name': 'ops', 'description': 'first'}
    assert result['diff'] == {'before': {}, 'after': group}
    counts = apppot.counts()
    assert counts['write'] == 1 and counts['methods']['POST'] == 2  # auth/login and the create
    # the lookup and the read-back after the create, each with the token in its query
    assert [(entry['query'], entry['status']) for entry in group_reads(apppot)] == [({'token': '***'}, 200)] * 2
    assert [(entry['method'], entry['query'], entry['status']) for entry in writes(apppot)] == [('POST', {}, 200)]


def test_leaving_description_out_keeps_it(apppot):
    run_module(apppot_group, {'name': 'ops', 'description': 'first'})
    apppot.log.clear()
    result = run_module(apppot_group, {'name': 'ops'}).result
    assert not result['changed'] and result['group']['description'] == 'first'
    assert apppot.counts()['write'] == 0
    assert [group['description'] for group in ops_groups(apppot)] == ['first']


def test_a_description_change_is_predicted_then_sent_as_one_put(apppot):
    created = run_module(apppot_group, {'name': 'ops', 'description': 'first'}).result['group']
    apppot.log.clear()
    predicted = run_module(apppot_group, {'name': 'ops', 'description': 'second'}, check_mode=True, diff=True).result
    assert predicted['changed'] and apppot.counts()['write'] == 0
    assert (predicted['diff']['before']['description'], predicted['diff']['after']['description']) == \
        ('first', 'second')
    assert [group['description'] for group in ops_groups(apppot)] == ['first']
    updated = run_module(apppot_group, {'name': 'ops', 'description': 'second'}, diff=True).result
    assert updated['changed']
    assert updated['group'] == dict(created, description='second')
    assert updated['diff'] == {'before': created, 'after': updated['group']}
    counts = apppot.counts()
    assert counts['write'] == 1 and counts['methods']['PUT'] == 1


def test_rename_by_group_id_keeps_the_id_and_the_description(apppot):
    created = run_module(apppot_group, {'name': 'ops', 'description': 'second'}).result['group']
    renamed = run_module(apppot_group, {'group_id': created['group_id'], 'name': 'ops-renamed'}).result
    assert renamed['changed']
    assert renamed['group'] == {'group_id': created['group_id'], 'name': 'ops-renamed', 'description': 'second'}
    assert group_names(apppot) == ['default', 'ops-renamed']


def test_a_delete_is_predicted_then_sent_as_one_delete_then_unchanged(apppot):
    run_module(apppot_group, {'name': 'ops'})
    apppot.log.clear()
    predicted = run_module(apppot_group, {'name': 'ops', 'state': 'absent'}, check_mode=True, diff=True).result
    assert predicted['changed'] and apppot.counts()['write'] == 0
    assert predicted['diff']['before']['name'] == 'ops' and predicted['diff']['after'] == {}
    assert group_names(apppot) == ['default', 'ops']
    deleted = run_module(apppot_group, {'name': 'ops', 'state': 'absent'}).result
    assert deleted['changed'] and deleted['group'] is None
    counts = apppot.counts()
    assert counts['write'] == 1 and counts['methods']['DELETE'] == 1
    [delete] = writes(apppot)
    assert (delete['method'], delete['query'], delete['status']) == ('DELETE', {'token': '***'}, 200)
    assert group_names(apppot) == ['default']
    apppot.log.clear()
    again = run_module(apppot_group, {'name': 'ops', 'state': 'absent'}).result
    assert not again['changed'] and apppot.counts()['write'] == 0


def test_check_mode_create_writes_nothing(apppot):
    result = run_module(apppot_group, {'name': 'ops'}, check_mode=True, diff=True).result
    assert result['changed']
    assert result['diff'] == {'before': {}, 'after': {'group_id': None, 'name': 'ops',
                                                      'description': None}}
    assert apppot.counts()['write'] == 0
    assert group_names(apppot) == ['default']


def test_duplicate_names_are_refused_without_a_write(apppot):
    apppot.add_group('twin', None)
    apppot.add_group('twin', None)
    outcome = run_module(apppot_group, {'name': 'twin', 'description': 'x'})
    assert outcome.failed
    assert "2 groups match name='twin' (group_id 2, 3); set group_id to choose one" in outcome.result['msg']
    assert apppot.counts()['write'] == 0


def test_group_id_picks_one_of_two_twins(apppot):
    apppot.add_group('twin', None)
    second = apppot.add_group('twin', None)
    outcome = run_module(apppot_group, {'name': 'twin', 'group_id': second['groupId'],
                                        'description': 'chosen'})
    assert outcome.result['changed']
    assert outcome.result['group'] == {'group_id': second['groupId'], 'name': 'twin',
                                       'description': 'chosen'}


def test_unknown_group_id_fails_for_present(apppot):
    outcome = run_module(apppot_group, {'name': 'x', 'group_id': 999})
    assert outcome.failed and 'group_id 999 is not among the groups AppPot lists' in outcome.result['msg']
    assert apppot.counts()['write'] == 0


def test_unknown_group_id_is_unchanged_for_absent(apppot):
    outcome = run_module(apppot_group, {'name': 'x', 'group_id': 999, 'state': 'absent'})
    assert not outcome.failed and not outcome.result['changed']


def test_name_longer_than_255_fails_before_any_request(apppot):
    outcome = run_module(apppot_group, {'name': 'n' * 256})
    assert outcome.failed and 'name must be 1 to 255' in outcome.result['msg']
    assert apppot.log == []


def test_missing_credentials_name_the_options(apppot, monkeypatch):
    for name in ('APPPOT_USERNAME', 'APPPOT_PASSWORD', 'APPPOT_APP_KEY'):
        monkeypatch.delenv(name)
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and 'token, username' in outcome.result['msg']
    assert apppot.log == []


def test_login_without_password_names_the_missing_options(apppot, monkeypatch):
    monkeypatch.delenv('APPPOT_PASSWORD')
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and 'username, password, app_key' in outcome.result['msg']
    assert apppot.log == []


def test_password_never_in_failure(apppot, monkeypatch):
    monkeypatch.setenv('APPPOT_PASSWORD', 'wrong-secret-123')
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and outcome.result['code'] == 111
    assert 'wrong username or password' in outcome.result['msg']
    assert 'check username and password' in outcome.result['msg']
    assert 'wrong-secret-123' not in outcome.stdout
    counts = apppot.counts()
    assert counts['write'] == 0 and counts['methods']['POST'] == 1  # the login only


def test_unknown_user_says_check_username(apppot, monkeypatch):
    monkeypatch.setenv('APPPOT_USERNAME', 'nobody')
    outcome = run_module(apppot_group, {'name': 'x'})
    assert outcome.failed and outcome.result['code'] == 110
    assert outcome.result['msg'].startswith('AppPot refused the login (check username): user does not exist')
    counts = apppot.counts()
    assert counts['write'] == 0 and counts['methods']['POST'] == 1  # the login only


def test_a_plain_user_is_refused_a_create_with_903_and_its_text(apppot, fresh_sandbox, monkeypatch):
    monkeypatch.setenv('APPPOT_USERNAME', 'user')
    monkeypatch.setenv('APPPOT_PASSWORD', fresh_sandbox.extra['apppot']['test']['user_password'])
    outcome = run_module(apppot_group, {'name': 'ops'})
    assert outcome.failed and (outcome.result['code'], outcome.result['status']) == (903, 200)
    assert 'permission denied' in outcome.result['msg'] and 'code 903' in outcome.result['msg']
    counts = apppot.counts()
    assert counts['write'] == 1 and counts['methods']['POST'] == 2  # the login and the refused create
    assert group_names(apppot) == ['default']


# A token given as an option ---------------------------------------------------------------------

def test_a_given_token_is_used_without_logging_in(apppot):
    outcome = run_module(apppot_group, {'name': 'ops', 'token': apppot.new_session('admin')})
    assert outcome.result['changed']
    counts = apppot.counts()
    assert counts['auth'] == 0 and counts['write'] == 1


def test_an_expired_token_leads_to_one_login_and_the_task_carries_on(apppot):
    apppot.add_group('ops', None)
    token = apppot.new_session('admin')
    apppot.control({'expire_tokens': True})
    outcome = run_module(apppot_group, {'name': 'ops', 'description': 'after expiry', 'token': token})
    assert outcome.result['changed'] and outcome.result['group']['description'] == 'after expiry'
    counts = apppot.counts()
    assert counts['auth'] == 2 and counts['write'] == 1  # anonymousTokens and auth/login, once each


def test_an_expired_token_with_no_way_to_log_in_fails_with_120_and_is_never_shown(apppot, monkeypatch):
    token = apppot.new_session('admin')
    apppot.control({'expire_tokens': True})
    monkeypatch.setenv('APPPOT_USERNAME', '')
    outcome = run_module(apppot_group, {'name': 'ops', 'token': token})
    assert outcome.failed and outcome.result['code'] == 120
    assert 'token expired' in outcome.result['msg']
    assert token not in outcome.stdout


def test_default_ties_the_group_to_the_app(apppot):
    created = run_module(apppot_group, {'name': 'ops'}).result['group']
    assert created['group_id'] in apppot.dump_state()['app_group_ids']
    posts = [entry for entry in apppot.log if entry['method'] == 'POST' and entry['kind'] == 'write']
    assert len(posts) == 1


# No duplicate, whichever way the server lists and whatever add_to_current_app says -------------

def run_twice(emulator, args):
    first = run_module(apppot_group, args)
    writes_first = [entry['method'] for entry in emulator.log if entry['kind'] == 'write']
    emulator.log.clear()
    second = run_module(apppot_group, args)
    writes_second = [entry['method'] for entry in emulator.log if entry['kind'] == 'write']
    return first, second, writes_first, writes_second


@pytest.mark.parametrize('list_all', [False, True])
def test_tied_group_is_created_once_whichever_way_the_server_lists(apppot, list_all):
    apppot.control({'list_all_groups': list_all})
    first, second, writes_first, writes_second = run_twice(apppot, {'name': 'ops', 'add_to_current_app': True})
    assert first.result['changed'] and not second.result['changed']
    assert (writes_first, writes_second) == (['POST'], [])
    assert len(ops_groups(apppot)) == 1


def test_untied_group_on_a_server_listing_every_group_is_created_once(apppot):
    apppot.control({'list_all_groups': True})
    first, second, writes_first, writes_second = run_twice(apppot, {'name': 'ops', 'add_to_current_app': False})
    assert first.result['changed'] and not second.result['changed']
    assert second.result['group'] == first.result['group']
    assert (writes_first, writes_second) == (['POST'], [])
    [group] = ops_groups(apppot)
    assert group['groupId'] not in apppot.dump_state()['app_group_ids']


def test_untied_group_the_server_hides_is_deleted_again_and_the_task_says_why(apppot):
    first, second, writes_first, writes_second = run_twice(apppot, {'name': 'ops', 'add_to_current_app': False})
    assert first.failed and second.failed
    assert (writes_first, writes_second) == (['POST', 'DELETE'], ['POST', 'DELETE'])
    assert ops_groups(apppot) == []
    assert first.result['msg'] == (
        "AppPot created group 'ops' (group_id 2) but does not list it: this server lists only groups "
        "tied to the current app, so no later run could find it and each would create another. It was "
        "deleted again; leave add_to_current_app at true (POST /api/1/tenantapp/1.0.0/groups, HTTP 200)")
    assert "group 'ops' (group_id 3)" in second.result['msg'] and 'It was deleted again' in second.result['msg']


def test_the_delete_of_an_unlisted_group_carries_the_token_in_its_query(apppot):
    outcome = run_module(apppot_group, {'name': 'ops', 'add_to_current_app': False})
    assert outcome.failed
    assert [(entry['method'], entry['query'], entry['status']) for entry in writes(apppot)] == [
        ('POST', {}, 200), ('DELETE', {'token': '***'}, 200)]


def test_a_failed_rollback_names_the_group_id_that_remains(apppot):
    apppot.faults.add([{'method': 'DELETE', 'path': r'/groups/\d+$',
                        'body': {'status': 'error', 'errCode': 999, 'description': 'delete refused'}}])
    outcome = run_module(apppot_group, {'name': 'ops', 'add_to_current_app': False})
    message = outcome.result['msg']
    assert outcome.failed and outcome.result['code'] == 999
    assert 'Deleting it again failed (AppPot refused the request: delete refused)' in message
    assert 'group_id 2 remains on the server' in message and 'set group_id: 2 in the task' in message
    assert len(ops_groups(apppot)) == 1
    apppot.log.clear()
    pinned = run_module(apppot_group, {'name': 'ops', 'group_id': 2})
    assert pinned.failed and 'group_id 2 is not among the groups AppPot lists' in pinned.result['msg']
    assert apppot.counts()['write'] == 0 and len(ops_groups(apppot)) == 1


def test_a_tied_group_the_server_still_hides_is_deleted_again(apppot, monkeypatch):
    # A server that ignores isAddCurrentApp: the module must not leave the group behind either.
    add_group = apppot.add_group

    def add_untied_group(name, description, tied=True):
        return add_group(name, description, tied=False)
    monkeypatch.setattr(apppot, 'add_group', add_untied_group)
    outcome = run_module(apppot_group, {'name': 'ops'})
    assert outcome.failed and 'tied to the current app but does not list it' in outcome.result['msg']
    assert 'It was deleted again' in outcome.result['msg']
    assert ops_groups(apppot) == []


@pytest.mark.parametrize('list_all', [False, True])
def test_lost_create_answer_without_the_tie_is_not_sent_again(apppot, list_all):
    apppot.control({'list_all_groups': list_all})
    apppot.faults.add([{'method': 'POST', 'path': r'/groups$', 'commit': True, 'status': 500}])
    args = {'name': 'ops', 'add_to_current_app': False}
    first, second, writes_first, writes_second = run_twice(apppot, args)
    assert first.failed and writes_first == ['POST']
    assert first.result['msg'].startswith(
        "the create of group 'ops' may have been applied: its answer was lost (request failed: injected "
        "fault). With add_to_current_app: false the group may not be listed, so it is neither read back "
        "nor sent again")
    # The lost create stays; a rerun never adds a second listed or unlisted 'ops'.
    assert len(ops_groups(apppot)) == 1
    if list_all:
        assert not second.failed and not second.result['changed'] and writes_second == []
    else:
        assert second.failed and writes_second == ['POST', 'DELETE']


def test_lost_create_answer_with_the_tie_is_read_back(apppot):
    apppot.faults.add([{'method': 'POST', 'path': r'/groups$', 'commit': True, 'status': 500}])
    outcome = run_module(apppot_group, {'name': 'ops'})
    assert not outcome.failed and outcome.result['changed']
    assert [entry['method'] for entry in apppot.log if entry['kind'] == 'write'] == ['POST']
    assert len(ops_groups(apppot)) == 1


def test_a_failed_read_back_after_a_create_names_the_group_id(apppot):
    apppot.faults.add([{'method': 'GET', 'path': r'/groups$'},  # the first read goes through
                       {'method': 'GET', 'path': r'/groups$', 'times': -1,
                        'body': {'status': 'error', 'errCode': 950, 'description': 'list refused'}}])
    outcome = run_module(apppot_group, {'name': 'ops'})
    assert outcome.failed and outcome.result['code'] == 950
    assert ("AppPot created group 'ops' (group_id 2), but reading the group list back to see it listed "
            "failed (AppPot refused the request: list refused)") in outcome.result['msg']
    assert 'set group_id: 2 in the task' in outcome.result['msg']
    assert [entry['method'] for entry in apppot.log if entry['kind'] == 'write'] == ['POST']


# Answers of the wrong shape never lead to a write ---------------------------------------------

ENVELOPE = {'status': 'OK', 'errCode': 0, 'description': None}


@pytest.mark.parametrize('state', ['present', 'absent'])
@pytest.mark.parametrize('groups', [None, 'missing', 'default', [{'groupId': 'x', 'groupName': 'ops'}]])
def test_a_wrong_group_list_fails_without_a_write(apppot, state, groups):
    apppot.add_group('ops', None)
    body = dict(ENVELOPE) if groups == 'missing' else dict(ENVELOPE, groups=groups)
    apppot.faults.add([{'method': 'GET', 'path': r'/groups$', 'body': body, 'times': -1}])
    outcome = run_module(apppot_group, {'name': 'ops', 'state': state})
    assert outcome.failed and not outcome.result.get('changed')
    assert outcome.result['msg'].startswith('AppPot answered with a wrong shape: groups')
    assert 'GET /api/1/tenantapp/1.0.0/groups' in outcome.result['msg']
    assert apppot.counts()['write'] == 0 and len(ops_groups(apppot)) == 1


def test_a_wrong_update_answer_is_not_read_as_success(apppot):
    apppot.add_group('ops', 'old')
    apppot.faults.add([{'method': 'PUT', 'path': r'/groups/\d+$', 'commit': True,
                        'body': dict(ENVELOPE, group=[])}])
    outcome = run_module(apppot_group, {'name': 'ops', 'description': 'new'})
    assert outcome.failed
    assert outcome.result['msg'].startswith('AppPot answered with a wrong shape: group is a list, '
                                            'expected an object; the write may have been applied')
    assert [entry['method'] for entry in apppot.log if entry['kind'] == 'write'] == ['PUT']
