"""AppPot Server emulator (../shared/contracts/apppot.md).

Every answer is HTTP 200 with {"status", "errCode", "description"}; the
sandbox's meanings of the error codes are the contract's [assumed] table.
"""

import secrets
import time

from .frame import Emulator, Reply, VendorError, route

PREFIX = r'/apppot/api/(?P<company>[^/]+)/(?P<app>[^/]+)/(?P<version>[^/]+)'
OK, BAD_PARAMETER, UNKNOWN_APP_KEY, BAD_TOKEN, FORBIDDEN, NO_GROUP, BAD_LOGIN = (
    0, 105, 101, 110, 120, 121, 201)
WRITE_ROLES = ('SuperAdmin', 'Admin')


def answer(**fields):
    body = {'status': 'OK', 'errCode': OK, 'description': None}
    body.update(fields)
    return Reply(200, body)


def refuse(code, description):
    return VendorError(Reply(200, {'status': 'error', 'errCode': code, 'description': description}))


class AppPotEmulator(Emulator):
    name = 'apppot'
    redacted_query = ('token', 'appKey')

    def __init__(self, config=None):
        config = dict(config or {})
        config.setdefault('company_id', '1')
        config.setdefault('app_id', 'tenantapp')
        config.setdefault('app_version', '1.0.0')
        config.setdefault('app_key', secrets.token_hex(16))
        config.setdefault('admin_password', secrets.token_urlsafe(12))
        config.setdefault('user_password', secrets.token_urlsafe(12))
        config.setdefault('valid_time_ms', 18000000)
        super().__init__(config)

    def reset_state(self):
        cfg = self.config
        self.users = {
            'admin': {'userId': 1, 'password': cfg['admin_password'], 'role': 'Admin',
                      'firstName': 'Ada', 'lastName': 'Admin'},
            'user': {'userId': 2, 'password': cfg['user_password'], 'role': 'User',
                     'firstName': 'Uma', 'lastName': 'User'},
        }
        self.anonymous_tokens = set()
        self.user_tokens = {}
        self.groups = {1: {'groupId': 1, 'groupName': 'default', 'description': 'seed group'}}
        self.next_group_id = 2
        self.valid_time_ms = cfg['valid_time_ms']

    def dump_state(self):
        return {'groups': sorted(self.groups.values(), key=lambda g: g['groupId']),
                'sessions': len(self.user_tokens)}

    def credentials(self, url):
        cfg = self.config
        return {'APPPOT_BASE_URL': url + '/apppot', 'APPPOT_COMPANY_ID': cfg['company_id'],
                'APPPOT_APP_ID': cfg['app_id'], 'APPPOT_APP_VERSION': cfg['app_version'],
                'APPPOT_USERNAME': 'admin', 'APPPOT_PASSWORD': cfg['admin_password'],
                'APPPOT_APP_KEY': cfg['app_key']}

    def test_data(self):
        return {'admin_password': self.config['admin_password'],
                'user_password': self.config['user_password']}

    def not_found(self, request):
        return Reply(404, {'status': 'error', 'errCode': 404,
                           'description': 'no such resource: %s' % request.path})

    def fault_reply(self, status):
        return Reply(status, {'status': 'error', 'errCode': status, 'description': 'injected fault'})

    def control(self, switches):
        """`expire_tokens`: every user token answers 110 from now on;
        `valid_time_ms`: lifetime of tokens issued from now on;
        `issue_token`: a user token for that user, as a login would give;
        `add_groups`: groups created directly (names may repeat)."""
        result = {'ok': True}
        if switches.get('expire_tokens'):
            self.user_tokens = {}
        if 'valid_time_ms' in switches:
            self.valid_time_ms = int(switches['valid_time_ms'])
        if switches.get('issue_token'):
            result['token'] = self.new_session(switches['issue_token'])
        for group in switches.get('add_groups', []):
            self.add_group(group['groupName'], group.get('description'))
        return result

    def new_session(self, username):
        token = 'user-' + secrets.token_hex(16)
        self.user_tokens[token] = {'username': username,
                                   'expires': time.time() + self.valid_time_ms / 1000.0}
        return token

    def add_group(self, name, description):
        group = {'groupId': self.next_group_id, 'groupName': name, 'description': description}
        self.groups[group['groupId']] = group
        self.next_group_id += 1
        return group

    # helpers ------------------------------------------------------------------
    def check_app(self, request):
        cfg, match = self.config, request.match
        versions = (cfg['app_version'], cfg['app_version'].replace('.', '_'))
        if (match['company'], match['app']) != (cfg['company_id'], cfg['app_id']) \
                or match['version'] not in versions:
            raise VendorError(Reply(404, {'status': 'error', 'errCode': 404,
                                          'description': 'unknown company, app or version'}))

    def session(self, request, write=False):
        self.check_app(request)
        token = request.header('apppot-token')
        if token is None and request.method in ('GET', 'DELETE'):
            token = request.arg('token')
        session = self.user_tokens.get(token) if token else None
        if session is None or session['expires'] < time.time():
            raise refuse(BAD_TOKEN, 'invalid or expired token')
        if write and self.users[session['username']]['role'] not in WRITE_ROLES:
            raise refuse(FORBIDDEN, 'permission denied: Admin or SuperAdmin role required')
        return session

    @staticmethod
    def object_body(request):
        try:
            body = request.json()
        except ValueError:
            raise refuse(BAD_PARAMETER, 'body must be a JSON object')
        if not isinstance(body, dict):
            raise refuse(BAD_PARAMETER, 'body must be a JSON object')
        return body

    def group_fields(self, request):
        body = self.object_body(request)
        name = body.get('groupName')
        if not isinstance(name, str) or not name:
            raise refuse(BAD_PARAMETER, 'groupName is required')
        if len(name) > 255:
            raise refuse(BAD_PARAMETER, 'groupName is longer than 255 characters')
        description = body.get('description')
        if description is not None and not isinstance(description, str):
            raise refuse(BAD_PARAMETER, 'description must be a string')
        if 'isAddCurrentApp' in body and not isinstance(body['isAddCurrentApp'], bool):
            raise refuse(BAD_PARAMETER, 'isAddCurrentApp must be a boolean')
        return name, description, body

    def group(self, request):
        group = self.groups.get(int(request.match['group_id']))
        if group is None:
            raise refuse(NO_GROUP, 'group not found: %s' % request.match['group_id'])
        return group

    # auth ---------------------------------------------------------------------
    @route('GET', PREFIX + '/anonymousTokens', kind='auth')
    def anonymous_token(self, request):
        self.check_app(request)
        if request.arg('appKey') != self.config['app_key']:
            raise refuse(UNKNOWN_APP_KEY, 'unknown appKey')
        if not request.arg('deviceUDID'):
            raise refuse(BAD_PARAMETER, 'deviceUDID is required')
        token = 'anon-' + secrets.token_hex(16)
        self.anonymous_tokens.add(token)
        return answer(results=token)

    @route('POST', PREFIX + '/auth/login', kind='auth')
    def login(self, request):
        self.check_app(request)
        if request.header('apppot-token') not in self.anonymous_tokens:
            raise refuse(BAD_TOKEN, 'anonymous token missing or unknown')
        body = self.object_body(request)
        for field in ('username', 'password', 'appId', 'deviceUDID', 'appVersion', 'companyId'):
            if not isinstance(body.get(field), str) or not body[field]:
                raise refuse(BAD_PARAMETER, '%s is required' % field)
        if not isinstance(body.get('isPush'), bool):
            raise refuse(BAD_PARAMETER, 'isPush must be a boolean')
        if (body['appId'], body['companyId']) != (self.config['app_id'], self.config['company_id']):
            raise refuse(BAD_PARAMETER, 'appId or companyId does not match the path')
        user = self.users.get(body['username'])
        if user is None or user['password'] != body['password']:
            raise refuse(BAD_LOGIN, 'wrong username or password')
        token = self.new_session(body['username'])
        return answer(authInfo={
            'userTokens': token, 'validTime': self.valid_time_ms, 'userId': user['userId'],
            'userInfo': {'account': body['username'], 'firstName': user['firstName'],
                         'lastName': user['lastName']},
            'groupsAndRoles': [{'groupId': 1, 'groupName': 'default', 'roleName': user['role'],
                                'roleId': 2 if user['role'] == 'Admin' else 3}]})

    @route('POST', PREFIX + '/auth/logout', kind='auth')
    def logout(self, request):
        self.session(request)
        self.user_tokens.pop(request.header('apppot-token'), None)
        return answer()

    # groups -------------------------------------------------------------------
    @route('GET', PREFIX + '/groups')
    def list_groups(self, request):
        self.session(request)
        return answer(groups=[dict(g) for g in sorted(self.groups.values(),
                                                      key=lambda g: g['groupId'])])

    @route('POST', PREFIX + '/groups', kind='write')
    def create_group(self, request):
        self.session(request, write=True)
        name, description, dummy = self.group_fields(request)
        return answer(group=dict(self.add_group(name, description)))

    @route('PUT', PREFIX + r'/groups/(?P<group_id>\d+)', kind='write')
    def update_group(self, request):
        self.session(request, write=True)
        group = self.group(request)
        name, description, body = self.group_fields(request)
        if 'groupId' in body and body['groupId'] != group['groupId']:
            raise refuse(BAD_PARAMETER, 'groupId in the body does not match the path')
        group.update(groupName=name, description=description)
        return answer(group=dict(group))

    @route('DELETE', PREFIX + r'/groups/(?P<group_id>\d+)', kind='write')
    def delete_group(self, request):
        self.session(request, write=True)
        group = self.group(request)
        del self.groups[group['groupId']]
        return answer()
