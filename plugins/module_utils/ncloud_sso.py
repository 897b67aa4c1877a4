# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ncloud SSO client: signature v2, the users endpoints and paging, answers read
with their shape checked."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import hmac
import re
import time

from collections import namedtuple
from urllib.parse import quote, urlsplit

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.text.converters import to_bytes, to_text

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import Answer
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import list_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    AlreadyExists, ApiError, HttpTransport, path_of, remember_secret)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import transport_options

NCLOUD_API_URL = 'https://sso.apigw.ntruss.com'
API_PREFIX = '/api/v1'
SERVICE = 'Ncloud SSO'
PAGE_SIZE = 100
# The most pages one listing reads: 100,000 users at 100 a page.
MAX_PAGES = 1000
BULK_MAX = 100
PROFILE_FIELDS = (('first_name', 'firstName'), ('last_name', 'lastName'), ('email', 'email'),
                  ('emp_no', 'empNo'), ('phone_country_code', 'phoneCountryCode'),
                  ('phone_no', 'phoneNo'), ('dept_name', 'deptName'))
RULE_FIELDS = (('console_access_allowed', 'consoleAccessAllowed'),
               ('api_access_allowed', 'apiAccessAllowed'))
DESCRIPTION_MAX_BYTES = 300
PROFILE_MAX_BYTES = {'first_name': 200, 'last_name': 200, 'email': 200, 'emp_no': 200,
                     'phone_country_code': 10, 'phone_no': 200, 'dept_name': 200}
LOGIN_ID_LENGTH = (3, 60)
# The v2 reference writes \d; the service reads it as ASCII digits, and so do these.
LOGIN_ID_FORMAT = re.compile(r'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}')
EMAIL_FORMAT = re.compile(r'[^@\s]+@[^@\s]+\.[^@\s]+')
COUNTRY_CODE_FORMAT = re.compile(r'[0-9]{1,4}')
PHONE_NO_FORMAT = re.compile(r'[0-9]{3}-[0-9]{3,4}-[0-9]{4}|[0-9]{9,11}')
PROFILE_FORMATS = {
    'email': (EMAIL_FORMAT, 'an email address'),
    'phone_country_code': (COUNTRY_CODE_FORMAT,
                           'digits with an optional leading +: 1 to 4 digits, such as 82 or +82'),
    'phone_no': (PHONE_NO_FORMAT,
                 'digits and hyphens: 000-000-0000, 000-0000-0000, or 9 to 11 digits without hyphens'),
}
READ_ONLY_FIELDS = (('user_id', 'userId'), ('nrn', 'nrn'), ('status', 'status'),
                    ('last_login_at', 'lastLoginAt'), ('created_at', 'createdAt'),
                    ('updated_at', 'updatedAt'))
Page = namedtuple('Page', 'items total_pages')


def ncloud_argument_spec():
    spec = dict(
        access_key=dict(type='str', required=True, no_log=True,
                        fallback=(env_fallback, ['NCLOUD_ACCESS_KEY'])),
        secret_key=dict(type='str', required=True, no_log=True,
                        fallback=(env_fallback, ['NCLOUD_SECRET_KEY'])),
        api_url=dict(type='str', default=NCLOUD_API_URL,
                     fallback=(env_fallback, ['NCLOUD_SSO_API_URL'])),
    )
    spec.update(transport_options('NCLOUD'))
    return spec


def describe_ncloud_error(body):
    """(errorCode, message) of an error body: the gateway envelope {"error": {...}}
    or a bare error object.

    The message adds the v2 `detail` and `fieldErrors` and the v1 `details`.
    """
    if not isinstance(body, dict):
        return None, None
    error = body.get('error', body)
    if isinstance(error, str):
        return None, error
    if not isinstance(error, dict):
        return None, None
    texts = []
    for text in [_error_text(error.get(key)) for key in ('message', 'detail', 'details')] + [
            _error_text(error.get('fieldErrors'))]:
        if text and text not in texts:
            texts.append(text)
    return _error_code(error.get('errorCode', error.get('code'))), ': '.join(texts) or None


def _error_code(code):
    if isinstance(code, bool) or not isinstance(code, (str, int)):
        return None
    return str(code)


def _error_text(value):
    """Readable text from a string, a list, or a field error object ({"field", "message"})."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return '; '.join(text for text in (_error_text(item) for item in value) if text)
    if isinstance(value, dict):
        field = _first_text(value, ('field', 'fieldName', 'name'))
        reason = _first_text(value, ('message', 'reason', 'defaultMessage', 'detail'))
        if field or reason:
            return ': '.join(text for text in (field, reason) if text)
        return '; '.join('%s: %s' % (key, _error_text(item)) for key, item in sorted(value.items(), key=str))
    return ''


def _first_text(value, keys):
    for key in keys:
        if isinstance(value.get(key), str) and value[key].strip():
            return value[key].strip()
    return ''


def signature_v2(secret_key, method, request_uri, timestamp, access_key):
    """Base64(HMAC-SHA256(secret, "METHOD URI\\nTIMESTAMP\\nACCESSKEY"))."""
    message = '%s %s\n%s\n%s' % (method, request_uri, timestamp, access_key)
    digest = hmac.new(to_bytes(secret_key), to_bytes(message), hashlib.sha256).digest()
    return to_text(base64.b64encode(digest))


def encode_query(pairs):
    """A query string from (name, value) pairs, percent-encoded UTF-8, in order."""
    return '&'.join('%s=%s' % (quote(to_bytes(name), safe='-_.~'), quote(to_bytes(value), safe='-_.~'))
                    for name, value in pairs)


def user_options():
    """The options of one user: each item of ncloud_users_bulk's users."""
    return dict(
        login_id=dict(type='str', required=True),
        description=dict(type='str'),
        user_profile=dict(type='dict', options=dict((name, dict(type='str')) for name, dummy in PROFILE_FIELDS)),
        access_rules=dict(type='dict', apply_defaults=True,
                          options=dict((name, dict(type='bool', default=False)) for name, dummy in RULE_FIELDS)),
    )


def users_bulk_options():
    """The options of ncloud_users_bulk, but the connection."""
    return dict(
        users=dict(type='list', elements='dict', options=user_options()),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        update_existing=dict(type='bool', default=True),
        batch_size=dict(type='int', default=100),
        return_users=dict(type='bool', default=False),
        users_file=dict(type='path'),
    )


def users_problems(users, state='present', places=None):
    """Every problem of ncloud_users_bulk's users, each by its place (users[3], or `places`:
    row 7 of a file). The service compares login ids without regard to case: so does this."""
    problems_of = user_problems if state == 'present' else lambda user: login_id_problems(user['login_id'])
    return list_problems('users', users, lambda user, index: problems_of(user), lambda user: str(user['login_id']).lower(),
                         lambda user: user['login_id'], places and places.__getitem__)


def login_id_problems(login_id):
    """Why a login id breaks the v2 format ([] if it does not)."""
    if not isinstance(login_id, str) or not LOGIN_ID_FORMAT.fullmatch(login_id):
        return ['login_id must be an email address such as name@example.com: letters, digits and ._%+- '
                'before the @, and a domain that ends in two or more letters']
    low, high = LOGIN_ID_LENGTH
    if not low <= len(login_id) <= high:
        return ['login_id must be an email address of %d to %d characters, not %d' % (low, high, len(login_id))]
    return []


def profile_value(name, value):
    """A profile field as it is sent and compared: a country code without the + a user may write."""
    if name == 'phone_country_code' and isinstance(value, str) and value.startswith('+'):
        return value[1:]
    return value


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
        # A number the user wrote for text (phone_country_code: 82) is its text.
        if profile.get(name) and not pattern.fullmatch(profile_value(name, str(profile[name]))):
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
    body['userProfile'] = dict((wire, profile_value(name, profile[name]))
                               for name, wire in PROFILE_FIELDS if profile.get(name))
    rules = user.get('access_rules') or {}
    body['accessRules'] = dict((wire, bool(rules.get(name))) for name, wire in RULE_FIELDS)
    return body


class SsoAnswer(Answer):
    """One answer of the Ncloud SSO API, read with its shape checked."""

    def __init__(self, body, method, path, write=False):
        super(SsoAnswer, self).__init__(body, method, path, SERVICE, write=write)

    def refuse_error_body(self):
        """An error envelope answered with a success status is an error, never a result."""
        if isinstance(self.body, dict) and 'error' in self.body:
            code, message = describe_ncloud_error(self.body)
            raise self.wrong('an error (%s) where a result was expected' % (message or 'no message'), code=code)

    def optional(self, container, key, kind, where):
        """container[key] if it is of `kind`, None if missing or null, else the error."""
        return self.check(container.get(key), kind, '%s.%s' % (where, key), nullable=True)

    def user(self, user, where):
        """A user object whose values the client reads all have their documented types."""
        self.field('userId', 'string', within=user, where=where)
        self.field('loginId', 'string', within=user, where=where)
        for key in ('nrn', 'description', 'status', 'lastLoginAt', 'createdAt', 'updatedAt'):
            self.optional(user, key, 'string', where)
        profile = self.optional(user, 'userProfile', 'object', where) or {}
        for dummy, wire in PROFILE_FIELDS:
            self.optional(profile, wire, 'string', where + '.userProfile')
        for wire in ('emailVerified', 'phoneNoVerified'):
            self.optional(profile, wire, 'boolean', where + '.userProfile')
        rules = self.optional(user, 'accessRules', 'object', where) or {}
        for dummy, wire in RULE_FIELDS:
            self.optional(rules, wire, 'boolean', where + '.accessRules')
        return user

    def results_by(self, key):
        """The results of a bulk call grouped by `key` (name or id): {value: [result, ...]}."""
        grouped = {}
        for index, result in enumerate(self.objects(keys=((key, 'string'), ('success', 'boolean')))):
            where = 'body[%d]' % index
            if result['success']:
                self.field('id', 'string', within=result, where=where)
            self.optional(result, 'nrn', 'string', where)
            grouped.setdefault(result[key], []).append(result)
        return grouped

    def matched(self, key, sent, applied, refused):
        """One (ok, value) pair per (key value, item) sent, in that order, whatever the
        answer's order: (True, applied(item, result)), (False, refused(result)), or (False,
        an ambiguous ApiError) when the answer holds no result or several for the item."""
        by_key = self.results_by(key)
        pairs = []
        for item_key, item in sent:
            found = by_key.get(item_key, [])
            if len(found) != 1:
                pairs.append((False, self.unsure(len(found))))
            elif found[0]['success']:
                pairs.append((True, applied(item, found[0])))
            else:
                pairs.append((False, refused(found[0])))
        return pairs

    def unsure(self, count):
        """The error for a user the answer holds no result or several results for: it may
        have been applied, so it is read back (engine.apply_and_recheck)."""
        what = 'without a result' if count == 0 else 'with %d results' % count
        return ApiError('%s answered %s for this user' % (SERVICE, what), status=self.status,
                        method=self.method, path=self.path, ambiguous=True)

    def confirm(self, verb):
        """A write answered {"success": true, ...}; a refusal is a definite ApiError."""
        if not self.field('success', 'boolean'):
            raise ApiError('%s refused the %s' % (SERVICE, verb), status=self.status,
                           vendor_message=refusal_reason(self.body), method=self.method, path=self.path)
        self.optional(self.body, 'id', 'string', 'body')
        return self.body


def refusal_of_create(result):
    """The reason a create was refused; AlreadyExists when the login id is taken, which a
    run creating the same user at the same time causes."""
    reason = refusal_reason(result)
    return AlreadyExists(reason) if 'duplicate login id' in reason.lower() else reason


def refusal_reason(result):
    """The reason a service gave for refusing one write."""
    return describe_ncloud_error(result)[1] or 'refused without a reason'


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
        transport = HttpTransport.from_params(params, 'api_url', describe_ncloud_error)
        return cls(transport, params['access_key'], params['secret_key'])

    # reads ----------------------------------------------------------------------
    def list_page(self, page, size=PAGE_SIZE, search_column=None, search_word=None):
        """One page of users (wire shape, checked) and the number of pages."""
        return self._read_page('/users', _search(search_column, search_word), page, size, checked_user)

    def list_users(self, search_column=None, search_word=None):
        """Every user, or every user whose search_column contains search_word."""
        return [user_from_wire(user)
                for user in self._read_every_page('/users', _search(search_column, search_word), checked_user)]

    def _read_page(self, path, query, page, size, checked):
        """One page of a list (`checked(answer, item, where)` checks each item) and the number of pages."""
        answer = self._call('GET', path, query=query + [('page', page), ('size', size)])
        items = [checked(answer, item, 'items[%d]' % index) for index, item in enumerate(answer.objects('items'))]
        return Page(items, checked_page_count(answer, page, size, len(items)))

    def _read_every_page(self, path, query, checked):
        first = self._read_page(path, query, 0, PAGE_SIZE, checked)
        items = list(first.items)
        for page in range(1, first.total_pages):
            items.extend(self._read_page(path, query, page, PAGE_SIZE, checked).items)
        return items

    def find_users(self, login_ids):
        """{login_id: user} for those of login_ids that exist, matched without regard to case
        as the service compares login ids (the user keeps the login id it is stored with).

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
        pages = first.total_pages
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
                pages = answer.total_pages
                page += 1
        return found

    @staticmethod
    def _keep(page, wanted, found):
        by_case = dict((login_id.lower(), login_id) for login_id in wanted)
        for user in page.items:
            login_id = by_case.get(user['loginId'].lower())
            if login_id is not None:
                found[login_id] = user_from_wire(user)

    # writes ---------------------------------------------------------------------
    def bulk_create(self, users):
        """One (ok, value) pair per user, in the order given: (True, the user as
        created), (False, the service's reason), or (False, an ambiguous ApiError)
        when the answer holds no result or several for the user.

        Results are matched to users by `name` (the login id): the service does
        not promise to answer in the order asked.
        """
        _check_batch_size(users, 'users')
        answer = self._call('POST', '/users/bulk', body={'params': [user_to_wire(user) for user in users]})
        return answer.matched('name', [(user['login_id'], user) for user in users],
                              created_user, refusal_of_create)

    def update(self, current, user):
        """Replace the writable fields of `current` (a user as read) with those
        of `user`; returns the user as it is afterwards."""
        answer = self._call('PUT', path_of('users', current['user_id']),
                            body=user_to_wire(user, with_login_id=False))
        answer.confirm('update')
        body = user_to_wire(user)
        body.update((wire, current.get(name)) for name, wire in READ_ONLY_FIELDS)
        return user_from_wire(body)

    def bulk_delete(self, user_ids):
        """One (ok, value) pair per id, in the order given: (True, None), (False,
        the service's reason), or (False, an ambiguous ApiError) when the answer
        holds no result or several for the id. Results are matched by `id`."""
        _check_batch_size(user_ids, 'ids')
        answer = self._call('POST', '/users/delete', body={'userIds': list(user_ids)})
        return answer.matched('id', [(user_id, user_id) for user_id in user_ids],
                              lambda user_id, result: None, refusal_reason)

    # transport ------------------------------------------------------------------
    def _call(self, method, path, query=None, body=None, retry=None):
        path = API_PREFIX + path
        if query:
            path += '?' + encode_query(query)
        uri = self.base_path + path
        timestamp = str(int(self.clock() * 1000))
        signature = signature_v2(self.secret_key, method, uri, timestamp, self.access_key)
        # A signature admits its call for 5 minutes, whatever the body: no message may show it.
        remember_secret(signature)
        headers = {
            'x-ncp-apigw-timestamp': timestamp,
            'x-ncp-iam-access-key': self.access_key,
            'x-ncp-apigw-signature-v2': signature,
        }
        # The query is already encoded into the path: what is signed is what is sent.
        answer = SsoAnswer(self.transport.request(method, path, json_body=body, headers=headers, retry=retry),
                           method, path, write=method != 'GET')
        answer.refuse_error_body()
        return answer


def _search(column, word):
    return [('searchColumn', column), ('searchWord', word)] if column is not None else []


def checked_user(answer, user, where):
    return answer.user(user, where)


def checked_page_count(answer, page, size, count):
    """The number of pages a list answer claims, once its paging adds up: the page asked
    for, at most `size` items, totalPages as totalItems justify, and at most MAX_PAGES."""
    total_items, total_pages = answer.field('totalItems', 'integer'), answer.field('totalPages', 'integer')
    if answer.field('page', 'integer') != page:
        raise answer.wrong('page is %d, but page %d was asked for' % (answer.body['page'], page))
    if count > size:
        raise answer.wrong('items holds %d users, more than the %d asked for' % (count, size))
    if total_items < 0 or total_pages != -(-total_items // size):
        raise answer.wrong('totalPages is %d, but totalItems %d at %d a page make %d'
                           % (total_pages, total_items, size, -(-max(total_items, 0) // size)))
    if total_pages > MAX_PAGES:
        raise answer.wrong('totalPages is %d: more than the %d pages (%d users) a task reads'
                           % (total_pages, MAX_PAGES, MAX_PAGES * size))
    return total_pages


def _check_batch_size(items, what):
    if not 1 <= len(items) <= BULK_MAX:
        raise ValueError('a bulk call takes 1 to %d %s' % (BULK_MAX, what))


def created_user(user, result):
    """The user as created, from what was sent and the ids the API answered."""
    body = user_to_wire(user)
    body.update(userId=result.get('id'), nrn=result.get('nrn'), status='active')
    return user_from_wire(body)
