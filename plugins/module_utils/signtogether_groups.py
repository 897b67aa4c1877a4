# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One SignTogether group brought to what a task asks, through the engine: the
per-group path of signtogether_group, and of each item of signtogether_groups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure, read_once_then
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    can_create, check_target, parent_id, with_parent_names)

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
    """Bring one group to `params` (options already validated) and return its result:
    `changed`, `group` and, in diff mode, `diff`.

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

    return ensure(
        module, GROUP, desired,
        lookup=read_once_then([] if unborn else listed, lambda: read_groups(client)),
        check=lambda groups, current: check_target(groups, current, params['name'], desired['parent_group_id'],
                                                   can_create=can_create(params)),
        create=lambda want: named(client.create_group(want, params['admin_user'], params['user_consent'],
                                                      params['phone_number'])),
        update=update, resend=('part_name',) if params['update_part_name'] == 'always' else ())
