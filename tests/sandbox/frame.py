"""A small frame for stateful API emulators: routing, a request log, a
control interface under /_sandbox/, and fault injection.

Each emulator subclasses Emulator, declares routes with @route and keeps its
state in memory. Control endpoints (never logged):

  GET    /_sandbox/log       the request log: [{seq, method, path, query, status, kind, fault}]
  DELETE /_sandbox/log       clear the log
  GET    /_sandbox/counts    {"read": n, "write": n, "auth": n, "methods": {"GET": n, ...}}
  POST   /_sandbox/reset     restore the seed state, clear log and faults
  GET    /_sandbox/state     the emulator's state, for tests
  POST   /_sandbox/faults    add fault rules (see FaultPlan); DELETE clears them
  POST   /_sandbox/control   emulator-specific switches (see Emulator.control)
"""

import json
import random
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Request:
    def __init__(self, method, target, headers, body):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.raw_query = parts.query
        self.query = parse_qs(parts.query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        self.match = None

    def arg(self, name, default=None):
        values = self.query.get(name)
        return values[0] if values else default

    def header(self, name):
        return self.headers.get(name)

    def json(self):
        """The decoded body; raises ValueError when it is not JSON."""
        if not self.body:
            raise ValueError('empty body')
        return json.loads(self.body.decode('utf-8'))


class Reply:
    def __init__(self, status, body=None, headers=None, raw=None, stream=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.raw = raw
        # Hostile answers: (chunks, pause) sends each chunk `pause` seconds apart;
        # chunks=None sends a body with no length that never ends.
        self.stream = stream

    def payload(self):
        if self.raw is not None:
            return self.raw
        if self.body is None:
            return b''
        return json.dumps(self.body, ensure_ascii=False).encode('utf-8')


class VendorError(Exception):
    """Raised by a handler to answer with a vendor-shaped error."""

    def __init__(self, reply):
        super().__init__(reply.status)
        self.reply = reply


def route(method, pattern, kind='read'):
    """Declare a handler for METHOD and a path regex; kind is read, write or auth."""
    def decorate(func):
        func.route = (method, re.compile('^' + pattern + '$'), kind)
        return func
    return decorate


class FaultPlan:
    """Fault rules, matched in order; each applies `times` times (-1: always).

    A rule: {"method": "POST", "path": "regex", "kind": "write", "times": 1,
             "status": 503, "retry_after": "1",      # answer an error
             "malformed": true,                       # answer 200 with a broken body
             "body": {...},                           # answer this JSON (status 200 unless set)
             "delay": 2.5,                            # sleep, then answer
             "redirect": "http://host/path",          # answer 302 (or `status`) to that Location
             "drip": 1.0,                             # send the answer a byte at a time, this many seconds apart
             "endless": true,                         # answer 200 with a body that never ends
             "echo": true,                            # an error (`status`, 400 unless set) whose text
                                                      # repeats the request: headers, query and body
             "reset": true,                           # drop the connection unanswered
             "commit": true}                          # apply the request first, then the fault
    or a random rule: {"rate": 0.2, "seed": 7, "choices": [<rule>, ...], "times": -1}.
    method, path and kind (read, write or auth) select the requests a rule
    applies to; a rule with no effect lets one request through untouched.
    """

    def __init__(self):
        self.rules = []
        self.lock = threading.Lock()

    def clear(self):
        with self.lock:
            self.rules = []

    def add(self, rules):
        with self.lock:
            for rule in rules:
                rule = dict(rule)
                rule.setdefault('times', 1)
                if 'rate' in rule:
                    rule['_random'] = random.Random(rule.get('seed', 0))
                self.rules.append(rule)

    def pick(self, request, kind):
        with self.lock:
            for rule in self.rules:
                if rule['times'] == 0:
                    continue
                if rule.get('method') and rule['method'] != request.method:
                    continue
                if rule.get('kind') and rule['kind'] != kind:
                    continue
                if rule.get('path') and not re.search(rule['path'], request.path):
                    continue
                if 'rate' in rule:
                    if rule['_random'].random() >= rule['rate']:
                        continue
                    chosen = rule['_random'].choice(rule['choices'])
                else:
                    chosen = rule
                if rule['times'] > 0:
                    rule['times'] -= 1
                return chosen
        return None


def describe_fault(fault):
    """A short name for what a fault rule does to a request, None if nothing."""
    parts = [name for name in ('commit', 'reset', 'malformed', 'redirect', 'drip', 'endless', 'echo')
             if (fault or {}).get(name)]
    if 'body' in (fault or {}):
        parts.append('body')
    for name in ('status', 'delay'):
        if (fault or {}).get(name):
            parts.append('%s %s' % (name, fault[name]))
    return '+'.join(parts) or None


def echo_text(request):
    """The request, repeated as a careless server repeats it in an error."""
    return 'cannot process %s %s?%s headers=%s body=%s' % (
        request.method, request.path, request.raw_query, json.dumps(dict(request.headers.items())),
        request.body.decode('utf-8', 'replace'))


def _with_text(body, text):
    """A vendor-shaped error body with `text` as its message, wherever the vendor puts it."""
    if not isinstance(body, dict):
        return body
    return dict((key, text if key in ('message', 'description', 'msg', 'detail')
                 else _with_text(value, text)) for key, value in body.items())


class DropConnection(Exception):
    """Close the connection without an answer."""


class Emulator:
    """Base class: subclasses set `name`, implement `reset_state()` and routes."""

    name = 'emulator'
    redacted_query = ()

    def __init__(self, config=None):
        self.config = config or {}
        self.lock = threading.RLock()
        self.faults = FaultPlan()
        self.log = []
        self.routes = []
        for attr in dir(type(self)):
            handler = getattr(self, attr)
            if callable(handler) and hasattr(handler, 'route'):
                method, pattern, kind = handler.route
                self.routes.append((method, pattern, kind, handler))
        self.reset()

    # subclass hooks -------------------------------------------------------
    def reset_state(self):
        raise NotImplementedError

    def dump_state(self):
        return {}

    def credentials(self, url):
        """Environment variables a module run needs to reach this emulator at `url`."""
        return {}

    def test_data(self):
        """Extra accounts and keys tests may use (a plain user, a second key ...)."""
        return {}

    def not_found(self, request):
        return Reply(404, {'message': 'no route for %s %s' % (request.method, request.path)})

    def fault_reply(self, status):
        """The vendor-shaped body of an injected error."""
        return Reply(status, {'message': 'injected fault'})

    def control(self, switches):
        """Apply emulator-specific switches posted to /_sandbox/control."""
        raise VendorError(Reply(400, {'message': 'no switches: %s' % sorted(switches)}))

    # frame ------------------------------------------------------------------
    def reset(self):
        with self.lock:
            self.log = []
            self.faults.clear()
            self.reset_state()

    def find_route(self, request):
        for method, pattern, kind, handler in self.routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                request.match = match
                return kind, handler
        return 'read', None

    def handle(self, request):
        if request.path.startswith('/_sandbox/'):
            return self.handle_control(request)
        kind, handler = self.find_route(request)
        fault = self.faults.pick(request, kind)
        entry = self.record(request, kind)
        entry['fault'] = describe_fault(fault)
        reply = self.apply(request, handler, fault)
        entry['status'] = reply.status
        return reply

    def apply(self, request, handler, fault):
        fault = fault or {}
        hostile = self._hostile_reply(request, handler, fault)
        if hostile is not None:
            return hostile
        if fault.get('commit'):
            # The write is applied; then its answer is slow, broken, an error or never sent.
            reply = self.call(request, handler)
            if fault.get('delay'):
                time.sleep(float(fault['delay']))
            return self._faulty_reply(fault) or reply
        if fault.get('delay'):
            time.sleep(float(fault['delay']))
        return self._faulty_reply(fault) or self.call(request, handler)

    def _hostile_reply(self, request, handler, fault):
        if fault.get('redirect'):
            return Reply(int(fault.get('status', 302)), {}, headers={'Location': fault['redirect']})
        if fault.get('echo'):
            reply = self.fault_reply(int(fault.get('status', 400)))
            reply.body = _with_text(reply.body, echo_text(request))
            return reply
        if fault.get('endless'):
            return Reply(200, stream=(None, 0))
        if fault.get('drip'):
            reply = self.call(request, handler)
            return Reply(reply.status, headers=reply.headers,
                         stream=([bytes([byte]) for byte in reply.payload()], float(fault['drip'])))
        return None

    def _faulty_reply(self, fault):
        if fault.get('reset'):
            raise DropConnection()
        if fault.get('malformed'):
            return Reply(200, raw=b'{"truncated": ')
        if 'body' in fault:
            return Reply(int(fault.get('status', 200)), fault['body'])
        if fault.get('status'):
            return self._fault_status(fault)
        return None

    def _fault_status(self, fault):
        reply = self.fault_reply(int(fault.get('status', 500)))
        if fault.get('retry_after') is not None:
            reply.headers['Retry-After'] = str(fault['retry_after'])
        return reply

    def call(self, request, handler):
        if handler is None:
            return self.not_found(request)
        try:
            with self.lock:
                return handler(request)
        except VendorError as error:
            return error.reply

    def record(self, request, kind):
        """Log a request as it arrives; its status is set once answered (None: never answered)."""
        query = dict((key, '***' if key in self.redacted_query else values[0])
                     for key, values in request.query.items())
        entry = {'seq': 0, 'method': request.method, 'path': request.path, 'query': query,
                 'status': None, 'kind': kind}
        with self.lock:
            entry['seq'] = len(self.log) + 1
            self.log.append(entry)
        return entry

    def counts(self):
        with self.lock:
            result = {'read': 0, 'write': 0, 'auth': 0, 'methods': {}}
            for entry in self.log:
                result[entry['kind']] += 1
                result['methods'][entry['method']] = result['methods'].get(entry['method'], 0) + 1
            return result

    def handle_control(self, request):
        action = (request.method, request.path)
        if action == ('GET', '/_sandbox/log'):
            with self.lock:
                return Reply(200, list(self.log))
        if action == ('DELETE', '/_sandbox/log'):
            with self.lock:
                self.log = []
            return Reply(200, {'cleared': True})
        if action == ('GET', '/_sandbox/counts'):
            return Reply(200, self.counts())
        if action == ('POST', '/_sandbox/reset'):
            self.reset()
            return Reply(200, {'reset': True})
        if action == ('GET', '/_sandbox/state'):
            with self.lock:
                return Reply(200, self.dump_state())
        if action == ('POST', '/_sandbox/faults'):
            body = request.json()
            self.faults.add(body if isinstance(body, list) else [body])
            return Reply(200, {'faults': len(self.faults.rules)})
        if action == ('DELETE', '/_sandbox/faults'):
            self.faults.clear()
            return Reply(200, {'faults': 0})
        if action == ('POST', '/_sandbox/control'):
            try:
                with self.lock:
                    return Reply(200, self.control(request.json()) or {'ok': True})
            except VendorError as error:
                return error.reply
        return Reply(404, {'message': 'unknown control call'})


class OtherHost(Emulator):
    """Another host, to send a client elsewhere: it serves nothing and logs whatever reaches it."""

    name = 'other-host'

    def reset_state(self):
        pass


def make_handler(emulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'
        # Headers and body leave in two writes; with Nagle on, the body waits for the
        # client's delayed ACK (40 ms a request), a cost no real service adds.
        disable_nagle_algorithm = True
        server_version = 'tenantkit-sandbox/%s' % emulator.name

        def _serve(self):
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else b''
            request = Request(self.command, self.path, self.headers, body)
            try:
                reply = emulator.handle(request)
            except DropConnection:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            except ValueError as error:
                reply = Reply(400, {'message': 'bad control request: %s' % error})
            if reply.stream is not None:
                self._stream(reply)
                return
            payload = reply.payload()
            try:
                self.send_response(reply.status)
                self.send_header('Content-Type', 'application/json; charset=utf-8')
                self.send_header('Content-Length', str(len(payload)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                # The client gave up (its timeout); nothing left to answer.
                self.close_connection = True

        def _stream(self, reply):
            chunks, pause = reply.stream
            self.close_connection = True
            try:
                self.send_response(reply.status)
                self.send_header('Content-Type', 'application/json; charset=utf-8')
                if chunks is not None:
                    self.send_header('Content-Length', str(sum(len(chunk) for chunk in chunks)))
                self.send_header('Connection', 'close')
                self.end_headers()
                self.wfile.flush()
                for chunk in chunks if chunks is not None else endless_body():
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    if pause:
                        time.sleep(pause)
            except OSError:
                pass  # the client stopped reading, as it should

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, format, *args):  # pylint: disable=redefined-builtin
            pass

    return Handler


def endless_body(limit_bytes=8 * 1024 ** 3, limit_seconds=120):
    """A JSON-looking body that goes on until the client leaves (bounded for the sandbox's sake)."""
    chunk = b'[' + b'0,' * 32767
    sent, started = 0, time.time()
    while sent < limit_bytes and time.time() - started < limit_seconds:
        yield chunk
        sent += len(chunk)


class RunningEmulator:
    """An emulator served on 127.0.0.1 by a background thread."""

    def __init__(self, emulator, port=0, ssl_context=None):
        self.emulator = emulator
        self.server = ThreadingHTTPServer(('127.0.0.1', port), make_handler(emulator))
        self.server.daemon_threads = True
        self.scheme = 'http'
        if ssl_context is not None:
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = 'https'
        self.thread = threading.Thread(target=self.server.serve_forever, name=emulator.name,
                                       daemon=True)

    @property
    def url(self):
        return '%s://127.0.0.1:%d' % (self.scheme, self.server.server_address[1])

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
