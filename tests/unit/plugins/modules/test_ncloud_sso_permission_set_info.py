"""ncloud_sso_permission_set_info, run in-process against the Ncloud SSO emulator: every set or
one by name, each with its policies, and only reads."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    ncloud_sso_permission_set, ncloud_sso_permission_set_info)
from support.modules import run_module

VIEWERS = {'name': 'acme-viewers', 'description': 'Read every service', 'managed_policy_ids': ['NCP_VIEWER'],
           'custom_policy_names': []}


@pytest.fixture
def sso(service_env):
    return service_env('ncloud_sso')


def run(args):
    return run_module(ncloud_sso_permission_set, args)


def test_info_reads_every_set_or_one_by_name_with_policies(sso):
    run(VIEWERS)
    run(dict(VIEWERS, name='acme-admins', managed_policy_ids=['NCP_ADMINISTRATOR']))
    sso.log.clear()
    every = run_module(ncloud_sso_permission_set_info, {}).result['permission_sets']
    assert sorted(item['name'] for item in every) == ['acme-admins', 'acme-viewers']
    one = run_module(ncloud_sso_permission_set_info, {'name': 'ACME-ADMINS'}).result['permission_sets']
    assert [(item['name'], item['managed_policy_ids']) for item in one] == [('acme-admins', ['NCP_ADMINISTRATOR'])]
    assert run_module(ncloud_sso_permission_set_info, {'name': 'acme'}).result['permission_sets'] == []
    assert sso.log and set(entry['kind'] for entry in sso.log) == {'read'}


def test_an_empty_name_is_refused_before_any_request(sso):
    outcome = run_module(ncloud_sso_permission_set_info, {'name': ' '})
    assert outcome.failed and outcome.result['msg'] == 'name is empty: leave it out to read every permission set'
    assert sso.log == []
