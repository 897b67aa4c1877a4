# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AnsibleModule every tenantkit.saas module runs in: it merges the
connection options, checks that requests is importable, and turns the
collection's exceptions into fail_json calls."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    ApiError, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, TIMEOUT_RANGE, remember_secret, scrub, url_problem)

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
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        for value in self.no_log_values:
            remember_secret(value)
        self._check_timeout()
        # URLs first: a warning about one stays with a failure on a credential.
        for name in sorted(connection_spec, key=lambda option: (not option.endswith('_url'), option)):
            self._check_connection_option(name, connection_spec[name])

    def log(self, msg, log_args=None):
        # Python 3.12 and later refuse a NUL character in a syslog message, and AnsibleModule then
        # fails naming no option: the NUL is logged escaped, and the option's own check names it.
        def escaped(value):
            return value.replace('\x00', '\\x00') if isinstance(value, str) else value
        if isinstance(log_args, dict):
            log_args = dict((key, escaped(value)) for key, value in log_args.items())
        super(SaasModule, self).log(escaped(msg), log_args)

    def _check_timeout(self):
        timeout, (low, high) = self.params.get('timeout'), TIMEOUT_RANGE
        if timeout is not None and not low <= timeout <= high:
            self.fail_json(msg='timeout must be from %d to %d seconds, got %s' % (low, high, timeout))

    def _check_connection_option(self, name, option):
        value = self.params.get(name)
        if not isinstance(value, str) or option.get('type', 'str') != 'str':
            return
        if name.endswith('_url'):
            self._check_url(name, value, option)
        elif not value.strip():
            if option.get('required'):
                self.fail_json(msg='%s is empty: set it' % _label(name, option))
            # An optional credential left empty (an unset AWX credential field) is not set.
            self.params[name] = None

    def _check_url(self, name, value, option):
        try:
            password = urlsplit(value).password
        except ValueError:
            password = None
        if password:
            # Masked wherever Ansible shows the task's arguments (-vvvv, invocation).
            self.no_log_values.add(password)
        problem = url_problem(value)
        if problem:
            self.fail_json(msg='%s %s' % (_label(name, option), problem))
        if value.lower().startswith('http://') and not is_loopback(value):
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


def is_loopback(url):
    """Whether `url` names this machine (localhost, 127.0.0.0/8, ::1): nothing leaves it."""
    host = (urlsplit(url).hostname or '').rstrip('.').lower()
    return host in ('localhost', '::1') or host.endswith('.localhost') or \
        (host.startswith('127.') and all(part.isdigit() for part in host.split('.')))


def _label(name, option):
    """An option's name, with the environment variable it falls back to."""
    fallback = option.get('fallback')
    if fallback and fallback[0] is env_fallback:
        return '%s (or %s)' % (name, ', '.join(fallback[1]))
    return name
