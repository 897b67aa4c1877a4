# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  base_url:
    description:
      - AppPot server URL including its context root, for example C(https://apppot.example.com/apppot).
      - If not set, the value of the E(APPPOT_BASE_URL) environment variable is used.
    type: str
    required: true
  company_id:
    description:
      - AppPot company id.
      - If not set, the value of the E(APPPOT_COMPANY_ID) environment variable is used.
    type: str
    required: true
  app_id:
    description:
      - AppPot application id.
      - If not set, the value of the E(APPPOT_APP_ID) environment variable is used.
    type: str
    required: true
  app_version:
    description:
      - Application version as it appears in the API path, for example C(1.0.0) or C(1_0_0).
      - If not set, the value of the E(APPPOT_APP_VERSION) environment variable is used.
    type: str
    required: true
  token:
    description:
      - A user token. When given, it is used instead of logging in.
      - If it expires and O(username), O(password) and O(app_key) are also set, the module logs in once.
      - If not set, the value of the E(APPPOT_TOKEN) environment variable is used.
      - One of O(token) or O(username) is required.
    type: str
  username:
    description:
      - User to log in as; the user needs the Admin or SuperAdmin role for writes.
      - Requires O(password) and O(app_key).
      - If not set, the value of the E(APPPOT_USERNAME) environment variable is used.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, the value of the E(APPPOT_PASSWORD) environment variable is used.
    type: str
  app_key:
    description:
      - Application key used to obtain the anonymous token that precedes a login.
      - If not set, the value of the E(APPPOT_APP_KEY) environment variable is used.
    type: str
  device_udid:
    description:
      - Device identifier sent with the login.
    type: str
    default: tenantkit-saas
attributes:
  action_group:
    description: Use C(group/tenantkit.saas.apppot) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - tenantkit.saas.apppot
notes:
  - The module logs in at most once per run, and once more if a call answers errCode 120 (token expired)
    or 121 (token does not exist); never after any other code.
  - A login refused with errCode 110 (user does not exist) or 111 (wrong user or password) fails with
    a message naming the options to check; the password is never shown.
  - The user token is sent in the C(apppot-token) header, and on C(GET groups) and C(DELETE groups/{id})
    also as the query parameter C(token), as the AppPot reference and SDK do.
  - AppPot reports errors in the body of HTTP 200 answers; the module fails with C(errCode) and C(description) shown verbatim.
  - Every answer is checked for its shape; an answer of another shape fails the task, naming the call,
    and nothing is written after it.
'''
