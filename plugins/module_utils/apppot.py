# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AppPot Server client: token handling and the groups endpoints."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import Answer
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    ApiError, HttpTransport, path_of, remember_secret)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, transport_options

SERVICE = 'AppPot'
# The vendor's error codes (contracts/apppot.md, correction 2).
APP_NOT_FOUND, USER_NOT_FOUND, WRONG_LOGIN, TOKEN_EXPIRED, TOKEN_UNKNOWN = 105, 110, 111, 120, 121
RELOGIN_CODES = (TOKEN_EXPIRED, TOKEN_UNKNOWN)
APP_HINT = 'check app_key, company_id, app_id and app_version'
LOGIN_HINTS = {
    APP_NOT_FOUND: APP_HINT,
    USER_NOT_FOUND: 'check username',
    WRONG_LOGIN: 'check username and password',
}
# The reference lists no header for these, only the `token` parameter; the SDK sends both.
TOKEN_IN_QUERY = ('GET', 'DELETE')
GROUP_NAME_MAX = 255
GROUP_KEYS = (('groupId', 'integer'), ('groupName', 'string'))
# company_id, app_id and app_version name the app in the URL path (/api/{company}/{app}/{version}).
ADDRESS_OPTIONS = ('company_id', 'app_id', 'app_version')
ADDRESS_SEGMENT = re.compile(r'^(?!\.+\Z)[A-Za-z0-9._-]{1,128}\Z')


def apppot_argument_spec():
    spec = dict(
        base_url=dict(type='str', required=True, fallback=(env_fallback, ['APPPOT_BASE_URL'])),
        company_id=dict(type='str', required=True, fallback=(env_fallback, ['APPPOT_COMPANY_ID'])),
        app_id=dict(type='str', required=True, fallback=(env_fallback, ['APPPOT_APP_ID'])),
        app_version=dict(type='str', required=True, fallback=(env_fallback, ['APPPOT_APP_VERSION'])),
        token=dict(type='str', no_log=True, fallback=(env_fallback, ['APPPOT_TOKEN'])),
        username=dict(type='str', fallback=(env_fallback, ['APPPOT_USERNAME'])),
        password=dict(type='str', no_log=True, fallback=(env_fallback, ['APPPOT_PASSWORD'])),
        app_key=dict(type='str', no_log=True, fallback=(env_fallback, ['APPPOT_APP_KEY'])),
        device_udid=dict(type='str', default='tenantkit-saas'),
    )
    spec.update(transport_options('APPPOT'))
    return spec


APPPOT_MODULE_KWARGS = dict(
    required_one_of=[('token', 'username')],
    required_together=[('username', 'password', 'app_key')],
)


def check_app_address(params):
    """Refuse, before any request, an app address that would not stay one path segment each."""
    for name in ADDRESS_OPTIONS:
        if not ADDRESS_SEGMENT.match(params[name]):
            raise InvalidInput('%s must be 1 to 128 letters, digits, ".", "_" or "-" (not only dots): '
                               'it is part of the URL path' % name)


def describe_apppot_error(body):
    if isinstance(body, dict):
        return body.get('errCode'), body.get('description')
    return None, None


def read_group(answer, group, where):
    """A group object of an answer, its shape checked, keyed by option names."""
    answer.check(group, 'object', where)
    for key, kind in GROUP_KEYS:
        answer.field(key, kind, within=group, where=where)
    if 'description' in group:
        answer.field('description', 'string', nullable=True, within=group, where=where)
    return {'group_id': group['groupId'], 'name': group['groupName'],
            'description': group.get('description')}


class AppPotClient:
    """One AppPot app, addressed as /api/{company}/{app}/{version}/."""

    def __init__(self, transport, company_id, app_id, app_version, token=None,
                 username=None, password=None, app_key=None, device_udid='tenantkit-saas'):
        self.transport = transport
        self.prefix = path_of('api', company_id, app_id, app_version)
        self.company_id = company_id
        self.app_id = app_id
        self.app_version = app_version
        self.username = username
        self.password = password
        self.app_key = app_key
        self.device_udid = device_udid
        self._token = token
        self._logged_in_again = False

    @classmethod
    def from_params(cls, params):
        check_app_address(params)
        transport = HttpTransport.from_params(params, 'base_url', describe_apppot_error)
        return cls(transport, params['company_id'], params['app_id'], params['app_version'],
                   token=params['token'] or None, username=params['username'],
                   password=params['password'], app_key=params['app_key'],
                   device_udid=params['device_udid'])

    def list_groups(self):
        answer = self._call('GET', '/groups')
        items = answer.objects('groups', keys=GROUP_KEYS)
        return [read_group(answer, item, 'groups[%d]' % index) for index, item in enumerate(items)]

    def create_group(self, name, description, add_to_current_app=True):
        answer = self._call('POST', '/groups', {'groupName': name, 'description': description,
                                                'isAddCurrentApp': bool(add_to_current_app)})
        return read_group(answer, answer.field('group', 'object'), 'group')

    def update_group(self, group_id, name, description):
        answer = self._call('PUT', path_of('groups', group_id),
                            {'groupName': name, 'description': description})
        return read_group(answer, answer.field('group', 'object'), 'group')

    def delete_group(self, group_id):
        self._call('DELETE', path_of('groups', group_id))

    @property
    def can_login(self):
        return bool(self.username and self.password and self.app_key)

    def full_path(self, path):
        return self.prefix + path

    def _call(self, method, path, body=None):
        """The Answer of one call with the user token, logging in first when there is none."""
        if self._token is None:
            self._token = self._login()
        try:
            return self._request(method, path, body, self._token)
        except ApiError as error:
            if error.code not in RELOGIN_CODES or not self.can_login or self._logged_in_again:
                raise
        # 120 (expired) and 121 (does not exist) refuse the call before acting on it.
        self._logged_in_again = True
        self._token = self._login()
        return self._request(method, path, body, self._token)

    def _request(self, method, path, body, token):
        params = {'token': token} if method in TOKEN_IN_QUERY else None
        raw = self.transport.request(method, self.full_path(path), params=params, json_body=body,
                                     headers={'apppot-token': token})
        return self._answer(raw, method, path, write=method != 'GET')

    def _login(self):
        if not self.can_login:
            raise ApiError('no AppPot token: set token, or username, password and app_key')
        raw = self.transport.request(
            'GET', self.full_path('/anonymousTokens'),
            params={'appKey': self.app_key, 'deviceUDID': self.device_udid})
        anonymous = self._answer(raw, 'GET', '/anonymousTokens', hints={APP_NOT_FOUND: APP_HINT},
                                 what='the anonymous token')
        raw = self.transport.request(
            'POST', self.full_path('/auth/login'),
            headers={'apppot-token': self._issued_token(anonymous, 'results')},
            json_body={'username': self.username, 'password': self.password,
                       'appId': self.app_id, 'deviceUDID': self.device_udid, 'isPush': False,
                       'appVersion': self.app_version, 'companyId': self.company_id},
            retry=True)
        login = self._answer(raw, 'POST', '/auth/login', hints=LOGIN_HINTS, what='the login')
        # Older servers spell it authInfor.
        body = login.root()
        key = 'authInfor' if 'authInfo' not in body and 'authInfor' in body else 'authInfo'
        return self._issued_token(login, 'userTokens', within=login.field(key, 'object'), where=key)

    @staticmethod
    def _issued_token(answer, key, within=None, where=None):
        """A token the service issued: a non-empty string, kept out of every message."""
        value = answer.field(key, 'string', within=within, where=where)
        remember_secret(value)
        if not value:
            raise answer.wrong('%s is an empty string' % ('%s.%s' % (where, key) if where else key))
        return value

    def _answer(self, body, method, path, write=False, hints=None, what='the request'):
        """The Answer of a call whose envelope says it succeeded; else the vendor's refusal."""
        answer = Answer(body, method, self.full_path(path), SERVICE, write=write)
        code = answer.field('errCode', 'integer')
        status = answer.field('status', 'string')
        if status == 'error' or code != 0:
            # AppPot reports errors in the body of an HTTP 200 answer.
            raise self._refusal(answer, code, what, (hints or {}).get(code))
        return answer

    @staticmethod
    def _refusal(answer, code, what, hint):
        description = answer.body.get('description')
        message = 'AppPot refused %s' % what
        if hint:
            message += ' (%s)' % hint
        return ApiError(message, status=200, code=code,
                        vendor_message=description if isinstance(description, str) else None,
                        method=answer.method, path=answer.path)
