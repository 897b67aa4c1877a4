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
      - Seconds to wait for each HTTP request. A request that gets no answer in time is not sent
        again, so a service that hangs fails the task after about this long.
    type: int
    default: 30
notes:
  - Reads are retried up to five times, with exponential backoff and jitter and at most 60 seconds in
    all, after HTTP 429, 500, 502, 503 or 504, a dropped connection or a garbled answer; C(Retry-After) is honoured.
  - A write is sent again as it is only after HTTP 429, which the service answers before acting. After
    any other failure (no answer in time, a dropped connection, a 5xx) it may have been applied, so the
    module reads the object back and plans again from what it finds, at most three writes in all.
    An object is never created twice; when every attempt fails, the error says what was tried and how often.
'''
