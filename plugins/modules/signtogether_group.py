#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: signtogether_group
short_description: Manage customer groups on SignTogether
version_added: 0.1.0
description:
  - Ensure a SignTogether customer group (a tenant) exists with the given settings.
  - A group is identified by O(name) and its parent (O(parent) or O(parent_group_id)) together; leaving both out
    means a root group. The module reads the groups the API key can see with one call and picks the group with
    that name under that parent.
  - When the group does not exist it is created with its top administrator O(admin_user) and the administrator's
    O(user_consent); both are required then, and ignored for an existing group.
  - Changes to O(name), O(level) and O(parent_group_id) of an existing group are sent with the
    vendor's update flag (C(U)). To rename a group or move it under another parent, address it with O(group_id).
  - An update carries the group's current name, level and parent with the changes, because the vendor may set
    a key an update leaves out to null; renaming or re-levelling a sub-group never moves it to the root.
  - SignTogether never returns a group's part name (C(groupPartName)), so the module cannot compare it.
    O(part_name) is sent when the group is created and, with O(update_part_name=always), on every run.
  - O(linked_type), O(phone_number) and O(admin_user) are used only when the group is created; the vendor
    offers no way to change them afterwards. A differing O(linked_type) or O(admin_user.login_id) on an existing
    group produces a warning, never a change.
  - SignTogether has no delete operation, so this module has no O(state=absent); remove groups through the vendor.
author:
  - tenantkit.saas contributors (@tenantkit)
options:
  name:
    description:
      - Group name (C(groupName)); unique among the sub-groups of one parent.
      - With O(group_id), the group is renamed to this name.
    type: str
    required: true
    aliases: [group_name]
  group_id:
    description:
      - Address one existing group by its id instead of by O(name) and O(parent_group_id).
      - Needed to rename a group or to move it under another parent.
      - When set, the group must exist; O(parent_group_id) left out keeps the group's current parent.
      - This option is an addition of this collection; the vendor's update call itself is addressed by id.
    type: int
  parent_group_id:
    description:
      - Id of the parent group (C(parentGroupId)). Left out, with O(parent), the group is a root group.
      - The parent must be visible to the API key, that is created with it or below such a group.
    type: int
  parent:
    description:
      - Name of the parent group, instead of O(parent_group_id), for a tree set up by one loop with parents first.
      - It must name exactly one group the API key can see; several with that name are refused, naming their ids.
      - In check mode a parent that does not exist yet is taken to be created by an earlier task, so a new tree
        shows each child under its parent.
    type: str
    version_added: 1.0.0
  part_name:
    description:
      - Name of the group's default department (C(groupPartName)).
      - The vendor never returns it, so it is not compared. It is sent when the group is created, and on later
        runs only with O(update_part_name=always).
    type: str
  update_part_name:
    description:
      - When O(part_name) is sent to an existing group.
      - V(on_create) sends it only when the group is created; a later run with another O(part_name) changes
        nothing, and a rerun of an identical task sends no write.
      - V(always) sends it on every run with the update flag, so the task always reports changed, like
        O(ansible.builtin.user#module:update_password=always).
      - An update of O(name), O(level) or O(parent_group_id) without V(always) leaves the part name out, and the
        module warns that the vendor may clear it.
    type: str
    choices: [on_create, always]
    default: on_create
    version_added: 1.0.0
  level:
    description:
      - Group level (C(level)). Left as it is when not set; on create the vendor chooses when not set.
    type: int
  linked_type:
    description:
      - Classifier agreed with the vendor (C(linkedType)). Used only on create.
    type: str
  phone_number:
    description:
      - Mobile number of the group administrator (C(phoneNumber)). Used only on create; the vendor does not return it.
    type: str
  admin_user:
    description:
      - The group's first user and top administrator (C(adminUser)). Required, with O(user_consent), when the group
        must be created; ignored for an existing group.
      - Its login id must not exist anywhere on SignTogether yet.
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
        description: Administrator login id (C(loginId)).
        type: str
        required: true
      password:
        description:
          - Initial administrator password. Sent only on create, never returned or shown in a diff.
          - Left out, it comes from the E(SIGNTOGETHER_ADMIN_PASSWORD) environment variable.
          - Needed only when the group is created; an existing group needs none.
          - A value that still holds Jinja (C({{) or C({%)), as extra variables given to an AWX job are not
            templated, is refused before any request.
        type: str
  user_consent:
    description:
      - The administrator's consents (C(userConsent)), required with O(admin_user) when the group must be created.
      - O(user_consent.is_teenager), O(user_consent.service_use) and O(user_consent.privacy_collection) must all
        be true, as the vendor requires; the module checks them before sending anything.
      - Values are booleans; the strings C("true") and C("false") are accepted too. They are sent as JSON booleans.
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
  - SignTogether's reference does not say whether a key left out of an update keeps its value. This module
    sends the current name, level and parent with every update, and the part name only when asked, so at worst
    an update without O(update_part_name=always) clears the part name; the module warns when it sends one.
  - In check mode a group that does not exist yet has O(group_id) null, so a child that takes O(parent_group_id)
    from that result is looked up as a root group. Name the parent with O(parent) instead, and check mode shows
    the child under a parent still to be created.
seealso:
  - module: tenantkit.saas.signtogether_group_info
'''

EXAMPLES = r'''
- name: Ensure the customer's root group
  tenantkit.saas.signtogether_group:
    base_url: https://api.signtogether.example  # example value
    api_key: "{{ signtogether_api_key }}"  # example value
    name: acme
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
      marketing_use: false
  register: root

- name: Ensure a sub-group under it, credentials from module_defaults
  module_defaults:
    group/tenantkit.saas.signtogether:
      base_url: https://api.signtogether.example  # example value
      api_key: "{{ signtogether_api_key }}"  # example value
  tenantkit.saas.signtogether_group:
    name: acme-sales
    parent_group_id: "{{ root.group.group_id }}"
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
  register: sales

- name: Rename a group addressed by id; its parent and level stay as they are
  tenantkit.saas.signtogether_group:
    group_id: "{{ sales.group.group_id }}"
    name: acme-sales-emea

- name: Change the part name of an existing group (reports changed on every run)
  tenantkit.saas.signtogether_group:
    name: acme
    part_name: Head office
    update_part_name: always
'''

RETURN = r'''
group:
  description:
    - The group as the list endpoint shows it after the task, and the part name sent by this task.
  returned: always
  type: dict
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
      description:
        - The part name this task sent (on create, or with O(update_part_name=always)); null when it sent none.
        - The vendor never returns a group's part name, so null does not mean the group has none.
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
      description:
        - Name of the parent group, null for a root group (or a parent the API key cannot see).
        - In check mode, the O(parent) of a group to be created under a parent that does not exist yet.
      type: str
      sample: null
      version_added: 1.0.0
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
'''

from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import SaasModule
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether import (
    SignTogetherClient, signtogether_argument_spec, validate_group)
from ansible_collections.tenantkit.saas.plugins.module_utils.signtogether_groups import (
    ensure_group, group_options, read_groups)


def ensure_one_group(module):
    validate_group(module.params)
    client = SignTogetherClient.from_params(module.params)
    return ensure_group(module, client, module.params, read_groups(client))[0]


def main():
    module = SaasModule(
        argument_spec=group_options(),
        connection_spec=signtogether_argument_spec(),
        supports_check_mode=True,
        required_together=[('admin_user', 'user_consent')],
        mutually_exclusive=[('parent', 'parent_group_id')],
    )
    module.run(lambda: ensure_one_group(module))


if __name__ == '__main__':
    main()
