# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The users of ncloud_users_bulk's users_file: a CSV export (header row of user fields,
nested as user_profile.dept_name), or a JSON or YAML list of users. Each user comes out as
the `users` option gives it after Ansible's checks, or the file is refused naming the row
and the field."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import json
import os

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import shape_of
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import PROFILE_FIELDS, RULE_FIELDS

try:
    import yaml
    YAML_LOADER = getattr(yaml, 'CSafeLoader', None) or yaml.SafeLoader
except ImportError:
    yaml = None

TEXT_FIELDS = ('login_id', 'description')
NESTED = {'user_profile': tuple(name for name, dummy in PROFILE_FIELDS),
          'access_rules': tuple(name for name, dummy in RULE_FIELDS)}
CSV_COLUMNS = TEXT_FIELDS + tuple('%s.%s' % (group, name) for group, names in sorted(NESTED.items()) for name in names)
TRUE_WORDS = ('true', 'yes', 'on', '1')
FALSE_WORDS = ('false', 'no', 'off', '0')
# Problems named before the file is refused; the count of the rest is given.
SHOWN_PROBLEMS = 20


def read_users_file(path):
    """The users of the file at `path`, each {login_id, description, user_profile, access_rules}
    as the `users` option holds them after Ansible's checks, and where each is in the file
    ('row 7', 'users[5]'); InvalidInput names what is wrong."""
    kind = os.path.splitext(path)[1].lower()
    if kind not in ('.csv', '.json', '.yml', '.yaml'):
        raise InvalidInput('users_file %s: the name must end in .csv, .json, .yml or .yaml' % path)
    try:
        with open(path, 'r', encoding='utf-8-sig', newline='' if kind == '.csv' else None) as handle:
            if kind == '.csv':
                return from_csv(path, handle)
            return from_data(path, load_data(path, kind, handle))
    except (IOError, OSError) as error:
        raise InvalidInput('users_file %s cannot be read: %s' % (path, error.strerror or error))
    except UnicodeDecodeError:
        raise InvalidInput('users_file %s is not UTF-8 text' % path)


def load_data(path, kind, handle):
    if kind == '.json':
        try:
            return json.load(handle)
        except ValueError as error:
            raise InvalidInput('users_file %s is not JSON: %s' % (path, error))
    if yaml is None:
        raise InvalidInput('users_file %s is YAML, and PyYAML is not installed where the module runs; use CSV or JSON'
                           % path)
    try:
        return yaml.load(handle, Loader=YAML_LOADER)  # nosec: a safe loader
    except yaml.YAMLError as error:
        raise InvalidInput('users_file %s is not YAML: %s' % (path, str(error).splitlines()[0]))


def from_csv(path, handle):
    reader = csv.reader(handle)
    header = next(reader, None)
    if not header:
        raise InvalidInput('users_file %s has no header row' % path)
    header = [column.strip() for column in header]
    unknown = [column for column in header if column not in CSV_COLUMNS]
    twice = sorted(set(column for column in header if header.count(column) > 1))
    if unknown or twice or 'login_id' not in header:
        raise InvalidInput('users_file %s: the header row %s; the columns are %s' % (path, '; '.join(
            (['has unknown columns: %s' % ', '.join(unknown)] if unknown else [])
            + (['names %s twice' % ', '.join(twice)] if twice else [])
            + ([] if 'login_id' in header else ['has no login_id'])), ', '.join(CSV_COLUMNS)))
    users, places, problems = [], [], []
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append('row %d has %d cells, not %d' % (row_number, len(row), len(header)))
            continue
        # An empty cell is a field the row does not set.
        fields = dict((column, cell) for column, cell in zip(header, row) if cell != '')
        places.append('row %d' % row_number)
        users.append(user_of(fields, places[-1], problems))
    refuse_if(path, problems)
    return users, places


def from_data(path, data):
    if isinstance(data, dict) and list(data) == ['users']:
        data = data['users']
    if not isinstance(data, list):
        raise InvalidInput('users_file %s must hold a list of users, or a mapping whose only key is users' % path)
    users, problems = [], []
    for index, item in enumerate(data):
        where = 'users[%d]' % index
        if not isinstance(item, dict):
            problems.append('%s is %s, not an object of user fields' % (where, shape_of(item)))
            continue
        fields = {}
        for key, value in item.items():
            if key in NESTED and isinstance(value, dict):
                fields.update(('%s.%s' % (key, name), inner) for name, inner in value.items())
            elif key in NESTED and value is not None:
                problems.append('%s.%s is %s, not an object' % (where, key, shape_of(value)))
            else:
                fields[key] = value
        unknown = sorted(str(key) for key in fields if key not in CSV_COLUMNS)
        if unknown:
            problems.append('%s has unknown fields: %s' % (where, ', '.join(unknown)))
            continue
        users.append(user_of(dict((key, value) for key, value in fields.items() if value is not None), where, problems))
    refuse_if(path, problems)
    return users, ['users[%d]' % index for index in range(len(users))]


def user_of(fields, where, problems):
    """One user from its flat fields ({'user_profile.dept_name': ...}); problems are appended."""
    user = {'login_id': None, 'description': None, 'user_profile': None,
            'access_rules': dict((name, False) for name in NESTED['access_rules'])}
    for key, value in fields.items():
        group, dummy, name = key.rpartition('.')
        if group == 'access_rules':
            value = flag(value, '%s %s' % (where, key), problems)
        else:
            value = text(value, '%s %s' % (where, key), problems)
        if group == 'user_profile':
            user['user_profile'] = user['user_profile'] or dict((one, None) for one in NESTED['user_profile'])
            user['user_profile'][name] = value
        elif group:
            user[group][name] = value
        else:
            user[key] = value
    if user['login_id'] is None:
        problems.append('%s has no login_id' % where)
    return user


def text(value, where, problems):
    """A text field: text as it is; a number (YAML, JSON) as its text; anything else refused."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    problems.append('%s must be text, not %s' % (where, shape_of(value)))
    return None


def flag(value, where, problems):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    problems.append('%s must be true or false, not %r' % (where, value))
    return False


def refuse_if(path, problems):
    if problems:
        more = len(problems) - SHOWN_PROBLEMS
        raise InvalidInput('users_file %s: %d problem%s, nothing was sent: %s%s' % (
            path, len(problems), '' if len(problems) == 1 else 's', '; '.join(problems[:SHOWN_PROBLEMS]),
            '; and %d more' % more if more > 0 else ''))
