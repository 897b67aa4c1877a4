"""Every YAML example runs: README.md's ```yaml blocks, in order, and each module's EXAMPLES,
through ansible-playbook against the sandbox, each task twice in a row (the second time: ok,
not changed).

An example is run as written, except for two conventions it shows its readers:

- a value marked with a trailing ``# example value`` comment is the reader's own (a URL,
  a key, an account number, a password): the test puts the sandbox's value there, by the
  option's name and the service whose module or section holds it;
- a block whose first line is ``# not run by tests/integration/test_examples.py: <why>``
  is not run (it is a shape, or needs what the sandbox does not have); the test lists them.

Shapes: a list of tasks is wrapped in a play on localhost; a play or playbook runs as it is;
a mapping with ``tenant`` runs through playbooks/tenant_setup.yml with ``-e @file``, twice;
any other mapping is a variable file, written where the README names it (the line above the
block, or a first-line comment) for the examples after it. Each task of a play is followed by
a copy of itself, named with SECOND_RUN; a callback records every task's result.
README.md's blocks run in order on one fresh sandbox (later ones use what earlier ones made);
each module's EXAMPLES run on a fresh sandbox of their own.
"""

import ast
import copy
import json
import os
import re
import shutil
import threading
import time

import pytest
import yaml

from sandbox.registry import Sandbox
from support.playbooks import OUTPUT, ROOT, SIGNTOGETHER_ADMIN_PASSWORD, recorded_results, recording_env, run_playbook

README = os.path.join(ROOT, 'README.md')
MODULES = os.path.join(ROOT, 'plugins', 'modules')
TENANT_SETUP = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
WORKDIR = os.path.join(OUTPUT, 'examples')
HELPER = os.path.join(ROOT, 'tests', 'integration', 'files', 'sandbox_requests.py')
SKIP = re.compile(r'^# not run by tests/integration/test_examples\.py: (?P<why>.+)$')
EXAMPLE_VALUE = re.compile(r'^(?P<head>\s*(?:-\s+)?[\w/.-]+:\s+)\S.*?\s+# example value\b.*$')
PLACEHOLDER = '@@example value@@'
FILE_NAME = re.compile(r'^(?:# |`)(?P<name>[\w./-]+\.ya?ml)`?:?\s*$')
SECOND_RUN = ' (second run)'
# A task whose documented behaviour is to report changed on every run.
CHANGES_EVERY_RUN = ('Change the part name of an existing group (reports changed on every run)',)
# A server an example names ("on a server that lists every group of the company"): the sandbox's switch for it.
SERVER = {'plugins/modules/apppot_group.py': ('apppot', {'list_all_groups': True})}
PREFIXES = {'signtogether': 'SIGNTOGETHER', 'apppot': 'APPPOT', 'ncloud': 'NCLOUD', 'security365': 'SECURITY365'}


class Example:
    def __init__(self, source, line, text, file_name=None):
        self.source, self.line, self.text, self.file_name = source, line, text, file_name
        first = text.splitlines()[0] if text.strip() else ''
        match = SKIP.match(first)
        self.skipped = match.group('why') if match else None
        named = FILE_NAME.match(first)
        if named:
            self.file_name = named.group('name')

    def __repr__(self):
        return '%s:%d' % (self.source, self.line)


def readme_examples():
    """README.md's ```yaml blocks, with the file name the line above a block gives it."""
    with open(README, encoding='utf-8') as handle:
        lines = handle.read().splitlines()
    examples, start, above = [], None, None
    for number, line in enumerate(lines, 1):
        if start is None and line.strip() == '```yaml':
            start, above = number, next((text for text in reversed(lines[:number - 1]) if text.strip()), '')
        elif start is not None and line.strip() == '```':
            named = FILE_NAME.match(above.strip())
            examples.append(Example('README.md', start + 1, '\n'.join(lines[start:number - 1]) + '\n',
                                    named.group('name') if named else None))
            start = None
    return examples


def module_examples(name):
    path = os.path.join(MODULES, name)
    with open(path, encoding='utf-8') as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, 'id', None) == 'EXAMPLES' for target in node.targets):
            return Example('plugins/modules/' + name, node.lineno, node.value.value.lstrip('\n'))
    raise AssertionError('%s has no EXAMPLES' % name)


MODULE_FILES = sorted(name for name in os.listdir(MODULES) if name.endswith('.py') and not name.startswith('_'))


def service_of(key, service):
    """The service a mapping key names (a module, an action group, a tenant section), else `service`."""
    match = re.match(r'^(?:group/)?(?:tenantkit\.saas\.)?(signtogether|apppot|ncloud|security365)(?:_|$)', str(key))
    return match.group(1) if match else service


def sandbox_value(sandbox, service, key):
    env = sandbox.env()
    if key == 'account_member_no':
        return sandbox.emulator('ncloud_sso').test_data()['account']
    if service == 'ncloud' and key == 'api_url':
        return env['NCLOUD_SSO_API_URL']
    if service == 'signtogether' and key == 'password':
        return SIGNTOGETHER_ADMIN_PASSWORD
    name = '%s_%s' % (PREFIXES.get(service, '?'), key.upper())
    if name not in env:
        raise AssertionError('no sandbox value for %s (service %s) marked "# example value"' % (key, service))
    return env[name]


def filled(sandbox, value, service=None, key=None):
    if isinstance(value, dict):
        return dict((name, filled(sandbox, item, service_of(name, service), name)) for name, item in value.items())
    if isinstance(value, list):
        return [filled(sandbox, item, service, key) for item in value]
    if value == PLACEHOLDER:
        return sandbox_value(sandbox, service, key)
    if isinstance(value, str) and PLACEHOLDER in value:
        raise AssertionError('"# example value" marks a part of a value: %r' % value)
    return value


def parsed(sandbox, example):
    text = '\n'.join(EXAMPLE_VALUE.sub(lambda match: match.group('head') + '"%s"' % PLACEHOLDER, line)
                     for line in example.text.splitlines())
    return filled(sandbox, yaml.safe_load(text))


def second_run(task):
    """A copy of `task` (or block) whose name, and each name inside, ends with SECOND_RUN."""
    task = copy.deepcopy(task)

    def rename(item):
        item['name'] = item.get('name', 'unnamed') + SECOND_RUN
        for part in ('block', 'rescue', 'always'):
            for inner in item.get(part) or []:
                rename(inner)
    rename(task)
    return task


def leaf_names(task):
    """The names of the tasks that run when nothing fails: a block's own tasks, not its rescue."""
    if 'block' in task:
        return [name for inner in task['block'] for name in leaf_names(inner)]
    return [task['name']]


def twice(tasks):
    return [each for task in tasks for each in (task, second_run(task))]


def write(name, data):
    path = os.path.join(WORKDIR, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(data, handle, allow_unicode=True, sort_keys=False)
    return path


def check_run(example, run, record, through_role=False):
    """The run's problems fail the test; a role's tasks (`through_role`) may be skipped by its own conditions."""
    results = recorded_results(record)
    problems = []
    if run.returncode != 0:
        problems.append('ansible-playbook ended rc=%s' % run.returncode)
    for entry in results:
        if entry['status'] == 'failed' and not entry['result'].get('_ansible_ignore_errors'):
            problems.append('%s failed: %s' % (entry['task'], entry['result'].get('msg')))
        if entry['status'] == 'skipped' and not through_role:
            problems.append('%s was skipped: an example shows a task that runs' % entry['task'])
        if entry['task'].endswith(SECOND_RUN) and entry['result'].get('changed') \
                and entry['task'][:-len(SECOND_RUN)] not in CHANGES_EVERY_RUN:
            problems.append('%s reported changed' % entry['task'])
    if not results:
        problems.append('no task ran')
    if problems:
        pytest.fail('example %r:\n  %s\n\n%r' % (example, '\n  '.join(problems), run), pytrace=False)
    return results


def run_example(sandbox, example, number):
    """Run one example as its shape says; returns what ran, for the report."""
    data = parsed(sandbox, example)
    record = os.path.join(WORKDIR, 'record_%d.jsonl' % number)
    if isinstance(data, dict) and 'tenant' in data:
        path = write(example.file_name or 'tenant_%d.yml' % number, data)
        for attempt in ('first', 'second'):
            run = run_playbook(sandbox, TENANT_SETUP, ['-e', '@' + path], extra_env=recording_env(record), cwd=WORKDIR)
            check_run(example, run, record, through_role=True)
            if attempt == 'second' and run.recap()['localhost']['changed']:
                pytest.fail('example %r: the second run of tenant_setup.yml changed:\n%r' % (example, run),
                            pytrace=False)
        return 'tenant variable, twice through playbooks/tenant_setup.yml'
    if isinstance(data, dict):
        assert example.file_name, 'example %r: a variable file, but the README names no file for it' % example
        write(example.file_name, data)
        return 'variable file %s' % example.file_name
    assert isinstance(data, list) and all(isinstance(item, dict) for item in data), \
        'example %r: neither tasks, a play, nor a variable file' % example
    if all('hosts' in item for item in data):
        plays = [dict(play, tasks=twice(play.get('tasks') or [])) for play in data]
        what = 'playbook'
    else:
        plays = [{'name': 'Example %r' % example, 'hosts': 'localhost', 'connection': 'local',
                  'gather_facts': False, 'vars': {'ansible_python_interpreter': '{{ ansible_playbook_python }}'},
                  'tasks': twice(data)}]
        what = 'tasks'
    path = write(example.file_name or 'example_%d.yml' % number, plays)
    run = run_playbook(sandbox, path, extra_env=recording_env(record), cwd=WORKDIR)
    results = check_run(example, run, record)
    return '%s, %d task results' % (what, len(results))


def tasks_play(name, tasks):
    return {'name': name, 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
            'vars': {'ansible_python_interpreter': '{{ ansible_playbook_python }}'}, 'tasks': tasks}


def reset_task(sandbox, example, number):
    """A task that resets the sandbox (and sets the server the example names) before a module's examples."""
    requests = [['POST', sandbox.url(service) + '/_sandbox/reset', None] for service in sorted(sandbox.running)]
    if example.source in SERVER:
        service, switches = SERVER[example.source]
        requests.append(['POST', sandbox.url(service) + '/_sandbox/control', switches])
    path = os.path.join(WORKDIR, 'reset_%d.json' % number)
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(requests, handle)
    command = "{{ lookup('ansible.builtin.pipe', ansible_playbook_python + ' ' + helper + ' ' + requests) }}"
    return {'name': 'Reset the sandbox for %r' % example, 'ansible.builtin.debug': {'msg': command},
            'vars': {'helper': HELPER, 'requests': path}}


def run_all(sandbox, examples):
    """README.md's examples in order, one ansible-playbook run each; [report line]."""
    report = []
    for number, example in enumerate(examples):
        if example.skipped:
            report.append('%r skipped: %s' % (example, example.skipped))
        else:
            started = time.time()
            what = run_example(sandbox, example, number)
            report.append('%r ran: %s (%.1f s)' % (example, what, time.time() - started))
    return report


def run_modules(sandbox, examples):
    """Every module's EXAMPLES in one ansible-playbook run: one play each, on a sandbox reset first."""
    plays, report = [], []
    for number, example in enumerate(examples, 100):
        if example.skipped:
            report.append('%r skipped: %s' % (example, example.skipped))
            continue
        data = parsed(sandbox, example)
        assert isinstance(data, list) and not any('hosts' in item for item in data), \
            '%r: a module\'s EXAMPLES are tasks' % example
        plays.append(tasks_play('Examples of %r' % example, [reset_task(sandbox, example, number)] + twice(data)))
        report.append('%r ran: tasks' % example)
    record = os.path.join(WORKDIR, 'record_modules.jsonl')
    run = run_playbook(sandbox, write('modules.yml', plays), extra_env=recording_env(record), cwd=WORKDIR)
    results = check_run('the modules\' EXAMPLES', run, record)
    ran = set(entry['task'] for entry in results)
    missing = [name for play in plays for task in play['tasks'] for name in leaf_names(task) if name not in ran]
    assert not missing, 'tasks that never ran in %s:\n%r' % (missing, run)
    return report


@pytest.fixture
def workdir():
    shutil.rmtree(WORKDIR, ignore_errors=True)
    os.makedirs(WORKDIR)
    return WORKDIR


@pytest.fixture
def second_sandbox():
    box = Sandbox()
    yield box
    box.stop()


def test_every_example_runs_and_reruns_unchanged(fresh_sandbox, second_sandbox, workdir):
    """README.md's examples in order on one sandbox; meanwhile every module's EXAMPLES on another,
    each module's after a reset, with README.md's variable files (vars/sso_users.yml) there, as a
    reader who followed the README has them."""
    readme = readme_examples()
    for example in readme:
        data = None if example.skipped else yaml.safe_load(example.text)
        if isinstance(data, dict) and 'tenant' not in data and example.file_name:
            write(example.file_name, data)
    modules = {}
    thread = threading.Thread(target=lambda: modules.update(report=run_modules(
        second_sandbox, [module_examples(name) for name in MODULE_FILES])))
    started = time.time()
    thread.start()
    try:
        report = run_all(fresh_sandbox, readme)
    finally:
        thread.join()
    assert 'report' in modules, 'the modules\' EXAMPLES did not run through (see the exception above)'
    print('\n'.join(report + modules['report'] + ['%.1f s' % (time.time() - started)]))


def test_every_skipped_example_says_why():
    examples = readme_examples() + [module_examples(name) for name in MODULE_FILES]
    for example in examples:
        assert example.skipped or not example.text.lstrip().startswith('# not run'), example
    print('\n'.join('%r: %s' % (example, example.skipped) for example in examples if example.skipped))
