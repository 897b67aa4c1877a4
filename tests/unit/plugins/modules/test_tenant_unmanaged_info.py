"""tenant_unmanaged_info, run in-process against the sandbox: what each service holds that the
tenant variable does not list, by kind, with reads only; a service that cannot be read is named
and the others are still read."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_groups, ncloud_sso_assignment, ncloud_sso_group, ncloud_sso_permission_set, ncloud_users_bulk,
    signtogether_groups, tenant_unmanaged_info)
from sandbox.ncloud_sso import ACCOUNT
from support.modules import run_module
from test_signtogether_groups import group

SERVICES = ('signtogether', 'apppot', 'ncloud_sso', 'security365')


@pytest.fixture
def sandbox(service_env):
    return service_env()


def made(module, args):
    outcome = run_module(module, args)
    assert not outcome.failed, outcome
    return outcome


def leftovers(tenant):
    outcome = run_module(tenant_unmanaged_info, {'tenant': tenant})
    assert not outcome.failed and not outcome.result['changed'], outcome
    return outcome.result


def reads_only(sandbox):
    return all(entry['kind'] != 'write' for service in SERVICES for entry in sandbox.emulator(service).log)


def clear(sandbox):
    for service in SERVICES:
        sandbox.emulator(service).log = []


def test_an_apppot_group_the_tenant_does_not_list_is_named(sandbox):
    made(apppot_groups, {'groups': [{'name': 'acme-ops'}, {'name': 'acme-ops-renamed'}]})
    clear(sandbox)
    result = leftovers({'name': 'acme', 'apppot': {'groups': [{'name': 'acme-ops'}]}})
    # The app's own default group is a group the tenant does not list either.
    assert result['unmanaged'] == {'apppot': [{'kind': 'group', 'names': ['acme-ops-renamed', 'default'],
                                               'total': 2}]}
    assert result['errors'] == {} and reads_only(sandbox)


def test_signtogether_groups_under_the_tenants_groups_are_named_and_others_tenants_are_not(sandbox):
    made(signtogether_groups, {'groups': [group('acme', level=1), group('sales', parent='acme'),
                                          group('emea', parent='sales'), group('old-team', parent='sales')]})
    clear(sandbox)
    result = leftovers({'name': 'acme', 'signtogether': {'groups': [
        group('acme', level=1), group('sales', parent='acme'), group('emea', parent='sales')]}})
    # other-tenant, a root group of another tenant the key can see, is not under this tenant's groups.
    assert result['unmanaged'] == {'signtogether': [{'kind': 'group', 'names': ['old-team'], 'total': 1}]}
    assert reads_only(sandbox)


def test_ncloud_users_groups_sets_and_assignments_compare_without_regard_to_case(sandbox):
    made(ncloud_users_bulk, {'users': [{'login_id': 'kim@acme.example'}, {'login_id': 'left@acme.example'}]})
    for name in ('ops', 'old-ops'):
        made(ncloud_sso_group, {'name': name})
    made(ncloud_sso_permission_set, {'name': 'viewers', 'managed_policy_ids': ['NCP_VIEWER'],
                                     'custom_policy_names': []})
    made(ncloud_sso_assignment, {'name': 'main', 'permission_set': 'viewers', 'account_member_no': ACCOUNT})
    clear(sandbox)
    result = leftovers({'name': 'acme', 'ncloud': {
        'users': [{'login_id': 'KIM@acme.example'}], 'groups': [{'name': 'OPS'}],
        'permission_sets': [{'name': 'Viewers'}]}})
    assert result['unmanaged'] == {'ncloud': [
        {'kind': 'user', 'names': ['left@acme.example'], 'total': 1},
        {'kind': 'group', 'names': ['old-ops'], 'total': 1},
        {'kind': 'permission set', 'names': [], 'total': 0},
        {'kind': 'assignment', 'names': ['main'], 'total': 1}]}
    assert reads_only(sandbox)


def test_at_most_a_hundred_names_of_a_kind_with_the_total(sandbox):
    made(apppot_groups, {'groups': [{'name': 'g%03d' % number} for number in range(120)]})
    [kind] = leftovers({'name': 'acme', 'apppot': {'groups': []}})['unmanaged']['apppot']
    assert (len(kind['names']), kind['total'], kind['names'][0]) == (100, 121, 'default')


def test_a_service_that_cannot_be_read_is_named_and_the_others_are_still_read(sandbox):
    sandbox.emulator('ncloud_sso').faults.add([{'status': 403, 'times': -1}])
    result = leftovers({'name': 'acme', 'apppot': {'groups': []}, 'ncloud': {'users': []},
                        'security365': {'app': {'state': 'present'}}})
    assert list(result['unmanaged']) == ['apppot'] and list(result['errors']) == ['ncloud']
    assert 'HTTP 403' in result['errors']['ncloud']
