"""ncloud_users_bulk logic, run in-process against the Ncloud SSO emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import user_problems
from ansible_collections.tenantkit.saas.plugins.modules import ncloud_users_bulk
from module_harness import run_module


@pytest.fixture
def sso(fresh_sandbox, monkeypatch):
    for key, value in fresh_sandbox.env().items():
        if key.startswith('NCLOUD_'):
            monkeypatch.setenv(key, value)
    return fresh_sandbox.emulator('ncloud_sso')


def users(count, prefix='u', **profile):
    return [{'login_id': '%s%04d@example.com' % (prefix, i), 'user_profile': dict(profile)}
            for i in range(count)]


def stored(emulator):
    return dict((user['loginId'], user) for user in emulator.dump_state()['users'])


def test_create_in_batches_then_rerun_writes_nothing(sso):
    first = run_module(ncloud_users_bulk, {'users': users(250, dept_name='Sales'), 'batch_size': 100})
    assert first.result['changed'] and len(first.result['created']) == 250
    assert sso.counts()['write'] == 3
    sso.log = []
    second = run_module(ncloud_users_bulk, {'users': users(250, dept_name='Sales')})
    assert not second.result['changed'] and len(second.result['unchanged']) == 250
    assert sso.counts()['write'] == 0


def test_batch_size_sets_the_requests(sso):
    run_module(ncloud_users_bulk, {'users': users(25), 'batch_size': 10})
    assert sso.counts()['methods'] == {'GET': 1, 'POST': 3}


def test_check_mode_writes_nothing_and_diffs_whole_users(sso):
    outcome = run_module(ncloud_users_bulk, {'users': users(2, dept_name='영업')}, check_mode=True, diff=True)
    assert outcome.result['changed'] and outcome.result['created'] == ['u0000@example.com', 'u0001@example.com']
    assert outcome.result['diff']['before'] == {}
    assert outcome.result['diff']['after']['u0001@example.com']['user_profile']['dept_name'] == '영업'
    assert outcome.result['users'][0]['user_id'] is None
    assert sso.counts()['write'] == 0 and stored(sso) == {}


def test_update_sends_the_whole_object_and_keeps_fields_not_given(sso):
    run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com', 'description': 'keep me',
                                              'user_profile': {'emp_no': '42', 'dept_name': 'Sales'}}]})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com',
                                                        'user_profile': {'dept_name': 'Ops'}}]}, diff=True)
    assert outcome.result['updated'] == ['a@example.com']
    assert sso.counts()['methods'] == {'GET': 1, 'PUT': 1}
    user = stored(sso)['a@example.com']
    assert (user['description'], user['userProfile']['empNo'], user['userProfile']['deptName']) == ('keep me', '42', 'Ops')
    diff = outcome.result['diff']
    assert diff['before']['a@example.com']['user_profile']['dept_name'] == 'Sales'
    assert diff['after']['a@example.com']['user_profile']['dept_name'] == 'Ops'


def test_empty_string_clears_and_stays_idempotent(sso):
    run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com', 'description': 'x'}]})
    cleared = run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com', 'description': ''}]})
    again = run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com', 'description': ''}]})
    assert cleared.result['changed'] and not again.result['changed']
    assert stored(sso)['a@example.com']['description'] is None


def test_access_rules_default_to_false(sso):
    run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com',
                                              'access_rules': {'console_access_allowed': True}}]})
    outcome = run_module(ncloud_users_bulk, {'users': [{'login_id': 'a@example.com'}]})
    assert outcome.result['updated'] == ['a@example.com']
    assert stored(sso)['a@example.com']['accessRules'] == {'consoleAccessAllowed': False, 'apiAccessAllowed': False}


def test_update_existing_false_leaves_users_alone(sso):
    run_module(ncloud_users_bulk, {'users': users(3, dept_name='A')})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': users(4, dept_name='B'), 'update_existing': False})
    assert outcome.result['created'] == ['u0003@example.com'] and len(outcome.result['unchanged']) == 3
    assert sso.counts()['methods'].get('PUT') is None


def test_every_bad_item_is_reported_before_any_request(sso):
    bad = [{'login_id': 'ok@example.com'},
           {'login_id': 'long@example.com', 'user_profile': {'first_name': '가' * 67}},
           {'login_id': 'nope', 'user_profile': {'phone_country_code': '++82'}},
           {'login_id': 'ok@example.com'}]
    outcome = run_module(ncloud_users_bulk, {'users': bad})
    msg = outcome.result['msg']
    assert outcome.failed and msg.startswith('4 problems in users, nothing was sent')
    assert 'users[1] (long@example.com): user_profile.first_name is 201 bytes in UTF-8, more than 200' in msg
    assert 'users[2] (nope): login_id must be an email address' in msg
    assert 'users[2] (nope): user_profile.phone_country_code must be digits with an optional leading +' in msg
    assert 'users[3] (ok@example.com): listed twice, first at users[0]' in msg
    assert sso.log == []


def test_wrong_boolean_fails_in_ansibles_own_check(sso):
    # Ansible converts the types first; its message names the option path, not the index.
    outcome = run_module(ncloud_users_bulk, {'users': [
        {'login_id': 'a@example.com', 'access_rules': {'api_access_allowed': 'maybe'}}]})
    assert outcome.failed and "'api_access_allowed' is of type str found in 'users -> access_rules'" in outcome.result['msg']
    assert sso.log == []


@pytest.mark.parametrize('size', [0, 101])
def test_batch_size_outside_the_api_limit_fails_first(sso, size):
    outcome = run_module(ncloud_users_bulk, {'users': users(1), 'batch_size': size})
    assert outcome.failed and 'batch_size must be from 1 to 100' in outcome.result['msg']
    assert sso.log == []


def test_refused_users_do_not_hide_the_others(sso, monkeypatch):
    # As if the service were stricter than the module's own checks.
    monkeypatch.setattr(ncloud_users_bulk, 'user_problems', lambda user: [])
    sso.control({'add_users': [{'loginId': 'Dup@example.com',
                                'accessRules': {'consoleAccessAllowed': False, 'apiAccessAllowed': False}}]})
    batch = users(3) + [{'login_id': 'dup@example.com'},
                        {'login_id': 'long@example.com', 'user_profile': {'last_name': '가' * 67}}] + users(2, 'v')
    outcome = run_module(ncloud_users_bulk, {'users': batch, 'batch_size': 4})
    result = outcome.result
    assert outcome.failed and result['changed']
    assert result['created'] == ['u0000@example.com', 'u0001@example.com', 'u0002@example.com',
                                 'v0000@example.com', 'v0001@example.com']
    assert [item['login_id'] for item in result['failed']] == ['dup@example.com', 'long@example.com']
    assert result['failed_users'] == result['failed']
    assert 'already exists' in result['failed'][0]['message']
    assert 'lastName must be at most 200 bytes' in result['failed'][1]['message']
    assert result['msg'].startswith('2 of 7 users failed; the others were applied')
    monkeypatch.setattr(ncloud_users_bulk, 'user_problems', user_problems)
    fixed = batch[:3] + [{'login_id': 'dup2@example.com'}, {'login_id': 'long@example.com'}] + batch[5:]
    rerun = run_module(ncloud_users_bulk, {'users': fixed})
    assert not rerun.failed and rerun.result['created'] == ['dup2@example.com', 'long@example.com']


def test_absent_deletes_in_batches_and_reports_absent_as_unchanged(sso):
    run_module(ncloud_users_bulk, {'users': users(30)})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': users(35), 'state': 'absent', 'batch_size': 20}, diff=True)
    assert len(outcome.result['deleted']) == 30 and len(outcome.result['unchanged']) == 5
    assert outcome.result['users'] == [] and outcome.result['diff']['after'] == {}
    assert sso.counts()['methods'] == {'GET': 1, 'POST': 2}
    assert stored(sso) == {}


def test_a_wrong_secret_fails_with_401_and_no_secret(sso, monkeypatch):
    monkeypatch.setenv('NCLOUD_SECRET_KEY', 'not-the-secret-42')
    outcome = run_module(ncloud_users_bulk, {'users': users(1)})
    assert outcome.failed and outcome.result['status'] == 401 and outcome.result['code'] == '200'
    assert 'Authentication Failed' in outcome.result['msg']
    assert 'not-the-secret-42' not in outcome.stdout


def test_a_read_only_key_reports_every_user_with_the_status(sso, fresh_sandbox, monkeypatch):
    data = sso.test_data()
    monkeypatch.setenv('NCLOUD_ACCESS_KEY', data['reader_access_key'])
    monkeypatch.setenv('NCLOUD_SECRET_KEY', data['reader_secret_key'])
    outcome = run_module(ncloud_users_bulk, {'users': users(3)})
    assert outcome.failed and outcome.result['status'] == 401 and outcome.result['code'] == '210'
    assert len(outcome.result['failed']) == 3 and outcome.result['created'] == []
    assert data['reader_secret_key'] not in outcome.stdout
