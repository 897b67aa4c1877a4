"""ncloud_users_bulk logic, run in-process against the Ncloud SSO emulator."""

import re

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils import ncloud_sso
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import user_problems
from ansible_collections.tenantkit.saas.plugins.modules import ncloud_user_info, ncloud_users_bulk
from support.modules import run_module


@pytest.fixture
def sso(service_env):
    return service_env('ncloud_sso')


def users(count, prefix='u', **profile):
    return [{'login_id': '%s%04d@example.com' % (prefix, i), 'user_profile': dict(profile)}
            for i in range(count)]


def imported(count, prefix='user', dept_name='Sales'):
    """Users with every field set, as an import file gives them: every other one may use the console."""
    return [{'login_id': '%s%04d@example.com' % (prefix, i), 'description': 'imported user %d' % i,
             'user_profile': {'first_name': '민준', 'last_name': '김%d' % i, 'dept_name': dept_name,
                              'phone_country_code': '+82', 'phone_no': '010-0000-%04d' % i},
             'access_rules': {'console_access_allowed': i % 2 == 0}}
            for i in range(count)]


def stored(emulator):
    return dict((user['loginId'], user) for user in emulator.dump_state()['users'])


def test_create_in_batches_then_rerun_writes_nothing(sso):
    first = run_module(ncloud_users_bulk, {'users': imported(250), 'batch_size': 100, 'return_users': True})
    result = first.result
    assert result['changed'] and len(result['created']) == 250 and result['failed_users'] == []
    # failed is Ansible's own key: never a list, and not set on success.
    assert 'failed' not in result and 'msg' not in result
    # One probe of the empty directory, then three bulk creates.
    assert sso.counts()['methods'] == {'GET': 1, 'POST': 3}
    assert [user['login_id'] for user in result['users']] == [user['login_id'] for user in imported(250)]
    # The answers come back in another order: each object is the one the service made for its login id.
    assert [(user['user_id'], user['nrn']) for user in result['users']] == [
        (stored(sso)[user['login_id']]['userId'], stored(sso)[user['login_id']]['nrn']) for user in result['users']]
    assert [user['access_rules']['console_access_allowed'] for user in result['users'][:2]] == [True, False]
    sso.log = []
    second = run_module(ncloud_users_bulk, {'users': imported(250)})
    assert not second.result['changed'] and second.result['counts']['unchanged'] == 250
    # By default the result does not grow with the list.
    assert 'users' not in second.result and 'unchanged' not in second.result
    assert second.result['created'] == [] and second.result['updated'] == []
    # The rerun reads the 250 users' 3 pages once each.
    assert sso.counts()['write'] == 0 and sso.counts()['read'] == 3


def test_two_thousand_users_in_twenty_requests_and_a_rerun_reads_each_page_once(sso):
    sso.control({'add_users': [{'loginId': 'other%03d@example.com' % i,
                                'accessRules': {'consoleAccessAllowed': False, 'apiAccessAllowed': False}}
                               for i in range(145)]})
    sso.log = []
    first = run_module(ncloud_users_bulk, {'users': imported(2000, 'bulk', 'Operations')})
    assert first.result['changed'] and len(first.result['created']) == 2000 and first.result['failed_users'] == []
    assert sso.counts()['write'] == 20
    sso.log = []
    again = run_module(ncloud_users_bulk, {'users': imported(2000, 'bulk', 'Operations')})
    assert not again.result['changed'] and again.result['counts']['unchanged'] == 2000
    # 2,145 users in the account: 22 pages of 100.
    assert sso.counts()['write'] == 0 and sso.counts()['read'] == 22


def test_the_echoed_arguments_hold_the_first_hundred_users_and_no_secret(sso):
    outcome = run_module(ncloud_users_bulk, {'users': users(250)})
    invocation = outcome.result['invocation']
    assert [user['login_id'] for user in invocation['module_args']['users']] == \
        [user['login_id'] for user in users(100)] and invocation['abridged'] == {'users': 'the first 100 of 250 items'}
    assert invocation['module_args']['secret_key'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    small = run_module(ncloud_users_bulk, {'users': users(3)}).result['invocation']
    assert len(small['module_args']['users']) == 3 and 'abridged' not in small


def test_batch_size_sets_the_requests(sso):
    run_module(ncloud_users_bulk, {'users': users(25), 'batch_size': 10})
    assert sso.counts()['methods'] == {'GET': 1, 'POST': 3}


def test_check_mode_writes_nothing_and_diffs_whole_users(sso):
    outcome = run_module(ncloud_users_bulk, {'users': users(2, dept_name='영업'), 'return_users': True},
                         check_mode=True, diff=True)
    assert outcome.result['changed'] and outcome.result['created'] == ['u0000@example.com', 'u0001@example.com']
    assert outcome.result['diff']['before'] == {}
    assert sorted(outcome.result['diff']['after']) == ['u0000@example.com', 'u0001@example.com']
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


def moved(batch, index, dept_name):
    """`batch` with the user at `index` in department `dept_name`, every other field as given."""
    user = dict(batch[index], user_profile=dict(batch[index]['user_profile'], dept_name=dept_name))
    return batch[:index] + [user] + batch[index + 1:]


def test_an_update_is_predicted_then_diffed_alone_and_whole(sso):
    run_module(ncloud_users_bulk, {'users': imported(5)})
    sso.log = []
    check = run_module(ncloud_users_bulk, {'users': moved(imported(5), 3, 'Support')}, check_mode=True, diff=True)
    assert check.result['changed'] and check.result['updated'] == ['user0003@example.com']
    assert check.result['counts']['unchanged'] == 4 and list(check.result['diff']['before']) == ['user0003@example.com']
    assert sso.counts()['write'] == 0 and stored(sso)['user0003@example.com']['userProfile']['deptName'] == 'Sales'
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': moved(imported(5), 3, 'Support')}, diff=True)
    result = outcome.result
    assert result['changed'] and result['updated'] == ['user0003@example.com'] and result['counts']['unchanged'] == 4
    assert list(result['diff']['before']) == list(result['diff']['after']) == ['user0003@example.com']
    before, after = result['diff']['before']['user0003@example.com'], result['diff']['after']['user0003@example.com']
    assert (before['user_profile']['dept_name'], after['user_profile']['dept_name']) == ('Sales', 'Support')
    # The diff shows the whole user, the fields that did not change too.
    assert after['user_profile']['phone_no'] == '010-0000-0003' and after['description'] == 'imported user 3'
    assert sso.counts()['methods'] == {'GET': 1, 'PUT': 1}


def test_an_item_that_leaves_fields_out_changes_nothing(sso):
    run_module(ncloud_users_bulk, {'users': moved(imported(8), 7, 'Support')})
    sso.log = []
    sparse = run_module(ncloud_users_bulk, {'users': [
        {'login_id': 'user0007@example.com', 'access_rules': {'console_access_allowed': False}}],
        'return_users': True})
    assert not sparse.result['changed'] and sparse.result['unchanged'] == ['user0007@example.com']
    info = run_module(ncloud_user_info, {'login_ids': ['user0007@example.com']}).result
    assert not info['changed'] and len(info['users']) == 1
    user = info['users'][0]
    assert (user['user_profile']['dept_name'], user['user_profile']['last_name'], user['description']) == (
        'Support', '김7', 'imported user 7')
    # One exact search each, and no write.
    assert sso.counts()['write'] == 0 and sso.counts()['read'] == 2


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
    assert outcome.result['created'] == ['u0003@example.com'] and outcome.result['counts']['unchanged'] == 3
    assert sso.counts()['methods'].get('PUT') is None
    sso.log = []
    again = run_module(ncloud_users_bulk, {'users': users(4, dept_name='C'), 'update_existing': False})
    assert not again.result['changed'] and again.result['counts']['unchanged'] == 4
    assert sso.counts()['write'] == 0 and stored(sso)['u0000@example.com']['userProfile']['deptName'] == 'A'


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
    # Ansible converts the types first; its message names the option path, not the index
    # (the type is "str" from ansible-core 2.19 on, "<class 'str'>" before).
    outcome = run_module(ncloud_users_bulk, {'users': [
        {'login_id': 'a@example.com', 'access_rules': {'api_access_allowed': 'maybe'}}]})
    assert outcome.failed and re.search(r"'api_access_allowed' is of type (str|<class 'str'>) found in "
                                        r"'users -> access_rules'", outcome.result['msg'])
    assert sso.log == []


@pytest.mark.parametrize('size', [0, 101])
def test_batch_size_outside_the_api_limit_fails_first(sso, size):
    outcome = run_module(ncloud_users_bulk, {'users': users(1), 'batch_size': size})
    assert outcome.failed and 'batch_size must be from 1 to 100' in outcome.result['msg']
    assert sso.log == []


def test_refused_users_do_not_hide_the_others(sso, monkeypatch):
    # As if the service were stricter than the module's own checks, and another run were creating dup@.
    monkeypatch.setattr(ncloud_sso, 'user_problems', lambda user: [])
    sso.control({'reserve_login_ids': ['dup@example.com']})
    batch = users(3) + [{'login_id': 'dup@example.com'},
                        {'login_id': 'long@example.com', 'user_profile': {'last_name': '가' * 67}}] + users(2, 'v')
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': batch, 'batch_size': 4})
    result = outcome.result
    assert outcome.failed and result['changed'] and result['failed'] is True
    assert result['created'] == ['u0000@example.com', 'u0001@example.com', 'u0002@example.com',
                                 'v0000@example.com', 'v0001@example.com']
    # A failed result leaves out what grows with the list: the objects and the unchanged users.
    assert 'users' not in result and 'unchanged' not in result
    failed = dict((item['login_id'], item['message']) for item in result['failed_users'])
    assert sorted(failed) == ['dup@example.com', 'long@example.com']
    # Read back once (another run might have made it), not found as asked: the refusal stands.
    assert failed['dup@example.com'] == 'Duplicate login ID.'
    assert 'lastName must be at most 200 bytes' in failed['long@example.com']
    assert result['msg'].startswith('2 of 7 users failed; 5 applied (5 created): dup@example.com: Duplicate login '
                                    'ID.; long@example.com: ')
    assert 'more in failed_users' not in result['msg']
    monkeypatch.setattr(ncloud_sso, 'user_problems', user_problems)
    assert sso.counts()['methods'].get('POST') == 2
    fixed = batch[:3] + [{'login_id': 'dup2@example.com'}, {'login_id': 'long@example.com'}] + batch[5:]
    sso.log = []
    rerun = run_module(ncloud_users_bulk, {'users': fixed})
    assert not rerun.failed and rerun.result['changed'] and rerun.result['failed_users'] == []
    assert rerun.result['created'] == ['dup2@example.com', 'long@example.com']
    assert rerun.result['counts']['unchanged'] == 5 and sso.counts()['write'] == 1


def test_check_mode_absent_predicts_the_deletes_and_writes_nothing(sso):
    run_module(ncloud_users_bulk, {'users': users(30)})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': users(12), 'state': 'absent', 'batch_size': 5},
                         check_mode=True, diff=True)
    assert outcome.result['changed'] and len(outcome.result['deleted']) == 12
    assert outcome.result['diff']['after'] == {} and len(outcome.result['diff']['before']) == 12
    assert sso.counts()['write'] == 0 and len(stored(sso)) == 30


def test_absent_deletes_in_batches_and_reports_absent_as_unchanged(sso):
    run_module(ncloud_users_bulk, {'users': users(30) + users(3, 'keep')})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': users(35), 'state': 'absent', 'batch_size': 20,
                                             'return_users': True}, diff=True)
    assert outcome.result['changed']
    assert len(outcome.result['deleted']) == 30 and outcome.result['counts']['unchanged'] == 5
    assert outcome.result['users'] == [] and outcome.result['diff']['after'] == {}
    assert sso.counts()['methods'] == {'GET': 1, 'POST': 2}
    assert sorted(stored(sso)) == ['keep0000@example.com', 'keep0001@example.com', 'keep0002@example.com']
    sso.log = []
    again = run_module(ncloud_users_bulk, {'users': users(35), 'state': 'absent'})
    assert not again.result['changed'] and again.result['counts']['unchanged'] == 35
    assert sso.counts()['write'] == 0


@pytest.mark.parametrize('given_as', ['environment', 'option'])
def test_a_wrong_secret_fails_with_401_and_no_secret(sso, monkeypatch, given_as):
    args = {'users': users(1)}
    if given_as == 'option':
        args['secret_key'] = 'not-the-secret-42'
    else:
        monkeypatch.setenv('NCLOUD_SECRET_KEY', 'not-the-secret-42')
    outcome = run_module(ncloud_users_bulk, args)
    assert outcome.failed and outcome.result['status'] == 401 and outcome.result['code'] == '200'
    assert 'Authentication Failed' in outcome.result['msg']
    assert 'not-the-secret-42' not in outcome.stdout


def test_a_read_only_key_reports_every_user_with_the_status(sso, fresh_sandbox, monkeypatch):
    data = sso.test_data()
    monkeypatch.setenv('NCLOUD_ACCESS_KEY', data['reader_access_key'])
    monkeypatch.setenv('NCLOUD_SECRET_KEY', data['reader_secret_key'])
    outcome = run_module(ncloud_users_bulk, {'users': users(3)})
    assert outcome.failed and outcome.result['status'] == 401 and outcome.result['code'] == '210'
    assert outcome.result['failed'] is True and outcome.result['created'] == []
    assert [item['login_id'] for item in outcome.result['failed_users']] == [user['login_id'] for user in users(3)]
    # Nothing was applied, and the message says so.
    assert outcome.result['msg'].startswith('3 of 3 users failed; none applied: u0000@example.com: ')
    assert 'Permission Denied' in outcome.result['msg']
    assert data['reader_secret_key'] not in outcome.stdout


# Issue 12: the v2 formats, results matched by login id, answers read strictly ----------

def test_a_country_code_with_a_plus_is_sent_without_it_and_converges(sso):
    plus = [{'login_id': 'kim@example.com', 'user_profile': {'phone_country_code': '+82', 'phone_no': '010-1234-5678'}},
            {'login_id': 'lee@example.com', 'user_profile': {'phone_country_code': '82', 'phone_no': '01098765432'}}]
    first = run_module(ncloud_users_bulk, {'users': plus, 'return_users': True})
    assert first.result['created'] == ['kim@example.com', 'lee@example.com']
    assert [user['user_profile']['phone_country_code'] for user in first.result['users']] == ['82', '82']
    assert stored(sso)['kim@example.com']['userProfile']['phoneCountryCode'] == '82'
    assert sso.counts()['write'] == 1
    sso.log = []
    again = run_module(ncloud_users_bulk, {'users': plus}, diff=True)
    # The spellings swapped: the digits for the first user, the plus for the second.
    swapped = run_module(ncloud_users_bulk, {'users': [
        {'login_id': 'kim@example.com', 'user_profile': {'phone_country_code': '82'}},
        {'login_id': 'lee@example.com', 'user_profile': {'phone_country_code': '+82'}}]})
    assert not again.result['changed'] and again.result['counts']['unchanged'] == 2 and not swapped.result['changed']
    assert again.result['diff'] == {'before': {}, 'after': {}}
    assert sso.counts()['write'] == 0


def test_a_stored_plus_reads_the_same_as_the_digits(sso):
    # A user written before the v2 formats, with the + stored.
    sso.control({'add_users': [{'loginId': 'old@example.com', 'userProfile': {'phoneCountryCode': '+82'},
                                'accessRules': {'consoleAccessAllowed': False, 'apiAccessAllowed': False}}]})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': [
        {'login_id': 'old@example.com', 'user_profile': {'phone_country_code': '82'}}], 'return_users': True})
    assert outcome.result['unchanged'] == ['old@example.com'] and sso.counts()['write'] == 0


def test_v2_formats_are_reported_with_index_and_login_id_before_any_request(sso):
    long_id = 'x' * 49 + '@example.com'
    bad = [{'login_id': 'ok@example.com', 'user_profile': {'phone_country_code': '+82', 'phone_no': '01012345678'}},
           {'login_id': long_id},
           {'login_id': 'cc@example.com', 'user_profile': {'phone_country_code': '+82 '}},
           {'login_id': 'no@example.com', 'user_profile': {'phone_no': '010-12345-678'}},
           {'login_id': 'kim@example.c0m'}]
    outcome = run_module(ncloud_users_bulk, {'users': bad})
    msg = outcome.result['msg']
    assert outcome.failed and msg.startswith('4 problems in users, nothing was sent')
    assert 'users[1] (%s): login_id must be an email address of 3 to 60 characters, not 61' % long_id in msg
    assert 'users[2] (cc@example.com): user_profile.phone_country_code must be digits with an optional leading +' in msg
    assert 'users[3] (no@example.com): user_profile.phone_no must be digits and hyphens' in msg
    assert 'users[4] (kim@example.c0m): login_id must be an email address such as name@example.com' in msg
    assert 'users[0]' not in msg
    assert sso.log == []


def test_absent_checks_the_login_id_format_too(sso):
    outcome = run_module(ncloud_users_bulk, {'state': 'absent', 'users': [
        {'login_id': 'ok@example.com'}, {'login_id': 'x' * 49 + '@example.com'}]})
    assert outcome.failed and 'users[1] (%s): login_id must be an email address of 3 to 60' % ('x' * 49 + '@example.com') \
        in outcome.result['msg']
    assert sso.log == []


def test_results_out_of_order_are_attributed_by_login_id(sso):
    # Two users another run is creating at this moment: the service refuses both.
    sso.control({'reserve_login_ids': ['taken@example.com', 'also.taken@example.com']})
    batch = [{'login_id': 'n%d@example.com' % index, 'user_profile': {'emp_no': str(index)}} for index in range(5)]
    batch.insert(1, {'login_id': 'taken@example.com'})
    batch.insert(4, {'login_id': 'also.taken@example.com'})
    sso.log = []
    outcome = run_module(ncloud_users_bulk, {'users': batch, 'return_users': True})
    result = outcome.result
    assert outcome.failed and result['changed']
    # In the order asked, each with the service's message.
    assert result['failed_users'] == [{'login_id': 'taken@example.com', 'message': 'Duplicate login ID.'},
                                      {'login_id': 'also.taken@example.com', 'message': 'Duplicate login ID.'}]
    assert result['created'] == ['n%d@example.com' % index for index in range(5)]
    assert result['msg'].startswith('2 of 7 users failed; 5 applied (5 created)') and sso.counts()['write'] == 1
    users = stored(sso)
    for login_id in result['created']:
        assert users[login_id]['userProfile']['empNo'] == login_id[1]


BULK = {'method': 'POST', 'path': r'/users/bulk$'}


def test_users_an_applied_answer_leaves_out_are_read_back_not_sent_again(sso):
    # The service created all three and answered for the first one only, and twice for none.
    sso.faults.add([dict(BULK, commit=True, body=[
        {'name': 'lost0@example.com', 'success': True, 'id': 'id-0', 'nrn': 'nrn-0'},
        {'name': 'lost1@example.com', 'success': True, 'id': 'id-1'},
        {'name': 'lost1@example.com', 'success': True, 'id': 'id-1'}])])
    batch = [{'login_id': 'lost%d@example.com' % index} for index in range(3)]
    outcome = run_module(ncloud_users_bulk, {'users': batch, 'return_users': True})
    assert not outcome.failed, outcome
    assert sorted(outcome.result['created']) == ['lost0@example.com', 'lost1@example.com', 'lost2@example.com']
    assert sso.counts()['methods'] == {'GET': 2, 'POST': 1}
    users = stored(sso)
    assert sorted(users) == sorted(outcome.result['created'])
    assert [user['user_id'] for user in outcome.result['users']][1:] == [
        users['lost1@example.com']['userId'], users['lost2@example.com']['userId']]


def test_users_an_empty_answer_leaves_out_are_not_taken_as_created(sso):
    sso.faults.add([dict(BULK, body=[])])
    outcome = run_module(ncloud_users_bulk, {'users': users(3)})
    assert not outcome.failed, outcome
    assert [entry['method'] for entry in sso.log] == ['GET', 'POST', 'GET', 'POST']
    assert sorted(stored(sso)) == [user['login_id'] for user in users(3)]


def test_users_never_answered_for_fail_after_three_sends(sso):
    sso.faults.add([dict(BULK, body=[], times=-1)])
    outcome = run_module(ncloud_users_bulk, {'users': users(2)})
    assert outcome.failed and [item['login_id'] for item in outcome.result['failed_users']] == [
        'u0000@example.com', 'u0001@example.com']
    assert 'sent 3 times' in outcome.result['failed_users'][0]['message']
    assert 'Ncloud SSO answered without a result for this user' in outcome.result['failed_users'][0]['message']
    assert sso.counts()['write'] == 3


def error_envelope(code='900', message='Unexpected Error'):
    return {'error': {'errorCode': code, 'message': message}}


# (what, the faults, arguments, request named in msg, what msg says, writes sent in all)
WRONG_ANSWERS = [
    ('a list answered 200 with an error envelope', [{'method': 'GET', 'body': error_envelope()}],
     {'users': users(3)}, 'GET /api/v1/users?page=0', 'an error (Unexpected Error) where a result was expected', 0),
    ('the same for state absent', [{'method': 'GET', 'body': error_envelope('410', 'Throttle Limited')}],
     {'users': users(3), 'state': 'absent'}, 'GET /api/v1/users?page=0', 'an error (Throttle Limited)', 0),
    ('list items null', [{'method': 'GET', 'body': {'page': 0, 'totalPages': 0, 'totalItems': 0, 'items': None}}],
     {'users': users(3)}, 'GET /api/v1/users', 'items is null, expected a list', 0),
    ('a bulk create answered with an object', [dict(BULK, body={'results': []})],
     {'users': users(30), 'batch_size': 10}, 'POST /api/v1/users/bulk', 'body is an object, expected a list', 1),
    ('a bulk result whose success is text', [dict(BULK, body=[{'name': 'u0000@example.com', 'success': 'true'}])],
     {'users': users(30), 'batch_size': 10}, 'POST /api/v1/users/bulk',
     'body[0].success is a string, expected a boolean', 1),
    ('a bulk create answered 200 with an error envelope', [dict(BULK, body=error_envelope('420', 'Rate Limited'))],
     {'users': users(30), 'batch_size': 10}, 'POST /api/v1/users/bulk', 'an error (Rate Limited)', 1),
]


@pytest.mark.parametrize('what, faults, args, request_line, text, writes', WRONG_ANSWERS,
                         ids=[case[0] for case in WRONG_ANSWERS])
def test_a_wrong_answer_fails_naming_the_call_and_nothing_is_written_after_it(
        sso, what, faults, args, request_line, text, writes):
    if args.get('state') == 'absent':
        run_module(ncloud_users_bulk, {'users': args['users']})
        sso.log = []
    sso.faults.add(faults)
    outcome = run_module(ncloud_users_bulk, args)
    msg = outcome.result['msg']
    assert outcome.failed and msg.startswith('Ncloud SSO answered with a wrong shape: ' + text), msg
    assert '(%s' % request_line in msg and 'Traceback' not in outcome.stdout
    assert sso.counts()['write'] == writes
    if not writes:
        assert 'unchanged' not in outcome.result
        return
    # The first batch's answer could not be read; the other batches were never sent.
    failed = outcome.result['failed_users']
    assert outcome.result['created'] == [] and len(failed) == len(args['users'])
    assert [item['message'].startswith('not sent: an earlier answer could not be read') for item in failed] == \
        [False] * args['batch_size'] + [True] * (len(args['users']) - args['batch_size'])
    assert 'Before it: 0 created, 0 updated, 0 deleted; 30 users not applied or unknown' in msg


def test_a_wrong_update_answer_stops_the_other_updates(sso):
    run_module(ncloud_users_bulk, {'users': users(3, dept_name='A')})
    sso.log = []
    sso.faults.add([{'method': 'PUT', 'body': {'id': 'x'}}])
    outcome = run_module(ncloud_users_bulk, {'users': users(3, dept_name='B')})
    assert outcome.failed and 'success is missing, expected a boolean' in outcome.result['msg']
    assert 'PUT /api/v1/users/' in outcome.result['msg']
    assert sso.counts()['methods'] == {'GET': 1, 'PUT': 1}


def test_a_wrong_bulk_delete_answer_stops_the_other_deletes(sso):
    run_module(ncloud_users_bulk, {'users': users(4)})
    sso.log = []
    sso.faults.add([{'method': 'POST', 'path': r'/users/delete$', 'body': [{'id': 7, 'success': True}]}])
    outcome = run_module(ncloud_users_bulk, {'users': users(4), 'state': 'absent', 'batch_size': 2})
    assert outcome.failed and 'body[0].id is a number, expected a string' in outcome.result['msg']
    assert sso.counts()['methods'] == {'GET': 1, 'POST': 1}


def test_the_services_field_errors_reach_failed_users(sso, monkeypatch):
    # As if the module's checks let a bad phone number through: the service's v2 fieldErrors say why.
    run_module(ncloud_users_bulk, {'users': users(1)})
    monkeypatch.setattr(ncloud_sso, 'user_problems', lambda user: [])
    outcome = run_module(ncloud_users_bulk, {'users': users(1, phone_no='12')})
    failure = outcome.result['failed_users'][0]
    assert outcome.failed and outcome.result['status'] == 400 and outcome.result['code'] == '100'
    assert failure['message'].startswith('request failed: Bad Request: 1 fields are invalid: userProfile.phoneNo: '
                                         'must be a mobile phone number')


def test_two_login_ids_that_differ_only_by_case_are_refused_before_any_request(sso):
    outcome = run_module(ncloud_users_bulk, {'users': [{'login_id': 'Dup.Case@example.com'},
                                                       {'login_id': 'dup.case@example.com'}]})
    assert outcome.failed
    assert outcome.result['msg'] == ('1 problem in users, nothing was sent: users[1] (dup.case@example.com): '
                                     'the same as users[0] (Dup.Case@example.com): the service compares it '
                                     'without regard to case')
    assert sso.log == []


def test_a_login_id_stored_in_another_case_is_that_user_with_a_warning(sso):
    created = run_module(ncloud_users_bulk, {'users': [{'login_id': 'Dup.Case@example.com',
                                                        'user_profile': {'dept_name': 'Sales'}}]})
    assert created.result['created'] == ['Dup.Case@example.com']
    sso.log = []
    for dummy in range(2):
        again = run_module(ncloud_users_bulk, {'users': [{'login_id': 'dup.case@example.com',
                                                          'user_profile': {'dept_name': 'Sales'}}]})
        assert not again.failed and not again.result['changed'], again
        assert again.result['counts']['unchanged'] == 1
        assert any('login_id dup.case@example.com is the existing user Dup.Case@example.com' in str(warning)
                   for warning in again.result['warnings'])
    assert sso.counts()['write'] == 0
    assert [user['loginId'] for user in sso.dump_state()['users']] == ['Dup.Case@example.com']
