# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each service of a tenant holds that the tenant variable does not list: leftovers a
drift audit should show (a group renamed in a console, a user nobody removed). Names only,
read with each service's own client; a service that cannot be read says why, and the others
are still read."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.tenantkit.saas.plugins.module_utils.apppot import AppPotClient
from ansible_collections.tenantkit.saas.plugins.module_utils.connection import resolved
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_assignments import SsoAssignmentsClient
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_users_file import read_users_file
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import SignTogetherClient
from ansible_collections.tenantkit.saas.plugins.module_utils.tenant import SECTIONS
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError

# How many names of one kind the result holds; the total counts them all.
NAMES_SHOWN = 100


def kind_of(kind, names):
    """{kind, names (sorted, the first NAMES_SHOWN), total} of the leftovers of one kind."""
    names = sorted(names)
    return {'kind': kind, 'names': names[:NAMES_SHOWN], 'total': len(names)}


def listed(items, key='name'):
    return [item[key] for item in items or () if isinstance(item, dict) and item.get(key) is not None]


def signtogether_leftovers(client, section):
    """Groups under the tenant's groups that the tenant does not list. The tenant's groups are
    found as the role finds them: a root by name, a child by name under its listed parent."""
    groups, dummy = client.list_groups()
    items = [item for item in section.get('groups') or () if isinstance(item, dict)]
    ours, pending = {}, list(items)
    for dummy_pass in range(len(items) + 1):
        later = []
        for item in pending:
            parent = item.get('parent')
            if parent is not None and parent not in ours:
                later.append(item)
                continue
            parent_id = ours.get(parent)
            ours.update((group['name'], group['group_id']) for group in groups
                        if group['name'] == item['name'] and group['parent_group_id'] == parent_id)
        pending = later
    ids = set(ours.values())
    under, grew = set(), True
    while grew:
        found = set(group['group_id'] for group in groups
                    if group['parent_group_id'] in ids | under and group['group_id'] not in ids)
        grew, under = bool(found - under), under | found
    return [kind_of('group', [group['name'] for group in groups if group['group_id'] in under])]


def apppot_leftovers(client, section):
    wanted = set(listed(section.get('groups')))
    return [kind_of('group', [group['name'] for group in client.list_groups() if group['name'] not in wanted])]


def ncloud_leftovers(client, section, users_file):
    """Users, groups, permission sets and assignments; the service compares their names without
    regard to case, and so does this."""
    def others(names, wanted):
        wanted = set(name.lower() for name in wanted)
        return [name for name in names if name.lower() not in wanted]

    users = section.get('users')
    if users is None and users_file:
        users = read_users_file(users_file)[0]
    found = []
    if section.get('state', 'present') != 'absent':
        every = [user['login_id'] for user in client.list_users()]
        found.append(kind_of('user', others(every, listed(users, 'login_id'))))
    for kind, names, items in (
            ('group', [group['name'] for group in client.list_groups()], section.get('groups')),
            ('permission set', [one['name'] for one in client.list_permission_sets()], section.get('permission_sets')),
            ('assignment', [one['name'] for one in client.list_assignments()], section.get('assignments'))):
        found.append(kind_of(kind, others(names, listed(items))))
    return found


READERS = {
    'signtogether': lambda params, section, users_file: signtogether_leftovers(
        SignTogetherClient.from_params(params), section),
    'apppot': lambda params, section, users_file: apppot_leftovers(AppPotClient.from_params(params), section),
    'ncloud': lambda params, section, users_file: ncloud_leftovers(
        SsoAssignmentsClient.from_params(params), section, users_file),
}


def connection_params(name, section, environ):
    """A section's connection as its modules take it: given, else its environment variable,
    else its default, with the modules' types."""
    spec = dict(SECTIONS)[name].connection_spec
    values = resolved(spec, section.get('connection') or {}, environ)
    return ArgumentSpecValidator(spec).validate(values).validated_parameters


def unmanaged(tenant, environ, users_file=None):
    """({service: [{kind, names, total}]}, {service: why it could not be read})."""
    found, errors = {}, {}
    for name, read in READERS.items():
        section = tenant.get(name)
        if not isinstance(section, dict):
            continue
        try:
            found[name] = read(connection_params(name, section, environ), section, users_file)
        except (ApiError, InvalidInput) as error:
            errors[name] = str(error)
    return found, errors
