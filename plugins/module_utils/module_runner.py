# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AnsibleModule every tenantkit.saas module runs in: it merges the
connection options, checks that requests is importable, and turns the
collection's exceptions into fail_json calls."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    ApiError, HAS_REQUESTS, REQUESTS_IMPORT_ERROR)


class InvalidInput(Exception):
    """Input that fails validation; raised before any network call."""


def transport_options():
    """Options every service shares: TLS verification and the timeout."""
    return dict(
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='int', default=30),
    )


class SaasModule(AnsibleModule):
    """AnsibleModule with a service's connection options merged in."""

    def __init__(self, argument_spec, connection_spec, **kwargs):
        spec = dict(connection_spec)
        spec.update(argument_spec)
        super(SaasModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        if self.params.get('timeout') is not None and self.params['timeout'] < 1:
            self.fail_json(msg='timeout must be at least 1 second, got %s' % self.params['timeout'])

    def run(self, action):
        """Call `action()` and exit with its result dict, or fail cleanly."""
        try:
            result = action()
        except InvalidInput as error:
            self.fail_json(msg=str(error))
        except ApiError as error:
            self.fail_json(**error.fail_kwargs())
        self.exit_json(**result)
