"""The built collection: clean tarball, installable, every module documented."""

import os
import re
import subprocess
import sys
import tarfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
OUTPUT = os.path.join(ROOT, 'tests', 'output', 'release')
FORBIDDEN = re.compile(r'(^|/)(\.venv|\.git|tests/output|build|__pycache__|\.pytest_cache|\.hypothesis|'
                       r'tests/integration/integration_config\.yml)(/|$)')


def run(*command, **kwargs):
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          cwd=kwargs.pop('cwd', ROOT), env=kwargs.pop('env', None),
                          timeout=300).stdout.decode()


@pytest.fixture(scope='module')
def tarball():
    os.makedirs(OUTPUT, exist_ok=True)
    for name in os.listdir(OUTPUT):
        if name.endswith('.tar.gz'):
            os.remove(os.path.join(OUTPUT, name))
    run(os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path', OUTPUT)
    names = [n for n in os.listdir(OUTPUT) if n.endswith('.tar.gz')]
    assert names == ['tenantkit-saas-1.0.0.tar.gz']
    return os.path.join(OUTPUT, names[0])


def module_names():
    return sorted(name[:-3] for name in os.listdir(os.path.join(ROOT, 'plugins', 'modules'))
                  if name.endswith('.py') and not name.startswith('_'))


def test_tarball_holds_no_test_output_virtualenv_or_caches(tarball):
    with tarfile.open(tarball) as archive:
        members = archive.getnames()
    assert 'galaxy.yml' not in members and 'MANIFEST.json' in members
    assert [name for name in members if FORBIDDEN.search(name)] == []
    assert 'plugins/modules/apppot_group.py' in members
    assert 'playbooks/tenant_setup.yml' in members
    assert 'roles/tenant/meta/argument_specs.yml' in members


def test_tarball_ships_the_whole_licence(tarball):
    with tarfile.open(tarball) as archive:
        licence = archive.extractfile('LICENSE').read().decode('utf-8')
    assert 'GNU GENERAL PUBLIC LICENSE' in licence and 'Version 3, 29 June 2007' in licence
    assert 'END OF TERMS AND CONDITIONS' in licence


def test_installed_tarball_documents_every_module(tarball):
    path = os.path.join(OUTPUT, 'installed')
    run(os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--force', '-p', path, tarball)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=path)
    listing = run(os.path.join(BIN, 'ansible-doc'), '-l', 'tenantkit.saas', env=env, cwd=OUTPUT)
    listed = sorted(re.findall(r'^tenantkit\.saas\.(\w+)', listing, re.M))
    assert listed == module_names()
    for name in listed:
        text = run(os.path.join(BIN, 'ansible-doc'), 'tenantkit.saas.' + name, env=env, cwd=OUTPUT)
        assert 'EXAMPLES' in text and 'RETURN VALUES' in text
        # Every module that calls a service (it has the transport options) needs requests.
        needs_requests = 'validate_certs' in text
        assert bool(re.search(r'REQUIREMENTS:\S*\s+The Python package .requests. 2\.28 or later', text)) == \
            needs_requests, name


def test_changelog_describes_the_release():
    with open(os.path.join(ROOT, 'changelogs', 'changelog.yaml'), encoding='utf-8') as handle:
        changelog = handle.read()
    assert re.search(r"^  0\.1\.0:", changelog, re.M)
    released = re.findall(r'^  (\d+\.\d+\.\d+):', changelog, re.M)
    for name in module_names():
        with open(os.path.join(ROOT, 'plugins', 'modules', name + '.py'), encoding='utf-8') as handle:
            added = re.search(r'^version_added: (\S+)', handle.read(), re.M).group(1)
        # A module is listed under the release that added it, once that release is made.
        assert ('name: %s\n' % name in changelog) == (added in released), name
