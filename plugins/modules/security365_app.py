#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: security365_app
short_description: Manage the app service (OAuth client) of a Security365 SHIELD ID company
version_added: 0.1.0
description:
  - Ensure a SHIELD ID company has, or has not, its app service, the OAuth client whose id
    and secret the company's built-in profile holds as C(TENANT_APP_ID) and C(TENANT_APP_SECRET).
  - A company has at most one app service. The module reads the profile first and creates the
    app service only when the profile holds no client id.
  - The client secret is returned only when O(return_secret=true).
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  state:
    description:
      - V(present) creates the app service when the company has none.
      - V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  client_id:
    description:
      - With O(state=absent), delete the app service only if its client id is this one; when the
        profile holds another id or none, nothing is deleted.
      - Without it, O(state=absent) deletes whatever app service the profile holds.
      - Not allowed with O(state=present).
    type: str
  return_secret:
    description:
      - Return the client secret as RV(client_secret) when O(state=present).
      - Set C(no_log) on the task when you use this, or the secret is shown in the task output.
    type: bool
    default: false
extends_documentation_fragment:
  - tenantkit.saas.security365
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
  - tenantkit.saas.attributes.ACTION
notes:
  - Check mode reads the profile only. For an app service that would be created, RV(client_id) is null,
    as the service assigns it.
  - The diff shows the client id, never the secret.
  - When creation answers code 19 (C(Duplicate app services)) because another client created the app
    service meanwhile, the task reports no change and returns that app service's id.
  - An app service that exists while the profile lost its id (after code 50001, C(appId, appSecret update failed))
    cannot be found through the profile; the module fails with an explanation rather than guess.
seealso:
  - module: tenantkit.saas.security365_app_info
'''

EXAMPLES = r'''
- name: Ensure the company has its app service
  tenantkit.saas.security365_app:
    base_url: https://api.shieldid.example.com  # example value
    company_id: "{{ shield_company_id }}"  # example value
    token: "{{ shield_token }}"  # example value
  register: shield_app

- name: Read the client secret too, keeping it out of the logs
  tenantkit.saas.security365_app:
    return_secret: true
  no_log: true
  register: shield_credentials

- name: Delete the app service, but only if it is still the one created above
  tenantkit.saas.security365_app:
    state: absent
    client_id: "{{ shield_app.client_id }}"

- name: Credentials from module_defaults
  module_defaults:
    group/tenantkit.saas.security365:
      base_url: https://api.shieldid.example.com  # example value
      company_id: "{{ shield_company_id }}"  # example value
      token: "{{ shield_token }}"  # example value
  tenantkit.saas.security365_app:
    state: absent
'''

RETURN = r'''
client_id:
  description:
    - The app service's client id (C(TENANT_APP_ID)) after the task.
    - Null after a delete, and in check mode for an app service that would be created.
  returned: always
  type: str
  sample: 3f0b8c6e-2d4a-4c51-9a57-0e6f2b1d9c33
client_secret:
  description:
    - The app service's client secret (C(TENANT_APP_SECRET)); null in check mode for an app service that would be created.
  returned: when O(return_secret=true) and O(state=present)
  type: str
  sample: 8mI1b0...
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.security365 import (
    Security365Client, app_options, security365_argument_spec)

# A company has at most one app service: no identity beyond the company.
APP = Resource('app', fields=('client_id',), id_field='client_id', identity=(), secret=('client_secret',))


def ensure_app(module, client):
    params = module.params
    if params['state'] == 'present' and params['client_id'] is not None:
        raise InvalidInput('client_id is only used with state=absent')
    if params['client_id'] is not None and not params['client_id'].strip():
        raise InvalidInput('client_id must not be empty')

    result = ensure(module, APP, {'client_id': params['client_id']},
                    lookup=lambda: [app for app in [client.read_app()] if app],
                    create=lambda want: client.create_app(),
                    delete=lambda have: client.delete_app(have['client_id']), state=params['state'],
                    reveal_secrets=params['return_secret'])
    app = result.pop(APP.name) or {}
    result['client_id'] = app.get('client_id')
    if params['return_secret'] and params['state'] == 'present':
        result['client_secret'] = app.get('client_secret')
    return result


def main():
    module = SaasModule(
        argument_spec=app_options(),
        connection_spec=security365_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: ensure_app(module, Security365Client.from_params(module.params)))


if __name__ == '__main__':
    main()
