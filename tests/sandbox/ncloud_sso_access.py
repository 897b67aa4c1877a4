"""Ncloud SSO permission sets and assignments (../shared/contracts/ncloud-sso-groups.md,
"Corrections after the third research"), served by the same emulator as the users and
groups (tests/sandbox/ncloud_sso.py), since they are one service.

Strict where the contract allows, the worst reading where it is unsure:
- names of 2 to 30 characters in the group pattern, unique without regard to case, never renamed;
- a permission set holds 1 to 10 policies in total, no id or name twice in a list; a managed
  policy id must be one of Sub Account's; PUT replaces the whole set, and a description left out
  is deleted;
- an assignment's `accountMbrNo` is sent as a number and listed as a string; its permission set
  and account cannot change; PUT takes the description and both flags (the flags required), and
  `active` goes through its own call; a user-created policy of its set must exist on the account
  when it is created;
- targets are added and removed by type, all or nothing: 9050 a user missing, 9061 a group
  missing, 9080 the assignment missing, 9083 a target that is not one, 9086 a target already;
- a permission set an assignment uses cannot be deleted (HTTP 400); an unknown one answers HTTP
  400 with errorCode 9071 (the contract names no code: assumed);
- lists are newest first, `searchWord` matches partially and without regard to case.
"""

import uuid

from . import ncloud_sso as users_api
from . import ncloud_sso_groups as groups_api
from .frame import Reply, route

PERMISSION_SETS = '/api/v1/permission-sets'
ASSIGNMENTS = '/api/v1/assignments'
SET_ID = r'(?P<set_id>(?!delete$)[^/]+)'
ASSIGNMENT_ID = r'(?P<assignment_id>[^/]+)'
POLICIES_MAX = 10
# Sub Account's managed policies: id -> (name, description).
MANAGED_POLICIES = {
    'NCP_ADMINISTRATOR': ('NCP_ADMINISTRATOR', 'Every service, every action'),
    'NCP_INFRA_MANAGER': ('NCP_INFRA_MANAGER', 'Infrastructure services'),
    'NCP_FINANCE_MANAGER': ('NCP_FINANCE_MANAGER', 'Billing and finance'),
    'NCP_VIEWER': ('NCP_VIEWER', 'Read every service'),
    'NCP_SERVER_MANAGER': ('NCP_SERVER_MANAGER', 'Server'),
    'NCP_OBJECT_STORAGE_MANAGER': ('NCP_OBJECT_STORAGE_MANAGER', 'Object Storage'),
}
TARGET_TYPES = ('user', 'group')
SET_NAME_TAKEN = 'Permission set name already exists.'
ASSIGNMENT_NAME_TAKEN = 'Assignment name already exists.'


def accounts():
    """The organization's accounts: member number -> (name, alias). (users_api is still loading
    while this module loads: its names are read only when called.)"""
    return {users_api.ACCOUNT: ('tenantkit-sandbox', 'sandbox'), users_api.SECOND_ACCOUNT: ('tenantkit-second', 'second')}


def unknown_set():
    return users_api.refuse(400, '9071', 'Permission set does not exist.')


def unknown_assignment():
    return users_api.refuse(400, '9080', 'Assignment does not exist.')


def policy_problems(body):
    """(field, why) pairs of a permission set's policy lists."""
    problems = []
    lists = [(key, body.get(key) or []) for key in ('systemManagedPolicyIds', 'userCreatedPolicyNames')]
    for key, values in lists:
        if not isinstance(values, list) or not all(isinstance(value, str) and value for value in values):
            problems.append((key, 'must be a list of strings'))
        elif len(set(values)) != len(values):
            problems.append((key, 'must not repeat an entry'))
    if not problems:
        total = sum(len(values) for dummy, values in lists)
        if not 1 <= total <= POLICIES_MAX:
            problems.append(('policies', 'a permission set holds 1 to %d policies in total, not %d'
                             % (POLICIES_MAX, total)))
        unknown = [policy for policy in lists[0][1] if policy not in MANAGED_POLICIES]
        if unknown:
            problems.append(('systemManagedPolicyIds', 'unknown policies: %s' % ', '.join(unknown)))
    return problems


def fields_problems(body, allowed, required=()):
    problems = []
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        problems.append(('body', 'has unknown fields: %s' % ', '.join(unknown)))
    problems.extend((key, 'is required') for key in required if key not in body)
    if 'description' in body and body['description'] is not None:
        problem = groups_api.description_problem(body['description'])
        if problem:
            problems.append(('description', problem))
    if 'tags' in body:
        problem = groups_api.tags_problem(body['tags'])
        if problem:
            problems.append(('tags', problem))
    return problems


def flag_problems(body, keys):
    return [(key, 'must be true or false') for key in keys if key in body and not isinstance(body[key], bool)]


def set_shown(permission_set):
    """A permission set as a list item shows it (no policies)."""
    return dict((key, permission_set[key]) for key in
                ('permissionSetId', 'permissionSetName', 'description', 'nrn', 'createdAt'))


class SsoAccess:
    """The permission sets and assignments of NcloudSsoEmulator."""

    # state ----------------------------------------------------------------------
    def reset_access(self):
        self.permission_sets = {}
        self.assignments = {}
        # assignment id -> {'user': {user id: time}, 'group': {group id: time}}
        self.targets = {}
        self.user_policies = set()

    def dump_access(self):
        return {'permissionSets': [dict(item) for item in self.permission_sets.values()],
                'assignments': [dict(item, targets=dict((kind, list(ids)) for kind, ids in self.targets[item['assignmentId']].items()))
                                for item in self.assignments.values()],
                'userCreatedPolicies': sorted(self.user_policies)}

    def forget_target(self, kind, target_id):
        for targets in self.targets.values():
            targets[kind].pop(target_id, None)

    def permission_set(self, set_id):
        found = self.permission_sets.get(set_id)
        if found is None:
            raise unknown_set()
        return found

    def assignment(self, request):
        found = self.assignments.get(request.match['assignment_id'])
        if found is None:
            raise unknown_assignment()
        return found

    def named(self, objects, key, name):
        return any(item[key].lower() == name.lower() for item in objects.values())

    def listed(self, request, objects, column):
        page = self.int_arg(request, 'page', 0, 0, 10 ** 9)
        size = self.int_arg(request, 'size', users_api.PAGE_SIZE_DEFAULT, 1, users_api.PAGE_SIZE_MAX)
        items = sorted(objects, key=lambda item: item['createdAt'], reverse=True)
        searched, word = request.arg('searchColumn'), request.arg('searchWord')
        if searched is not None or word is not None:
            if searched != column or not word:
                raise users_api.bad_request('searchColumn must be %s, with a searchWord' % column)
            items = [item for item in items if word.lower() in item[column].lower()]
        return Reply(200, groups_api.page_of(items, page, size))

    # permission sets --------------------------------------------------------------
    @route('GET', PERMISSION_SETS)
    def list_permission_sets(self, request):
        self.authenticate(request)
        return self.listed(request, [set_shown(item) for item in self.permission_sets.values()], 'permissionSetName')

    @route('GET', PERMISSION_SETS + '/' + SET_ID)
    def get_permission_set(self, request):
        self.authenticate(request)
        found = self.permission_set(request.match['set_id'])
        numbers = sorted(set(item['accountMbrNo'] for item in self.assignments.values()
                             if item['permissionSetId'] == found['permissionSetId']))
        return Reply(200, dict(
            set_shown(found),
            systemManagedPolicyList=[{'policyId': policy, 'policyName': MANAGED_POLICIES[policy][0],
                                      'policyDescription': MANAGED_POLICIES[policy][1],
                                      'policyCreatedAt': '2024-01-01T00:00:00'}
                                     for policy in found['systemManagedPolicyIds']],
            userCreatedPolicyList=[{'userCreatedPolicyName': name} for name in found['userCreatedPolicyNames']],
            accountList=[{'accountName': accounts()[number][0], 'accountAlias': accounts()[number][1],
                          'accountLoginId': accounts()[number][0] + '@sandbox.example', 'accountMbrNo': number}
                         for number in numbers]))

    @route('POST', PERMISSION_SETS, kind='write')
    def create_permission_set(self, request):
        self.authenticate(request, write=True)
        body = self.body(request, 'permissionSetName')
        problems = fields_problems(body, ('permissionSetName', 'description', 'systemManagedPolicyIds',
                                          'userCreatedPolicyNames', 'tags'))
        problem = groups_api.name_problem(body['permissionSetName'])
        if problem:
            problems.append(('permissionSetName', problem))
        problems.extend(policy_problems(body))
        if problems:
            raise users_api.invalid_fields(problems)
        if self.named(self.permission_sets, 'permissionSetName', body['permissionSetName']):
            raise users_api.bad_request(SET_NAME_TAKEN)
        set_id = str(uuid.uuid4())
        now = groups_api.stamp(next(self.ticks))
        self.permission_sets[set_id] = {
            'permissionSetId': set_id, 'permissionSetName': body['permissionSetName'],
            'description': body.get('description') or None,
            'nrn': 'nrn:PUB:SSO::%s:PermissionSet/%s' % (users_api.ACCOUNT, set_id), 'createdAt': now,
            'systemManagedPolicyIds': list(body.get('systemManagedPolicyIds') or []),
            'userCreatedPolicyNames': list(body.get('userCreatedPolicyNames') or [])}
        return Reply(200, {'id': set_id, 'nrn': self.permission_sets[set_id]['nrn'], 'success': True})

    @route('PUT', PERMISSION_SETS + '/' + SET_ID, kind='write')
    def update_permission_set(self, request):
        self.authenticate(request, write=True)
        found = self.permission_set(request.match['set_id'])
        body = self.body(request)
        if 'permissionSetName' in body:
            raise users_api.bad_request('permissionSetName cannot be changed')
        problems = fields_problems(body, ('description', 'systemManagedPolicyIds', 'userCreatedPolicyNames'))
        problems.extend(policy_problems(body))
        if problems:
            raise users_api.invalid_fields(problems)
        # The whole set is replaced: what the body leaves out is deleted.
        found.update(description=body.get('description') or None,
                     systemManagedPolicyIds=list(body.get('systemManagedPolicyIds') or []),
                     userCreatedPolicyNames=list(body.get('userCreatedPolicyNames') or []))
        return Reply(200, {'id': found['permissionSetId'], 'success': True})

    def drop_permission_set(self, set_id):
        """None when it was deleted, else why not."""
        if set_id not in self.permission_sets:
            return 'Permission set does not exist.'
        if any(item['permissionSetId'] == set_id for item in self.assignments.values()):
            return 'The permission set is used by an assignment.'
        del self.permission_sets[set_id]
        return None

    @route('DELETE', PERMISSION_SETS + '/' + SET_ID, kind='write')
    def delete_permission_set(self, request):
        self.authenticate(request, write=True)
        set_id = request.match['set_id']
        self.permission_set(set_id)
        why = self.drop_permission_set(set_id)
        if why:
            raise users_api.bad_request(why)
        return Reply(200, {'id': set_id, 'success': True})

    @route('POST', PERMISSION_SETS + '/delete', kind='write')
    def delete_permission_sets(self, request):
        self.authenticate(request, write=True)
        ids = self.body(request, 'permissionSetIds')['permissionSetIds']
        if not isinstance(ids, list) or not 1 <= len(ids) <= groups_api.IDS_MAX:
            raise users_api.bad_request('permissionSetIds must hold 1 to %d ids' % groups_api.IDS_MAX)
        answers = []
        for set_id in ids:
            why = self.drop_permission_set(set_id) if isinstance(set_id, str) else 'Permission set does not exist.'
            answers.append({'id': set_id, 'success': why is None, **({'message': why} if why else {})})
        return Reply(200, users_api.out_of_order(answers, self.order))

    # assignments ------------------------------------------------------------------
    @route('GET', ASSIGNMENTS)
    def list_assignments(self, request):
        self.authenticate(request)
        return self.listed(request, [dict(item) for item in self.assignments.values()], 'assignmentName')

    @route('GET', ASSIGNMENTS + '/' + ASSIGNMENT_ID)
    def get_assignment(self, request):
        self.authenticate(request)
        return Reply(200, dict(self.assignment(request)))

    @route('POST', ASSIGNMENTS, kind='write')
    def create_assignment(self, request):
        self.authenticate(request, write=True)
        body = self.body(request, 'assignmentName')
        required = ('assignmentName', 'accountMbrNo', 'permissionSetId', 'consoleAccessAllowed', 'apiAccessAllowed')
        problems = fields_problems(body, required + ('description', 'tags'), required)
        problem = groups_api.name_problem(body['assignmentName'])
        if problem:
            problems.append(('assignmentName', problem))
        number = body.get('accountMbrNo')
        if 'accountMbrNo' in body and (not isinstance(number, int) or isinstance(number, bool)):
            problems.append(('accountMbrNo', 'must be a number'))
        problems.extend(flag_problems(body, ('consoleAccessAllowed', 'apiAccessAllowed')))
        if problems:
            raise users_api.invalid_fields(problems)
        found = self.permission_set(body['permissionSetId'])
        if str(number) not in accounts():
            raise users_api.bad_request('The account does not exist or does not belong to this organization.')
        missing = [name for name in found['userCreatedPolicyNames'] if name not in self.user_policies]
        if missing:
            raise users_api.bad_request('The policies do not exist: %s' % ', '.join(missing))
        if self.named(self.assignments, 'assignmentName', body['assignmentName']):
            raise users_api.bad_request(ASSIGNMENT_NAME_TAKEN)
        assignment_id = str(uuid.uuid4())
        now = groups_api.stamp(next(self.ticks))
        name, alias = accounts()[str(number)]
        self.assignments[assignment_id] = {
            'assignmentId': assignment_id, 'assignmentName': body['assignmentName'],
            'description': body.get('description') or None,
            'nrn': 'nrn:PUB:SSO::%s:Assignment/%s' % (users_api.ACCOUNT, assignment_id), 'status': 'active',
            'iamRoleNrn': 'nrn:PUB:IAM::%s:Role/sso-%s' % (number, assignment_id[:8]),
            'createdAt': now, 'updatedAt': now, 'accountMbrNo': str(number), 'accountName': name,
            'accountAlias': alias, 'permissionSetId': found['permissionSetId'],
            'consoleAccessAllowed': body['consoleAccessAllowed'], 'apiAccessAllowed': body['apiAccessAllowed']}
        self.targets[assignment_id] = {'user': {}, 'group': {}}
        return Reply(200, {'id': assignment_id, 'nrn': self.assignments[assignment_id]['nrn'], 'success': True})

    @route('PUT', ASSIGNMENTS + '/' + ASSIGNMENT_ID, kind='write')
    def update_assignment(self, request):
        self.authenticate(request, write=True)
        found = self.assignment(request)
        body = self.body(request, 'consoleAccessAllowed', 'apiAccessAllowed')
        fixed = sorted(set(body) & {'assignmentName', 'accountMbrNo', 'permissionSetId'})
        if fixed:
            raise users_api.bad_request('%s cannot be changed' % ', '.join(fixed))
        problems = fields_problems(body, ('description', 'consoleAccessAllowed', 'apiAccessAllowed'))
        problems.extend(flag_problems(body, ('consoleAccessAllowed', 'apiAccessAllowed')))
        if problems:
            raise users_api.invalid_fields(problems)
        found.update(description=body.get('description') or None, consoleAccessAllowed=body['consoleAccessAllowed'],
                     apiAccessAllowed=body['apiAccessAllowed'], updatedAt=groups_api.stamp(next(self.ticks)))
        return Reply(200, {'id': found['assignmentId'], 'success': True})

    @route('POST', ASSIGNMENTS + '/' + ASSIGNMENT_ID, kind='write')
    def set_assignment_status(self, request):
        self.authenticate(request, write=True)
        found = self.assignment(request)
        body = self.body(request, 'active')
        if set(body) != {'active'} or not isinstance(body['active'], bool):
            raise users_api.invalid_fields([('active', 'must be true or false, and alone')])
        found.update(status='active' if body['active'] else 'suspended', updatedAt=groups_api.stamp(next(self.ticks)))
        return Reply(200, {'id': found['assignmentId'], 'success': True})

    @route('DELETE', ASSIGNMENTS + '/' + ASSIGNMENT_ID, kind='write')
    def delete_assignment(self, request):
        self.authenticate(request, write=True)
        found = self.assignment(request)
        del self.assignments[found['assignmentId']]
        del self.targets[found['assignmentId']]
        return Reply(200, {'id': found['assignmentId'], 'success': True})

    # targets ----------------------------------------------------------------------
    def target_call(self, request):
        """(assignment, target type, ids) of a targets call, each checked."""
        found = self.assignment(request)
        body = self.body(request, 'targetType', 'targetIds')
        kind, ids = body['targetType'], body['targetIds']
        if kind not in TARGET_TYPES:
            raise users_api.invalid_fields([('targetType', 'must be user or group')])
        if not isinstance(ids, list) or not 1 <= len(ids) <= groups_api.IDS_MAX \
                or not all(isinstance(target, str) for target in ids):
            raise users_api.invalid_fields([('targetIds', 'must hold 1 to %d ids' % groups_api.IDS_MAX)])
        existing = self.users if kind == 'user' else self.groups
        missing = [target for target in ids if target not in existing]
        if missing:
            raise (users_api.refuse(400, '9050', 'User does not exist: %s' % ', '.join(missing)) if kind == 'user'
                   else users_api.refuse(400, '9061', 'Group does not exist: %s' % ', '.join(missing)))
        return found, kind, ids

    @route('POST', ASSIGNMENTS + '/' + ASSIGNMENT_ID + '/targets', kind='write')
    def add_targets(self, request):
        self.authenticate(request, write=True)
        found, kind, ids = self.target_call(request)
        targets = self.targets[found['assignmentId']][kind]
        already = [target for target in ids if target in targets]
        if already:
            raise users_api.refuse(400, '9086', 'The target already exists in the assignment: %s' % ', '.join(already))
        for target in ids:
            targets[target] = groups_api.stamp(next(self.ticks))
        return Reply(200, {'id': found['assignmentId'], 'success': True})

    @route('POST', ASSIGNMENTS + '/' + ASSIGNMENT_ID + '/targets/delete', kind='write')
    def remove_targets(self, request):
        self.authenticate(request, write=True)
        found, kind, ids = self.target_call(request)
        targets = self.targets[found['assignmentId']][kind]
        absent = [target for target in ids if target not in targets]
        if absent:
            raise users_api.refuse(400, '9083', 'The target does not exist in the assignment: %s' % ', '.join(absent))
        for target in ids:
            del targets[target]
        return Reply(200, {'id': found['assignmentId'], 'success': True})

    @route('GET', ASSIGNMENTS + '/' + ASSIGNMENT_ID + '/targets')
    def list_targets(self, request):
        self.authenticate(request)
        found = self.assignment(request)
        kind = request.arg('targetType')
        if kind not in TARGET_TYPES:
            raise users_api.bad_request('targetType is required: user or group')
        page = self.int_arg(request, 'page', 0, 0, 10 ** 9)
        size = self.int_arg(request, 'size', users_api.PAGE_SIZE_DEFAULT, 1, users_api.PAGE_SIZE_MAX)
        joined = sorted(self.targets[found['assignmentId']][kind].items(), key=lambda pair: pair[1], reverse=True)
        items = [users_api.public(self.users[target]) if kind == 'user' else groups_api.shown(self.groups[target])
                 for target, dummy in joined]
        return Reply(200, groups_api.page_of(items, page, size))
