# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AppPot Server client: token handling and the groups endpoints."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import transport_options

TOKEN_INVALID = 110
GROUP_NAME_MAX = 255


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
    spec.update(transport_options())
    return spec


APPPOT_MODULE_KWARGS = dict(
    required_one_of=[('token', 'username')],
    required_together=[('username', 'password', 'app_key')],
)


def describe_apppot_error(body):
    if isinstance(body, dict):
        return body.get('errCode'), body.get('description')
    return None, None


def group_from_wire(group):
    return {'group_id': group.get('groupId'), 'name': group.get('groupName'),
            'description': group.get('description')}


class AppPotClient:
    """One AppPot app, addressed as /api/{company}/{app}/{version}/."""

    def __init__(self, transport, company_id, app_id, app_version, token=None,
                 username=None, password=None, app_key=None, device_udid='tenantkit-saas'):
        self.transport = transport
        self.prefix = '/api/%s/%s/%s' % (company_id, app_id, app_version)
        self.company_id = company_id
        self.app_id = app_id
        self.app_version = app_version
        self.username = username
        self.password = password
        self.app_key = app_key
        self.device_udid = device_udid
        self._token = token

    @classmethod
    def from_params(cls, params):
        transport = HttpTransport(params['base_url'], timeout=params['timeout'],
                                  validate_certs=params['validate_certs'],
                                  describe_error=describe_apppot_error)
        return cls(transport, params['company_id'], params['app_id'], params['app_version'],
                   token=params['token'] or None, username=params['username'],
                   password=params['password'], app_key=params['app_key'],
                   device_udid=params['device_udid'])

    def list_groups(self):
        body = self._call('GET', '/groups')
        return [group_from_wire(group) for group in body.get('groups') or []]

    def create_group(self, name, description, add_to_current_app=False):
        body = self._call('POST', '/groups', {'groupName': name, 'description': description,
                                              'isAddCurrentApp': bool(add_to_current_app)})
        return group_from_wire(body['group'])

    def update_group(self, group_id, name, description):
        body = self._call('PUT', '/groups/%s' % group_id,
                          {'groupName': name, 'description': description})
        return group_from_wire(body['group'])

    def delete_group(self, group_id):
        self._call('DELETE', '/groups/%s' % group_id)

    @property
    def can_login(self):
        return bool(self.username and self.password and self.app_key)

    def _call(self, method, path, body=None):
        if self._token is None:
            self._token = self._login()
        try:
            return self._request(method, path, body, self._token)
        except ApiError as error:
            if error.code != TOKEN_INVALID or not self.can_login:
                raise
        # The token expired or was revoked; AppPot rejected the call before acting on it.
        self._token = self._login()
        return self._request(method, path, body, self._token)

    def _request(self, method, path, body, token):
        answer = self.transport.request(method, self.prefix + path, json_body=body,
                                        headers={'apppot-token': token})
        self._raise_for_status(answer, method, path)
        return answer

    def _login(self):
        if not self.can_login:
            raise ApiError('no AppPot token: set token, or username, password and app_key')
        anonymous = self.transport.request(
            'GET', self.prefix + '/anonymousTokens',
            params={'appKey': self.app_key, 'deviceUDID': self.device_udid})
        self._raise_for_status(anonymous, 'GET', '/anonymousTokens')
        answer = self.transport.request(
            'POST', self.prefix + '/auth/login', headers={'apppot-token': anonymous['results']},
            json_body={'username': self.username, 'password': self.password,
                       'appId': self.app_id, 'deviceUDID': self.device_udid, 'isPush': False,
                       'appVersion': self.app_version, 'companyId': self.company_id},
            retry=True)
        self._raise_for_status(answer, 'POST', '/auth/login')
        auth = answer.get('authInfo') or answer.get('authInfor') or {}
        if not auth.get('userTokens'):
            raise ApiError('AppPot login answered without a user token', method='POST',
                           path=self.prefix + '/auth/login')
        return auth['userTokens']

    def _raise_for_status(self, answer, method, path):
        if not isinstance(answer, dict):
            raise ApiError('AppPot answered with an unexpected body', method=method,
                           path=self.prefix + path)
        if answer.get('status') == 'error' or answer.get('errCode') not in (0, None):
            # AppPot reports errors in the body of an HTTP 200 answer.
            raise ApiError('AppPot refused the request', status=200, code=answer.get('errCode'),
                           vendor_message=answer.get('description'), method=method,
                           path=self.prefix + path)
