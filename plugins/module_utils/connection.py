# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A service's connection options, as every module and the tenant check read them:
an empty value counts as not set and is taken from the option's environment variable,
and what is still missing or malformed is named with the variable that would supply it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import TIMEOUT_RANGE, url_problem


def environment_names(option):
    fallback = option.get('fallback')
    return list(fallback[1]) if fallback and fallback[0] is env_fallback else []


def label(name, option):
    """An option's name, with the environment variable it falls back to."""
    names = environment_names(option)
    return '%s (or %s)' % (name, ', '.join(names)) if names else name


def is_unset(value):
    return value is None or (isinstance(value, str) and not value.strip())


def resolved(spec, given, environ):
    """The connection options of `spec`: each value given, else its environment variable, else
    its default. Empty text counts as not set: an AWX credential injects unset fields empty."""
    values = {}
    for name, option in spec.items():
        value = given.get(name)
        if is_unset(value):
            found = [environ[var] for var in environment_names(option) if not is_unset(environ.get(var))]
            value = found[0] if found else option.get('default')
        values[name] = value
    return values


def connection_problems(spec, values, required_one_of=(), required_together=(), path=''):
    """What is missing or malformed in `values` (resolved), each named with its variable."""
    def named(name):
        return '%s%s' % (path + '.' if path else '', label(name, spec[name]))

    problems = []
    for name, option in sorted(spec.items(), key=lambda pair: (not pair[0].endswith('_url'), pair[0])):
        value = values.get(name)
        if is_unset(value):
            if option.get('required'):
                problems.append('%s is not set (an empty value counts as not set)' % named(name))
        elif name.endswith('_url') and isinstance(value, str):
            problem = url_problem(value)
            if problem:
                problems.append('%s %s' % (named(name), problem))
    for names in required_one_of:
        if all(is_unset(values.get(name)) for name in names):
            problems.append('one of %s must be set' % ', '.join(named(name) for name in names))
    for names in required_together:
        missing = [name for name in names if is_unset(values.get(name))]
        # Not needed when another way is set: a token makes a login's username and password spare.
        spare = any(not is_unset(values.get(name)) for group in required_one_of for name in group if name not in names)
        if missing and len(missing) < len(names) and not spare:
            problems.append('%s must be set together with %s' % (
                ', '.join(named(name) for name in missing),
                ', '.join(name for name in names if name not in missing)))
    timeout, (low, high) = values.get('timeout'), TIMEOUT_RANGE
    if isinstance(timeout, int) and not low <= timeout <= high:
        problems.append('%s must be from %d to %d seconds, got %s' % (named('timeout'), low, high, timeout))
    return problems
