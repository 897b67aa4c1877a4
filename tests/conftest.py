"""Shared pytest set-up: the collection on sys.path and the sandbox fixture."""

import os
import sys

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
COLLECTIONS = os.path.join(TESTS, 'output', 'collections')
LINK = os.path.join(COLLECTIONS, 'ansible_collections', 'tenantkit', 'saas')

if not os.path.exists(LINK):
    os.makedirs(os.path.dirname(LINK), exist_ok=True)
    os.symlink(ROOT, LINK)
for path in (COLLECTIONS, TESTS):
    if path not in sys.path:
        sys.path.insert(0, path)

from sandbox.registry import start_all  # noqa: E402  pylint: disable=wrong-import-position


class Sandbox:
    """The emulators running in this pytest process."""

    def __init__(self, running, extra):
        self.running = running
        self.extra = extra

    def url(self, service):
        return self.running[service].url

    def emulator(self, service):
        return self.running[service].emulator

    def env(self):
        """Every service's credential environment variables."""
        merged = {}
        for server in self.running.values():
            merged.update(server.emulator.credentials(server.url))
        return merged

    def config(self):
        """The integration_config.yml contents: URLs and test data per service."""
        return {'sandbox': dict((name, {'url': server.url, 'test': self.extra[name]['test'],
                                        'env': server.emulator.credentials(server.url)})
                                for name, server in self.running.items())}

    def reset(self):
        for server in self.running.values():
            server.emulator.reset()

    def stop(self):
        for server in self.running.values():
            server.stop()


@pytest.fixture(scope='session')
def sandbox():
    running, extra = start_all()
    box = Sandbox(running, extra)
    yield box
    box.stop()


@pytest.fixture
def fresh_sandbox(sandbox):
    sandbox.reset()
    return sandbox
