"""A sample of invalid input through ansible-playbook, one or two per service: each task
fails naming the option (or the item), without a traceback and without any request."""

import json
import os

from support.playbooks import OUTPUT, run_playbook

SERVICES = ('apppot', 'signtogether', 'ncloud_sso', 'security365')
# (register name, module, options, text the failure message must hold)
CASES = [
    ('apppot_long_name', 'apppot_group', {'name': '\U0001F600' * 256},
     'name must be 1 to 255 characters long'),
    ('signtogether_level', 'signtogether_group', {'name': 'ops', 'level': 'high'},
     "argument 'level' is of type"),
    ('ncloud_login_id', 'ncloud_users_bulk',
     {'users': [{'login_id': 'ok@example.com'}, {'login_id': 'not-an-email'}]},
     'users[1] (not-an-email): login_id must be an email address'),
    ('ncloud_phone', 'ncloud_users_bulk',
     {'users': [{'login_id': 'who@example.com', 'user_profile': {'phone_no': '010 1234 \u200f'}}]},
     'users[0] (who@example.com): user_profile.phone_no must be digits and hyphens'),
    ('security365_client_id', 'security365_app', {'client_id': 'abc', 'state': 'present'},
     'client_id is only used with state=absent'),
]


def write_playbook():
    tasks = []
    for register, module, options, dummy in CASES:
        tasks.append({'name': 'Invalid input for %s (%s)' % (module, register),
                      'tenantkit.saas.' + module: options, 'register': register,
                      'ignore_errors': True})
    for register, dummy, dummy_options, expected in CASES:
        tasks.append({'name': 'The failure of %s names what is wrong' % register,
                      'ansible.builtin.assert': {'that': [
                          '%s is failed' % register,
                          # Our own message: a crash would read 'Task failed: Module failed: <exception>'.
                          '%s in %s.msg' % (json.dumps(expected), register),
                          "not %s.msg.startswith('Task failed')" % register,
                          "'Traceback' not in %s.msg" % register,
                      ]}})
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, 'hostile_input.yml')
    play = {'name': 'Hostile input', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
            'tasks': tasks}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump([play], handle, indent=2)
    return path


def test_invalid_input_fails_naming_the_option_without_requests(fresh_sandbox):
    run = run_playbook(fresh_sandbox, write_playbook())
    recap = run.recap()
    assert run.returncode == 0 and recap, run
    assert recap['localhost'] == {'ok': 2 * len(CASES), 'changed': 0, 'unreachable': 0, 'failed': 0}, run
    assert 'Traceback' not in run.output, run
    for dummy, dummy_module, dummy_options, expected in CASES:
        assert expected in run.output, (expected, run)
    assert dict((service, fresh_sandbox.emulator(service).log) for service in SERVICES) == \
        dict((service, []) for service in SERVICES)
