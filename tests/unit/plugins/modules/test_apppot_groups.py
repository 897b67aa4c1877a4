"""apppot_groups logic, run in-process against the AppPot emulator: a tenant's groups in
one module run, one login and one read of the group list, each group as apppot_group
would leave it."""

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils import apppot_groups as apppot_groups_utils
from ansible_collections.tenantkit.saas.plugins.modules import apppot_group, apppot_groups
from support.modules import run_module
from test_lost_answers import APPLIED_BUT_UNANSWERED

THREE = [{'name': 'sales', 'description': 'Sales team'}, {'name': 'support'},
         {'name': 'ops', 'description': 'Operations'}]
GROUPS_PATH = r'/groups$'
LOGIN = [('auth', 'GET', 'anonymousTokens'), ('auth', 'POST', 'login')]
LIST = ('read', 'GET', 'groups')
CREATE = ('write', 'POST', 'groups')


@pytest.fixture
def apppot(service_env):
    return service_env('apppot')


def requests(emulator):
    """The calls in the order they came: (kind, method, last path segment)."""
    return [(entry['kind'], entry['method'], entry['path'].rsplit('/', 1)[-1]) for entry in emulator.log]


def writes(emulator):
    return [entry['method'] for entry in emulator.log if entry['kind'] == 'write']


def stored(emulator):
    """{name: description} of every group on the server, and how many groups it holds."""
    groups = emulator.dump_state()['groups']
    return dict((group['groupName'], group['description']) for group in groups), len(groups)


def test_three_groups_are_created_with_one_login_one_list_read_and_a_create_plus_read_back_each(apppot):
    outcome = run_module(apppot_groups, {'groups': THREE})
    result = outcome.result
    assert not outcome.failed and result['changed'] and result['failed_groups'] == []
    assert [(group['name'], group['description']) for group in result['groups']] == [
        ('sales', 'Sales team'), ('support', None), ('ops', 'Operations')]
    assert len(set(group['group_id'] for group in result['groups'])) == 3
    # One login; the list read once; each create read back to see it listed, as apppot_group does.
    assert requests(apppot) == LOGIN + [LIST] + [CREATE, LIST] * 3
    assert stored(apppot) == ({'default': 'seed group', 'sales': 'Sales team', 'support': None, 'ops': 'Operations'}, 4)


def test_each_group_is_returned_as_apppot_group_returns_it(apppot):
    plural = run_module(apppot_groups, {'groups': THREE}).result['groups']
    singular = [run_module(apppot_group, item).result['group'] for item in THREE]
    assert plural == singular


def test_a_rerun_logs_in_once_reads_the_list_once_and_writes_nothing(apppot):
    first = run_module(apppot_groups, {'groups': THREE}, diff=True).result
    apppot.log.clear()
    again = run_module(apppot_groups, {'groups': THREE}, diff=True).result
    assert not again['changed'] and again['groups'] == first['groups'] and again['failed_groups'] == []
    assert again['diff'] == {'before': {}, 'after': {}}
    assert requests(apppot) == LOGIN + [LIST]


def test_check_mode_writes_nothing_and_its_diff_shows_only_the_groups_that_change(apppot):
    run_module(apppot_groups, {'groups': THREE[:2]})
    apppot.add_group('interns', None)
    before = stored(apppot)
    apppot.log.clear()
    wanted = [dict(THREE[0], description='Sales EMEA'), THREE[1], THREE[2], {'name': 'interns', 'state': 'absent'}]
    result = run_module(apppot_groups, {'groups': wanted}, check_mode=True, diff=True).result
    assert result['changed'] and writes(apppot) == [] and stored(apppot) == before
    assert requests(apppot) == LOGIN + [LIST]
    sales, support = result['groups'][:2]
    assert result['groups'] == [dict(sales, description='Sales EMEA'), support,
                                {'group_id': None, 'name': 'ops', 'description': 'Operations'}, None]
    assert result['diff'] == {
        'before': {'sales': dict(sales, description='Sales team'),
                   'interns': {'group_id': 4, 'name': 'interns', 'description': None}},
        'after': {'sales': sales, 'ops': {'group_id': None, 'name': 'ops', 'description': 'Operations'}}}


def test_update_delete_and_unchanged_in_one_run_each_as_apppot_group_does_it(apppot):
    created = run_module(apppot_groups, {'groups': THREE}).result['groups']
    apppot.log.clear()
    wanted = [dict(THREE[0], description='Sales EMEA'), dict(THREE[1], state='absent'), THREE[2]]
    result = run_module(apppot_groups, {'groups': wanted}, diff=True).result
    assert result['changed'] and result['groups'] == [dict(created[0], description='Sales EMEA'), None, created[2]]
    assert requests(apppot) == LOGIN + [LIST, ('write', 'PUT', str(created[0]['group_id'])),
                                        ('write', 'DELETE', str(created[1]['group_id']))]
    assert sorted(result['diff']['before']) == ['sales', 'support'] and sorted(result['diff']['after']) == ['sales']
    assert stored(apppot) == ({'default': 'seed group', 'sales': 'Sales EMEA', 'ops': 'Operations'}, 3)
    # As ncloud_users_bulk's: counts and the names of what changed.
    assert (result['created'], result['updated'], result['deleted']) == ([], ['sales'], ['support'])
    assert result['counts'] == {'created': 0, 'updated': 1, 'deleted': 1, 'unchanged': 1, 'failed': 0}


def test_a_group_the_service_refuses_fails_the_task_naming_it_after_the_others_are_applied(apppot):
    # The first create goes through, the second is refused, the third goes through.
    apppot.faults.add([{'method': 'POST', 'path': GROUPS_PATH},
                       {'method': 'POST', 'path': GROUPS_PATH,
                        'body': {'status': 'error', 'errCode': 900, 'description': 'groupName is not allowed'}}])
    outcome = run_module(apppot_groups, {'groups': THREE})
    result = outcome.result
    assert outcome.failed and result['changed']
    assert [group and group['name'] for group in result['groups']] == ['sales', None, 'ops']
    [failure] = result['failed_groups']
    assert failure['name'] == 'support' and 'groupName is not allowed' in failure['message']
    assert result['msg'].startswith("1 of 3 groups failed; 2 applied (2 created): support: AppPot refused the "
                                    "request: groupName is not allowed")
    assert 'failed' not in result or result['failed'] is True
    # After a failed group the list is read again: what it left on the server is not known.
    assert requests(apppot) == LOGIN + [LIST, CREATE, LIST, CREATE, LIST, CREATE, LIST]
    assert stored(apppot) == ({'default': 'seed group', 'sales': 'Sales team', 'ops': 'Operations'}, 3)
    apppot.log.clear()
    again = run_module(apppot_groups, {'groups': THREE})
    assert not again.failed and writes(apppot) == ['POST']


def test_bad_items_are_all_reported_at_once_before_any_request(apppot):
    groups = [{'name': ''}, {'name': 'fine'}, {'name': 'n' * 256}, {'name': 'fine'}]
    outcome = run_module(apppot_groups, {'groups': groups})
    message = outcome.result['msg']
    assert outcome.failed and message.startswith('3 problems in groups, nothing was sent: ')
    assert "groups[0] (''): name must be 1 to 255 characters long" in message
    assert "groups[2] ('nnnnn" in message and '...): name must be 1 to 255 characters long' in message
    assert "groups[3] ('fine'): listed twice, first at groups[1]" in message
    assert apppot.log == []


def test_an_unknown_state_in_one_item_is_refused_by_ansible_before_any_request(apppot):
    outcome = run_module(apppot_groups, {'groups': [{'name': 'ok'}, {'name': 'x', 'state': 'gone'}]})
    assert outcome.failed and 'state' in outcome.result['msg'] and 'groups' in outcome.result['msg']
    assert apppot.log == []


@pytest.mark.parametrize('fault', sorted(APPLIED_BUT_UNANSWERED))
def test_a_lost_create_answer_is_read_back_and_not_sent_again(apppot, fault):
    # The second create is applied, but its answer is lost.
    apppot.faults.add([{'method': 'POST', 'path': GROUPS_PATH},
                       dict(APPLIED_BUT_UNANSWERED[fault], method='POST', path=GROUPS_PATH)])
    outcome = run_module(apppot_groups, {'groups': THREE, 'timeout': 1})
    assert not outcome.failed and outcome.result['changed'], outcome
    assert [group['name'] for group in outcome.result['groups']] == ['sales', 'support', 'ops']
    # The lost create is read back (the engine) instead of being sent again.
    assert requests(apppot) == LOGIN + [LIST, CREATE, LIST, CREATE, LIST, CREATE, LIST]
    assert stored(apppot)[1] == 4
    apppot.log.clear()
    assert not run_module(apppot_groups, {'groups': THREE}).result['changed'] and writes(apppot) == []


def test_one_login_serves_every_group_even_after_the_token_expires(apppot):
    run_module(apppot_groups, {'groups': THREE[:1]})
    token = apppot.new_session('admin')
    apppot.control({'expire_tokens': True})
    apppot.log.clear()
    result = run_module(apppot_groups, {'groups': THREE, 'token': token}).result
    assert result['changed'] and [group['name'] for group in result['groups']] == ['sales', 'support', 'ops']
    assert apppot.counts()['auth'] == 2  # anonymousTokens and auth/login, once, when the given token expired


def test_a_failed_login_fails_the_task_once_without_a_group_request(apppot, monkeypatch):
    monkeypatch.setenv('APPPOT_PASSWORD', 'wrong-secret-123')
    outcome = run_module(apppot_groups, {'groups': THREE})
    assert outcome.failed and outcome.result['code'] == 111
    assert outcome.result['msg'].startswith('AppPot refused the login (check username and password)')
    assert requests(apppot) == LOGIN
    assert 'wrong-secret-123' not in outcome.stdout


def test_an_answer_of_another_shape_stops_the_writes_after_it(apppot):
    apppot.faults.add([{'method': 'POST', 'path': GROUPS_PATH, 'commit': True,
                        'body': {'status': 'OK', 'errCode': 0, 'description': None, 'group': []}}])
    outcome = run_module(apppot_groups, {'groups': THREE})
    result = outcome.result
    assert outcome.failed and writes(apppot) == ['POST']
    assert [failure['name'] for failure in result['failed_groups']] == ['sales', 'support', 'ops']
    assert result['failed_groups'][0]['message'].startswith('AppPot answered with a wrong shape: group is a list')
    assert result['failed_groups'][1]['message'].startswith('not sent: an earlier answer could not be read')
    assert result['msg'].startswith('3 of 3 groups failed; none applied: sales: AppPot answered with a wrong shape')


def test_the_password_and_the_token_never_show_in_the_result(apppot, fresh_sandbox):
    password = fresh_sandbox.env()['APPPOT_PASSWORD']
    token = apppot.new_session('admin')
    apppot.control({'expire_tokens': True})
    apppot.faults.add([{'method': 'POST', 'path': GROUPS_PATH, 'echo': True, 'times': -1}])
    outcome = run_module(apppot_groups, {'groups': THREE, 'token': token}, diff=True)
    issued = list(apppot.user_tokens) + list(getattr(apppot, 'anonymous_tokens', ()))
    assert outcome.failed and len(outcome.result['failed_groups']) == 3
    assert '********' in outcome.result['failed_groups'][0]['message']
    assert [secret for secret in [password, token] + issued if secret in outcome.stdout] == []


def test_twins_on_the_server_fail_their_item_only_and_the_rest_is_applied(apppot, monkeypatch):
    # Twins are read again for a moment in case another run is settling a race (as apppot_group does).
    monkeypatch.setattr(apppot_groups_utils, 'RACE_PATIENCE', 0.3)
    apppot.add_group('support', None)
    apppot.add_group('support', None)
    apppot.log.clear()
    outcome = run_module(apppot_groups, {'groups': THREE})
    assert outcome.failed and [group and group['name'] for group in outcome.result['groups']] == ['sales', None, 'ops']
    [failure] = outcome.result['failed_groups']
    assert failure == {'name': 'support', 'message': "2 groups match name='support' (group_id 2, 3); "
                                                     "set group_id to choose one"}
    assert writes(apppot) == ['POST', 'POST']


def test_group_id_addresses_one_of_two_twins_and_renames_it(apppot):
    apppot.add_group('twin', None)
    second = apppot.add_group('twin', None)
    apppot.log.clear()
    wanted = [{'name': 'twin', 'group_id': second['groupId'], 'description': 'chosen'}, {'name': 'sales'}]
    result = run_module(apppot_groups, {'groups': wanted}, diff=True).result
    assert result['groups'][0] == {'group_id': second['groupId'], 'name': 'twin', 'description': 'chosen'}
    assert sorted(result['diff']['after']) == ['sales', 'twin']
    assert [entry['method'] for entry in apppot.log if entry['kind'] == 'write'] == ['PUT', 'POST']
