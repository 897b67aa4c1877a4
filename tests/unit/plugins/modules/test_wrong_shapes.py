"""Answers of the wrong shape, one table over the four services.

Each row makes one call answer HTTP 200 with a body whose shape is not
the one the client reads. The task fails with a message naming the call
and what was wrong, never a Python exception text, never read as
"empty"; and no write is sent after that answer.
"""

import re

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_group, ncloud_users_bulk, security365_app, signtogether_group)
from support.modules import run_module

APPPOT_OK = {'status': 'OK', 'errCode': 0, 'description': None}
SIGNTOGETHER_GROUP = {
    'name': 'acme', 'admin_user': {'email': 'admin@acme.example', 'name': 'Acme Admin',
                                   'login_id': 'acme-admin', 'password': 'Unit-admin-pw-7'},
    'user_consent': {'is_teenager': True, 'service_use': True, 'privacy_collection': True}}
NCLOUD_USERS = {'users': [{'login_id': 'shape%d@example.com' % index} for index in range(3)]}
NCLOUD_PAGE = {'page': 0, 'totalPages': 1, 'totalItems': 0, 'hasPrevious': False, 'hasNext': False,
               'isFirst': True, 'isLast': True, 'items': []}
MODULES = {'apppot': apppot_group, 'signtogether': signtogether_group, 'ncloud_sso': ncloud_users_bulk,
           'security365': security365_app}

# id: (service, module args, seed, fault rule, what the message says)
CASES = {
    'apppot groups null': (
        'apppot', {'name': 'ops'}, None,
        {'method': 'GET', 'path': '/groups$', 'body': dict(APPPOT_OK, groups=None)},
        'groups is null, expected a list'),
    'apppot groups missing, state absent': (
        'apppot', {'name': 'ops', 'state': 'absent'}, 'apppot',
        {'method': 'GET', 'path': '/groups$', 'body': dict(APPPOT_OK)},
        'groups is missing, expected a list'),
    'apppot groups a string': (
        'apppot', {'name': 'ops'}, None,
        {'method': 'GET', 'path': '/groups$', 'body': dict(APPPOT_OK, groups='ops')},
        'groups is a string, expected a list'),
    'apppot group id a string': (
        'apppot', {'name': 'ops', 'description': 'changed'}, 'apppot',
        {'method': 'GET', 'path': '/groups$',
         'body': dict(APPPOT_OK, groups=[{'groupId': 'seven', 'groupName': 'ops', 'description': None}])},
        'groups[0].groupId is a string, expected an integer'),
    'signtogether list null': (
        'signtogether', SIGNTOGETHER_GROUP, None,
        {'path': '/groups/list$', 'body': {'success': True, 'message': '', 'list': None}},
        'list is null, expected a list'),
    'signtogether list item not an object': (
        'signtogether', SIGNTOGETHER_GROUP, None,
        {'path': '/groups/list$', 'body': {'success': True, 'message': '', 'list': ['acme']}},
        'list[0] is a string, expected an object'),
    'signtogether successList a string': (
        'signtogether', SIGNTOGETHER_GROUP, None,
        {'path': '/api/group$', 'body': {'successCount': 1, 'failCount': 0, 'successList': 'ok',
                                         'failList': []}},
        'successList is a string, expected a list'),
    'signtogether failList item a string': (
        'signtogether', SIGNTOGETHER_GROUP, None,
        {'path': '/api/group$', 'body': {'successCount': 0, 'failCount': 1, 'successList': [],
                                         'failList': ['refused']}},
        'failList[0] is a string, expected an object'),
    'ncloud list answered with an error envelope': (
        'ncloud_sso', NCLOUD_USERS, None,
        {'method': 'GET', 'path': '/users$',
         'body': {'error': {'errorCode': '210', 'message': 'Permission Denied'}}},
        'Permission Denied'),
    'ncloud items null': (
        'ncloud_sso', NCLOUD_USERS, None,
        {'method': 'GET', 'path': '/users$', 'body': dict(NCLOUD_PAGE, items=None)},
        'items is null, expected a list'),
    'ncloud totalPages a string': (
        'ncloud_sso', NCLOUD_USERS, None,
        {'method': 'GET', 'path': '/users$', 'body': dict(NCLOUD_PAGE, totalPages='1')},
        'totalPages is a string, expected an integer'),
    'ncloud bulk answer an object': (
        'ncloud_sso', NCLOUD_USERS, None,
        {'method': 'POST', 'path': '/users/bulk$', 'body': {'success': True}},
        'body is an object, expected a list'),
    'security365 data a string': (
        'security365', {}, None,
        {'path': '/builtInProfile/info/all$', 'body': {'code': 0, 'message': 'success', 'data': 'none'}},
        'data is a string, expected a list'),
    'security365 profile key a number': (
        'security365', {'state': 'absent'}, 'security365',
        {'path': '/builtInProfile/info/all$', 'body': {'code': 0, 'data': [{'key': 5, 'value': 'x'}]}},
        'data[0].key is a number, expected a string'),
    'security365 code missing': (
        'security365', {}, None,
        {'path': '/builtInProfile/info/all$', 'body': {'message': 'success', 'data': []}},
        'code is missing, expected a number'),
    'security365 add answered with a list': (
        'security365', {}, None,
        {'path': '/addClientInfo$', 'body': [{'code': 0}]},
        'body is a list, expected an object'),
}


def seed(sandbox, service):
    """An object the task would change or delete, made through the module itself."""
    args = {'apppot': {'name': 'ops'}, 'security365': {}}[service]
    assert not run_module(MODULES[service], args).failed
    sandbox.emulator(service).log.clear()


@pytest.mark.parametrize('case', sorted(CASES))
def test_a_wrong_shape_fails_the_task_and_nothing_is_written_after_it(case, fresh_sandbox, service_env):
    service, args, seeded, fault, message = CASES[case]
    module = MODULES[service]
    emulator = service_env(service)
    if seeded:
        seed(fresh_sandbox, service)
    emulator.faults.add([dict(fault, times=-1)])
    outcome = run_module(module, dict(args, timeout=2))
    assert outcome.failed, outcome
    assert message in outcome.result['msg']
    assert 'wrong shape' in outcome.result['msg'] or service == 'ncloud_sso'
    assert 'Traceback' not in outcome.stdout and not re.search(r'[a-z]Error\b', outcome.result['msg'])
    faulted = [index for index, entry in enumerate(emulator.log) if entry['fault'] == 'body']
    assert faulted, 'the wrong-shaped answer was never served'
    assert [entry for entry in emulator.log[faulted[0] + 1:] if entry['kind'] == 'write'] == []
    if fault.get('method') == 'GET' or 'list' in fault['path'] or 'info/all' in fault['path']:
        assert [entry for entry in emulator.log if entry['kind'] == 'write'] == []
