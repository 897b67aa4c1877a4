# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The options of module_utils.module_runner.transport_options(), shared by every service."""

    DOCUMENTATION = r'''
requirements:
  - The Python package C(requests) 2.28 or later, where the module runs (the controller, or the execution environment).
options:
  validate_certs:
    description:
      - Verify the server's TLS certificate. Set to V(false) only for a server you trust.
    type: bool
    default: true
  ca_path:
    description:
      - Path of a PEM bundle of CA certificates to trust, for a service behind a private CA.
      - Falls back to the service's environment variable C(SIGNTOGETHER_CA_PATH), C(APPPOT_CA_PATH),
        C(NCLOUD_CA_PATH) or C(SECURITY365_CA_PATH).
      - Ignored when O(validate_certs=false).
    type: path
    version_added: 1.0.0
  timeout:
    description:
      - Seconds each HTTP call may take in all, from connecting (name lookup included) to the last
        byte of the answer, from 1 to 3600. A server that answers slowly byte by byte is cut off at
        this bound.
      - A call that gets no complete answer in time is not sent again, so a service that hangs fails
        the task after about this long.
    type: int
    default: 30
notes:
  - The URL option must start with C(https://) (or C(http://), which draws a warning) and carry no
    C(user:password@), query or fragment. Redirects are never followed, so no credential reaches
    another host; a 3xx answer fails the task and names the host it pointed to.
  - An answer larger than 32 MB fails the call; nothing a module reads comes near it.
  - No message shows a credential or a token the service issued, raw, JSON-escaped or URL-encoded.
  - Reads are retried up to five times, with exponential backoff and jitter and at most 60 seconds in
    all, after HTTP 429, 500, 502, 503 or 504, a dropped connection or a garbled answer; C(Retry-After) is honoured.
  - A write is sent again as it is only after HTTP 429, which the service answers before acting. After
    any other failure (no answer in time, a dropped connection, a 5xx) it may have been applied, so the
    module reads the object back and plans again from what it finds, at most three writes in all.
    An object is never created twice; when every attempt fails, the error says what was tried and how often.
'''
