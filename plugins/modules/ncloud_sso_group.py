#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_group
short_description: Manage a NAVER Cloud SSO group and its members
version_added: 0.2.0
description:
  - Create, update or delete a group of a NAVER Cloud Platform Single Sign-On directory,
    and put the directory's users into it by login id.
  - The group is found by O(name) without regard to case, as the service compares names;
    C(Ops) finds a group stored as C(ops), and the module reports the stored name. A name
    cannot be changed once the group exists.
  - Each run reads the group list once (C(searchColumn=groupName), every page; the service
    also matches parts of names, so the module keeps exact names only), resolves the login
    ids of O(members) with as few user list requests as M(tenantkit.saas.ncloud_users_bulk),
    and reads the group's members. A rerun with nothing to change sends no write.
  - A login id of O(members) that is not a user of the directory fails the task before
    any write, naming every such login id.
  - Members are added with C(POST /api/v1/groups/{groupId}/users) and removed with
    C(POST /api/v1/groups/{groupId}/users/delete), at most 100 users a request. The results
    are matched to the users by id, never by their order.
  - A write whose answer was lost (a timeout, a dropped connection, an HTTP 5xx) may have
    been applied. The module reads the group or its members back and sends again only
    what is still missing; it never repeats a write blindly.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Group name, 2 to 30 characters; letters, digits, C(-) and C(_), the first a letter
        or a digit.
      - Unique in the directory without regard to case; it identifies the group and cannot
        be changed.
    type: str
    required: true
  description:
    description:
      - At most 300 characters. Left as it is when not set; V("") clears it.
    type: str
  members:
    description:
      - Login ids of the users who must be members. Each must be a user of the directory
        already (create users with M(tenantkit.saas.ncloud_users_bulk) first).
      - Members not listed stay members unless O(purge_members=true).
      - Left out, the members are left as they are.
    type: list
    elements: str
  purge_members:
    description:
      - Remove the members that O(members) does not list, so that the group holds exactly
        O(members). V(members=[]) with V(purge_members=true) empties the group.
      - Ignored when O(members) is not set.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it (its memberships go with it).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
  - tenantkit.saas.attributes.ACTION
notes:
  - The diff shows the group's name, description and members (login ids) before and after.
seealso:
  - module: tenantkit.saas.ncloud_sso_group_info
  - module: tenantkit.saas.ncloud_users_bulk
'''

EXAMPLES = r'''
# Connection options come from NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY and NCLOUD_SSO_API_URL.
- name: Ensure the SSO users exist
  tenantkit.saas.ncloud_users_bulk:
    users:
      - login_id: minjun.kim@example.com
      - login_id: jane.doe@example.com

- name: Ensure the operators group holds both users
  tenantkit.saas.ncloud_sso_group:
    name: operators
    description: Operations team
    members:
      - minjun.kim@example.com
      - jane.doe@example.com

- name: Make jane.doe the only operator
  tenantkit.saas.ncloud_sso_group:
    name: operators
    members:
      - jane.doe@example.com
    purge_members: true
  register: operators

- name: Remove the group
  tenantkit.saas.ncloud_sso_group:
    name: operators
    state: absent
'''

RETURN = r'''
group:
  description:
    - The group as it is after the task; null after a delete or when it did not exist.
  returned: always
  type: dict
  contains:
    group_id:
      description: Group id (null for a group that check mode would create).
      type: str
      sample: 12cfbd94-7f4c-4f4e-9a43-2ff725201395
    name:
      description: The group's name as stored (its case may differ from O(name)).
      type: str
      sample: operators
    description:
      description: Description (V("") when none).
      type: str
      sample: Operations team
    members:
      description: Login ids of the members, sorted.
      type: list
      elements: str
      sample: [jane.doe@example.com]
added:
  description: Login ids added to the group (in check mode, that would be added), sorted.
  returned: always
  type: list
  elements: str
  sample: [jane.doe@example.com]
removed:
  description: Login ids removed from the group (in check mode, that would be removed), sorted.
  returned: always
  type: list
  elements: str
  sample: [minjun.kim@example.com]
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure, read_once_then
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_groups import (
    MemberChanges, SsoGroupsClient, group_options, group_problems, members_failure)

GROUP = Resource('group', fields=('group_id', 'name', 'description'), id_field='group_id')


def managed(group):
    return dict((name, group[name]) for name in GROUP.fields)


def check_input(params):
    problems = group_problems(params['name'], params['description'], params['members'])
    if problems:
        raise InvalidInput('%d problem%s, nothing was sent: %s' % (
            len(problems), '' if len(problems) == 1 else 's', '; '.join(problems)))


def wanted_members(module, client, login_ids):
    """{user_id, login_id} of each login id; any that is not a user fails before a write.

    In check mode an earlier task of the run (ncloud_users_bulk) may only have planned
    to create them: they show as members to be added, with a warning."""
    login_ids = list(dict.fromkeys(login_ids))
    users = client.find_users(login_ids)
    unknown = [login_id for login_id in login_ids if login_id not in users]
    if unknown and module.check_mode:
        module.warn('members not yet users of the directory, shown as to be added (check mode): %s; '
                    'a real run fails unless an earlier task creates them' % ', '.join(unknown))
        users = dict(users, **dict((login_id, {'user_id': 'unborn:' + login_id}) for login_id in unknown))
    elif unknown:
        raise InvalidInput('members: %s of the directory, nothing was written: %s' % (
            '1 login id is not a user' if len(unknown) == 1 else '%d login ids are not users' % len(unknown),
            ', '.join(unknown)))
    return [{'user_id': users[login_id]['user_id'], 'login_id': login_id} for login_id in login_ids]


def ensure_sso_group(module, client):
    params = module.params
    check_input(params)
    found = [managed(group) for group in client.list_groups(params['name'])]
    present = params['state'] == 'present'
    wanted = wanted_members(module, client, params['members']) if present and params['members'] is not None else None
    current = client.members(found[0]['group_id']) if len(found) == 1 and (present or module._diff) else []
    result = ensure(
        module, GROUP, {'group_id': None, 'name': found[0]['name'] if found else params['name'],
                        'description': params['description']},
        lookup=read_once_then(found, lambda: [managed(group) for group in client.list_groups(params['name'])]),
        create=lambda desired: managed(client.create_group(desired['name'], desired['description'])),
        update=lambda group, changes: client.set_description(group, changes['description']),
        delete=lambda group: client.delete_group(group['group_id']), state=params['state'])
    changes = MemberChanges(client, current, wanted if wanted is not None else current, params['purge_members'])
    group = result['group']
    applied = changes.apply(group and group['group_id'], module.check_mode) if group else \
        {'added': [], 'removed': [], 'failed': []}
    members = changes.members_after(applied)
    if group:
        result['group'] = dict(group, members=members)
    result.update(changed=result['changed'] or bool(applied['added'] or applied['removed']),
                  added=sorted(applied['added']), removed=sorted(applied['removed']))
    if 'diff' in result:
        _with_members(result['diff'], sorted(member['login_id'] for member in current), members if group else None)
    if applied['failed']:
        module.fail_json(**dict(result, **members_failure(group['name'], applied)))
    return result


def _with_members(diff, before, after):
    if diff['before']:
        diff['before']['members'] = before
    if diff['after'] and after is not None:
        diff['after']['members'] = after


def main():
    module = SaasModule(
        argument_spec=group_options(),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: ensure_sso_group(module, SsoGroupsClient.from_params(module.params)))


if __name__ == '__main__':
    main()
