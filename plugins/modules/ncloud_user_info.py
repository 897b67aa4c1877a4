#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_user_info
short_description: Read NAVER Cloud SSO users
version_added: 0.1.0
description:
  - Read the users of a NAVER Cloud Platform Single Sign-On directory; all of them,
    those with given login ids, or those a search finds.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  login_ids:
    description:
      - Return exactly these users (those that exist), in this order.
      - Uses as few list requests as it can, as M(tenantkit.saas.ncloud_users_bulk) does.
      - Each is checked before any request. A login id is an email address of 3 to 60
        characters in the format of the API's v2 reference, as in M(tenantkit.saas.ncloud_users_bulk);
        the task fails naming every malformed one with its index.
    type: list
    elements: str
  search_column:
    description:
      - Field to search in; requires O(search_word).
    type: str
    choices: [loginId, status, nrn, userId]
  search_word:
    description:
      - Text to search for. The service matches whole or partial values, and
        the module returns what it finds.
    type: str
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.INFO
  - tenantkit.saas.attributes.ACTION
seealso:
  - module: tenantkit.saas.ncloud_users_bulk
'''

EXAMPLES = r'''
- name: Read every SSO user
  tenantkit.saas.ncloud_user_info:
  register: sso

- name: Read two users by login id
  tenantkit.saas.ncloud_user_info:
    login_ids:
      - minjun.kim@example.com
      - jane.doe@example.com
  register: two

- name: Find the suspended users
  tenantkit.saas.ncloud_user_info:
    search_column: status
    search_word: suspended
  register: suspended
'''

RETURN = r'''
users:
  description: The users found, oldest first (or in the order of O(login_ids)).
  returned: always
  type: list
  elements: dict
  contains:
    user_id:
      description: User id.
      type: str
      sample: 0f7c4a5e-3b1d-4a4e-9a43-2f6f0c1d2b3a
    login_id:
      description: Login id.
      type: str
      sample: minjun.kim@example.com
    nrn:
      description: NAVER Cloud resource name.
      type: str
    description:
      description: Description.
      type: str
    user_profile:
      description: Profile (C(first_name), C(last_name), C(email), C(email_verified), C(emp_no),
        C(phone_country_code), C(phone_no), C(phone_no_verified), C(dept_name)).
      type: dict
    access_rules:
      description: C(console_access_allowed) and C(api_access_allowed).
      type: dict
    status:
      description: C(active) or C(suspended).
      type: str
    last_login_at:
      description: Time of the last sign-in, if any.
      type: str
    created_at:
      description: Creation time.
      type: str
    updated_at:
      description: Time of the last change.
      type: str
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import (
    SsoUsersClient, login_id_problems, ncloud_argument_spec)


def check_login_ids(login_ids):
    problems = ['login_ids[%d] (%s): %s' % (index, login_id, problem)
                for index, login_id in enumerate(login_ids) for problem in login_id_problems(login_id)]
    if problems:
        raise InvalidInput('%d problems in login_ids, nothing was sent: %s' % (len(problems), '; '.join(problems)))


def read_users(module, client):
    params = module.params
    if params['login_ids'] is not None:
        check_login_ids(params['login_ids'])
        found = client.find_users(params['login_ids']) if params['login_ids'] else {}
        users = [found[login_id] for login_id in dict.fromkeys(params['login_ids']) if login_id in found]
    else:
        users = client.list_users(params['search_column'], params['search_word'])
    return {'changed': False, 'users': users}


def main():
    module = SaasModule(
        argument_spec=dict(
            login_ids=dict(type='list', elements='str'),
            search_column=dict(type='str', choices=['loginId', 'status', 'nrn', 'userId']),
            search_word=dict(type='str'),
        ),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
        mutually_exclusive=[('login_ids', 'search_column')],
        required_together=[('search_column', 'search_word')],
    )
    module.run(lambda: read_users(module, SsoUsersClient.from_params(module.params)))


if __name__ == '__main__':
    main()
