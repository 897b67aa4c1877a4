# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Security365 SHIELD ID client: the company's app service (OAuth client),
read from the built-in profile and managed through addClientInfo and
deleteClientInfo."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import MISSING, Answer, shape_of
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    AlreadyExists, ApiError, HttpTransport, path_of)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import transport_options

OK = 0
APP_SERVICE_CONFLICT = 19
PROFILE_UPDATE_FAILED = 50001
INVALID_TOKEN = 40101
OTHER_COMPANY = 40102
APP_ID_KEY = 'TENANT_APP_ID'
APP_SECRET_KEY = 'TENANT_APP_SECRET'
HINTS = {
    INVALID_TOKEN: 'the token is missing, malformed or expired',
    OTHER_COMPANY: 'the token was issued for another company than company_id',
}


def security365_argument_spec():
    spec = dict(
        base_url=dict(type='str', required=True, fallback=(env_fallback, ['SECURITY365_BASE_URL'])),
        company_id=dict(type='str', required=True, fallback=(env_fallback, ['SECURITY365_COMPANY_ID'])),
        token=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['SECURITY365_TOKEN'])),
    )
    spec.update(transport_options('SECURITY365'))
    return spec


def app_options():
    """The options of security365_app, but the connection."""
    return dict(
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        client_id=dict(type='str'),
        return_secret=dict(type='bool', default=False, no_log=False),
    )


def describe_security365_error(body):
    """(code, message) from either field naming the vendor uses; a token
    error's `detail` says why the token was refused."""
    if not isinstance(body, dict):
        return None, None
    code = body.get('code', body.get('errorCode'))
    message = body.get('message', body.get('msg')) or body.get('error')
    detail = body.get('detail')
    if isinstance(detail, str) and detail and message:
        message = '%s: %s' % (message, detail)
    return _as_int(code), message


def classify_security365_error(status, code):
    """The vendor's meaning of a refusal: its hint, and 50001 as a definite answer."""
    meaning = {'message': 'Security365 refused the request'}
    if code in HINTS:
        meaning['message'] += ' (%s)' % HINTS[code]
    if code == PROFILE_UPDATE_FAILED:
        # A definite answer despite the 500: the app exists, its id was not stored.
        meaning.update(ambiguous=False, transient=False)
    return meaning


def app_from_profile(entries):
    """{'client_id', 'client_secret'} from the profile entries (objects with
    a string `key`), or None when no app is recorded."""
    values = {}
    for entry in entries:
        if entry['key'] in (APP_ID_KEY, APP_SECRET_KEY):
            values[entry['key']] = entry.get('value')
    if not values.get(APP_ID_KEY):
        return None
    return {'client_id': values[APP_ID_KEY], 'client_secret': values.get(APP_SECRET_KEY) or None}


class Security365Client:
    """One SHIELD ID company, addressed with a company-bound JWT."""

    def __init__(self, transport, company_id, token):
        self.transport = transport
        self.company_id = company_id
        self.prefix = path_of('api', company_id, 'client')
        # Accept a token pasted with its scheme, as it appears in an Authorization header.
        if token.startswith('Bearer '):
            token = token[len('Bearer '):]
        self._headers = {'Authorization': 'Bearer %s' % token.strip()}

    @classmethod
    def from_params(cls, params):
        transport = HttpTransport.from_params(params, 'base_url', describe_security365_error,
                                              classify_security365_error)
        return cls(transport, params['company_id'], params['token'])

    def read_app(self):
        """The app recorded in the company's profile, or None."""
        dummy, answer = self._call('/builtInProfile/info/all', {'companyId': self.company_id},
                                   retry=True)
        entries = answer.objects('data', keys=(('key', 'string'),))
        for index, entry in enumerate(entries):
            if entry['key'] in (APP_ID_KEY, APP_SECRET_KEY):
                answer.field('value', 'string', nullable=True, within=entry, where='data[%d]' % index)
        return app_from_profile(entries)

    def create_app(self):
        """Create the app service and return it as the profile holds it. Code 19 (the
        company has one already: another run made it meanwhile) is AlreadyExists."""
        path = self.prefix + '/addClientInfo'
        code, answer = self._call(path, accept=(APP_SERVICE_CONFLICT,))
        if code == APP_SERVICE_CONFLICT:
            # Shown only when the profile read back holds no app either.
            raise AlreadyExists('Security365 reports an app service (code 19), but the company profile holds no '
                                'TENANT_APP_ID (its update may have failed, code 50001), so the client id is '
                                'unknown', status=200, code=code,
                                vendor_message=describe_security365_error(answer.body)[1], method='POST', path=path)
        app = self.read_app()
        if app is None:
            raise ApiError('Security365 created the app service, but the company profile holds no TENANT_APP_ID '
                           '(its update may have failed, code 50001), so the client id is unknown',
                           method='POST', path='/builtInProfile/info/all')
        return app

    def delete_app(self, client_id):
        """Delete the app service. Code 19 means not deleted or an unknown id: only a fresh
        read tells which, and the delete fails only if the app is still there."""
        path = self.prefix + '/deleteClientInfo'
        code, answer = self._call(path, {'clientId': client_id}, accept=(APP_SERVICE_CONFLICT,))
        if code == APP_SERVICE_CONFLICT and (self.read_app() or {}).get('client_id') == client_id:
            raise ApiError('Security365 did not delete the app service', status=200, code=code,
                           vendor_message=describe_security365_error(answer.body)[1], method='POST', path=path)

    def _call(self, path, body=None, accept=(), retry=None):
        """(code, Answer) of a call whose code is 0 or one of `accept`."""
        answer = Answer(self.transport.request('POST', path, json_body=body, headers=self._headers, retry=retry),
                        'POST', path, 'Security365', write=not retry)
        code, message = describe_security365_error(answer.root())
        if not isinstance(code, int):
            raise answer.wrong('code is %s, expected a number' % shape_of(
                answer.body.get('code', answer.body.get('errorCode', MISSING))))
        if code != OK and code not in accept:
            raise ApiError('Security365 refused the request', status=200, code=code,
                           vendor_message=message, method='POST', path=path)
        return code, answer


def _as_int(code):
    # The vendor's tables do not say whether codes are numbers or strings; accept both.
    if isinstance(code, str) and code.strip().lstrip('-').isdigit():
        return int(code)
    return code
