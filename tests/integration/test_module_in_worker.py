"""The action plugins run a module in a fork of Ansible's worker only when it would run on this
controller's Python over the local connection, and the task cannot tell the difference: the same
result, warnings and failures as through AnsiballZ, nothing carried from one loop item to the next.
"""

import json
import os
import re

from support.playbooks import OUTPUT, run_playbook

UNKNOWN_GROUP = 987654
PLAYBOOK = '''- name: One module, each way it can run
  hosts: localhost
  gather_facts: false
  vars:
    lookups: [[%(unknown)d], []]
  tasks:
    - name: Probe in the worker
      tenantkit.saas.signtogether_group_info:
        group_ids: "{{ item }}"
      loop: "{{ lookups }}"
      register: in_worker
    - name: Probe the usual way, by the switch
      tenantkit.saas.signtogether_group_info:
        group_ids: "{{ item }}"
      loop: "{{ lookups }}"
      register: usual
      vars:
        tenantkit_modules_in_worker: false
    - name: Probe a refused option in the worker
      tenantkit.saas.signtogether_group_info:
        group_ids: [one]
      register: refused_in_worker
      ignore_errors: true
    - name: Probe a refused option the usual way
      tenantkit.saas.signtogether_group_info:
        group_ids: [one]
      register: refused_usual
      ignore_errors: true
      vars:
        tenantkit_modules_in_worker: false
    - name: Probe the usual way, for an environment keyword
      tenantkit.saas.signtogether_group_info:
      environment:
        TENANTKIT_PROBE: "1"
    - name: Probe the usual way, for async
      tenantkit.saas.signtogether_group_info:
      async: 60
      poll: 1
    - name: Probe the usual way, for delegate_to
      tenantkit.saas.signtogether_group_info:
      delegate_to: localhost
    - name: Keep what each way returned
      ansible.builtin.copy:
        content: "{{ {'in_worker': in_worker.results, 'usual': usual.results,
                      'refused_in_worker': refused_in_worker, 'refused_usual': refused_usual} | to_json }}"
        dest: "{{ playbook_dir }}/in_worker_results.json"
        mode: "0600"
''' % {'unknown': UNKNOWN_GROUP}
TASK = re.compile(r'^TASK \[(?P<name>[^\]]+)\]', re.M)


def ansiballz_by_task(output):
    """{task name: whether the module went through AnsiballZ}, read from -vvv output."""
    marks = list(TASK.finditer(output)) + [None]
    return dict((start.group('name'), 'AnsiballZ_signtogether_group_info.py' in output[start.end():end.start() if end else None])
                for start, end in zip(marks, marks[1:]))


def comparable(result):
    return dict((key, value) for key, value in result.items() if not key.startswith('_ansible'))


def test_a_module_runs_in_the_worker_only_on_the_controllers_python_and_returns_the_same(fresh_sandbox):
    os.makedirs(OUTPUT, exist_ok=True)
    playbook = os.path.join(OUTPUT, 'in_worker.yml')
    with open(playbook, 'w', encoding='utf-8') as handle:
        handle.write(PLAYBOOK)
    run = run_playbook(fresh_sandbox, playbook, ['-vvv'])
    assert run.returncode == 0, run

    assert ansiballz_by_task(run.output) == {
        'Probe in the worker': False,
        'Probe the usual way, by the switch': True,
        'Probe a refused option in the worker': False,
        'Probe a refused option the usual way': True,
        'Probe the usual way, for an environment keyword': True,
        'Probe the usual way, for async': True,
        'Probe the usual way, for delegate_to': True,
        'Keep what each way returned': False,
    }
    with open(os.path.join(OUTPUT, 'in_worker_results.json'), encoding='utf-8') as handle:
        results = json.load(handle)
    in_worker, usual = results['in_worker'], results['usual']
    assert [comparable(item) for item in in_worker] == [comparable(item) for item in usual]
    # The first lookup in the worker warns about the group the service did not return (Ansible shows
    # a repeated warning once); the second, in the same worker, carries nothing over from it.
    worker_section = run.output.split('TASK [Probe in the worker]', 1)[1].split('TASK [', 1)[0]
    assert 'SignTogether did not return group_ids %d' % UNKNOWN_GROUP in worker_section, run
    assert [item['skipped_ids'] for item in in_worker] == [[UNKNOWN_GROUP], []]
    assert in_worker[0]['invocation']['module_args']['group_ids'] == [UNKNOWN_GROUP]
    assert in_worker[1]['invocation']['module_args']['group_ids'] == []

    refused = comparable(results['refused_in_worker'])
    assert refused == comparable(results['refused_usual'])
    assert refused['failed'] is True and 'group_ids' in refused['msg']
