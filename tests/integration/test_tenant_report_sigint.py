"""The tenant report of a real ansible-playbook interrupted by SIGINT (Ctrl-C) mid-play: ansible-core
raises KeyboardInterrupt, the CLI exits without the recap (no v2_playbook_on_stats), and the callback
still writes the report of what ran, marked interrupted, replacing the previous run's three files
together. No sandbox: the collection's module fails at once for want of its arguments."""

import json
import os
import signal
import subprocess
import sys
import time

from support.playbooks import BIN, ansible_env

PLAYBOOK = '''
- name: A run to interrupt
  hosts: localhost
  gather_facts: false
  tasks:
    - name: A collection module that fails at once
      tenantkit.saas.apppot_group:
        name: acme-staff
      ignore_errors: true
    - name: Say the play got here
      ansible.builtin.file:
        path: "{{ marker }}"
        state: touch
    - name: Wait to be interrupted
      ansible.builtin.pause:
        seconds: 300
      when: not finish | default(false) | bool
'''
# Ctrl-C in a terminal: SIGINT to the foreground process group, with SIGINT's default action (a
# background job of a shell ignores SIGINT, which ansible-core 2.16 keeps).
LAUNCH = 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])'


def start(tmp_path, *extra):
    command = [sys.executable, '-c', LAUNCH, os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c',
               'local', str(tmp_path / 'play.yml'), '-e', 'marker=%s' % (tmp_path / 'reached')] + list(extra)
    env = ansible_env(None, {'ANSIBLE_CALLBACKS_ENABLED': 'tenantkit.saas.tenant_report',
                             'TENANTKIT_REPORT_DIR': 'reports', 'PYTHONUNBUFFERED': '1'}, with_credentials=False)
    with open(str(tmp_path / 'output.txt'), 'wb') as output:
        return subprocess.Popen(command, cwd=str(tmp_path), env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)


def output_of(tmp_path):
    with open(str(tmp_path / 'output.txt'), encoding='utf-8', errors='replace') as handle:
        return handle.read()


def read_all(directory):
    pages = {}
    for name in ('report.json', 'report.md', 'report.html'):
        with open(os.path.join(str(directory), name), encoding='utf-8') as handle:
            pages[name] = handle.read()
    return pages


def test_ctrl_c_mid_play_leaves_the_report_of_what_ran_marked_interrupted(tmp_path):
    (tmp_path / 'play.yml').write_text(PLAYBOOK)
    reports = tmp_path / 'reports'
    finished = start(tmp_path, '-e', 'finish=true')
    assert finished.wait(timeout=300) == 0, output_of(tmp_path)
    assert json.loads(read_all(reports)['report.json'])['run']['interrupted'] is False
    os.remove(str(tmp_path / 'reached'))

    run = start(tmp_path)
    try:
        # Until the play reaches its pause (SIGINT any time before the recap would do).
        for dummy in range(1200):
            if os.path.exists(str(tmp_path / 'reached')) or run.poll() is not None:
                break
            time.sleep(0.25)
        assert run.poll() is None, output_of(tmp_path)
        os.killpg(run.pid, signal.SIGINT)
        code = run.wait(timeout=120)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    output = output_of(tmp_path)
    assert code != 0 and 'User interrupted execution' in output, output
    assert 'PLAY RECAP' not in output
    assert output.rstrip().splitlines()[-1] == \
        'tenant report (interrupted): 1 tenant, 0 in sync, 0 changed, 1 failed: %s' % (reports / 'report.html')
    pages = read_all(reports)
    report = json.loads(pages['report.json'])
    assert report['run']['interrupted'] is True
    rows = report['tenants'][0]['services']
    assert [(row['service'], row['status']) for row in rows] == [('apppot', 'failed')]
    assert 'missing required arguments' in rows[0]['message']
    assert pages['report.md'].startswith('# Tenant report (interrupted)\n')
    assert '<h1>Tenant report (interrupted)</h1>' in pages['report.html']
    # The three files are the interrupted run's, in its own directory; the finished run's is kept.
    current = os.path.realpath(str(reports / 'current'))
    assert set(os.path.dirname(os.path.realpath(str(reports / name))) for name in pages) == {current}
    assert len(os.listdir(str(reports / 'runs'))) == 2
