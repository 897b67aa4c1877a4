# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant report's model: what the collection's module results say about
each tenant (inventory host) and service, reduced to statuses, messages and
the changed objects with their managed fields before and after.

Controller-side and plain Python: it reads result dicts as the callback gets
them (after Ansible's no_log masking) and keeps only what it names, never
`invocation`, a value Ansible hid, or a field whose name says it is a secret.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import functools
import json
import re

COLLECTION = 'tenantkit.saas.'
# Precedence: a tenant or service shows the first status any of its results has.
STATUSES = ('failed', 'changed', 'would change', 'in sync')
# The order a summary reads in.
SHOWN = ('in sync', 'would change', 'changed', 'failed')
SERVICES = ('signtogether', 'apppot', 'ncloud', 'security365')
HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
SECRET_WORDS = ('password', 'passwd', 'secret', 'token', 'api_key', 'app_key', 'private_key', 'passphrase',
                'credential')
CENSORED = 'output hidden by no_log'
# module (short name) -> (result key of its object, what the object is)
OBJECTS = {
    'signtogether_group': ('group', 'group'),
    'apppot_group': ('group', 'group'),
    'ncloud_sso_group': ('group', 'SSO group'),
    'ncloud_sso_permission_set': ('permission_set', 'permission set'),
    'ncloud_sso_assignment': ('assignment', 'assignment'),
    'security365_app': ('client_id', 'app service'),
}
# modules of many objects: (what each is, result key of the failed ones, the key naming one,
# result key of the objects or None)
BULK = {'ncloud_users_bulk': ('user', 'failed_users', 'login_id', None),
        'signtogether_groups': ('group', 'failed_groups', 'name', 'groups'),
        'apppot_groups': ('group', 'failed_groups', 'name', 'groups')}
# module -> the result keys that list what its object gained and lost, and the change keys they become;
# a result key that holds lists by kind ({groups: [...], users: [...]}) names each with its kind.
MEMBERSHIP = {'ncloud_sso_group': (('added', 'members_added'), ('removed', 'members_removed')),
              'ncloud_sso_assignment': (('added', 'targets_added'), ('removed', 'targets_removed'))}
BULK_VERBS = (('created', 'create'), ('updated', 'update'), ('deleted', 'delete'))
MESSAGE_LIMIT = 2000
VALUE_LIMIT = 300
MESSAGES_PER_ROW = 5
# How many distinct warnings a row lists; warnings_total counts them all.
WARNINGS_PER_ROW = 10
DEFAULT_MAX_CHANGES = 10
MISSING = object()


@functools.lru_cache(maxsize=4096)
def _secret_word_in(name):
    return any(word in name for word in SECRET_WORDS)


# Modules of the collection that belong to no service.
TENANT_MODULES = ('tenant_check',)
# The module whose result lists, per service, what the service holds that the tenant does not.
UNMANAGED_MODULE = 'tenant_unmanaged_info'


def is_secret_name(name):
    return _secret_word_in(str(name).lower())


def module_of(action):
    """The short name of the collection's service module for a task action, or None for any other
    action (tenant_check too: its failure is the tenant's, reported as any other failed task's)."""
    action = action or ''
    if action.startswith('ansible_collections.'):
        action = action[len('ansible_collections.'):].replace('.plugins.modules.', '.')
    module = action[len(COLLECTION):] if action.startswith(COLLECTION) else None
    return None if module in TENANT_MODULES else module


def warning_texts(result):
    """The warnings of a result as text: strings up to ansible-core 2.18, summaries (their
    event's message) since 2.19."""
    warnings = result.get('warnings')
    found = []
    for warning in warnings if isinstance(warnings, list) else ():
        event = getattr(warning, 'event', None)
        if isinstance(warning, dict):
            event = warning.get('event')
            warning = warning.get('msg', warning)
        message = getattr(event, 'msg', None) or (event.get('msg') if isinstance(event, dict) else None)
        found.append(text(message if message is not None else warning))
    return found


def service_of(module):
    for service in SERVICES:
        if module == service or module.startswith(service + '_'):
            return service
    return module.split('_')[0]


def text(value, limit=MESSAGE_LIMIT):
    """A message as one bounded string ('' for nothing)."""
    if value is None:
        return ''
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    value = value.replace(HIDDEN, '********')
    return value if len(value) <= limit else value[:limit] + '... (%d characters more)' % (len(value) - limit)


def bounded(value):
    """A field value as the report shows it: large values are cut, hidden ones never kept."""
    if value is MISSING or value == HIDDEN:
        return MISSING
    if isinstance(value, (dict, list)):
        value = scrub(value)
        shown = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        if len(shown) > VALUE_LIMIT:
            size = ' (%d items)' % len(value)
            return shown[:VALUE_LIMIT] + '...' + size
        return value
    if isinstance(value, str) and len(value) > VALUE_LIMIT:
        return value[:VALUE_LIMIT] + '...'
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def scrub(value):
    """`value` without secret-named keys and hidden values, recursively."""
    if isinstance(value, dict):
        return dict((str(key), scrub(item)) for key, item in value.items()
                    if not is_secret_name(key) and item != HIDDEN)
    if isinstance(value, list):
        return [scrub(item) for item in value if item != HIDDEN]
    return value


def flatten(obj, prefix=''):
    """{dotted field: value} of a managed object; secret-named fields are left out."""
    fields = {}
    for key, value in (obj or {}).items() if isinstance(obj, dict) else ():
        if is_secret_name(key):
            continue
        name = prefix + str(key)
        if isinstance(value, dict) and value:
            fields.update(flatten(value, name + '.'))
        else:
            fields[name] = value
    return fields


def _empty(value):
    return value is MISSING or value is None or value == '' or value == [] or value == {}


def _same(before, after):
    return (_empty(before) and _empty(after)) or before == after


def action_of(before, after):
    if not before and after:
        return 'create'
    if before and not after:
        return 'delete'
    return 'update'


def field_changes(before, after, action):
    """{before: {field: value}, after: {field: value}} of the managed fields a create sets, an update
    changes or a delete removes (dotted names for nested fields)."""
    old, new = flatten(before), flatten(after)
    if action == 'create':
        names = [name for name, value in new.items() if not _empty(value)]
    elif action == 'delete':
        names = [name for name, value in old.items() if not _empty(value)]
    else:
        names = [name for name in list(old) + [key for key in new if key not in old]
                 if not _same(old.get(name, MISSING), new.get(name, MISSING))]
    shown = {'before': {}, 'after': {}}
    for name in names:
        for side, fields in (('before', old), ('after', new)):
            value = bounded(fields.get(name, MISSING))
            if value is not MISSING and not (action == 'create' and side == 'before'):
                shown[side][name] = value
    return shown


def identity(noun, obj):
    """How an object is named in the report: `group acme-sales (parent acme)`, `user a@b.example`."""
    obj = obj if isinstance(obj, dict) else {}
    if noun == 'app service':
        return 'app service %s' % obj['client_id'] if obj.get('client_id') else 'app service'
    for key in ('name', 'login_id', 'client_id', 'group_id', 'id'):
        if obj.get(key) not in (None, '') and not is_secret_name(key):
            label = '%s %s' % (noun, text(obj[key], VALUE_LIMIT))
            if obj.get('parent'):
                label += ' (parent %s)' % text(obj['parent'], VALUE_LIMIT)
            return label
    return noun


def _diffs(result):
    """(before, after) dicts of each diff of a result. The action plugins hand before/after over as
    JSON text (tenantkit.saas.plugins.plugin_utils.diff_text); a dict is read as it is. A side
    that is neither a JSON object nor empty makes its diff no diff for fields."""
    diff = result.get('diff')
    for one in diff if isinstance(diff, list) else [diff]:
        if isinstance(one, dict) and ('before' in one or 'after' in one):
            sides = []
            for side in (one.get('before'), one.get('after')):
                if isinstance(side, str) and side.strip():
                    try:
                        side = json.loads(side)
                    except ValueError:
                        side = None
                elif not side:
                    side = {}
                sides.append(side)
            if all(isinstance(side, dict) for side in sides):
                yield sides[0], sides[1]


def object_changes(module, result, planned):
    """The changes a changed single-object result reports (diff, else its object)."""
    key, noun = OBJECTS.get(module, (None, module))
    found = []
    for before, after in _diffs(result):
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        action = action_of(before, after)
        change = {'object': identity(noun, after if action != 'delete' else before), 'action': action,
                  'planned': planned}
        change.update(field_changes(before, after, action))
        change.update(membership_changes(module, result))
        found.append(change)
    if found:
        return found
    # No diff (a run without --diff): the object as the task left it names it; its fields are not shown.
    obj = result.get(key) if key else None
    change = {'object': identity(noun, {'client_id': obj} if key == 'client_id' else obj), 'action': 'change',
              'planned': planned}
    change.update(membership_changes(module, result))
    return [change]


def membership_changes(module, result):
    """{members_added: [...], members_removed: [...]} of a result that lists them (each if not empty)."""
    shown = {}
    for key, name in MEMBERSHIP.get(module, ()):
        items = result.get(key)
        if isinstance(items, dict):
            items = ['%s %s' % (kind[:-1] if kind.endswith('s') else kind, item) for kind, each in sorted(items.items())
                     if isinstance(each, list) for item in each]
        if isinstance(items, list) and items:
            shown[name] = bounded([text(item, VALUE_LIMIT) for item in items])
    return shown


def bulk_changes(module, result, planned, limit):
    """(changes, how many there are, counts) of a bulk result: the first `limit` changed items."""
    noun, failed_key, id_key, objects_key = BULK[module]
    objects = dict((obj.get(id_key), obj) for obj in result.get(objects_key) or [] if isinstance(obj, dict))
    lists = dict((name, result.get(name) if isinstance(result.get(name), list) else [])
                 for name in ('created', 'updated', 'deleted', 'unchanged'))
    failures = [one for one in (result.get(failed_key) or []) if isinstance(one, dict)]
    counts = dict((name, len(items)) for name, items in lists.items())
    # ncloud_users_bulk returns `counts`, and the unchanged login ids only on request.
    given = result.get('counts') if isinstance(result.get('counts'), dict) else {}
    counts.update((name, given[name]) for name in lists if isinstance(given.get(name), int))
    counts['failed'] = len(failures)
    diffs = list(_diffs(result))
    before, after = diffs[0] if diffs else ({}, {})
    changes = []
    for name, verb in BULK_VERBS:
        for item in lists[name][:max(0, limit - len(changes))]:
            key = text(item, VALUE_LIMIT)
            label = identity(noun, objects[item]) if item in objects else '%s %s' % (noun, key)
            change = {'object': label, 'action': verb, 'planned': planned}
            if diffs:
                change.update(field_changes(before.get(key) or {}, after.get(key) or {}, verb))
            changes.append(change)
    for failure in failures[:max(0, limit - len(changes))]:
        changes.append({'object': '%s %s' % (noun, text(failure.get(id_key), VALUE_LIMIT)), 'action': 'fail',
                        'planned': planned, 'message': text(failure.get('message'))})
    total = counts['created'] + counts['updated'] + counts['deleted'] + counts['failed']
    return changes, total, counts


class ServiceRow:
    """One tenant's results on one service."""

    def __init__(self, service):
        self.service = service
        self.status = 'in sync'
        self.messages = []
        self.changes = []
        self.total = 0
        self.counts = {}
        self.tasks = 0
        self.warnings = []
        self.warnings_total = 0
        self.unmanaged = []
        self.unmanaged_error = ''

    def worsen(self, status):
        if STATUSES.index(status) < STATUSES.index(self.status):
            self.status = status

    def add_message(self, message):
        if message and message not in self.messages and len(self.messages) < MESSAGES_PER_ROW:
            self.messages.append(message)

    def add_warnings(self, warnings):
        for warning in warnings:
            if warning and warning not in self.warnings:
                self.warnings_total += 1
                if len(self.warnings) < WARNINGS_PER_ROW:
                    self.warnings.append(warning)

    def add_changes(self, changes, total, limit):
        self.changes.extend(changes[:max(0, limit - len(self.changes))])
        self.total += total

    def as_dict(self):
        row = {'service': self.service, 'status': self.status, 'message': '; '.join(self.messages),
               'changes': self.changes, 'changes_total': self.total}
        if self.counts:
            row['counts'] = self.counts
        if self.warnings_total:
            row.update(warnings=self.warnings, warnings_total=self.warnings_total)
        if self.unmanaged or self.unmanaged_error:
            row.update(unmanaged=self.unmanaged, unmanaged_error=self.unmanaged_error)
        return row


def status_of(failed, changed, planned):
    if failed:
        return 'failed'
    if changed:
        return 'would change' if planned else 'changed'
    return 'in sync'


class ReportBuilder:
    """Collects module results per host and service; build() makes the report dict."""

    def __init__(self, max_changes=DEFAULT_MAX_CHANGES):
        self.max_changes = max(1, int(max_changes))
        self.rows = {}
        self.host_failures = {}
        self.hosts_seen = []

    def _row(self, host, service):
        if host not in self.rows:
            self.rows[host] = {}
            self.hosts_seen.append(host)
        rows = self.rows[host]
        if service not in rows:
            rows[service] = ServiceRow(service)
        return rows[service]

    def add(self, host, module, result, planned, failed):
        """A task result of the collection's module `module` (short name) on `host`."""
        if module == UNMANAGED_MODULE:
            self.add_unmanaged(host, result)
            return
        row = self._row(host, service_of(module))
        row.tasks += 1
        row.add_warnings(warning_texts(result))
        items = result.get('results') if isinstance(result.get('results'), list) else None
        for item in items if items is not None else [result]:
            if not isinstance(item, dict) or item.get('skipped'):
                continue
            if items is not None:
                row.add_warnings(warning_texts(item))
            item_failed = item.get('failed') is True if items is not None else failed
            self._add_one(row, module, item, planned, item_failed)
        if items is not None and failed and row.status != 'failed':
            row.worsen('failed')
            row.add_message(text(result.get('msg')) or 'failed')

    def _add_one(self, row, module, result, planned, failed):
        changed = bool(result.get('changed'))
        row.worsen(status_of(failed, changed, planned))
        if result.get('_ansible_no_log'):
            if failed:
                row.add_message(CENSORED)
            return
        if failed:
            row.add_message(text(result.get('msg')) or 'failed')
        if module in BULK:
            changes, total, counts = bulk_changes(module, result, planned, self.max_changes)
            row.add_changes(changes, total, self.max_changes)
            for name, count in counts.items():
                row.counts[name] = row.counts.get(name, 0) + count
        elif changed:
            changes = object_changes(module, result, planned)
            row.add_changes(changes, len(changes), self.max_changes)

    def add_unmanaged(self, host, result):
        """tenant_unmanaged_info's result: per service, the names of each kind the tenant does not list."""
        found = result.get('unmanaged') if isinstance(result.get('unmanaged'), dict) else {}
        errors = result.get('errors') if isinstance(result.get('errors'), dict) else {}
        for service in sorted(set(found) | set(errors), key=service_key):
            row = self._row(host, text(service, VALUE_LIMIT))
            kinds = found.get(service) if isinstance(found.get(service), list) else []
            row.unmanaged = [{'kind': text(kind.get('kind'), VALUE_LIMIT),
                              'names': [text(name, VALUE_LIMIT) for name in kind.get('names') or ()][:100],
                              'total': kind.get('total') if isinstance(kind.get('total'), int) else 0}
                             for kind in kinds if isinstance(kind, dict) and kind.get('total')]
            row.unmanaged_error = text(errors.get(service))

    def add_host_failure(self, host, message):
        """A failure of a task that is not the collection's (tenant variable, role, connection)."""
        if host not in self.host_failures:
            self.host_failures[host] = []
            if host not in self.rows:
                self.hosts_seen.append(host)
        messages = self.host_failures[host]
        message = text(message) or 'failed'
        if message not in messages and len(messages) < MESSAGES_PER_ROW:
            messages.append(message)

    def build(self, run=None, names=None, failed_hosts=None):
        """The report dict. `names` maps hosts to tenant names; `failed_hosts` (from the play
        recap) decides whether a host's own failures count; None: they all do."""
        names = names or {}
        tenants = []
        for host in self.hosts_seen:
            tenant = self._tenant(host, names.get(host) or host, failed_hosts)
            if tenant is not None:
                tenants.append(tenant)
        # Within a status, tenants with warnings or leftovers come first: they want a look too.
        tenants.sort(key=lambda tenant: (STATUSES.index(tenant['status']), not any(
            row.get('warnings_total') or row.get('unmanaged') for row in tenant['services']),
            natural(tenant['name']), natural(tenant['host'])))
        return {'report': 'tenantkit.saas tenant report', 'format': 1, 'run': dict(run or {}),
                'totals': totals(tenants), 'services': service_totals(tenants), 'tenants': tenants}

    def _tenant(self, host, name, failed_hosts):
        rows = self.rows.get(host, {})
        services = [rows[service].as_dict() for service in sorted(rows, key=service_key)]
        own = [message for message in self.host_failures.get(host, [])
               if failed_hosts is None or host in failed_hosts]
        # A task under no_log says nothing; the rescue that names the failure says more.
        own = [message for message in own if message != CENSORED] or own
        if any(row['status'] == 'failed' for row in services):
            own = []
        if not services and not own:
            return None
        status = 'failed' if own else min((row['status'] for row in services), key=STATUSES.index)
        return {'host': host, 'name': name, 'status': status, 'message': '; '.join(own), 'services': services}


def service_key(service):
    return (SERVICES.index(service) if service in SERVICES else len(SERVICES), service)


def natural(value):
    return [(0, int(part), '') if part.isdigit() else (1, 0, part.lower())
            for part in re.split(r'(\d+)', str(value)) if part]


def totals(tenants):
    counts = dict.fromkeys(STATUSES, 0)
    for tenant in tenants:
        counts[tenant['status']] += 1
    counts['tenants'] = len(tenants)
    return counts


def service_totals(tenants):
    services = {}
    for tenant in tenants:
        for row in tenant['services']:
            services.setdefault(row['service'], dict.fromkeys(STATUSES, 0))[row['status']] += 1
    return dict((name, services[name]) for name in sorted(services, key=service_key))


def summary_line(report, html_path):
    """The one line a run's output ends with."""
    counts = report['totals']
    planned = report['run'].get('check_mode')
    return 'tenant report: %d tenant%s, %d in sync, %d %s, %d failed: %s' % (
        counts['tenants'], '' if counts['tenants'] == 1 else 's', counts['in sync'], counts['changed'] + counts['would change'],
        'would change' if planned else 'changed', counts['failed'], html_path)
