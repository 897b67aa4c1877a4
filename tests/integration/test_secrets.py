"""No credential ever appears in ansible-playbook -vvvv output."""

import os

from support.playbooks import TENANT_ADMIN_PASSWORD, run_playbook

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET_MARKERS = ('PASSWORD', 'SECRET', 'TOKEN', 'API_KEY', 'APP_KEY')


def secret_values(sandbox):
    return dict((name, value) for name, value in sandbox.env().items()
                if any(marker in name for marker in SECRET_MARKERS) and value)


def test_tenant_setup_at_vvvv_prints_no_secret(fresh_sandbox):
    run = run_playbook(fresh_sandbox, os.path.join(ROOT, 'playbooks', 'tenant_setup.yml'),
                       ['-vvvv', '-e', '@' + os.path.join(ROOT, 'playbooks', 'vars', 'example_tenant.yml')])
    assert run.returncode == 0, run
    secrets = secret_values(fresh_sandbox)
    secrets['TENANT_ADMIN_PASSWORD'] = TENANT_ADMIN_PASSWORD
    assert 'APPPOT_PASSWORD' in secrets
    leaked = [name for name, value in secrets.items() if value in run.output]
    assert leaked == []


def test_failing_login_at_vvvv_prints_no_secret(fresh_sandbox):
    wrong = 'Wrong-Pass-%s' % os.getpid()
    run = run_playbook(fresh_sandbox, os.path.join(ROOT, 'playbooks', 'tenant_setup.yml'),
                       ['-vvvv', '-e', '@' + os.path.join(ROOT, 'playbooks', 'vars', 'example_tenant.yml')],
                       extra_env={'APPPOT_PASSWORD': wrong})
    assert run.returncode != 0 and 'wrong username or password' in run.output
    assert wrong not in run.output
    assert fresh_sandbox.env()['APPPOT_APP_KEY'] not in run.output
