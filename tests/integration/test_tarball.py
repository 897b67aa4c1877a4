# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tarball users get, as Galaxy and execution environments take it.

The collection is built from the working tree (`ansible-galaxy collection build`, build_ignore of
galaxy.yml) into a temporary directory, then:

- its file list is checked against an allow-list of paths and a deny-list of dev-only files;
- it is installed into a temporary collections path and `ansible-galaxy collection verify --offline`
  checks the installed files against its MANIFEST.json and FILES.json (and fails on a changed file);
- galaxy-importer, what Galaxy and Automation Hub run on every upload, imports it (its own virtualenv
  tests/output/importer-venv from requirements-importer.txt, config tests/galaxy-importer.cfg:
  ansible-doc and ansible-lint run, ansible-test does not);
- `ansible-builder create` makes the build context of docs/awx/execution-environment.yml with the
  tarball where that definition expects it, and the galaxy stage and the introspection of the
  context are replayed without a container engine.
"""

from __future__ import annotations

import fcntl
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ANSIBLE_GALAXY = str(BIN / 'ansible-galaxy')
ANSIBLE_BUILDER = str(BIN / 'ansible-builder')
IMPORTER_VENV = ROOT / 'tests' / 'output' / 'importer-venv'
IMPORTER_STAMP = IMPORTER_VENV / '.installed'
IMPORTER_REQUIREMENTS = ROOT / 'requirements-importer.txt'
IMPORTER_CONFIG = ROOT / 'tests' / 'galaxy-importer.cfg'
EE_DIR = ROOT / 'docs' / 'awx'
EE_TARBALL_NAME = 'tenantkit-saas.tar.gz'

# What the tarball may hold (fnmatch patterns; `*` also matches `/`). Directories are checked by the
# files under them.
ALLOWED = [
    'MANIFEST.json',
    'FILES.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.rst',
    'requirements.txt',
    'meta/runtime.yml',
    'meta/execution-environment.yml',
    'plugins/*.py',
    'roles/tenant/README.md',
    'roles/tenant/*.yml',
    'playbooks/*.yml',
    'docs/*.md',
    'docs/images/*.png',
    'docs/awx/*.yml',
    'docs/docsite/*.yml',
    'docs/docsite/rst/*.rst',
    'changelogs/changelog.yaml',
    'changelogs/config.yaml',
    'changelogs/fragments/*.yml',
    'changelogs/fragments/*.yaml',
    'tests/config.yml',
    'tests/conftest.py',
    'tests/support/*.py',
    'tests/sandbox/*.py',
    'tests/unit/*',
    'tests/integration/*',
]

# What it must never hold, whatever the allow-list says.
DENIED = [
    '.*',
    '*/.*',
    '*__pycache__*',
    '*.pyc',
    '*.tar.gz',
    'build/*',
    '.venv/*',
    'tests/output/*',
    'tests/tools/*',
    'tests/bench/*',
    '*get_pip.py',
    'tests/integration/integration_config.yml',
    'tests/galaxy-importer.cfg',
    'changelogs/.plugin-cache.yaml',
    'galaxy.yml',
    'Makefile',
    'pytest.ini',
    'requirements-*.txt',
]

# What it must hold.
REQUIRED = [
    'MANIFEST.json',
    'FILES.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.rst',
    'requirements.txt',
    'meta/runtime.yml',
    'meta/execution-environment.yml',
    'roles/tenant/README.md',
    'roles/tenant/meta/argument_specs.yml',
    'playbooks/tenant_setup.yml',
    'docs/images/tenant-report.png',
    'docs/awx/execution-environment.yml',
    'docs/awx/requirements.yml',
    'changelogs/changelog.yaml',
]


def _run(cmd, cwd=None, env=None, timeout=600):
    return subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _env(**extra):
    env = dict(os.environ)
    for key in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS', 'ANSIBLE_CONFIG'):
        env.pop(key, None)
    env.update(extra)
    return env


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp('tarball')
    result = _run([ANSIBLE_GALAXY, 'collection', 'build', '--output-path', str(out), str(ROOT)],
                  env=_env(ANSIBLE_LOCAL_TEMP=str(out / 'tmp')))
    assert result.returncode == 0, result.stdout
    built = sorted(out.glob('tenantkit-saas-*.tar.gz'))
    assert len(built) == 1, result.stdout
    return built[0]


def _members(path):
    with tarfile.open(path) as tar:
        return [m.name for m in tar.getmembers() if not m.isdir()]


def test_tarball_holds_only_what_users_need(tarball):
    names = _members(tarball)
    unexpected = [n for n in names if not any(fnmatch.fnmatchcase(n, p) for p in ALLOWED)]
    denied = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in DENIED)]
    missing = [n for n in REQUIRED if n not in names]
    assert not unexpected, 'not in the allow-list: %s' % unexpected
    assert not denied, 'dev-only files: %s' % denied
    assert not missing, 'missing: %s' % missing
    with tarfile.open(tarball) as tar:
        manifest = json.load(tar.extractfile('MANIFEST.json'))
        files = json.load(tar.extractfile('FILES.json'))
    assert manifest['collection_info']['namespace'] == 'tenantkit'
    assert manifest['collection_info']['name'] == 'saas'
    listed = {f['name'] for f in files['files'] if f['ftype'] == 'file'}
    assert listed == set(names) - {'MANIFEST.json', 'FILES.json'}


def test_tarball_installs_and_verifies_offline(tarball, tmp_path):
    collections = tmp_path / 'collections'
    env = _env(ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_LOCAL_TEMP=str(tmp_path / 'tmp'))
    result = _run([ANSIBLE_GALAXY, 'collection', 'install', str(tarball), '-p', str(collections)], env=env)
    assert result.returncode == 0, result.stdout
    installed = collections / 'ansible_collections' / 'tenantkit' / 'saas'
    assert (installed / 'MANIFEST.json').is_file()

    verify = [ANSIBLE_GALAXY, 'collection', 'verify', '--offline', '-p', str(collections), 'tenantkit.saas']
    result = _run(verify, env=env)
    assert result.returncode == 0, result.stdout
    assert 'Successfully verified' in result.stdout, result.stdout

    # verify does compare the files: one changed file fails it.
    readme = installed / 'roles' / 'tenant' / 'README.md'
    readme.write_text(readme.read_text() + '\nchanged\n')
    result = _run(verify, env=env)
    assert result.returncode != 0, result.stdout
    assert 'roles/tenant/README.md' in result.stdout, result.stdout


def _importer_python():
    """tests/output/importer-venv, made here if `make` has not made it (one worker at a time)."""
    python = IMPORTER_VENV / 'bin' / 'python'
    IMPORTER_VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(str(IMPORTER_VENV) + '.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fresh = IMPORTER_STAMP.is_file() and IMPORTER_STAMP.stat().st_mtime >= IMPORTER_REQUIREMENTS.stat().st_mtime
        if not fresh:
            shutil.rmtree(IMPORTER_VENV, ignore_errors=True)
            result = _run([sys.executable, '-m', 'venv', str(IMPORTER_VENV)])
            assert result.returncode == 0, result.stdout
            result = _run([str(python), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
                           '-r', str(IMPORTER_REQUIREMENTS)], timeout=900)
            assert result.returncode == 0, result.stdout
            IMPORTER_STAMP.touch()
    return python


def test_galaxy_importer_accepts_the_tarball(tarball, tmp_path):
    python = _importer_python()
    local_tmp = tmp_path / 'ansible-tmp'
    local_tmp.mkdir()
    env = _env(
        GALAXY_IMPORTER_CONFIG=str(IMPORTER_CONFIG),
        GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=str(local_tmp),
        GALAXY_IMPORTER_TMP_ROOT_DIR=str(tmp_path),
        # galaxy-importer runs ansible-doc and ansible-lint from PATH: those of its own virtualenv.
        PATH=os.pathsep.join([str(python.parent), os.environ.get('PATH', '')]),
        HOME=str(tmp_path),
    )
    result = _run([str(python), '-m', 'galaxy_importer.main', str(tarball)], cwd=str(tmp_path), env=env)
    output = result.stdout
    assert result.returncode == 0, output
    assert 'Importer processing completed successfully' in output, output
    problems = [line for line in output.splitlines()
                if 'ERROR' in line or 'import failed' in line or line.startswith('WARNING')]
    assert not problems, '\n'.join(problems)
    assert 'Linting collection via ansible-lint' in output, output


def test_execution_environment_build_context(tarball, tmp_path):
    definition = yaml.safe_load((EE_DIR / 'execution-environment.yml').read_text())
    assert definition['version'] == 3
    assert definition['dependencies'] == {'galaxy': 'requirements.yml'}, (
        'requests comes from the collection\'s meta/execution-environment.yml by introspection')
    assert [f['src'] for f in definition['additional_build_files']] == [EE_TARBALL_NAME]

    # The definition is copied with its requirements.yml and the tarball under its fixed name, as a
    # user would put them beside it (docs/awx/ itself is left alone: other runs read it).
    project = tmp_path / 'ee'
    shutil.copytree(EE_DIR, project, ignore=shutil.ignore_patterns('*.tar.gz'))
    shutil.copyfile(tarball, project / EE_TARBALL_NAME)
    context = tmp_path / 'context'
    result = _run([ANSIBLE_BUILDER, 'create', '-f', str(project / 'execution-environment.yml'),
                   '--context', str(context), '--output-filename', 'Containerfile'], env=_env())
    assert result.returncode == 0, result.stdout

    containerfile = (context / 'Containerfile').read_text()
    assert 'FROM $EE_BASE_IMAGE AS base' in containerfile
    assert 'ARG EE_BASE_IMAGE="quay.io/ansible/awx-ee:latest"' in containerfile
    assert 'COPY _build /build\nWORKDIR /build\n' in containerfile
    assert 'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml' in containerfile
    assert 'introspect.py introspect' in containerfile

    build = context / '_build'
    copied = build / 'collections' / EE_TARBALL_NAME
    assert copied.read_bytes() == tarball.read_bytes()
    requirements = yaml.safe_load((build / 'requirements.yml').read_text())
    assert requirements == {'collections': [{'name': 'collections/' + EE_TARBALL_NAME, 'type': 'file'}]}

    # The galaxy stage, replayed here: in _build/ (WORKDIR /build), install from requirements.yml.
    collections = tmp_path / 'usr-share-ansible-collections'
    env = _env(ANSIBLE_LOCAL_TEMP=str(tmp_path / 'tmp'), ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1')
    result = _run([ANSIBLE_GALAXY, 'collection', 'install', '-r', 'requirements.yml',
                   '--collections-path', str(collections)], cwd=str(build), env=env)
    assert result.returncode == 0, result.stdout
    installed = collections / 'ansible_collections' / 'tenantkit' / 'saas'
    manifest = json.loads((installed / 'MANIFEST.json').read_text())
    assert manifest['collection_info']['version'] in tarball.name

    # The builder stage's introspection of what the galaxy stage installed: requests, from
    # meta/execution-environment.yml -> requirements.txt of the installed collection.
    pip_out = tmp_path / 'requirements.txt'
    result = _run([sys.executable, str(build / 'scripts' / 'introspect.py'), 'introspect', str(collections),
                   '--write-pip', str(pip_out)])
    assert result.returncode == 0, result.stdout
    assert 'requests>=2.28.0' in pip_out.read_text(), result.stdout
