#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: signtogether_group_info
short_description: List customer groups on SignTogether
version_added: 0.1.0
description:
  - Read the groups the API key can see, that is the groups it created and all their sub-groups.
  - The vendor returns the whole list in one answer; there is no paging.
  - The vendor's list does not show a group's part name (C(groupPartName)), so the groups have none.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  group_ids:
    description:
      - Read only these groups. Left out, every visible group is read.
      - Ids the API key cannot see are skipped; the module warns, naming them with the vendor's message, and
        returns them in RV(skipped_ids).
      - An empty list returns no groups without a request.
    type: list
    elements: int
  name:
    description:
      - Return only the groups with exactly this name.
    type: str
extends_documentation_fragment:
  - tenantkit.saas.signtogether
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.signtogether_group
'''

EXAMPLES = r'''
- name: Read every group the key can see
  tenantkit.saas.signtogether_group_info:
  register: signtogether

- name: Read two groups by id
  tenantkit.saas.signtogether_group_info:
    group_ids: [1, 2]
  register: two

- name: Find the groups named acme-sales
  tenantkit.saas.signtogether_group_info:
    name: acme-sales
  register: sales
'''

RETURN = r'''
groups:
  description: The groups found, in the vendor's order.
  returned: always
  type: list
  elements: dict
  contains:
    group_id:
      description: Group id.
      type: int
      sample: 1
    name:
      description: Group name.
      type: str
      sample: acme
    url_path:
      description: The group's URL path, C(SGT_) and the zero-padded id.
      type: str
      sample: SGT_0000000001
    level:
      description: Group level.
      type: int
      sample: 1
    parent_group_id:
      description: Parent group id, null for a root group.
      type: int
      sample: null
    parent:
      description: Name of the parent group, null for a root group or a parent not among those read.
      type: str
      sample: null
      version_added: 1.0.0
    linked_type:
      description: Classifier agreed with the vendor.
      type: str
      sample: null
    used:
      description: Whether the group is in use.
      type: bool
      sample: true
    admin_login_id:
      description: Login id of the group's top administrator.
      type: str
      sample: acme-admin
skipped_ids:
  description:
    - The ids of O(group_ids) the vendor did not return, because the API key cannot see them or they do not exist.
    - Empty when O(group_ids) is not set.
  returned: always
  type: list
  elements: int
  sample: [100]
  version_added: 1.0.0
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    SignTogetherClient, signtogether_argument_spec, with_parent_names)


def skipped(group_ids, groups):
    """The asked ids the answer left out, in the order asked."""
    returned = set(group['group_id'] for group in groups)
    missing = []
    for group_id in group_ids or ():
        if group_id not in returned and group_id not in missing:
            missing.append(group_id)
    return missing


def warn_skipped(module, missing, message):
    if missing:
        module.warn('SignTogether did not return group_ids %s: %s'
                    % (', '.join(str(group_id) for group_id in missing), message or 'no reason given'))
    elif message:
        module.warn('SignTogether answered the list with a message: %s' % message)


def read_groups(module, client):
    group_ids = module.params['group_ids']
    if group_ids == []:
        return {'changed': False, 'groups': [], 'skipped_ids': []}
    groups, message = client.list_groups(group_ids)
    groups = with_parent_names(groups)
    missing = skipped(group_ids, groups)
    warn_skipped(module, missing, message)
    if module.params['name'] is not None:
        groups = [group for group in groups if group['name'] == module.params['name']]
    return {'changed': False, 'groups': groups, 'skipped_ids': missing}


def main():
    module = SaasModule(
        argument_spec=dict(
            group_ids=dict(type='list', elements='int'),
            name=dict(type='str'),
        ),
        connection_spec=signtogether_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: read_groups(module, SignTogetherClient.from_params(module.params)))


if __name__ == '__main__':
    main()
