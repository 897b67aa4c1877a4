#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: apppot_group_info
short_description: List groups on an AppPot Server
version_added: 0.1.0
description:
  - Read the groups of an AppPot company. Any logged-in user may read.
  - The groups are those AppPot lists, which may be only the groups tied to the
    current app.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Return only the groups with exactly this name.
    type: str
extends_documentation_fragment:
  - tenantkit.saas.apppot
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.apppot_group
'''

EXAMPLES = r'''
- name: Read every group
  tenantkit.saas.apppot_group_info:
  register: apppot

- name: Find the groups named sales
  tenantkit.saas.apppot_group_info:
    name: sales
  register: sales
'''

RETURN = r'''
groups:
  description: The groups found, as AppPot lists them (possibly only those tied to the current app).
  returned: always
  type: list
  elements: dict
  contains:
    group_id:
      description: Group id.
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
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import SaasModule


def read_groups(module, client):
    groups = client.list_groups()
    if module.params['name'] is not None:
        groups = [group for group in groups if group['name'] == module.params['name']]
    return {'changed': False, 'groups': groups}


def main():
    module = SaasModule(
        argument_spec=dict(name=dict(type='str')),
        connection_spec=apppot_argument_spec(),
        supports_check_mode=True,
        **APPPOT_MODULE_KWARGS
    )
    module.run(lambda: read_groups(module, AppPotClient.from_params(module.params)))


if __name__ == '__main__':
    main()
