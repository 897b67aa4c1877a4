# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SignTogether client: the group endpoints, authenticated by an apiKey header."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import transport_options

GROUP_PATH = '/rest/api/group'
LIST_PATH = '/rest/api/groups/list'
# Option name -> wire name of the fields the update flag can change.
UPDATABLE_FIELDS = (('name', 'groupName'), ('part_name', 'groupPartName'),
                    ('level', 'level'), ('parent_group_id', 'parentGroupId'))
CONSENT_FIELDS = (('is_teenager', 'isteenager'), ('service_use', 'serviceuse'),
                  ('privacy_collection', 'privacycollection'), ('marketing_use', 'marketinguse'))
REQUIRED_CONSENT = ('is_teenager', 'service_use', 'privacy_collection')


def signtogether_argument_spec():
    spec = dict(
        base_url=dict(type='str', required=True, fallback=(env_fallback, ['SIGNTOGETHER_BASE_URL'])),
        api_key=dict(type='str', required=True, no_log=True,
                     fallback=(env_fallback, ['SIGNTOGETHER_API_KEY'])),
    )
    spec.update(transport_options())
    return spec


def describe_signtogether_error(body):
    if isinstance(body, dict):
        return None, body.get('message')
    return None, None


def group_from_wire(group):
    return {'group_id': group.get('groupId'), 'name': group.get('groupName'),
            'part_name': group.get('groupPartName'), 'url_path': group.get('urlPath'),
            'level': group.get('level'), 'parent_group_id': group.get('parentGroupId'),
            'linked_type': group.get('linkedType'), 'used': group.get('used'),
            'admin_login_id': group.get('groupAdminLoginId')}


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


def update_set(group_id, changes):
    """The `U` parameter set; only the changed updatable fields are sent."""
    update = dict((wire, changes[name]) for name, wire in UPDATABLE_FIELDS if name in changes)
    return {'flag': 'U', 'groupId': group_id, 'update': update}


class SignTogetherClient:

    def __init__(self, transport, api_key):
        self.transport = transport
        self.api_key = api_key

    @classmethod
    def from_params(cls, params):
        transport = HttpTransport(params['base_url'], timeout=params['timeout'],
                                  validate_certs=params['validate_certs'],
                                  describe_error=describe_signtogether_error)
        return cls(transport, params['api_key'])

    def list_groups(self, group_ids=None):
        """Groups in the key's scope: all of them, or those of `group_ids`.

        Returns (groups, message); the vendor names ids outside the scope in `message`.
        """
        if group_ids is None:
            body = {'searchAll': True}
        else:
            body = {'searchAll': False, 'idList': [{'groupId': group_id} for group_id in group_ids]}
        answer = self._call(LIST_PATH, body, read=True)
        if answer.get('success') is False or not isinstance(answer.get('list'), list):
            raise self._refused(LIST_PATH, answer.get('message'))
        return [group_from_wire(group) for group in answer['list']], answer.get('message') or ''

    def get_group(self, group_id):
        groups, dummy = self.list_groups([group_id])
        return groups[0] if groups else None

    def create_group(self, group, admin_user, consent, phone_number=None):
        """Create one group and return it as the list endpoint shows it."""
        entry = self._write_one(create_set(group, admin_user, consent, phone_number))
        created = self.get_group(entry['groupId'])
        if created is None:
            created = dict(group_from_wire(entry), part_name=group.get('part_name'),
                           linked_type=group.get('linked_type'), admin_login_id=admin_user['login_id'])
        return created

    def update_group(self, group_id, changes):
        """Apply `changes` (option names) with the update flag and return the group."""
        entry = self._write_one(update_set(group_id, changes))
        updated = self.get_group(group_id)
        return updated if updated is not None else group_from_wire(entry)

    def _write_one(self, item):
        answer = self._call(GROUP_PATH, [item], read=False)
        failures = answer.get('failList') or []
        if failures:
            raise self._refused(GROUP_PATH, failures[0].get('message'))
        successes = answer.get('successList') or []
        if not successes or successes[0].get('groupId') is None:
            raise self._refused(GROUP_PATH, 'the answer holds neither a success nor a failure')
        return successes[0]

    def _call(self, path, body, read):
        # The list call is a POST but only reads, so it may be repeated safely.
        try:
            answer = self.transport.request('POST', path, json_body=body,
                                            headers={'apiKey': self.api_key}, retry=read)
        except ApiError as error:
            if error.status == 403:
                error.message = 'the api_key may not use the group API (the vendor grants it per account)'
            raise
        if not isinstance(answer, dict):
            raise self._refused(path, 'unexpected answer body')
        return answer

    @staticmethod
    def _refused(path, message):
        # SignTogether reports per-group refusals inside an HTTP 200 answer.
        return ApiError('SignTogether refused the request', status=200,
                        vendor_message=message or 'no reason given', method='POST', path=path)
