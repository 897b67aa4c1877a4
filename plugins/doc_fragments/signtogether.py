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
      - SignTogether API URL, without the C(/rest/api) part, for example C(https://api.signtogether.example).
      - The vendor does not publish it; it comes with the API key.
      - If not set, the value of the E(SIGNTOGETHER_BASE_URL) environment variable is used.
    type: str
    required: true
  api_key:
    description:
      - Partner API key, sent in the C(apiKey) header of every request.
      - If not set, the value of the E(SIGNTOGETHER_API_KEY) environment variable is used.
    type: str
    required: true
attributes:
  action_group:
    description: Use C(group/tenantkit.saas.signtogether) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - tenantkit.saas.signtogether
notes:
  - The group API is disabled per account until SignTogether grants the permission; until then every call answers HTTP 403.
  - An API key sees the groups it created and all their sub-groups, nothing else.
  - The list call is a POST that only reads, so it is retried as reads are (see the transport notes).
'''
