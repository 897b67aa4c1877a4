#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_permission_set
short_description: Manage a NAVER Cloud SSO permission set
version_added: 1.0.0
description:
  - Create, update or delete a permission set of a NAVER Cloud Platform Single Sign-On directory, that is
    a bundle of Sub Account policies that an assignment gives to groups and users on one account.
  - The set is found by O(name) without regard to case, as the service compares names, with one read
    of the list (the service also matches parts of names; the module keeps exact names only) and one
    read of the set for its policies. A rerun with nothing to change sends no write.
  - The policy lists compare as sets. The service replaces the whole set on update, so one C(PUT)
    sends both lists and the description; a list or a description left out is sent as it is.
  - Between O(managed_policy_ids) and O(custom_policy_names) a set holds 1 to 10 policies. More than
    10 given fails before any request; more than 10 with the policies kept from the set as it is fails
    after the read, before any write.
  - A write whose answer was lost (a timeout, a dropped connection, an HTTP 5xx) may have been applied.
    The module reads the set back and sends again only what is still needed; it never repeats a write
    blindly.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Permission set name, 2 to 30 characters; letters, digits, C(-) and C(_), the first a letter or
        a digit.
      - Unique in the directory without regard to case; it identifies the set and cannot be changed.
    type: str
    required: true
  description:
    description:
      - At most 300 characters. Left as it is when not set; V("") clears it.
    type: str
  managed_policy_ids:
    description:
      - Ids of NCP-managed Sub Account policies (C(systemManagedPolicyIds)), such as C(NCP_VIEWER).
      - Left out, the set's managed policies are kept. Needed, with O(custom_policy_names) (either may
        be V([])), to create the set.
    type: list
    elements: str
  custom_policy_names:
    description:
      - Names of the account's own Sub Account policies (C(userCreatedPolicyNames)). The service checks
        that they exist when an assignment of the set is created.
      - Left out, the set's own policies are kept. Needed, with O(managed_policy_ids), to create the set.
    type: list
    elements: str
  state:
    description:
      - V(present) creates or updates the set, V(absent) deletes it. The service refuses to delete a set
        that an assignment uses; delete the assignment first.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
  - tenantkit.saas.attributes.ACTION
notes:
  - The diff shows the set's name, description and both policy lists before and after.
seealso:
  - module: tenantkit.saas.ncloud_sso_permission_set_info
  - module: tenantkit.saas.ncloud_sso_group
'''

EXAMPLES = r'''
# Connection options come from NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY and NCLOUD_SSO_API_URL.
- name: A read-only permission set
  tenantkit.saas.ncloud_sso_permission_set:
    name: acme-viewers
    description: Read every service
    managed_policy_ids: [NCP_VIEWER]
    custom_policy_names: []

- name: Give it server management too; its own policies are kept
  tenantkit.saas.ncloud_sso_permission_set:
    name: acme-viewers
    managed_policy_ids: [NCP_VIEWER, NCP_SERVER_MANAGER]

- name: Remove it
  tenantkit.saas.ncloud_sso_permission_set:
    name: acme-viewers
    state: absent
'''

RETURN = r'''
permission_set:
  description:
    - The permission set as it is after the task; null after a delete or when it did not exist.
  returned: always
  type: dict
  contains:
    permission_set_id:
      description: Permission set id (null for a set that check mode would create).
      type: str
      sample: 5b0c1f4e-2f8e-4f5c-9d1a-6c3e2a7b9f10
    name:
      description: The set's name as stored (its case may differ from O(name)).
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

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import (
    Resource, ensure, read_once_then, refuse_unless_planned)
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import refuse
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_access import (
    POLICY_LISTS, SsoAccessClient, permission_set_options, permission_set_problems, policies_problem)

PERMISSION_SET = Resource('permission_set', fields=('permission_set_id', 'name', 'description') + tuple(
    option for option, dummy in POLICY_LISTS), id_field='permission_set_id')


def check_policies(module):
    """Before any write: a set to create names both lists, and the set as it would be sent holds
    1 to 10 policies. In check mode an earlier task of the run may only have planned to create
    the set: a set to create without both lists is then shown with a warning."""
    params = module.params

    def check(candidates, current):
        if params['state'] != 'present':
            return
        missing = [option for option, dummy in POLICY_LISTS if params[option] is None]
        if current is None and missing:
            refuse_unless_planned(module, 'permission set %r does not exist; to create it, give managed_policy_ids and '
                                  'custom_policy_names (either may be [])' % params['name'], 'shown as created')
            return
        after = dict((option, params[option] if params[option] is not None else (current or {}).get(option))
                     for option, dummy in POLICY_LISTS)
        problem = policies_problem(after)
        if problem:
            raise InvalidInput(problem)
    return check


def ensure_permission_set(module, client):
    params = module.params
    refuse(permission_set_problems(params), 'in the options')
    found = client.find_permission_sets(params['name'])
    desired = {'permission_set_id': None, 'name': found[0]['name'] if found else params['name'],
               'description': params['description']}
    desired.update((option, sorted(set(params[option])) if params[option] is not None else None)
                   for option, dummy in POLICY_LISTS)
    return ensure(
        module, PERMISSION_SET, desired,
        lookup=read_once_then(found, lambda: client.find_permission_sets(params['name'])),
        create=client.create_permission_set, update=client.update_permission_set,
        delete=lambda current: client.delete_permission_set(current['permission_set_id']),
        state=params['state'], check=check_policies(module))


def main():
    module = SaasModule(
        argument_spec=permission_set_options(),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: ensure_permission_set(module, SsoAccessClient.from_params(module.params)))


if __name__ == '__main__':
    main()
