"""signtogether_group_info, run in-process against the SignTogether emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import signtogether_group, signtogether_group_info
from module_harness import run_module

CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}


@pytest.fixture
def signtogether(fresh_sandbox, monkeypatch):
    for key, value in fresh_sandbox.env().items():
        if key.startswith('SIGNTOGETHER_'):
            monkeypatch.setenv(key, value)
    return fresh_sandbox.emulator('signtogether')


def make_group(name, login_id, parent=None):
    args = {'name': name, 'parent_group_id': parent, 'user_consent': CONSENT,
            'admin_user': {'email': 'a@example.com', 'name': 'A', 'login_id': login_id,
                           'password': 'Pw-123456'}}
    return run_module(signtogether_group, args).result['group']


def names(result):
    return [group['name'] for group in result['groups']]


def test_reads_the_key_scope_only(signtogether):
    root = make_group('root', 'root-admin')
    make_group('child', 'child-admin', root['group_id'])
    outcome = run_module(signtogether_group_info, {})
    assert not outcome.result['changed']
    assert names(outcome.result) == ['root', 'child']
    assert outcome.result['groups'][1]['parent_group_id'] == root['group_id']


def test_other_partner_sees_only_its_own(signtogether, monkeypatch):
    make_group('root', 'root-admin')
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', signtogether.test_data()['other_api_key'])
    assert names(run_module(signtogether_group_info, {}).result) == ['other-tenant']


def test_ids_out_of_scope_are_skipped_with_a_warning(signtogether):
    root = make_group('root', 'root-admin')
    outcome = run_module(signtogether_group_info, {'group_ids': [1, root['group_id']]})
    assert names(outcome.result) == ['root']
    assert any('no permission groupId:1' in str(warning) for warning in outcome.result['warnings'])


def test_empty_id_list_sends_nothing(signtogether):
    outcome = run_module(signtogether_group_info, {'group_ids': []})
    assert outcome.result['groups'] == [] and signtogether.log == []


def test_name_filter(signtogether):
    root = make_group('root', 'root-admin')
    make_group('child', 'child-admin', root['group_id'])
    assert names(run_module(signtogether_group_info, {'name': 'child'}).result) == ['child']


def test_key_without_group_api_fails_with_403(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', signtogether.test_data()['no_group_api_key'])
    outcome = run_module(signtogether_group_info, {})
    assert outcome.failed and outcome.result['status'] == 403
