"""The Security365 client secret and tokens stay out of ansible-playbook -vvvv output."""

import os

import pytest

from support.playbooks import run_playbook

PLAYBOOK = """\
- name: Security365 secrets at -vvvv
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Create the app service, token given as an option
      tenantkit.saas.security365_app:
        token: "{{ lookup('ansible.builtin.env', 'SECURITY365_TOKEN') }}"
      register: created

    - name: Rerun, without asking for the secret
      tenantkit.saas.security365_app:
        return_secret: false
      diff: true

    - name: Read the app service
      tenantkit.saas.security365_app_info:

    - name: Ask for the secret with no_log on the task
      tenantkit.saas.security365_app:
        return_secret: true
      no_log: true

    - name: Fail with an expired token
      tenantkit.saas.security365_app:
        token: "{{ lookup('ansible.builtin.env', 'EXPIRED_TOKEN') }}"
      ignore_errors: true

    - name: Delete it, in check mode with diff
      tenantkit.saas.security365_app:
        state: absent
        client_id: "{{ created.client_id }}"
      check_mode: true
      diff: true
"""

SHOWN_SECRET = """\
- name: Security365 secret asked for without no_log
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Ask for the secret
      tenantkit.saas.security365_app:
        return_secret: true
"""


def write(tmp_path, text):
    path = os.path.join(str(tmp_path), 'playbook.yml')
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text)
    return path


@pytest.fixture
def security365(fresh_sandbox):
    return fresh_sandbox.emulator('security365')


def company_app(emulator):
    return emulator.dump_state()['apps'][emulator.config['company_id']]


def test_secret_and_tokens_never_appear_at_vvvv(fresh_sandbox, security365, tmp_path):
    token = fresh_sandbox.env()['SECURITY365_TOKEN']
    expired = security365.test_data()['expired_token']
    run = run_playbook(fresh_sandbox, write(tmp_path, PLAYBOOK), ['-vvvv'],
                       extra_env={'EXPIRED_TOKEN': expired, 'SECURITY365_TOKEN': token})
    recap = run.recap()['localhost']
    assert run.returncode == 0 and recap['failed'] == 0, run
    app = company_app(security365)
    # The output is verbose enough to show results: the client id and the vendor code are there.
    assert app['client_id'] in run.output and '40101' in run.output, run
    assert app['client_secret'] not in run.output
    assert token not in run.output and expired not in run.output
    assert token.split('.')[2] not in run.output and expired.split('.')[2] not in run.output


def test_secret_asked_for_without_no_log_is_shown(fresh_sandbox, security365, tmp_path):
    # The counterpart of the test above: the search would find the secret if it leaked.
    run = run_playbook(fresh_sandbox, write(tmp_path, SHOWN_SECRET), ['-v'])
    assert run.returncode == 0, run
    assert company_app(security365)['client_secret'] in run.output
