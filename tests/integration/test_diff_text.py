"""--diff through ansible-playbook against the sandbox shows Hangul as itself (issue #28), as
ansible.builtin.copy shows it, on both paths a module can take (in the worker, the usual way):
the action plugins hand the callback before/after as text (plugins/plugin_utils/diff_text.py)."""

import json
import os

import pytest

from support.playbooks import OUTPUT, run_playbook

LOGIN_ID = 'minjun.kim@example.com'
# The README's own example user.
USER = {'login_id': LOGIN_ID, 'description': 'Sales lead, Seoul',
        'user_profile': {'first_name': '민준', 'last_name': '김', 'email': LOGIN_ID, 'emp_no': '10042',
                         'dept_name': '영업부', 'phone_country_code': '+82', 'phone_no': '010-1234-5678'},
        'access_rules': {'console_access_allowed': True, 'api_access_allowed': False}}
MOVED = dict(USER, user_profile=dict(USER['user_profile'], dept_name='지원부'))
ESCAPED = ('\\uc601', '\\uc9c0', '\\ubbfc', '\\uae40', '\\uadf8')


def write_playbook():
    def users(name, user, register):
        return {'name': name, 'tenantkit.saas.ncloud_users_bulk': {'users': [user]}, 'diff': True,
                'register': register}
    tasks = [
        users('Create the README user with diff', USER, 'created'),
        {'name': 'An AppPot group described in Hangul, with diff', 'tenantkit.saas.apppot_group': {
            'name': 'tk-sales-kr', 'description': '영업부 그룹'}, 'diff': True, 'register': 'group'},
        users('Move the user to another department with diff', MOVED, 'moved'),
        {'name': 'The registered diffs are JSON text that reads back as the objects', 'ansible.builtin.assert': {'that': [
            "created.diff.before == '{}\\n'",
            "(created.diff.after | from_json)['%s'].user_profile.dept_name == '영업부'" % LOGIN_ID,
            "(group.diff.after | from_json).description == '영업부 그룹'",
            "(moved.diff.before | from_json)['%s'].user_profile.dept_name == '영업부'" % LOGIN_ID,
            "(moved.diff.after | from_json)['%s'].user_profile.dept_name == '지원부'" % LOGIN_ID,
        ]}, 'when': 'not ansible_check_mode'},
    ]
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, 'diff_text.yml')
    play = {'name': 'Diff text', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False, 'tasks': tasks}
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump([play], handle, indent=2, ensure_ascii=False)
    return path


def diff_lines(output):
    """The lines of the output's unified diffs (from each `--- before` to the blank line after it)."""
    lines, inside = [], False
    for line in output.splitlines():
        if line == '--- before':
            inside = True
        elif not line:
            inside = False
        if inside:
            lines.append(line)
    return lines


@pytest.mark.parametrize('path', ['worker', 'usual'])
def test_diff_shows_hangul_as_itself(fresh_sandbox, path):
    args = ['--diff', '-vvv'] + (['-e', 'tenantkit_modules_in_worker=false'] if path == 'usual' else [])
    check = run_playbook(fresh_sandbox, write_playbook(), args + ['--check'])
    run = run_playbook(fresh_sandbox, write_playbook(), args)
    for each in (check, run):
        assert each.returncode == 0 and each.recap()['localhost']['failed'] == 0, each
        assert ('tenantkit.saas: running in the worker' in each.output) == (path == 'worker'), each
        shown = diff_lines(each.output)
        assert not [line for line in shown if any(escape in line for escape in ESCAPED)], each
        assert '+            "dept_name": "영업부",' in shown, each
        assert '+            "first_name": "민준",' in shown, each
        assert '+    "description": "영업부 그룹",' in shown, each
        assert '-{}' in shown, each  # an empty before shows as it did
    moved = diff_lines(run.output)
    assert '-            "dept_name": "영업부",' in moved and '+            "dept_name": "지원부",' in moved, run
    # The check run wrote nothing: its move is a second create, in the other department.
    assert '+            "dept_name": "지원부",' in diff_lines(check.output), check


def test_the_worker_and_the_usual_way_show_the_same_diff(fresh_sandbox):
    playbook = write_playbook()
    worker = run_playbook(fresh_sandbox, playbook, ['--diff'])
    fresh_sandbox.reset()
    usual = run_playbook(fresh_sandbox, playbook, ['--diff', '-e', 'tenantkit_modules_in_worker=false'])
    assert worker.returncode == 0 and usual.returncode == 0, (worker, usual)
    assert diff_lines(worker.output) == diff_lines(usual.output)
    assert '+            "dept_name": "영업부",' in diff_lines(worker.output)
