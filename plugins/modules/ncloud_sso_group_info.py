#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_group_info
short_description: Read NAVER Cloud SSO groups
version_added: 1.0.0
description:
  - Read the groups of a NAVER Cloud Platform Single Sign-On directory, all of them or the
    one with a given name, optionally with their members.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Return only the group of this name, compared without regard to case as the service
        compares names. The service's search also matches parts of names; the module keeps
        the exact name only.
    type: str
  with_members:
    description:
      - Also return each group's members (login ids); one more list request per group (per
        100 members).
    type: bool
    default: false
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.ncloud_sso_group
'''

EXAMPLES = r'''
# Connection options come from NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY and NCLOUD_SSO_API_URL.
- name: Read every SSO group
  tenantkit.saas.ncloud_sso_group_info:
  register: sso_groups

- name: Read the operators group with its members
  tenantkit.saas.ncloud_sso_group_info:
    name: operators
    with_members: true
  register: operators
'''

RETURN = r'''
groups:
  description: The groups found, newest first, as the service lists them.
  returned: always
  type: list
  elements: dict
  contains:
    group_id:
      description: Group id.
      type: str
      sample: 12cfbd94-7f4c-4f4e-9a43-2ff725201395
    name:
      description: Group name as stored.
      type: str
      sample: operators
    description:
      description: Description (V("") when none).
      type: str
    nrn:
      description: NAVER Cloud resource name.
      type: str
    created_at:
      description: Creation time.
      type: str
    updated_at:
      description: Time of the last change.
      type: str
    members:
      description: Login ids of the members, sorted.
      returned: with O(with_members=true)
      type: list
      elements: str
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_groups import SsoGroupsClient


def read_groups(module, client):
    params = module.params
    if params['name'] is not None and not params['name'].strip():
        raise InvalidInput('name is empty: leave it out to read every group')
    groups = client.list_groups(params['name'])
    if params['with_members']:
        groups = [dict(group, members=sorted(member['login_id'] for member in client.members(group['group_id'])))
                  for group in groups]
    return {'changed': False, 'groups': groups}


def main():
    module = SaasModule(
        argument_spec=dict(
            name=dict(type='str'),
            with_members=dict(type='bool', default=False),
        ),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: read_groups(module, SsoGroupsClient.from_params(module.params)))


if __name__ == '__main__':
    main()
