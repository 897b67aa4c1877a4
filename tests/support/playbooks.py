"""Run ansible-playbook against the sandbox, as a user would."""

import json
import os
import re
import secrets
import subprocess
import sys

import yaml

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(TESTS)
# One directory per pytest process: its config names this process's sandbox.
OUTPUT = os.path.join(TESTS, 'output', 'integration', 'pid%d' % os.getpid())
TARGETS = os.path.join(TESTS, 'integration', 'targets')
BIN = os.path.dirname(sys.executable)
# The example tenant file takes its new admins' password from the environment.
SIGNTOGETHER_ADMIN_PASSWORD = 'Tk1!' + secrets.token_urlsafe(12)
RECAP = re.compile(r'^(?P<host>\S+)\s*:\s*ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+'
                   r'unreachable=(?P<unreachable>\d+)\s+failed=(?P<failed>\d+)', re.M)


class PlaybookRun:
    def __init__(self, command, returncode, output):
        self.command = command
        self.returncode = returncode
        self.output = output

    def recap(self):
        """{host: {'ok': n, 'changed': n, 'unreachable': n, 'failed': n}}"""
        return dict((m.group('host'), dict((k, int(m.group(k)))
                                           for k in ('ok', 'changed', 'unreachable', 'failed')))
                    for m in RECAP.finditer(self.output))

    def __repr__(self):
        return 'rc=%s\n$ %s\n%s' % (self.returncode, ' '.join(self.command), self.output[-6000:])


def ansible_env(sandbox, extra_env=None, with_credentials=True):
    env = dict(os.environ)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': os.path.join(TESTS, 'output', 'collections'),
        'ANSIBLE_ROLES_PATH': TARGETS,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_LOCAL_TEMP': os.path.join(OUTPUT, 'tmp'),
        'PATH': BIN + os.pathsep + env.get('PATH', ''),
        'SIGNTOGETHER_ADMIN_PASSWORD': SIGNTOGETHER_ADMIN_PASSWORD,
    })
    if with_credentials:
        env.update(sandbox.env())
    env.update(extra_env or {})
    return env


def write_config(sandbox):
    """OUTPUT/integration_config.yml: the `sandbox` variable (each service's url, env and test
    data) that the integration targets read, as `python -m sandbox start` writes it for
    ansible-test. Replaced whole, so that a playbook running meanwhile never reads half a file."""
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, 'integration_config.yml')
    with open(path + '.tmp', 'w', encoding='utf-8') as handle:
        os.chmod(path + '.tmp', 0o600)
        json.dump(sandbox.config(), handle, indent=2)
    os.replace(path + '.tmp', path)
    return path


def role_playbook(target):
    """A playbook that runs one integration target (a role) on localhost."""
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, 'run_%s.yml' % target)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write('- name: Integration target %s\n  hosts: localhost\n  connection: local\n'
                     '  gather_facts: false\n  vars_files:\n    - integration_config.yml\n'
                     '  roles:\n    - %s\n' % (target, target))
    return path


def run_playbook(sandbox, playbook, args=(), extra_env=None, with_credentials=True, timeout=900, cwd=None):
    """ansible-playbook started in `cwd` (default: OUTPUT)."""
    write_config(sandbox)
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
               playbook] + list(args)
    done = subprocess.run(command, env=ansible_env(sandbox, extra_env, with_credentials),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                          check=False, cwd=cwd or OUTPUT)
    return PlaybookRun(command, done.returncode, done.stdout.decode('utf-8', 'replace'))


def integration_targets():
    return sorted(name for name in os.listdir(TARGETS)
                  if os.path.exists(os.path.join(TARGETS, name, 'tasks', 'main.yml'))
                  and not name.startswith('setup_'))


# Run apart: importing Ansible's controller code (ansible.parsing) into a test process
# sends every later in-process module warning to the controller's display instead of the result.
VAULT_ENCRYPT = '''
import json, sys
from ansible.parsing.vault import VaultLib, VaultSecret
request = json.load(sys.stdin)
vault = VaultLib([('default', VaultSecret(request['password'].encode('utf-8')))])
json.dump(dict((name, vault.encrypt(text).decode('ascii')) for name, text in request['texts'].items()), sys.stdout)
'''


def vault_encrypt(password, texts):
    """{name: vault ciphertext} of {name: text}, as `ansible-vault encrypt_string` makes them."""
    done = subprocess.run([sys.executable, '-c', VAULT_ENCRYPT], input=json.dumps(
        {'password': password, 'texts': texts}).encode('utf-8'), stdout=subprocess.PIPE, check=True, timeout=60)
    return json.loads(done.stdout)


def recording_env(record):
    """Environment for ansible-playbook that records every task result, one JSON line each, in
    `record` (tests/integration/files/callbacks/record_results.py); the file starts empty."""
    if os.path.exists(record):
        os.remove(record)
    return {'ANSIBLE_CALLBACK_PLUGINS': os.path.join(TESTS, 'integration', 'files', 'callbacks'),
            'ANSIBLE_CALLBACKS_ENABLED': 'record_results', 'TENANTKIT_RECORD_RESULTS': record}


def recorded_results(record):
    """[{'task', 'status', 'result'}] in the order the tasks ended."""
    if not os.path.exists(record):
        return []
    with open(record, encoding='utf-8') as handle:
        return [json.loads(line) for line in handle]


class Vaulted(str):
    """Vault ciphertext, written to YAML as a !vault value."""


class VaultDumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    """YAML with !vault values, as `ansible-vault encrypt_string` prints them."""


VaultDumper.add_representer(Vaulted, lambda dumper, text: dumper.represent_scalar('!vault', text, style='|'))
