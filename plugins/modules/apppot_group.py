#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: apppot_group
short_description: Manage groups on an AppPot Server
version_added: 0.1.0
description:
  - Create, update or delete a group of an AppPot company.
  - A group is found by O(name), or by O(group_id) when given.
  - AppPot allows several groups with one name. When more than one group has
    the requested name and O(group_id) is not set, the module fails and names
    the candidates; it never picks one.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Group name (C(groupName)), at most 255 characters.
      - With O(group_id), the group is renamed to this name.
    type: str
    required: true
  description:
    description:
      - Group description. Left as it is when not set.
    type: str
  group_id:
    description:
      - Address one exact group. Needed when names repeat, and to rename a group.
    type: int
  add_to_current_app:
    description:
      - Tie a new group to the app the user logged in to (C(isAddCurrentApp)).
      - Used only when the group is created.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tenantkit.saas.apppot
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
seealso:
  - module: tenantkit.saas.apppot_group_info
'''

EXAMPLES = r'''
- name: Ensure the sales group exists
  tenantkit.saas.apppot_group:
    base_url: https://apppot.example.com/apppot
    company_id: "1"
    app_id: tenantapp
    app_version: 1.0.0
    username: admin
    password: "{{ apppot_password }}"
    app_key: "{{ apppot_app_key }}"
    name: sales
    description: Sales team

- name: Rename a group addressed by id, credentials from module_defaults
  module_defaults:
    group/tenantkit.saas.apppot:
      base_url: https://apppot.example.com/apppot
  tenantkit.saas.apppot_group:
    group_id: 29
    name: sales-emea

- name: Remove the group
  tenantkit.saas.apppot_group:
    name: sales
    state: absent
'''

RETURN = r'''
group:
  description: The group as it is after the task; null after a delete.
  returned: always
  type: dict
  contains:
    group_id:
      description: Group id (null for a group that check mode would create).
      type: int
      sample: 29
    name:
      description: Group name.
      type: str
      sample: sales
    description:
      description: Group description.
      type: str
      sample: Sales team
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.apppot import (
    APPPOT_MODULE_KWARGS, GROUP_NAME_MAX, AppPotClient, apppot_argument_spec)
from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule

GROUP = Resource('group', fields=('group_id', 'name', 'description'))


def find_group(groups, name, group_id):
    if group_id is not None:
        matches = [group for group in groups if group['group_id'] == group_id]
        return matches[0] if matches else None
    matches = [group for group in groups if group['name'] == name]
    if len(matches) > 1:
        raise InvalidInput('%d AppPot groups are named %r (group_id %s); set group_id to choose one'
                           % (len(matches), name, ', '.join(str(g['group_id']) for g in matches)))
    return matches[0] if matches else None


def ensure_group(module, client):
    params = module.params
    if not params['name'] or len(params['name']) > GROUP_NAME_MAX:
        raise InvalidInput('name must be 1 to %d characters long' % GROUP_NAME_MAX)

    def lookup():
        return find_group(client.list_groups(), params['name'], params['group_id'])

    current = lookup()
    if current is None and params['group_id'] is not None and params['state'] == 'present':
        raise InvalidInput('group_id %s does not exist; leave group_id out to create a group'
                           % params['group_id'])
    return ensure(
        module, GROUP, current,
        desired={'name': params['name'], 'description': params['description']},
        state=params['state'],
        create=lambda want: client.create_group(want['name'], want['description'],
                                                params['add_to_current_app']),
        update=lambda have, changes: client.update_group(
            have['group_id'], changes.get('name', have['name']),
            changes.get('description', have['description'])),
        delete=lambda have: client.delete_group(have['group_id']),
        reread=lookup,
    )


def main():
    module = SaasModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            description=dict(type='str'),
            group_id=dict(type='int'),
            add_to_current_app=dict(type='bool', default=False),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        connection_spec=apppot_argument_spec(),
        supports_check_mode=True,
        **APPPOT_MODULE_KWARGS
    )
    module.run(lambda: ensure_group(module, AppPotClient.from_params(module.params)))


if __name__ == '__main__':
    main()
