"""The AWX custom credential types in docs/awx/: valid for AWX, matching what the
modules read, and enough to run tenant_setup the way an AWX job does: extra
variables given at launch are handed over untemplated (AWX dumps them tagged
`!unsafe`), accounts and admin passwords come from the credential types."""

import glob
import hashlib
import importlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from unittest import mock

import ansible_runner
import pytest
import yaml
from ansible.module_utils.basic import env_fallback
from jinja2 import StrictUndefined, UndefinedError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from support.playbooks import SIGNTOGETHER_ADMIN_PASSWORD

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'tests', 'output')
AWX_DOCS = os.path.join(ROOT, 'docs', 'awx')
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
EXAMPLE_VARS = os.path.join(ROOT, 'playbooks', 'vars', 'example_tenant.yml')
ROLE_TASKS = os.path.join(ROOT, 'roles', 'tenant', 'tasks')
BIN = os.path.dirname(sys.executable)
SUFFIX = '_credential_type.yml'
CREDENTIAL_TYPES = sorted(os.path.basename(path)[:-len(SUFFIX)]
                          for path in glob.glob(os.path.join(AWX_DOCS, '*' + SUFFIX)))
# What AWX accepts for a custom credential type (awx/main/fields.py schemas).
TYPE_KEYS = {'name', 'description', 'kind', 'inputs', 'injectors'}
FIELD_KEYS = {'id', 'label', 'type', 'format', 'choices', 'help_text', 'multiline', 'secret', 'ask_at_runtime'}
NAME = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
SECRET_IDS = {'api_key', 'password', 'app_key', 'token', 'access_key', 'secret_key', 'admin_password'}
# What a launch-time extra variable holds when someone expected AWX to template it.
LITERAL_PASSWORD = "{{ lookup('ansible.builtin.env', 'X') }}"
INTROSPECT = [os.path.join(BIN, 'ansible-builder'), 'introspect', '--sanitize']


def load_type(service):
    with open(os.path.join(AWX_DOCS, service + SUFFIX), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def fields(cred_type):
    return dict((field['id'], field) for field in cred_type['inputs']['fields'])


def injected(cred_type):
    return cred_type['injectors']['env']


def env_prefix(cred_type):
    return sorted(injected(cred_type))[0].split('_')[0] + '_'


def template_field(template):
    """The one input field an env injector template renders."""
    names = meta.find_undeclared_variables(ImmutableSandboxedEnvironment().parse(template))
    assert len(names) == 1, template
    return names.pop()


class Captured(Exception):
    """Raised instead of building a module: carries the options it declares."""


def module_option_specs():
    """{module: its whole argument spec (connection options included)}, as main() declares it."""
    specs = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py'))):
        name = os.path.basename(path)[:-3]
        module = importlib.import_module('ansible_collections.tenantkit.saas.plugins.modules.' + name)
        if not hasattr(module, 'SaasModule'):
            continue  # tenant_check: no service, no connection of its own

        def capture(argument_spec, connection_spec, **_kwargs):
            raise Captured(dict(connection_spec, **argument_spec))
        with mock.patch.object(module, 'SaasModule', capture):
            try:
                module.main()
            except Captured as declared:
                specs[name] = declared.args[0]
    return specs


def env_fallbacks(spec, prefix=''):
    """(ENV_VAR, option path, no_log, default) for every option, suboptions too, with an env fallback.
    An item of a list option (signtogether_groups' `groups`) is one object of the singular
    module, so its options' paths are the singular's."""
    for option, details in spec.items():
        fallback = details.get('fallback') or (None, [])
        if fallback[0] is env_fallback:
            for name in fallback[1]:
                yield name, prefix + option, bool(details.get('no_log')), details.get('default')
        if details.get('options'):
            inner = prefix if details.get('type') == 'list' else prefix + option + '.'
            yield from env_fallbacks(details['options'], inner)


def module_env_vars():
    """{ENV_VAR: (option, no_log, default)} for every option of every module with an env fallback
    (connection options and, for instance, admin_user.password of signtogether_group).

    `ca_path` is left out: a CA bundle is a file of the machine (or execution environment)
    that runs the job, not part of an account, so credential types do not carry it."""
    found = {}
    for module, spec in module_option_specs().items():
        for name, option, no_log, default in env_fallbacks(spec):
            if option == 'ca_path':
                continue
            assert found.setdefault(name, (option, no_log, default)) == (option, no_log, default), \
                '%s: %s reads it as another option than the other modules' % (name, module)
    return found


def render_env(cred_type, inputs):
    """The environment AWX injects for a credential with these inputs: every env
    injector is rendered, and empty or missing inputs render as ''."""
    namespace = dict((key, value) for key, value in inputs.items() if value)
    env = ImmutableSandboxedEnvironment()
    return dict((name, env.from_string(template).render(**namespace))
                for name, template in injected(cred_type).items())


def inputs_from_sandbox(cred_type, sandbox_env):
    """Credential inputs a user would type in to reach the sandbox's emulator."""
    return dict((template_field(template), sandbox_env[name])
                for name, template in injected(cred_type).items() if sandbox_env.get(name))


def example_tenant():
    with open(EXAMPLE_VARS, encoding='utf-8') as handle:
        return yaml.safe_load(handle)['tenant']


def unused_reason(service):
    """Why the example tenant does not exercise this service (None if it does)."""
    tasks_text = ''
    for path in [PLAYBOOK] + glob.glob(os.path.join(ROLE_TASKS, '*.yml')):
        with open(path, encoding='utf-8') as handle:
            tasks_text += handle.read()
    in_role = ('tenantkit.saas.%s_' % service) in tasks_text
    modules = glob.glob(os.path.join(ROOT, 'plugins', 'modules', service + '_*.py'))
    missing = [what for what, ok in (('tenant.%s section in playbooks/vars/example_tenant.yml' % service,
                                      service in example_tenant()),
                                     ('tenantkit.saas.%s_* task in roles/tenant/tasks' % service, in_role),
                                     ('plugins/modules/%s_*.py' % service, modules)) if not ok]
    return 'missing ' + ', '.join(missing) if missing else None


class UnsafeDumper(yaml.SafeDumper):
    """How AWX writes launch-time extra variables (awx/main/utils/safe_yaml.py): every string
    tagged `!unsafe`, so Ansible never templates them."""

    def represent_data(self, data):
        if isinstance(data, str):
            return self.represent_scalar('!unsafe', data)
        return super().represent_data(data)


def write_project_config(private_data_dir, report_dir):
    """The project's ansible.cfg, as docs/awx/README.md has it: AWX reads it from the project's root
    (a credential type may not inject ANSIBLE_* variables), and the report goes to a kept path."""
    project = os.path.join(private_data_dir, 'project')
    os.makedirs(project, exist_ok=True)
    with open(os.path.join(project, 'ansible.cfg'), 'w', encoding='utf-8') as handle:
        handle.write('[defaults]\ncallbacks_enabled = tenantkit.saas.tenant_report\n\n'
                     '[callback_tenant_report]\nreport_dir = %s\n' % report_dir)


def artifacts(runner):
    """What the job's set_stats left, as AWX keeps it (the job's artifacts)."""
    stats = [event for event in runner.events if event['event'] == 'playbook_on_stats']
    return stats[-1]['event_data'].get('artifact_data') if stats else None


def write_launch_extravars(private_data_dir, extravars):
    """env/extravars as AWX writes it for a launch; ansible-runner passes it with -e @."""
    os.makedirs(os.path.join(private_data_dir, 'env'), exist_ok=True)
    with open(os.path.join(private_data_dir, 'env', 'extravars'), 'w', encoding='utf-8') as handle:
        yaml.dump(extravars, handle, Dumper=UnsafeDumper)


def emulator_for(sandbox, cred_type):
    prefix = env_prefix(cred_type)
    for service, server in sandbox.running.items():
        if any(name.startswith(prefix) for name in server.emulator.credentials(server.url)):
            return sandbox.emulator(service)
    raise AssertionError('no sandbox emulator serves %s*' % prefix)


def test_there_is_a_credential_type_per_service():
    assert CREDENTIAL_TYPES == ['apppot', 'ncloud', 'security365', 'signtogether']


@pytest.mark.parametrize('service', CREDENTIAL_TYPES)
def test_credential_type_is_valid_for_awx(service):
    cred_type = load_type(service)
    assert set(cred_type) <= TYPE_KEYS and cred_type['name'] and cred_type['kind'] == 'cloud'
    assert set(cred_type['inputs']) <= {'fields', 'required'}
    assert list(cred_type['injectors']) == ['env']
    by_id = fields(cred_type)
    assert len(by_id) == len(cred_type['inputs']['fields']), 'field ids must be unique'
    for field_id, field in by_id.items():
        assert NAME.match(field_id) and field['label'] and field.get('type') == 'string', field
        assert set(field) <= FIELD_KEYS, field
    assert set(cred_type['inputs'].get('required', [])) <= set(by_id)
    # AWX validates injectors by rendering them with every field defined, strictly.
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for name, template in injected(cred_type).items():
        assert NAME.match(name) and not name.startswith('ANSIBLE_'), name
        try:
            strict.from_string(template).render(dict((field_id, 'EXAMPLE') for field_id in by_id))
        except UndefinedError as error:
            pytest.fail('%s uses an undefined field: %s' % (name, error))
    assert sorted(template_field(t) for t in injected(cred_type).values()) == sorted(by_id), \
        'every input is injected exactly once'


@pytest.mark.parametrize('service', CREDENTIAL_TYPES)
def test_credential_type_matches_what_the_modules_read(service):
    cred_type = load_type(service)
    module_vars = module_env_vars()
    prefix = env_prefix(cred_type)
    assert sorted(injected(cred_type)) == sorted(name for name in module_vars if name.startswith(prefix))
    by_id = fields(cred_type)
    for name, template in injected(cred_type).items():
        field = by_id[template_field(template)]
        no_log = module_vars[name][1]
        assert bool(field.get('secret')) == no_log, '%s: secret must match the no_log of %s' % (field['id'], name)
        if field['id'] in SECRET_IDS:
            assert field.get('secret') is True, field['id']
    # AWX injects '' for an empty field, which would beat the module's own default.
    empty = render_env(cred_type, {})
    for name, (option, _no_log, default) in module_vars.items():
        if name in empty and default is not None:
            assert empty[name] == default, '%s: an empty field must inject the default of %s' % (name, option)


@pytest.mark.parametrize('service', CREDENTIAL_TYPES)
def test_injectors_hand_the_sandbox_values_through(sandbox, service):
    cred_type = load_type(service)
    emulator = emulator_for(sandbox, cred_type)
    server_env = dict((name, value) for name, value in sandbox.env().items() if name in injected(cred_type))
    inputs = inputs_from_sandbox(cred_type, server_env)
    assert set(cred_type['inputs'].get('required', [])) <= set(inputs)
    rendered = render_env(cred_type, inputs)
    assert dict((k, v) for k, v in rendered.items() if k in server_env) == server_env, emulator


def test_execution_environment_dependencies_are_found_by_ansible_builder():
    tree = os.path.join(OUTPUT, 'ee-introspect')
    collection = os.path.join(tree, 'ansible_collections', 'tenantkit', 'saas')
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, 'meta'), os.path.join(collection, 'meta'))
    for name in ('galaxy.yml', 'requirements.txt', 'bindep.txt'):
        if os.path.exists(os.path.join(ROOT, name)):
            shutil.copy(os.path.join(ROOT, name), collection)
    done = subprocess.run(INTROSPECT + [tree], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False, timeout=120)
    output = done.stdout.decode('utf-8', 'replace')
    assert done.returncode == 0, output
    found = yaml.safe_load(output.split('---', 1)[1])
    assert [line.split()[0] for line in found['python']] == ['requests>=2.28.0'], output
    assert 'from collection tenantkit.saas' in found['python'][0]


class AwxJob:
    """tenant_setup run twice through ansible-runner as an AWX job template with
    every credential type the example tenant needs attached, the tenant file given
    as extra variables at launch."""

    def __init__(self, sandbox, services, name='tenant_setup'):
        self.sandbox = sandbox
        self.services = services
        self.types = dict((service, load_type(service)) for service in services)
        self.secrets = {}
        self.writes = {}
        self.logs = {}
        self.runs = []
        self.private_data_dir = os.path.join(OUTPUT, 'awx', os.environ.get('PYTEST_XDIST_WORKER', 'main'), name)
        # Outside the job's private data directory, which AWX deletes when the job ends.
        self.report_dir = os.path.join(OUTPUT, 'awx-reports', os.environ.get('PYTEST_XDIST_WORKER', 'main'), name)

    def environment(self):
        # What a user types into each credential: the sandbox's account and, for
        # SignTogether, the password of the group admins it creates.
        sandbox_env = dict(self.sandbox.env(), SIGNTOGETHER_ADMIN_PASSWORD=SIGNTOGETHER_ADMIN_PASSWORD)
        envvars = {}
        for service, cred_type in self.types.items():
            rendered = render_env(cred_type, inputs_from_sandbox(cred_type, sandbox_env))
            secret_ids = set(field_id for field_id, field in fields(cred_type).items() if field.get('secret'))
            self.secrets[service] = dict((name, value) for name, value in rendered.items()
                                         if value and template_field(injected(cred_type)[name]) in secret_ids)
            envvars.update(rendered)
        envvars.update({
            'ANSIBLE_COLLECTIONS_PATH': os.path.join(OUTPUT, 'collections'),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_LOCAL_TEMP': os.path.join(self.private_data_dir, 'tmp'),
            'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
        })
        return envvars

    def run(self, monkeypatch, extravars, runs=(('first', 0), ('second', 4))):
        # Only the injected values may reach the modules, not whatever this shell exported.
        prefixes = tuple(env_prefix(load_type(service)) for service in CREDENTIAL_TYPES)
        for name in list(os.environ):
            if name.startswith(prefixes):
                monkeypatch.delenv(name)
        shutil.rmtree(self.private_data_dir, ignore_errors=True)
        shutil.rmtree(self.report_dir, ignore_errors=True)
        write_launch_extravars(self.private_data_dir, extravars)
        write_project_config(self.private_data_dir, self.report_dir)
        self.sandbox.reset()
        envvars = self.environment()
        emulators = dict((service, emulator_for(self.sandbox, cred_type))
                         for service, cred_type in self.types.items())
        for ident, verbosity in runs:
            for emulator in emulators.values():
                emulator.log = []
            self.runs.append(ansible_runner.run(
                private_data_dir=self.private_data_dir, ident=ident, playbook=PLAYBOOK,
                inventory='localhost ansible_connection=local ansible_python_interpreter=%s' % sys.executable,
                envvars=envvars, verbosity=verbosity, suppress_env_files=True, quiet=True, timeout=600))
            self.writes[ident] = dict((service, emulator.counts()['write']) for service, emulator in emulators.items())
            self.logs[ident] = dict((service, list(emulator.log)) for service, emulator in emulators.items())
        self.state = dict((service, emulator.dump_state()) for service, emulator in emulators.items())
        return self

    def failure_messages(self, runner):
        """The msg of every failed task (loop items included) of a run."""
        return [event['event_data']['res'].get('msg', '') for event in runner.events
                if event['event'] in ('runner_on_failed', 'runner_item_on_failed')]

    def describe(self, runner):
        return '%s rc=%s\n%s' % (runner.status, runner.rc, runner.stdout.read()[-6000:])

    def leaks(self, secrets):
        """Where any of these secret values shows up: events, stdout, files."""
        found = []
        for runner in self.runs:
            events = json.dumps(list(runner.events))
            stdout = runner.stdout.read()
            found += ['%s events: %s' % (runner.config.ident, name) for name, value in secrets.items() if value in events]
            found += ['%s stdout: %s' % (runner.config.ident, name) for name, value in secrets.items() if value in stdout]
        for directory, _dirs, files in os.walk(self.private_data_dir):
            for filename in files:
                path = os.path.join(directory, filename)
                with open(path, encoding='utf-8', errors='replace') as handle:
                    text = handle.read()
                if filename == 'command' and os.path.basename(os.path.dirname(os.path.dirname(path))) == 'artifacts':
                    # ansible-runner always records the process environment it started
                    # ansible-playbook with here (owner-only); AWX discards it with the job's
                    # private_data_dir. Nothing outside that "env" member may hold a secret.
                    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
                    record = json.loads(text)
                    record.pop('env')
                    text = json.dumps(record)
                found += ['%s: %s' % (os.path.relpath(path, self.private_data_dir), name)
                          for name, value in secrets.items() if value in text]
        return found


def used_services():
    return [service for service in CREDENTIAL_TYPES if unused_reason(service) is None]


@pytest.fixture(scope='module')
def awx_job(sandbox):
    if not used_services():
        pytest.skip('the example tenant uses no service')
    with open(EXAMPLE_VARS, encoding='utf-8') as handle:
        extravars = yaml.safe_load(handle)
    with pytest.MonkeyPatch.context() as monkeypatch:
        return AwxJob(sandbox, used_services()).run(monkeypatch, extravars)


def test_example_tenant_takes_accounts_and_admin_passwords_from_credential_types():
    """The job template's extra variables are the tenant file as it is: no account in it."""
    tenant = example_tenant()
    sections = [name for name in tenant if name != 'name']
    assert sections and all('connection' not in tenant[name] for name in sections), tenant
    passwords = [group['admin_user'].get('password') for group in tenant.get('signtogether', {}).get('groups', [])
                 if 'admin_user' in group]
    assert passwords and set(passwords) == {None}, 'admin passwords come from the SignTogether credential'


def test_awx_job_sets_the_tenant_up_then_changes_nothing(awx_job):
    first, second = awx_job.runs
    assert first.status == 'successful' and first.rc == 0, awx_job.describe(first)
    assert second.status == 'successful' and second.rc == 0, awx_job.describe(second)
    assert first.stats['changed'].get('localhost', 0) > 0, first.stats
    assert second.stats['changed'].get('localhost', 0) == 0, second.stats
    assert second.stats['failures'] == {} and second.stats['dark'] == {}


def test_awx_job_artifacts_hold_each_tenants_outcome_and_the_report_is_kept(awx_job):
    first, second = awx_job.runs
    services = dict((service, 'changed') for service in example_tenant() if service != 'name')
    assert artifacts(first) == {'tenantkit_tenants': {'localhost': {
        'name': example_tenant()['name'], 'status': 'changed', 'services': services, 'failures': []}}}
    assert artifacts(second)['tenantkit_tenants']['localhost']['status'] == 'in sync'
    assert set(artifacts(second)['tenantkit_tenants']['localhost']['services'].values()) == {'in sync'}
    with open(os.path.join(awx_job.report_dir, 'report.json'), encoding='utf-8') as handle:
        report = json.load(handle)
    assert [(tenant['host'], tenant['status']) for tenant in report['tenants']] == [('localhost', 'in sync')]


def test_awx_job_creates_group_admins_with_the_credential_admin_password(awx_job):
    if unused_reason('signtogether'):
        pytest.skip(unused_reason('signtogether'))
    admins = dict((admin['loginId'], admin['passwordSha256']) for admin in awx_job.state['signtogether']['admin_users'])
    wanted = hashlib.sha256(SIGNTOGETHER_ADMIN_PASSWORD.encode('utf-8')).hexdigest()
    logins = [group['admin_user']['login_id'] for group in example_tenant()['signtogether']['groups']]
    assert dict((login, admins.get(login)) for login in logins) == dict.fromkeys(logins, wanted)


@pytest.mark.parametrize('service', CREDENTIAL_TYPES)
def test_awx_job_uses_credential_type_without_leaking_it(awx_job, service):
    reason = unused_reason(service)
    if reason:
        pytest.skip('%s credential type not exercised: %s' % (service, reason))
    assert awx_job.writes['first'][service] > 0, awx_job.writes
    assert awx_job.writes['second'][service] == 0, awx_job.writes
    secrets = awx_job.secrets[service]
    assert secrets, 'the sandbox gave %s no secret to look for' % service
    # The values searched for are the ones ansible-playbook really ran with.
    assert all(awx_job.runs[0].config.env[name] == value for name, value in secrets.items())
    assert awx_job.leaks(secrets) == []


def test_awx_job_with_apppot_login_credential_logs_in_first(awx_job):
    if unused_reason('apppot'):
        pytest.skip(unused_reason('apppot'))
    first_calls = awx_job.logs['first']['apppot']
    assert first_calls[0]['kind'] == 'auth', first_calls[:3]


def test_awx_launch_with_a_literal_jinja_admin_password_is_refused_before_any_request(sandbox):
    """AWX hands launch-time extra variables over untemplated: a `{{ lookup(...) }}` password
    arrives as that text. The whole-tenant check refuses it before the first write: no service
    is written."""
    if unused_reason('signtogether'):
        pytest.skip(unused_reason('signtogether'))
    tenant = example_tenant()
    for group in tenant['signtogether']['groups']:
        group['admin_user']['password'] = LITERAL_PASSWORD
    with pytest.MonkeyPatch.context() as monkeypatch:
        job = AwxJob(sandbox, used_services(), name='literal_password').run(
            monkeypatch, {'tenant': tenant}, runs=(('literal', 0),))
    [run] = job.runs
    assert run.status == 'failed' and run.rc != 0, job.describe(run)
    messages = job.failure_messages(run)
    tenant_failure = [message for message in messages if message.startswith('tenant acme: ')]
    assert len(tenant_failure) == 1, messages
    assert tenant_failure[0].startswith('tenant acme: %d problems, nothing was written on any service: '
                                        'signtogether.groups[0] (acme): admin_user.password still holds Jinja'
                                        % len(tenant['signtogether']['groups'])), messages
    assert len(tenant['signtogether']['groups']) > 1
    assert tenant_failure[0].count('admin_user.password') == len(tenant['signtogether']['groups'])
    assert ' | ' not in tenant_failure[0], 'only SignTogether failed: %s' % tenant_failure[0]
    assert job.logs['literal']['signtogether'] == [] and job.writes['literal']['signtogether'] == 0
    stored = job.state['signtogether']
    literal_sha = hashlib.sha256(LITERAL_PASSWORD.encode('utf-8')).hexdigest()
    assert all(admin['passwordSha256'] != literal_sha for admin in stored['admin_users'])
    assert LITERAL_PASSWORD not in json.dumps(stored)
    assert len(job.writes['literal']) == 4 and set(job.writes['literal'].values()) == {0}, job.writes
