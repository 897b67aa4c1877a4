#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_sso_group
short_description: Manage a NAVER Cloud SSO group and its members
version_added: 1.0.0
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
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_sets import SetChange, failure_kwargs
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import ncloud_argument_spec
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_groups import (
    SsoGroupsClient, group_options, group_problems, members_relation)

GROUP = Resource('group', fields=('group_id', 'name', 'description'), id_field='group_id')


def managed(group):
    return dict((name, group[name]) for name in GROUP.fields)


def check_input(params):
    problems = group_problems(params['name'], params['description'], params['members'])
    if problems:
        raise InvalidInput('%d problem%s, nothing was sent: %s' % (
            len(problems), '' if len(problems) == 1 else 's', '; '.join(problems)))


def ensure_sso_group(module, client):
    params = module.params
    check_input(params)
    found = [managed(group) for group in client.list_groups(params['name'])]
    members = SetChange(module, members_relation(client), found[0] if len(found) == 1 else None, params['members'],
                        params['purge_members'], params['state'] == 'present')
    result = ensure(
        module, GROUP, {'group_id': None, 'name': found[0]['name'] if found else params['name'],
                        'description': params['description']},
        lookup=read_once_then(found, lambda: [managed(group) for group in client.list_groups(params['name'])]),
        create=lambda desired: managed(client.create_group(desired['name'], desired['description'])),
        update=lambda group, changes: client.set_description(group, changes['description']),
        delete=lambda group: client.delete_group(group['group_id']), state=params['state'])
    failed = members.apply(result, GROUP)
    if failed:
        what = 'member change%s of group %r' % ('' if len(failed) == 1 else 's', result['group']['name'])
        module.fail_json(**dict(result, **failure_kwargs(what, result, failed)))
    return result


def main():
    module = SaasModule(
        argument_spec=group_options(),
        connection_spec=ncloud_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: ensure_sso_group(module, SsoGroupsClient.from_params(module.params)))


if __name__ == '__main__':
    main()
