"""playbooks/tenant_setup.yml and the tenant role: one tenant, many tenants with
their own accounts, a checked tenant variable, one failing service, check mode."""

import json
import os
import re

import pytest
import yaml

from sandbox.registry import Sandbox
from support.playbooks import OUTPUT, run_playbook
from support.tenants import four_service_tenant, sandbox_connections

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, 'playbooks', 'tenant_setup.yml')
EXAMPLE = os.path.join(ROOT, 'playbooks', 'vars', 'example_tenant.yml')
README = os.path.join(ROOT, 'README.md')


def requests_by_service(sandbox):
    return dict((name, [entry['kind'] for entry in sandbox.emulator(name).log]) for name in sandbox.running)


def writes(sandbox):
    return dict((name, kinds.count('write')) for name, kinds in requests_by_service(sandbox).items())


def clear_logs(sandbox):
    for name in sandbox.running:
        sandbox.emulator(name).log = []


def changed_by_host(run):
    return dict((host, counts['changed']) for host, counts in run.recap().items())


def write_yaml(name, data):
    os.makedirs(OUTPUT, exist_ok=True)
    path = os.path.join(OUTPUT, name)
    with open(path, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(data, handle)
    return path


def objects_of(sandbox):
    """What each service holds: group names (SignTogether: this key's), Ncloud login ids, Security365 companies."""
    return {
        'signtogether': sorted(g['groupName'] for g in sandbox.emulator('signtogether').dump_state()['groups']
                               if g['owner'] != 'partner-b'),
        'apppot': sorted(g['groupName'] for g in sandbox.emulator('apppot').dump_state()['groups']),
        'ncloud_sso': sorted(u['loginId'] for u in sandbox.emulator('ncloud_sso').dump_state()['users']),
        'security365': sorted(sandbox.emulator('security365').dump_state()['apps']),
    }


def sso_members(sandbox):
    """{group name: sorted member login ids} of the Ncloud SSO directory."""
    return dict((group['groupName'], sorted(group['loginIds']))
                for group in sandbox.emulator('ncloud_sso').dump_state()['groups'])


def test_example_tenant_converges_and_reruns_unchanged(fresh_sandbox):
    first = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + EXAMPLE])
    assert first.returncode == 0, first
    assert changed_by_host(first)['localhost'] == 7
    assert all(count > 0 for count in writes(fresh_sandbox).values()), writes(fresh_sandbox)
    groups = dict((g['groupName'], g) for g in fresh_sandbox.emulator('signtogether').dump_state()['groups'])
    assert groups['acme-sales']['parentGroupId'] == groups['acme']['groupId']
    assert sso_members(fresh_sandbox) == {'acme-admins': ['kim.minji@acme.example'],
                                          'acme-sales': ['kim.minji@acme.example', 'lee.jun@acme.example']}
    clear_logs(fresh_sandbox)
    second = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + EXAMPLE])
    assert second.returncode == 0, second
    assert changed_by_host(second) == {'localhost': 0}
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)


def test_check_diff_shows_each_new_child_under_its_parent_and_writes_nothing(fresh_sandbox):
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['--check', '--diff', '-e', '@' + EXAMPLE])
    assert run.returncode == 0, run
    assert changed_by_host(run)['localhost'] == 7
    # One diff for the tree, keyed by group name: the child's entry names its parent.
    child = run.output[run.output.index('+    "acme-sales": {'):]
    child = child[:child.index('+    }')]
    assert '+        "parent": "acme",' in child, run
    assert '+        "name": "acme-staff"' in run.output
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)


@pytest.mark.parametrize('tenant, named', [
    ({'name': 'typo-co', 'apppot_group': [{'name': 'x'}]},
     'tenant typo-co: 1 problem, nothing was written on any service: apppot_group is not a known key; known: '
     'apppot, name, ncloud, security365, signtogether'),
    ({'name': 'typo-co', 'apppot': {'groups': [{'name': 'x', 'descripton': 'y'}]}},
     'apppot.groups[0].descripton is not a known key; known: add_to_current_app, description, group_id, name, state'),
    ({'name': 'typo-co', 'signtogether': {'groups': [{'name': 'x', 'level': 'top'}]}},
     'signtogether.groups[0].level must be an integer, not a string'),
    ({'name': 'typo-co', 'ncloud': {'users': [{'description': 'no login id'}]}},
     'ncloud.users[0].login_id is required'),
    ({'signtogether': {'groups': []}},
     'tenant (no name): 1 problem, nothing was written on any service: name is required'),
    ({'name': 'both-co', 'ncloud': {'users': [{'login_id': 'a@b.example'}], 'users_file': 'staff.csv'}},
     'ncloud: users and users_file are mutually exclusive'),
    ({'name': 'neither-co', 'ncloud': {'groups': []}},
     'ncloud: one of users, users_file is required'),
], ids=['misspelled section', 'misspelled key', 'wrong type', 'missing login id', 'missing name', 'users and users_file',
        'no users'])
def test_a_wrong_tenant_variable_fails_naming_the_key_before_any_request(fresh_sandbox, tenant, named):
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + write_yaml('wrong_tenant.yml', {'tenant': tenant})])
    assert run.returncode != 0
    assert run.recap()['localhost']['failed'] == 1
    # Once in the task's result (ansible-core 2.19 and later also repeat a failed task's message as an [ERROR]).
    assert sum(line.count(named) for line in run.output.splitlines() if line.startswith('fatal:')) == 1, run
    assert requests_by_service(fresh_sandbox) == dict((name, []) for name in fresh_sandbox.running)


def spoiled(section, key, value):
    """A valid four-service tenant with one value of one section spoiled (key None: the section)."""
    tenant = four_service_tenant('spoilt')
    if key is None:
        tenant[section] = value
    else:
        tenant[section][key] = value
    return tenant


@pytest.mark.parametrize('tenant, problem', [
    (spoiled('ncloud', 'groups', [{'name': 'bad name!'}]),
     "ncloud.groups[0] (bad name!): name 'bad name!' must be 2 to 30 characters"),
    (spoiled('security365', None, None), 'security365 is null: give its keys, or leave the section out'),
    (spoiled('signtogether', None, None), 'signtogether is null: give its keys, or leave the section out'),
    (spoiled('apppot', 'groups', [{'name': ['evil', 'list'], 'description': {'a': 1}}]),
     'apppot.groups[0].name must be text, not a list; apppot.groups[0].description must be text, not an object'),
    (spoiled('ncloud', 'groups', [{'name': 'ops-team', 'purge_members': True},
                                  {'name': 'OPS-team', 'purge_members': True}]),
     'ncloud.groups[1] (OPS-team): the same as groups[0] (ops-team): the service compares it without regard to case'),
    (spoiled('ncloud', 'users', [{'login_id': 'Dup.Case@x.example'}, {'login_id': 'dup.case@x.example'}]),
     'ncloud.users[1] (dup.case@x.example): the same as users[0] (Dup.Case@x.example)'),
    (spoiled('signtogether', 'groups', [{'name': 'spoilt', 'parent': 'spoilt'}]),
     'signtogether.groups[0] (spoilt): it names itself as its parent'),
    (spoiled('signtogether', 'groups', [{'name': 'hq'}, {'name': 'hq', 'parent_group_id': 3},
                                        {'name': 'sales', 'parent': 'hq'}]),
     "signtogether.groups[2] (sales): its parent 'hq' names 2 groups"),
], ids=['bad group name in the third section', 'null last section', 'null first section', 'wrong types',
        'group names differing by case', 'login ids differing by case', 'own parent', 'parent carried twice'])
def test_one_invalid_item_in_any_section_fails_the_tenant_with_no_write_on_any_service(fresh_sandbox, tenant, problem):
    tenant_file = write_yaml('spoilt-%s.yml' % re.sub(r'\W+', '-', problem)[:40], {'tenant': tenant})
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + tenant_file])
    assert run.returncode != 0 and run.recap()['localhost']['failed'] == 1
    assert 'tenant spoilt: ' in run.output and problem in run.output, run
    assert requests_by_service(fresh_sandbox) == dict((name, []) for name in fresh_sandbox.running)


def test_a_password_still_holding_jinja_is_refused_with_no_request(fresh_sandbox):
    # AWX passes extra variables untemplated; `!unsafe` keeps ansible-playbook from templating it too.
    os.makedirs(OUTPUT, exist_ok=True)
    tenant = os.path.join(OUTPUT, 'jinja_password.yml')
    with open(tenant, 'w', encoding='utf-8') as handle:
        handle.write("tenant:\n  name: jinja-co\n  signtogether:\n    groups:\n      - name: jinja-co\n"
                     "        admin_user: {email: a@jinja.example, name: A, login_id: jinja-admin,\n"
                     "                     password: !unsafe \"{{ lookup('env', 'HOME') }}\"}\n"
                     "        user_consent: {is_teenager: true, service_use: true, privacy_collection: true}\n")
    run = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + tenant])
    assert run.returncode != 0
    assert ('tenant jinja-co: 1 problem, nothing was written on any service: signtogether.groups[0] (jinja-co): '
            'admin_user.password still holds Jinja ({{ or {%): it was never templated') in run.output, run
    assert requests_by_service(fresh_sandbox)['signtogether'] == []


def custom_stats(run):
    """The run's set_stats data, as ANSIBLE_SHOW_CUSTOM_STATS prints it after the recap."""
    text = run.output.split('CUSTOM STATS:', 1)[1]
    return json.JSONDecoder().raw_decode(text[text.index('RUN:') + len('RUN:'):].strip())[0]


def test_a_service_down_does_not_stop_the_others_and_a_rerun_converges(fresh_sandbox):
    tenant = write_yaml('acme_down.yml', {'tenant': four_service_tenant('acme')})
    fresh_sandbox.emulator('security365').faults.add([{'status': 503, 'times': -1}])
    down = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + tenant], extra_env={'ANSIBLE_SHOW_CUSTOM_STATS': '1'})
    assert down.returncode != 0
    assert down.recap()['localhost']['failed'] == 1
    # The outcome the run's stats keep (AWX: the job's artifacts), the failed section named.
    outcome = custom_stats(down)['tenantkit_tenants']['localhost']
    assert (outcome['status'], outcome['services']) == ('failed', {
        'signtogether': 'changed', 'apppot': 'changed', 'ncloud': 'changed', 'security365': 'failed'})
    assert [failure.split(':')[0] for failure in outcome['failures']] == ['security365']
    assert re.search(r'"msg": "tenant acme: security365: [^|"]*HTTP 503', down.output), down
    assert 'signtogether:' not in down.output.split('"msg": "tenant acme:')[1].split('\n')[0]
    held = objects_of(fresh_sandbox)
    assert held['signtogether'] == ['acme', 'acme-sales']
    assert held['apppot'] == ['acme-staff', 'default']
    assert held['ncloud_sso'] == ['admin@acme.example']
    assert held['security365'] == []

    fresh_sandbox.emulator('security365').faults.clear()
    clear_logs(fresh_sandbox)
    recovered = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + tenant])
    assert recovered.returncode == 0, recovered
    assert changed_by_host(recovered) == {'localhost': 1}
    assert writes(fresh_sandbox) == {'signtogether': 0, 'apppot': 0, 'ncloud_sso': 0, 'security365': 1}
    assert len(objects_of(fresh_sandbox)['security365']) == 1


def test_a_tenants_users_in_two_groups_get_a_permission_set_on_its_account_and_a_rerun_writes_nothing(fresh_sandbox):
    staff = ['kim@acme.example', 'lee@acme.example', 'park@acme.example']
    account = fresh_sandbox.emulator('ncloud_sso').test_data()['account']
    tenant = {'name': 'acme', 'ncloud': {
        'users': [{'login_id': login_id} for login_id in staff],
        'groups': [{'name': 'acme-admins', 'description': 'Administrators', 'members': staff[:1],
                    'purge_members': True},
                   {'name': 'acme-staff', 'members': staff[1:]}],
        'permission_sets': [{'name': 'acme-viewers', 'managed_policy_ids': ['NCP_VIEWER'],
                             'custom_policy_names': []}],
        'assignments': [{'name': 'acme-viewers-main', 'permission_set': 'acme-viewers', 'account_member_no': account,
                         'groups': ['acme-admins', 'acme-staff']}]}}
    args = ['-e', '@' + write_yaml('groups_tenant.yml', {'tenant': tenant})]
    first = run_playbook(fresh_sandbox, PLAYBOOK, args)
    assert first.returncode == 0, first
    # The users task and the groups, permission sets and assignments loops.
    assert changed_by_host(first) == {'localhost': 4}
    state = fresh_sandbox.emulator('ncloud_sso').dump_state()
    groups = dict((group['groupId'], group['groupName']) for group in state['groups'])
    assert dict((group['groupName'], group['description']) for group in state['groups']) == {
        'acme-admins': 'Administrators', 'acme-staff': None}
    assert [(item['permissionSetName'], item['systemManagedPolicyIds']) for item in state['permissionSets']] == [
        ('acme-viewers', ['NCP_VIEWER'])]
    assert sso_members(fresh_sandbox) == {'acme-admins': staff[:1], 'acme-staff': staff[1:]}
    # Every user of the tenant, through one of its two groups, holds the set on the tenant's account.
    [assignment] = state['assignments']
    assert (assignment['assignmentName'], assignment['accountMbrNo'], assignment['status']) == (
        'acme-viewers-main', account, 'active')
    assert assignment['permissionSetId'] == state['permissionSets'][0]['permissionSetId']
    assert sorted(groups[group_id] for group_id in assignment['targets']['group']) == ['acme-admins', 'acme-staff']
    clear_logs(fresh_sandbox)
    second = run_playbook(fresh_sandbox, PLAYBOOK, args)
    assert second.returncode == 0, second
    assert changed_by_host(second) == {'localhost': 0}
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)
    assert requests_by_service(fresh_sandbox)['ncloud_sso'], 'the rerun read the directory'
    # Taken away in one run: the role removes the assignment before the set it uses.
    for section in ('permission_sets', 'assignments'):
        tenant['ncloud'][section][0]['state'] = 'absent'
    removed = run_playbook(fresh_sandbox, PLAYBOOK, ['-e', '@' + write_yaml('groups_tenant.yml', {'tenant': tenant})])
    assert removed.returncode == 0, removed
    assert changed_by_host(removed) == {'localhost': 2}
    state = fresh_sandbox.emulator('ncloud_sso').dump_state()
    assert (state['assignments'], state['permissionSets']) == ([], [])


def test_a_tenants_users_from_a_csv_beside_its_inventory_converge(fresh_sandbox):
    """ncloud.users_file, relative: found beside the inventory, ansible-playbook started elsewhere."""
    inventory = os.path.join(OUTPUT, 'users_file_inventory')
    os.makedirs(os.path.join(inventory, 'host_vars'), exist_ok=True)
    with open(os.path.join(inventory, 'staff.csv'), 'w', encoding='utf-8', newline='') as handle:
        handle.write('login_id,user_profile.dept_name,access_rules.console_access_allowed\n'
                     'kim@acme.example,영업부,true\nlee@acme.example,영업부,false\n')
    with open(os.path.join(inventory, 'hosts.yml'), 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'tenants': {'hosts': {'acme': {}}}}, handle)
    with open(os.path.join(inventory, 'host_vars', 'acme.yml'), 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'tenant': {'name': 'acme', 'ncloud': {
            'users_file': 'staff.csv',
            'groups': [{'name': 'acme-sales', 'members': ['kim@acme.example', 'lee@acme.example']}]}}}, handle)
    args = ['-i', os.path.join(inventory, 'hosts.yml'), '-e', 'tenant_hosts=tenants']
    first = run_playbook(fresh_sandbox, PLAYBOOK, args, cwd=ROOT)
    assert first.returncode == 0, first
    assert changed_by_host(first) == {'acme': 2}
    users = dict((user['loginId'], user) for user in fresh_sandbox.emulator('ncloud_sso').dump_state()['users'])
    assert sorted(users) == ['kim@acme.example', 'lee@acme.example']
    assert users['kim@acme.example']['accessRules']['consoleAccessAllowed'] is True
    assert sso_members(fresh_sandbox) == {'acme-sales': ['kim@acme.example', 'lee@acme.example']}
    clear_logs(fresh_sandbox)
    second = run_playbook(fresh_sandbox, PLAYBOOK, args, cwd=ROOT)
    assert second.returncode == 0, second
    assert changed_by_host(second) == {'acme': 0}
    assert writes(fresh_sandbox) == dict((name, 0) for name in fresh_sandbox.running)


def readme_block(marker):
    """The YAML block of README.md with the line `marker` (after any comment that the examples test reads)."""
    with open(README, encoding='utf-8') as handle:
        blocks = re.findall(r'```yaml\n(.*?)```', handle.read(), re.S)
    return [block for block in blocks if marker in block.splitlines()][0]


@pytest.fixture
def own_accounts():
    """Six more sandboxes: each tenant's own accounts, which no other tenant knows."""
    boxes = [Sandbox() for dummy in range(6)]
    yield boxes
    for box in boxes:
        box.stop()


def test_many_tenants_from_the_readme_inventory_each_in_its_own_accounts(fresh_sandbox, own_accounts):
    inventory = yaml.safe_load(readme_block('# tenants.yml'))
    inventory['tenants']['hosts'] = dict(('tenant%d' % number, None) for number in range(len(own_accounts)))
    path = write_yaml('tenants.yml', inventory)
    host_vars = os.path.join(OUTPUT, 'host_vars')
    os.makedirs(host_vars, exist_ok=True)
    for number, box in enumerate(own_accounts):
        write_yaml(os.path.join('host_vars', 'tenant%d.yml' % number),
                   {'tenant': four_service_tenant('t%d' % number, connections=sandbox_connections(box))})
    args = ['-i', path, '-e', 'tenant_hosts=tenants', '-f', '3']
    # No account in the environment: every tenant must use its own.
    first = run_playbook(fresh_sandbox, PLAYBOOK, args, with_credentials=False)
    assert first.returncode == 0, first
    assert changed_by_host(first) == dict(('tenant%d' % number, 4) for number in range(len(own_accounts)))
    for number, box in enumerate(own_accounts):
        name = 't%d' % number
        assert objects_of(box) == {
            'signtogether': sorted([name, name + '-sales']), 'apppot': sorted([name + '-staff', 'default']),
            'ncloud_sso': ['admin@%s.example' % name],
            'security365': [box.emulator('security365').config['company_id']]}, name
        clear_logs(box)
    second = run_playbook(fresh_sandbox, PLAYBOOK, args, with_credentials=False)
    assert changed_by_host(second) == dict(('tenant%d' % number, 0) for number in range(len(own_accounts))), second
    assert all(writes(box) == dict((name, 0) for name in box.running) for box in own_accounts)
    assert requests_by_service(fresh_sandbox) == dict((name, []) for name in fresh_sandbox.running)


def test_an_existing_role_includes_the_tenant_role(fresh_sandbox):
    playbook = write_yaml('own_role.yml', [{
        'name': "A team's own tenant set-up", 'hosts': 'localhost', 'gather_facts': False,
        'tasks': [{'name': "Apply the collection's tenant role",
                   'ansible.builtin.include_role': {'name': 'tenantkit.saas.tenant'},
                   'vars': {'tenant': {'name': 'own', 'apppot': {'groups': [{'name': 'own-staff'}]}}}}]}])
    run = run_playbook(fresh_sandbox, playbook)
    assert run.returncode == 0, run
    assert objects_of(fresh_sandbox)['apppot'] == ['default', 'own-staff']
