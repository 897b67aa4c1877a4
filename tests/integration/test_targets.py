"""Each integration target, run through ansible-playbook against a fresh sandbox.

The targets assert on module results and on the sandbox's request log
themselves; this runner only resets the sandbox and checks the play passed.
"""

import pytest

from support.playbooks import integration_targets, role_playbook, run_playbook


@pytest.mark.parametrize('target', integration_targets())
def test_target(fresh_sandbox, target):
    run = run_playbook(fresh_sandbox, role_playbook(target))
    recap = run.recap()
    if run.returncode != 0 or not recap or any(host['failed'] for host in recap.values()):
        pytest.fail('target %s failed:\n%r' % (target, run), pytrace=False)
