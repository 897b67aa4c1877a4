# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - NAVER Cloud Platform API access key id.
      - Handled as a secret, as every credential of the collection is (never shown in output, a
        secret field of the AWX credential type), although the service sends it in clear beside a
        signature; with the secret key it is the account's key, and alone it names that account.
      - If not set, the value of the E(NCLOUD_ACCESS_KEY) environment variable is used.
    type: str
    required: true
  secret_key:
    description:
      - Secret key of O(access_key); it signs every request and is never sent.
      - If not set, the value of the E(NCLOUD_SECRET_KEY) environment variable is used.
    type: str
    required: true
  api_url:
    description:
      - Base URL of the Ncloud SSO API gateway, without C(/api/v1).
      - Use C(https://sso.apigw.gov-ntruss.com) for the government cloud.
      - If not set, the value of the E(NCLOUD_SSO_API_URL) environment variable is used.
    type: str
    default: https://sso.apigw.ntruss.com
attributes:
  action_group:
    description: Use C(group/tenantkit.saas.ncloud) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - tenantkit.saas.ncloud
notes:
  - Requests are signed with the API gateway's signature v2 and carry a timestamp;
    the gateway refuses them (HTTP 401, errorCode 200) when the controller's clock
    is more than 5 minutes off.
  - Gateway and service errors fail the task with C(errorCode) and C(message) shown verbatim, followed by the
    v2 C(detail) and C(fieldErrors) or the v1 C(details) when the error carries them, and the HTTP status in C(status).
  - Every answer is read with its shape checked. An error body in an answer with a success status, or an answer
    of another shape than documented, fails the task naming the request, and nothing is written after it.
'''
