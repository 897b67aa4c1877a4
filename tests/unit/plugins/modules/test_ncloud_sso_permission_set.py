"""ncloud_sso_permission_set and its _info module, run in-process against the Ncloud SSO
emulator: the set, the calls each run makes (request log) and what the service holds."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_sso_permission_set
from support.modules import run_module

SETS = r'/permission-sets$'
ONE_SET = r'/permission-sets/[^/]+$'
VIEWERS = {'name': 'acme-viewers', 'description': 'Read every service', 'managed_policy_ids': ['NCP_VIEWER'],
           'custom_policy_names': []}


@pytest.fixture
def sso(service_env):
    return service_env('ncloud_sso')


def stored(emulator):
    """{name: (description, managed ids, custom names)} of what the service holds."""
    return dict((item['permissionSetName'], (item['description'], item['systemManagedPolicyIds'],
                                             item['userCreatedPolicyNames']))
                for item in emulator.dump_state()['permissionSets'])


def calls(emulator):
    """(method, path with ids as ID) of each request, in order."""
    ids = [item['permissionSetId'] for item in emulator.dump_state()['permissionSets']]
    found = []
    for entry in emulator.log:
        path = entry['path'].split('?')[0]
        for set_id in ids:
            path = path.replace(set_id, 'ID')
        found.append((entry['method'], path.replace('/api/v1', '')))
    return found


def writes(emulator):
    return [entry for entry in emulator.log if entry['kind'] == 'write']


def run(args, **kwargs):
    return run_module(ncloud_sso_permission_set, args, **kwargs)


def test_create_then_a_rerun_with_zero_writes(sso):
    first = run(VIEWERS)
    assert not first.failed and first.result['changed'], first
    made = first.result['permission_set']
    assert dict(made, permission_set_id=None) == dict(VIEWERS, permission_set_id=None)
    assert calls(sso) == [('GET', '/permission-sets'), ('POST', '/permission-sets')]
    assert stored(sso) == {'acme-viewers': ('Read every service', ['NCP_VIEWER'], [])}
    sso.log.clear()
    second = run(VIEWERS)
    assert not second.result['changed'] and second.result['permission_set'] == made
    assert calls(sso) == [('GET', '/permission-sets'), ('GET', '/permission-sets/ID')] and writes(sso) == []


@pytest.mark.parametrize('change, after', [
    ({'description': 'new'}, ('new', ['NCP_VIEWER'], ['tenant-read'])),
    ({'managed_policy_ids': ['NCP_SERVER_MANAGER', 'NCP_VIEWER']},
     ('Read every service', ['NCP_SERVER_MANAGER', 'NCP_VIEWER'], ['tenant-read'])),
    ({'custom_policy_names': []}, ('Read every service', ['NCP_VIEWER'], [])),
])
def test_each_change_is_one_put_of_the_whole_set_and_what_is_left_out_is_kept(sso, change, after):
    run(dict(VIEWERS, custom_policy_names=['tenant-read']))
    sso.log.clear()
    outcome = run(dict({'name': 'acme-viewers'}, **change))
    assert outcome.result['changed'], outcome
    assert [(entry['method'], entry['kind']) for entry in writes(sso)] == [('PUT', 'write')]
    assert stored(sso) == {'acme-viewers': after}


def test_policy_lists_compare_as_sets(sso):
    run(dict(VIEWERS, managed_policy_ids=['NCP_VIEWER', 'NCP_SERVER_MANAGER']))
    sso.log.clear()
    outcome = run(dict(VIEWERS, managed_policy_ids=['NCP_SERVER_MANAGER', 'NCP_VIEWER']))
    assert not outcome.result['changed'] and writes(sso) == []


def test_eleven_policies_are_refused_with_zero_requests(sso):
    outcome = run(dict(VIEWERS, custom_policy_names=['p%d' % number for number in range(10)]))
    assert outcome.failed and 'holds 1 to 10 policies' in outcome.result['msg'] and 'not 11' in outcome.result['msg']
    assert sso.log == []


def test_eleven_with_the_kept_policies_are_refused_after_the_read_before_any_write(sso):
    run(dict(VIEWERS, custom_policy_names=['p%d' % number for number in range(5)]))
    sso.log.clear()
    six = ['NCP_VIEWER', 'NCP_ADMINISTRATOR', 'NCP_INFRA_MANAGER', 'NCP_FINANCE_MANAGER', 'NCP_SERVER_MANAGER',
           'NCP_OBJECT_STORAGE_MANAGER']
    outcome = run({'name': 'acme-viewers', 'managed_policy_ids': six})
    assert outcome.failed and 'not 11' in outcome.result['msg'] and writes(sso) == []


def test_a_set_to_create_needs_both_lists(sso):
    outcome = run({'name': 'acme-viewers', 'managed_policy_ids': ['NCP_VIEWER']})
    assert outcome.failed and 'to create it, give managed_policy_ids and custom_policy_names' in outcome.result['msg']
    assert writes(sso) == []


@pytest.mark.parametrize('args, problem', [
    ({'name': 'a'}, "name 'a' must be 2 to 30 characters"),
    ({'name': 'ok', 'description': 'x' * 301}, 'description is 301 characters, more than 300'),
    ({'name': 'ok', 'managed_policy_ids': ['NCP_VIEWER', 'NCP_VIEWER']}, 'managed_policy_ids lists NCP_VIEWER more than once'),
])
def test_bad_options_are_refused_with_zero_requests(sso, args, problem):
    outcome = run(args)
    assert outcome.failed and problem in outcome.result['msg'], outcome
    assert sso.log == []


def test_a_case_variant_name_finds_the_same_set(sso):
    run(VIEWERS)
    sso.log.clear()
    outcome = run(dict(VIEWERS, name='ACME-Viewers'))
    assert not outcome.result['changed'] and outcome.result['permission_set']['name'] == 'acme-viewers'
    assert writes(sso) == []


def test_check_mode_and_diff_write_nothing_and_show_the_change(sso):
    run(VIEWERS)
    sso.log.clear()
    outcome = run(dict(VIEWERS, managed_policy_ids=['NCP_ADMINISTRATOR']), check_mode=True, diff=True)
    assert outcome.result['changed'] and writes(sso) == []
    diff = outcome.result['diff']
    assert diff['before']['managed_policy_ids'] == ['NCP_VIEWER']
    assert diff['after']['managed_policy_ids'] == ['NCP_ADMINISTRATOR']
    created = run(dict(VIEWERS, name='new-set'), check_mode=True, diff=True).result
    assert created['changed'] and created['permission_set']['permission_set_id'] is None
    assert stored(sso) == {'acme-viewers': ('Read every service', ['NCP_VIEWER'], [])}


@pytest.mark.parametrize('method, path', [('POST', SETS), ('PUT', ONE_SET)])
def test_a_write_applied_but_unanswered_is_read_back_not_sent_again(sso, method, path):
    if method == 'PUT':
        run(VIEWERS)
    sso.log.clear()
    sso.faults.add([{'method': method, 'path': path, 'commit': True, 'status': 502}])
    outcome = run(dict(VIEWERS, description='after a lost answer'))
    assert not outcome.failed and outcome.result['changed'], outcome
    assert [entry['method'] for entry in writes(sso)] == [method]
    assert stored(sso) == {'acme-viewers': ('after a lost answer', ['NCP_VIEWER'], [])}
    sso.log.clear()
    assert not run(dict(VIEWERS, description='after a lost answer')).result['changed'] and writes(sso) == []


def test_delete_then_absent_again_unchanged(sso):
    run(VIEWERS)
    deleted = run({'name': 'acme-viewers', 'state': 'absent'})
    assert deleted.result['changed'] and deleted.result['permission_set'] is None and stored(sso) == {}
    sso.log.clear()
    again = run({'name': 'acme-viewers', 'state': 'absent'})
    assert not again.result['changed'] and writes(sso) == []


def test_a_set_an_assignment_uses_is_not_deleted_and_the_message_says_why(sso):
    made = run(VIEWERS).result['permission_set']
    sso.assignments['a'] = {'assignmentId': 'a', 'assignmentName': 'a1', 'permissionSetId': made['permission_set_id'],
                            'accountMbrNo': '1234567', 'createdAt': 'now'}
    sso.targets['a'] = {'user': {}, 'group': {}}
    outcome = run({'name': 'acme-viewers', 'state': 'absent'})
    assert outcome.failed and 'used by an assignment' in outcome.result['msg']


def test_in_check_mode_a_set_an_earlier_task_would_create_is_shown_with_a_warning(sso):
    outcome = run({'name': 'acme-viewers', 'managed_policy_ids': ['NCP_VIEWER']}, check_mode=True)
    assert not outcome.failed and outcome.result['changed'], outcome
    assert 'a real run fails unless an earlier task creates it' in str(outcome.result['warnings'])
    assert writes(sso) == []
