"""signtogether_group_info, run in-process against the SignTogether emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import signtogether_group, signtogether_group_info
from support.modules import run_module, warnings_of

CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}


@pytest.fixture
def signtogether(service_env):
    return service_env('signtogether')


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
    outcome = run_module(signtogether_group_info, {'group_ids': [1, root['group_id'], 100]})
    assert names(outcome.result) == ['root']
    assert outcome.result['skipped_ids'] == [1, 100]
    assert [warning for warning in warnings_of(outcome)
            if 'did not return group_ids 1, 100: no permission groupId:1, no permission groupId:100' in warning]


def test_only_another_partners_id_gives_no_group_and_one_warning(signtogether):
    other_group_id = signtogether.test_data()['other_group_id']
    outcome = run_module(signtogether_group_info, {'group_ids': [other_group_id]})
    assert not outcome.failed and outcome.result['groups'] == []
    assert outcome.result['skipped_ids'] == [other_group_id]
    assert len([warning for warning in warnings_of(outcome) if 'no permission groupId:' in warning]) == 1


def test_an_id_left_out_without_a_message_is_still_named(signtogether):
    root = make_group('root', 'root-admin')
    signtogether.faults.add([{'path': '/groups/list$', 'body': {
        'success': True, 'message': '', 'searchAll': False, 'list': []}}])
    outcome = run_module(signtogether_group_info, {'group_ids': [root['group_id']]})
    assert outcome.result['groups'] == [] and outcome.result['skipped_ids'] == [root['group_id']]
    assert any('did not return group_ids %s: no reason given' % root['group_id'] in warning
               for warning in warnings_of(outcome))


def test_all_ids_found_skip_nothing_and_warn_nothing(signtogether):
    root = make_group('root', 'root-admin')
    outcome = run_module(signtogether_group_info, {'group_ids': [root['group_id']]})
    assert names(outcome.result) == ['root'] and outcome.result['skipped_ids'] == []
    assert warnings_of(outcome) == []


def test_groups_carry_no_part_name(signtogether):
    make_group('root', 'root-admin')
    outcome = run_module(signtogether_group_info, {})
    assert [group for group in outcome.result['groups'] if 'part_name' in group] == []


def test_the_list_call_sends_an_id_list(signtogether):
    # The emulator refuses a list call without idList with HTTP 400.
    outcome = run_module(signtogether_group_info, {})
    assert not outcome.failed and [entry['status'] for entry in signtogether.log] == [200]


@pytest.mark.parametrize('body, what', [
    ({'success': True, 'message': 'no permission groupId:1', 'list': None}, 'list is null, expected a list'),
    ({'success': True, 'message': {'ids': [1]}, 'list': []}, 'message is an object, expected a string'),
    ({'message': '', 'list': []}, 'success is missing, expected a boolean'),
])
def test_a_wrong_list_answer_fails_naming_the_call(signtogether, body, what):
    signtogether.faults.add([{'path': '/groups/list$', 'body': body}])
    outcome = run_module(signtogether_group_info, {'group_ids': [1]})
    assert outcome.failed and what in outcome.result['msg']
    assert 'POST /rest/api/groups/list' in outcome.result['msg'] and outcome.result['status'] == 200


def test_empty_id_list_sends_nothing(signtogether):
    outcome = run_module(signtogether_group_info, {'group_ids': []})
    assert outcome.result['groups'] == [] and signtogether.log == []


def test_name_filter(signtogether):
    root = make_group('root', 'root-admin')
    make_group('child', 'child-admin', root['group_id'])
    assert names(run_module(signtogether_group_info, {'name': 'child'}).result) == ['child']


def test_name_filter_shows_the_group_as_signtogether_group_returns_it_without_part_name(signtogether):
    args = {'name': 'acme', 'part_name': 'HQ', 'level': 1, 'linked_type': 'lt', 'user_consent': CONSENT,
            'admin_user': {'email': 'a@example.com', 'name': 'A', 'login_id': 'acme-admin',
                           'password': 'Pw-123456'}}
    group_id = run_module(signtogether_group, args).result['group']['group_id']
    renamed = run_module(signtogether_group, {'group_id': group_id, 'name': 'acme-renamed', 'level': 2})
    outcome = run_module(signtogether_group_info, {'name': 'acme-renamed'})
    assert not outcome.result['changed']
    expected = dict(renamed.result['group'])
    del expected['part_name']
    assert outcome.result['groups'] == [expected]
    assert outcome.result['skipped_ids'] == []


def test_key_without_group_api_fails_with_403(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_API_KEY', signtogether.test_data()['no_group_api_key'])
    outcome = run_module(signtogether_group_info, {})
    assert outcome.failed and outcome.result['status'] == 403
    assert 'group api not permitted' in outcome.result['msg']
