"""Every managing module against a hostile server: a redirect to another
host, an answer dripped byte by byte, a body without end, and (Ncloud) paging
totals that lie. Each test says what reached which host, how long the task
took, and what the service holds afterwards."""

import time

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_group, ncloud_users_bulk, security365_app, signtogether_group)
from support.modules import run_module

SIGNTOGETHER_GROUP = {
    'name': 'acme', 'admin_user': {'email': 'admin@acme.example', 'name': 'Acme Admin',
                                   'login_id': 'acme-admin', 'password': 'Hostile-admin-pw-1'},
    'user_consent': {'is_teenager': True, 'service_use': True, 'privacy_collection': True}}
# service: (module, args, what the service holds of it)
SERVICES = {
    'apppot': (apppot_group, {'name': 'ops'},
               lambda state: [g for g in state['groups'] if g['groupName'] == 'ops']),
    'signtogether': (signtogether_group, SIGNTOGETHER_GROUP,
                     lambda state: [g for g in state['groups'] if g['groupName'] == 'acme']),
    'ncloud_sso': (ncloud_users_bulk, {'users': [{'login_id': 'hostile@example.com'}]},
                   lambda state: [u for u in state['users'] if u['loginId'] == 'hostile@example.com']),
    'security365': (security365_app, {},
                    lambda state: list(state['apps'])),
}


@pytest.fixture(params=sorted(SERVICES))
def service(request, service_env):
    return request.param, service_env(request.param)


def run(service_name, **extra):
    module, args, dummy = SERVICES[service_name]
    started = time.time()
    outcome = run_module(module, dict(args, **extra))
    return outcome, time.time() - started


def held(service_name, emulator):
    return SERVICES[service_name][2](emulator.dump_state())


CALL_KINDS = [(name, kind) for name in sorted(SERVICES)
              for kind in (('auth', 'read', 'write') if name == 'apppot' else ('read', 'write'))]


@pytest.mark.parametrize('status', [302, 307, 308])
@pytest.mark.parametrize('name, kind', CALL_KINDS)
def test_a_redirect_to_another_host_is_not_followed(service_env, other_host, name, kind, status):
    emulator, trap = service_env(name), other_host
    emulator.faults.add([{'kind': kind, 'status': status, 'redirect': trap.url + '/collect', 'times': -1}])
    outcome, dummy = run(name)
    assert [entry['kind'] for entry in emulator.log][-1] == kind
    assert outcome.failed
    assert 'redirect (HTTP %d) to %s' % (status, trap.url) in outcome.result['msg']
    assert 'collect' not in outcome.result['msg']
    assert trap.emulator.log == [], 'nothing reaches the other host'
    if kind == 'read':
        assert held(name, emulator) == []


def test_an_answer_dripped_byte_by_byte_is_cut_off_at_the_timeout(service):
    name, emulator = service
    emulator.faults.add([{'kind': 'read', 'drip': 0.5, 'times': -1}])
    outcome, took = run(name, timeout=2)
    assert outcome.failed and 'no answer within 2 seconds' in outcome.result['msg']
    assert took < 2 + 1
    assert [entry['kind'] for entry in emulator.log if entry['kind'] != 'auth'] == ['read']
    assert held(name, emulator) == []


def test_a_body_without_end_is_cut_off(service):
    name, emulator = service
    emulator.faults.add([{'kind': 'read', 'endless': True, 'times': -1}])
    outcome, took = run(name, timeout=20)
    assert outcome.failed and 'the answer is larger than 32 MB; stopped reading it' in outcome.result['msg']
    assert took < 20
    assert held(name, emulator) == []


@pytest.mark.parametrize('claim, says', [
    ({'totalPages': 1000000, 'totalItems': 5}, 'totalPages is 1000000, but totalItems 5 at 100 a page make 1'),
    ({'totalPages': 1001, 'totalItems': 100100}, 'more than the 1000 pages (100000 users) a task reads'),
    ({'page': 3}, 'page is 3, but page 0 was asked for'),
])
def test_paging_totals_that_do_not_add_up_stop_after_one_request(service_env, claim, says):
    sso = service_env('ncloud_sso')
    page = dict({'page': 0, 'totalPages': 1, 'totalItems': 1, 'hasPrevious': False, 'hasNext': False,
                 'isFirst': True, 'isLast': True, 'items': []}, **claim)
    sso.faults.add([{'method': 'GET', 'path': '/users$', 'body': page, 'times': -1}])
    users = [{'login_id': 'pager%d@example.com' % index} for index in range(3)]
    outcome = run_module(ncloud_users_bulk, {'users': users})
    assert outcome.failed and says in outcome.result['msg']
    assert len(sso.log) == 1 and sso.dump_state()['users'] == []
