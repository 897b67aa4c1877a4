#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_permission_set_info
short_description: Read NAVER Cloud SSO permission sets with their policies
version_added: 1.0.0
description:
  - Read the permission sets of a NAVER Cloud Platform Single Sign-On directory, each with its
    policies, or the one named O(name).
  - One read of the list (every page), and one read of each set for its policies.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Read only the set of this name, compared without regard to case as the service does.
      - Left out, every set is read.
    type: str
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.ncloud_sso_permission_set
'''

EXAMPLES = r'''
- name: Read the tenant's permission set
  tenantkit.saas.ncloud_sso_permission_set_info:
    name: acme-viewers
  register: viewers

- name: Show its managed policies
  ansible.builtin.debug:
    msg: "{{ viewers.permission_sets[0].managed_policy_ids if viewers.permission_sets else 'no such set' }}"
'''

RETURN = r'''
permission_sets:
  description: The permission sets, newest first; each as M(tenantkit.saas.ncloud_sso_permission_set) returns it.
  returned: always
  type: list
  elements: dict
  contains:
    permission_set_id:
      description: Permission set id.
      type: str
      sample: 5b0c1f4e-2f8e-4f5c-9d1a-6c3e2a7b9f10
    name:
      description: Name.
      type: str
      sample: acme-viewers
    description:
      description: Description (V("") when none).
      type: str
      sample: Read every service
    managed_policy_ids:
      description: Managed policy ids, sorted.
      type: list
      elements: str
      sample: [NCP_VIEWER]
    custom_policy_names:
      description: The account's own policy names, sorted.
      type: list
      elements: str
      sample: []
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_access import SsoAccessClient


def read_permission_sets(module, client):
    name = module.params['name']
    if name is not None and not name.strip():
        raise InvalidInput('name is empty: leave it out to read every permission set')
    return {'changed': False, 'permission_sets': client.find_permission_sets(name)}


def main():
    module = SaasModule(
        argument_spec=dict(name=dict(type='str')),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: read_permission_sets(module, SsoAccessClient.from_params(module.params)))


if __name__ == '__main__':
    main()
