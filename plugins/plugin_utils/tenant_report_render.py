# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant report as Markdown and as one self-contained HTML page (inline
CSS and script, no network). Every text from a run is escaped."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re
from html import escape

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import MEMBERSHIP, SHOWN

# The page's change details stop growing past this many bytes (report.json has them all),
# so that a page of thousands of tenants stays well under 5 MB.
DETAILS_BUDGET = 3 * 1024 * 1024
# The first changes of the page (failed and drifted tenants come first) are shown open.
OPEN_DETAILS = 10
VERBS = {'create': ('created', 'would be created'), 'update': ('updated', 'would be updated'),
         'delete': ('deleted', 'would be deleted'), 'change': ('changed', 'would change'),
         'fail': ('failed', 'failed')}


MEMBERSHIP_KEYS = tuple(dict.fromkeys(name for pairs in MEMBERSHIP.values() for dummy, name in pairs))
NO_FIELDS = {'create': 'no field to show: the service assigns them when it creates the object',
             'update': 'no managed field differs: the task resends a value the service never returns'}


def title(report):
    name = 'Tenant report: drift audit' if report['run'].get('mode') == 'drift audit' else 'Tenant report'
    return name + (' (interrupted)' if report['run'].get('interrupted') else '')


def mode_text(report):
    run = report['run']
    if run.get('mode') == 'drift audit':
        return ('Drift audit (--check --diff): what a run would change to bring each tenant back to its '
                'files; nothing was changed.')
    if run.get('check_mode'):
        return 'Check mode (--check): what a run would change; nothing was changed. Add --diff to see the fields.'
    return 'Applied: what this run changed.' + ('' if run.get('diff_mode') else ' Add --diff to see the fields.')


def run_text(report):
    run = report['run']
    parts = []
    if run.get('playbooks'):
        parts.append('playbook ' + ', '.join(run['playbooks']))
    if run.get('finished'):
        parts.append('finished ' + run['finished'])
    if run.get('ansible_version'):
        parts.append('ansible-core ' + run['ansible_version'])
    return '; '.join(parts)


def counts_text(report):
    counts = report['totals']
    return '%d tenant%s: %s' % (counts['tenants'], '' if counts['tenants'] == 1 else 's', ', '.join(
        '%d %s' % (counts[status], status) for status in shown_statuses(report)))


def shown_statuses(report):
    """The statuses the summary names: all but the change word the run could not have (unless it has it)."""
    other = 'changed' if report['run'].get('check_mode') else 'would change'
    return [status for status in SHOWN if status != other or report['totals'][status]]


def verb(change):
    return VERBS.get(change['action'], (change['action'], change['action']))[1 if change.get('planned') else 0]


def value_text(value):
    if value is None:
        return '-'
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if not isinstance(value, str) else json.dumps(
        value, ensure_ascii=False)


def columns(report):
    return list(report['services'])


def cell_text(row):
    if row is None:
        return '-'
    shown = row['status']
    if row['status'] in ('changed', 'would change') and row['changes_total']:
        shown = '%s (%d)' % (row['status'], row['changes_total'])
    return ', '.join([shown] + notes_counts(row))


def notes_counts(row):
    """['2 warnings', '3 unmanaged'] of a row that has them."""
    counts = []
    if row.get('warnings_total'):
        counts.append('%d warning%s' % (row['warnings_total'], '' if row['warnings_total'] == 1 else 's'))
    unmanaged = sum(kind['total'] for kind in row.get('unmanaged') or ())
    if unmanaged:
        counts.append('%d unmanaged' % unmanaged)
    return counts


def has_notes(row):
    return bool(row.get('warnings_total') or row.get('unmanaged') or row.get('unmanaged_error'))


def shown_in_details(tenant):
    """Whether a tenant has anything to show beyond its status: a change, a failure or a note."""
    return tenant['status'] != 'in sync' or any(has_notes(row) for row in tenant['services'])


def note_lines(row):
    """('warning', text) and ('unmanaged groups (3)', 'a, b, c') pairs of a row's notes."""
    lines = [('warning', warning) for warning in row.get('warnings') or ()]
    more = (row.get('warnings_total') or 0) - len(row.get('warnings') or ())
    if more > 0:
        lines.append(('warnings', '%d more not listed' % more))
    for kind in row.get('unmanaged') or ():
        names = ', '.join(kind['names'])
        if kind['total'] > len(kind['names']):
            names += ', ... (%d in all, the first %d listed)' % (kind['total'], len(kind['names']))
        lines.append(('unmanaged %s (%d)' % (kind['kind'], kind['total']), names))
    if row.get('unmanaged_error'):
        lines.append(('unmanaged objects not read', row['unmanaged_error']))
    return lines


def tenant_label(tenant):
    return tenant['name'] if tenant['name'] == tenant['host'] else '%s (%s)' % (tenant['name'], tenant['host'])


def more_text(row):
    """What a summarised row leaves out: how many more changes, and the counts of a bulk result."""
    more = row['changes_total'] - len(row['changes'])
    if more <= 0:
        return ''
    counts = ', '.join('%d %s' % (count, name) for name, count in (row.get('counts') or {}).items() if count)
    return '%d more not listed' % more + ('; in all: ' + counts if counts else '')


# Markdown ----------------------------------------------------------------------------------------
MARKUP = re.compile(r'[\\&<>`*|\[\]\r\n]')
MARKUP_SIGNS = re.compile(r'([`*|\[\]])')
LINE_BREAKS = re.compile(r'\s*[\r\n]+\s*')


def md(value):
    """Text for a Markdown line or table cell: nothing in it is read as markup."""
    value = str(value)
    if not MARKUP.search(value):
        return value
    value = LINE_BREAKS.sub(' ', value)
    value = value.replace('\\', '\\\\').replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    return MARKUP_SIGNS.sub(r'\\\1', value)


def md_code(value):
    """A value as a Markdown code span (JSON text: no line breaks)."""
    shown = value_text(value)
    if '`' not in shown:
        return '`' + shown + '`'
    fence = '`' * (max(len(run) for run in re.findall('`+', shown)) + 1)
    return fence + ' ' + shown + ' ' + fence


def render_markdown(report):
    lines = ['# ' + title(report), '', md(mode_text(report))]
    if run_text(report):
        lines += ['', md(run_text(report))]
    lines += ['', '**%s**' % md(counts_text(report)), '']
    statuses = shown_statuses(report)
    if report['services']:
        lines += ['| service | ' + ' | '.join(statuses) + ' |', '|---|' + '---:|' * len(statuses)]
        lines += ['| %s | %s |' % (md(name), ' | '.join(str(counts[status]) for status in statuses))
                  for name, counts in report['services'].items()]
        lines.append('')
    lines += ['## Tenants', '']
    services = columns(report)
    lines += ['| ' + ' | '.join(['tenant', 'status'] + [md(name) for name in services]) + ' |',
              '|---|---|' + '---|' * len(services)]
    for tenant in report['tenants']:
        rows = dict((row['service'], row) for row in tenant['services'])
        lines.append('| ' + ' | '.join([md(tenant_label(tenant)), tenant['status']] + [
            md(cell_text(rows.get(name))) for name in services]) + ' |')
    changed = [tenant for tenant in report['tenants'] if shown_in_details(tenant)]
    if changed:
        lines += ['', '## Changes, failures and notes']
    for tenant in changed:
        lines += ['', '### %s: %s' % (md(tenant_label(tenant)), tenant['status']), '']
        if tenant['message']:
            lines.append('- failed: %s' % md(tenant['message']))
        for row in tenant['services']:
            if row['status'] != 'in sync' or has_notes(row):
                lines.extend(markdown_row(row))
    return '\n'.join(lines) + '\n'


def field_names(change):
    return list(change['before']) + [name for name in change['after'] if name not in change['before']]


def membership_lines(change):
    """('members added', 'a, b') pairs of a change that lists members gained or lost."""
    return [(name.replace('_', ' '), ', '.join(change[name]) if isinstance(change[name], list) else change[name])
            for name in MEMBERSHIP_KEYS if change.get(name)]


def markdown_row(row):
    head = '- **%s** %s' % (md(row['service']), row['status'])
    if row['message']:
        head += ': ' + md(row['message'])
    lines = [head]
    for change in row['changes']:
        line = '  - %s %s' % (md(change['object']), verb(change))
        if change.get('message'):
            line += ': ' + md(change['message'])
        if change['action'] in ('create', 'delete') and 'after' in change:
            # A whole object on one line: its fields are all set, or all removed.
            fields = change['after'] if change['action'] == 'create' else change['before']
            if fields:
                line += ': ' + ', '.join('%s %s' % (md(name), md_code(value)) for name, value in fields.items())
        lines.append(line)
        if change['action'] not in ('create', 'delete') and 'after' in change:
            lines.extend('    - %s: %s -> %s' % (md(name), md_code(change['before'].get(name)),
                                                 md_code(change['after'].get(name)))
                         for name in field_names(change))
        lines.extend('    - %s: %s' % (label, md(members)) for label, members in membership_lines(change))
    if more_text(row):
        lines.append('  - %s' % md(more_text(row)))
    lines.extend('  - %s: %s' % (md(label), md(value)) for label, value in note_lines(row))
    return lines


# HTML --------------------------------------------------------------------------------------------
CSS = '''
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}p{margin:4px 0}.run{color:#59636e}
.summary{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.count{border:1px solid #d1d9e0;border-radius:8px;padding:10px 16px;min-width:110px;cursor:pointer;background:#f6f8fa}
.count .n{display:block;font-size:26px;font-weight:600}
.failed{color:#b42318}.would-change,.changed{color:#9a6700}.in-sync{color:#1a7f37}
.count.failed{border-color:#f5b8b1}.count.would-change,.count.changed{border-color:#f2d28b}.count.in-sync{border-color:#a8dcb5}
table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #d1d9e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.num{text-align:right}
#tenants{width:100%}.badge{font-weight:600;white-space:nowrap}
details{margin:2px 0}summary{cursor:pointer}.message{color:#b42318;white-space:pre-wrap;word-break:break-word}
.fields{margin:4px 0 4px 16px;font-size:13px}.fields td{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.filters{display:flex;gap:8px;align-items:center;margin:8px 0}.filters input{padding:4px 8px;min-width:260px}
.more{color:#59636e}.warning{color:#9a6700;white-space:pre-wrap;word-break:break-word}
.unmanaged{color:#59636e;word-break:break-word}
'''
SCRIPT = '''
(function () {
  var query = document.getElementById('filter'), status = document.getElementById('status');
  var rows = document.querySelectorAll('#tenants > tbody > tr'), shown = document.getElementById('shown');
  function apply() {
    var text = query.value.toLowerCase(), wanted = status.value, count = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = (!wanted || rows[i].getAttribute('data-status') === wanted) &&
        (!text || rows[i].textContent.toLowerCase().indexOf(text) >= 0);
      rows[i].hidden = !ok;
      if (ok) { count++; }
    }
    shown.textContent = count + ' of ' + rows.length + ' tenants shown';
  }
  var counts = document.querySelectorAll('.count[data-status]');
  for (var i = 0; i < counts.length; i++) {
    counts[i].addEventListener('click', function () { status.value = this.getAttribute('data-status'); apply(); });
  }
  query.addEventListener('input', apply);
  status.addEventListener('change', apply);
  apply();
})();
'''


def css_class(status):
    return status.replace(' ', '-')


def render_html(report, budget=DETAILS_BUDGET):
    statuses = shown_statuses(report)
    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<title>%s</title><style>%s</style></head><body>' % (escape(title(report)), CSS),
           '<header><h1>%s</h1><p class="mode">%s</p><p class="run">%s</p></header>' % (
               escape(title(report)), escape(mode_text(report)), escape(run_text(report)))]
    out.append('<section class="summary" id="summary"><div class="count" data-status="">'
               '<span class="n" id="count-tenants">%d</span>tenants</div>' % report['totals']['tenants'])
    out.extend('<div class="count %s" data-status="%s"><span class="n" id="count-%s">%d</span>%s</div>' % (
        css_class(status), css_class(status), css_class(status), report['totals'][status], escape(status))
        for status in statuses)
    out.append('</section>')
    if report['services']:
        out.append('<table id="services"><thead><tr><th>service</th>%s</tr></thead><tbody>' % ''.join(
            '<th>%s</th>' % escape(status) for status in statuses))
        out.extend('<tr><td>%s</td>%s</tr>' % (escape(name), ''.join(
            '<td class="num">%d</td>' % counts[status] for status in statuses))
            for name, counts in report['services'].items())
        out.append('</tbody></table>')
    out.append('<div class="filters"><input id="filter" type="search" placeholder="Filter tenants, services, objects"'
               ' aria-label="filter"><select id="status" aria-label="status"><option value="">every status</option>%s'
               '</select><span id="shown"></span></div>' % ''.join(
                   '<option value="%s">%s</option>' % (css_class(status), escape(status)) for status in SHOWN))
    services = columns(report)
    out.append('<table id="tenants"><thead><tr><th>tenant</th><th>status</th>%s<th>changes, failures and notes</th>'
               '</tr></thead><tbody>' % ''.join('<th>%s</th>' % escape(name) for name in services))
    spent, still_open = 0, OPEN_DETAILS
    for tenant in report['tenants']:
        details = html_details(tenant, still_open) if spent < budget else (
            '<p class="more">details left out to keep this page small: see report.json</p>'
            if shown_in_details(tenant) else '')
        spent += len(details.encode('utf-8'))
        still_open -= sum(len(row['changes']) for row in tenant['services'] if row['status'] != 'in sync')
        rows = dict((row['service'], row) for row in tenant['services'])
        out.append('<tr data-status="%s"><td>%s</td><td><span class="badge %s">%s</span></td>%s<td>%s</td></tr>' % (
            css_class(tenant['status']), escape(tenant_label(tenant)), css_class(tenant['status']),
            escape(tenant['status']), ''.join(html_cell(rows.get(name)) for name in services), details))
    out.append('</tbody></table><script>%s</script></body></html>\n' % SCRIPT)
    return ''.join(out)


def html_cell(row):
    if row is None:
        return '<td>-</td>'
    return '<td class="%s">%s</td>' % (css_class(row['status']), escape(cell_text(row)))


def html_details(tenant, still_open=0):
    """The tenant's messages and changes, the first `still_open` changes shown open."""
    parts = []
    if tenant['message']:
        parts.append('<p class="message">%s</p>' % escape(tenant['message']))
    for row in tenant['services']:
        parts.extend('<p class="%s">%s: %s: %s</p>' % (
            'warning' if label.startswith('warning') else 'unmanaged', escape(row['service']), escape(label),
            escape(value)) for label, value in note_lines(row))
        if row['status'] == 'in sync':
            continue
        if row['message']:
            parts.append('<p class="message">%s: %s</p>' % (escape(row['service']), escape(row['message'])))
        for change in row['changes']:
            parts.append(html_change(row['service'], change, still_open > 0))
            still_open -= 1
        if more_text(row):
            parts.append('<p class="more">%s: %s</p>' % (escape(row['service']), escape(more_text(row))))
    return ''.join(parts)


def html_change(service, change, shown_open=False):
    head = '%s: %s %s' % (service, change['object'], verb(change))
    body = ''
    if change.get('message'):
        body += '<p class="message">%s</p>' % escape(change['message'])
    body += ''.join('<p class="members">%s: %s</p>' % (escape(label), escape(members))
                    for label, members in membership_lines(change))
    names = field_names(change) if 'after' in change else []
    if names:
        body += '<table class="fields"><tr><th>field</th><th>before</th><th>after</th></tr>%s</table>' % ''.join(
            '<tr><td>%s</td><td>%s</td><td>%s</td></tr>' % (
                escape(name), escape(value_text(change['before'].get(name))),
                escape(value_text(change['after'].get(name)))) for name in names)
    elif 'after' in change:
        body += '<p class="more">%s</p>' % NO_FIELDS.get(change['action'], 'no managed field to show')
    elif change['action'] != 'fail':
        body += '<p class="more">fields not shown: run with --diff</p>'
    return '<details%s><summary>%s</summary>%s</details>' % (' open' if shown_open else '', escape(head), body)
