# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ncloud SSO groups and their members: the groups endpoints on the users client (same
service, signing and paging), and the membership writes, in batches, with lost answers
read back (engine_bulk)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import list_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_sets import SetRelation
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import (
    BULK_MAX, SsoUsersClient, _check_batch_size, checked_user, login_id_problems, refusal_reason)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, path_of

GROUP_NAME_LENGTH = (2, 30)
GROUP_NAME_FORMAT = re.compile(r'[A-Za-z0-9][A-Za-z0-9_-]*')
GROUP_DESCRIPTION_MAX = 300
GROUP_FIELDS = (('group_id', 'groupId'), ('name', 'groupName'), ('description', 'description'),
                ('nrn', 'nrn'), ('created_at', 'createdAt'), ('updated_at', 'updatedAt'))


def group_options():
    """The options of ncloud_sso_group, but the connection: each item of a tenant's ncloud.groups."""
    return dict(
        name=dict(type='str', required=True),
        description=dict(type='str'),
        members=dict(type='list', elements='str'),
        purge_members=dict(type='bool', default=False),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def group_problems(name, description=None, members=None):
    """Why a group's options break the API's rules; [] if they do not."""
    problems = []
    low, high = GROUP_NAME_LENGTH
    if not low <= len(name) <= high or not GROUP_NAME_FORMAT.fullmatch(name):
        problems.append('name %r must be %d to %d characters: letters, digits, - and _, the first a letter or '
                        'a digit' % (name, low, high))
    if description is not None and len(description) > GROUP_DESCRIPTION_MAX:
        problems.append('description is %d characters, more than %d' % (len(description), GROUP_DESCRIPTION_MAX))
    problems.extend(listed_names_problems('members', members or (), login_id_problems,
                                          'the same user: login ids are compared without regard to case'))
    return problems


def listed_names_problems(option, names, problems_of, same):
    """Why the names an option lists break the rules: each by index (`problems_of(name)`), and two
    that differ only by case (`same` says why they are one)."""
    problems, first_at = [], {}
    for index, name in enumerate(names):
        problems.extend('%s[%d] (%s): %s' % (option, index, name, problem) for problem in problems_of(name))
        key = name.lower() if isinstance(name, str) else name
        if key in first_at and names[first_at[key]] != name:
            first = first_at[key]
            problems.append('%s[%d] (%s): %s[%d] (%s) is %s' % (option, index, name, option, first, names[first], same))
        first_at.setdefault(key, index)
    return problems


def groups_problems(items):
    """Every problem of a tenant's ncloud.groups, each by index: the service compares group names
    without regard to case, so two items that differ only by case are one listed twice."""
    return list_problems('groups', items, lambda item, index: group_problems(
        item['name'], item.get('description'), item.get('members')),
        lambda item: item['name'].lower(), lambda item: item['name'])


def group_from_wire(group):
    """A group as the modules return it; a description that is not set reads as ''."""
    result = dict((name, group.get(wire)) for name, wire in GROUP_FIELDS)
    result['description'] = result['description'] or ''
    return result


def checked_group(answer, group, where):
    """A group object whose values the client reads all have their documented types."""
    answer.field('groupId', 'string', within=group, where=where)
    answer.field('groupName', 'string', within=group, where=where)
    for key in ('nrn', 'description', 'createdAt', 'updatedAt'):
        answer.optional(group, key, 'string', where)
    return group


def member_from_wire(user):
    return {'user_id': user['userId'], 'login_id': user['loginId']}


class SsoGroupsClient(SsoUsersClient):
    """The groups of one NAVER Cloud account's SSO directory, and their members; login ids
    are resolved to users with the users client's own reads (find_users)."""

    # reads ----------------------------------------------------------------------
    def list_groups(self, name=None):
        """Every group (newest first), or those named `name` without regard to case: the
        service's search also matches parts of names, so exact names are picked here."""
        query = [('searchColumn', 'groupName'), ('searchWord', name)] if name is not None else []
        groups = [group_from_wire(group) for group in self._read_every_page('/groups', query, checked_group)]
        if name is None:
            return groups
        return [group for group in groups if group['name'].lower() == name.lower()]

    def members(self, group_id):
        """Every member of a group: [{user_id, login_id}], newest first."""
        return [member_from_wire(user)
                for user in self._read_every_page(path_of('groups', group_id, 'users'), [], checked_user)]

    # writes ---------------------------------------------------------------------
    def create_group(self, name, description=None):
        """The group as created. A name taken meanwhile (another run) is AlreadyExists."""
        body = {'name': name}
        if description is not None:
            body['description'] = description
        answer = self._create('/groups', body)
        return group_from_wire(checked_group(answer, answer.root(), 'body'))

    def _create(self, path, body):
        """The answer of a create; a name taken meanwhile (another run) is AlreadyExists."""
        try:
            return self._call('POST', path, body=body)
        except ApiError as error:
            if error.status == 400 and 'already exists' in (error.vendor_message or '').lower():
                raise AlreadyExists.of(error)
            raise

    def set_description(self, group, description):
        """The group with its description replaced ('' clears it)."""
        self._call('PUT', path_of('groups', group['group_id']), body={'description': description}).confirm('update')
        return dict(group, description=description)

    def delete_group(self, group_id):
        self._call('DELETE', path_of('groups', group_id)).confirm('delete')

    def add_members(self, group_id, members):
        """One (ok, member or reason) pair per member ({user_id, login_id}), matched by id."""
        return self._member_write(path_of('groups', group_id, 'users'), members)

    def remove_members(self, group_id, members):
        return self._member_write(path_of('groups', group_id, 'users', 'delete'), members)

    def _member_write(self, path, members):
        _check_batch_size(members, 'ids')
        answer = self._call('POST', path, body={'userIds': [member['user_id'] for member in members]})
        return answer.matched('id', [(member['user_id'], member) for member in members],
                              lambda member, result: member, refusal_reason)


def members_relation(client):
    """A group's members, as the engine's sets take them: users by id, shown by login id."""
    def unknown(login_ids, planned=False):
        if planned:
            return 'not yet users of the directory'
        return ('1 login id is not a user' if len(login_ids) == 1 else '%d login ids are not users' % len(login_ids)) \
            + ' of the directory'
    return SetRelation(
        'members', 'user_id', 'login_id',
        find=lambda login_ids: dict((login_id, {'user_id': user['user_id'], 'login_id': login_id})
                                    for login_id, user in client.find_users(login_ids).items()),
        read=lambda group: client.members(group['group_id']),
        add=lambda group, batch: client.add_members(group['group_id'], batch),
        remove=lambda group, batch: client.remove_members(group['group_id'], batch),
        batch_size=BULK_MAX, unknown=unknown)
