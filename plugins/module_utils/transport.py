# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP transport shared by every vendor client: one requests session,
timeouts, bounded retries of reads, and one error type."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import random
import time
import traceback

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

COLLECTION_VERSION = '0.1.0'
USER_AGENT = 'tenantkit.saas/%s' % COLLECTION_VERSION
RETRYABLE_STATUS = frozenset((429, 500, 502, 503, 504))


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

    `describe_error` turns a decoded error body into (code, message); each
    vendor client passes its own.
    """

    def __init__(self, base_url, timeout=30, validate_certs=True,
                 describe_error=describe_json_error, retry_policy=None, sleep=time.sleep):
        self.base_url = base_url.rstrip('/')
        self.timeout = timeout
        self.describe_error = describe_error
        self.retry_policy = retry_policy or RetryPolicy()
        self.sleep = sleep
        self.validate_certs = validate_certs
        self.session = requests.Session()
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers['Accept'] = 'application/json'

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
        url = self.base_url + path
        data = None
        send_headers = dict(headers or {})
        if json_body is not None:
            data = json.dumps(json_body, ensure_ascii=False).encode('utf-8')
            send_headers['Content-Type'] = 'application/json; charset=utf-8'
        try:
            # verify per call: requests lets REQUESTS_CA_BUNDLE override session.verify.
            response = self.session.request(method, url, params=params, data=data,
                                            headers=send_headers, timeout=self.timeout,
                                            verify=self.validate_certs)
        except requests.exceptions.SSLError:
            raise self._error('TLS certificate verification failed; set validate_certs: false '
                              'only for a server you trust', method, path, attempt)
        except requests.exceptions.Timeout:
            # Not retried: the user's timeout bounds how long a hung service may hold the task.
            raise self._error('no answer within %s seconds' % self.timeout, method, path,
                              attempt, ambiguous=True, in_flight=self.timeout)
        except requests.exceptions.ConnectionError as exc:
            raise self._error('connection failed: %s' % _connection_reason(exc), method, path,
                              attempt, transient=True, ambiguous=True)
        except requests.exceptions.RequestException as exc:
            raise self._error('request failed: %s' % type(exc).__name__, method, path, attempt)
        return self._decode(response, method, path, attempt, is_read)

    def _decode(self, response, method, path, attempt, is_read):
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
            if response.status_code < 400:
                raise self._error('the service answered with a body that is not JSON',
                                  method, path, attempt, status=response.status_code,
                                  transient=is_read, ambiguous=not is_read)
        if response.status_code >= 400:
            code, message = self.describe_error(body)
            error = self._error('request failed', method, path, attempt,
                                status=response.status_code,
                                transient=response.status_code in RETRYABLE_STATUS,
                                ambiguous=response.status_code >= 500,
                                in_flight=self.timeout if response.status_code == 504 else 0)
            error.code = code
            error.vendor_message = message or response.reason
            error.retry_after = parse_retry_after(response.headers.get('Retry-After'))
            raise error
        return body

    @staticmethod
    def _error(message, method, path, attempt, status=None, transient=False, ambiguous=False,
               in_flight=0):
        return ApiError(message, status=status, method=method, path=path, attempts=attempt,
                        ambiguous=ambiguous, transient=transient, in_flight=in_flight)


def _connection_reason(exc):
    # The exception text can embed the full URL with its query; keep only the kind.
    text = str(exc)
    for marker in ('Connection refused', 'Connection reset', 'Name or service not known',
                   'Read timed out', 'RemoteDisconnected', 'Connection aborted'):
        if marker in text:
            return marker
    return type(exc).__name__
