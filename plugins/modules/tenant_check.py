#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: tenant_check
short_description: Check a tenant variable whole, without any request
version_added: 1.0.0
description:
  - Checks the C(tenant) variable of the role C(tenantkit.saas.tenant)
    with the rules the modules apply to their own options, so that an invalid item in any section fails
    the tenant before its first write on any service. The role runs it first.
  - Each section is checked with the argument spec and the checks of the module that applies it
    (M(tenantkit.saas.signtogether_groups), M(tenantkit.saas.apppot_groups), M(tenantkit.saas.ncloud_users_bulk),
    M(tenantkit.saas.ncloud_sso_group), M(tenantkit.saas.security365_app)), that is types, choices, patterns,
    lengths, references between items (SignTogether parents) and duplicates, with the names the service compares
    without regard to case compared the same way.
  - A string option given a list, a mapping or a boolean is refused; a number is taken as text.
  - A service section that is null is refused. Each connection key left out, or empty, comes from its
    environment variable, and a required one that is still not set is named with its variable.
  - Every problem is reported at once, each named by section, item index and key.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  tenant:
    description:
      - The tenant, as the role's C(tenant) variable.
      - Left out, the host's C(tenant) variable is checked (the role calls it so); the task's arguments
        then never hold the tenant, however many users it has.
      - Its secrets are never shown; the result echoes only the tenant's name and sections.
    type: dict
    required: true
  users_file:
    description:
      - C(ncloud.users_file) resolved to a path on the controller; the role resolves a relative path
        against the inventory's directory, else the playbook's.
      - Left out, C(ncloud.users_file) is read as given.
    type: path
extends_documentation_fragment:
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.ncloud_users_bulk
'''

EXAMPLES = r'''
- name: Check the tenant before any write
  tenantkit.saas.tenant_check:
    tenant:
      name: acme
      apppot:
        groups:
          - name: acme-admins
            description: Administrators
      ncloud:
        users:
          - login_id: minjun.kim@example.com
        groups:
          - name: acme-ops
            members: [minjun.kim@example.com]
'''

RETURN = r'''
sections:
  description: The service sections the tenant sets, in the order the role applies them.
  returned: success
  type: list
  elements: str
  sample: [apppot, ncloud]
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.tenantkit.saas.plugins.module_utils.tenant import SECTIONS, checked, tenant_secrets


def main():
    module = AnsibleModule(
        argument_spec=dict(tenant=dict(type='dict', required=True), users_file=dict(type='path')),
        supports_check_mode=True,
    )
    module.no_log_values.update(tenant_secrets(module.params['tenant'], os.environ))
    tenant = module.params['tenant']
    result = checked(tenant, os.environ, module.params['users_file'])
    # The tenant may hold thousands of users and every secret: only its name and sections are echoed.
    result['invocation'] = {'module_args': {'tenant': {
        'name': tenant.get('name'), 'sections': [section for section, dummy in SECTIONS if section in tenant]},
        'users_file': module.params['users_file']}}
    if result.get('failed'):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
