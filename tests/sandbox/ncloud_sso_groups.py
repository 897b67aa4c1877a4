"""Ncloud SSO groups and group members (../shared/contracts/ncloud-sso-groups.md), served by
the same emulator as the users (tests/sandbox/ncloud_sso.py), since they are one service.

Strict where the contract allows: names of 2 to 30 characters in the documented
pattern, unique without regard to case and never renamed; PUT takes only the
description and requires it; an unknown group answers HTTP 400 errorCode 9061;
member calls take 1 to 100 ids (more: HTTP 400 errorCode 100, nothing applied);
each member must be an existing user, and removing a non-member fails that item;
bulk results come back in another order than asked; lists are newest first and
`searchWord` matches partially and without regard to case, so a client must pick
exact names itself.
"""

import re
import time
import uuid

from . import ncloud_sso as users_api
from .frame import Reply, route

# users_api is still loading while this module loads: its names are read only when called.
GROUPS = '/api/v1/groups'
# Any group id, except the fixed path segment that shares its place.
GROUP_ID = r'(?P<group_id>(?!check-group-name$)[^/]+)'
NAME = re.compile(r'[A-Za-z0-9][A-Za-z0-9_-]*')
NAME_LENGTH = (2, 30)
DESCRIPTION_MAX = 300
TAGS_MAX, TAG_KEY_MAX, TAG_VALUE_MAX = 20, 128, 256
TAG_TEXT = re.compile(r'[A-Za-z0-9_./=+\-@]*')
IDS_MAX = 100
GROUP_SEARCH_COLUMNS = ('groupName', 'groupNrn', 'groupId')
GROUP_COLUMN_FIELDS = {'groupName': 'groupName', 'groupNrn': 'nrn', 'groupId': 'groupId'}
NAME_TAKEN = 'Group name already exists.'
NO_SUCH_USER = 'User does not exist.'
NOT_A_MEMBER = 'The user does not belong to this group.'


def unknown_group():
    return users_api.refuse(400, '9061', 'Group does not exist.')


def name_problem(name):
    """Why a group name breaks the rule, or None."""
    low, high = NAME_LENGTH
    if not isinstance(name, str) or not low <= len(name) <= high or not NAME.fullmatch(name):
        return ('must be %d to %d characters: letters, digits, - and _, starting with a letter or digit'
                % (low, high))
    return None


def description_problem(description):
    if not isinstance(description, str):
        return 'must be a string'
    if len(description) > DESCRIPTION_MAX:
        return 'must be at most %d characters (it is %d)' % (DESCRIPTION_MAX, len(description))
    return None


def tags_problem(tags):
    if not isinstance(tags, dict) or len(tags) > TAGS_MAX:
        return 'must be an object of at most %d tags' % TAGS_MAX
    for key, value in tags.items():
        if not isinstance(value, str) or len(key) > TAG_KEY_MAX or len(value) > TAG_VALUE_MAX \
                or not TAG_TEXT.fullmatch(key) or not TAG_TEXT.fullmatch(value):
            return 'keys of at most %d and values of at most %d characters from letters, digits and _ . / = + - @' % (
                TAG_KEY_MAX, TAG_VALUE_MAX)
    return None


def create_problems(body):
    """(field, why) pairs for a create body; [] when it may be created."""
    problems = []
    unknown = sorted(set(body) - {'name', 'description', 'tags'})
    if unknown:
        problems.append(('group', 'has unknown fields: %s' % ', '.join(unknown)))
    for field, problem in (('name', name_problem(body.get('name'))),
                           ('description', 'description' in body and description_problem(body['description'])),
                           ('tags', 'tags' in body and tags_problem(body['tags']))):
        if problem:
            problems.append((field, problem))
    return problems


def shown(group):
    """A group as the list and the create answer show it (no tags)."""
    return dict((key, value) for key, value in group.items() if key != 'tags')


def page_of(items, page, size):
    pages = (len(items) + size - 1) // size
    return {'page': page, 'totalPages': pages, 'totalItems': len(items),
            'hasPrevious': page > 0, 'hasNext': page + 1 < pages,
            'isFirst': page == 0, 'isLast': page + 1 >= pages,
            'items': items[page * size:(page + 1) * size]}


def stamp(tick):
    # The tick orders what is made within one second: newest first must be exact.
    return '%s.%06d' % (time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime()), tick)


class SsoGroups:
    """The groups part of NcloudSsoEmulator: state, routes, and the users it must forget."""

    # state ----------------------------------------------------------------------
    def reset_groups(self):
        self.groups = {}
        # group id -> {user id: time the user joined}, in the order they joined
        self.members = {}

    def dump_groups(self):
        """Each group with its members' ids and login ids, oldest group first."""
        return {'groups': [dict(group, userIds=list(self.members[group_id]),
                                loginIds=[self.users[user_id]['loginId'] for user_id in self.members[group_id]])
                           for group_id, group in self.groups.items()]}

    def forget_user(self, user_id):
        for members in self.members.values():
            members.pop(user_id, None)

    def group(self, request):
        group = self.groups.get(request.match['group_id'])
        if group is None:
            raise unknown_group()
        return group

    def name_taken(self, name):
        return any(group['groupName'].lower() == name.lower() for group in self.groups.values())

    def add_group(self, body):
        group_id = str(uuid.uuid4())
        now = stamp(next(self.ticks))
        group = {'groupId': group_id, 'groupName': body['name'],
                 'nrn': 'nrn:PUB:SSO::%s:Group/%s' % (users_api.ACCOUNT, group_id),
                 'description': body.get('description') or None, 'createdAt': now, 'updatedAt': now,
                 'tags': dict(body.get('tags') or {})}
        self.groups[group_id] = group
        self.members[group_id] = {}
        return group

    def drop_group(self, group):
        del self.groups[group['groupId']]
        del self.members[group['groupId']]
        self.forget_target('group', group['groupId'])

    def member_ids(self, request):
        ids = self.body(request, 'userIds')['userIds']
        if not isinstance(ids, list) or not 1 <= len(ids) <= IDS_MAX:
            raise users_api.bad_request('userIds must hold 1 to %d ids' % IDS_MAX)
        return ids

    # groups ---------------------------------------------------------------------
    @route('GET', GROUPS)
    def list_groups(self, request):
        self.authenticate(request)
        page = self.int_arg(request, 'page', 0, 0, 10 ** 9)
        size = self.int_arg(request, 'size', users_api.PAGE_SIZE_DEFAULT, 1, users_api.PAGE_SIZE_MAX)
        groups = sorted(self.groups.values(), key=lambda group: group['createdAt'], reverse=True)
        column, word = request.arg('searchColumn'), request.arg('searchWord')
        if column is not None or word is not None:
            if column not in GROUP_SEARCH_COLUMNS or not word:
                raise users_api.bad_request('searchColumn must be one of %s, with a searchWord'
                                            % ', '.join(GROUP_SEARCH_COLUMNS))
            field = GROUP_COLUMN_FIELDS[column]
            groups = [group for group in groups if word.lower() in group[field].lower()]
        return Reply(200, page_of([shown(group) for group in groups], page, size))

    @route('GET', GROUPS + '/check-group-name')
    def check_group_name(self, request):
        self.authenticate(request)
        name = request.arg('groupName')
        problem = name_problem(name)
        if problem is None and self.name_taken(name):
            problem = 'group name already exists'
        answer = {'name': name, 'success': problem is None}
        if problem:
            answer['message'] = problem
        return Reply(200, answer)

    @route('GET', GROUPS + '/' + GROUP_ID)
    def get_group(self, request):
        self.authenticate(request)
        return Reply(200, dict(self.group(request), tags=dict(self.group(request)['tags'])))

    @route('POST', GROUPS, kind='write')
    def create_group(self, request):
        self.authenticate(request, write=True)
        body = self.body(request, 'name')
        problems = create_problems(body)
        if problems:
            raise users_api.invalid_fields(problems)
        if self.name_taken(body['name']):
            raise users_api.bad_request(NAME_TAKEN)
        return Reply(200, shown(self.add_group(body)))

    @route('PUT', GROUPS + '/' + GROUP_ID, kind='write')
    def update_group(self, request):
        self.authenticate(request, write=True)
        group = self.group(request)
        body = self.body(request, 'description')
        if 'name' in body:
            raise users_api.bad_request('name cannot be changed')
        unknown = sorted(set(body) - {'description'})
        problem = 'has unknown fields: %s' % ', '.join(unknown) if unknown else \
            description_problem(body['description'])
        if problem:
            raise users_api.invalid_fields([('description' if not unknown else 'group', problem)])
        group.update(description=body['description'] or None, updatedAt=stamp(next(self.ticks)))
        return Reply(200, {'id': group['groupId'], 'nrn': group['nrn'], 'success': True})

    @route('DELETE', GROUPS + '/' + GROUP_ID, kind='write')
    def delete_group(self, request):
        self.authenticate(request, write=True)
        group = self.group(request)
        self.drop_group(group)
        return Reply(200, {'id': group['groupId'], 'nrn': group['nrn'], 'success': True})

    @route('POST', GROUPS + '/delete', kind='write')
    def delete_groups(self, request):
        self.authenticate(request, write=True)
        ids = self.body(request, 'groupIds')['groupIds']
        if not isinstance(ids, list) or not 1 <= len(ids) <= IDS_MAX:
            raise users_api.bad_request('groupIds must hold 1 to %d ids' % IDS_MAX)
        answers = []
        for group_id in ids:
            group = self.groups.get(group_id) if isinstance(group_id, str) else None
            if group is None:
                answers.append({'id': group_id, 'success': False, 'message': 'Group does not exist.'})
                continue
            self.drop_group(group)
            answers.append({'id': group_id, 'nrn': group['nrn'], 'success': True})
        return Reply(200, users_api.out_of_order(answers, self.order))

    # members --------------------------------------------------------------------
    @route('GET', GROUPS + '/' + GROUP_ID + '/users')
    def list_members(self, request):
        self.authenticate(request)
        group = self.group(request)
        page = self.int_arg(request, 'page', 0, 0, 10 ** 9)
        size = self.int_arg(request, 'size', users_api.PAGE_SIZE_DEFAULT, 1, users_api.PAGE_SIZE_MAX)
        joined = sorted(self.members[group['groupId']].items(), key=lambda pair: pair[1], reverse=True)
        users = [dict(users_api.public(self.users[user_id]), relationCreatedAt=when) for user_id, when in joined]
        column, word = request.arg('searchColumn'), request.arg('searchWord')
        if column is not None or word is not None:
            if column not in users_api.SEARCH_COLUMNS or not word:
                raise users_api.bad_request('searchColumn must be one of %s, with a searchWord'
                                            % ', '.join(users_api.SEARCH_COLUMNS))
            users = [user for user in users if word.lower() in user[column].lower()]
        return Reply(200, page_of(users, page, size))

    @route('POST', GROUPS + '/' + GROUP_ID + '/users', kind='write')
    def add_members(self, request):
        self.authenticate(request, write=True)
        group = self.group(request)
        members = self.members[group['groupId']]
        answers = []
        for user_id in self.member_ids(request):
            user = self.users.get(user_id) if isinstance(user_id, str) else None
            if user is None:
                answers.append({'id': user_id, 'success': False, 'message': NO_SUCH_USER})
                continue
            members.setdefault(user_id, stamp(next(self.ticks)))
            answers.append({'id': user_id, 'nrn': user['nrn'], 'success': True})
        return Reply(200, users_api.out_of_order(answers, self.order))

    @route('POST', GROUPS + '/' + GROUP_ID + '/users/delete', kind='write')
    def remove_members(self, request):
        self.authenticate(request, write=True)
        group = self.group(request)
        members = self.members[group['groupId']]
        answers = []
        for user_id in self.member_ids(request):
            if not isinstance(user_id, str) or user_id not in members:
                answers.append({'id': user_id, 'success': False, 'message': NOT_A_MEMBER})
                continue
            del members[user_id]
            answers.append({'id': user_id, 'success': True})
        return Reply(200, users_api.out_of_order(answers, self.order))
