"""Ncloud SSO user API emulator (../shared/contracts/ncloud-sso.md, with its corrections).

Strict where the contract allows: every call is signed (signature v2) and
timestamped, field rules are counted in UTF-8 bytes, the v2 formats of
loginId, phoneCountryCode (digits only, no +) and phoneNo are enforced (the
reference's \\d read as ASCII digits), a bulk call of more than 100 items
creates nothing, loginId is unique regardless of case (the contract does not
say; refusing case variants is the stricter choice), and bulk results come
back in another order than asked (the service does not promise the request's).

Errors: a field error answers the v2 `detail` and `fieldErrors`, any other
bad request the v2 `detail`, an unknown user id the v1 `details`.
"""

import base64
import hashlib
import hmac
import itertools
import random
import re
import secrets
import time
import uuid

from .frame import Emulator, Reply, VendorError, route
from .ncloud_sso_access import SsoAccess
from .ncloud_sso_groups import SsoGroups

PREFIX = '/api/v1'
ACCOUNT = '1234567'
# A second account of the organization, for assignments that move (replace).
SECOND_ACCOUNT = '7654321'
WINDOW_MS = 5 * 60 * 1000
PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, BULK_MAX = 20, 100, 100
SEARCH_COLUMNS = ('loginId', 'status', 'nrn', 'userId')
DUPLICATE = 'Duplicate login ID.'
LOGIN_ID = re.compile(r'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}')
LOGIN_ID_LENGTH = (3, 60)
EMAIL = re.compile(r'[^@\s]+@[^@\s]+\.[^@\s]+')
COUNTRY_CODE = re.compile(r'[0-9]{1,4}')
PHONE_NO = re.compile(r'[0-9]{3}-[0-9]{3,4}-[0-9]{4}|[0-9]{9,11}')
ORDER_SEED = 12
PROFILE_LIMITS = {'firstName': 200, 'lastName': 200, 'email': 200, 'empNo': 200,
                  'deptName': 200, 'phoneCountryCode': 10, 'phoneNo': 200}
GATEWAY = {400: ('100', 'Bad Request'), 401: ('200', 'Authentication Failed'),
           404: ('300', 'Not Found'), 413: ('430', 'Request Entity Too Large'),
           429: ('420', 'Rate Limited'), 500: ('900', 'Unexpected Error'),
           502: ('500', 'Endpoint Error'), 503: ('500', 'Endpoint Error'),
           504: ('510', 'Endpoint Timeout')}


def envelope(status, code, message, **extra):
    return Reply(status, {'error': dict(extra, errorCode=code, message=message)})


def refuse(status, code, message, **extra):
    return VendorError(envelope(status, code, message, **extra))


def bad_request(detail):
    return refuse(400, '100', 'Bad Request', detail=detail)


def invalid_fields(problems):
    """A v2 validation error: `detail` and one `fieldErrors` entry per (field, why)."""
    return refuse(400, '100', 'Bad Request', detail='%d fields are invalid' % len(problems),
                  fieldErrors=[{'field': field, 'message': why} for field, why in problems])


def unknown_user(user_id):
    return refuse(400, '100', 'Bad Request', details='user not found: %s' % user_id)


def item_reason(problems):
    """One bulk result's message: every (field, why) as one sentence."""
    return '; '.join('%s %s' % (field, why) for field, why in problems)


def sign(secret_key, method, uri, timestamp, access_key):
    message = '%s %s\n%s\n%s' % (method, uri, timestamp, access_key)
    digest = hmac.new(secret_key.encode('utf-8'), message.encode('utf-8'), hashlib.sha256).digest()
    return base64.b64encode(digest).decode('ascii')


def byte_length(text):
    return len(text.encode('utf-8'))


def field_problems(body):
    """(field, why) pairs for what breaks the field rules of a create or update body."""
    problems = []
    if not isinstance(body, dict):
        return [('user', 'must be a JSON object')]
    unknown = sorted(set(body) - {'loginId', 'description', 'userProfile', 'accessRules'})
    if unknown:
        problems.append(('user', 'has unknown fields: %s' % ', '.join(unknown)))
    problems.extend(text_problems('description', body.get('description'), 300))
    profile = body.get('userProfile')
    if profile is not None and not isinstance(profile, dict):
        problems.append(('userProfile', 'must be an object'))
    elif profile:
        unknown = sorted(set(profile) - set(PROFILE_LIMITS))
        if unknown:
            problems.append(('userProfile', 'has unknown fields: %s' % ', '.join(unknown)))
        for name, limit in sorted(PROFILE_LIMITS.items()):
            problems.extend(text_problems('userProfile.' + name, profile.get(name), limit))
        problems.extend(format_problems(profile))
    rules = body.get('accessRules')
    if not isinstance(rules, dict):
        problems.append(('accessRules', 'is required'))
    else:
        for name in ('consoleAccessAllowed', 'apiAccessAllowed'):
            if not isinstance(rules.get(name), bool):
                problems.append(('accessRules.' + name, 'is required and must be a boolean'))
        unknown = sorted(set(rules) - {'consoleAccessAllowed', 'apiAccessAllowed'})
        if unknown:
            problems.append(('accessRules', 'has unknown fields: %s' % ', '.join(unknown)))
    return problems


def text_problems(name, value, limit):
    if value is None:
        return []
    if not isinstance(value, str):
        return [(name, 'must be a string')]
    if byte_length(value) > limit:
        return [(name, 'must be at most %d bytes (it is %d)' % (limit, byte_length(value)))]
    return []


def format_problems(profile):
    checks = (('email', EMAIL, 'must be an email address'),
              ('phoneCountryCode', COUNTRY_CODE, 'must be 1 to 4 digits (^\\d{1,4}$)'),
              ('phoneNo', PHONE_NO, 'must be a mobile phone number (^(\\d{3}-\\d{3,4}-\\d{4}|\\d{9,11})$)'))
    return [('userProfile.' + name, why) for name, pattern, why in checks
            if isinstance(profile.get(name), str) and profile[name] and not pattern.fullmatch(profile[name])]


def login_id_problems(login_id):
    low, high = LOGIN_ID_LENGTH
    if not isinstance(login_id, str):
        return [('loginId', 'is required')]
    if not low <= len(login_id) <= high or not LOGIN_ID.fullmatch(login_id):
        return [('loginId', 'must be an email address of %d to %d characters' % (low, high))]
    return []


def out_of_order(results, rng):
    """Bulk results in another order than asked: a random cyclic permutation (Sattolo's
    algorithm), so no result keeps its place, and a client that reads results by position
    misreads every batch in which some items fail and others do not."""
    results = list(results)
    for index in range(len(results) - 1, 0, -1):
        other = rng.randrange(index)
        results[index], results[other] = results[other], results[index]
    return results


def public(user):
    return dict(user, userProfile=dict(user['userProfile']), accessRules=dict(user['accessRules']))


class NcloudSsoEmulator(SsoAccess, SsoGroups, Emulator):
    name = 'ncloud_sso'

    def __init__(self, config=None):
        config = dict(config or {})
        config.setdefault('access_key', 'AK' + secrets.token_hex(10).upper())
        config.setdefault('secret_key', secrets.token_urlsafe(30))
        config.setdefault('reader_access_key', 'AK' + secrets.token_hex(10).upper())
        config.setdefault('reader_secret_key', secrets.token_urlsafe(30))
        super().__init__(config)

    def reset_state(self):
        self.users = {}
        self.ids_by_login = {}
        self.reserved = set()
        self.clock_offset_ms = 0
        self.ticks = itertools.count()
        self.order = random.Random(ORDER_SEED)
        self.reset_groups()
        self.reset_access()

    def dump_state(self):
        return dict(self.dump_groups(), users=[public(user) for user in self.users.values()], **self.dump_access())

    def credentials(self, url):
        return {'NCLOUD_ACCESS_KEY': self.config['access_key'],
                'NCLOUD_SECRET_KEY': self.config['secret_key'],
                'NCLOUD_SSO_API_URL': url}

    def test_data(self):
        """A second key pair whose sub account may read but not write."""
        return {'reader_access_key': self.config['reader_access_key'],
                'reader_secret_key': self.config['reader_secret_key'],
                'account': ACCOUNT, 'second_account': SECOND_ACCOUNT}

    def not_found(self, request):
        return envelope(404, '300', 'Not Found')

    def fault_reply(self, status):
        code, message = GATEWAY.get(status, ('900', 'Unexpected Error'))
        return envelope(status, code, message)

    def control(self, switches):
        """`clock_offset_ms`: how far the server clock is ahead of real time;
        `add_users`: wire-shaped users created directly (loginId, ...);
        `reserve_login_ids`: login ids another run is creating at this moment: no list or
        search shows them yet, and a create of one is refused as a duplicate;
        `add_user_policies`: names of user-created Sub Account policies of the account.
        The answer carries test_data(), so a playbook can read it from the
        sandbox it talks to."""
        if 'clock_offset_ms' in switches:
            self.clock_offset_ms = int(switches['clock_offset_ms'])
        self.reserved.update(login_id.lower() for login_id in switches.get('reserve_login_ids', []))
        self.user_policies.update(switches.get('add_user_policies', []))
        added = [self.add_user(body)['userId'] for body in switches.get('add_users', [])]
        return {'ok': True, 'added': len(added), 'test': self.test_data()}

    # state ----------------------------------------------------------------------
    def add_user(self, body):
        user_id = str(uuid.uuid4())
        # createdAt must order users even when many are created in one millisecond.
        stamp = '%s.%06d' % (time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime()), next(self.ticks))
        user = {'userId': user_id, 'loginId': body['loginId'],
                'nrn': 'nrn:PUB:SSO::%s:User/%s' % (ACCOUNT, user_id),
                'status': 'active', 'lastLoginAt': None, 'createdAt': stamp, 'updatedAt': stamp}
        self.write_fields(user, body)
        self.users[user_id] = user
        self.ids_by_login[body['loginId'].lower()] = user_id
        return user

    @staticmethod
    def write_fields(user, body):
        profile = dict((name, (body.get('userProfile') or {}).get(name)) for name in PROFILE_LIMITS)
        profile.update(emailVerified=False, phoneNoVerified=False)
        user.update(description=body.get('description'), userProfile=profile,
                    accessRules=dict(body['accessRules']))

    def create_problems(self, body):
        """(field, why) pairs; [] when the body may be created."""
        login_id = body.get('loginId') if isinstance(body, dict) else None
        return login_id_problems(login_id) + field_problems(body)

    def taken(self, body):
        return body['loginId'].lower() in self.ids_by_login or body['loginId'].lower() in self.reserved

    def user(self, request):
        user = self.users.get(request.match['user_id'])
        if user is None:
            raise unknown_user(request.match['user_id'])
        return user

    # gateway --------------------------------------------------------------------
    def authenticate(self, request, write=False):
        access_key = request.header('x-ncp-iam-access-key')
        timestamp = request.header('x-ncp-apigw-timestamp') or ''
        signature = request.header('x-ncp-apigw-signature-v2') or ''
        keys = {self.config['access_key']: (self.config['secret_key'], True),
                self.config['reader_access_key']: (self.config['reader_secret_key'], False)}
        if access_key not in keys or not timestamp.isdigit():
            raise refuse(401, '200', 'Authentication Failed')
        now_ms = int(time.time() * 1000) + self.clock_offset_ms
        if abs(now_ms - int(timestamp)) > WINDOW_MS:
            raise refuse(401, '200', 'Authentication Failed: timestamp outside the 5 minute window')
        uri = request.path + ('?' + request.raw_query if request.raw_query else '')
        secret_key, may_write = keys[access_key]
        expected = sign(secret_key, request.method, uri, timestamp, access_key)
        if not hmac.compare_digest(expected, signature):
            raise refuse(401, '200', 'Authentication Failed: signature mismatch')
        if write and not may_write:
            raise refuse(401, '210', 'Permission Denied')

    @staticmethod
    def body(request, *keys):
        try:
            body = request.json()
        except (ValueError, UnicodeDecodeError):
            raise bad_request('the body must be JSON')
        if not isinstance(body, dict) or any(key not in body for key in keys):
            raise bad_request('the body must be an object with %s' % ', '.join(keys))
        return body

    @staticmethod
    def int_arg(request, name, default, low, high):
        value = request.arg(name, str(default))
        if not value.isdigit() or not low <= int(value) <= high:
            raise bad_request('%s must be an integer from %d to %d' % (name, low, high))
        return int(value)

    # users ----------------------------------------------------------------------
    @route('GET', PREFIX + '/users')
    def list_users(self, request):
        self.authenticate(request)
        page = self.int_arg(request, 'page', 0, 0, 10 ** 9)
        size = self.int_arg(request, 'size', PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX)
        users = list(self.users.values())
        column, word = request.arg('searchColumn'), request.arg('searchWord')
        if column is not None or word is not None:
            if column not in SEARCH_COLUMNS or not word:
                raise bad_request('searchColumn must be one of %s, with a searchWord'
                                  % ', '.join(SEARCH_COLUMNS))
            word = word.lower()
            users = [user for user in users if word in user[column].lower()]
        total = len(users)
        pages = (total + size - 1) // size
        return Reply(200, {'page': page, 'totalPages': pages, 'totalItems': total,
                           'hasPrevious': page > 0, 'hasNext': page + 1 < pages,
                           'isFirst': page == 0, 'isLast': page + 1 >= pages,
                           'items': [public(user) for user in users[page * size:(page + 1) * size]]})

    @route('GET', PREFIX + r'/users/(?P<user_id>[^/]+)')
    def get_user(self, request):
        self.authenticate(request)
        return Reply(200, public(self.user(request)))

    @route('POST', PREFIX + '/users', kind='write')
    def create_user(self, request):
        self.authenticate(request, write=True)
        body = self.body(request)
        problems = self.create_problems(body)
        if problems:
            raise invalid_fields(problems)
        if self.taken(body):
            raise bad_request(DUPLICATE)
        user = self.add_user(body)
        return Reply(200, {'id': user['userId'], 'nrn': user['nrn'], 'success': True})

    @route('POST', PREFIX + '/users/bulk', kind='write')
    def bulk_create(self, request):
        self.authenticate(request, write=True)
        items = self.body(request, 'params')['params']
        if not isinstance(items, list) or not 1 <= len(items) <= BULK_MAX:
            raise bad_request('params must hold 1 to %d users' % BULK_MAX)
        answers = []
        for item in items:
            name = item.get('loginId') if isinstance(item, dict) else None
            problems = self.create_problems(item)
            if problems or self.taken(item):
                answers.append({'name': name, 'success': False,
                                'message': item_reason(problems) if problems else DUPLICATE})
                continue
            user = self.add_user(item)
            answers.append({'id': user['userId'], 'nrn': user['nrn'], 'name': name, 'success': True})
        return Reply(200, out_of_order(answers, self.order))

    @route('PUT', PREFIX + r'/users/(?P<user_id>[^/]+)', kind='write')
    def update_user(self, request):
        self.authenticate(request, write=True)
        user = self.user(request)
        body = self.body(request)
        if 'loginId' in body and body['loginId'] != user['loginId']:
            raise bad_request('loginId cannot be changed')
        problems = field_problems(body)
        if problems:
            raise invalid_fields(problems)
        self.write_fields(user, body)
        user['updatedAt'] = time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime())
        return Reply(200, {'id': user['userId'], 'nrn': user['nrn'], 'success': True})

    @route('DELETE', PREFIX + r'/users/(?P<user_id>[^/]+)', kind='write')
    def delete_user(self, request):
        self.authenticate(request, write=True)
        user = self.user(request)
        self.remove(user)
        return Reply(200, {'id': user['userId'], 'nrn': user['nrn'], 'success': True})

    @route('POST', PREFIX + '/users/delete', kind='write')
    def bulk_delete(self, request):
        self.authenticate(request, write=True)
        ids = self.body(request, 'userIds')['userIds']
        if not isinstance(ids, list) or not 1 <= len(ids) <= BULK_MAX:
            raise bad_request('userIds must hold 1 to %d ids' % BULK_MAX)
        answers = []
        for user_id in ids:
            user = self.users.get(user_id) if isinstance(user_id, str) else None
            if user is None:
                answers.append({'id': user_id, 'nrn': None, 'success': False,
                                'message': 'user not found: %s' % user_id})
                continue
            self.remove(user)
            answers.append({'id': user_id, 'nrn': user['nrn'], 'success': True, 'message': None})
        return Reply(200, out_of_order(answers, self.order))

    def remove(self, user):
        del self.users[user['userId']]
        del self.ids_by_login[user['loginId'].lower()]
        self.forget_user(user['userId'])
        self.forget_target('user', user['userId'])
