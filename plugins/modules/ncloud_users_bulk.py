#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: ncloud_users_bulk
short_description: Manage many NAVER Cloud SSO users in one task
version_added: 0.1.0
description:
  - Create, update or delete the users of a NAVER Cloud Platform Single Sign-On
    directory, thousands in one task.
  - Users are identified by O(users[].login_id). The module reads the directory
    with as few list requests as it can, creates the missing users with
    C(POST /api/v1/users/bulk) in batches of O(batch_size), updates only the
    users whose managed fields differ (one C(PUT) each), and deletes with
    C(POST /api/v1/users/delete) in batches.
  - Every user is checked before any request is sent, the formats of the API's v2
    reference included (login id, country code, phone number); all the bad items are
    reported at once, each with its index and login id.
  - The API accepts or refuses each user of a batch on its own. A refused user
    never stops the others; the task fails after applying every user it could,
    lists the refused users in RV(failed_users) with the service's message, and a
    rerun picks up where it stopped.
  - The results of a bulk request are matched to the users by login id (bulk create)
    or user id (bulk delete), never by their order. A user the answer holds no result
    for, or several, may have been written; it is read back, as after a lost answer.
  - An answer of another shape than documented, or an error body in a successful
    answer, fails the task naming the request; nothing is written after it.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  users:
    description:
      - The users to ensure. Each login id may appear once.
      - One of O(users) and O(users_file) is required.
    type: list
    elements: dict
    suboptions:
      login_id:
        description:
          - The user's login id (C(loginId)), an email address of 3 to 60 characters, as the
            API's v2 reference requires. Letters, digits and C(._%+-) before the C(@), and a
            domain of letters, digits, dots and hyphens that ends in two or more letters.
          - It identifies the user and cannot be changed. Login ids are compared without regard to case, as the
            service compares them - two users whose login ids differ only by case are refused, and a login id
            that matches an existing user only without regard to case is that user, with a warning.
          - Checked in this format with O(state=absent) too.
        type: str
        required: true
      description:
        description:
          - At most 300 bytes in UTF-8. Left as it is when not set; V("") clears it.
        type: str
      user_profile:
        description:
          - Profile fields. A field that is not set is left as it is; V("") clears it.
          - Lengths are counted in UTF-8 bytes, as the API counts them (a Hangul
            syllable is 3 bytes).
        type: dict
        suboptions:
          first_name:
            description: First name, at most 200 bytes.
            type: str
          last_name:
            description: Last name, at most 200 bytes.
            type: str
          email:
            description: Contact email address, at most 200 bytes.
            type: str
          emp_no:
            description: Employee number, at most 200 bytes.
            type: str
          phone_country_code:
            description:
              - Country calling code, 1 to 4 digits, such as V(82).
              - A leading C(+) is accepted, and left out when the code is sent and compared,
                so V(+82) and V(82) are the same value and a rerun changes nothing.
            type: str
          phone_no:
            description:
              - Mobile phone number, in a form the API's v2 reference allows. Either 3, 3 or 4,
                and 4 digits joined by hyphens (V(010-1234-5678)), or 9 to 11 digits without
                hyphens (V(01012345678)).
            type: str
          dept_name:
            description: Department, at most 200 bytes.
            type: str
      access_rules:
        description:
          - What the user may use. Always managed; a rule that is not set means V(false).
        type: dict
        suboptions:
          console_access_allowed:
            description: May sign in to the console.
            type: bool
            default: false
          api_access_allowed:
            description: May use the API.
            type: bool
            default: false
  users_file:
    description:
      - Instead of O(users), a file of users on the host the module runs on (the controller, for a
        C(connection=local) task), read with Python's C-speed parsers; a relative path is relative to the
        playbook's directory.
      - C(.csv) - a header row of user fields, then one user a row. Nested fields are named with a dot,
        as C(user_profile.dept_name) or C(access_rules.console_access_allowed); an empty cell is a field the
        row does not set; a rule is C(true)/C(false) (or C(yes)/C(no), C(1)/C(0)). UTF-8, with or without a
        byte order mark.
      - C(.json), C(.yml) or C(.yaml) - a list of users as O(users) takes them, or a mapping whose only key
        is C(users). A number where text is expected is taken as its text; a list or a mapping is refused.
      - Every user is checked as O(users) is, and a file with an unknown column or field, a row of the wrong
        length or a value of the wrong kind is refused before any request, naming the row or index and the
        field.
    type: path
    version_added: 1.0.0
  state:
    description:
      - V(present) creates and updates the users, V(absent) deletes them.
      - With V(absent) only O(users[].login_id) is used.
    type: str
    choices: [present, absent]
    default: present
  update_existing:
    description:
      - When V(false), users that already exist are left alone even if they differ.
    type: bool
    default: true
  batch_size:
    description:
      - Users per bulk create or bulk delete request, 1 to 100 (the API's limit).
    type: int
    default: 100
  return_users:
    description:
      - Also return RV(users), every requested user as it is after the task, and
        RV(unchanged), the login ids of the users left as they were.
      - Off by default. They grow with the list, not with what changed; at 10,000 users they
        are several megabytes, more than AWX keeps of a job event (700 kB). RV(counts), the
        changed login ids and RV(failed_users) are always returned.
    type: bool
    default: false
    version_added: 1.0.0
extends_documentation_fragment:
  - tenantkit.saas.ncloud
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
  - tenantkit.saas.attributes.ACTION
notes:
  - The diff lists, per changed user, the managed fields before and after.
  - When the service refuses a user, the task fails after applying every user it could.
    RV(failed_users) lists every refused user with the reason; the message counts the users
    that failed and those applied, and names the first few refused.
  - A failed task's result leaves out RV(users) and RV(unchanged) even with O(return_users),
    because Ansible prints a failed result whole. A rerun reports them.
  - The task's echoed arguments (C(invocation), shown at C(-vvv) and kept by AWX) hold the
    first 100 of O(users) only; C(invocation.abridged) says how many there were.
seealso:
  - module: tenantkit.saas.ncloud_user_info
'''

EXAMPLES = r'''
- name: Load the users file
  ansible.builtin.include_vars:
    file: sso_users.yml  # holds a `users:` list, as vars/sso_users.yml in README.md

- name: Ensure the SSO users exist
  tenantkit.saas.ncloud_users_bulk:
    users: "{{ users }}"

- name: Create one user, credentials from module_defaults
  module_defaults:
    group/tenantkit.saas.ncloud:
      api_url: https://sso.apigw.gov-ntruss.com  # example value: the government cloud
      access_key: "{{ ncloud_access_key }}"  # example value
      secret_key: "{{ ncloud_secret_key }}"  # example value
  tenantkit.saas.ncloud_users_bulk:
    users:
      - login_id: minjun.kim@example.com
        user_profile:
          first_name: 민준
          last_name: 김
          dept_name: 영업부
          phone_country_code: "+82"
          phone_no: 010-1234-5678
        access_rules:
          console_access_allowed: true

- name: Ensure the users and return them as they are now
  tenantkit.saas.ncloud_users_bulk:
    users: "{{ users }}"
    return_users: true
  register: directory

- name: Create missing users only, never touch existing ones
  tenantkit.saas.ncloud_users_bulk:
    users: "{{ users }}"
    update_existing: false

- name: Remove leavers
  tenantkit.saas.ncloud_users_bulk:
    users:
      - login_id: former.employee@example.com
    state: absent
'''

RETURN = r'''
created:
  description: Login ids of the users created (in check mode, that would be created).
  returned: always
  type: list
  elements: str
  sample: [minjun.kim@example.com]
updated:
  description: Login ids of the users updated.
  returned: always
  type: list
  elements: str
deleted:
  description: Login ids of the users deleted.
  returned: always
  type: list
  elements: str
unchanged:
  description:
    - Login ids of the users left as they were (already right, already absent, or left alone by
      O(update_existing=false)).
  returned: success, with O(return_users=true)
  type: list
  elements: str
counts:
  description: How many users were created, updated, deleted, left unchanged, and refused.
  returned: always
  type: dict
  version_added: 1.0.0
  sample: {created: 2, updated: 1, deleted: 0, unchanged: 9997, failed: 0}
  contains:
    created:
      description: Users created (in check mode, that would be created).
      type: int
    updated:
      description: Users updated.
      type: int
    deleted:
      description: Users deleted.
      type: int
    unchanged:
      description: Users left as they were.
      type: int
    failed:
      description: Users refused, as listed in RV(failed_users).
      type: int
failed_users:
  description:
    - Every user the service refused, with its message. The task fails when this is not empty.
    - The only place the refused users are returned; C(failed) is Ansible's own key and is
      never a list.
  returned: always
  type: list
  elements: dict
  sample: []
  contains:
    login_id:
      description: The refused user.
      type: str
      sample: dup@example.com
    message:
      description: The service's reason.
      type: str
      sample: "Duplicate login ID."
users:
  description:
    - The requested users as they are after the task, in the order asked for.
    - With O(state=absent), an empty list.
  returned: success, with O(return_users=true)
  type: list
  elements: dict
  contains:
    user_id:
      description: User id (null for a user that check mode would create).
      type: str
    login_id:
      description: Login id.
      type: str
    nrn:
      description: NAVER Cloud resource name.
      type: str
    description:
      description: Description.
      type: str
    user_profile:
      description: Profile (C(first_name), C(last_name), C(email), C(email_verified), C(emp_no),
        C(phone_country_code), C(phone_no), C(phone_no_verified), C(dept_name)).
      type: dict
    access_rules:
      description: C(console_access_allowed) and C(api_access_allowed).
      type: dict
    status:
      description: C(active) or C(suspended).
      type: str
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import (
    BulkWrites, Collection, ensure_many, refuse)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import (
    BULK_MAX, PROFILE_FIELDS, RULE_FIELDS, SsoUsersClient, ncloud_argument_spec, profile_value, users_bulk_options,
    users_problems)
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_users_file import read_users_file

PROFILE_NAMES = tuple(name for name, dummy in PROFILE_FIELDS)
RULE_NAMES = tuple(name for name, dummy in RULE_FIELDS)
USERS = Collection('users', 'login_id', ('login_id', 'description', 'user_profile', 'access_rules'))


def checked_users(params):
    """The users to ensure, from O(users) or O(users_file), each checked before any request."""
    if not 1 <= params['batch_size'] <= BULK_MAX:
        raise InvalidInput('batch_size must be from 1 to %d, not %d' % (BULK_MAX, params['batch_size']))
    users, places = (params['users'], None) if params['users'] is not None else read_users_file(params['users_file'])
    refuse(users_problems(users, params['state'], places), 'in %s' % ('users' if places is None else params['users_file']))
    return users


def users_found(module, client):
    """client.find_users, and a warning for each login id that is a user stored in another case:
    it is that user (the service cannot rename it), compared under the login id given."""
    def lookup(login_ids):
        found = client.find_users(login_ids)
        for login_id, user in sorted(found.items()):
            if user['login_id'] != login_id:
                module.warn('login_id %s is the existing user %s: the service compares login ids without regard '
                            'to case, and a login id cannot be changed' % (login_id, user['login_id']))
                found[login_id] = dict(user, login_id=login_id)
        return found
    return lookup


def managed_user(user):
    """The managed fields of a user as read; text that is not set reads as ''."""
    profile, rules = user.get('user_profile') or {}, user.get('access_rules') or {}
    return {'login_id': user['login_id'], 'user_id': user.get('user_id'),
            'description': user.get('description') or '',
            'user_profile': dict((name, profile_value(name, profile.get(name) or '')) for name in PROFILE_NAMES),
            'access_rules': dict((name, bool(rules.get(name))) for name in RULE_NAMES)}


def wanted_user(item, current):
    """The whole object to send: what the item sets, and current values for the rest.

    PUT clears what it is not given, so a field the item leaves out must be
    sent with its current value.
    """
    base = managed_user(current or {'login_id': item['login_id']})
    profile, rules = item.get('user_profile') or {}, item.get('access_rules') or {}
    return {'login_id': item['login_id'],
            'description': pick(item.get('description'), base['description']),
            'user_profile': dict((name, pick(profile_value(name, profile.get(name)), base['user_profile'][name]))
                                 for name in PROFILE_NAMES),
            'access_rules': dict((name, pick(rules.get(name), base['access_rules'][name]))
                                 for name in RULE_NAMES)}


def predicted_user(desired, current):
    """The user check mode expects: the read-only fields as they are, the managed as wanted."""
    user = dict(current or {'user_id': None, 'nrn': None, 'status': None})
    user.update(desired)
    user['user_profile'] = dict((current or {}).get('user_profile') or {}, **desired['user_profile'])
    return user


def pick(value, fallback):
    return fallback if value is None else value


def ensure_users(module, client):
    params = module.params
    return ensure_many(
        module, USERS, checked_users(params), users_found(module, client), managed_user, wanted_user,
        BulkWrites(params['batch_size'], client.bulk_create, client.update,
                   lambda batch: client.bulk_delete([user['user_id'] for user in batch])),
        state=params['state'], update_existing=params['update_existing'], predict=predicted_user,
        return_objects=params['return_users'])


def main():
    module = SaasModule(
        argument_spec=users_bulk_options(),
        connection_spec=ncloud_argument_spec(),
        mutually_exclusive=[('users', 'users_file')],
        required_one_of=[('users', 'users_file')],
        supports_check_mode=True,
        abridged_lists=('users',),
    )
    module.run(lambda: ensure_users(module, SsoUsersClient.from_params(module.params)))


if __name__ == '__main__':
    main()
