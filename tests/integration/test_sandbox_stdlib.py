"""The sandbox starts, serves and stops with Python's standard library alone: `python -S` loads no
site-packages, so no dev tool, not even the collection's own dependencies, is there to lean on."""

import json
import os
import subprocess
import sys
import urllib.request

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sandbox(command, state_dir):
    done = subprocess.run([sys.executable, '-S', '-m', 'sandbox', command, '--state-dir', str(state_dir),
                           '--integration-config', str(state_dir / 'integration_config.yml')],
                          cwd=TESTS, env=dict(os.environ, PYTHONPATH=TESTS), check=False, timeout=60,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return done.returncode, done.stdout.decode('utf-8', 'replace')


def test_the_sandbox_needs_only_the_standard_library(tmp_path):
    code, output = sandbox('start', tmp_path)
    try:
        assert code == 0, output
        with open(tmp_path / 'sandbox.json', encoding='utf-8') as handle:
            services = json.load(handle)['services']
        assert sorted(services) == ['apppot', 'ncloud_sso', 'security365', 'signtogether']
        for name, service in services.items():
            with urllib.request.urlopen(service['url'] + '/_sandbox/counts', timeout=10) as answer:
                assert answer.status == 200, name
        with open(tmp_path / 'sandbox.log', encoding='utf-8', errors='replace') as handle:
            assert 'ModuleNotFoundError' not in handle.read()
    finally:
        stopped, stop_output = sandbox('stop', tmp_path)
    assert stopped == 0, stop_output
