#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_assignment
short_description: Give a NAVER Cloud SSO permission set on an account to groups and users
version_added: 1.0.0
description:
  - Create, update or delete an assignment of a NAVER Cloud Platform Single Sign-On directory, that is
    one permission set given on one account, and the groups and users it is given to (its targets).
  - The assignment is found by O(name) without regard to case, as the service compares names, with one
    read of the list (the service also matches parts of names; the module keeps exact names only). The
    permission set is found by its name with one more read, and the targets are read by type. Group
    names are resolved with one read (every group, or a search for one name), and login ids with as
    few user list requests as M(tenantkit.saas.ncloud_sso_group) uses. A rerun with nothing to change
    sends no write.
  - A group name or a login id that does not exist fails the task before any write, naming each.
  - The description and both access flags change with one C(PUT); O(active) goes through the status
    call. The permission set and the account cannot change once the assignment exists. A task that asks
    for another one fails, naming both, unless O(replace=true).
  - Only targets that are missing are added; the service refuses to add a target twice. Targets the
    task does not list are removed only with O(purge_targets=true).
  - A write whose answer was lost (a timeout, a dropped connection, an HTTP 5xx) may have been applied.
    The module reads the assignment or its targets back and sends again only what is still needed; it
    never repeats a write blindly.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Assignment name, 2 to 30 characters; letters, digits, C(-) and C(_), the first a letter or a digit.
      - Unique in the directory without regard to case; it identifies the assignment and cannot be changed.
    type: str
    required: true
  permission_set:
    description:
      - Name of the permission set to give, compared without regard to case. The set must exist (create it
        with M(tenantkit.saas.ncloud_sso_permission_set) first).
      - Needed to create the assignment; left out, the assignment's set is kept.
    type: str
  account_member_no:
    description:
      - Member number of the account the permission set is given on (C(accountMbrNo)), compared as text.
      - Needed to create the assignment; left out, the assignment's account is kept.
    type: str
  description:
    description:
      - At most 300 characters. Left as it is when not set; V("") clears it.
    type: str
  console_access:
    description:
      - Whether the targets may sign in to the console with the permission set.
      - Left as it is when not set; V(true) when the task creates the assignment.
    type: bool
  api_access:
    description:
      - Whether the targets may call the API with the permission set.
      - Left as it is when not set; V(false) when the task creates the assignment.
    type: bool
  active:
    description:
      - V(true) the assignment is active, V(false) it is suspended.
      - Left as it is when not set; V(true) when the task creates the assignment.
    type: bool
  groups:
    description:
      - Names of the SSO groups that must be targets, compared without regard to case. Each must exist
        (create groups with M(tenantkit.saas.ncloud_sso_group) first).
      - Left out, the group targets are left as they are.
    type: list
    elements: str
  users:
    description:
      - Login ids of the users who must be targets, compared without regard to case. Each must be a user
        of the directory (create users with M(tenantkit.saas.ncloud_users_bulk) first).
      - Left out, the user targets are left as they are.
    type: list
    elements: str
  purge_targets:
    description:
      - Remove the targets of each kind given (O(groups), O(users)) that the task does not list. A kind
        left out is never purged; V(groups=[]) with V(purge_targets=true) removes every group target.
    type: bool
    default: false
  replace:
    description:
      - The permission set and the account of an assignment cannot change. With V(false), a task that asks
        for another one fails, naming both, before any write.
      - With V(true) the assignment is deleted and created again with the new ones, the other values as
        they were or as the task sets them, and its targets (unless O(purge_targets=true), those it had as
        well as those listed). Its id changes, and every target is reported in RV(added).
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the assignment, V(absent) deletes it (its targets lose the access).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
  - tenantkit.saas.attributes.ACTION
notes:
  - The diff shows the assignment's fields and its targets (group names and login ids) before and after.
seealso:
  - module: tenantkit.saas.ncloud_sso_assignment_info
  - module: tenantkit.saas.ncloud_sso_permission_set
  - module: tenantkit.saas.ncloud_sso_group
'''

EXAMPLES = r'''
# Connection options come from NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY and NCLOUD_SSO_API_URL.
# The users, groups and permission set an assignment names must exist first.
- name: Ensure the SSO users
  tenantkit.saas.ncloud_users_bulk:
    users:
      - login_id: minjun.kim@example.com
      - login_id: jane.doe@example.com

- name: Ensure the operators and auditors groups
  tenantkit.saas.ncloud_sso_group:
    name: "{{ item }}"
    members: [minjun.kim@example.com]
  loop: [operators, auditors]

- name: Ensure the viewers permission set
  tenantkit.saas.ncloud_sso_permission_set:
    name: acme-viewers
    managed_policy_ids: [NCP_VIEWER]
    custom_policy_names: []

- name: Give the viewers permission set on the tenant's account to two groups
  tenantkit.saas.ncloud_sso_assignment:
    name: acme-viewers-main
    permission_set: acme-viewers
    account_member_no: "2784601"  # example value: the tenant's account
    groups: [operators, auditors]

- name: Let one more user in through the API, and no one else
  tenantkit.saas.ncloud_sso_assignment:
    name: acme-viewers-main
    api_access: true
    users: [jane.doe@example.com]
    purge_targets: true

- name: Suspend it for the audit
  tenantkit.saas.ncloud_sso_assignment:
    name: acme-viewers-main
    active: false

- name: Remove it
  tenantkit.saas.ncloud_sso_assignment:
    name: acme-viewers-main
    state: absent
'''

RETURN = r'''
assignment:
  description:
    - The assignment as it is after the task; null after a delete or when it did not exist.
  returned: always
  type: dict
  contains:
    assignment_id:
      description: Assignment id (null for an assignment that check mode would create).
      type: str
      sample: 7d2f0c55-1f0a-4a4e-8d8e-2c51b0b3c9aa
    name:
      description: The assignment's name as stored (its case may differ from O(name)).
      type: str
      sample: acme-viewers-main
    permission_set:
      description: The permission set's name as stored.
      type: str
      sample: acme-viewers
    permission_set_id:
      description: The permission set's id (null for a set that check mode shows an earlier task creating).
      type: str
      sample: 5b0c1f4e-2f8e-4f5c-9d1a-6c3e2a7b9f10
    account_member_no:
      description: The account's member number, as text.
      type: str
      sample: "2784601"
    description:
      description: Description (V("") when none).
      type: str
      sample: ""
    console_access:
      description: Whether the targets may sign in to the console.
      type: bool
      sample: true
    api_access:
      description: Whether the targets may call the API.
      type: bool
      sample: false
    active:
      description: V(true) when active, V(false) when suspended.
      type: bool
      sample: true
    groups:
      description: Names of the group targets, sorted.
      type: list
      elements: str
      sample: [auditors, operators]
    users:
      description: Login ids of the user targets, sorted.
      type: list
      elements: str
      sample: [jane.doe@example.com]
added:
  description: Targets added (in check mode, that would be added), by kind, each sorted.
  returned: always
  type: dict
  sample: {groups: [auditors, operators], users: []}
removed:
  description: Targets removed (in check mode, that would be removed), by kind, each sorted.
  returned: always
  type: dict
  sample: {groups: [], users: []}
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import (
    Resource, ensure, read_once_then, refuse_unless_planned)
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import refuse
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_sets import SetChange, failure_kwargs
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_assignments import (
    CREATE_DEFAULTS, PermissionSetNames, SsoAssignmentsClient, assignment_options, assignment_problems, targets_relations)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError

ASSIGNMENT = Resource('assignment', fields=(
    'assignment_id', 'name', 'permission_set', 'permission_set_id', 'account_member_no', 'description',
    'console_access', 'api_access', 'active'), id_field='assignment_id')
# What an assignment cannot change: another value means another assignment (replace).
FIXED = ('permission_set', 'permission_set_id', 'account_member_no')


def desired_assignment(params, found, wanted_set):
    desired = dict((name, params[name]) for name in ASSIGNMENT.fields if name in params)
    desired.update(assignment_id=None, name=found[0]['name'] if found else params['name'],
                   permission_set=wanted_set['name'] if wanted_set else params['permission_set'],
                   permission_set_id=wanted_set['permission_set_id'] if wanted_set else None)
    if not found:
        desired.update((name, value) for name, value in CREATE_DEFAULTS.items() if desired[name] is None)
    return desired


def check_assignment(module, wanted_set):
    """Before any write: an assignment to create names its permission set (which exists) and
    account; one that exists keeps them unless the task asks to replace it."""
    params = module.params

    def check(candidates, current):
        if params['state'] != 'present':
            return
        if current is None and (params['permission_set'] is None or params['account_member_no'] is None):
            refuse_unless_planned(module, 'assignment %r does not exist; to create it, give permission_set and '
                                  'account_member_no' % params['name'], 'shown as created')
            return
        moved = current is not None and (
            params['permission_set'] is not None and (
                wanted_set is None or wanted_set['permission_set_id'] != current['permission_set_id'])
            or params['account_member_no'] not in (None, current['account_member_no']))
        if moved and not params['replace']:
            raise InvalidInput(
                'assignment %r gives permission set %r on account %s; this task asks for %r on account %s. '
                'Neither can change once the assignment exists: set replace: true to delete it and create it '
                'again with its targets' % (
                    current['name'], current['permission_set'], current['account_member_no'],
                    params['permission_set'] or current['permission_set'],
                    params['account_member_no'] or current['account_member_no']))
        if wanted_set is None and params['permission_set'] is not None and (current is None or moved):
            refuse_unless_planned(module, 'permission set %r does not exist; create it first with '
                                  'tenantkit.saas.ncloud_sso_permission_set' % params['permission_set'],
                                  'shown with no permission_set_id')
    return check


def replaced(client, current, changes):
    """Delete the assignment and create it again with `changes`: its permission set or account moved."""
    client.delete_assignment(current['assignment_id'])
    try:
        return client.create_assignment(dict(current, **changes))
    except ApiError as error:
        if error.ambiguous:
            raise
        raise error.restated('assignment %r was deleted to be replaced, and creating it again failed: it no '
                             'longer exists, and its targets lost this access. %s' % (current['name'], error))


def ensure_assignment(module, client):
    params = module.params
    refuse(assignment_problems(params), 'in the options')
    sets = PermissionSetNames(client, params['permission_set'])
    found = sets.named(client.list_assignments(params['name']))
    targets = [SetChange(module, relation, found[0] if len(found) == 1 else None, params[relation.field],
                         params['purge_targets'], params['state'] == 'present')
               for relation in targets_relations(client)]
    result = ensure(
        module, ASSIGNMENT, desired_assignment(params, found, sets.wanted),
        lookup=read_once_then(found, lambda: sets.named(client.list_assignments(params['name']))),
        create=lambda desired: client.create_assignment(dict(desired, **dict(
            (name, value) for name, value in CREATE_DEFAULTS.items() if desired[name] is None))),
        update=lambda current, changes: (replaced(client, current, changes) if set(changes) & set(FIXED)
                                         else client.update_assignment(current, changes)),
        delete=lambda current: client.delete_assignment(current['assignment_id']),
        state=params['state'], check=check_assignment(module, sets.wanted))
    failed = [failure for change in targets for failure in change.apply(result, ASSIGNMENT)]
    if failed:
        what = 'target change%s of assignment %r' % ('' if len(failed) == 1 else 's', result['assignment']['name'])
        module.fail_json(**dict(result, **failure_kwargs(what, result, failed)))
    return result


def main():
    module = SaasModule(
        argument_spec=assignment_options(),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: ensure_assignment(module, SsoAssignmentsClient.from_params(module.params)))


if __name__ == '__main__':
    main()
