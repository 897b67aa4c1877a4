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
      - The default changed from V(false) to V(true) in release 1.0.0.
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
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.apppot_group_info
'''

EXAMPLES = r'''
- name: Ensure the sales group exists
  tenantkit.saas.apppot_group:
    base_url: https://apppot.example.com/apppot  # example value
    company_id: "1"  # example value
    app_id: tenantapp  # example value
    app_version: 1.0.0  # example value
    username: admin  # example value
    password: "{{ apppot_password }}"  # example value
    app_key: "{{ apppot_app_key }}"  # example value
    name: sales
    description: Sales team

- name: Ensure a group exists on a server that lists every group of the company
  tenantkit.saas.apppot_group:
    name: company-auditors
    add_to_current_app: false
  register: auditors

- name: Rename a group addressed by id, credentials from module_defaults
  module_defaults:
    group/tenantkit.saas.apppot:
      base_url: https://apppot.example.com/apppot  # example value
      company_id: "1"  # example value
      app_id: tenantapp  # example value
      app_version: 1.0.0  # example value
      username: admin  # example value
      password: "{{ apppot_password }}"  # example value
      app_key: "{{ apppot_app_key }}"  # example value
  tenantkit.saas.apppot_group:
    group_id: "{{ auditors.group.group_id }}"
    name: company-reviewers

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
    APPPOT_MODULE_KWARGS, AppPotClient, apppot_argument_spec)
from ansible_collections.tenantkit.saas.plugins.module_utils.apppot_groups import (
    AppPotGroups, ensure_group, group_options)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import SaasModule


def main():
    module = SaasModule(
        argument_spec=group_options(),
        connection_spec=apppot_argument_spec(),
        supports_check_mode=True,
        **APPPOT_MODULE_KWARGS
    )
    module.run(lambda: ensure_group(module, AppPotGroups(AppPotClient.from_params(module.params)), module.params)[0])


if __name__ == '__main__':
    main()
