# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options checked against an argument spec as AnsibleModule checks them, but each
problem named by its path (section, item index and key), and with no silent
conversion: an option of type str or path given a list, a mapping or a boolean is
refused, where AnsibleModule would turn it into text. A number is taken as text."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.common.validation import (
    check_type_bool, check_type_dict, check_type_float, check_type_int, check_type_list)

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import shape_of

TEXT_TYPES = ('str', 'path')
CONVERTERS = {'bool': check_type_bool, 'int': check_type_int, 'float': check_type_float,
              'dict': check_type_dict, 'list': check_type_list}
WHAT = {'bool': 'a boolean', 'int': 'an integer', 'float': 'a number', 'dict': 'an object', 'list': 'a list'}


def joined(path, key):
    return '%s.%s' % (path, key) if path else key


def text_problem(label, value):
    """Why `value` is not text for a str option ('' when it is): a number is taken as text."""
    if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return ''
    return '%s must be text, not %s%s' % (
        label, shape_of(value), '; quote it if you mean the word' if isinstance(value, bool) else '')


def spec_problems(spec, params, path='', unknown=True):
    """Every problem of `params` (a mapping) against `spec`, each as 'path.key ...'. With
    `unknown`, a key the spec does not have is one; keys Ansible adds (_ansible_*) never are."""
    names = {}
    for name, option in spec.items():
        names[name] = name
        names.update((alias, name) for alias in option.get('aliases', ()))
    problems = []
    if unknown:
        problems.extend('%s is not a known key; known: %s' % (joined(path, key), ', '.join(sorted(spec)))
                        for key in params if key not in names and not str(key).startswith('_ansible_'))
    for name, option in spec.items():
        given = [key for key in [name] + list(option.get('aliases', ())) if key in params]
        label = joined(path, given[0] if given else name)
        value = params[given[0]] if given else None
        if value is None:
            if option.get('required') and not option.get('fallback'):
                problems.append('%s is required' % label)
            continue
        problems.extend(value_problems(option, value, label))
    return problems


def value_problems(option, value, label):
    kind = option.get('type', 'str')
    if kind in TEXT_TYPES:
        problem = text_problem(label, value)
        if problem:
            return [problem]
        value = str(value)
    elif kind in CONVERTERS:
        try:
            value = CONVERTERS[kind](value)
        except (TypeError, ValueError):
            return ['%s must be %s, not %s' % (label, WHAT[kind], shape_of(value))]
    choices = option.get('choices')
    if choices and kind != 'list' and value not in choices:
        return ['%s must be one of %s, not %r' % (label, ', '.join(str(choice) for choice in choices), value)]
    if kind == 'dict' and option.get('options'):
        return spec_problems(option['options'], value, label)
    if kind == 'list' and option.get('elements'):
        element = dict(option, type=option['elements'])
        element.pop('elements')
        problems = []
        for index, item in enumerate(value):
            where = '%s[%d]' % (label, index)
            problems.extend(['%s must not be null' % where] if item is None else value_problems(element, item, where))
        return problems
    return []


def secrets_in(spec, params):
    """The values of every no_log option in `params`, at any depth."""
    found = []
    for name, option in spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            continue
        if option.get('no_log') and isinstance(value, str):
            found.append(value)
        inner = option.get('options')
        if inner and isinstance(value, dict):
            found.extend(secrets_in(inner, value))
        elif inner and isinstance(value, list):
            for item in value:
                found.extend(secrets_in(inner, item))
    return found
