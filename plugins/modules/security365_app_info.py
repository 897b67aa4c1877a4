#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: security365_app_info
short_description: Read the app service (OAuth client) of a Security365 SHIELD ID company
version_added: 0.1.0
description:
  - Read the company's built-in profile and report whether it holds an app service client id
    (C(TENANT_APP_ID)).
  - The client secret is never returned; use M(tenantkit.saas.security365_app) with O(tenantkit.saas.security365_app#module:return_secret=true).
author:
  - tenantkit.saas contributors (@tenantkit)
options: {}
extends_documentation_fragment:
  - tenantkit.saas.security365
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.security365_app
'''

EXAMPLES = r'''
- name: Read the app service of the company
  tenantkit.saas.security365_app_info:
  register: shield_app

- name: Show its client id
  ansible.builtin.debug:
    msg: "{{ shield_app.client_id if shield_app.exists else 'no app service' }}"
'''

RETURN = r'''
client_id:
  description: The app service's client id, or null when the company has none.
  returned: always
  type: str
  sample: 3f0b8c6e-2d4a-4c51-9a57-0e6f2b1d9c33
exists:
  description: Whether the company's profile holds an app service client id.
  returned: always
  type: bool
  sample: true
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.security365 import (
    Security365Client, security365_argument_spec)


def read_app(module, client):
    app = client.read_app()
    if app and app['client_secret']:
        module.no_log_values.add(app['client_secret'])
    return {'changed': False, 'client_id': app['client_id'] if app else None, 'exists': app is not None}


def main():
    module = SaasModule(
        argument_spec=dict(),
        connection_spec=security365_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: read_app(module, Security365Client.from_params(module.params)))


if __name__ == '__main__':
    main()
