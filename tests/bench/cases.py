"""The benchmark cases; each returns rows for the table (see run.py)."""

import json
import math
import os
import re
import subprocess
import sys
import time

from harness import BENCH, COLLECTIONS, median, run_playbook, write_file

REPEAT = int(os.environ.get('BENCH_REPEAT', '3'))  # fewer only while developing
BULK_SIZES = (100, 1000, 5000)
TASKS_PER_KIND = 20
TENANTS, FORKS, USERS_PER_TENANT = 50, 10, 3
# One cold and one warm run take ~70 s on 2 cores; three of each would pass the 10 minute budget.
TENANT_REPEAT = 1
MEMORY_USERS = 5000
PAGE = BULK = 100

PLAY_HEAD = ('- name: {name}\n  hosts: {hosts}\n  connection: local\n  gather_facts: false\n')

BULK_PLAYBOOK = PLAY_HEAD.format(name='Bench - users with one ncloud_users_bulk task', hosts='localhost') + '''\
  tasks:
    - name: Ensure the users
      tenantkit.saas.ncloud_users_bulk:
        users: "{{ users }}"
'''

# What a user writes without the collection: one signed POST per user.
BASELINE_PLAYBOOK = PLAY_HEAD.format(name='Bench baseline - one uri POST per user', hosts='localhost') + '''\
  vars:
    api_url: "{{ lookup('ansible.builtin.env', 'NCLOUD_SSO_API_URL') }}"
    access_key: "{{ lookup('ansible.builtin.env', 'NCLOUD_ACCESS_KEY') }}"
    secret_key: "{{ lookup('ansible.builtin.env', 'NCLOUD_SECRET_KEY') }}"
  tasks:
    - name: Create each user
      ansible.builtin.uri:
        url: "{{ api_url }}/api/v1/users"
        method: POST
        headers: "{{ '/api/v1/users' | ncloud_sign_headers('POST', access_key, secret_key) }}"
        body_format: json
        body:
          loginId: "{{ item.login_id }}"
          userProfile:
            firstName: "{{ item.user_profile.first_name }}"
            lastName: "{{ item.user_profile.last_name }}"
            deptName: "{{ item.user_profile.dept_name }}"
          accessRules:
            consoleAccessAllowed: "{{ item.access_rules.console_access_allowed }}"
            apiAccessAllowed: "{{ item.access_rules.api_access_allowed }}"
      loop: "{{ users }}"
      loop_control:
        label: "{{ item.login_id }}"
'''

OVERHEAD_VARS = '''\
  vars:
    groups_url: "{{ lookup('ansible.builtin.env', 'APPPOT_BASE_URL') }}/api/\
{{ lookup('ansible.builtin.env', 'APPPOT_COMPANY_ID') }}/{{ lookup('ansible.builtin.env', 'APPPOT_APP_ID') }}/\
{{ lookup('ansible.builtin.env', 'APPPOT_APP_VERSION') }}/groups"
    token: "{{ lookup('ansible.builtin.env', 'APPPOT_TOKEN') }}"
'''
OVERHEAD_TASKS = {
    'apppot_group': '''\
    - name: Unchanged AppPot group {n}
      tenantkit.saas.apppot_group:
        name: default
        description: seed group
''',
    'uri GET': '''\
    - name: GET the AppPot groups {n}
      ansible.builtin.uri:
        url: "{{{{ groups_url }}}}?token={{{{ token | urlencode }}}}"
        headers:
          apppot-token: "{{{{ token }}}}"
''',
    'ping': '''\
    - name: Ping {n}
      ansible.builtin.ping:
''',
}


def users(count, domain):
    return [{'login_id': 'user%05d@%s' % (number, domain),
             'user_profile': {'first_name': 'First%d' % number, 'last_name': 'Bench', 'dept_name': 'Load'},
             'access_rules': {'console_access_allowed': True, 'api_access_allowed': False}}
            for number in range(count)]


def users_file(count):
    return write_file('users_%d.json' % count, json.dumps({'users': users(count, 'bench.example')}))


def show(methods):
    return ', '.join('%s %d' % (method, methods[method]) for method in sorted(methods)) or 'none'


def row(case, wall, methods, floor, ratio='', target='', met=None):
    return {'case': case, 'wall_s': round(wall, 2) if wall is not None else None, 'requests': methods,
            'floor': floor, 'ratio': ratio, 'target': target,
            'result': '' if met is None else ('met' if met else 'missed')}


def bulk_users(sandbox, results):
    """Cases 1 and 2: cold (emulator reset before each run) and the identical warm rerun."""
    playbook = write_file('bulk.yml', BULK_PLAYBOOK)
    rows = []
    for count in BULK_SIZES:
        extra = ['-e', '@' + users_file(count)]
        cold, warm, cold_requests, warm_requests = [], [], [], []
        for dummy in range(REPEAT):
            sandbox.reset('ncloud_sso')
            cold.append(run_playbook(sandbox, playbook, extra))
            cold_requests.append(sandbox.methods('ncloud_sso'))
            sandbox.clear_logs('ncloud_sso')
            warm.append(run_playbook(sandbox, playbook, extra))
            warm_requests.append(sandbox.methods('ncloud_sso'))
        writes = math.ceil(count / BULK)
        cold_floor, warm_floor = {'GET': 1, 'POST': writes}, {'GET': math.ceil(count / PAGE)}
        results['bulk_%d' % count] = {'cold_s': cold, 'warm_s': warm, 'cold_requests': cold_requests,
                                      'warm_requests': warm_requests}
        target = 'requests = floor' + ('; < 10 s' if count == 5000 else '')
        met = all(r == cold_floor for r in cold_requests) and (count != 5000 or median(cold) < 10)
        rows.append(row('1 bulk users cold, N=%d' % count, median(cold), cold_requests[-1],
                        show(cold_floor), target=target, met=met))
        rows[-1]['users'] = count
        rows.append(row('2 bulk users warm, N=%d' % count, median(warm), warm_requests[-1],
                        show(warm_floor) + ' (0 writes)', target='requests = floor',
                        met=all(r == warm_floor for r in warm_requests)))
    results['bulk_rows'] = [item for item in rows if 'users' in item]
    return rows


def baseline(sandbox, results):
    """Case 3: 100 users, one ansible.builtin.uri POST each, signed by a bench-only filter."""
    playbook = write_file('baseline.yml', BASELINE_PLAYBOOK)
    extra = ['-e', '@' + users_file(100)]
    env = {'ANSIBLE_FILTER_PLUGINS': os.path.join(BENCH, 'filter_plugins')}
    walls, requests = [], []
    for dummy in range(REPEAT):
        sandbox.reset('ncloud_sso')
        walls.append(run_playbook(sandbox, playbook, extra, extra_env=env))
        requests.append(sandbox.methods('ncloud_sso'))
    module = median(results['bulk_100']['cold_s'])
    ratio = median(walls) / module
    results['baseline_100'] = {'wall_s': walls, 'requests': requests, 'ratio_to_module': ratio}
    for item in results.get('bulk_rows', []):
        # Only N=100 is measured; larger N scale the baseline linearly (one POST task item per user).
        item['ratio'] = 'baseline %s / module = %.0fx' % (
            'measured' if item['users'] == 100 else 'x%d scaled' % (item['users'] // 100),
            median(walls) * item['users'] / 100 / item['wall_s'])
    return [row('3 baseline: uri POST per user, N=100', median(walls), requests[-1], 'POST 100',
                'baseline / module = %.1fx' % ratio, '>= 50x slower than module', ratio >= 50)]


def task_overhead(sandbox, results):
    """Case 4: 20 separate tasks per kind in one playbook, minus an empty playbook's startup."""
    token = sandbox.control('apppot', 'POST', '/_sandbox/control', {'issue_token': 'admin'})['token']
    env = {'APPPOT_TOKEN': token}
    empty = write_file('overhead_empty.yml', PLAY_HEAD.format(name='Bench - empty', hosts='localhost')
                       + OVERHEAD_VARS + '  tasks: []\n')
    startup = median([run_playbook(sandbox, empty, extra_env=env) for dummy in range(REPEAT)])
    per_task, walls, requests = {}, {}, {}
    for kind, template in OVERHEAD_TASKS.items():
        text = (PLAY_HEAD.format(name='Bench - %d x %s' % (TASKS_PER_KIND, kind), hosts='localhost')
                + OVERHEAD_VARS + '  tasks:\n'
                + ''.join(template.format(n=n) for n in range(1, TASKS_PER_KIND + 1)))
        playbook = write_file('overhead_%s.yml' % kind.split()[0], text)
        sandbox.reset('apppot')
        env['APPPOT_TOKEN'] = sandbox.control('apppot', 'POST', '/_sandbox/control',
                                              {'issue_token': 'admin'})['token']
        walls[kind] = []
        for dummy in range(REPEAT):
            sandbox.clear_logs('apppot')
            walls[kind].append(run_playbook(sandbox, playbook, extra_env=env))
        requests[kind] = sandbox.methods('apppot')  # of the last run
        per_task[kind] = (median(walls[kind]) - startup) / TASKS_PER_KIND
    vs_uri = per_task['apppot_group'] / per_task['uri GET']
    vs_ping = per_task['apppot_group'] / per_task['ping']
    imports = import_cost()
    results['task_overhead'] = {'startup_s': startup, 'walls_s': walls, 'per_task_s': per_task,
                                'requests': requests, 'imports_ms': imports}
    floors = {'apppot_group': 'GET %d' % TASKS_PER_KIND, 'uri GET': 'GET %d' % TASKS_PER_KIND, 'ping': 'none'}
    rows = []
    for kind in OVERHEAD_TASKS:
        case = '4 per task: %s x%d (%.3f s/task)' % (kind, TASKS_PER_KIND, per_task[kind])
        if kind == 'apppot_group':
            rows.append(row(case, median(walls[kind]), requests[kind], floors[kind],
                            '%.2fx uri GET, %.2fx ping' % (vs_uri, vs_ping), '<= 1.2x uri GET', vs_uri <= 1.2))
        else:
            rows.append(row(case, median(walls[kind]), requests[kind], floors[kind]))
    rows.append(row('4 imports of apppot_group (-X importtime)', imports['total_ms'] / 1000.0, {}, '',
                    'ours %.0f ms = %.0f%% of a %.0f ms task' % (
                        imports['ours_ms'], 100 * imports['ours_ms'] / (per_task['apppot_group'] * 1000),
                        per_task['apppot_group'] * 1000)))
    return rows


IMPORT_LINE = re.compile(r'^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)')


def import_cost():
    """Milliseconds to import the apppot_group module with what it needs (median of 3 fresh processes)."""
    runs = []
    for dummy in range(REPEAT):
        done = subprocess.run(
            [sys.executable, '-X', 'importtime', '-c',
             'import ansible_collections.tenantkit.saas.plugins.modules.apppot_group'],
            env=dict(os.environ, PYTHONPATH=COLLECTIONS), check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        own, total, cumulative = 0, 0, {}
        for line in done.stderr.decode('utf-8', 'replace').splitlines():
            match = IMPORT_LINE.match(line)
            if not match:
                continue
            self_us, cumulative_us, name = int(match.group(1)), int(match.group(2)), match.group(4)
            total += self_us
            cumulative[name] = cumulative_us
            if name.startswith('ansible_collections.tenantkit'):
                own += self_us
        runs.append({'total_ms': total / 1000.0, 'ours_ms': own / 1000.0,
                     'ansible_basic_ms': cumulative.get('ansible.module_utils.basic', 0) / 1000.0,
                     'requests_ms': cumulative.get('requests', 0) / 1000.0})
    return dict((key, median([run[key] for run in runs])) for key in runs[0])


def tenant_inventory():
    """One host per tenant, its `tenant` variable in host vars; accounts from the environment."""
    hosts = {}
    for number in range(TENANTS):
        hosts['tenant%02d' % number] = {'tenant': {
            'name': 'bench%02d' % number,
            'apppot': {'groups': [{'name': 'b%02d-staff' % number, 'description': 'bench tenant %d' % number}]},
            'ncloud': {'users': [{'login_id': 'u%d@t%02d.bench.example' % (user, number),
                                  'user_profile': {'dept_name': 'tenant %d' % number}}
                                 for user in range(USERS_PER_TENANT)]},
        }}
    inventory = {'tenants': {'hosts': hosts, 'vars': {'ansible_connection': 'local'}}}
    return write_file('tenants.json', json.dumps(inventory))


def many_tenants(sandbox, results):
    """Case 5: playbooks/tenant_setup.yml over 50 inventory hosts with forks 10."""
    playbook = os.path.join(os.path.dirname(os.path.dirname(BENCH)), 'playbooks', 'tenant_setup.yml')
    args = ['-i', tenant_inventory(), '-e', 'tenant_hosts=tenants', '-f', str(FORKS)]
    services = ('apppot', 'ncloud_sso')
    cold, warm, cold_requests, warm_requests = [], [], [], []
    for dummy in range(TENANT_REPEAT):
        sandbox.reset(*services)
        cold.append(run_playbook(sandbox, playbook, args))
        cold_requests.append(sandbox.methods(*services))
        sandbox.clear_logs(*services)
        warm.append(run_playbook(sandbox, playbook, args))
        warm_requests.append(sandbox.methods(*services))
    results['many_tenants'] = {'cold_s': cold, 'warm_s': warm, 'cold_requests': cold_requests,
                               'warm_requests': warm_requests}
    rows = []
    logins = 'POST %d are AppPot logins' % TENANTS
    for label, walls, requests, floor in (('cold', cold, cold_requests, '%d writes; %s' % (2 * TENANTS, logins)),
                                          ('warm', warm, warm_requests, '0 writes; %s' % logins)):
        rate = TENANTS * 60.0 / median(walls)
        rows.append(row('5 tenant_setup, %d tenants, forks %d, %s (1 run)' % (TENANTS, FORKS, label), median(walls),
                        requests[-1], floor, '%.0f tenants/min' % rate))
    return rows


# A fresh parent whose only child is the module, so RUSAGE_CHILDREN's maximum is the module's.
RSS_WRAPPER = ('import resource, subprocess, sys\n'
               'done = subprocess.run(sys.argv[1:], check=False, stdout=subprocess.PIPE)\n'
               'sys.stdout.write(done.stdout.decode().strip() + "\\n%d" % '
               'resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n'
               'sys.exit(done.returncode)\n')
RSS_METHOD = ('peak RSS = resource.getrusage(RUSAGE_CHILDREN).ru_maxrss in a fresh wrapper process whose only '
              'child runs the module directly: python -m ansible_collections.tenantkit.saas.plugins.modules.'
              'ncloud_users_bulk ARGS.json (collection on PYTHONPATH, no AnsiballZ)')


def memory(sandbox, results):
    """Case 6: peak RSS of the module process alone, creating 5,000 users."""
    args = write_file('module_args_%d.json' % MEMORY_USERS,
                      json.dumps({'ANSIBLE_MODULE_ARGS': {'users': users(MEMORY_USERS, 'rss.example')}}))
    command = [sys.executable, '-m', 'ansible_collections.tenantkit.saas.plugins.modules.ncloud_users_bulk', args]
    env = dict(os.environ, PYTHONPATH=COLLECTIONS, **sandbox.env)
    peaks, walls = [], []
    for dummy in range(REPEAT):
        sandbox.reset('ncloud_sso')
        started = time.perf_counter()
        done = subprocess.run([sys.executable, '-c', RSS_WRAPPER] + command, env=env, check=False,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        walls.append(time.perf_counter() - started)
        output, peak_kib = done.stdout.decode('utf-8', 'replace').rsplit('\n', 1)
        answer = json.loads(output)
        if done.returncode != 0 or len(answer.get('created', [])) != MEMORY_USERS:
            raise RuntimeError('module run failed: %s' % answer.get('msg'))
        peaks.append(int(peak_kib) / 1024.0)
    requests = sandbox.methods('ncloud_sso')
    results['memory'] = {'peak_rss_mib': peaks, 'module_wall_s': walls, 'requests': requests,
                         'method': RSS_METHOD}
    peak = max(peaks)
    return [row('6 peak RSS, module alone, N=%d cold' % MEMORY_USERS, median(walls), requests,
                show({'GET': 1, 'POST': MEMORY_USERS // BULK}), '%.0f MiB peak RSS' % peak,
                '< 150 MB RSS', peak * 1024 * 1024 < 150e6)]


def write_json(path, data):
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
