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

from sandbox.frame import OtherHost, RunningEmulator  # noqa: E402  pylint: disable=wrong-import-position
from sandbox.registry import Sandbox  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope='session')
def sandbox():
    box = Sandbox()
    yield box
    box.stop()


@pytest.fixture
def fresh_sandbox(sandbox):
    sandbox.reset()
    return sandbox


@pytest.fixture
def service_env(fresh_sandbox, monkeypatch):
    """use(service) sets that service's credential environment variables and returns its
    emulator; use() sets every service's and returns the sandbox. The sandbox is fresh."""
    def use(service=None):
        names = [service] if service else list(fresh_sandbox.running)
        for name in names:
            for key, value in fresh_sandbox.emulator(name).credentials(fresh_sandbox.url(name)).items():
                monkeypatch.setenv(key, value)
        return fresh_sandbox.emulator(service) if service else fresh_sandbox
    return use


@pytest.fixture(scope='session')
def other_host_server():
    server = RunningEmulator(OtherHost()).start()
    yield server
    server.stop()


@pytest.fixture
def other_host(other_host_server):
    """Another host on its own port, its log empty: a redirect target that must see nothing."""
    other_host_server.emulator.reset()
    return other_host_server
