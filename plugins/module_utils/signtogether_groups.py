# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One SignTogether group brought to what a task asks, through the engine: the
per-group path of signtogether_group, and of each item of signtogether_groups,
whose tree (Tree) is read once and then kept as its own writes leave it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure_and_verb, read_once_then
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import list_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    check_target, create_needs, group_problems, parent_id, with_parent_names)

# The list never shows a part name, so it is write-only; linked type and admin are set on create only.
# `parent` is the parent's name, read from the same list as the group.
GROUP = Resource('group', fields=('group_id', 'name', 'part_name', 'level', 'parent_group_id', 'parent',
                                  'linked_type', 'admin_login_id'),
                 id_field='group_id', identity=('name', 'parent_group_id'),
                 create_only=('linked_type', 'admin_login_id'), write_only=('part_name',),
                 where='this api_key can see')
UNSENT_PART_NAME_WARNING = (
    'group %s was updated without its part name: SignTogether cannot return it, so it is sent only on create '
    'or with update_part_name=always, and the vendor may clear a key an update leaves out. '
    'Set part_name with update_part_name=always to be sure of it')


def group_options():
    """The options of one group: signtogether_group's own, and each item of signtogether_groups."""
    return dict(
        name=dict(type='str', required=True, aliases=['group_name']),
        group_id=dict(type='int'),
        parent_group_id=dict(type='int'),
        parent=dict(type='str'),
        part_name=dict(type='str'),
        update_part_name=dict(type='str', choices=['on_create', 'always'], default='on_create'),
        level=dict(type='int'),
        linked_type=dict(type='str'),
        phone_number=dict(type='str'),
        admin_user=dict(type='dict', options=dict(
            email=dict(type='str', required=True),
            name=dict(type='str', required=True),
            login_id=dict(type='str', required=True),
            password=dict(type='str', no_log=True, fallback=(env_fallback, ['SIGNTOGETHER_ADMIN_PASSWORD'])),
        )),
        user_consent=dict(type='dict', options=dict(
            is_teenager=dict(type='bool'),
            service_use=dict(type='bool'),
            privacy_collection=dict(type='bool'),
            marketing_use=dict(type='bool', default=False),
        )),
        state=dict(type='str', choices=['present'], default='present'),
    )


def read_groups(client):
    """Every group the api_key can see, each with its parent's name."""
    return with_parent_names(client.list_groups()[0])


def ensure_group(module, client, params, listed):
    """Bring one group to `params` (options already validated) and return its result
    (`changed`, `group` and, in diff mode, `diff`) with how the group got there
    (engine.ensure_and_verb).

    `listed` holds the groups as read_groups shows them, this run's writes included;
    the first lookup answers it, and only the engine's read-back after a lost answer
    lists the groups again.
    """
    desired = dict((name, params.get(name)) for name in GROUP.fields)
    desired['admin_login_id'] = (params['admin_user'] or {}).get('login_id')
    if params['parent'] is not None:
        desired['parent_group_id'] = parent_id(listed, params['parent'], module.check_mode)
    # A parent check mode has yet to create has no children yet.
    unborn = params['parent'] is not None and desired['parent_group_id'] is None

    def named(group):
        return with_parent_names([group], listed)[0]

    def update(current, changes):
        if 'part_name' not in changes:
            module.warn(UNSENT_PART_NAME_WARNING % current['group_id'])
        return named(client.update_group(current, changes))

    return ensure_and_verb(
        module, GROUP, desired,
        lookup=read_once_then([] if unborn else listed, lambda: read_groups(client)),
        check=lambda groups, current: check_target(groups, current, params['name'], desired['parent_group_id'],
                                                   create_needs(params)),
        create=lambda want: named(client.create_group(want, params['admin_user'], params['user_consent'],
                                                      params['phone_number'])),
        update=update, resend=('part_name',) if params['update_part_name'] == 'always' else ())


def item_problems(items, index):
    item = items[index]
    problems = group_problems(item)
    if item['parent'] is not None and item['parent_group_id'] is not None:
        problems.append('parent and parent_group_id are mutually exclusive')
    if (item['admin_user'] is None) != (item['user_consent'] is None):
        problems.append('admin_user and user_consent are required together')
    return problems + order_problems(items, index)


def groups_problems(items):
    """Every problem of signtogether_groups' groups found without a read, each by index."""
    return list_problems('groups', items, lambda item, index: item_problems(items, index), identity_of,
                         lambda item: item['name'])


def order_problems(items, index):
    """A parent is another group, listed once, above its child (so no cycle can be listed)."""
    parent = items[index]['parent']
    if parent is None:
        return []
    if parent == items[index]['name']:
        return ['it names itself as its parent; a child named as its parent would make the parent '
                'ambiguous on every later run']
    carriers = [position for position, item in enumerate(items) if item['name'] == parent]
    if len(carriers) > 1:
        return ['its parent %r names %d groups (%s); give each group a name of its own'
                % (parent, len(carriers), ', '.join('groups[%d]' % position for position in carriers))]
    if carriers and carriers[0] > index:
        return ['its parent %r is listed below it (groups[%d]); list parents before children' % (parent, carriers[0])]
    return []


def identity_of(item):
    if item['group_id'] is not None:
        return ('group_id', item['group_id'])
    return ('name', item['name'], item['parent'], item['parent_group_id'])


def where_of(item):
    if item['group_id'] is not None:
        return 'group_id %s' % item['group_id']
    parent = item['parent'] or item['parent_group_id']
    return 'under %s' % parent if parent is not None else 'a root group'


class Tree:
    """The groups as this run knows them: listed once, then as its own writes left them,
    so a child finds a parent created above it without another read."""

    def __init__(self, listed):
        self.listed = listed
        self.failed = set()

    def parent_problems(self, items):
        """Before any write: each parent names exactly one group, listed above its child (to be
        created, or found) or one this api_key can see."""
        problems = []
        for index, item in enumerate(items):
            parent = item['parent']
            if parent is None:
                continue
            seen = set(group['group_id'] for group in self.listed if group['name'] == parent)
            listed_above = [other for other in items[:index] if other['name'] == parent]
            to_create = [other for other in listed_above if not self._on_service(other)]
            count = len(seen) + len(to_create)
            if count == 0:
                problems.append('groups[%d] (%s): its parent %r is neither listed above it nor a group this api_key '
                                'can see' % (index, item['name'], parent))
            elif count > 1:
                problems.append('groups[%d] (%s): its parent %r names %d groups%s; set parent_group_id to choose one'
                                % (index, item['name'], parent, count,
                                   ' (group_id %s)' % ', '.join(str(one) for one in sorted(seen)) if seen else ''))
        return problems

    def _on_service(self, item):
        if item['group_id'] is not None:
            return any(group['group_id'] == item['group_id'] for group in self.listed)
        return any(group['name'] == item['name'] and group['parent'] == item['parent']
                   and (item['parent_group_id'] is None or group['parent_group_id'] == item['parent_group_id'])
                   for group in self.listed)

    def not_attempted(self, item):
        parent = item['parent']
        if parent in self.failed:
            return 'not attempted: its parent %r failed' % parent
        return None

    def ensure(self, module, client, item):
        result, verb = ensure_group(module, client, item, self.listed)
        group = result['group']
        if group['group_id'] is not None:
            # As the list would show it now, for the children's parent and the groups below.
            as_listed = dict((name, value) for name, value in group.items() if name != 'part_name')
            self.listed = [one for one in self.listed if one['group_id'] != group['group_id']] + [as_listed]
        return result, verb
