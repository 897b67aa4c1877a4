"""signtogether_group logic, run in-process against the SignTogether emulator."""

import hashlib

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import signtogether_group
from module_harness import run_module

PASSWORD = 'Unit-admin-pw-7'
ADMIN = {'email': 'admin@acme.example', 'name': 'Acme Admin', 'login_id': 'acme-admin',
         'password': PASSWORD}
CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}


@pytest.fixture
def signtogether(fresh_sandbox, monkeypatch):
    for key, value in fresh_sandbox.env().items():
        if key.startswith('SIGNTOGETHER_'):
            monkeypatch.setenv(key, value)
    return fresh_sandbox.emulator('signtogether')


def new_group(name='acme', admin=None, **extra):
    args = {'name': name, 'admin_user': dict(ADMIN, **(admin or {})), 'user_consent': CONSENT}
    args.update(extra)
    return args


def kinds(emulator):
    return [entry['kind'] for entry in emulator.log]


def test_create_stores_group_and_admin(signtogether):
    outcome = run_module(signtogether_group, new_group(part_name='HQ', level=1, linked_type='lt',
                                                       phone_number='01012345678'))
    group = outcome.result['group']
    assert outcome.result['changed']
    assert group == {'group_id': 2, 'name': 'acme', 'part_name': 'HQ', 'url_path': 'SGT_0000000002',
                     'level': 1, 'parent_group_id': None, 'linked_type': 'lt', 'used': True,
                     'admin_login_id': 'acme-admin'}
    admin = signtogether.dump_state()['admin_users'][-1]
    assert admin['passwordSha256'] == hashlib.sha256(PASSWORD.encode('utf-8')).hexdigest()
    assert signtogether.dump_state()['groups'][-1]['phoneNumber'] == '01012345678'
    assert kinds(signtogether) == ['read', 'write', 'read']


def test_rerun_reads_once_and_writes_nothing(signtogether):
    first = run_module(signtogether_group, new_group(level=1))
    signtogether.log.clear()
    second = run_module(signtogether_group, new_group(level=1))
    assert not second.result['changed']
    assert second.result['group'] == first.result['group']
    assert kinds(signtogether) == ['read']


def test_existing_group_needs_no_admin_or_consent(signtogether):
    run_module(signtogether_group, new_group())
    outcome = run_module(signtogether_group, {'name': 'acme'})
    assert not outcome.failed and not outcome.result['changed']


def test_level_change_is_one_update(signtogether):
    run_module(signtogether_group, new_group(level=1))
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'name': 'acme', 'level': 4}, diff=True)
    assert outcome.result['changed'] and outcome.result['group']['level'] == 4
    assert outcome.result['diff']['before']['level'] == 1
    assert outcome.result['diff']['after']['level'] == 4
    assert kinds(signtogether) == ['read', 'write', 'read']
    assert len(signtogether.dump_state()['groups']) == 2


def test_rename_by_group_id_keeps_the_id(signtogether):
    group_id = run_module(signtogether_group, new_group()).result['group']['group_id']
    outcome = run_module(signtogether_group, {'group_id': group_id, 'name': 'acme-new'})
    assert outcome.result['group']['group_id'] == group_id
    assert [g['groupName'] for g in signtogether.dump_state()['groups']] == ['other-tenant', 'acme-new']


def test_move_under_another_parent_by_group_id(signtogether):
    root = run_module(signtogether_group, new_group('root')).result['group']
    other = run_module(signtogether_group, new_group('other', {'login_id': 'o'})).result['group']
    outcome = run_module(signtogether_group, {'group_id': other['group_id'], 'name': 'other',
                                              'parent_group_id': root['group_id']})
    assert outcome.result['changed']
    assert outcome.result['group']['parent_group_id'] == root['group_id']


def test_rename_onto_a_sibling_fails_without_a_write(signtogether):
    run_module(signtogether_group, new_group('a'))
    second = run_module(signtogether_group, new_group('b', {'login_id': 'b'})).result['group']
    signtogether.log.clear()
    outcome = run_module(signtogether_group, {'group_id': second['group_id'], 'name': 'a'})
    assert outcome.failed and 'already named' in outcome.result['msg']
    assert kinds(signtogether) == ['read']


def test_unknown_group_id_fails(signtogether):
    outcome = run_module(signtogether_group, {'group_id': 1, 'name': 'x'})
    assert outcome.failed and 'group_id 1 is not a group this api_key can see' in outcome.result['msg']


def test_parent_out_of_scope_fails_without_a_write(signtogether):
    outcome = run_module(signtogether_group, new_group(parent_group_id=1))
    assert outcome.failed and 'parent_group_id 1' in outcome.result['msg']
    assert kinds(signtogether) == ['read']


@pytest.mark.parametrize('option', ['is_teenager', 'service_use', 'privacy_collection'])
def test_each_required_consent_false_fails_before_any_request(signtogether, option):
    args = new_group(user_consent=dict(CONSENT, **{option: False}))
    outcome = run_module(signtogether_group, args)
    assert outcome.failed and 'user_consent.%s must be true' % option in outcome.result['msg']
    assert signtogether.log == []


def test_consent_left_out_fails_before_any_request(signtogether):
    args = new_group(user_consent={'is_teenager': True, 'service_use': True})
    outcome = run_module(signtogether_group, args)
    assert outcome.failed and 'user_consent.privacy_collection' in outcome.result['msg']
    assert signtogether.log == []


def test_consent_strings_are_accepted(signtogether):
    args = new_group(user_consent={'is_teenager': 'true', 'service_use': 'true',
                                   'privacy_collection': 'true', 'marketing_use': 'false'})
    assert run_module(signtogether_group, args).result['changed']


def test_admin_without_consent_fails_before_any_request(signtogether):
    outcome = run_module(signtogether_group, {'name': 'acme', 'admin_user': ADMIN})
    assert outcome.failed and 'admin_user, user_consent' in outcome.result['msg']
    assert signtogether.log == []


def test_new_group_without_admin_fails_after_one_read(signtogether):
    outcome = run_module(signtogether_group, {'name': 'acme'})
    assert outcome.failed and 'admin_user and user_consent are required' in outcome.result['msg']
    assert kinds(signtogether) == ['read']


def test_taken_login_id_fails_with_the_vendor_message(signtogether):
    outcome = run_module(signtogether_group, new_group(admin={'login_id': 'other-admin'}))
    assert outcome.failed and outcome.result['status'] == 200
    assert 'loginId already exists: other-admin' in outcome.result['msg']


def test_wrong_key_fails_with_401_and_hides_the_key(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', 'st-wrong-key-42')
    outcome = run_module(signtogether_group, new_group())
    assert outcome.failed and outcome.result['status'] == 401
    assert 'invalid apiKey' in outcome.result['msg']
    assert 'st-wrong-key-42' not in outcome.stdout


def test_key_without_group_api_fails_with_403(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', signtogether.test_data()['no_group_api_key'])
    outcome = run_module(signtogether_group, new_group())
    assert outcome.failed and outcome.result['status'] == 403
    assert 'group api not permitted' in outcome.result['msg']


def test_check_mode_create_writes_nothing_and_diff_has_no_password(signtogether):
    outcome = run_module(signtogether_group, new_group(level=1), check_mode=True, diff=True)
    assert outcome.result['changed']
    assert outcome.result['diff'] == {'before': {}, 'after': {
        'group_id': None, 'name': 'acme', 'part_name': None, 'level': 1, 'parent_group_id': None,
        'linked_type': None, 'admin_login_id': 'acme-admin'}}
    assert kinds(signtogether) == ['read']


def test_password_is_masked_in_invocation(signtogether):
    outcome = run_module(signtogether_group, new_group())
    assert outcome.result['invocation']['module_args']['admin_user']['password'] != PASSWORD
    assert PASSWORD not in outcome.stdout


def test_create_only_difference_warns_and_changes_nothing(signtogether):
    run_module(signtogether_group, new_group(linked_type='a'))
    signtogether.log.clear()
    outcome = run_module(signtogether_group, new_group(linked_type='b'))
    assert not outcome.result['changed']
    assert any('linked_type' in str(warning) for warning in outcome.result['warnings'])
    assert kinds(signtogether) == ['read']


def test_tree_rerun_is_unchanged(signtogether):
    root = run_module(signtogether_group, new_group('root')).result['group']
    child_args = new_group('child', {'login_id': 'child'}, parent_group_id=root['group_id'])
    child = run_module(signtogether_group, child_args).result['group']
    twin_args = new_group('child', {'login_id': 'twin'})
    twin = run_module(signtogether_group, twin_args).result['group']
    assert child['parent_group_id'] == root['group_id'] and twin['parent_group_id'] is None
    signtogether.log.clear()
    assert not run_module(signtogether_group, child_args).result['changed']
    assert not run_module(signtogether_group, twin_args).result['changed']
    assert kinds(signtogether) == ['read', 'read']
