#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: tenant_unmanaged_info
short_description: Read what a tenant's services hold that its tenant variable does not list
version_added: 1.0.0
description:
  - Reads, for each service section of a C(tenant) variable of the role C(tenantkit.saas.tenant), the objects
    the service holds that the section does not list, so that a drift audit shows leftovers (a group renamed in
    a console, a user nobody removed). The tenant role runs it last when C(tenant_report_unmanaged=true), and
    the C(tenantkit.saas.tenant_report) callback shows the result for each tenant and service.
  - SignTogether, the groups under the tenant's groups (one read of the groups the key can see); AppPot, the
    groups of the app (one read, after a login when no token is given); NAVER Cloud SSO, the users (unless
    C(ncloud.state=absent)), groups, permission sets and assignments (one read of each list, every page),
    compared without regard to case as the service compares them. Security365 holds one app service per
    company and has nothing to add.
  - A service that cannot be read is named in RV(errors) with the reason; the others are still read, and the
    task does not fail.
  - Names only, at most 100 of each kind, with the total.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  tenant:
    description:
      - The tenant, as the role's C(tenant) variable, checked first with M(tenantkit.saas.tenant_check).
      - Left out, the host's C(tenant) variable is read (the role calls it so).
      - Its secrets are never shown; the result echoes only the tenant's name and sections.
    type: dict
    required: true
  users_file:
    description:
      - C(ncloud.users_file) resolved to a path on the controller, as for M(tenantkit.saas.tenant_check).
    type: path
extends_documentation_fragment:
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.tenant_check
'''

EXAMPLES = r'''
# Connection options come from each section's connection, else from the services' environment variables.
- name: What does AppPot hold that the tenant does not list?
  tenantkit.saas.tenant_unmanaged_info:
    tenant:
      name: acme
      apppot:
        groups:
          - name: acme-admins
  register: leftovers

- name: Show them
  ansible.builtin.debug:
    msg: "{{ leftovers.unmanaged.apppot | default([]) }}"
'''

RETURN = r'''
unmanaged:
  description: For each service read, the leftovers of each kind of object.
  returned: always
  type: dict
  sample: {apppot: [{kind: group, names: [acme-ops-renamed], total: 1}]}
errors:
  description: For each service that could not be read, why.
  returned: always
  type: dict
  sample: {ncloud: "NAVER Cloud SSO: request failed: HTTP 503"}
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.tenantkit.saas.plugins.module_utils.tenant import SECTIONS, tenant_secrets
from ansible_collections.tenantkit.saas.plugins.module_utils.tenant_unmanaged import unmanaged


def main():
    module = AnsibleModule(
        argument_spec=dict(tenant=dict(type='dict', required=True), users_file=dict(type='path')),
        supports_check_mode=True,
    )
    tenant = module.params['tenant']
    module.no_log_values.update(tenant_secrets(tenant, os.environ))
    found, errors = unmanaged(tenant, os.environ, module.params['users_file'])
    module.exit_json(changed=False, unmanaged=found, errors=errors, invocation={'module_args': {'tenant': {
        'name': tenant.get('name'), 'sections': [section for section, dummy in SECTIONS if section in tenant]},
        'users_file': module.params['users_file']}})


if __name__ == '__main__':
    main()
