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
  - The module sees only the groups AppPot lists, which may be only those tied
    to the current app (see O(add_to_current_app)). It never leaves behind a
    group it created and cannot see; such a group is deleted again and the task
    fails.
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
      - An AppPot server may list only the groups tied to the current app. After
        a create the module reads the group list back; when the new group is
        not listed, no later run could find it and each would create another,
        so the module deletes that group again and fails, saying so.
      - With V(false), a create whose answer was lost is not read back and sent
        again (the group might exist unlisted); the task fails saying it may have
        been applied.
      - The default changed from V(false) to V(true) in release 0.2.0.
    type: bool
    default: true
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

- name: Ensure a group exists on a server that lists every group of the company
  tenantkit.saas.apppot_group:
    name: company-auditors
    add_to_current_app: false

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
  description:
    - The group as it is after the task; null after a delete.
    - A created group is returned only once the group list showed it.
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
from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure, settle
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError

GROUP = Resource('group', fields=('group_id', 'name', 'description'))
# Seconds to wait for twins to go away before refusing them: two runs creating one group
# at once each keep the oldest and delete their own, which takes a moment.
RACE_PATIENCE = 3.0


def find_group(groups, name, group_id):
    if group_id is not None:
        matches = [group for group in groups if group['group_id'] == group_id]
        return matches[0] if matches else None
    matches = [group for group in groups if group['name'] == name]
    if len(matches) > 1:
        raise InvalidInput('%d AppPot groups are named %r (group_id %s); set group_id to choose one'
                           % (len(matches), name, ', '.join(str(g['group_id']) for g in matches)))
    return matches[0] if matches else None


def what_failed(error):
    """An error's text without its call details, which the failure built on it carries."""
    if error.vendor_message and error.vendor_message not in error.message:
        return '%s: %s' % (error.message, error.vendor_message)
    return error.message


def failure_after(error, message):
    """A definite failure (never read back and sent again) carrying `error`'s call details."""
    return ApiError(message, status=error.status, code=error.code, vendor_message=error.vendor_message,
                    method=error.method, path=error.path, attempts=error.attempts)


def create_listed_group(client, want, add_to_current_app):
    """Create a group and return it once the group list shows it."""
    try:
        group = client.create_group(want['name'], want['description'], add_to_current_app)
    except ApiError as error:
        if not error.ambiguous or add_to_current_app:
            raise
        # Read back, an unlisted group would look absent and be created a second time.
        raise failure_after(error, 'the create of group %r may have been applied: its answer was lost '
                            '(%s). With add_to_current_app: false the group may not be listed, so it is '
                            'neither read back nor sent again; look for it on the server, and set '
                            'group_id in the task if it exists' % (want['name'], what_failed(error)))
    return settle_created(client, group, add_to_current_app)


def settle_created(client, group, add_to_current_app):
    """The group to keep after creating `group`: it, once the list shows it, or the oldest
    group of that name when another run created one at the same time (ours is deleted).
    Group ids only grow, so the oldest is never deleted and exactly one remains."""
    name, group_id = group['name'], group['group_id']
    try:
        groups = client.list_groups()
    except ApiError as error:
        raise failure_after(error, 'AppPot created group %r (group_id %s), but reading the group list back '
                            'to see it listed failed (%s). If a later run does not find the group, set '
                            'group_id: %s in the task' % (name, group_id, what_failed(error), group_id))
    if find_group(groups, None, group_id) is not None:
        oldest = min((twin for twin in groups if twin['name'] == name), key=lambda twin: twin['group_id'])
        if oldest['group_id'] != group_id:
            delete_own_twin(client, group, oldest)
        return oldest
    remove_unlisted(client, group, add_to_current_app)


def delete_own_twin(client, group, oldest):
    try:
        client.delete_group(group['group_id'])
    except ApiError as error:
        raise failure_after(error, 'another run created group %r (group_id %s) at the same time as this one '
                            '(group_id %s); deleting this run\'s group again failed (%s): delete group_id %s'
                            % (group['name'], oldest['group_id'], group['group_id'], what_failed(error),
                               group['group_id']))


def remove_unlisted(client, group, add_to_current_app):
    """Delete a created group the list does not show, and fail saying why."""
    name, group_id = group['name'], group['group_id']
    if add_to_current_app:
        unlisted = ('AppPot created group %r (group_id %s) tied to the current app but does not list it, '
                    'so no later run could find it and each would create another' % (name, group_id))
        advice = 'this module cannot manage groups by name on this server'
    else:
        unlisted = ('AppPot created group %r (group_id %s) but does not list it: this server lists only '
                    'groups tied to the current app, so no later run could find it and each would '
                    'create another' % (name, group_id))
        advice = 'leave add_to_current_app at true'
    try:
        client.delete_group(group_id)
    except ApiError as error:
        raise failure_after(error, '%s. Deleting it again failed (%s): group_id %s %s on the server; delete '
                            'it there, or set group_id: %s in the task so that no run creates another'
                            % (unlisted, what_failed(error), group_id,
                               'may remain' if error.ambiguous else 'remains', group_id))
    raise ApiError('%s. It was deleted again; %s' % (unlisted, advice), status=200, method='POST',
                   path=client.full_path('/groups'))


def ensure_group(module, client):
    params = module.params
    if not params['name'] or len(params['name']) > GROUP_NAME_MAX:
        raise InvalidInput('name must be 1 to %d characters long' % GROUP_NAME_MAX)

    def lookup():
        groups = settle(client.list_groups, lambda groups: params['group_id'] is None and len(
            [group for group in groups if group['name'] == params['name']]) > 1, RACE_PATIENCE)
        return find_group(groups, params['name'], params['group_id'])

    current = lookup()
    if current is None and params['group_id'] is not None and params['state'] == 'present':
        raise InvalidInput('group_id %s is not among the groups AppPot lists: it does not exist, or this '
                           'server lists only groups tied to the current app; leave group_id out to '
                           'create a group' % params['group_id'])
    return ensure(
        module, GROUP, current,
        desired={'name': params['name'], 'description': params['description']},
        state=params['state'],
        create=lambda want: create_listed_group(client, want, params['add_to_current_app']),
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
            add_to_current_app=dict(type='bool', default=True),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
        ),
        connection_spec=apppot_argument_spec(),
        supports_check_mode=True,
        **APPPOT_MODULE_KWARGS
    )
    module.run(lambda: ensure_group(module, AppPotClient.from_params(module.params)))


if __name__ == '__main__':
    main()
