"""Security365 SHIELD ID app-service emulator (../shared/contracts/security365.md).

Every call needs `Authorization: Bearer <JWT>`: an HS256 JWT signed with the
sandbox's secret whose payload carries `companyId` and `exp`. Unsigned or
otherwise forged tokens are refused, although the contract allows a sandbox
to accept them: the modules must not depend on that leniency.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
import uuid

from .frame import Emulator, Reply, VendorError, route

OK, DUPLICATE, INTERNAL, BAD_TOKEN, OTHER_COMPANY, PROFILE_UPDATE_FAILED = (
    0, 19, 1, 40101, 40102, 50001)
APP_ID_KEY, APP_SECRET_KEY = 'TENANT_APP_ID', 'TENANT_APP_SECRET'
TOKEN_LIFETIME = 24 * 3600
ADD_FAILURES = {
    INTERNAL: {'code': INTERNAL, 'message': 'An unexpected error has occurred in the internal system'},
    PROFILE_UPDATE_FAILED: {'code': PROFILE_UPDATE_FAILED, 'message': 'appId, appSecret update failed',
                            'error': 'Failed'},
}
SWITCHES = ('add_client_fails', 'delete_client_fails', 'delete_client_answers_19')


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode('ascii')


def b64url_decode(text):
    data = base64.b64decode(text + '=' * (-len(text) % 4), altchars=b'-_', validate=True)
    if b64url(data) != text:
        # Non-canonical encodings (stray low bits in the last character) would let
        # two different tokens carry one signature.
        raise ValueError('non-canonical base64url')
    return data


def sign_jwt(payload, key):
    header = b64url(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())
    body = b64url(json.dumps(payload, separators=(',', ':')).encode())
    signature = hmac.new(key, ('%s.%s' % (header, body)).encode(), hashlib.sha256).digest()
    return '%s.%s.%s' % (header, body, b64url(signature))


def verify_jwt(token, key, now):
    """The payload of a valid, unexpired token signed with `key`, else None."""
    parts = token.split('.')
    if len(parts) != 3:
        return None
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (binascii.Error, ValueError):
        return None
    if not isinstance(header, dict) or header.get('alg') != 'HS256' or not isinstance(payload, dict):
        return None
    expected = hmac.new(key, ('%s.%s' % (parts[0], parts[1])).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        return None
    expires = payload.get('exp')
    if not isinstance(expires, (int, float)) or isinstance(expires, bool) or expires <= now:
        return None
    if not isinstance(payload.get('companyId'), str) or not payload['companyId']:
        return None
    return payload


def result(code, message, status=200, **extra):
    body = {'code': code, 'message': message}
    body.update(extra)
    return Reply(status, body)


def refuse(status, code, message, **extra):
    return VendorError(result(code, message, status, **extra))


def refuse_auth(status, code, message, error, detail):
    # The documented token-error body (contract, correction 1).
    return VendorError(Reply(status, {'code': code, 'message': message, 'error': error,
                                      'detail': detail}))


def refuse_token(detail):
    return refuse_auth(401, BAD_TOKEN, 'Invalid token', 'invalid_token', detail)


def refuse_company(detail):
    return refuse_auth(403, OTHER_COMPANY, 'No matching company ID found', 'forbidden', detail)


class Security365Emulator(Emulator):
    name = 'security365'

    def __init__(self, config=None):
        config = dict(config or {})
        config.setdefault('signing_key', secrets.token_bytes(32))
        config.setdefault('company_id', 'tk-company-' + secrets.token_hex(3))
        config.setdefault('other_company_id', 'tk-other-' + secrets.token_hex(3))
        super().__init__(config)

    def reset_state(self):
        # company id -> {'client_id', 'client_secret', 'in_profile'}
        self.apps = {}
        # Profiles start with both keys empty; a delete removes them, so both
        # shapes the contract allows for "no app" are served.
        self.keys_removed = set()
        self.switches = dict.fromkeys(SWITCHES)

    def dump_state(self):
        return {'apps': dict((company, dict(app)) for company, app in self.apps.items()),
                'switches': dict(self.switches)}

    def credentials(self, url):
        return {'SECURITY365_BASE_URL': url, 'SECURITY365_COMPANY_ID': self.config['company_id'],
                'SECURITY365_TOKEN': self.issue_token(self.config['company_id'])}

    def test_data(self):
        company = self.config['company_id']
        other = self.config['other_company_id']
        return {
            'company_id': company,
            'other_company_id': other,
            'expired_token': self.issue_token(company, lifetime=-60),
            'other_company_token': self.issue_token(other),
            'malformed_token': 'not-a-jwt',
            'forged_token': sign_jwt({'companyId': company, 'exp': int(time.time()) + 3600},
                                     b'not-the-sandbox-key'),
        }

    def issue_token(self, company_id, lifetime=TOKEN_LIFETIME):
        now = int(time.time())
        return sign_jwt({'companyId': company_id, 'iat': now, 'exp': now + lifetime,
                         'jti': secrets.token_hex(8)}, self.config['signing_key'])

    def not_found(self, request):
        return Reply(404, {'code': 404, 'message': 'no route for %s %s' % (request.method, request.path)})

    def fault_reply(self, status):
        return Reply(status, {'code': status, 'message': 'injected fault'})

    def control(self, switches):
        """`add_client_fails`: 1 or 50001 makes addClientInfo fail with that
        code (HTTP 500), 0/null restores it; `delete_client_fails`: true makes
        deleteClientInfo answer 19 without deleting; `delete_client_answers_19`:
        true makes it delete and still answer 19; `profile_lost`: a company id
        whose app stays but vanishes from the profile (as after 50001);
        `issue_token`: {"company_id", "lifetime"} returns a signed token."""
        unknown = set(switches) - set(SWITCHES) - {'profile_lost', 'issue_token'}
        if unknown:
            raise refuse(400, 400, 'unknown switches: %s' % sorted(unknown))
        answer = {'ok': True}
        fails = switches.get('add_client_fails')
        if fails not in (None, 0, False) and fails not in ADD_FAILURES:
            raise refuse(400, 400, 'add_client_fails must be 0, 1 or 50001')
        for name in SWITCHES:
            if name in switches:
                self.switches[name] = switches[name] or None
        if switches.get('profile_lost'):
            if switches['profile_lost'] not in self.apps:
                raise refuse(400, 400, 'no app service for %s' % switches['profile_lost'])
            self.apps[switches['profile_lost']]['in_profile'] = False
        if switches.get('issue_token'):
            wanted = switches['issue_token']
            answer['token'] = self.issue_token(wanted['company_id'],
                                               int(wanted.get('lifetime', TOKEN_LIFETIME)))
        return answer

    # helpers ------------------------------------------------------------------
    def token_company(self, request):
        header = request.header('Authorization') or ''
        scheme, dummy, token = header.partition(' ')
        if scheme != 'Bearer' or not token:
            raise refuse_token('no Bearer token in the Authorization header')
        payload = verify_jwt(token, self.config['signing_key'], time.time())
        if payload is None:
            raise refuse_token('the token is malformed, not signed by the auth service, or expired')
        return payload['companyId']

    def path_company(self, request):
        company = self.token_company(request)
        if request.match['company'] != company:
            raise refuse_company('the token was issued for another company')
        return company

    @staticmethod
    def object_body(request):
        try:
            body = request.json()
        except ValueError:
            raise refuse(400, 400, 'the request body must be a JSON object')
        if not isinstance(body, dict):
            raise refuse(400, 400, 'the request body must be a JSON object')
        return body

    def profile(self, company):
        entries = [
            {'key': 'COMPANY_LOCALE', 'value': 'ko_KR', 'desc': 'Default locale', 'use': True,
             'additionalInformation': None},
            {'key': 'PASSWORD_MIN_LENGTH', 'value': '10', 'desc': 'Minimum password length',
             'use': True, 'additionalInformation': None},
        ]
        app = self.apps.get(company)
        if app and app['in_profile']:
            values = {APP_ID_KEY: app['client_id'], APP_SECRET_KEY: app['client_secret']}
        elif company in self.keys_removed:
            return entries
        else:
            values = {APP_ID_KEY: '', APP_SECRET_KEY: ''}
        entries.extend({'key': key, 'value': value, 'desc': 'App service %s' % key.rsplit('_', maxsplit=1)[-1].lower(),
                        'use': True, 'additionalInformation': None}
                       for key, value in values.items())
        return entries

    # routes -------------------------------------------------------------------
    @route('POST', r'/builtInProfile/info/all')
    def read_profile(self, request):
        company = self.token_company(request)
        body = self.object_body(request)
        if body.get('companyId') != company:
            raise refuse_company('the token was issued for another company')
        return result(OK, 'success', data=self.profile(company))

    @route('POST', r'/api/(?P<company>[^/]+)/client/addClientInfo', kind='write')
    def add_client(self, request):
        company = self.path_company(request)
        if request.body:
            raise refuse(400, 400, 'addClientInfo takes no request body')
        failure = self.switches['add_client_fails']
        if failure:
            raise VendorError(Reply(500, dict(ADD_FAILURES[failure])))
        if company in self.apps:
            return result(DUPLICATE, 'Duplicate app services')
        self.apps[company] = {'client_id': str(uuid.uuid4()), 'client_secret': secrets.token_urlsafe(32),
                              'in_profile': True}
        self.keys_removed.discard(company)
        return result(OK, 'App Service Addition Successful')

    @route('POST', r'/api/(?P<company>[^/]+)/client/deleteClientInfo', kind='write')
    def delete_client(self, request):
        company = self.path_company(request)
        client_id = self.object_body(request).get('clientId')
        if not isinstance(client_id, str) or not client_id:
            raise refuse(400, 400, 'clientId is required')
        app = self.apps.get(company)
        if app is None or app['client_id'] != client_id or self.switches['delete_client_fails']:
            return result(DUPLICATE, 'App Service Delete Failed')
        del self.apps[company]
        self.keys_removed.add(company)
        if self.switches['delete_client_answers_19']:
            return result(DUPLICATE, 'App Service Delete Failed')
        return result(OK, 'App Service Delete Successful')
