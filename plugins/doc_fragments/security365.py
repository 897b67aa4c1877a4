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
      - Security365 SHIELD ID API URL, for example C(https://api.shieldid.example.com).
      - The vendor does not publish a fixed URL; use the one your Security365 contact gave you.
      - If not set, the value of the E(SECURITY365_BASE_URL) environment variable is used.
    type: str
    required: true
  company_id:
    description:
      - SHIELD ID company (tenant) id. It must be the company the O(token) was issued for.
      - If not set, the value of the E(SECURITY365_COMPANY_ID) environment variable is used.
    type: str
    required: true
  token:
    description:
      - "A JWT from the Security365 auth service that carries the company id, sent as C(Authorization: Bearer <token>)."
      - A value that starts with C(Bearer ) is accepted too.
      - The module does not obtain or renew tokens; an expired token fails with code 40101.
      - If not set, the value of the E(SECURITY365_TOKEN) environment variable is used.
    type: str
    required: true
attributes:
  action_group:
    description: Use C(group/tenantkit.saas.security365) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - tenantkit.saas.security365
notes:
  - Failures show the vendor's C(code) and C(message) (also read as C(errorCode) and C(msg)) verbatim,
    for example code 40101 C(Invalid token) or 40102 C(No matching company ID).
  - Reading the company profile is a POST that only reads, so it is retried as reads are (see the transport notes).
'''
