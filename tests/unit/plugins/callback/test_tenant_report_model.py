"""The tenant report's model and pages (plugins/plugin_utils), fed result dicts shaped as the
collection's modules return them to a callback. The callback as Ansible loads it:
test_tenant_report_callback.py; through ansible-playbook: tests/integration/test_tenant_report.py."""

import json

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import ReportBuilder, summary_line
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import render_html, render_markdown

HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
DRIFT_AUDIT = {'mode': 'drift audit', 'check_mode': True, 'diff_mode': True}
APPLY = {'mode': 'apply', 'check_mode': False, 'diff_mode': True}


def signtogether_loop(check=True):
    def item(name, parent=None):
        group = {'group_id': None, 'name': name, 'level': 2 if parent else 1, 'parent_group_id': None,
                 'parent': parent, 'linked_type': None, 'admin_login_id': name + '-admin'}
        return {'changed': True, 'group': dict(group, part_name=None), 'diff': {'before': {}, 'after': group},
                'invocation': {'module_args': {'admin_user': {'password': HIDDEN}, 'api_key': HIDDEN}},
                'failed': False, 'tenant_index': 0, '_ansible_item_label': name}
    return {'results': [item('acme'), item('acme-sales', parent='acme')], 'changed': True,
            'msg': 'All items completed'}


def apppot_update(before='staff', after='staff of acme'):
    group = {'group_id': 2, 'name': 'acme-staff'}
    return {'results': [{'changed': True, 'group': dict(group, description=after),
                         'diff': {'before': dict(group, description=before), 'after': dict(group, description=after)},
                         'failed': False, 'item': {'name': 'acme-staff'}}], 'changed': True}


def profile(dept):
    return {'login_id': 'kim@acme.example', 'description': None,
            'user_profile': {'first_name': 'Minji', 'last_name': 'Kim', 'email': None, 'dept_name': dept},
            'access_rules': {'console_access_allowed': False, 'api_access_allowed': False}}


def ncloud_bulk(created=(), updated=(), unchanged=(), failed_users=(), diff=None):
    # The default result: counts and the changed login ids; the unchanged ones only counted.
    result = {'created': list(created), 'updated': list(updated), 'deleted': [],
              'counts': {'created': len(created), 'updated': len(updated), 'deleted': 0, 'unchanged': len(unchanged),
                         'failed': len(failed_users)},
              'failed_users': list(failed_users), 'changed': bool(created or updated),
              'invocation': {'module_args': {'secret_key': HIDDEN, 'access_key': 'AKVISIBLE'}}}
    if diff is not None:
        result['diff'] = diff
    return result


def one(report, host='localhost'):
    return dict((row['service'], row) for row in [t for t in report['tenants'] if t['host'] == host][0]['services'])


def test_a_check_run_with_diff_shows_each_new_object_with_its_fields():
    builder = ReportBuilder()
    builder.add('localhost', 'signtogether_group', signtogether_loop(), planned=True, failed=False)
    row = one(builder.build(DRIFT_AUDIT))['signtogether']
    assert row['status'] == 'would change'
    assert [(change['object'], change['action'], change['planned']) for change in row['changes']] == [
        ('group acme', 'create', True), ('group acme-sales (parent acme)', 'create', True)]
    assert row['changes'][1]['before'] == {}
    assert row['changes'][1]['after'] == {'name': 'acme-sales', 'level': 2, 'parent': 'acme',
                                          'admin_login_id': 'acme-sales-admin'}


def test_an_update_shows_only_the_fields_that_differ():
    builder = ReportBuilder()
    builder.add('localhost', 'apppot_group', apppot_update(), planned=False, failed=False)
    change = one(builder.build(APPLY))['apppot']['changes'][0]
    assert change == {'object': 'group acme-staff', 'action': 'update', 'planned': False,
                      'before': {'description': 'staff'}, 'after': {'description': 'staff of acme'}}


def test_an_unchanged_result_is_in_sync_with_nothing_listed():
    unchanged = apppot_update(after='staff')
    unchanged['changed'] = unchanged['results'][0]['changed'] = False
    fresh = ReportBuilder()
    fresh.add('localhost', 'apppot_group', unchanged, planned=True, failed=False)
    report = fresh.build(DRIFT_AUDIT)
    assert one(report)['apppot'] == {'service': 'apppot', 'status': 'in sync', 'message': '', 'changes': [],
                                     'changes_total': 0}
    assert report['totals'] == {'tenants': 1, 'in sync': 1, 'would change': 0, 'changed': 0, 'failed': 0}


def test_a_bulk_result_is_summarised_with_counts_and_the_first_changes():
    login_ids = ['user%04d@acme.example' % number for number in range(3000)]
    diff = {'before': {}, 'after': dict((login_id, dict(profile('Sales'), login_id=login_id)) for login_id in login_ids)}
    builder = ReportBuilder(max_changes=10)
    builder.add('localhost', 'ncloud_users_bulk', ncloud_bulk(created=login_ids, unchanged=['old@acme.example'],
                                                              diff=diff), planned=False, failed=False)
    row = one(builder.build(APPLY))['ncloud']
    assert row['status'] == 'changed'
    assert row['counts'] == {'created': 3000, 'updated': 0, 'deleted': 0, 'unchanged': 1, 'failed': 0}
    assert row['changes_total'] == 3000
    assert [change['object'] for change in row['changes']] == ['user ' + login_id for login_id in login_ids[:10]]
    assert row['changes'][0]['after']['user_profile.dept_name'] == 'Sales'
    assert len(json.dumps(row)) < 10000


def test_a_changed_user_field_shows_before_and_after():
    diff = {'before': {'kim@acme.example': profile('Finance')}, 'after': {'kim@acme.example': profile('Sales')}}
    builder = ReportBuilder()
    builder.add('localhost', 'ncloud_users_bulk', ncloud_bulk(updated=['kim@acme.example'], diff=diff),
                planned=True, failed=False)
    row = one(builder.build(DRIFT_AUDIT))['ncloud']
    assert row['changes'] == [{'object': 'user kim@acme.example', 'action': 'update', 'planned': True,
                               'before': {'user_profile.dept_name': 'Finance'},
                               'after': {'user_profile.dept_name': 'Sales'}}]


def test_null_and_empty_fields_are_not_a_difference():
    before = dict(profile('Sales'), description=None)
    after = dict(profile('Finance'), description='')
    builder = ReportBuilder()
    builder.add('localhost', 'ncloud_users_bulk', ncloud_bulk(
        updated=['kim@acme.example'], diff={'before': {'kim@acme.example': before},
                                            'after': {'kim@acme.example': after}}), planned=True, failed=False)
    assert list(one(builder.build(DRIFT_AUDIT))['ncloud']['changes'][0]['after']) == ['user_profile.dept_name']


def test_refused_bulk_users_show_their_messages():
    failures = [{'login_id': 'bad@acme.example', 'message': 'phoneNo: invalid format'}]
    result = dict(ncloud_bulk(created=['kim@acme.example'], failed_users=failures),
                  msg='1 of 2 users failed; the others were applied: bad@acme.example: phoneNo: invalid format')
    builder = ReportBuilder()
    builder.add('localhost', 'ncloud_users_bulk', result, planned=False, failed=True)
    row = one(builder.build(APPLY))['ncloud']
    assert row['status'] == 'failed'
    assert row['message'] == '1 of 2 users failed; the others were applied: bad@acme.example: phoneNo: invalid format'
    assert row['changes'][-1] == {'object': 'user bad@acme.example', 'action': 'fail', 'planned': False,
                                  'message': 'phoneNo: invalid format'}
    assert row['counts']['failed'] == 1


def test_a_failed_service_shows_its_message_and_fails_the_tenant():
    builder = ReportBuilder()
    builder.add('acme', 'apppot_group', apppot_update(), planned=False, failed=False)
    builder.add('acme', 'security365_app', {'failed': True, 'changed': False, 'status': 500, 'code': 50001,
                                            'msg': 'Security365 refused the request: appId, appSecret update failed'},
                planned=False, failed=True)
    report = builder.build(APPLY)
    assert report['tenants'][0]['status'] == 'failed'
    assert one(report, 'acme')['security365']['message'] == \
        'Security365 refused the request: appId, appSecret update failed'
    assert 'appId, appSecret update failed' in render_markdown(report)
    assert 'appId, appSecret update failed' in render_html(report)


def test_a_failed_loop_item_fails_the_service_with_the_item_message():
    loop = apppot_update()
    loop['results'].append({'failed': True, 'changed': False, 'msg': 'AppPot refused: 903 no permission',
                            'item': {'name': 'x'}})
    builder = ReportBuilder()
    builder.add('acme', 'apppot_group', loop, planned=False, failed=True)
    row = one(builder.build(APPLY), 'acme')['apppot']
    assert (row['status'], row['message'], len(row['changes'])) == ('failed', 'AppPot refused: 903 no permission', 1)


def test_a_result_under_no_log_shows_only_its_status():
    builder = ReportBuilder()
    builder.add('acme', 'security365_app', {'censored': 'hidden', '_ansible_no_log': True, 'changed': True},
                planned=False, failed=False)
    builder.add('acme', 'apppot_group', {'censored': 'hidden', '_ansible_no_log': True, 'changed': False},
                planned=False, failed=True)
    rows = one(builder.build(APPLY), 'acme')
    assert (rows['security365']['status'], rows['security365']['changes']) == ('changed', [])
    assert (rows['apppot']['status'], rows['apppot']['message']) == ('failed', 'output hidden by no_log')


def test_no_secret_invocation_or_hidden_value_reaches_any_page():
    secret_result = {
        'changed': True, 'client_id': 'cid-1', 'client_secret': 'S3cr3t-client-secret',
        'diff': {'before': {}, 'after': {'client_id': 'cid-1', 'client_secret': 'S3cr3t-client-secret',
                                         'admin_password': 'S3cr3t-admin', 'note': HIDDEN,
                                         'nested': {'api_token': 'S3cr3t-token', 'kept': 'visible'}}},
        'invocation': {'module_args': {'token': 'S3cr3t-invocation', 'base_url': 'https://only.in.invocation'}}}
    builder = ReportBuilder()
    builder.add('acme', 'security365_app', secret_result, planned=False, failed=False)
    builder.add('acme', 'apppot_group', {'failed': True, 'msg': 'login refused for %s' % HIDDEN},
                planned=False, failed=True)
    report = builder.build(APPLY)
    pages = [json.dumps(report), render_markdown(report), render_html(report)]
    for page in pages:
        for secret in ('S3cr3t', HIDDEN, 'only.in.invocation'):
            assert secret not in page
    assert one(report, 'acme')['security365']['changes'][0]['after'] == {'client_id': 'cid-1',
                                                                         'nested.kept': 'visible'}


def test_without_diff_changed_objects_are_named_without_fields():
    builder = ReportBuilder()
    builder.add('acme', 'security365_app', {'changed': True, 'client_id': 'cid-1'}, planned=False, failed=False)
    builder.add('acme', 'ncloud_users_bulk', ncloud_bulk(created=['kim@acme.example']), planned=False, failed=False)
    report = builder.build({'mode': 'apply', 'check_mode': False, 'diff_mode': False})
    rows = one(report, 'acme')
    assert rows['security365']['changes'] == [{'object': 'app service cid-1', 'action': 'change', 'planned': False}]
    assert rows['ncloud']['changes'] == [{'object': 'user kim@acme.example', 'action': 'create', 'planned': False}]
    assert 'fields not shown: run with --diff' in render_html(report)


def test_tenants_come_failed_first_then_drifted_then_in_sync_in_natural_order():
    builder = ReportBuilder()
    unchanged = {'changed': False, 'client_id': 'c'}
    for host in ('t10', 't2', 't1', 't3'):
        builder.add(host, 'security365_app', unchanged, planned=True, failed=False)
    builder.add('t10', 'apppot_group', apppot_update(), planned=True, failed=False)
    builder.add('t3', 'apppot_group', {'failed': True, 'msg': 'down'}, planned=True, failed=True)
    report = builder.build(DRIFT_AUDIT, names={'t2': 'beta'})
    assert [(tenant['name'], tenant['status']) for tenant in report['tenants']] == [
        ('t3', 'failed'), ('t10', 'would change'), ('beta', 'in sync'), ('t1', 'in sync')]
    assert report['services'] == {'apppot': {'failed': 1, 'changed': 0, 'would change': 1, 'in sync': 0},
                                  'security365': {'failed': 0, 'changed': 0, 'would change': 0, 'in sync': 4}}


def test_a_host_failure_fails_the_tenant_only_when_no_service_explains_it():
    builder = ReportBuilder()
    builder.add_host_failure('typo', 'output hidden by no_log')
    builder.add_host_failure('typo', 'tenant typo: Validation of arguments failed: tenant.apppot_group')
    builder.add('down', 'security365_app', {'failed': True, 'msg': 'HTTP 503'}, planned=False, failed=True)
    builder.add_host_failure('down', 'tenant down: security365: HTTP 503')
    builder.add_host_failure('rescued', 'a failure the play rescued')
    report = builder.build(APPLY, failed_hosts={'typo', 'down'})
    tenants = dict((tenant['host'], tenant) for tenant in report['tenants'])
    assert sorted(tenants) == ['down', 'typo']
    assert (tenants['typo']['status'], tenants['typo']['message']) == (
        'failed', 'tenant typo: Validation of arguments failed: tenant.apppot_group')
    assert tenants['down']['message'] == ''


def test_pages_escape_every_text():
    hostile = '<script>alert(1)</script>|`*[x]'
    builder = ReportBuilder()
    builder.add(hostile, 'apppot_group', apppot_update(before=hostile, after='<img src=x onerror=alert(2)>'),
                planned=True, failed=False)
    builder.add(hostile, 'security365_app', {'failed': True, 'msg': '<b>bold</b>\n| row |'}, planned=True, failed=True)
    report = builder.build(DRIFT_AUDIT)
    page = render_html(report)
    for raw in ('<script>alert', '<img', '<b>'):
        assert raw not in page
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in page
    markdown = render_markdown(report)
    assert '&lt;script&gt;alert(1)&lt;/script&gt;\\|\\`\\*\\[x\\]' in markdown
    assert '<b>' not in markdown and '\n| row |' not in markdown


def test_the_page_is_one_file_that_needs_no_network():
    builder = ReportBuilder()
    builder.add('acme', 'signtogether_group', signtogether_loop(), planned=True, failed=False)
    page = render_html(builder.build(DRIFT_AUDIT)).lower()
    for reference in ('http://', 'https://', '<link', ' src=', '@import', 'url('):
        assert reference not in page
    assert page.count('<details open>') == 2
    assert '<span class="n" id="count-would-change">1</span>' in page


def test_change_details_stop_at_the_page_budget():
    builder = ReportBuilder()
    for number in range(50):
        builder.add('t%d' % number, 'signtogether_group', signtogether_loop(), planned=True, failed=False)
    report = builder.build(DRIFT_AUDIT)
    page = render_html(report)
    assert (page.count('<details open>'), page.count('<details>')) == (10, 90)
    small = render_html(report, budget=5000)
    assert 0 < small.count('<details') < 20
    assert small.count('details left out to keep this page small: see report.json') > 30


def test_the_drift_audit_says_so_at_the_top():
    builder = ReportBuilder()
    builder.add('acme', 'apppot_group', apppot_update(), planned=True, failed=False)
    report = builder.build(DRIFT_AUDIT)
    assert render_markdown(report).startswith(
        '# Tenant report: drift audit\n\nDrift audit (--check --diff): what a run would change')
    assert '<h1>Tenant report: drift audit</h1>' in render_html(report)


def test_the_summary_line_counts_tenants_by_status_and_names_the_page():
    builder = ReportBuilder()
    builder.add('t1', 'apppot_group', apppot_update(), planned=True, failed=False)
    builder.add('t2', 'security365_app', {'changed': False, 'client_id': 'c'}, planned=True, failed=False)
    builder.add('t3', 'security365_app', {'failed': True, 'msg': 'down'}, planned=True, failed=True)
    assert summary_line(builder.build(DRIFT_AUDIT), '/r/report.html') == \
        'tenant report: 3 tenants, 1 in sync, 1 would change, 1 failed: /r/report.html'
    assert summary_line(builder.build(APPLY), '/r/report.html') == \
        'tenant report: 3 tenants, 1 in sync, 1 changed, 1 failed: /r/report.html'


def test_a_tenant_that_failed_before_any_service_is_a_well_formed_row():
    builder = ReportBuilder()
    builder.add_host_failure('localhost', 'tenant typo-co: Validation of arguments failed: tenant.apppot_group')
    report = builder.build(APPLY, names={'localhost': 'typo-co'})
    assert '| tenant | status |\n|---|---|\n| typo-co (localhost) | failed |\n' in render_markdown(report)
    assert '- failed: tenant typo-co: Validation of arguments failed: tenant.apppot_group' in render_markdown(report)


def signtogether_tree():
    """A signtogether_groups result: the tree in one module run, its diff keyed by group name."""
    def group(name, parent=None):
        return {'group_id': None, 'name': name, 'level': 2 if parent else 1, 'parent_group_id': None,
                'parent': parent, 'linked_type': None, 'admin_login_id': name + '-admin'}
    after = {'acme': group('acme'), 'acme-sales': group('acme-sales', parent='acme')}
    return {'changed': True, 'groups': list(after.values()), 'failed_groups': [], 'created': list(after),
            'updated': [], 'deleted': [], 'counts': {'created': 2, 'updated': 0, 'deleted': 0, 'unchanged': 0,
                                                     'failed': 0},
            'diff': {'before': {}, 'after': after},
            'invocation': {'module_args': {'groups': [{'admin_user': {'password': HIDDEN}}], 'api_key': HIDDEN}}}


def test_a_plural_result_shows_each_group_with_its_fields():
    builder = ReportBuilder()
    builder.add('localhost', 'signtogether_groups', signtogether_tree(), planned=True, failed=False)
    row = one(builder.build(DRIFT_AUDIT))['signtogether']
    assert row['status'] == 'would change' and row['changes_total'] == 2
    assert [(change['object'], change['action']) for change in row['changes']] == [
        ('group acme', 'create'), ('group acme-sales (parent acme)', 'create')]
    assert row['changes'][1]['after'] == {'name': 'acme-sales', 'level': 2, 'parent': 'acme',
                                          'admin_login_id': 'acme-sales-admin'}


def test_a_plural_result_names_each_failed_group_with_its_message():
    result = {'changed': True, 'groups': [{'group_id': 3, 'name': 'acme-staff', 'description': 'x'}, None],
              'created': ['acme-staff'], 'updated': [], 'deleted': [],
              'counts': {'created': 1, 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 1},
              'failed_groups': [{'name': 'acme-ops', 'message': 'AppPot refused the group (errCode 900)'}],
              'msg': '1 of 2 groups failed; 1 applied (1 created): acme-ops: AppPot refused the group (errCode 900)'}
    builder = ReportBuilder()
    builder.add('localhost', 'apppot_groups', result, planned=False, failed=True)
    row = one(builder.build(APPLY))['apppot']
    assert row['status'] == 'failed' and row['message'] == result['msg']
    assert row['changes'] == [
        {'object': 'group acme-staff', 'action': 'create', 'planned': False},
        {'object': 'group acme-ops', 'action': 'fail', 'planned': False,
         'message': 'AppPot refused the group (errCode 900)'}]
