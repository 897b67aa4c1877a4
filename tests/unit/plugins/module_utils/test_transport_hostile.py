"""HttpTransport against hostile servers: redirects, drips, endless bodies,
and the helpers that keep URLs and messages safe."""

import time

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    MASK, ApiError, HttpTransport, RetryPolicy, path_of, scrub, url_problem)
from sandbox.frame import Emulator, Reply, RunningEmulator, route


class Service(Emulator):
    name = 'service'

    def reset_state(self):
        pass

    @route('GET', '/items')
    def items(self, request):
        return Reply(200, {'items': list(range(20))})

    @route('POST', '/items', kind='write')
    def create(self, request):
        return Reply(200, {'ok': True})


@pytest.fixture(scope='module')
def service_server():
    server = RunningEmulator(Service()).start()
    yield server
    server.stop()


@pytest.fixture
def service(service_server, other_host):
    service_server.emulator.reset()
    return service_server, other_host


def transport_for(url, timeout=5, **kwargs):
    return HttpTransport(url, timeout=timeout, retry_policy=RetryPolicy(attempts=3, base_delay=0.01),
                         sleep=lambda seconds: None, **kwargs)


@pytest.mark.parametrize('status', [301, 302, 303, 307, 308])
@pytest.mark.parametrize('method', ['GET', 'POST'])
def test_a_redirect_is_never_followed_and_names_the_host(service, status, method):
    server, trap = service
    server.emulator.faults.add([{'path': '/items', 'status': status, 'times': -1,
                                 'redirect': trap.url + '/steal?apiKey=x'}])
    client = transport_for(server.url)
    with pytest.raises(ApiError) as caught:
        client.request(method, '/items', json_body={'password': 'Pw-in-body-1'} if method == 'POST' else None,
                       headers={'apiKey': 'key-in-header-1'})
    text = str(caught.value)
    assert 'redirect (HTTP %d) to %s' % (status, trap.url) in text and 'fix the URL' in text
    assert 'steal' not in text and 'apiKey' not in text
    assert trap.emulator.log == []
    assert len(server.emulator.log) == 1, 'a redirect is a definite answer, not retried'


def test_a_drip_is_cut_off_at_the_timeout(service):
    server, dummy = service
    server.emulator.faults.add([{'path': '/items', 'drip': 0.2, 'times': -1}])
    client = transport_for(server.url, timeout=1)
    started = time.time()
    with pytest.raises(ApiError, match='no answer within 1 seconds'):
        client.request('GET', '/items')
    assert time.time() - started < 2
    assert len(server.emulator.log) == 1, 'a call that ran out of time is not sent again'


def test_an_endless_body_stops_at_the_size_cap(service):
    server, dummy = service
    server.emulator.faults.add([{'path': '/items', 'endless': True, 'times': -1}])
    client = transport_for(server.url, timeout=10, max_answer_bytes=2 * 1024 * 1024)
    started = time.time()
    with pytest.raises(ApiError, match='the answer is larger than 2 MB; stopped reading it'):
        client.request('GET', '/items')
    assert time.time() - started < 5
    assert len(server.emulator.log) == 1


def test_an_endless_body_within_the_timeout_is_cut_off_by_it(service):
    server, dummy = service
    server.emulator.faults.add([{'path': '/items', 'endless': True, 'drip': 0.5, 'times': -1}])
    client = transport_for(server.url, timeout=1)
    started = time.time()
    with pytest.raises(ApiError):
        client.request('GET', '/items')
    assert time.time() - started < 2


def test_a_slow_but_complete_answer_within_the_timeout_is_read(service):
    server, dummy = service
    server.emulator.faults.add([{'path': '/items', 'delay': 0.3}])
    assert transport_for(server.url, timeout=2).request('GET', '/items') == {'items': list(range(20))}


@pytest.mark.parametrize('url, problem', [
    ('', 'is empty'),
    ('   ', 'is empty'),
    ('example.com/api', 'must start with https://'),
    ('ftp://example.com', 'must start with https://'),
    ('https://', 'must start with https://'),
    ('https://admin:pw@example.com', 'must not carry a user name or password'),
    ('https://token@example.com', 'must not carry a user name or password'),
    ('https://example.com/api?x=1', 'must not carry a query'),
    ('https://example.com/#top', 'must not carry a query'),
    ('https://exa mple.com', 'must not contain spaces or control characters'),
    ('https://example.com/\r\nX: y', 'must not contain spaces or control characters'),
    ('https://example.com:99999', 'is not a valid URL'),
])
def test_url_problems(url, problem):
    assert problem in url_problem(url)


@pytest.mark.parametrize('url', ['https://example.com', 'http://127.0.0.1:8080/apppot',
                                 'https://[::1]:8443/x/'])
def test_good_urls(url):
    assert url_problem(url) is None


@pytest.mark.parametrize('value, expected', [
    ('999/../1', '/999%2F..%2F1'),
    ('..', '/..'),
    ('a?appKey=x', '/a%3FappKey%3Dx'),
    ('a#frag', '/a%23frag'),
    ('%2F', '/%252F'),
    ('a\r\nb', '/a%0D%0Ab'),
    ('a\x00b', '/a%00b'),
    ('영업', '/%EC%98%81%EC%97%85'),
])
def test_path_segments_are_quoted_whole(value, expected):
    assert path_of(value) == expected
    assert path_of('api', value, 1) == '/api' + expected + '/1'


@pytest.mark.parametrize('secret', ['pa"ss\\word-1', '비밀번호-secret', 'a b&c=d/e+f', 'plain-token-123'])
def test_scrub_masks_raw_json_escaped_and_url_encoded_forms(secret):
    import json  # pylint: disable=import-outside-toplevel
    from urllib.parse import quote, quote_plus  # pylint: disable=import-outside-toplevel
    forms = [secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
             quote(secret, safe=''), quote_plus(secret)]
    text = 'echo: ' + ' | '.join(forms)
    cleaned = scrub(text, [secret])
    assert all(form not in cleaned for form in forms)
    assert cleaned.count(MASK) == len(forms)
