"""The tenant report shows NAVER Cloud SSO groups (ncloud_sso_group results in the tenant
role's loop): the group created, its description before and after, and the members added
and removed, in a run and in a drift audit (--check --diff)."""

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import ReportBuilder
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import render_html, render_markdown

HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
DRIFT_AUDIT = {'mode': 'drift audit', 'check_mode': True, 'diff_mode': True}
APPLY = {'mode': 'apply', 'check_mode': False, 'diff_mode': False}


def group_result(before, after, added=(), removed=(), diff=True):
    """One loop item as ncloud_sso_group returns it."""
    result = {'changed': bool(added or removed or before != after), 'group': after or None,
              'added': list(added), 'removed': list(removed), 'failed': False,
              'invocation': {'module_args': {'secret_key': HIDDEN, 'name': (after or before)['name']}},
              'item': {'name': (after or before)['name']}}
    if diff:
        result['diff'] = {'before': before, 'after': after}
    return result


def group(name, description, members, group_id='g-1'):
    return {'group_id': group_id, 'name': name, 'description': description, 'members': list(members)}


def two_groups(diff=True):
    """A new group with two members, and an existing one whose description and members change."""
    return {'changed': True, 'msg': 'All items completed', 'results': [
        group_result({}, group('operators', 'Operations', ['kim@acme.example', 'lee@acme.example'], None),
                     added=['kim@acme.example', 'lee@acme.example'], diff=diff),
        group_result(group('sales', 'old', ['kim@acme.example', 'park@acme.example']),
                     group('sales', 'Sales team', ['lee@acme.example', 'park@acme.example']),
                     added=['lee@acme.example'], removed=['kim@acme.example'], diff=diff)]}


def ncloud_row(report):
    return [row for row in report['tenants'][0]['services'] if row['service'] == 'ncloud'][0]


def test_a_drift_audit_shows_the_group_to_create_and_the_description_and_members_to_change():
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_sso_group', two_groups(), planned=True, failed=False)
    report = builder.build(DRIFT_AUDIT)
    row = ncloud_row(report)
    assert row['status'] == 'would change' and row['changes_total'] == 2
    created, updated = row['changes']
    assert created == {'object': 'SSO group operators', 'action': 'create', 'planned': True, 'before': {},
                       'after': {'name': 'operators', 'description': 'Operations',
                                 'members': ['kim@acme.example', 'lee@acme.example']},
                       'members_added': ['kim@acme.example', 'lee@acme.example']}
    assert updated == {'object': 'SSO group sales', 'action': 'update', 'planned': True,
                       'before': {'description': 'old', 'members': ['kim@acme.example', 'park@acme.example']},
                       'after': {'description': 'Sales team', 'members': ['lee@acme.example', 'park@acme.example']},
                       'members_added': ['lee@acme.example'], 'members_removed': ['kim@acme.example']}
    markdown = render_markdown(report)
    assert '  - SSO group sales would be updated\n    - description: `"old"` -> `"Sales team"`\n' in markdown
    assert '    - members added: lee@acme.example\n    - members removed: kim@acme.example\n' in markdown
    page = render_html(report)
    assert '<p class="members">members removed: kim@acme.example</p>' in page
    assert 'ncloud: SSO group operators would be created' in page
    assert HIDDEN not in markdown + page


def test_without_diff_the_members_added_and_removed_still_show():
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_sso_group', two_groups(diff=False), planned=False, failed=False)
    changes = ncloud_row(builder.build(APPLY))['changes']
    assert [(change['object'], change['action'], change.get('members_added'), change.get('members_removed'))
            for change in changes] == [
        ('SSO group operators', 'change', ['kim@acme.example', 'lee@acme.example'], None),
        ('SSO group sales', 'change', ['lee@acme.example'], ['kim@acme.example'])]


def test_groups_in_sync_add_nothing_to_the_users_row():
    users = {'created': [], 'updated': [], 'deleted': [], 'unchanged': ['kim@acme.example'], 'failed_users': [],
             'changed': False}
    same = group('sales', 'Sales team', ['kim@acme.example'])
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_users_bulk', users, planned=True, failed=False)
    builder.add('acme', 'ncloud_sso_group', {'changed': False, 'results': [group_result(same, same)]},
                planned=True, failed=False)
    row = ncloud_row(builder.build(DRIFT_AUDIT))
    assert (row['status'], row['changes'], row['changes_total']) == ('in sync', [], 0)


def test_a_long_member_list_is_cut_to_the_report_budget():
    many = ['user%04d@acme.example' % number for number in range(500)]
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_sso_group', {'changed': True, 'results': [
        group_result({}, group('everyone', '', many, None), added=many)]}, planned=True, failed=False)
    change = ncloud_row(builder.build(DRIFT_AUDIT))['changes'][0]
    assert change['members_added'].endswith('... (500 items)') and len(change['members_added']) < 400
    assert change['after']['members'].endswith('... (500 items)')
