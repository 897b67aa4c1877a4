"""signtogether_groups, a tenant's group tree in one module run, against the SignTogether emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import signtogether_group, signtogether_groups
from support.modules import run_module, warnings_of

PASSWORD = 'Unit-admin-pw-7'
CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}
LIST = ('POST', '/rest/api/groups/list')
WRITE = ('POST', '/rest/api/group')


@pytest.fixture
def signtogether(service_env):
    return service_env('signtogether')


def group(name, **extra):
    admin = {'email': '%s@acme.example' % name, 'name': name.title(), 'login_id': '%s-admin' % name,
             'password': PASSWORD}
    return dict({'name': name, 'admin_user': admin, 'user_consent': CONSENT}, **extra)


def tree():
    return [group('acme', level=1, part_name='HQ'), group('sales', parent='acme', level=2),
            group('emea', parent='sales', level=3)]


def calls(emulator):
    return [(entry['method'], entry['path']) for entry in emulator.log]


def stored(emulator):
    return dict((one['groupName'], one) for one in emulator.dump_state()['groups'])


def test_a_three_group_tree_is_created_with_one_list_read_and_one_write_each(signtogether):
    outcome = run_module(signtogether_groups, {'groups': tree()})
    assert outcome.result['changed'] and not outcome.failed
    assert calls(signtogether) == [LIST, WRITE, WRITE, WRITE]
    acme, sales, emea = outcome.result['groups']
    assert (acme['parent'], sales['parent'], emea['parent']) == (None, 'acme', 'sales')
    assert (sales['parent_group_id'], emea['parent_group_id']) == (acme['group_id'], sales['group_id'])
    assert acme['part_name'] == 'HQ'
    groups = stored(signtogether)
    assert groups['emea']['parentGroupId'] == groups['sales']['groupId']
    assert groups['sales']['parentGroupId'] == groups['acme']['groupId']
    assert outcome.result['failed_groups'] == []


def test_each_group_is_what_signtogether_group_returns_and_a_rerun_only_reads_the_list(signtogether):
    created = run_module(signtogether_groups, {'groups': tree()}).result['groups']
    signtogether.log.clear()
    rerun = run_module(signtogether_groups, {'groups': tree()}, diff=True)
    assert not rerun.result['changed']
    assert calls(signtogether) == [LIST]
    assert rerun.result['diff'] == {'before': {}, 'after': {}}
    singular = [run_module(signtogether_group, item).result for item in tree()]
    assert [result['changed'] for result in singular] == [False] * 3
    assert rerun.result['groups'] == [result['group'] for result in singular]
    assert rerun.result['groups'] == [dict(one, part_name=None) for one in created]


def test_check_mode_writes_nothing_and_shows_each_child_under_its_parent(signtogether):
    before = signtogether.dump_state()
    outcome = run_module(signtogether_groups, {'groups': tree()}, check_mode=True, diff=True)
    assert outcome.result['changed']
    assert calls(signtogether) == [LIST]
    assert signtogether.dump_state() == before
    diff = outcome.result['diff']
    assert diff['before'] == {}
    assert sorted(diff['after']) == ['acme', 'emea', 'sales']
    assert (diff['after']['sales']['parent'], diff['after']['emea']['parent']) == ('acme', 'sales')
    assert diff['after']['acme']['part_name'] == 'HQ'
    assert [one['group_id'] for one in outcome.result['groups']] == [None, None, None]


def test_diff_shows_only_the_groups_that_change_and_an_update_still_warns(signtogether):
    run_module(signtogether_groups, {'groups': tree()})
    signtogether.log.clear()
    groups = tree()
    groups[1]['level'] = 5
    outcome = run_module(signtogether_groups, {'groups': groups}, diff=True)
    assert outcome.result['changed']
    assert outcome.result['diff']['before'].keys() == outcome.result['diff']['after'].keys() == {'sales'}
    assert (outcome.result['diff']['before']['sales']['level'], outcome.result['diff']['after']['sales']['level']) \
        == (2, 5)
    assert calls(signtogether) == [LIST, WRITE]
    sales_id = outcome.result['groups'][1]['group_id']
    assert any('group %s was updated without its part name' % sales_id in text for text in warnings_of(outcome))


def test_a_refused_group_fails_the_task_naming_it_after_the_others_are_applied(signtogether):
    groups = tree() + [group('apac', parent='acme')]
    groups[1]['admin_user']['login_id'] = 'other-admin'  # taken by the emulator's other tenant
    outcome = run_module(signtogether_groups, {'groups': groups})
    assert outcome.failed and outcome.result['changed']
    failed = outcome.result['failed_groups']
    assert [one['name'] for one in failed] == ['sales', 'emea']
    assert 'loginId already exists: other-admin' in failed[0]['message']
    assert failed[1]['message'] == "not attempted: its parent 'sales' failed"
    assert outcome.result['msg'].startswith(
        '2 of 4 groups failed; 2 applied (2 created): sales: SignTogether refused the request: '
        'loginId already exists: other-admin')
    assert "emea: not attempted: its parent 'sales' failed" in outcome.result['msg']
    assert [one is None for one in outcome.result['groups']] == [False, True, True, False]
    assert outcome.result['created'] == ['acme', 'apac'] and outcome.result['counts'] == {
        'created': 2, 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 2}
    assert sorted(stored(signtogether)) == ['acme', 'apac', 'other-tenant']
    # The refused create and no write for its child: acme, sales, apac.
    assert calls(signtogether).count(WRITE) == 3


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_parent_nowhere_to_be_found_is_refused_after_the_read_before_any_write(signtogether, check_mode):
    groups = [group('acme'), group('team', parent='nowhere'), group('sub', parent='team')]
    outcome = run_module(signtogether_groups, {'groups': groups}, check_mode=check_mode)
    assert outcome.failed and not outcome.result.get('changed')
    assert outcome.result['msg'] == (
        "1 problem in groups, nothing was written: groups[1] (team): its parent 'nowhere' is neither listed above "
        "it nor a group this api_key can see")
    assert calls(signtogether) == [LIST]
    assert sorted(stored(signtogether)) == ['other-tenant']


def test_a_parent_several_groups_of_the_service_are_named_is_refused_before_any_write(signtogether):
    beta_sales = group('sales', parent='beta')
    beta_sales['admin_user'] = dict(beta_sales['admin_user'], login_id='beta-sales-admin', email='bs@beta.example')
    assert not run_module(signtogether_groups, {'groups': [group('acme'), group('sales', parent='acme'),
                                                           group('beta'), beta_sales]}).failed
    signtogether.log.clear()
    outcome = run_module(signtogether_groups, {'groups': [group('new-root'), group('emea', parent='sales')]})
    assert outcome.failed
    assert "groups[1] (emea): its parent 'sales' names 2 groups (group_id " in outcome.result['msg']
    assert outcome.result['msg'].startswith('1 problem in groups, nothing was written: ')
    assert calls(signtogether) == [LIST]
    assert 'new-root' not in stored(signtogether)


def test_bad_items_are_reported_together_before_any_request(signtogether):
    groups = tree()
    groups[0]['user_consent'] = dict(CONSENT, service_use=False)
    groups[2]['admin_user']['password'] = "{{ lookup('env', 'PW') }}"
    outcome = run_module(signtogether_groups, {'groups': groups})
    assert outcome.failed
    assert outcome.result['msg'] == (
        '2 problems in groups, nothing was sent: groups[0] (acme): user_consent.service_use must be true: '
        'SignTogether creates a group only with is_teenager, service_use and privacy_collection consented; '
        'groups[2] (emea): admin_user.password still holds Jinja ({{ or {%): it was never templated (extra '
        'variables of an AWX job are not); give the password itself, vaulted')
    assert signtogether.log == []


@pytest.mark.parametrize('change, problem', [
    ({'parent_group_id': 1}, 'groups[1] (sales): parent and parent_group_id are mutually exclusive'),
    ({'user_consent': None}, 'groups[1] (sales): admin_user and user_consent are required together'),
    ({'parent': 'emea'}, "groups[1] (sales): its parent 'emea' is listed below it (groups[2]); list parents "
                         "before children"),
    ({'name': 'acme', 'parent': None}, 'groups[1] (acme): listed twice, first at groups[0]'),
    ({'parent': 'sales'}, 'groups[1] (sales): it names itself as its parent'),
    ({'name': 'acme', 'parent': 'emea'}, "groups[1] (acme): its parent 'emea' is listed below it (groups[2])"),
])
def test_an_item_signtogether_group_would_refuse_is_refused_by_index_and_name(signtogether, change, problem):
    groups = tree()
    groups[1].update(change)
    outcome = run_module(signtogether_groups, {'groups': groups})
    assert outcome.failed and problem in outcome.result['msg']
    assert signtogether.log == []


def test_a_parent_name_two_items_carry_is_refused_before_any_request(signtogether):
    groups = [group('acme'), group('sales', parent='acme'), group('beta'), group('sales', parent='beta'),
              group('emea', parent='sales')]
    outcome = run_module(signtogether_groups, {'groups': groups})
    assert outcome.failed
    assert outcome.result['msg'] == (
        "1 problem in groups, nothing was sent: groups[4] (emea): its parent 'sales' names 2 groups "
        "(groups[1], groups[3]); give each group a name of its own")
    assert signtogether.log == []


def test_a_lost_create_answer_is_read_back_and_not_sent_again(signtogether):
    # The first create goes through; the second is applied but its answer is lost.
    signtogether.faults.add([{'method': 'POST', 'path': '/rest/api/group$'},
                             {'method': 'POST', 'path': '/rest/api/group$', 'commit': True, 'status': 500}])
    outcome = run_module(signtogether_groups, {'groups': tree()})
    assert not outcome.failed and outcome.result['changed'], outcome
    assert calls(signtogether) == [LIST, WRITE, WRITE, LIST, WRITE]
    groups = stored(signtogether)
    assert sorted(groups) == ['acme', 'emea', 'other-tenant', 'sales']
    assert groups['emea']['parentGroupId'] == groups['sales']['groupId']
    assert outcome.result['groups'][2]['parent'] == 'sales'


def test_no_admin_password_in_the_result_of_a_run_or_a_failure(signtogether, monkeypatch):
    monkeypatch.setenv('SIGNTOGETHER_ADMIN_PASSWORD', 'Env-admin-pw-3')
    groups = tree()
    del groups[2]['admin_user']['password']
    done = run_module(signtogether_groups, {'groups': groups}, diff=True)
    assert not done.failed
    signtogether.faults.add([{'method': 'POST', 'path': '/rest/api/group$', 'echo': True, 'status': 400}])
    refused = run_module(signtogether_groups, {'groups': [group('apac')]})
    assert refused.failed and 'cannot process' in refused.result['failed_groups'][0]['message']
    assert '********' in refused.result['failed_groups'][0]['message']
    for outcome in (done, refused):
        assert PASSWORD not in outcome.stdout and 'Env-admin-pw-3' not in outcome.stdout
        assert signtogether.config['api_key'] not in outcome.stdout


def test_after_an_answer_of_the_wrong_shape_nothing_more_is_written(signtogether):
    signtogether.faults.add([{'path': '/rest/api/group$', 'commit': True,
                              'body': {'successCount': 1, 'failCount': 0, 'successList': 'ok', 'failList': []}}])
    groups = tree() + [group('apac')]
    outcome = run_module(signtogether_groups, {'groups': groups})
    assert outcome.failed
    failed = dict((one['name'], one['message']) for one in outcome.result['failed_groups'])
    assert sorted(failed) == ['acme', 'apac', 'emea', 'sales']
    assert 'successList is a string, expected a list' in failed['acme']
    assert failed['apac'].startswith('not sent: an earlier answer could not be read')
    assert calls(signtogether) == [LIST, WRITE]
