"""The tenant report shows NAVER Cloud SSO access (the tenant role's ncloud_sso_permission_set and
ncloud_sso_assignment loops): the set and the assignment created or changed, and the targets an
assignment gains and loses, by kind, in a run and in a drift audit (--check --diff)."""

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import ReportBuilder
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import render_html, render_markdown

HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
DRIFT_AUDIT = {'mode': 'drift audit', 'check_mode': True, 'diff_mode': True}
APPLY = {'mode': 'apply', 'check_mode': False, 'diff_mode': False}
VIEWERS = {'permission_set_id': None, 'name': 'acme-viewers', 'description': '', 'managed_policy_ids': ['NCP_VIEWER'],
           'custom_policy_names': []}
MAIN = {'assignment_id': 'a-1', 'name': 'acme-main', 'permission_set': 'acme-viewers', 'permission_set_id': 's-1',
        'account_member_no': '1234567', 'description': '', 'console_access': True, 'api_access': False,
        'active': True, 'groups': ['ops'], 'users': []}


def loop(module_key, *results):
    return {'changed': True, 'msg': 'All items completed', 'results': [
        dict(result, failed=False, invocation={'module_args': {'secret_key': HIDDEN}},
             item={'name': (result[module_key] or result['diff']['before'])['name']}) for result in results]}


def assignment_result(before, after, added, removed, diff=True):
    result = {'changed': True, 'assignment': after, 'added': added, 'removed': removed}
    if diff:
        result['diff'] = {'before': before, 'after': after}
    return result


def ncloud_row(report):
    return [row for row in report['tenants'][0]['services'] if row['service'] == 'ncloud'][0]


def test_a_drift_audit_shows_the_set_to_create_and_the_targets_an_assignment_would_gain_and_lose():
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_sso_permission_set', loop('permission_set', {
        'changed': True, 'permission_set': VIEWERS, 'diff': {'before': {}, 'after': VIEWERS}}), planned=True, failed=False)
    after = dict(MAIN, api_access=True, groups=['audit'], users=['lee@acme.example'])
    builder.add('acme', 'ncloud_sso_assignment', loop('assignment', assignment_result(
        MAIN, after, {'groups': ['audit'], 'users': ['lee@acme.example']}, {'groups': ['ops'], 'users': []})),
        planned=True, failed=False)
    report = builder.build(DRIFT_AUDIT)
    row = ncloud_row(report)
    assert row['status'] == 'would change' and row['changes_total'] == 2
    created, updated = row['changes']
    assert (created['object'], created['action']) == ('permission set acme-viewers', 'create')
    assert updated['object'] == 'assignment acme-main' and updated['action'] == 'update'
    assert updated['before']['api_access'] is False and updated['after']['api_access'] is True
    assert updated['targets_added'] == ['group audit', 'user lee@acme.example']
    assert updated['targets_removed'] == ['group ops']
    markdown = render_markdown(report)
    assert '  - assignment acme-main would be updated\n' in markdown
    assert '    - targets added: group audit, user lee@acme.example\n    - targets removed: group ops\n' in markdown
    page = render_html(report)
    assert '<p class="members">targets added: group audit, user lee@acme.example</p>' in page
    assert HIDDEN not in markdown + page


def test_without_diff_the_targets_added_still_show():
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_sso_assignment', loop('assignment', assignment_result(
        None, MAIN, {'groups': ['ops'], 'users': []}, {'groups': [], 'users': []}, diff=False)),
        planned=False, failed=False)
    change = ncloud_row(builder.build(APPLY))['changes'][0]
    assert (change['object'], change['targets_added']) == ('assignment acme-main', ['group ops'])
    assert 'targets_removed' not in change
