# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SignTogether client: the group endpoints, authenticated by an apiKey header."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import Answer
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, HttpTransport
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, transport_options

GROUP_PATH = '/rest/api/group'
LIST_PATH = '/rest/api/groups/list'
SERVICE = 'SignTogether'
# Option name -> wire name of the fields the list shows and an update set carries every time.
# groupPartName is not among them: the list never shows it.
READABLE_FIELDS = (('name', 'groupName'), ('level', 'level'), ('parent_group_id', 'parentGroupId'))
CONSENT_FIELDS = (('is_teenager', 'isteenager'), ('service_use', 'serviceuse'),
                  ('privacy_collection', 'privacycollection'), ('marketing_use', 'marketinguse'))
REQUIRED_CONSENT = ('is_teenager', 'service_use', 'privacy_collection')
ADMIN_FIELDS = ('email', 'name', 'login_id')
# The keys read from each item of the list answer, with their kinds (nullable when a third item).
LIST_ITEM_KEYS = (('groupId', 'integer'), ('groupName', 'string'), ('parentGroupId', 'integer', True),
                  ('level', 'integer', True), ('urlPath', 'string', True), ('linkedType', 'string', True),
                  ('used', 'boolean', True), ('groupAdminLoginId', 'string', True))
# The keys read from the one successList entry of a write answer.
WRITE_ENTRY_KEYS = (('groupId', 'integer'), ('groupName', 'string'), ('parentGroupId', 'integer', True),
                    ('level', 'integer', True), ('urlPath', 'string', True), ('used', 'boolean', True))
FAILURE_KEYS = (('message', 'string', True),)


def signtogether_argument_spec():
    spec = dict(
        base_url=dict(type='str', required=True, fallback=(env_fallback, ['SIGNTOGETHER_BASE_URL'])),
        api_key=dict(type='str', required=True, no_log=True,
                     fallback=(env_fallback, ['SIGNTOGETHER_API_KEY'])),
    )
    spec.update(transport_options('SIGNTOGETHER'))
    return spec


def describe_signtogether_error(body):
    if isinstance(body, dict):
        return None, body.get('message')
    return None, None


def validate_group(params):
    """Refuse, before any request, a group SignTogether cannot create or a password never templated.
    A password is needed only for a create (check_target)."""
    problems = group_problems(params)
    if problems:
        raise InvalidInput(problems[0])


def group_problems(params):
    """Every problem validate_group refuses in one group's options, the first of each kind."""
    problems = []
    if not params['name'].strip():
        problems.append('name must not be empty')
    consent = params['user_consent']
    unconsented = [name for name in REQUIRED_CONSENT if consent is not None and consent[name] is not True]
    if unconsented:
        problems.append('user_consent.%s must be true: SignTogether creates a group only with '
                        'is_teenager, service_use and privacy_collection consented' % unconsented[0])
    admin = params['admin_user']
    empty = [name for name in ADMIN_FIELDS if admin is not None and not admin[name]]
    if empty:
        problems.append('admin_user.%s must not be empty' % empty[0])
    password = (admin or {}).get('password') or ''
    if '{{' in password or '{%' in password:
        problems.append('admin_user.password still holds Jinja ({{ or {%): it was never templated (extra '
                        'variables of an AWX job are not); give the password itself, vaulted')
    return problems


def create_needs(params):
    """What a create needs that the task does not give: the administrator with a password, and
    consent ([] when it gives all). An empty password (an empty AWX credential field) is not set."""
    admin, needs = params['admin_user'], []
    if not admin:
        needs.append('admin_user')
    elif not admin.get('password'):
        needs.append('admin_user.password (or SIGNTOGETHER_ADMIN_PASSWORD, which is %s)'
                     % ('empty' if os.environ.get('SIGNTOGETHER_ADMIN_PASSWORD') == '' else 'not set'))
    if not params['user_consent']:
        needs.append('user_consent')
    return needs


def check_target(groups, current, name, parent_group_id, needs):
    """Refuse, before any write, what SignTogether would refuse: a parent the key cannot
    see, a name taken under the parent, a create without its administrator."""
    parent = parent_group_id
    if parent is None and current is not None:
        parent = current['parent_group_id']
    if parent is not None and parent not in [group['group_id'] for group in groups]:
        raise InvalidInput('parent_group_id %s is not a group this api_key can see' % parent)
    own_id = current['group_id'] if current else None
    for group in groups:
        if group['name'] == name and group['parent_group_id'] == parent and group['group_id'] != own_id:
            raise InvalidInput('another group (group_id %s) is already named %r under parent_group_id %s'
                               % (group['group_id'], name, parent))
    if current is None and needs:
        raise InvalidInput('group %r does not exist under parent_group_id %s; to create it, set %s'
                           % (name, parent_group_id, ' and '.join(needs)))


def parent_id(groups, parent, check_mode):
    """The id of the one group named `parent`; None in check mode when there is none yet
    (an earlier task of the run creates it)."""
    ids = [group['group_id'] for group in groups if group['name'] == parent]
    if len(ids) > 1:
        raise InvalidInput('parent %r names %d groups (group_id %s); set parent_group_id to choose one'
                           % (parent, len(ids), ', '.join(str(one) for one in ids)))
    if not ids and not check_mode:
        raise InvalidInput('parent %r is not a group this api_key can see; list a parent before its children'
                           % parent)
    return ids[0] if ids else None


def with_parent_names(groups, listed=None):
    """Each group with `parent`, the name of its parent among `listed` (default: `groups`)."""
    names = dict((group['group_id'], group['name']) for group in (groups if listed is None else listed))
    return [dict(group, parent=names.get(group['parent_group_id'])) for group in groups]


def classify_signtogether_error(status, code):
    if status == 403:
        return {'message': 'the api_key may not use the group API (the vendor grants it per account)'}
    return {}


def group_from_wire(group):
    """A list item (or a write answer's entry) keyed by option names; it never holds a part name."""
    return {'group_id': group['groupId'], 'name': group['groupName'], 'url_path': group.get('urlPath'),
            'level': group.get('level'), 'parent_group_id': group.get('parentGroupId'),
            'linked_type': group.get('linkedType'), 'used': group.get('used'),
            'admin_login_id': group.get('groupAdminLoginId')}


def list_body(group_ids=None):
    """The list call's body; the vendor requires `idList` even when searching all."""
    if group_ids is None:
        return {'searchAll': True, 'idList': []}
    return {'searchAll': False, 'idList': [{'groupId': group_id} for group_id in group_ids]}


def create_set(group, admin_user, consent, phone_number=None):
    """The `C` parameter set for one group; `group` is keyed by option names."""
    item = {
        'flag': 'C',
        'groupName': group['name'],
        'adminUser': {'adminUserEmail': admin_user['email'], 'adminUserName': admin_user['name'],
                      'loginId': admin_user['login_id'], 'password': admin_user['password']},
        'userConsent': dict((wire, bool(consent.get(name))) for name, wire in CONSENT_FIELDS),
    }
    optional = (('part_name', 'groupPartName'), ('level', 'level'),
                ('parent_group_id', 'parentGroupId'), ('linked_type', 'linkedType'))
    for name, wire in optional:
        if group.get(name) is not None:
            item[wire] = group[name]
    if phone_number is not None:
        item['phoneNumber'] = phone_number
    return item


def update_set(current, changes):
    """The `U` parameter set for the group `current` (as listed) with `changes` (option names).

    The vendor may set a key left out of `update` to null, so every readable key
    goes with its current value unless it changes; groupPartName, which cannot be
    read, goes only when it is one of the changes.
    """
    merged = dict(current, **changes)
    update = dict((wire, merged.get(name)) for name, wire in READABLE_FIELDS)
    if 'part_name' in changes:
        update['groupPartName'] = changes['part_name']
    return {'flag': 'U', 'groupId': current['group_id'], 'update': update}


class SignTogetherClient:

    def __init__(self, transport, api_key, read_back=True):
        self.transport = transport
        self.api_key = api_key
        # Whether a write is followed by a read of the group it wrote; without it, the group is
        # the write's answer with the linked type and admin the list would add.
        self.read_back = read_back

    @classmethod
    def from_params(cls, params, read_back=True):
        transport = HttpTransport.from_params(params, 'base_url', describe_signtogether_error,
                                              classify_signtogether_error)
        return cls(transport, params['api_key'], read_back)

    def list_groups(self, group_ids=None):
        """Groups in the key's scope: all of them, or those of `group_ids`.

        Returns (groups, message); the vendor names ids outside the scope in `message`.
        """
        answer = self._call(LIST_PATH, list_body(group_ids), read=True)
        if not answer.field('success', 'boolean'):
            raise self._refused(LIST_PATH, self._message_of(answer.body))
        items = answer.objects('list', keys=LIST_ITEM_KEYS)
        message = answer.check(answer.body.get('message'), 'string', 'message', nullable=True)
        return [group_from_wire(item) for item in items], message or ''

    def get_group(self, group_id):
        groups, dummy = self.list_groups([group_id])
        matches = [group for group in groups if group['group_id'] == group_id]
        return matches[0] if matches else None

    def create_group(self, group, admin_user, consent, phone_number=None):
        """Create one group and return it as the list endpoint shows it (no part name)."""
        entry = self._write_one(create_set(group, admin_user, consent, phone_number))
        created = self.get_group(entry['groupId']) if self.read_back else None
        if created is None:
            created = dict(group_from_wire(entry), linked_type=group.get('linked_type'),
                           admin_login_id=admin_user['login_id'])
        return created

    def update_group(self, current, changes):
        """Apply `changes` (option names) to the group `current` with the update flag; the group after it."""
        entry = self._write_one(update_set(current, changes), group_id=current['group_id'])
        updated = self.get_group(current['group_id']) if self.read_back else None
        if updated is None:
            updated = dict(group_from_wire(entry), linked_type=current.get('linked_type'),
                           admin_login_id=current.get('admin_login_id'))
        return updated

    def _write_one(self, item, group_id=None):
        """Send one parameter set; its successList entry, or the refusal of its failList entry."""
        answer = self._call(GROUP_PATH, [item], read=False)
        if answer.body.get('success') is False:
            raise self._refused(GROUP_PATH, self._message_of(answer.body))
        failures = answer.objects('failList', keys=FAILURE_KEYS)
        successes = answer.objects('successList', keys=WRITE_ENTRY_KEYS)
        if len(failures) + len(successes) != 1:
            raise answer.wrong('successList and failList hold %d entries for the one parameter set sent'
                               % (len(failures) + len(successes)))
        if failures:
            message = failures[0]['message']
            exists = item['flag'] == 'C' and _says_it_exists(message)
            raise self._refused(GROUP_PATH, message, AlreadyExists if exists else ApiError)
        entry = successes[0]
        if group_id is not None and entry['groupId'] != group_id:
            raise answer.wrong('successList[0].groupId is %s, not the group updated (%s)'
                               % (entry['groupId'], group_id))
        return entry

    def _call(self, path, body, read):
        # The list call is a POST but only reads, so it may be repeated safely.
        decoded = self.transport.request('POST', path, json_body=body, headers={'apiKey': self.api_key}, retry=read)
        answer = Answer(decoded, 'POST', path, SERVICE, write=not read)
        answer.root()
        return answer

    @staticmethod
    def _message_of(body):
        message = body.get('message')
        return message if isinstance(message, str) else None

    @staticmethod
    def _refused(path, message, kind=ApiError):
        # SignTogether reports refusals inside an HTTP 200 answer.
        return kind('SignTogether refused the request', status=200,
                    vendor_message=message or 'no reason given', method='POST', path=path)


def _says_it_exists(message):
    # The vendor's texts are not published ("duplicate groupName", "loginId already exists"
    # in the sandbox): a run creating the same group at the same time gets one of them.
    text = (message or '').lower()
    return 'duplicate' in text or 'already exists' in text
