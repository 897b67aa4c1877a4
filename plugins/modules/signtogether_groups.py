#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: signtogether_groups
short_description: Manage a tree of SignTogether customer groups in one task
version_added: 1.0.0
description:
  - Ensure each group of O(groups) as M(tenantkit.saas.signtogether_group) ensures one, in the order given,
    in one task. Each item takes the options of M(tenantkit.saas.signtogether_group) other than the connection
    ones, and each group ends as that module would leave it, with the same warnings.
  - List parents before their children. A child names its parent with O(groups[].parent), the name of a group
    listed above it or of one that exists already.
  - The module reads the groups the API key can see once. A group this task creates or updates is taken from
    the write's answer, so its children need no other read; the list is read again only after a write whose
    answer was lost.
  - Every item is checked before any request is sent, the admin password's Jinja check included; all the bad
    items are reported at once, each with its index and name.
  - A group the service refuses never stops the others, except its children (and theirs), which are not
    attempted; each is listed in RV(failed_groups) with the reason. The task then fails after applying every
    other group, and a rerun picks up where it stopped.
  - An answer of another shape than documented fails its group; nothing is written after it.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  groups:
    description:
      - The groups to ensure, parents before children. A group (by O(groups[].name) and its parent, or by
        O(groups[].group_id)) may appear once.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Group name (C(groupName)); unique among the sub-groups of one parent.
          - With O(groups[].group_id), the group is renamed to this name.
        type: str
        required: true
        aliases: [group_name]
      group_id:
        description:
          - Address one existing group by its id instead of by O(groups[].name) and its parent.
          - When set, the group must exist; O(groups[].parent_group_id) left out keeps the group's current parent.
        type: int
      parent_group_id:
        description:
          - Id of the parent group (C(parentGroupId)). Left out, with O(groups[].parent), the group is a root group.
          - Not with O(groups[].parent).
        type: int
      parent:
        description:
          - Name of the parent group, instead of O(groups[].parent_group_id). It must name exactly one group, listed
            above this one or one the API key can see.
          - Refused before any write, with every other such item - the group's own name, a name two items carry,
            a group listed below this one (so no cycle can be listed), a name no group listed above and no group
            the API key can see has, or one that several groups have.
          - In check mode a parent listed above that would be created shows as the parent of this group.
          - When the parent failed, this group is not attempted.
        type: str
      part_name:
        description:
          - Name of the group's default department (C(groupPartName)). The vendor never returns it, so it is sent
            on create and, with O(groups[].update_part_name=always), on every run.
        type: str
      update_part_name:
        description:
          - When O(groups[].part_name) is sent to an existing group; V(always) reports changed on every run.
          - An update without V(always) leaves the part name out, and the module warns that the vendor may
            clear it.
        type: str
        choices: [on_create, always]
        default: on_create
      level:
        description:
          - Group level (C(level)). Left as it is when not set; on create the vendor chooses when not set.
        type: int
      linked_type:
        description:
          - Classifier agreed with the vendor (C(linkedType)). Used only on create; a difference warns.
        type: str
      phone_number:
        description:
          - Mobile number of the group administrator (C(phoneNumber)). Used only on create.
        type: str
      admin_user:
        description:
          - The group's first user and top administrator (C(adminUser)). Required, with
            O(groups[].user_consent), when the group must be created; ignored for an existing group.
        type: dict
        suboptions:
          email:
            description: Administrator e-mail (C(adminUserEmail)).
            type: str
            required: true
          name:
            description: Administrator name (C(adminUserName)).
            type: str
            required: true
          login_id:
            description: Administrator login id (C(loginId)); it must not exist anywhere on SignTogether yet.
            type: str
            required: true
          password:
            description:
              - Initial administrator password. Sent only on create, never returned or shown in a diff.
              - Left out, it comes from the E(SIGNTOGETHER_ADMIN_PASSWORD) environment variable.
              - A value that still holds Jinja (C({{) or C({%)) is refused before any request.
            type: str
      user_consent:
        description:
          - The administrator's consents (C(userConsent)), required with O(groups[].admin_user) when the group
            must be created. O(groups[].user_consent.is_teenager), O(groups[].user_consent.service_use) and
            O(groups[].user_consent.privacy_collection) must all be true.
        type: dict
        suboptions:
          is_teenager:
            description: Age confirmation consent (C(isteenager)); must be true.
            type: bool
          service_use:
            description: Terms of service consent (C(serviceuse)); must be true.
            type: bool
          privacy_collection:
            description: Consent to the collection of personal data (C(privacycollection)); must be true.
            type: bool
          marketing_use:
            description: Consent to marketing messages (C(marketinguse)).
            type: bool
            default: false
      state:
        description:
          - Only V(present). The vendor has no delete operation.
        type: str
        choices: [present]
        default: present
extends_documentation_fragment:
  - tenantkit.saas.signtogether
  - tenantkit.saas.transport
  - tenantkit.saas.attributes.MANAGE
  - tenantkit.saas.attributes.ACTION
notes:
  - The groups are ensured one after another, each as M(tenantkit.saas.signtogether_group) would, so the notes
    of that module apply to each group.
seealso:
  - module: tenantkit.saas.signtogether_group
  - module: tenantkit.saas.signtogether_group_info
'''

EXAMPLES = r'''
- name: Ensure a customer's group tree, and show what failed
  block:
    - name: Ensure the groups, parents first
      tenantkit.saas.signtogether_groups:
        base_url: https://api.signtogether.example  # example value
        api_key: "{{ signtogether_api_key }}"  # example value
        groups:
          - name: acme
            part_name: Headquarters
            level: 1
            phone_number: "01012345678"
            admin_user:
              email: admin@acme.example
              name: Acme Admin
              login_id: acme-admin
              password: "{{ acme_admin_password }}"  # example value
            user_consent:
              is_teenager: true
              service_use: true
              privacy_collection: true
          - name: acme-sales
            parent: acme
            level: 2
            admin_user:
              email: sales@acme.example
              name: Sales Admin
              login_id: acme-sales-admin
              password: "{{ sales_admin_password }}"  # example value
            user_consent:
              is_teenager: true
              service_use: true
              privacy_collection: true
      register: tree
  rescue:
    - name: Show the groups that could not be applied
      ansible.builtin.debug:
        var: tree.failed_groups

    - name: Fail, the groups shown
      ansible.builtin.fail:
        msg: "{{ tree.msg }}"
'''

RETURN = r'''
created:
  description:
    - Names of the groups created (in check mode, that would be created); a name listed more
      than once carries where the group is, as in the diff.
  returned: always
  type: list
  elements: str
  sample: [acme-sales]
updated:
  description: Names of the groups updated.
  returned: always
  type: list
  elements: str
deleted:
  description: Always empty, as this module never deletes a group.
  returned: always
  type: list
  elements: str
counts:
  description: How many groups were created, updated, deleted, left unchanged, and failed.
  returned: always
  type: dict
  sample: {created: 1, updated: 0, deleted: 0, unchanged: 2, failed: 0}
  contains:
    created:
      description: Groups created.
      type: int
    updated:
      description: Groups updated.
      type: int
    deleted:
      description: Groups deleted.
      type: int
    unchanged:
      description: Groups left as they were.
      type: int
    failed:
      description: Groups listed in RV(failed_groups).
      type: int
groups:
  description:
    - One entry per item of O(groups), in order, each the group as M(tenantkit.saas.signtogether_group)
      returns it under RV(tenantkit.saas.signtogether_group#module:group); null for a group that failed or
      was not attempted.
  returned: always
  type: list
  elements: dict
  contains:
    group_id:
      description: Group id (null for a group that check mode would create).
      type: int
      sample: 1
    name:
      description: Group name.
      type: str
      sample: acme
    part_name:
      description: The part name this task sent; null when it sent none (the vendor never returns it).
      type: str
      sample: Headquarters
    url_path:
      description: The group's URL path, C(SGT_) and the zero-padded id.
      type: str
      sample: SGT_0000000001
    level:
      description: Group level.
      type: int
      sample: 1
    parent_group_id:
      description: Parent group id, null for a root group.
      type: int
      sample: null
    parent:
      description: Name of the parent group, null for a root group.
      type: str
      sample: null
    linked_type:
      description: Classifier agreed with the vendor.
      type: str
      sample: null
    used:
      description: Whether the group is in use.
      type: bool
      sample: true
    admin_login_id:
      description: Login id of the group's top administrator.
      type: str
      sample: acme-admin
failed_groups:
  description:
    - Every group that failed or was not attempted, with the reason. The task fails when this is not empty.
    - C(failed) is Ansible's own key and is never a list.
  returned: always
  type: list
  elements: dict
  sample: []
  contains:
    name:
      description: The group's name.
      type: str
      sample: acme-sales
    message:
      description: Why it failed, or why it was not attempted.
      type: str
      sample: "not attempted: its parent 'acme' failed"
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import EachRun, labels_of, refuse
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    SignTogetherClient, signtogether_argument_spec)
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether_groups import (
    Tree, group_options, groups_problems, read_groups, where_of)


def ensure_groups(module):
    items = module.params['groups']
    refuse(groups_problems(items), 'in groups')
    # The write's answer holds the group; its children need no read of it.
    client = SignTogetherClient.from_params(module.params, read_back=False)
    tree, run = Tree(read_groups(client)), EachRun(module, 'group')
    problems = tree.parent_problems(items)
    if problems:
        raise InvalidInput('%d problem%s in groups, nothing was written: %s' % (
            len(problems), '' if len(problems) == 1 else 's', '; '.join(problems)))
    labels = labels_of(items, where_of)
    for item, label in zip(items, labels):
        reason = tree.not_attempted(item)
        if reason:
            run.fail(label, reason)
        if reason or run.run(label, lambda: tree.ensure(module, client, item)) is None:
            tree.failed.add(item['name'])
    return run.result(items, labels)


def main():
    module = SaasModule(
        argument_spec=dict(groups=dict(type='list', elements='dict', required=True, options=group_options())),
        connection_spec=signtogether_argument_spec(),
        supports_check_mode=True,
    )
    module.run(lambda: ensure_groups(module))


if __name__ == '__main__':
    main()
