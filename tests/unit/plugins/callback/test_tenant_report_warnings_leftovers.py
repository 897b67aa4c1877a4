"""The tenant report shows each service's warnings (counted, even when the service is in sync)
and, from tenant_unmanaged_info, the objects a service holds that the tenant does not list."""

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import ReportBuilder
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import render_html, render_markdown

DRIFT_AUDIT = {'mode': 'drift audit', 'check_mode': True, 'diff_mode': True}
WARNING = "admin_login_id 'acme-root-admin' was not applied: group 2 has 'acme-admin'"


class Event:
    """A warning as ansible-core 2.19+ hands it to callbacks: a summary whose event has the message."""

    def __init__(self, msg):
        self.msg = msg


class WarningSummary:
    def __init__(self, msg):
        self.event = Event(msg)


def in_sync_with_warning(warning):
    return {'changed': False, 'failed': False, 'groups': [], 'warnings': [warning]}


def unmanaged_result():
    return {'changed': False, 'unmanaged': {'apppot': [{'kind': 'group', 'names': ['acme-ops-renamed'], 'total': 1}],
                                            'ncloud': [{'kind': 'user', 'names': [], 'total': 0}]},
            'errors': {'signtogether': 'SignTogether refused: HTTP 401'}}


def row_of(report, service):
    return [row for row in report['tenants'][0]['services'] if row['service'] == service][0]


def test_a_warning_of_an_in_sync_service_is_counted_and_shown():
    for warning in (WARNING, WarningSummary(WARNING)):
        builder = ReportBuilder()
        builder.add('acme', 'signtogether_groups', in_sync_with_warning(warning), planned=True, failed=False)
        builder.add('acme', 'signtogether_groups', in_sync_with_warning(warning), planned=True, failed=False)
        report = builder.build(DRIFT_AUDIT)
        row = row_of(report, 'signtogether')
        assert row['status'] == 'in sync'
        assert (row['warnings'], row['warnings_total']) == ([WARNING], 1)
        markdown = render_markdown(report)
        assert '| acme | in sync | in sync, 1 warning |' in markdown
        assert '- **signtogether** in sync\n  - warning: %s\n' % WARNING in markdown
        page = render_html(report)
        assert '<p class="warning">signtogether: warning: admin_login_id &#x27;acme-root-admin&#x27;' in page


def test_the_warnings_of_loop_items_are_collected():
    loop = {'changed': False, 'results': [dict(in_sync_with_warning('first'), item={'name': 'a'}),
                                          dict(in_sync_with_warning('second'), item={'name': 'b'})]}
    builder = ReportBuilder()
    builder.add('acme', 'ncloud_sso_group', loop, planned=False, failed=False)
    row = row_of(builder.build({}), 'ncloud')
    assert (row['warnings'], row['warnings_total']) == (['first', 'second'], 2)


def test_an_unmanaged_group_is_named_for_its_service_and_a_service_not_read_says_why():
    builder = ReportBuilder()
    builder.add('acme', 'apppot_groups', {'changed': False, 'groups': []}, planned=True, failed=False)
    builder.add('acme', 'tenant_unmanaged_info', unmanaged_result(), planned=True, failed=False)
    report = builder.build(DRIFT_AUDIT)
    apppot = row_of(report, 'apppot')
    assert apppot['status'] == 'in sync'
    assert apppot['unmanaged'] == [{'kind': 'group', 'names': ['acme-ops-renamed'], 'total': 1}]
    # A kind with nothing left over is not shown; tenant_unmanaged_info is not a service of its own.
    assert 'unmanaged' not in row_of(report, 'ncloud')
    assert [row['service'] for row in report['tenants'][0]['services']] == ['signtogether', 'apppot', 'ncloud']
    markdown = render_markdown(report)
    assert '  - unmanaged group (1): acme-ops-renamed\n' in markdown
    assert '  - unmanaged objects not read: SignTogether refused: HTTP 401\n' in markdown
    page = render_html(report)
    assert '<p class="unmanaged">apppot: unmanaged group (1): acme-ops-renamed</p>' in page
    assert 'in sync, 1 unmanaged' in page


def test_more_than_the_names_listed_says_how_many_in_all():
    builder = ReportBuilder()
    builder.add('acme', 'tenant_unmanaged_info', {'unmanaged': {'ncloud': [
        {'kind': 'user', 'names': ['u%03d@acme.example' % n for n in range(100)], 'total': 250}]}},
        planned=False, failed=False)
    markdown = render_markdown(builder.build({}))
    assert 'unmanaged user (250): u000@acme.example,' in markdown
    assert '... (250 in all, the first 100 listed)' in markdown


def test_within_a_status_tenants_with_notes_come_first():
    builder = ReportBuilder()
    for host in ('alpha', 'beta'):
        builder.add(host, 'apppot_groups', {'changed': False, 'groups': []}, planned=True, failed=False)
    builder.add('beta', 'signtogether_groups', in_sync_with_warning(WARNING), planned=True, failed=False)
    assert [tenant['host'] for tenant in builder.build(DRIFT_AUDIT)['tenants']] == ['beta', 'alpha']
