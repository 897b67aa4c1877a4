"""Every managing module after a write whose answer was lost: the write was applied
(commit-then-fail) or not (a plain 5xx). The module reads back, plans again and never
creates twice; when every attempt fails it says what it tried and how often."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_group, ncloud_users_bulk, security365_app, signtogether_group)
from support.modules import run_module

NCLOUD_USERS = [{'login_id': 'lost%d@example.com' % index, 'user_profile': {'dept_name': 'Ops'}}
                for index in range(3)]


def apppot_count(state):
    return sum(1 for group in state['groups'] if group['groupName'] == 'ops')


def signtogether_count(state):
    return sum(1 for group in state['groups'] if group['groupName'] == 'acme')


def ncloud_count(state):
    wanted = set(user['login_id'] for user in NCLOUD_USERS)
    return sum(1 for user in state['users'] if user['loginId'] in wanted)


def security365_count(state):
    return sum(1 for app in state['apps'].values() if app.get('in_profile'))


# service: (module, env prefix, args, create path, number of wanted objects stored, how many wanted)
SERVICES = {
    'apppot': (apppot_group, 'APPPOT_', {'name': 'ops', 'description': 'Operations'},
               r'/groups$', apppot_count, 1),
    'signtogether': (signtogether_group, 'SIGNTOGETHER_', {
        'name': 'acme', 'admin_user': {'email': 'admin@acme.example', 'name': 'Acme Admin',
                                       'login_id': 'acme-admin', 'password': 'Unit-admin-pw-7'},
        'user_consent': {'is_teenager': True, 'service_use': True, 'privacy_collection': True}},
        r'/rest/api/group$', signtogether_count, 1),
    'ncloud_sso': (ncloud_users_bulk, 'NCLOUD_', {'users': NCLOUD_USERS}, r'/users/bulk$', ncloud_count, 3),
    'security365': (security365_app, 'SECURITY365_', {}, r'addClientInfo$', security365_count, 1),
}
APPLIED_BUT_UNANSWERED = {
    'commit then 500': {'commit': True, 'status': 500},
    'commit then reset': {'commit': True, 'reset': True},
    'commit then garbled body': {'commit': True, 'malformed': True},
    'commit then slower than timeout': {'commit': True, 'delay': 1.6},
}


@pytest.fixture(params=sorted(SERVICES))
def service(request, service_env):
    module, dummy, args, path, count, wanted = SERVICES[request.param]
    emulator = service_env(request.param)
    return emulator, module, dict(args, timeout=1), path, count, wanted


def writes(emulator):
    return [entry for entry in emulator.log if entry['kind'] == 'write']


@pytest.mark.parametrize('fault', sorted(APPLIED_BUT_UNANSWERED))
def test_an_applied_write_whose_answer_is_lost_is_not_sent_again(service, fault):
    emulator, module, args, path, count, wanted = service
    emulator.faults.add([dict(APPLIED_BUT_UNANSWERED[fault], method='POST', path=path)])
    outcome = run_module(module, args)
    assert not outcome.failed, outcome
    assert outcome.result['changed']
    assert len(writes(emulator)) == 1
    assert count(emulator.dump_state()) == wanted
    emulator.log.clear()
    again = run_module(module, args)
    assert not again.result['changed'] and writes(emulator) == []


def test_a_write_refused_with_503_is_sent_again_once_a_read_shows_it_missing(service):
    emulator, module, args, path, count, wanted = service
    emulator.faults.add([{'method': 'POST', 'path': path, 'status': 503}])
    outcome = run_module(module, args)
    assert outcome.result['changed'] and not outcome.failed
    assert [entry['status'] for entry in writes(emulator)][:1] == [503]
    assert len(writes(emulator)) == 2 and count(emulator.dump_state()) == wanted


def test_a_write_that_always_fails_is_tried_three_times_and_says_so(service):
    emulator, module, args, path, count, dummy = service
    emulator.faults.add([{'method': 'POST', 'path': path, 'status': 500, 'times': -1}])
    outcome = run_module(module, args)
    assert outcome.failed and 'sent 3 times' in outcome.result['msg']
    assert 'read-back showed it not applied' in outcome.result['msg']
    assert len(writes(emulator)) == 3 and count(emulator.dump_state()) == 0


def test_bulk_report_names_exactly_the_users_left_unapplied(service_env):
    sso = service_env('ncloud_sso')
    users = [{'login_id': 'b%03d@example.com' % index} for index in range(250)]
    # Batch 1 is applied but unanswered, batch 2 fails every time, batch 3 goes through.
    bulk = {'method': 'POST', 'path': '/users/bulk$'}
    sso.faults.add([dict(bulk, commit=True, reset=True), dict(bulk, status=502), dict(bulk),
                    dict(bulk, status=502, times=-1)])
    outcome = run_module(ncloud_users_bulk, {'users': users, 'batch_size': 100})
    failed = sorted(item['login_id'] for item in outcome.result['failed_users'])
    stored = set(user['loginId'] for user in sso.dump_state()['users'])
    assert outcome.failed and failed == [user['login_id'] for user in users[100:200]]
    assert sorted(outcome.result['created']) == sorted(user['login_id'] for user in users[:100] + users[200:])
    assert stored == set(outcome.result['created'])
    assert '100 of 250 users failed' in outcome.result['msg']
    assert [entry['status'] for entry in sso.log if entry['kind'] == 'write'] == [None, 502, 200, 502, 502]


def test_lost_answer_and_failing_read_back_says_it_may_have_been_applied(service_env):
    apppot = service_env('apppot')
    apppot.faults.add([{'method': 'GET', 'path': '/groups$'},  # the first read goes through
                       {'method': 'POST', 'path': '/groups$', 'commit': True, 'status': 500},
                       {'method': 'GET', 'path': '/groups$', 'status': 503, 'times': -1}])
    outcome = run_module(apppot_group, {'name': 'ops'})
    assert outcome.failed
    assert "the create of group 'ops' may have been applied" in outcome.result['msg']
    assert apppot_count(apppot.dump_state()) == 1


def test_a_write_applied_after_the_timeout_is_waited_for_not_sent_again(service):
    emulator, module, args, path, count, wanted = service
    # The service applies the write 1.6 s after it arrived, when the client (timeout 1 s) gave up.
    emulator.faults.add([{'method': 'POST', 'path': path, 'delay': 1.6}])
    outcome = run_module(module, args)
    assert not outcome.failed, outcome
    assert outcome.result['changed'] and len(writes(emulator)) == 1
    assert count(emulator.dump_state()) == wanted
    emulator.log.clear()
    again = run_module(module, args)
    assert not again.result['changed'] and writes(emulator) == []
