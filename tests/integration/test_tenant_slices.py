"""Scale out as AWX job slicing does: a 20-tenant inventory (one host per tenant)
run as 4 jobs at once through ansible-runner, each limited to its own slice of
the hosts, against the one shared sandbox. Every tenant converges with its
objects stored exactly once, and a second sliced pass reports changed=0 for
every host and writes nothing."""

import os
import shutil
import sys

import ansible_runner
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(ROOT, 'tests', 'output')
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
BIN = os.path.dirname(sys.executable)
TENANTS, SLICES = 20, 4
SERVICES = ('apppot', 'ncloud_sso', 'signtogether', 'security365')
HOSTS = ['tenant%02d' % number for number in range(TENANTS)]


def tenant(number):
    """One cheap section each, accounts from the environment: even tenants one AppPot group,
    odd tenants one NAVER Cloud SSO user (one module run per tenant keeps 2 x 20 tenants fast)."""
    if number % 2 == 0:
        return {'name': 'slice-t%02d' % number,
                'apppot': {'groups': [{'name': 't%02d-staff' % number, 'description': 'tenant %d' % number}]}}
    return {'name': 'slice-t%02d' % number,
            'ncloud': {'users': [{'login_id': 'admin@t%02d.example' % number,
                                  'user_profile': {'last_name': 'Tenant %02d' % number}}]}}


def wanted():
    """What the services must hold for the tenants, once each."""
    tenants = [tenant(number) for number in range(TENANTS)]
    return {'apppot': [group['name'] for one in tenants for group in one.get('apppot', {}).get('groups', [])],
            'ncloud': [user['login_id'] for one in tenants for user in one.get('ncloud', {}).get('users', [])]}


def slices():
    """An even, round-robin partition, as AWX job slicing makes: slice i of n runs hosts[i::n]."""
    return [HOSTS[index::SLICES] for index in range(SLICES)]


class SlicedJob:
    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.directory = os.path.join(OUTPUT, 'slices', os.environ.get('PYTEST_XDIST_WORKER', 'main'))
        shutil.rmtree(self.directory, ignore_errors=True)
        os.makedirs(self.directory)
        self.inventory = os.path.join(self.directory, 'tenants.yml')
        with open(self.inventory, 'w', encoding='utf-8') as handle:
            yaml.safe_dump({'tenants': {'hosts': dict((host, {'tenant': tenant(number)})
                                                      for number, host in enumerate(HOSTS)),
                                        'vars': {'ansible_connection': 'local'}}}, handle)
        self.envvars = dict(sandbox.env(), ANSIBLE_COLLECTIONS_PATH=os.path.join(OUTPUT, 'collections'),
                            ANSIBLE_NOCOLOR='1', PATH=BIN + os.pathsep + os.environ.get('PATH', ''))

    def run(self, label):
        """Start every slice as its own job, then wait for all; returns the runners, by slice."""
        for service in SERVICES:
            self.sandbox.emulator(service).log = []
        started = []
        for index, hosts in enumerate(slices()):
            private_data_dir = os.path.join(self.directory, 'slice%d' % index)
            os.makedirs(private_data_dir, exist_ok=True)
            dummy, runner = ansible_runner.run_async(
                private_data_dir=private_data_dir, ident=label, playbook=PLAYBOOK, inventory=self.inventory,
                limit=','.join(hosts), extravars={'tenant_hosts': 'tenants'}, forks=len(hosts),
                envvars=dict(self.envvars, ANSIBLE_LOCAL_TEMP=os.path.join(private_data_dir, 'tmp')),
                quiet=True, suppress_env_files=True, timeout=300)
            started.append((dummy, runner))
        for thread, dummy in started:
            thread.join(timeout=320)
        return [runner for dummy, runner in started]

    def writes(self):
        return dict((service, sum(1 for entry in self.sandbox.emulator(service).log if entry['kind'] == 'write'))
                    for service in SERVICES)

    def held(self):
        """How many times the services hold each object a tenant asked for, and what else they hold."""
        groups = [group['groupName'] for group in self.sandbox.emulator('apppot').dump_state()['groups']]
        users = [user['loginId'] for user in self.sandbox.emulator('ncloud_sso').dump_state()['users']]
        return {'apppot': sorted(groups), 'ncloud': sorted(users)}


def by_host(runners, stat):
    """{host: value} of one recap statistic over every slice; a host counted by two slices fails."""
    found = {}
    for runner in runners:
        for host in runner.stats['processed']:
            assert host not in found, '%s ran in two slices' % host
            found[host] = runner.stats[stat].get(host, 0)
    return found


def describe(runners):
    return '\n'.join('%s rc=%s %s\n%s' % (runner.config.limit, runner.rc, runner.status, runner.stdout.read()[-3000:])
                     for runner in runners if runner.rc != 0)


def test_four_slices_of_twenty_tenants_converge_once_each(fresh_sandbox):
    job = SlicedJob(fresh_sandbox)
    seeded = job.held()
    assert sorted(sum(slices(), [])) == HOSTS and all(len(hosts) == TENANTS // SLICES for hosts in slices())

    first = job.run('first')
    assert [runner.status for runner in first] == ['successful'] * SLICES, describe(first)
    # Each slice ran exactly its own hosts, and each tenant created its object.
    assert [sorted(runner.stats['processed']) for runner in first] == slices()
    assert by_host(first, 'changed') == dict.fromkeys(HOSTS, 1)
    assert by_host(first, 'failures') == dict.fromkeys(HOSTS, 0)
    held, objects = job.held(), wanted()
    assert len(objects['apppot']) == len(objects['ncloud']) == TENANTS // 2
    assert held == dict((service, sorted(seeded[service] + objects[service])) for service in held)
    # One create per object: no slice applied another's tenant, nor a write twice.
    assert job.writes() == {'apppot': TENANTS // 2, 'ncloud_sso': TENANTS // 2, 'signtogether': 0, 'security365': 0}

    second = job.run('second')
    assert [runner.status for runner in second] == ['successful'] * SLICES, describe(second)
    assert by_host(second, 'changed') == dict.fromkeys(HOSTS, 0)
    assert job.writes() == dict.fromkeys(SERVICES, 0)
    assert job.held() == held
