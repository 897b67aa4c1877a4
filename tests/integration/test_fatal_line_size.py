"""The fatal line a failed ncloud_users_bulk task prints at default verbosity, through
ansible-playbook: Ansible prints a failed result whole, so it must not grow with the
users list. It lists every refused user once, in failed_users (never under Ansible's
own `failed` key), and otherwise only what the task did and a short message.
"""

import json
import os

from support.playbooks import OUTPUT, run_playbook

USERS = 2000
STILL_REFUSED = 3
# login ids the service refuses: another run is creating each of them (the sandbox's reserve_login_ids).
REFUSED = ['user%04d@example.com' % index for index in range(1, USERS, 2)]
APPLIED = ['user%04d@example.com' % index for index in range(0, USERS, 2)]
LIMIT = 4096
# The keys of a failed result; the lists of login ids grow only with what was done or refused.
FAILED_KEYS = {'changed', 'counts', 'created', 'updated', 'deleted', 'failed_users', 'msg'}
ID_LISTS = ('created', 'updated', 'deleted', 'failed_users')

PLAYBOOK = '''- name: A large list, half of it refused
  hosts: localhost
  gather_facts: false
  vars_files:
    - fatal_line_users.json
  tasks:
    - name: Every user
      tenantkit.saas.ncloud_users_bulk:
        users: "{{ bulk_users }}"
      ignore_errors: true
    - name: Again, the applied users and a few refused ones
      tenantkit.saas.ncloud_users_bulk:
        users: "{{ bulk_users | selectattr('login_id', 'in', again) }}"
      ignore_errors: true
'''


def fatal_results(output):
    """(line, result) of each `fatal:` line, in order."""
    found = []
    for line in output.splitlines():
        if line.startswith('fatal: [localhost]: FAILED! => '):
            found.append((line, json.loads(line.split(' => ', 1)[1])))
    return found


def test_the_fatal_line_lists_every_refused_user_and_does_not_grow_with_the_list(fresh_sandbox):
    fresh_sandbox.emulator('ncloud_sso').control({'reserve_login_ids': REFUSED})
    os.makedirs(OUTPUT, exist_ok=True)
    with open(os.path.join(OUTPUT, 'fatal_line_users.json'), 'w', encoding='utf-8') as handle:
        json.dump({'bulk_users': [{'login_id': 'user%04d@example.com' % index,
                                   'user_profile': {'dept_name': 'Sales'}} for index in range(USERS)],
                   'again': APPLIED + REFUSED[:STILL_REFUSED]}, handle)
    playbook = os.path.join(OUTPUT, 'fatal_line.yml')
    with open(playbook, 'w', encoding='utf-8') as handle:
        handle.write(PLAYBOOK)
    run = run_playbook(fresh_sandbox, playbook)
    assert run.returncode == 0 and run.recap()['localhost']['failed'] == 0, run
    (first_line, first), (again_line, again) = fatal_results(run.output)

    # 2,000 users, 1,000 refused: each refused user once, with the service's reason.
    assert set(first) == FAILED_KEYS, sorted(first)
    assert [item['login_id'] for item in first['failed_users']] == REFUSED
    assert set(item['message'] for item in first['failed_users']) == {'Duplicate login ID.'}
    assert sorted(first['created']) == APPLIED
    assert first['msg'] == ('1000 of 2000 users failed; 1000 applied (1000 created): user0001@example.com: '
                            'Duplicate login ID.; user0003@example.com: Duplicate login ID.; user0005@example.com: '
                            'Duplicate login ID.; and 997 more in failed_users')
    # What is not a list of login ids stays small, whatever the list size.
    rest = dict((name, value) for name, value in first.items() if name not in ID_LISTS)
    assert len(json.dumps(rest, ensure_ascii=False)) < 1024, rest
    # The line is those lists and little else (before: 650 kB, with every user object).
    listed = sum(len(json.dumps(first[name], ensure_ascii=False)) for name in ID_LISTS)
    assert len(first_line.encode('utf-8')) - listed < LIMIT, len(first_line)

    # 1,003 users, 1,000 of them already right and 3 refused: the whole line is under 4 kB.
    assert [item['login_id'] for item in again['failed_users']] == REFUSED[:STILL_REFUSED]
    assert again['msg'].startswith('3 of 1003 users failed; 1000 applied (1000 unchanged): ')
    assert again['changed'] is False and again['created'] == []
    assert len(again_line.encode('utf-8')) < LIMIT, len(again_line)
