"""SignTogether group API emulator (../shared/contracts/signtogether.md).

Every call is a POST with an `apiKey` header. Each key is a partner key: it
may create root groups and sees the groups it created and all their
sub-groups. Errors of the request as a whole are HTTP 401/403/400 with
{"success": false, "message"}; per-set refusals of POST /rest/api/group land
in the failList of an HTTP 200 answer.

Corrections after the second audit, emulated at their worst reading:
- the list call needs `idList` even with `searchAll: true` (HTTP 400 without it);
- list items carry no `groupPartName` (the state still holds it);
- an update set changes every key of UPDATABLE: a key left out of `update` is
  set to null (a left-out groupPartName clears the part name, a left-out
  parentGroupId moves the group to the root, a left-out level empties it); a
  groupName left out or null is refused in the failList, as a group needs a name.
"""

import hashlib
import secrets
import time

from .frame import Emulator, Reply, VendorError, route

CONSENT_REQUIRED = ('isteenager', 'serviceuse', 'privacycollection')
CONSENT_KEYS = CONSENT_REQUIRED + ('marketinguse',)
ADMIN_KEYS = ('adminUserEmail', 'adminUserName', 'loginId', 'password')
OPTIONAL_TEXT = ('groupPartName', 'phoneNumber', 'linkedType')
UPDATABLE = ('groupName', 'groupPartName', 'level', 'parentGroupId')


def refuse(status, message):
    return VendorError(Reply(status, {'success': False, 'message': message}))


def bad_shape(message):
    return refuse(400, message)


class SetFailure(Exception):
    """One parameter set refused; it lands in the failList."""


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def consent_value(field, value):
    """True/False from a boolean or the strings "true"/"false"; anything else is a bad shape."""
    if isinstance(value, bool):
        return value
    if value in ('true', 'false'):
        return value == 'true'
    raise bad_shape('userConsent.%s must be a boolean or "true"/"false"' % field)


def now(millis=False):
    stamp = time.strftime('%Y-%m-%dT%H:%M:%S')
    return stamp + '.000' if millis else stamp


class SignTogetherEmulator(Emulator):
    name = 'signtogether'

    def __init__(self, config=None):
        config = dict(config or {})
        config.setdefault('api_key', 'st-' + secrets.token_hex(16))
        config.setdefault('other_api_key', 'st-' + secrets.token_hex(16))
        config.setdefault('no_group_api_key', 'st-' + secrets.token_hex(16))
        super().__init__(config)

    def reset_state(self):
        cfg = self.config
        # key -> (partner, group API granted)
        self.keys = {cfg['api_key']: ('partner-a', True),
                     cfg['other_api_key']: ('partner-b', True),
                     cfg['no_group_api_key']: ('partner-c', False)}
        self.groups = {}
        self.admins = {}
        self.next_group_id = 1
        self.next_admin_id = 1
        # Another partner's tenant: out of scope for the main key, and its admin login id is taken.
        self.add_group('partner-b', {
            'groupName': 'other-tenant', 'groupPartName': '', 'phoneNumber': '01000000000',
            'linkedType': None, 'level': 1, 'parentGroupId': None,
            'adminUser': {'adminUserEmail': 'other@example.com', 'adminUserName': 'Other',
                          'loginId': 'other-admin', 'password': secrets.token_urlsafe(12)}})

    def dump_state(self):
        return {'groups': [dict(self.groups[key]) for key in sorted(self.groups)],
                'admin_users': [dict(self.admins[key]) for key in sorted(self.admins)]}

    def credentials(self, url):
        return {'SIGNTOGETHER_BASE_URL': url, 'SIGNTOGETHER_API_KEY': self.config['api_key']}

    def test_data(self):
        return {'other_api_key': self.config['other_api_key'],
                'no_group_api_key': self.config['no_group_api_key'],
                'other_group_id': 1, 'taken_login_id': 'other-admin'}

    def not_found(self, request):
        return Reply(404, {'success': False,
                           'message': 'no such API: %s %s' % (request.method, request.path)})

    def fault_reply(self, status):
        return Reply(status, {'success': False, 'message': 'injected fault'})

    # state helpers ------------------------------------------------------------
    def add_group(self, partner, fields):
        group_id = self.next_group_id
        self.next_group_id += 1
        admin = fields['adminUser']
        admin_id = self.next_admin_id
        self.next_admin_id += 1
        self.admins[admin_id] = {
            'userId': admin_id, 'loginId': admin['loginId'], 'email': admin['adminUserEmail'],
            'name': admin['adminUserName'], 'groupId': group_id,
            'passwordSha256': hashlib.sha256(admin['password'].encode('utf-8')).hexdigest()}
        parent = fields.get('parentGroupId')
        level = fields.get('level')
        if level is None:
            level = self.groups[parent]['level'] + 1 if parent is not None else 1
        stamp = now(millis=True)
        self.groups[group_id] = {
            'groupId': group_id, 'groupName': fields['groupName'],
            'groupPartName': fields.get('groupPartName') or '',
            'urlPath': 'SGT_%010d' % group_id, 'createDate': stamp[:19], 'modifyDate': stamp,
            'groupAdminId': admin_id, 'groupAdminLoginId': admin['loginId'],
            'phoneNumber': fields.get('phoneNumber'), 'linkedType': fields.get('linkedType'),
            'level': level, 'parentGroupId': parent, 'used': True, 'owner': partner}
        return self.groups[group_id]

    def in_scope(self, partner, group):
        seen = 0
        while group is not None and seen <= len(self.groups):
            if group['owner'] == partner:
                return True
            group = self.groups.get(group['parentGroupId'])
            seen += 1
        return False

    def visible(self, partner, group_id):
        group = self.groups.get(group_id) if is_int(group_id) else None
        return group if group is not None and self.in_scope(partner, group) else None

    def ancestors(self, group_id):
        found = []
        while group_id is not None and group_id not in found:
            found.append(group_id)
            group_id = self.groups[group_id]['parentGroupId']
        return found

    def name_taken(self, name, parent, except_id=None):
        return any(group['groupName'] == name and group['parentGroupId'] == parent
                   and group['groupId'] != except_id for group in self.groups.values())

    def partner(self, request):
        key = request.header('apiKey')
        if not key or key not in self.keys:
            raise refuse(401, 'invalid apiKey')
        partner, granted = self.keys[key]
        if not granted:
            raise refuse(403, 'group api not permitted')
        return partner

    @staticmethod
    def body(request, kind):
        try:
            body = request.json()
        except ValueError:
            raise bad_shape('body must be JSON')
        if not isinstance(body, kind):
            raise bad_shape('body must be a JSON %s' % ('array' if kind is list else 'object'))
        return body

    # shape checks (HTTP 400) --------------------------------------------------
    @staticmethod
    def check_types(fields, where, text=(), numbers=(), nullable_numbers=()):
        for name in text:
            if fields.get(name) is not None and not isinstance(fields[name], str):
                raise bad_shape('%s%s must be a string' % (where, name))
        for name in numbers + nullable_numbers:
            value = fields.get(name)
            if value is None and (name in nullable_numbers or name not in fields):
                continue
            if not is_int(value):
                raise bad_shape('%s%s must be a number' % (where, name))

    def check_create_shape(self, index, item):
        where = '[%d].' % index
        self.check_types(item, where, text=('groupName',) + OPTIONAL_TEXT,
                         nullable_numbers=('level', 'parentGroupId'))
        for name in ('adminUser', 'userConsent'):
            if item.get(name) is not None and not isinstance(item[name], dict):
                raise bad_shape('%s%s must be an object' % (where, name))
        self.check_types(item.get('adminUser') or {}, where + 'adminUser.', text=ADMIN_KEYS)
        for name, value in (item.get('userConsent') or {}).items():
            if name not in CONSENT_KEYS:
                raise bad_shape('%suserConsent.%s is not a consent field' % (where, name))
            consent_value(name, value)

    def check_update_shape(self, index, item):
        where = '[%d].' % index
        self.check_types(item, where, nullable_numbers=('groupId',))
        update = item.get('update')
        if update is None:
            return
        if not isinstance(update, dict):
            raise bad_shape('%supdate must be an object' % where)
        unknown = sorted(set(update) - set(UPDATABLE))
        if unknown:
            raise bad_shape('%supdate may hold only %s, not %s'
                            % (where, ', '.join(UPDATABLE), ', '.join(unknown)))
        # The reference's update example sends every key, null included.
        self.check_types(update, where + 'update.', text=('groupName', 'groupPartName'),
                         nullable_numbers=('level', 'parentGroupId'))

    # per-set processing (failList) ---------------------------------------------
    def create(self, partner, item):
        admin = item.get('adminUser')
        if not admin:
            raise SetFailure('adminUser is required')
        for name in ADMIN_KEYS:
            if not admin.get(name):
                raise SetFailure('adminUser.%s is required' % name)
        if not item.get('groupName'):
            raise SetFailure('groupName is required')
        consent = item.get('userConsent')
        if not consent:
            raise SetFailure('userConsent is required')
        for name in CONSENT_KEYS:
            if name not in consent:
                raise SetFailure('userConsent.%s is required' % name)
        for name in CONSENT_REQUIRED:
            if not consent_value(name, consent[name]):
                raise SetFailure('userConsent.%s must be true' % name)
        if any(user['loginId'] == admin['loginId'] for user in self.admins.values()):
            raise SetFailure('loginId already exists: %s' % admin['loginId'])
        parent = item.get('parentGroupId')
        if parent is not None and self.visible(partner, parent) is None:
            raise SetFailure('unknown parentGroupId: %s' % parent)
        if self.name_taken(item['groupName'], parent):
            raise SetFailure('duplicate groupName: %s' % item['groupName'])
        group = self.add_group(partner, item)
        return dict(self.success_entry(group), update=None)

    def update(self, partner, item):
        group_id = item.get('groupId')
        if group_id is None:
            raise SetFailure('groupId is required')
        update = item.get('update')
        if not update:
            raise SetFailure('update is required')
        group = self.visible(partner, group_id)
        if group is None:
            raise SetFailure('unknown groupId: %s' % group_id)
        # The worst reading of the reference: a key left out of `update` is set to null.
        values = dict((key, update.get(key)) for key in UPDATABLE)
        if not values['groupName']:
            raise SetFailure('groupName is required')
        parent = values['parentGroupId']
        if parent is not None:
            if self.visible(partner, parent) is None:
                raise SetFailure('unknown parentGroupId: %s' % parent)
            if group_id in self.ancestors(parent):
                raise SetFailure('parentGroupId %s is the group or one of its sub-groups' % parent)
        if self.name_taken(values['groupName'], parent, except_id=group_id):
            raise SetFailure('duplicate groupName: %s' % values['groupName'])
        group.update(values)
        group['modifyDate'] = now(millis=True)
        return dict(self.success_entry(group), update=True)

    @staticmethod
    def success_entry(group):
        return {'urlPath': group['urlPath'], 'groupAdminId': group['groupAdminId'],
                'modifyDate': group['modifyDate'], 'message': '',
                'phoneNumber': group['phoneNumber'], 'parentGroupId': group['parentGroupId'],
                'level': group['level'], 'used': group['used'], 'success': True,
                'groupId': group['groupId'], 'groupName': group['groupName']}

    @staticmethod
    def list_entry(group):
        # No groupPartName: the vendor's list does not show it.
        return dict((key, group[key]) for key in (
            'groupId', 'groupName', 'urlPath', 'createDate', 'groupAdminId', 'groupAdminLoginId',
            'linkedType', 'level', 'parentGroupId', 'used'))

    # routes -------------------------------------------------------------------
    @route('POST', '/rest/api/group', kind='write')
    def write_groups(self, request):
        partner = self.partner(request)
        items = self.body(request, list)
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise bad_shape('[%d] must be an object' % index)
            if item.get('flag') == 'C':
                self.check_create_shape(index, item)
            elif item.get('flag') == 'U':
                self.check_update_shape(index, item)
            else:
                raise bad_shape('[%d].flag must be "C" or "U"' % index)
        successes, failures = [], []
        for item in items:
            action = self.create if item['flag'] == 'C' else self.update
            try:
                successes.append(action(partner, item))
            except SetFailure as failure:
                failures.append({'groupId': item.get('groupId'), 'groupName': item.get('groupName'),
                                 'success': False, 'message': str(failure)})
        return Reply(200, {'successCount': len(successes), 'failCount': len(failures),
                           'successList': successes, 'failList': failures})

    @route('POST', '/rest/api/groups/list', kind='read')
    def list_groups(self, request):
        partner = self.partner(request)
        body = self.body(request, dict)
        search_all = body.get('searchAll', False)
        if not isinstance(search_all, bool):
            raise bad_shape('searchAll must be a boolean')
        if 'idList' not in body:
            raise bad_shape('idList is required')
        if search_all:
            self.check_id_list(body['idList'])
            found = [group for group in self.groups.values() if self.in_scope(partner, group)]
            denied = []
        else:
            found, denied = self.by_ids(partner, body['idList'])
        found.sort(key=lambda group: group['groupId'])
        message = ', '.join('no permission groupId:%s' % group_id for group_id in denied)
        return Reply(200, {'success': True, 'message': message, 'searchAll': search_all,
                           'list': [self.list_entry(group) for group in found]})

    @staticmethod
    def check_id_list(id_list):
        if not isinstance(id_list, list):
            raise bad_shape('idList must be an array')
        for entry in id_list:
            if not isinstance(entry, dict) or not is_int(entry.get('groupId')):
                raise bad_shape('idList entries must be {"groupId": number}')

    def by_ids(self, partner, id_list):
        self.check_id_list(id_list)
        if not id_list:
            raise bad_shape('idList must not be empty when searchAll is false')
        found, denied = [], []
        for entry in id_list:
            group = self.visible(partner, entry['groupId'])
            if group is None:
                denied.append(entry['groupId'])
            elif group not in found:
                found.append(group)
        return found, denied
