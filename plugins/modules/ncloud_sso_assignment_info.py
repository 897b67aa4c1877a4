#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_assignment_info
short_description: Read NAVER Cloud SSO assignments
version_added: 1.0.0
description:
  - Read the assignments of a NAVER Cloud Platform Single Sign-On directory, all of them or the one
    named O(name), each with its permission set's name, optionally with its targets.
  - One read of the assignment list (every page) and one of the permission set list.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Read only the assignment of this name, compared without regard to case as the service does.
        The service's search also matches parts of names; the module keeps the exact name only.
      - Left out, every assignment is read.
    type: str
  with_targets:
    description:
      - Also return each assignment's targets (group names and login ids); two more list requests per
        assignment (per 100 targets of a kind).
    type: bool
    default: false
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.ncloud_sso_assignment
'''

EXAMPLES = r'''
- name: Read the tenant's assignment with its targets
  tenantkit.saas.ncloud_sso_assignment_info:
    name: acme-viewers-main
    with_targets: true
  register: main_access

- name: Show who has it
  ansible.builtin.debug:
    msg: "{{ main_access.assignments[0].groups + main_access.assignments[0].users if main_access.assignments else 'no such assignment' }}"
'''

RETURN = r'''
assignments:
  description: The assignments, newest first; each as M(tenantkit.saas.ncloud_sso_assignment) returns it.
  returned: always
  type: list
  elements: dict
  contains:
    assignment_id:
      description: Assignment id.
      type: str
      sample: 7d2f0c55-1f0a-4a4e-8d8e-2c51b0b3c9aa
    name:
      description: Name.
      type: str
      sample: acme-viewers-main
    permission_set:
      description: The permission set's name.
      type: str
      sample: acme-viewers
    permission_set_id:
      description: The permission set's id.
      type: str
      sample: 5b0c1f4e-2f8e-4f5c-9d1a-6c3e2a7b9f10
    account_member_no:
      description: The account's member number, as text.
      type: str
      sample: "2784601"
    description:
      description: Description (V("") when none).
      type: str
      sample: ""
    console_access:
      description: Whether the targets may sign in to the console.
      type: bool
      sample: true
    api_access:
      description: Whether the targets may call the API.
      type: bool
      sample: false
    active:
      description: V(true) when active, V(false) when suspended.
      type: bool
      sample: true
    groups:
      description: Names of the group targets, sorted.
      returned: when O(with_targets=true)
      type: list
      elements: str
      sample: [auditors, operators]
    users:
      description: Login ids of the user targets, sorted.
      returned: when O(with_targets=true)
      type: list
      elements: str
      sample: [jane.doe@example.com]
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_assignments import (
    TARGET_KINDS, PermissionSetNames, SsoAssignmentsClient)


def read_assignments(module, client):
    params = module.params
    if params['name'] is not None and not params['name'].strip():
        raise InvalidInput('name is empty: leave it out to read every assignment')
    assignments = client.list_assignments(params['name'])
    if assignments:
        PermissionSetNames(client, every=True).named(assignments)
    if params['with_targets']:
        for assignment in assignments:
            for option, target_type, dummy in TARGET_KINDS:
                assignment[option] = sorted(target['name' if target_type == 'group' else 'login_id'] for target in
                                            client.targets(assignment['assignment_id'], target_type))
    return {'changed': False, 'assignments': assignments}


def main():
    module = SaasModule(
        argument_spec=dict(
            name=dict(type='str'),
            with_targets=dict(type='bool', default=False),
        ),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: read_assignments(module, SsoAssignmentsClient.from_params(module.params)))


if __name__ == '__main__':
    main()
