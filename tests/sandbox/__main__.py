"""Run the sandbox: `python -m sandbox {serve,start,stop,status} --state-dir DIR`
(with tests/ on PYTHONPATH).

serve   runs the emulators in the foreground until SIGTERM or SIGINT.
start   runs `serve` in the background and waits until it answers; writes
        DIR/sandbox.json (URLs, credentials), DIR/sandbox.env (shell exports)
        and DIR/sandbox.pid; with --tls also DIR/ca.pem, the certificate the
        services present, named by each service's *_CA_PATH in sandbox.env.
        It also writes tests/integration/integration_config.yml (or the file
        --integration-config names; '' for none), the variables the integration
        targets read as ansible-test integration passes them: `sandbox`, each
        service's `url`, `env` (its credential environment variables) and `test`
        data. A file another running sandbox wrote is left alone.
stop    stops the background sandbox by the PID in DIR/sandbox.pid, and removes
        the integration config it wrote.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

from .registry import start_all

START_TIMEOUT = 20
STOP_TIMEOUT = 10
TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INTEGRATION_CONFIG = os.path.join(TESTS, 'integration', 'integration_config.yml')
# The first line of the integration config names the sandbox that wrote it.
CONFIG_HEADER = ('# Written by the sandbox (pid %d); its stop removes it. The variables of the integration\n'
                 '# targets (tests/integration/targets), as ansible-test integration passes them.\n')
CONFIG_OWNER = re.compile(r'# Written by the sandbox \(pid (\d+)\)')


def paths(state_dir):
    return {name: os.path.join(state_dir, 'sandbox.' + name) for name in ('json', 'env', 'pid', 'log')}


CA_PATH_VARIABLES = ('APPPOT_CA_PATH', 'SIGNTOGETHER_CA_PATH', 'NCLOUD_CA_PATH', 'SECURITY365_CA_PATH')


def write_files(state_dir, running, extra, ca_pem=None, integration_config=None):
    files = paths(state_dir)
    services, env = {}, {}
    if ca_pem:
        os.makedirs(state_dir, exist_ok=True)
        ca_path = os.path.abspath(os.path.join(state_dir, 'ca.pem'))
        with open(ca_path, 'wb') as handle:
            handle.write(ca_pem)
        env.update(dict.fromkeys(CA_PATH_VARIABLES, ca_path))
    for name, server in running.items():
        creds = server.emulator.credentials(server.url)
        env.update(creds)
        services[name] = {'url': server.url, 'env': creds}
        services[name].update(extra.get(name, {}))
    os.makedirs(state_dir, exist_ok=True)
    with open(files['env'] + '.tmp', 'w', encoding='utf-8') as handle:
        os.chmod(files['env'] + '.tmp', 0o600)
        for key in sorted(env):
            handle.write("export %s='%s'\n" % (key, env[key]))
    with open(files['json'] + '.tmp', 'w', encoding='utf-8') as handle:
        os.chmod(files['json'] + '.tmp', 0o600)
        json.dump({'pid': os.getpid(), 'services': services}, handle, indent=2, sort_keys=True)
    if integration_config:
        write_integration_config(integration_config, services)
    os.replace(files['env'] + '.tmp', files['env'])
    os.replace(files['json'] + '.tmp', files['json'])


def config_owner(path):
    """The PID of the sandbox that wrote the integration config at `path`, or None."""
    try:
        with open(path, encoding='utf-8') as handle:
            match = CONFIG_OWNER.match(handle.readline())
    except OSError:
        return None
    return int(match.group(1)) if match else None


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def write_integration_config(path, services):
    """Writes {'sandbox': services} to `path` (JSON, which is YAML), unless another running
    sandbox wrote the file there."""
    owner = config_owner(path)
    if owner not in (None, os.getpid()) and alive(owner):
        print('%s belongs to the running sandbox %d; left alone' % (path, owner), flush=True)
        return
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + '.tmp', 'w', encoding='utf-8') as handle:
        os.chmod(path + '.tmp', 0o600)
        handle.write(CONFIG_HEADER % os.getpid())
        json.dump({'sandbox': services}, handle, indent=2, sort_keys=True)
        handle.write('\n')
    os.replace(path + '.tmp', path)


def serve(args):
    running, extra, ca_pem = start_all(tls=args.tls)
    write_files(args.state_dir, running, extra, ca_pem, args.integration_config)
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *unused: stopped.set())
    while not stopped.wait(1):
        pass
    for server in running.values():
        server.stop()
    return 0


def start(args):
    files = paths(args.state_dir)
    if read_pid(files['pid']):
        print('sandbox already running (pid %s); stop it first' % read_pid(files['pid']))
        return 1
    os.makedirs(args.state_dir, exist_ok=True)
    for name in ('json', 'env'):
        if os.path.exists(files[name]):
            os.remove(files[name])
    # The server runs as this process does: with -S (no site-packages) it proves the standard library is enough.
    command = [sys.executable] + (['-S'] if sys.flags.no_site else []) + [
        '-m', 'sandbox', 'serve', '--state-dir', args.state_dir]
    if args.tls:
        command.append('--tls')
    command += ['--integration-config', args.integration_config]
    with open(files['log'], 'ab') as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + START_TIMEOUT
    while time.time() < deadline:
        if process.poll() is not None:
            print('sandbox exited with %s; see %s' % (process.returncode, files['log']))
            return 1
        if os.path.exists(files['json']):
            with open(files['pid'], 'w', encoding='utf-8') as handle:
                handle.write(str(process.pid))
            with open(files['json'], encoding='utf-8') as handle:
                for name, service in sorted(json.load(handle)['services'].items()):
                    print('%-13s %s' % (name, service['url']))
            print('sandbox running (pid %d); credentials in %s' % (process.pid, files['env']))
            if config_owner(args.integration_config) == process.pid:
                print('integration targets\' variables in %s' % args.integration_config)
            elif args.integration_config:
                print('%s left alone: another running sandbox wrote it' % args.integration_config)
            return 0
        time.sleep(0.1)
    process.kill()
    print('sandbox did not start within %d s; see %s' % (START_TIMEOUT, files['log']))
    return 1


def read_pid(pid_file):
    try:
        with open(pid_file, encoding='utf-8') as handle:
            pid = int(handle.read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def stop(args):
    files = paths(args.state_dir)
    pid = read_pid(files['pid'])
    if pid is None:
        print('sandbox not running')
    else:
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + STOP_TIMEOUT
        while time.time() < deadline and read_pid(files['pid']):
            time.sleep(0.1)
        if read_pid(files['pid']):
            os.kill(pid, signal.SIGKILL)
        print('sandbox stopped (pid %d)' % pid)
    for name in ('pid', 'json', 'env'):
        if os.path.exists(files[name]):
            os.remove(files[name])
    if pid is not None and config_owner(args.integration_config) == pid:
        os.remove(args.integration_config)
    return 0


def status(args):
    pid = read_pid(paths(args.state_dir)['pid'])
    print('sandbox running (pid %d)' % pid if pid else 'sandbox not running')
    return 0 if pid else 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m sandbox')
    parser.add_argument('command', choices=['serve', 'start', 'stop', 'status'])
    parser.add_argument('--state-dir', default=os.path.join('tests', 'output', 'sandbox'))
    parser.add_argument('--tls', action='store_true', help='serve HTTPS with a self-signed certificate')
    parser.add_argument('--integration-config', default=INTEGRATION_CONFIG, metavar='PATH',
                        help="the integration targets' variables file to write ('' for none; default %(default)s)")
    args = parser.parse_args(argv)
    return {'serve': serve, 'start': start, 'stop': stop, 'status': status}[args.command](args)


if __name__ == '__main__':
    sys.exit(main())
