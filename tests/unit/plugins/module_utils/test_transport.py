"""HttpTransport against a real loopback emulator: errors, retries, secrets."""

import re
import socket
import time

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils import transport
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import (
    ApiError, HttpTransport, RetryPolicy, parse_retry_after)
from sandbox.frame import Emulator, Reply, RunningEmulator, route
from sandbox.tls import server_context


class EchoEmulator(Emulator):
    name = 'echo'

    def reset_state(self):
        self.seen_headers = []

    @route('GET', '/items')
    def items(self, request):
        self.seen_headers.append(dict(request.headers))
        return Reply(200, {'items': [1, 2]})

    @route('POST', '/items', kind='write')
    def create(self, request):
        return Reply(201, {'created': request.json()})

    @route('GET', '/denied')
    def denied(self, request):
        return Reply(403, {'code': 'E403', 'message': 'not yours'})


@pytest.fixture(scope='module')
def server():
    running = RunningEmulator(EchoEmulator()).start()
    yield running
    running.stop()


@pytest.fixture
def echo(server):
    server.emulator.reset()
    return server


def make_transport(url, **kwargs):
    sleeps = []
    client = HttpTransport(url, timeout=5, retry_policy=RetryPolicy(attempts=3, base_delay=0.01),
                           sleep=sleeps.append, **kwargs)
    return client, sleeps


def test_user_agent_names_collection_and_version(echo):
    client, dummy = make_transport(echo.url)
    client.request('GET', '/items')
    assert echo.emulator.seen_headers[0]['User-Agent'] == 'tenantkit.saas/' + transport.COLLECTION_VERSION


def test_version_matches_galaxy_yml():
    with open('galaxy.yml', encoding='utf-8') as handle:
        version = re.search(r'^version: (\S+)', handle.read(), re.M).group(1)
    assert transport.COLLECTION_VERSION == version


def test_json_body_round_trips_utf8(echo):
    client, dummy = make_transport(echo.url)
    assert client.request('POST', '/items', json_body={'name': '영업부'}) == {'created': {'name': '영업부'}}


def test_http_error_carries_status_code_message_method_path(echo):
    client, dummy = make_transport(echo.url)
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/denied', headers={'X-Secret': 'hunter2'})
    error = caught.value
    assert (error.status, error.code, error.vendor_message) == (403, 'E403', 'not yours')
    assert (error.method, error.path) == ('GET', '/denied')
    assert 'hunter2' not in str(error) and 'hunter2' not in repr(error.fail_kwargs())


def test_reads_retry_on_503_and_honour_retry_after(echo):
    echo.emulator.faults.add([{'path': '/items', 'status': 503, 'retry_after': '2', 'times': 2}])
    client, sleeps = make_transport(echo.url)
    assert client.request('GET', '/items') == {'items': [1, 2]}
    assert sleeps == [2.0, 2.0]
    assert [entry['status'] for entry in echo.emulator.log] == [503, 503, 200]


def test_retries_are_bounded_and_the_error_says_how_many(echo):
    echo.emulator.faults.add([{'path': '/items', 'status': 429, 'times': -1}])
    client, sleeps = make_transport(echo.url)
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/items')
    assert caught.value.attempts == 3 and len(sleeps) == 2
    assert 'after 3 attempts' in str(caught.value)


def test_writes_are_not_retried(echo):
    echo.emulator.faults.add([{'path': '/items', 'method': 'POST', 'status': 503}])
    client, sleeps = make_transport(echo.url)
    with pytest.raises(ApiError) as caught:
        client.request('POST', '/items', json_body={})
    assert caught.value.status == 503 and caught.value.ambiguous
    assert sleeps == [] and len(echo.emulator.log) == 1


def test_other_client_errors_are_not_retried(echo):
    client, sleeps = make_transport(echo.url)
    with pytest.raises(ApiError):
        client.request('GET', '/denied')
    assert sleeps == []


def test_writes_are_retried_after_429_which_the_service_answers_before_acting(echo):
    echo.emulator.faults.add([{'path': '/items', 'method': 'POST', 'status': 429, 'retry_after': '1'}])
    client, sleeps = make_transport(echo.url)
    assert client.request('POST', '/items', json_body={'a': 1}) == {'created': {'a': 1}}
    assert sleeps == [1.0] and [entry['status'] for entry in echo.emulator.log] == [429, 201]


@pytest.mark.parametrize('fault', [{'status': 500}, {'reset': True}, {'malformed': True},
                                   {'status': 500, 'commit': True}])
def test_an_ambiguous_write_is_sent_once(echo, fault):
    echo.emulator.faults.add([dict(fault, path='/items', method='POST')])
    client, sleeps = make_transport(echo.url)
    with pytest.raises(ApiError) as caught:
        client.request('POST', '/items', json_body={})
    assert caught.value.ambiguous and not sleeps and len(echo.emulator.log) == 1


def test_reads_retry_on_500(echo):
    echo.emulator.faults.add([{'path': '/items', 'status': 500}])
    client, sleeps = make_transport(echo.url)
    assert client.request('GET', '/items') == {'items': [1, 2]} and len(sleeps) == 1


def test_a_garbled_read_is_read_again(echo):
    echo.emulator.faults.add([{'path': '/items', 'malformed': True}])
    client, sleeps = make_transport(echo.url)
    assert client.request('GET', '/items') == {'items': [1, 2]} and len(sleeps) == 1


def test_malformed_json_is_a_clear_error(echo):
    echo.emulator.faults.add([{'path': '/items', 'malformed': True, 'times': -1}])
    client, dummy = make_transport(echo.url)
    with pytest.raises(ApiError, match='not JSON'):
        client.request('GET', '/items')


def test_connection_reset_is_retried_for_reads(echo):
    echo.emulator.faults.add([{'path': '/items', 'reset': True}])
    client, sleeps = make_transport(echo.url)
    assert client.request('GET', '/items') == {'items': [1, 2]}
    assert len(sleeps) == 1


def closed_port():
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


@pytest.fixture
def resolver(monkeypatch):
    """Names under .invalid (RFC 6761: they never resolve) answered here, as the system
    resolver would, so that no lookup leaves the machine; returns the names asked for."""
    asked, real = [], socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, bytes):
            host = host.decode('ascii')
        if isinstance(host, str) and host.rstrip('.').endswith('.invalid'):
            asked.append(host)
            if host.startswith('no-dns-server.'):
                raise socket.gaierror(socket.EAI_AGAIN, 'Temporary failure in name resolution')
            raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, 'getaddrinfo', getaddrinfo)
    return asked


def test_a_refused_connection_names_host_and_port_and_is_retried_for_reads():
    port = closed_port()
    client, sleeps = make_transport('http://127.0.0.1:%d' % port)
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/items')
    assert str(caught.value) == 'cannot connect to 127.0.0.1:%d (connection refused) (GET /items, after 3 attempts)' % port
    assert len(sleeps) == 2


@pytest.mark.parametrize('url, address', [
    ('https://tenantkit-nowhere.invalid', 'tenantkit-nowhere.invalid:443'),
    ('http://tenantkit-nowhere.invalid/api', 'tenantkit-nowhere.invalid:80'),
    ('https://tenantkit-nowhere.invalid:8443/api/', 'tenantkit-nowhere.invalid:8443'),
])
def test_an_unresolvable_host_is_named_with_its_port_even_the_default(resolver, url, address):
    client = HttpTransport(url, timeout=2, retry_policy=RetryPolicy(attempts=1), sleep=lambda seconds: None)
    started = time.time()
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/users')
    assert str(caught.value) == 'cannot connect to %s (host name not found) (GET /users)' % address
    assert resolver == ['tenantkit-nowhere.invalid'] and time.time() - started < 2


def test_a_failed_name_lookup_is_not_called_a_missing_name(resolver):
    client = HttpTransport('https://no-dns-server.invalid', timeout=2, retry_policy=RetryPolicy(attempts=1))
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/users')
    assert str(caught.value).startswith('cannot connect to no-dns-server.invalid:443 (host name lookup failed)')
    assert resolver == ['no-dns-server.invalid']


@pytest.mark.parametrize('where', ['refused', 'unresolvable'])
def test_a_connection_failure_shows_no_credential_query_or_path_query(resolver, where):
    host = '127.0.0.1:%d' % closed_port() if where == 'refused' else 'tenantkit-nowhere.invalid:443'
    url = 'https://alice-user:Pa55-in-url-9@%s/base?token=tok-in-url-7' % host
    client, dummy = make_transport(url)
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/users?searchWord=kim@example.com', params={'token': 'secret-token-3'})
    error = caught.value
    shown = str(error) + repr(error.fail_kwargs())
    assert str(error).startswith('cannot connect to %s (' % host)
    for leak in ('alice-user', 'Pa55-in-url-9', 'tok-in-url-7', 'secret-token-3', 'searchWord', 'kim@', '?'):
        assert leak not in shown, leak
    assert error.path == '/users' and error.fail_kwargs()['path'] == '/users'


@pytest.fixture
def silent_listener():
    """A loopback port whose accept queue is full: its host never completes a connection."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(0)
    queued = socket.create_connection(listener.getsockname(), timeout=1)
    yield listener.getsockname()[1]
    queued.close()
    listener.close()


def test_a_connect_timeout_names_host_and_port_and_is_not_retried(silent_listener):
    client, sleeps = make_transport('http://127.0.0.1:%d' % silent_listener)
    # Connecting gives up at 90 % of the timeout, before the whole call's deadline.
    client.timeout = 2
    started = time.time()
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/items')
    assert str(caught.value) == 'cannot connect to 127.0.0.1:%d (no connection within the 2-second timeout) ' \
        '(GET /items)' % silent_listener
    assert sleeps == [] and not caught.value.ambiguous and time.time() - started < 2


def test_a_tls_handshake_failure_names_host_and_port(echo):
    address = echo.url.split('://', 1)[1]
    client, sleeps = make_transport('https://' + address)
    with pytest.raises(ApiError) as caught:
        client.request('GET', '/items')
    assert str(caught.value) == 'cannot connect to %s (TLS handshake failed) (GET /items)' % address
    assert sleeps == []


def test_an_untrusted_certificate_names_host_and_port_and_the_way_out():
    server = RunningEmulator(EchoEmulator(), ssl_context=server_context()).start()
    try:
        address = server.url.split('://', 1)[1]
        client, sleeps = make_transport(server.url)
        with pytest.raises(ApiError) as caught:
            client.request('GET', '/items')
    finally:
        server.stop()
    assert str(caught.value) == 'cannot connect to %s (TLS certificate verification failed): set ca_path to ' \
        'trust a private CA, or validate_certs: false only for a server you trust (GET /items)' % address
    assert sleeps == []


def test_timeout_is_reported_and_not_retried(echo):
    echo.emulator.faults.add([{'path': '/items', 'delay': 1.5, 'times': -1}])
    client, sleeps = make_transport(echo.url)
    client.timeout = 0.3
    with pytest.raises(ApiError, match='no answer within 0.3 seconds') as caught:
        client.request('GET', '/items')
    assert sleeps == [] and caught.value.attempts == 1 and caught.value.ambiguous


@pytest.mark.parametrize('value, expected', [
    ('7', 7.0), ('', None), (None, None), ('soon', None),
    ('Wed, 21 Oct 2015 07:28:10 GMT', 10.0),
])
def test_parse_retry_after(value, expected):
    now = 1445412480.0  # 2015-10-21 07:28:00 GMT
    assert parse_retry_after(value, now=now) == expected


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(base_delay=1, max_delay=4)
    assert 0.5 <= policy.delay(0) <= 1
    assert 2 <= policy.delay(2) <= 4
    assert 2 <= policy.delay(10) <= 4
    assert policy.delay(0, retry_after=100) == 4
