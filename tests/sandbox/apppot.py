"""AppPot Server emulator (../shared/contracts/apppot.md, with its corrections).

Every answer is HTTP 200 with {"status", "errCode", "description"}.

errCodes from the vendor's table (contract, correction 2):
  105  app does not exist (unknown appKey; unknown company, app or version in the path)
  110  user does not exist (auth/login)
  111  wrong user or password (auth/login)
  120  token expired
  121  token does not exist (none sent, unknown, or ended by a logout)
The vendor publishes no codes for the following; the sandbox uses codes
outside that table for them, so that no client can lean on a guess:
  900  invalid parameter (missing groupName, wrong type, name longer than 255)
  903  permission denied (the user is neither SuperAdmin nor Admin)
  904  group not found

The user token travels as the query parameter `token` on GET and DELETE (the
`apppot-token` header is ignored there) and in the `apppot-token` header on
POST and PUT (contract, correction 1).

Groups are tied to the current app or not (`isAddCurrentApp` on create; the
seed group is tied). `GET groups` lists only the tied groups (contract,
correction 3) unless the control switch `list_all_groups` is on.
"""

import secrets
import time

from .frame import Emulator, Reply, VendorError, route

PREFIX = r'/apppot/api/(?P<company>[^/]+)/(?P<app>[^/]+)/(?P<version>[^/]+)'
OK = 0
NO_APP, NO_USER, BAD_LOGIN, TOKEN_EXPIRED, NO_TOKEN = 105, 110, 111, 120, 121
BAD_PARAMETER, FORBIDDEN, NO_GROUP = 900, 903, 904
WRITE_ROLES = ('SuperAdmin', 'Admin')
SEED_GROUP_ID = 1


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
        self.groups = {SEED_GROUP_ID: {'groupId': SEED_GROUP_ID, 'groupName': 'default',
                                       'description': 'seed group'}}
        self.app_group_ids = {SEED_GROUP_ID}
        self.list_all_groups = False
        self.next_group_id = SEED_GROUP_ID + 1
        self.valid_time_ms = cfg['valid_time_ms']

    def dump_state(self):
        return {'groups': sorted(self.groups.values(), key=lambda g: g['groupId']),
                'app_group_ids': sorted(self.app_group_ids),
                'list_all_groups': self.list_all_groups,
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
        """`expire_tokens`: every user token answers 120 (expired) from now on;
        `revoke_tokens`: every user token answers 121 (does not exist) from now on;
        `valid_time_ms`: lifetime of tokens issued from now on;
        `issue_token`: a user token for that user, as a login would give;
        `list_all_groups`: true lists every group, false (the default) only those tied to the app;
        `add_groups`: groups created directly (names may repeat), each
        {"groupName", "description", "isAddCurrentApp"}; tied to the app unless
        isAddCurrentApp is false."""
        result = {'ok': True}
        if switches.get('expire_tokens'):
            for session in self.user_tokens.values():
                session['expires'] = 0
        if switches.get('revoke_tokens'):
            self.user_tokens = {}
        if 'valid_time_ms' in switches:
            self.valid_time_ms = int(switches['valid_time_ms'])
        if 'list_all_groups' in switches:
            self.list_all_groups = bool(switches['list_all_groups'])
        if switches.get('issue_token'):
            result['token'] = self.new_session(switches['issue_token'])
        for group in switches.get('add_groups', []):
            result.setdefault('group_ids', []).append(self.add_group(
                group['groupName'], group.get('description'),
                tied=group.get('isAddCurrentApp', True) is not False)['groupId'])
        return result

    def new_session(self, username):
        token = 'user-' + secrets.token_hex(16)
        self.user_tokens[token] = {'username': username,
                                   'expires': time.time() + self.valid_time_ms / 1000.0}
        return token

    def add_group(self, name, description, tied=True):
        group = {'groupId': self.next_group_id, 'groupName': name, 'description': description}
        self.groups[group['groupId']] = group
        if tied:
            self.app_group_ids.add(group['groupId'])
        self.next_group_id += 1
        return group

    def listed_groups(self):
        return [dict(group) for group_id, group in sorted(self.groups.items())
                if self.list_all_groups or group_id in self.app_group_ids]

    # helpers ------------------------------------------------------------------
    def check_app(self, request):
        cfg, match = self.config, request.match
        versions = (cfg['app_version'], cfg['app_version'].replace('.', '_'))
        if (match['company'], match['app']) != (cfg['company_id'], cfg['app_id']) \
                or match['version'] not in versions:
            raise refuse(NO_APP, 'app does not exist: unknown company, app or version')

    @staticmethod
    def user_token(request):
        # The reference lists no header for GET and DELETE, only the `token` parameter.
        if request.method in ('GET', 'DELETE'):
            return request.arg('token')
        return request.header('apppot-token')

    def session(self, request, write=False):
        self.check_app(request)
        token = self.user_token(request)
        session = self.user_tokens.get(token) if token else None
        if session is None:
            raise refuse(NO_TOKEN, 'token does not exist')
        if session['expires'] < time.time():
            raise refuse(TOKEN_EXPIRED, 'token expired')
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
            raise refuse(NO_APP, 'app does not exist: unknown appKey')
        if not request.arg('deviceUDID'):
            raise refuse(BAD_PARAMETER, 'deviceUDID is required')
        token = 'anon-' + secrets.token_hex(16)
        self.anonymous_tokens.add(token)
        return answer(results=token)

    @route('POST', PREFIX + '/auth/login', kind='auth')
    def login(self, request):
        self.check_app(request)
        if request.header('apppot-token') not in self.anonymous_tokens:
            raise refuse(NO_TOKEN, 'anonymous token does not exist')
        body = self.object_body(request)
        for field in ('username', 'password', 'appId', 'deviceUDID', 'appVersion', 'companyId'):
            if not isinstance(body.get(field), str) or not body[field]:
                raise refuse(BAD_PARAMETER, '%s is required' % field)
        if not isinstance(body.get('isPush'), bool):
            raise refuse(BAD_PARAMETER, 'isPush must be a boolean')
        if (body['appId'], body['companyId']) != (self.config['app_id'], self.config['company_id']):
            raise refuse(NO_APP, 'app does not exist: appId or companyId does not match the path')
        user = self.users.get(body['username'])
        if user is None:
            raise refuse(NO_USER, 'user does not exist')
        if user['password'] != body['password']:
            raise refuse(BAD_LOGIN, 'wrong username or password')
        token = self.new_session(body['username'])
        return answer(authInfo={
            'userTokens': token, 'validTime': self.valid_time_ms, 'userId': user['userId'],
            'userInfo': {'account': body['username'], 'firstName': user['firstName'],
                         'lastName': user['lastName']},
            'groupsAndRoles': [{'groupId': SEED_GROUP_ID, 'groupName': 'default',
                                'roleName': user['role'],
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
        return answer(groups=self.listed_groups())

    @route('POST', PREFIX + '/groups', kind='write')
    def create_group(self, request):
        self.session(request, write=True)
        name, description, body = self.group_fields(request)
        # Left out, isAddCurrentApp reads as false: the worst case for a client.
        group = self.add_group(name, description, tied=body.get('isAddCurrentApp') is True)
        return answer(group=dict(group))

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
        self.app_group_ids.discard(group['groupId'])
        return answer()
