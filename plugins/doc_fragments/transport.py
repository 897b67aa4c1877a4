# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The options of module_utils.module_runner.transport_options(), shared by every service."""

    DOCUMENTATION = r'''
options:
  validate_certs:
    description:
      - Verify the server's TLS certificate. Set to V(false) only for a server you trust.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP request.
    type: int
    default: 30
'''
