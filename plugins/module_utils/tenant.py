# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `tenant` variable of the role tenantkit.saas.tenant, checked whole before the
tenant's first write: each section with the argument spec and the problem functions
of the module that applies it, so the role and the modules apply the same rules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.tenantkit.saas.plugins.module_utils import (
    apppot, apppot_groups, ncloud_sso, ncloud_sso_access, ncloud_sso_assignments, ncloud_sso_groups, security365,
    signtogether, signtogether_groups)
from ansible_collections.tenantkit.saas.plugins.module_utils.answers import shape_of
from ansible_collections.tenantkit.saas.plugins.module_utils.arguments import secrets_in, spec_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.connection import connection_problems, resolved
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_users_file import read_users_file


def items(options, required=False):
    return dict(type='list', elements='dict', options=options, required=required)


class Section:
    """One service section: its connection, its other keys (`spec`), and `rules(values)`,
    the problems its module finds in them without a request."""

    def __init__(self, connection_spec, spec, rules, connection_rules=None, connection_kwargs=None,
                 mutually_exclusive=(), required_one_of=(), raw_lists=()):
        self.connection_spec = connection_spec
        self.spec = dict(spec, connection=dict(type='dict', options=connection_spec))
        self.rules = rules
        self.connection_rules = connection_rules
        # required_one_of and required_together of the connection, as the module declares them.
        self.connection_kwargs = connection_kwargs or {}
        self.mutually_exclusive = mutually_exclusive
        self.required_one_of = required_one_of
        self.raw_lists = raw_lists

    def problems(self, name, given, environ, users_file):
        problems = spec_problems(self.spec, given, name) + self._exclusive(name, given)
        connection = resolved(self.connection_spec, given.get('connection') or {}, environ)
        found = connection_problems(self.connection_spec, connection,
                                    self.connection_kwargs.get('required_one_of', ()),
                                    self.connection_kwargs.get('required_together', ()), path=name + '.connection')
        if not found and self.connection_rules:
            found = ['%s.connection: %s' % (name, problem) for problem in _raised(self.connection_rules, connection)]
        problems.extend(found)
        if problems:
            return problems
        # Lists of thousands (ncloud.users) go to their checks as given, which the walk above found
        # well typed: normalizing them would copy every item for nothing.
        raw = dict((key, given.get(key)) for key in self.raw_lists)
        values = ArgumentSpecValidator(self.spec).validate(
            dict((key, value) for key, value in given.items() if key not in raw)).validated_parameters
        values.update(raw)
        if users_file and values.get('users_file'):
            values['users_file'] = users_file
        return ['%s.%s' % (name, problem) for problem in self.rules(values)]

    def _exclusive(self, name, given):
        set_keys = [key for key in given if given[key] is not None]
        problems = ['%s: %s are mutually exclusive' % (name, ' and '.join(keys))
                    for keys in self.mutually_exclusive if all(key in set_keys for key in keys)]
        problems.extend('%s: one of %s is required' % (name, ', '.join(keys))
                        for keys in self.required_one_of if not any(key in set_keys for key in keys))
        return problems


def _raised(check, *args):
    """The message of the InvalidInput `check(*args)` raises, as a list of problems."""
    try:
        return check(*args) or []
    except InvalidInput as error:
        return [str(error)]


def signtogether_rules(values):
    return signtogether_groups.groups_problems(values['groups'])


def apppot_rules(values):
    return apppot_groups.groups_problems(values['groups'])


def ncloud_rules(values):
    problems = []
    if values['users'] is not None:
        problems.extend(ncloud_sso.users_problems(values['users'], values['state']))
    elif values['users_file'] is not None:
        path = values['users_file']
        try:
            users, places = read_users_file(path)
        except InvalidInput as error:
            return [_without_prefix(str(error), 'users_file %s: ' % path, 'users_file (%s): ' % path)]
        problems.extend('users_file (%s): %s' % (path, problem)
                        for problem in ncloud_sso.users_problems(users, values['state'], places))
    problems.extend(ncloud_sso_groups.groups_problems(values['groups'] or []))
    problems.extend(ncloud_sso_access.permission_sets_problems(values['permission_sets'] or []))
    problems.extend(ncloud_sso_assignments.assignments_problems(values['assignments'] or []))
    return problems


def _without_prefix(message, prefix, replacement):
    return replacement + message[len(prefix):] if message.startswith(prefix) else 'users_file: ' + message


SECTIONS = (
    ('signtogether', Section(signtogether.signtogether_argument_spec(),
                             dict(groups=items(signtogether_groups.group_options(), required=True)),
                             signtogether_rules)),
    ('apppot', Section(apppot.apppot_argument_spec(), dict(groups=items(apppot_groups.group_options(), required=True)),
                       apppot_rules, connection_rules=apppot.check_app_address,
                       connection_kwargs=apppot.APPPOT_MODULE_KWARGS)),
    ('ncloud', Section(ncloud_sso.ncloud_argument_spec(),
                       dict(users=items(ncloud_sso.user_options()), users_file=dict(type='path'),
                            state=dict(type='str', choices=['present', 'absent'], default='present'),
                            update_existing=dict(type='bool', default=True),
                            groups=items(ncloud_sso_groups.group_options()),
                            permission_sets=items(ncloud_sso_access.permission_set_options()),
                            assignments=items(ncloud_sso_assignments.assignment_options())),
                       ncloud_rules, mutually_exclusive=[('users', 'users_file')], raw_lists=('users',),
                       required_one_of=[('users', 'users_file')])),
    ('security365', Section(security365.security365_argument_spec(),
                            dict(app=dict(type='dict', options=dict(
                                state=dict(type='str', choices=['present', 'absent'], default='present')))),
                            lambda values: [])),
)
TOP = dict(name=dict(type='str', required=True), **dict((name, dict(type='raw')) for name, dummy in SECTIONS))


def tenant_problems(tenant, environ, users_file=None):
    """Every problem of the tenant variable, each named by section, index and key. `environ`
    supplies what a connection leaves out; `users_file` is ncloud.users_file resolved."""
    if not isinstance(tenant, dict):
        return ['tenant must be an object of sections, not %s' % shape_of(tenant)]
    problems = spec_problems(TOP, tenant)
    for name, section in SECTIONS:
        if name not in tenant:
            continue
        given = tenant[name]
        if given is None:
            problems.append('%s is null: give its keys, or leave the section out' % name)
        elif not isinstance(given, dict):
            problems.append('%s must be an object, not %s' % (name, shape_of(given)))
        else:
            problems.extend(section.problems(name, given, environ, users_file))
    return problems


def tenant_secrets(tenant, environ):
    """Every secret the tenant holds or its connections would take from `environ`."""
    found = []
    for name, section in SECTIONS:
        given = tenant.get(name) if isinstance(tenant, dict) else None
        if isinstance(given, dict):
            found.extend(secrets_in(section.spec, given))
            found.extend(value for key, value in resolved(section.connection_spec, given.get('connection') or {},
                                                          environ).items()
                         if section.connection_spec[key].get('no_log') and isinstance(value, str))
    return [value for value in found if value]


def checked(tenant, environ, users_file=None):
    """tenant_check's result: failed with every problem in one message, or the sections set."""
    name = tenant.get('name') if isinstance(tenant.get('name'), str) else None
    sections = [section for section, dummy in SECTIONS if section in tenant]
    result = {'changed': False}
    problems = tenant_problems(tenant, environ, users_file)
    if problems:
        return dict(result, failed=True, msg='tenant %s: %d problem%s, nothing was written on any service: %s' % (
            name or '(no name)', len(problems), '' if len(problems) == 1 else 's', '; '.join(problems)))
    return dict(result, sections=sections)
