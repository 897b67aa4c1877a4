# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NAVER Cloud SSO assignments: one permission set given on one account to groups and users
(the targets). The wire format is the contract's (corrections after the third research): the
account member number goes out as a number and may come back as a string, so it is compared as
a string; targets are added and removed by type, and adding one that is there already is an
error (9086), so only missing ones are ever sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import list_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_sets import SetRelation
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import (
    BULK_MAX, _check_batch_size, checked_user, login_id_problems)
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_access import SsoAccessClient
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_groups import (
    GROUP_DESCRIPTION_MAX, checked_group, group_problems, listed_names_problems)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, path_of

ACCOUNT_MEMBER_NO = re.compile(r'[1-9][0-9]{0,18}')
ALREADY_A_TARGET = '9086'
# On create, as the service documents no default: the console yes, the API no, active.
CREATE_DEFAULTS = {'console_access': True, 'api_access': False, 'active': True}
FLAGS = (('console_access', 'consoleAccessAllowed'), ('api_access', 'apiAccessAllowed'))
# (option, targetType, element noun): the kinds of target, in the order they are written.
TARGET_KINDS = (('groups', 'group', 'group'), ('users', 'user', 'user'))


def assignment_options():
    """The options of ncloud_sso_assignment, but the connection: each item of ncloud.assignments."""
    return dict(
        name=dict(type='str', required=True),
        permission_set=dict(type='str'),
        account_member_no=dict(type='str'),
        description=dict(type='str'),
        console_access=dict(type='bool'),
        api_access=dict(type='bool'),
        active=dict(type='bool'),
        groups=dict(type='list', elements='str'),
        users=dict(type='list', elements='str'),
        purge_targets=dict(type='bool', default=False),
        replace=dict(type='bool', default=False),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def assignment_problems(params):
    """Why an assignment's options break the API's rules; [] if they do not."""
    problems = group_problems(params['name'])
    if params.get('permission_set') is not None:
        problems.extend('permission_set: ' + problem for problem in group_problems(params['permission_set']))
    number = params.get('account_member_no')
    if number is not None and not ACCOUNT_MEMBER_NO.fullmatch(number):
        problems.append('account_member_no %r must be the account\'s member number: digits, the first not 0' % number)
    description = params.get('description')
    if description is not None and len(description) > GROUP_DESCRIPTION_MAX:
        problems.append('description is %d characters, more than %d' % (len(description), GROUP_DESCRIPTION_MAX))
    problems.extend(listed_names_problems('groups', params.get('groups') or (), group_problems,
                                          'the same group: group names are compared without regard to case'))
    problems.extend(listed_names_problems('users', params.get('users') or (), login_id_problems,
                                          'the same user: login ids are compared without regard to case'))
    return problems


def assignments_problems(items):
    """Every problem of a tenant's ncloud.assignments, each by index: the service compares names
    without regard to case, so two items that differ only by case are one listed twice."""
    return list_problems('assignments', items, lambda item, index: assignment_problems(item),
                         lambda item: item['name'].lower(), lambda item: item['name'])


def assignment_from_wire(item):
    """An assignment as the modules return it, but its permission set's name (which the module
    reads from the permission sets): a description that is not set reads as ''."""
    return {'assignment_id': item['assignmentId'], 'name': item['assignmentName'],
            'permission_set': None, 'permission_set_id': item['permissionSetId'],
            'account_member_no': str(item['accountMbrNo']), 'description': item.get('description') or '',
            'console_access': item['consoleAccessAllowed'], 'api_access': item['apiAccessAllowed'],
            'active': item['status'] == 'active'}


def checked_assignment(answer, item, where):
    """An assignment list item whose values the client reads have their types."""
    for key in ('assignmentId', 'assignmentName', 'permissionSetId', 'status'):
        answer.field(key, 'string', within=item, where=where)
    answer.field('accountMbrNo', 'id', within=item, where=where)
    for dummy, key in FLAGS:
        answer.field(key, 'boolean', within=item, where=where)
    answer.optional(item, 'description', 'string', where)
    return item


class SsoAssignmentsClient(SsoAccessClient):
    """The assignments of one NAVER Cloud account's SSO directory, and their targets."""

    # reads ----------------------------------------------------------------------
    def list_assignments(self, name=None):
        """Every assignment, or those named `name` without regard to case: the service's search
        also matches parts of names, so exact names are picked here."""
        query = [('searchColumn', 'assignmentName'), ('searchWord', name)] if name is not None else []
        items = self._read_every_page('/assignments', query, checked_assignment)
        return [assignment_from_wire(item) for item in items
                if name is None or item['assignmentName'].lower() == name.lower()]

    def find_groups(self, names):
        """{name: group} for those of `names` that exist, matched without regard to case (the group
        keeps the name it is stored with): one search for one name, else one read of every group."""
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return {}
        groups = self.list_groups(wanted[0] if len(wanted) == 1 else None)
        by_name = dict((group['name'].lower(), group) for group in groups)
        return dict((name, by_name[name.lower()]) for name in wanted if name.lower() in by_name)

    def targets(self, assignment_id, target_type):
        """Every target of one type: [{group_id, name}] or [{user_id, login_id}]."""
        if target_type == 'group':
            return [{'group_id': group['groupId'], 'name': group['groupName']} for group in self._read_every_page(
                path_of('assignments', assignment_id, 'targets'), [('targetType', 'group')], checked_group)]
        return [{'user_id': user['userId'], 'login_id': user['loginId']} for user in self._read_every_page(
            path_of('assignments', assignment_id, 'targets'), [('targetType', 'user')], checked_user)]

    # writes ---------------------------------------------------------------------
    def create_assignment(self, assignment):
        """The assignment as created, active unless `assignment['active']` is false (then suspended
        with the status call). A name taken meanwhile (another run) is AlreadyExists."""
        body = self._flags_body(assignment)
        body.update(assignmentName=assignment['name'], accountMbrNo=int(assignment['account_member_no']),
                    permissionSetId=assignment['permission_set_id'])
        answer = self._create('/assignments', body)
        answer.confirm('create')
        created = dict(assignment, assignment_id=answer.field('id', 'string'), active=True,
                       description=assignment['description'] or '')
        if assignment['active'] is False:
            created = self.set_active(created, False)
        return created

    def update_assignment(self, current, changes):
        """The assignment after one PUT (description and both flags: what `changes` leaves out is
        sent as it is) and the status call, each only when what it writes changes."""
        after = dict(current, **changes)
        if any(name in changes for name in ('description',) + tuple(option for option, dummy in FLAGS)):
            self._call('PUT', path_of('assignments', current['assignment_id']),
                       body=self._flags_body(after)).confirm('update')
        if 'active' in changes:
            after = self.set_active(after, changes['active'])
        return after

    def set_active(self, assignment, active):
        self._call('POST', path_of('assignments', assignment['assignment_id']),
                   body={'active': active}).confirm('status change')
        return dict(assignment, active=active)

    def delete_assignment(self, assignment_id):
        self._call('DELETE', path_of('assignments', assignment_id)).confirm('delete')

    def add_targets(self, assignment_id, target_type, ids):
        """Adds targets of one type, all or none. 9086 (one is a target already: another run added it
        meanwhile) is AlreadyExists, so that the targets are read again rather than failed."""
        try:
            self._target_write(path_of('assignments', assignment_id, 'targets'), target_type, ids)
        except ApiError as error:
            if error.code == ALREADY_A_TARGET:
                raise AlreadyExists.of(error)
            raise

    def remove_targets(self, assignment_id, target_type, ids):
        self._target_write(path_of('assignments', assignment_id, 'targets', 'delete'), target_type, ids)

    def _target_write(self, path, target_type, ids):
        _check_batch_size(ids, 'ids')
        self._call('POST', path, body={'targetType': target_type, 'targetIds': list(ids)}).confirm('target change')

    @staticmethod
    def _flags_body(assignment):
        body = dict((wire, assignment[option]) for option, wire in FLAGS)
        body['description'] = assignment['description'] or ''
        return body


class PermissionSetNames:
    """The permission set a task names (`wanted`, found by name; None if there is none), and the
    names of the sets assignments use: read with the list of `every` set, else by id, only for
    a set other than the wanted one."""

    def __init__(self, client, name=None, every=False):
        self.client = client
        found = client.list_permission_sets(name) if name is not None or every else []
        self.wanted = found[0] if found and name is not None else None
        self.names = dict((item['permission_set_id'], item['name']) for item in found)

    def named(self, assignments):
        for assignment in assignments:
            set_id = assignment['permission_set_id']
            if set_id not in self.names:
                self.names[set_id] = self.client.permission_set(set_id)['name']
            assignment['permission_set'] = self.names[set_id]
        return assignments


def targets_relations(client):
    """An assignment's groups and users, as the engine's sets take them: groups by id, shown by
    name; users by id, shown by login id. One relation per kind, in TARGET_KINDS order."""
    def relation(option, target_type, noun):
        key, label = ('group_id', 'name') if target_type == 'group' else ('user_id', 'login_id')

        def find(labels):
            if target_type == 'group':
                return dict((name, {key: group['group_id'], label: group['name']})
                            for name, group in client.find_groups(labels).items())
            return dict((login_id, {key: user['user_id'], label: login_id})
                        for login_id, user in client.find_users(labels).items())

        def unknown(labels, planned=False):
            given, what = ('group name', 'group') if target_type == 'group' else ('login id', 'user')
            if planned:
                return 'not yet %ss of the directory' % what
            return ('1 %s is not a %s' % (given, what) if len(labels) == 1
                    else '%d %ss are not %ss' % (len(labels), given, what)) + ' of the directory'

        def write(call):
            def batch_write(assignment, batch):
                call(assignment['assignment_id'], target_type, [element[key] for element in batch])
                return [(True, element) for element in batch]
            return batch_write

        return SetRelation(option, key, label, find=find,
                           read=lambda assignment: client.targets(assignment['assignment_id'], target_type),
                           add=write(client.add_targets), remove=write(client.remove_targets),
                           batch_size=BULK_MAX, unknown=unknown, noun=noun)
    return [relation(*kind) for kind in TARGET_KINDS]
