#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: apppot_groups
short_description: Manage many groups on an AppPot Server in one task
version_added: 1.0.0
description:
  - Ensure each group of O(groups) as M(tenantkit.saas.apppot_group) ensures one, in the order given, in one
    task. Each item takes the options of M(tenantkit.saas.apppot_group) other than the connection ones, and
    each group ends as that module would leave it.
  - The module logs in once and reads the group list once for the whole list. It reads the list again only
    to see a group it created listed (as M(tenantkit.saas.apppot_group) does), after a write whose answer was
    lost, when the list shows two groups of a name this task manages (another run may be settling a race),
    and after a group failed.
  - Every item is checked before any request is sent; all the bad items are reported at once, each with its
    index and name. A group (by O(groups[].group_id), or else by O(groups[].name)) may appear once.
  - A group the service refuses never stops the others. Each refused group is listed in RV(failed_groups) with
    the reason; the task then fails after applying every other group, and a rerun picks up where it stopped.
  - An answer of another shape than documented fails its group; nothing is sent after it.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  groups:
    description:
      - The groups to ensure.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Group name (C(groupName)), at most 255 characters.
          - With O(groups[].group_id), the group is renamed to this name.
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
          - Tie a new group to the app the user logged in to (C(isAddCurrentApp)). Used only when the group
            is created.
          - As in M(tenantkit.saas.apppot_group), a created group the list does not show is deleted again and
            fails its item.
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
  - module: tenantkit.saas.apppot_group
  - module: tenantkit.saas.apppot_group_info
'''

EXAMPLES = r'''
- name: Ensure the groups of a tenant, with one login
  tenantkit.saas.apppot_groups:
    base_url: https://apppot.example.com/apppot  # example value
    company_id: "1"  # example value
    app_id: tenantapp  # example value
    app_version: 1.0.0  # example value
    username: admin  # example value
    password: "{{ apppot_password }}"  # example value
    app_key: "{{ apppot_app_key }}"  # example value
    groups:
      - name: sales
        description: Sales team
      - name: support
        description: Support desk
      - name: interns
        state: absent

- name: Pass a tenant's list as it is, credentials from module_defaults
  module_defaults:
    group/tenantkit.saas.apppot:
      base_url: https://apppot.example.com/apppot  # example value
      company_id: "1"  # example value
      app_id: tenantapp  # example value
      app_version: 1.0.0  # example value
      username: admin  # example value
      password: "{{ apppot_password }}"  # example value
      app_key: "{{ apppot_app_key }}"  # example value
  tenantkit.saas.apppot_groups:
    groups: "{{ tenant.apppot.groups }}"
  vars:
    tenant:  # a tenant variable (README.md, "Tenants"), usually from host_vars
      name: acme
      apppot:
        groups:
          - name: acme-staff
            description: ACME staff
'''

RETURN = r'''
created:
  description:
    - Names of the groups created (in check mode, that would be created); a name listed more
      than once carries where the group is, as in RV(diff).
  returned: always
  type: list
  elements: str
  sample: [acme-sales]
updated:
  description: Names of the groups updated.
  returned: always
  type: list
  elements: str
deleted:
  description: Names of the groups deleted.
  returned: always
  type: list
  elements: str
counts:
  description: How many groups were created, updated, deleted, left unchanged, and failed.
  returned: always
  type: dict
  sample: {created: 1, updated: 0, deleted: 0, unchanged: 2, failed: 0}
  contains:
    created:
      description: Groups created.
      type: int
    updated:
      description: Groups updated.
      type: int
    deleted:
      description: Groups deleted.
      type: int
    unchanged:
      description: Groups left as they were.
      type: int
    failed:
      description: Groups listed in RV(failed_groups).
      type: int
groups:
  description:
    - One entry per item of O(groups), in order, each as M(tenantkit.saas.apppot_group) returns its
      RV(tenantkit.saas.apppot_group#module:group).
    - Null after a delete, and for a group that failed.
  returned: always
  type: list
  elements: dict
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
failed_groups:
  description:
    - Every group that failed, in the order given, with the reason; empty when none did.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The item's O(groups[].name).
      type: str
      sample: sales
    message:
      description: Why it failed.
      type: str
      sample: "AppPot refused the request: permission denied (POST /api/1/tenantapp/1.0.0/groups, HTTP 200, code 903)"
diff:
  description:
    - With C(--diff), the managed fields before and after of each group that changes, keyed by group name
      (with its group id when names repeat). A created group has no C(before), a deleted one no C(after).
  returned: when diff mode is on
  type: dict
  sample: {"before": {"sales": {"group_id": 29, "name": "sales", "description": "old"}},
           "after": {"sales": {"group_id": 29, "name": "sales", "description": "Sales team"}}}
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.apppot import (
    APPPOT_MODULE_KWARGS, AppPotClient, apppot_argument_spec)
from ansible_collections.tenantkit.saas.plugins.module_utils.apppot_groups import (
    AppPotGroups, ensure_one, group_options, groups_problems, where_of)
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import EachRun, labels_of, refuse
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import SaasModule


def ensure_groups(module):
    items = module.params['groups']
    refuse(groups_problems(items), 'in groups')
    groups = AppPotGroups(AppPotClient.from_params(module.params))
    # One login and one read for the whole list; when either fails, the task fails once for all.
    groups.lookup()
    run = EachRun(module, 'group')
    labels = labels_of(items, where_of)
    for item, label in zip(items, labels):
        run.run(label, lambda: ensure_one(module, groups, item))
    return run.result(items, labels)


def main():
    module = SaasModule(
        argument_spec=dict(groups=dict(type='list', elements='dict', required=True, options=group_options())),
        connection_spec=apppot_argument_spec(),
        supports_check_mode=True,
        **APPPOT_MODULE_KWARGS
    )
    module.run(lambda: ensure_groups(module))


if __name__ == '__main__':
    main()
