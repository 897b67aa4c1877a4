import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.tenantkit.saas.plugins.module_utils import engine  # noqa: E402
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import RetryPolicy  # noqa: E402


@pytest.fixture(autouse=True)
def no_pause_between_write_attempts(monkeypatch):
    """Keep the attempts the engine makes after a lost answer, without its pauses."""
    monkeypatch.setattr(engine, 'WRITE_RETRY', RetryPolicy(attempts=3, base_delay=0, max_delay=0))
