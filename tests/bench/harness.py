"""Benchmark plumbing: the background sandbox, its control API, timed ansible-playbook runs."""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(BENCH)
ROOT = os.path.dirname(TESTS)
OUTPUT = os.path.join(TESTS, 'output')
WORK = os.path.join(OUTPUT, 'bench')
STATE_DIR = os.path.join(WORK, 'sandbox')
COLLECTIONS = os.path.join(OUTPUT, 'collections')
BIN = os.path.dirname(sys.executable)
# "Today": the collection as it was before the scale work (issue 18), measured beside this checkout.
BASELINE_REF = 'e7c266523eecaaf9535b1e8a8095037cdb17ee63'
BASELINE_COLLECTIONS = os.path.join(WORK, 'baseline')


def export_baseline():
    """The baseline commit's collection under BASELINE_COLLECTIONS (git archive); False without it."""
    tree = os.path.join(BASELINE_COLLECTIONS, 'ansible_collections', 'tenantkit', 'saas')
    if os.path.isdir(os.path.join(tree, 'plugins')):
        return True
    os.makedirs(tree, exist_ok=True)
    archive = subprocess.run(['git', 'archive', BASELINE_REF], cwd=ROOT, check=False,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if archive.returncode != 0:
        return False
    subprocess.run(['tar', '-x', '-C', tree], input=archive.stdout, check=True)
    return True


def tree_of(collections):
    """The collection's root directory under a collections path."""
    return os.path.join(collections, 'ansible_collections', 'tenantkit', 'saas')


class Sandbox:
    """The sandbox started through its CLI in the background; stop() always runs by PID."""

    def __init__(self):
        self.services = {}
        self.env = {}

    def start(self):
        os.makedirs(WORK, exist_ok=True)
        self.stop()
        done = subprocess.run(self._cli('start'), cwd=TESTS, env=self._cli_env(), check=False,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if done.returncode != 0:
            raise RuntimeError('sandbox did not start: %s' % done.stdout.decode('utf-8', 'replace'))
        with open(os.path.join(STATE_DIR, 'sandbox.json'), encoding='utf-8') as handle:
            self.services = json.load(handle)['services']
        for service in self.services.values():
            self.env.update(service['env'])
        return self

    def stop(self):
        pid_file = os.path.join(STATE_DIR, 'sandbox.pid')
        pid = None
        if os.path.exists(pid_file):
            with open(pid_file, encoding='utf-8') as handle:
                pid = int(handle.read().strip() or 0) or None
        subprocess.run(self._cli('stop'), cwd=TESTS, env=self._cli_env(), check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass  # already stopped by the CLI, as expected

    @staticmethod
    def _cli(command):
        return [sys.executable, '-m', 'sandbox', command, '--state-dir', STATE_DIR]

    @staticmethod
    def _cli_env():
        return dict(os.environ, PYTHONPATH=TESTS)

    def url(self, service):
        return self.services[service]['url']

    def control(self, service, method, path, body=None):
        data = None if body is None else json.dumps(body).encode('utf-8')
        request = urllib.request.Request(self.url(service) + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read().decode('utf-8'))

    def reset(self, *services):
        for service in services or self.services:
            self.control(service, 'POST', '/_sandbox/reset')

    def clear_logs(self, *services):
        for service in services or self.services:
            self.control(service, 'DELETE', '/_sandbox/log')

    def methods(self, *services):
        """Requests by HTTP method, summed over the services, from the sandbox logs."""
        total = {}
        for service in services or self.services:
            for entry in self.control(service, 'GET', '/_sandbox/log'):
                total[entry['method']] = total.get(entry['method'], 0) + 1
        return total


def ansible_env(sandbox, extra=None, collections=COLLECTIONS):
    env = dict(os.environ)
    env.update(sandbox.env)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': collections,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_LOCALHOST_WARNING': '0',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_LOCAL_TEMP': os.path.join(WORK, 'tmp'),
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'PATH': BIN + os.pathsep + env.get('PATH', ''),
    })
    env.update(extra or {})
    return env


def run_playbook(sandbox, playbook, args=(), extra_env=None, collections=COLLECTIONS, output=None):
    """Seconds of wall time of one ansible-playbook run; raises when it fails.
    `output`, a list, receives the run's output."""
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
               playbook] + list(args)
    started = time.perf_counter()
    done = subprocess.run(command, env=ansible_env(sandbox, extra_env, collections), cwd=WORK, check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    seconds = time.perf_counter() - started
    text = done.stdout.decode('utf-8', 'replace')
    if done.returncode != 0:
        raise RuntimeError('%s failed (rc=%d):\n%s' % (' '.join(command), done.returncode, text[-4000:]))
    if output is not None:
        output.append(text)
    return seconds


def write_file(name, text):
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, name)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text)
    return path


def median(values):
    return statistics.median(values)
