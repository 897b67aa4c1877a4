# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ncloud SSO client: signature v2, the users endpoints and paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import re
import time

from urllib.parse import quote, urlsplit

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError, HttpTransport
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import transport_options

NCLOUD_API_URL = 'https://sso.apigw.ntruss.com'
API_PREFIX = '/api/v1'
PAGE_SIZE = 100
BULK_MAX = 100
PROFILE_FIELDS = (('first_name', 'firstName'), ('last_name', 'lastName'), ('email', 'email'),
                  ('emp_no', 'empNo'), ('phone_country_code', 'phoneCountryCode'),
                  ('phone_no', 'phoneNo'), ('dept_name', 'deptName'))
RULE_FIELDS = (('console_access_allowed', 'consoleAccessAllowed'),
               ('api_access_allowed', 'apiAccessAllowed'))
DESCRIPTION_MAX_BYTES = 300
PROFILE_MAX_BYTES = {'first_name': 200, 'last_name': 200, 'email': 200, 'emp_no': 200,
                     'phone_country_code': 10, 'phone_no': 200, 'dept_name': 200}
EMAIL_FORMAT = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+\Z')
PROFILE_FORMATS = {'email': (EMAIL_FORMAT, 'an email address'),
                   'phone_country_code': (re.compile(r'^\+?[0-9]+\Z'), 'digits with an optional leading +'),
                   'phone_no': (re.compile(r'^[0-9][0-9-]*\Z'), 'digits and hyphens')}
READ_ONLY_FIELDS = (('user_id', 'userId'), ('nrn', 'nrn'), ('status', 'status'),
                    ('last_login_at', 'lastLoginAt'), ('created_at', 'createdAt'),
                    ('updated_at', 'updatedAt'))


def ncloud_argument_spec():
    spec = dict(
        access_key=dict(type='str', required=True, no_log=False,
                        fallback=(env_fallback, ['NCLOUD_ACCESS_KEY'])),
        secret_key=dict(type='str', required=True, no_log=True,
                        fallback=(env_fallback, ['NCLOUD_SECRET_KEY'])),
        api_url=dict(type='str', default=NCLOUD_API_URL,
                     fallback=(env_fallback, ['NCLOUD_SSO_API_URL'])),
    )
    spec.update(transport_options())
    return spec


def describe_ncloud_error(body):
    """(errorCode, message) from the gateway envelope {"error": {...}}."""
    error = body.get('error') if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None
    message = error.get('message')
    if error.get('details'):
        message = '%s: %s' % (message, error['details'])
    return error.get('errorCode'), message


def signature_v2(secret_key, method, request_uri, timestamp, access_key):
    """Base64(HMAC-SHA256(secret, "METHOD URI\\nTIMESTAMP\\nACCESSKEY"))."""
    message = '%s %s\n%s\n%s' % (method, request_uri, timestamp, access_key)
    digest = hmac.new(to_bytes(secret_key), to_bytes(message), hashlib.sha256).digest()
    return to_text(base64.b64encode(digest))


def encode_query(pairs):
    """A query string from (name, value) pairs, percent-encoded UTF-8, in order."""
    return '&'.join('%s=%s' % (quote(to_bytes(name), safe='-_.~'), quote(to_bytes(value), safe='-_.~'))
                    for name, value in pairs)


def login_id_problems(login_id):
    if not isinstance(login_id, str) or not EMAIL_FORMAT.match(login_id):
        return ['login_id must be an email address']
    return []


def user_problems(user):
    """Why a user (module option shape) breaks the API's field rules; [] if it does not.

    Lengths are counted in UTF-8 bytes, as the API counts them.
    """
    problems = login_id_problems(user.get('login_id'))
    problems.extend(_byte_problems('description', user.get('description'), DESCRIPTION_MAX_BYTES))
    profile = user.get('user_profile') or {}
    for name, limit in sorted(PROFILE_MAX_BYTES.items()):
        problems.extend(_byte_problems('user_profile.' + name, profile.get(name), limit))
    for name, (pattern, what) in sorted(PROFILE_FORMATS.items()):
        if profile.get(name) and not pattern.match(profile[name]):
            problems.append('user_profile.%s must be %s' % (name, what))
    return problems


def _byte_problems(name, value, limit):
    size = len(to_bytes(value)) if value else 0
    if size > limit:
        return ['%s is %d bytes in UTF-8, more than %d' % (name, size, limit)]
    return []


def user_from_wire(user):
    """A user as the modules return it: snake_case, nested like the API."""
    profile = user.get('userProfile') or {}
    rules = user.get('accessRules') or {}
    result = dict((name, user.get(wire)) for name, wire in READ_ONLY_FIELDS)
    result.update(login_id=user.get('loginId'), description=user.get('description'))
    result['user_profile'] = dict((name, profile.get(wire)) for name, wire in PROFILE_FIELDS)
    result['user_profile'].update(email_verified=profile.get('emailVerified'),
                                  phone_no_verified=profile.get('phoneNoVerified'))
    result['access_rules'] = dict((name, rules.get(wire)) for name, wire in RULE_FIELDS)
    return result


def user_to_wire(user, with_login_id=True):
    """The writable fields of a user; empty values are left out, which clears them."""
    body = {}
    if with_login_id:
        body['loginId'] = user['login_id']
    if user.get('description'):
        body['description'] = user['description']
    profile = user.get('user_profile') or {}
    body['userProfile'] = dict((wire, profile[name]) for name, wire in PROFILE_FIELDS if profile.get(name))
    rules = user.get('access_rules') or {}
    body['accessRules'] = dict((wire, bool(rules.get(name))) for name, wire in RULE_FIELDS)
    return body


class SsoUsersClient:
    """The users of one NAVER Cloud account's SSO directory."""

    def __init__(self, transport, access_key, secret_key, clock=time.time):
        self.transport = transport
        self.access_key = access_key
        self.secret_key = secret_key
        self.clock = clock
        # A path in api_url is part of the URI the gateway sees and signs.
        self.base_path = urlsplit(transport.base_url).path.rstrip('/')

    @classmethod
    def from_params(cls, params):
        transport = HttpTransport(params['api_url'], timeout=params['timeout'],
                                  validate_certs=params['validate_certs'],
                                  describe_error=describe_ncloud_error)
        return cls(transport, params['access_key'], params['secret_key'])

    # reads ----------------------------------------------------------------------
    def list_page(self, page, size=PAGE_SIZE, search_column=None, search_word=None):
        query = []
        if search_column is not None:
            query = [('searchColumn', search_column), ('searchWord', search_word)]
        query += [('page', page), ('size', size)]
        return self._call('GET', '/users', query=query)

    def list_users(self, search_column=None, search_word=None):
        """Every user, or every user whose search_column contains search_word."""
        first = self.list_page(0, search_column=search_column, search_word=search_word)
        items = list(first.get('items') or [])
        for page in range(1, page_count(first)):
            items.extend(self.list_page(page, search_column=search_column,
                                        search_word=search_word).get('items') or [])
        return [user_from_wire(user) for user in items]

    def find_users(self, login_ids):
        """{login_id: user} for those of login_ids that exist.

        Reads page 0 of all users; then pages through the rest when that
        takes no more requests than searching each user not yet seen.
        """
        wanted = list(dict.fromkeys(login_ids))
        if not wanted:
            return {}
        if len(wanted) == 1:
            return self._search_login_ids(wanted)
        found = {}
        first = self.list_page(0)
        self._keep(first, wanted, found)
        pages = page_count(first)
        missing = [login_id for login_id in wanted if login_id not in found]
        if missing and len(missing) >= pages - 1:
            for page in range(1, pages):
                self._keep(self.list_page(page), wanted, found)
        elif missing:
            found.update(self._search_login_ids(missing))
        return found

    def _search_login_ids(self, login_ids):
        found = {}
        for login_id in login_ids:
            # searchWord also matches partially; keep exact matches only.
            page, pages = 0, 1
            while page < pages and login_id not in found:
                answer = self.list_page(page, search_column='loginId', search_word=login_id)
                self._keep(answer, [login_id], found)
                pages = page_count(answer)
                page += 1
        return found

    @staticmethod
    def _keep(answer, wanted, found):
        wanted = set(wanted)
        for user in answer.get('items') or []:
            if user.get('loginId') in wanted:
                found[user['loginId']] = user_from_wire(user)

    def get_user(self, user_id):
        return user_from_wire(self._call('GET', '/users/%s' % quote(to_bytes(user_id), safe='')))

    # writes ---------------------------------------------------------------------
    def bulk_create(self, users):
        """One (ok, user or message) pair per user, in order."""
        if not 1 <= len(users) <= BULK_MAX:
            raise ValueError('bulk_create takes 1 to %d users' % BULK_MAX)
        answers = self._call('POST', '/users/bulk', body={'params': [user_to_wire(u) for u in users]})
        answers = self._answer_list(answers, len(users), 'POST', '/users/bulk')
        results = []
        for user, answer in zip(users, answers):
            if answer.get('success') is True:
                results.append((True, created_user(user, answer)))
            else:
                results.append((False, answer.get('message') or 'refused without a message'))
        return results

    def create(self, user):
        answer = self._call('POST', '/users', body=user_to_wire(user))
        return created_user(user, answer)

    def update(self, current, user):
        """Replace the writable fields of `current` (a user as read) with those
        of `user`; returns the user as it is afterwards."""
        self._call('PUT', '/users/%s' % quote(to_bytes(current['user_id']), safe=''),
                   body=user_to_wire(user, with_login_id=False))
        body = user_to_wire(user)
        body.update((wire, current.get(name)) for name, wire in READ_ONLY_FIELDS)
        return user_from_wire(body)

    def delete(self, user_id):
        self._call('DELETE', '/users/%s' % quote(to_bytes(user_id), safe=''))

    def bulk_delete(self, user_ids):
        """One (ok, None or message) pair per id, in order."""
        if not 1 <= len(user_ids) <= BULK_MAX:
            raise ValueError('bulk_delete takes 1 to %d ids' % BULK_MAX)
        answers = self._call('POST', '/users/delete', body={'userIds': list(user_ids)})
        answers = self._answer_list(answers, len(user_ids), 'POST', '/users/delete')
        by_id = dict((answer.get('id'), answer) for answer in answers)
        results = []
        for user_id in user_ids:
            answer = by_id.get(user_id) or {}
            if answer.get('success') is True:
                results.append((True, None))
            else:
                results.append((False, answer.get('message') or 'not deleted, no reason given'))
        return results

    # transport ------------------------------------------------------------------
    def _answer_list(self, answers, count, method, path):
        if not isinstance(answers, list) or len(answers) != count:
            raise ApiError('Ncloud SSO answered a bulk call with %s results for %d users'
                           % (len(answers) if isinstance(answers, list) else 'no', count),
                           method=method, path=self.base_path + API_PREFIX + path, ambiguous=True)
        return answers

    def _call(self, method, path, query=None, body=None, retry=None):
        path = API_PREFIX + path
        if query:
            path += '?' + encode_query(query)
        uri = self.base_path + path
        timestamp = str(int(self.clock() * 1000))
        headers = {
            'x-ncp-apigw-timestamp': timestamp,
            'x-ncp-iam-access-key': self.access_key,
            'x-ncp-apigw-signature-v2': signature_v2(self.secret_key, method, uri, timestamp,
                                                     self.access_key),
        }
        # The query is already encoded into the path: what is signed is what is sent.
        return self.transport.request(method, path, json_body=body, headers=headers, retry=retry)


def page_count(answer):
    total_pages = answer.get('totalPages')
    if isinstance(total_pages, int):
        return total_pages
    total, size = answer.get('totalItems') or 0, len(answer.get('items') or []) or PAGE_SIZE
    return -(-total // size)


def created_user(user, answer):
    """The user as created, from what was sent and the ids the API answered."""
    body = user_to_wire(user)
    body.update(userId=answer.get('id'), nrn=answer.get('nrn'), status='active')
    return user_from_wire(body)
