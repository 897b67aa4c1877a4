# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AnsibleModule every tenantkit.saas module runs in: it merges the
connection options, checks that requests is importable, and turns the
collection's exceptions into fail_json calls."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.tenantkit.saas.plugins.module_utils.arguments import spec_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.connection import connection_problems, resolved
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    ApiError, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, remember_secret, scrub, url_problem)

# Result keys that carry text from a service, scrubbed of secrets before they are shown.
SERVICE_TEXT_KEYS = ('msg', 'vendor_message')
SERVICE_TEXT_LISTS = (('failed_users', 'message'), ('failed_groups', 'message'))
# How many items of a long list option the echoed arguments (`invocation`) hold.
ECHOED_ITEMS = 100


class InvalidInput(Exception):
    """Input that fails validation; raised before any network call."""


def transport_options(env_prefix):
    """Options every service shares: TLS verification, a private CA and the timeout."""
    return dict(
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path', fallback=(env_fallback, ['%s_CA_PATH' % env_prefix])),
        timeout=dict(type='int', default=30),
    )


class SaasModule(AnsibleModule):
    """AnsibleModule with a service's connection options merged in."""

    def __init__(self, argument_spec, connection_spec, abridged_lists=(), **kwargs):
        self.abridged_lists = abridged_lists
        spec = dict(connection_spec)
        spec.update(argument_spec)
        super(SaasModule, self).__init__(argument_spec=spec, **kwargs)
        self._refuse_conversions(spec)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        self._check_connection(connection_spec, kwargs)
        for value in self.no_log_values:
            remember_secret(value)

    def _load_params(self):
        super(SaasModule, self)._load_params()
        # The options as the task gave them, before AnsibleModule turns a list given for text into text.
        self.given = dict(self.params)

    def _refuse_conversions(self, spec):
        problems = spec_problems(spec, getattr(self, 'given', None) or {}, unknown=False)
        if problems:
            self.fail_json(msg=problems_message(problems, 'in the options'))

    def log(self, msg, log_args=None):
        # Python 3.12 and later refuse a NUL character in a syslog message, and AnsibleModule then
        # fails naming no option: the NUL is logged escaped, and the option's own check names it.
        def escaped(value):
            return value.replace('\x00', '\\x00') if isinstance(value, str) else value
        if isinstance(log_args, dict):
            log_args = dict((key, escaped(value)) for key, value in log_args.items())
        super(SaasModule, self).log(escaped(msg), log_args)

    def _check_connection(self, spec, kwargs):
        values = resolved(spec, self.params, os.environ)
        self.params.update(values)
        # A secret taken from its variable in place of an empty value is masked as the value would be.
        self.no_log_values.update(value for name, value in values.items()
                                  if spec[name].get('no_log') and isinstance(value, str) and value)
        names = set(spec)
        problems = connection_problems(
            spec, values, [group for group in kwargs.get('required_one_of', ()) if names.issuperset(group)],
            [group for group in kwargs.get('required_together', ()) if names.issuperset(group)])
        # A warning about a URL stays with a failure on a credential.
        for name, value in sorted(values.items()):
            if name.endswith('_url') and isinstance(value, str):
                self._check_url(name, value)
        if problems:
            self.fail_json(msg='; '.join(problems))

    def _check_url(self, name, value):
        try:
            password = urlsplit(value).password
        except ValueError:
            password = None
        if password:
            # Masked wherever Ansible shows the task's arguments (-vvvv, invocation).
            self.no_log_values.add(password)
        if value.lower().startswith('http://') and not is_loopback(value) and not url_problem(value):
            self.warn('%s uses http://: credentials and data travel unencrypted; use https://' % name)

    def warn(self, warning):
        super(SaasModule, self).warn(scrub(warning, self.no_log_values))

    def fail_json(self, msg, **kwargs):
        super(SaasModule, self).fail_json(**self._echoed(self._scrubbed(dict(kwargs, msg=msg))))

    def exit_json(self, **kwargs):
        super(SaasModule, self).exit_json(**self._echoed(self._scrubbed(kwargs)))

    def _echoed(self, result):
        """The result with the task's arguments echoed as AnsibleModule does, but only the
        first ECHOED_ITEMS of a list in `abridged_lists`: ten thousand users echoed back
        would be most of the result."""
        params = getattr(self, 'params', None)
        if 'invocation' in result or params is None:
            return result
        args, abridged = dict(params), {}
        for name in self.abridged_lists:
            items = args.get(name)
            if isinstance(items, list) and len(items) > ECHOED_ITEMS:
                args[name] = items[:ECHOED_ITEMS]
                abridged[name] = 'the first %d of %d items' % (ECHOED_ITEMS, len(items))
        result['invocation'] = dict(module_args=args, **({'abridged': abridged} if abridged else {}))
        return result

    def _scrubbed(self, result):
        # Thousands of refused items mostly share a few reasons: scrub each text once.
        clean = {}

        def scrubbed(text):
            if text not in clean:
                clean[text] = scrub(text, self.no_log_values)
            return clean[text]

        for key in SERVICE_TEXT_KEYS:
            if isinstance(result.get(key), str):
                result[key] = scrubbed(result[key])
        for key, field in SERVICE_TEXT_LISTS:
            for item in result.get(key) or ():
                if isinstance(item, dict) and isinstance(item.get(field), str):
                    item[field] = scrubbed(item[field])
        return result

    def run(self, action):
        """Call `action()` and exit with its result dict, or fail cleanly."""
        try:
            result = action()
        except InvalidInput as error:
            self.fail_json(msg=str(error))
        except ApiError as error:
            self.fail_json(**error.fail_kwargs())
        self.exit_json(**result)


def problems_message(problems, where):
    """One message for every problem found before any request."""
    return '%d problem%s %s, nothing was sent: %s' % (
        len(problems), '' if len(problems) == 1 else 's', where, '; '.join(problems))


def is_loopback(url):
    """Whether `url` names this machine (localhost, 127.0.0.0/8, ::1): nothing leaves it."""
    host = (urlsplit(url).hostname or '').rstrip('.').lower()
    return host in ('localhost', '::1') or host.endswith('.localhost') or \
        (host.startswith('127.') and all(part.isdigit() for part in host.split('.')))
