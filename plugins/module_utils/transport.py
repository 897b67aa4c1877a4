# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport shared by every vendor client: one requests session,
calls bounded in time and size, no redirects, bounded retries of reads,
secrets kept out of messages, and one error type."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import errno
import json
import random
import re
import socket
import ssl
import threading
import time
import traceback

from ansible.module_utils.six.moves.urllib.parse import quote, quote_plus, urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

COLLECTION_VERSION = '1.0.0'
USER_AGENT = 'tenantkit.saas/%s' % COLLECTION_VERSION
RETRYABLE_STATUS = frozenset((429, 500, 502, 503, 504))
# Enough for the largest answer a module reads (a page of 100 users is about 100 kB;
# an unpaged list of thousands of groups a few MB), small enough to bound memory.
MAX_ANSWER_BYTES = 32 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
TIMEOUT_RANGE = (1, 3600)
# The share of the timeout that opening the connection may take.
CONNECT_SHARE = 0.9
MASK = '********'
# Values no message may show: credentials and what a service issued (tokens,
# client secrets). A module process serves one task, so one set per process.
SECRETS = set()


def remember_secret(value):
    """Keep `value` out of every message from now on."""
    if isinstance(value, str) and value.strip():
        SECRETS.add(value)


def scrub(text, secrets=()):
    """`text` with every secret masked: raw, JSON-escaped and URL-encoded forms."""
    if not isinstance(text, str) or not text:
        return text
    pattern = _secret_pattern(frozenset(secrets) | frozenset(SECRETS))
    return pattern.sub(MASK, text) if pattern is not None else text


_PATTERNS = {}


def _secret_pattern(secrets):
    if secrets not in _PATTERNS:
        forms = set(form for secret in secrets for form in _forms(secret))
        # Longest first, so that a secret containing another is masked whole.
        alternatives = '|'.join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        _PATTERNS.clear()
        _PATTERNS[secrets] = re.compile(alternatives) if alternatives else None
    return _PATTERNS[secrets]


def _forms(secret):
    if not isinstance(secret, str):
        return []
    forms = set((secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                 quote(secret.encode('utf-8'), safe=''), quote_plus(secret.encode('utf-8'))))
    # Very short values would mask ordinary words; no_log applies to those as it is.
    return [form for form in forms if len(form) >= 4]


def url_problem(url):
    """Why `url` cannot be a service's base URL, or None."""
    if not isinstance(url, str) or not url.strip():
        return 'is empty'
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement
    except ValueError:
        return 'is not a valid URL'
    if parts.scheme not in ('https', 'http') or not parts.hostname:
        return 'must start with https:// (or http://) and name a host'
    if parts.username is not None or parts.password is not None or '@' in parts.netloc:
        return 'must not carry a user name or password (user:password@); use the credential options'
    if parts.query or parts.fragment or '?' in url or '#' in url:
        return 'must not carry a query (?) or fragment (#)'
    if any(ord(char) < 33 or ord(char) == 127 for char in url):
        return 'must not contain spaces or control characters'
    return None


def host_of(url):
    """scheme://host[:port] of a URL, without user, path or query."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ''
        port = ':%d' % parts.port if parts.port else ''
    except ValueError:
        return 'an unreadable address'
    if ':' in host:
        host = '[%s]' % host
    return '%s://%s%s' % (parts.scheme or 'http', host, port) if host else 'an unreadable address'


DEFAULT_PORTS = {'https': 443, 'http': 80}


def address_of(url):
    """host:port of a URL, the port always shown (the scheme's default when the URL has
    none), without user, password, path or query: what a connection failure names."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ''
        port = parts.port or DEFAULT_PORTS.get((parts.scheme or '').lower())
    except ValueError:
        return 'an unreadable address'
    if not host:
        return 'an unreadable address'
    if ':' in host:
        host = '[%s]' % host
    return '%s:%d' % (host, port) if port else host


def path_of(*segments):
    """'/a/b' from segments, each quoted whole: a '/', '?', '#' or '..' in a
    value stays inside its segment."""
    return ''.join('/' + quote(str(segment).encode('utf-8'), safe='') for segment in segments)


class ApiError(Exception):
    """A failed call, described without headers, tokens or request bodies."""

    def __init__(self, message, status=None, code=None, vendor_message=None,
                 method=None, path=None, attempts=1, ambiguous=False, transient=False,
                 retry_after=None, in_flight=0):
        super(ApiError, self).__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.vendor_message = vendor_message
        self.method = method
        self.path = path
        self.attempts = attempts
        # True when a write may have been applied although it failed.
        self.ambiguous = ambiguous
        # True when the same call may succeed if sent again.
        self.transient = transient
        # Seconds the service may still be working on it (no answer in time, 504); 0 if not.
        self.in_flight = in_flight
        self.retry_after = retry_after

    def __str__(self):
        parts = []
        if self.method and self.path:
            parts.append('%s %s' % (self.method, self.path))
        if self.status is not None:
            parts.append('HTTP %s' % self.status)
        if self.code not in (None, ''):
            parts.append('code %s' % self.code)
        text = self.message
        if self.vendor_message and self.vendor_message not in text:
            text = '%s: %s' % (text, self.vendor_message)
        if self.attempts > 1:
            parts.append('after %d attempts' % self.attempts)
        return '%s (%s)' % (text, ', '.join(parts)) if parts else text

    def restated(self, message, attempts=None):
        """A definite error (never read back or sent again) saying `message`, with this
        error's call, status, code and vendor message."""
        return ApiError(message, status=self.status, code=self.code, vendor_message=self.vendor_message,
                        method=self.method, path=self.path,
                        attempts=self.attempts if attempts is None else attempts)

    def fail_kwargs(self):
        """Keyword arguments for AnsibleModule.fail_json()."""
        result = dict(msg=str(self))
        for key in ('status', 'code', 'method', 'path'):
            value = getattr(self, key)
            if value is not None:
                result[key] = value
        if self.vendor_message is not None:
            result['vendor_message'] = self.vendor_message
        return result


class AlreadyExists(ApiError):
    """The service refused a create because the object exists. Another run may
    have made it meanwhile: the engine reads it back once and, if it is there,
    plans again from it; otherwise the refusal stands as it is."""

    @classmethod
    def of(cls, error):
        """`error` (an ApiError whose answer says the object exists) as an AlreadyExists."""
        return cls(error.message, status=error.status, code=error.code, vendor_message=error.vendor_message,
                   method=error.method, path=error.path)


class RetryPolicy:
    """Exponential backoff with full jitter, bounded in attempts and total time."""

    def __init__(self, attempts=5, base_delay=0.5, max_delay=8.0, total_time=60.0):
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.total_time = total_time

    def delay(self, attempt, retry_after=None):
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        ceiling = min(self.max_delay, self.base_delay * (2 ** attempt))
        return random.uniform(ceiling / 2.0, ceiling)


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def describe_json_error(body):
    """Default error reader: a (code, message) pair from a decoded body."""
    if isinstance(body, dict):
        code = body.get('code', body.get('errorCode'))
        message = body.get('message', body.get('msg'))
        return code, message
    return None, None


class HttpTransport:
    """A requests session bound to one base URL.

    Each vendor client passes its own hooks for refusals (HTTP 4xx/5xx):
    `describe_error(body)` reads (code, message) from the decoded body, and
    `classify_error(status, code)` returns ApiError keyword arguments that
    give the refusal the vendor's meaning (its message, whether it may have
    been applied, whether sending it again may help).
    """

    def __init__(self, base_url, timeout=30, validate_certs=True, ca_path=None,
                 describe_error=describe_json_error, classify_error=None, retry_policy=None,
                 sleep=time.sleep, max_answer_bytes=MAX_ANSWER_BYTES):
        self.base_url = base_url.rstrip('/')
        self.host = host_of(self.base_url)
        # host:port, as every connection failure names it.
        self.address = address_of(self.base_url)
        self.timeout = timeout
        self.describe_error = describe_error
        self.classify_error = classify_error or (lambda status, code: {})
        self.retry_policy = retry_policy or RetryPolicy()
        self.sleep = sleep
        self.verify = (ca_path or True) if validate_certs else False
        self.max_answer_bytes = max_answer_bytes
        self.session = requests.Session()
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers['Accept'] = 'application/json'

    @classmethod
    def from_params(cls, params, url_option, describe_error, classify_error=None):
        """The transport a module's connection and transport options describe."""
        return cls(params[url_option], timeout=params['timeout'], validate_certs=params['validate_certs'],
                   ca_path=params.get('ca_path'), describe_error=describe_error,
                   classify_error=classify_error)

    def request(self, method, path, params=None, json_body=None, headers=None, retry=None):
        """Send one call and return the decoded JSON body.

        A read (GET, or any call passed `retry=True`) is sent again after a
        transient failure: 429, 500, 502, 503, 504, a lost connection or a garbled
        body. A write is sent again only after a 429, which the service
        answers before acting; after any other failure it may have been
        applied, so the caller re-reads instead (see engine.ensure).
        """
        retry = method in ('GET', 'HEAD') if retry is None else retry
        started = time.time()
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send_once(method, path, params, json_body, headers, attempt, retry)
            except ApiError as error:
                # A query (search words, a client's own parameters) never reaches a message.
                error.path = _without_query(error.path)
                wait = self._retry_wait(error, retry, attempt, started)
                if wait is None:
                    raise
                self.sleep(wait)

    def _retry_wait(self, error, retry, attempt, started):
        policy = self.retry_policy
        if not error.transient or (error.ambiguous and not retry):
            return None
        if attempt >= policy.attempts:
            return None
        wait = policy.delay(attempt - 1, error.retry_after)
        if time.time() - started + wait > policy.total_time:
            return None
        return wait

    def _send_once(self, method, path, params, json_body, headers, attempt, is_read):
        data = None
        send_headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode('utf-8')
            send_headers['Content-Type'] = 'application/json; charset=utf-8'
        call = _Call(self, method, self.base_url + path, params, data, send_headers)
        worker = threading.Thread(target=call.run, name='tenantkit-call', daemon=True)
        worker.start()
        # The whole call, connect (name lookup included) to last byte, within `timeout`.
        worker.join(self.timeout)
        if worker.is_alive():
            call.abandon()
            raise self._no_answer(method, path, attempt)
        if call.failure is not None:
            raise self._failure(call.failure, method, path, attempt)
        if call.too_large:
            raise self._error('the answer is larger than %d MB; stopped reading it'
                              % (self.max_answer_bytes // (1024 * 1024)), method, path, attempt,
                              status=call.response.status_code, ambiguous=not is_read)
        return self._decode(call.response, call.content, method, path, attempt, is_read)

    def _no_answer(self, method, path, attempt):
        # Not retried: the user's timeout bounds how long a hung service may hold the task.
        return self._error('no answer within %s seconds from %s' % (self.timeout, self.address),
                           method, path, attempt, ambiguous=True, in_flight=self.timeout)

    def _failure(self, exc, method, path, attempt):
        """The ApiError for an exception of requests. Its text is never shown: it can hold
        the whole URL with its query, and a proxy's address with its credentials."""
        causes = _causes(exc)
        if isinstance(exc, requests.exceptions.SSLError):
            if any(isinstance(cause, ssl.SSLCertVerificationError) for cause in causes):
                return self._error('cannot connect to %s (TLS certificate verification failed): set ca_path '
                                   'to trust a private CA, or validate_certs: false only for a server you '
                                   'trust' % self.address, method, path, attempt)
            return self._error('cannot connect to %s (TLS handshake failed)' % self.address, method, path, attempt)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            # Nothing was sent; not retried, like any call that outlives the timeout.
            return self._error('cannot connect to %s (no connection within the %s-second timeout)'
                               % (self.address, self.timeout), method, path, attempt)
        if isinstance(exc, requests.exceptions.Timeout):
            return self._no_answer(method, path, attempt)
        if isinstance(exc, requests.exceptions.ProxyError):
            return self._error('cannot connect to %s through the proxy (the proxy refused or failed)'
                               % self.address, method, path, attempt, transient=True, ambiguous=True)
        if isinstance(exc, requests.exceptions.ConnectionError):
            return self._error(_connection_text(self.address, causes), method, path, attempt,
                               transient=True, ambiguous=True)
        return self._error('request to %s failed (%s)' % (self.address, type(exc).__name__),
                           method, path, attempt)

    def _decode(self, response, content, method, path, attempt, is_read):
        if 300 <= response.status_code < 400:
            raise self._error('the service answered with a redirect (HTTP %d) to %s; redirects are never '
                              'followed, so that no credential reaches another host: fix the URL option'
                              % (response.status_code, _location_host(self.base_url, response)),
                              method, path, attempt, status=response.status_code)
        try:
            body = json.loads(content.decode('utf-8')) if content else None
        except ValueError:
            body = None
            if response.status_code < 400:
                raise self._error('the service answered with a body that is not JSON',
                                  method, path, attempt, status=response.status_code,
                                  transient=is_read, ambiguous=not is_read)
        if response.status_code >= 400:
            raise self._refusal(response, body, method, path, attempt)
        return body

    def _refusal(self, response, body, method, path, attempt):
        status = response.status_code
        code, message = self.describe_error(body)
        kwargs = dict(message='request failed', status=status, code=code,
                      vendor_message=message or response.reason, method=method, path=path,
                      attempts=attempt, transient=status in RETRYABLE_STATUS, ambiguous=status >= 500,
                      in_flight=self.timeout if status == 504 else 0,
                      retry_after=parse_retry_after(response.headers.get('Retry-After')))
        kwargs.update(self.classify_error(status, code))
        return ApiError(**kwargs)

    @staticmethod
    def _error(message, method, path, attempt, status=None, transient=False, ambiguous=False,
               in_flight=0):
        return ApiError(message, status=status, method=method, path=path, attempts=attempt,
                        ambiguous=ambiguous, transient=transient, in_flight=in_flight)


class _Call:
    """One HTTP exchange, run in a worker thread so that the caller can stop
    waiting at its deadline whatever the server does (drip, endless body)."""

    def __init__(self, transport, method, url, params, data, headers):
        self.transport = transport
        self.args = (method, url, params, data, headers)
        self.response = None
        self.content = b''
        self.too_large = False
        self.failure = None
        self.abandoned = threading.Event()

    def run(self):
        method, url, params, data, headers = self.args
        transport = self.transport
        try:
            # verify per call: requests lets REQUESTS_CA_BUNDLE override session.verify.
            # Connecting gives up a little before the whole call's deadline, so that a host
            # that never accepts is reported as such (ConnectTimeout), naming host and port.
            self.response = transport.session.request(
                method, url, params=params, data=data, headers=headers, verify=transport.verify,
                timeout=(transport.timeout * CONNECT_SHARE, transport.timeout), allow_redirects=False, stream=True)
            self.content = self._read(self.response)
        except Exception as exc:  # pylint: disable=broad-except
            # Reported by the caller as an ApiError; its text is never shown.
            self.failure = exc
        finally:
            if self.response is not None:
                self.response.close()

    def _read(self, response):
        content = bytearray()
        for chunk in response.iter_content(CHUNK_BYTES):
            if self.abandoned.is_set():
                break
            content.extend(chunk)
            if len(content) > self.transport.max_answer_bytes:
                self.too_large = True
                break
        return bytes(content)

    def abandon(self):
        """Stop the worker's reading; closing the response could wait for it."""
        self.abandoned.set()
        connection = getattr(getattr(self.response, 'raw', None), 'connection', None)
        sock = getattr(connection, 'sock', None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _location_host(base_url, response):
    location = response.headers.get('Location')
    if not location:
        return 'no address'
    try:
        absolute = requests.compat.urljoin(base_url + '/', location)
    except ValueError:
        return 'an unreadable address'
    return host_of(absolute)


def _without_query(path):
    return path.split('?', 1)[0] if isinstance(path, str) else path


def _causes(exc, depth=8):
    """`exc` and the exceptions it wraps (requests wraps urllib3's, which wrap the socket's)."""
    found, todo = [], [exc]
    while todo and len(found) < 4 * depth:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or any(current is seen for seen in found):
            continue
        found.append(current)
        todo.extend([getattr(current, 'reason', None), current.__cause__, current.__context__]
                    + list(getattr(current, 'args', ())))
    return found


# getaddrinfo's "no such name" answers; any other is a failed lookup (no DNS server, ...).
NAME_NOT_FOUND = frozenset(getattr(socket, name) for name in ('EAI_NONAME', 'EAI_NODATA') if hasattr(socket, name))
UNREACHABLE = {errno.ENETUNREACH: 'network unreachable', errno.EHOSTUNREACH: 'host unreachable'}


def _connection_text(address, causes):
    """What went wrong with a connection, from the kinds of the exceptions, never their
    text (which can embed the full URL with its query)."""
    lookups = [cause for cause in causes if isinstance(cause, socket.gaierror)]
    if lookups or any(type(cause).__name__ == 'NameResolutionError' for cause in causes):
        found = lookups and lookups[0].errno in NAME_NOT_FOUND
        return 'cannot connect to %s (%s)' % (address, 'host name not found' if found else 'host name lookup failed')
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError):
            return 'cannot connect to %s (connection refused)' % address
        if isinstance(cause, OSError) and cause.errno in UNREACHABLE:
            return 'cannot connect to %s (%s)' % (address, UNREACHABLE[cause.errno])
    kinds = set(type(cause).__name__ for cause in causes)
    if 'RemoteDisconnected' in kinds:
        return 'the connection to %s was lost (closed without an answer)' % address
    if any(isinstance(cause, ConnectionResetError) for cause in causes):
        return 'the connection to %s was lost (connection reset)' % address
    if kinds & set(('ProtocolError', 'IncompleteRead')):
        return 'the connection to %s was lost (closed before the answer was complete)' % address
    return 'the connection to %s failed (%s)' % (address, type(causes[0]).__name__)
