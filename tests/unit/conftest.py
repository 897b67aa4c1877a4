import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils import engine
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import RetryPolicy


@pytest.fixture(autouse=True)
def no_pause_between_write_attempts(monkeypatch):
    """Keep the attempts the engine makes after a lost answer, without its pauses."""
    monkeypatch.setattr(engine, 'WRITE_RETRY', RetryPolicy(attempts=3, base_delay=0, max_delay=0))
