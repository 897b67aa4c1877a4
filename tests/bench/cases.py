"""The benchmark cases; each returns rows for the table (see run.py)."""

import csv
import json
import math
import os
import re
import subprocess
import sys
import time

import secrets
import shutil

from harness import BASELINE_COLLECTIONS, BENCH, COLLECTIONS, median, run_playbook, tree_of, write_file

REPEAT = int(os.environ.get('BENCH_REPEAT', '3'))  # fewer only while developing
BULK_SIZES = (100, 1000, 5000, 10000)
TASKS_PER_KIND = 20
TENANTS = int(os.environ.get('BENCH_TENANTS', '200'))  # fewer only while developing
FORKS, USERS_PER_TENANT = 10, 3
# One cold and one warm run per version; three of each would take half an hour on 2 cores.
TENANT_REPEAT = 1
MEMORY_USERS = 10000
EVENT_USERS, EVENT_REFUSED = 10000, 1000
PAGE = BULK = 100
# "today" is the collection before the scale work (harness.BASELINE_REF), "now" this checkout.
VERSIONS = (('today', BASELINE_COLLECTIONS), ('now', COLLECTIONS))
ADMIN_PASSWORD = 'Tk1!' + secrets.token_urlsafe(12)

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


def row(case, walls, methods, floor, ratio='', target='', met=None, result_bytes=None, event_bytes=None):
    """A table row; `walls` is {'today': s, 'now': s} (either may be missing), the rest of this checkout."""
    return {'case': case, 'wall_s': dict((name, round(value, 2)) for name, value in walls.items()),
            'requests': methods, 'floor': floor, 'ratio': ratio, 'target': target,
            'result_bytes': result_bytes or {}, 'event_bytes': event_bytes or {},
            'result': '' if met is None else ('met' if met else 'missed')}


def per_version(measure):
    """{version: measure(version, collections)} for today and now."""
    return dict((version, measure(version, collections)) for version, collections in VERSIONS)


def bulk_users(sandbox, results):
    """Cases 1 and 2: cold (emulator reset before each run) and the identical warm rerun."""
    playbook = write_file('bulk.yml', BULK_PLAYBOOK)
    rows = []
    for count in BULK_SIZES:
        extra = ['-e', '@' + users_file(count)]

        def measure(version, collections):
            runs = {'cold_s': [], 'warm_s': [], 'cold_requests': [], 'warm_requests': []}
            for dummy in range(REPEAT):
                sandbox.reset('ncloud_sso')
                runs['cold_s'].append(run_playbook(sandbox, playbook, extra, collections=collections))
                runs['cold_requests'].append(sandbox.methods('ncloud_sso'))
                sandbox.clear_logs('ncloud_sso')
                runs['warm_s'].append(run_playbook(sandbox, playbook, extra, collections=collections))
                runs['warm_requests'].append(sandbox.methods('ncloud_sso'))
            return runs
        runs = results['bulk_%d' % count] = per_version(measure)
        floors = {'cold': {'GET': 1, 'POST': math.ceil(count / BULK)}, 'warm': {'GET': math.ceil(count / PAGE)}}
        for kind in ('cold', 'warm'):
            walls = dict((version, median(run[kind + '_s'])) for version, run in runs.items())
            at_floor = all(r == floors[kind] for r in runs['now'][kind + '_requests'])
            fast = count < 10000 or walls['now'] < 10
            rows.append(row('%s bulk users %s, N=%d' % ('1' if kind == 'cold' else '2', kind, count), walls,
                            runs['now'][kind + '_requests'][-1],
                            show(floors[kind]) + (' (0 writes)' if kind == 'warm' else ''),
                            target='requests = floor' + ('; < 10 s' if count == 10000 else ''), met=at_floor and fast))
    return rows


def baseline(sandbox, results):
    """Case 3: 100 users, one ansible.builtin.uri POST each (signed by a bench-only filter), against
    one ncloud_users_bulk task; task time = wall - an empty playbook's wall."""
    playbook = write_file('baseline.yml', BASELINE_PLAYBOOK)
    empty = write_file('empty.yml', PLAY_HEAD.format(name='Bench - empty', hosts='localhost') + '  tasks: []\n')
    extra = ['-e', '@' + users_file(100)]
    env = {'ANSIBLE_FILTER_PLUGINS': os.path.join(BENCH, 'filter_plugins')}
    startup = median([run_playbook(sandbox, empty) for dummy in range(REPEAT)])
    walls, requests = [], []
    for dummy in range(REPEAT):
        sandbox.reset('ncloud_sso')
        walls.append(run_playbook(sandbox, playbook, extra, extra_env=env))
        requests.append(sandbox.methods('ncloud_sso'))
    uri = median(walls)
    module = dict((version, median(run['cold_s'])) for version, run in results['bulk_100'].items())
    task_ratio = dict((version, (uri - startup) / (wall - startup)) for version, wall in module.items())
    whole_ratio = dict((version, uri / wall) for version, wall in module.items())
    results['baseline_100'] = {'wall_s': walls, 'requests': requests, 'startup_s': startup,
                               'task_ratio': task_ratio, 'whole_ratio': whole_ratio}
    return [row('3 uri POST per user vs one module task, N=100', {'now': uri}, requests[-1], 'POST 100',
                'task time %s; whole run %s (startup %.2f s)' % (
                    ratios(task_ratio), ratios(whole_ratio), startup),
                '>= 50x as task time', task_ratio['now'] >= 50)]


def ratios(by_version):
    return ' -> '.join('%.0fx' % by_version[version] for version, dummy in VERSIONS if version in by_version)


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
            rows.append(row(case, {'now': median(walls[kind])}, requests[kind], floors[kind],
                            '%.2fx uri GET, %.2fx ping' % (vs_uri, vs_ping), '<= 1.2x uri GET', vs_uri <= 1.2))
        else:
            rows.append(row(case, {'now': median(walls[kind])}, requests[kind], floors[kind]))
    rows.append(row('4 imports of apppot_group (-X importtime)', {'now': imports['total_ms'] / 1000.0}, {}, '',
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


def tenant_inventory(sandbox, count=TENANTS):
    """One host per tenant, its `tenant` variable in host vars: the four services, a SignTogether
    group with a sub-group, two AppPot groups, three Ncloud users, and the tenant's own Security365
    company (a token of its own); the other accounts come from the environment."""
    hosts = {}
    for number in range(count):
        name = 'bench%03d' % number
        company = 'bench-co-%03d' % number
        token = sandbox.control('security365', 'POST', '/_sandbox/control',
                                {'issue_token': {'company_id': company}})['token']
        hosts[name] = {'tenant': {
            'name': name,
            'signtogether': {'groups': [signtogether_group(name, None, 1), signtogether_group(name + '-sales', name, 2)]},
            'apppot': {'groups': [{'name': '%s-%s' % (name, team), 'description': '%s of %s' % (team, name)}
                                  for team in ('staff', 'admins')]},
            'ncloud': {'users': [{'login_id': 'u%d@%s.bench.example' % (user, name),
                                  'user_profile': {'dept_name': name}} for user in range(USERS_PER_TENANT)]},
            'security365': {'connection': {'company_id': company, 'token': token}, 'app': {'state': 'present'}},
        }}
    inventory = {'tenants': {'hosts': hosts, 'vars': {'ansible_connection': 'local'}}}
    return write_file('tenants.json', json.dumps(inventory))


def signtogether_group(name, parent, level):
    group = {'name': name, 'level': level,
             'admin_user': {'email': 'admin@%s.example' % name, 'name': 'Admin', 'login_id': name + '-admin'},
             'user_consent': {'is_teenager': True, 'service_use': True, 'privacy_collection': True}}
    if parent:
        group['parent'] = parent
    return group


RECAP = re.compile(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)', re.M)


def tasks_per_tenant(output):
    """Task results per host in the recap (ok, failed and skipped; a loop counts once)."""
    counts = [int(ok) + int(failed) + int(skipped) for dummy, ok, dummy_changed, dummy_unreachable, failed, skipped
              in RECAP.findall(output)]
    return median(counts) if counts else None


def many_tenants(sandbox, results):
    """Case 5: the tenant playbook over 200 inventory hosts with forks 10, cold then warm."""
    services = ('signtogether', 'apppot', 'ncloud_sso', 'security365')
    env = {'SIGNTOGETHER_ADMIN_PASSWORD': ADMIN_PASSWORD}

    def measure(version, collections):
        sandbox.reset(*services)
        args = ['-i', tenant_inventory(sandbox), '-e', 'tenant_hosts=tenants', '-f', str(FORKS)]
        playbook = os.path.join(tree_of(collections), 'playbooks', 'tenant_setup.yml')
        runs = {}
        for kind in ('cold', 'warm'):
            sandbox.clear_logs(*services)
            output = []
            runs[kind + '_s'] = run_playbook(sandbox, playbook, args, env, collections, output)
            runs[kind + '_requests'] = sandbox.methods(*services)
            runs[kind + '_tasks'] = tasks_per_tenant(output[0])
        return runs
    runs = results['many_tenants'] = per_version(measure)
    rows = []
    for kind in ('cold', 'warm'):
        rate = dict((version, TENANTS * 60.0 / run[kind + '_s']) for version, run in runs.items())
        gain = rate['now'] / rate['today']
        rows.append(row('5 tenant_setup, %d tenants (4 services), forks %d, %s' % (TENANTS, FORKS, kind),
                        dict((version, run[kind + '_s']) for version, run in runs.items()), runs['now'][kind + '_requests'],
                        '-', '%s tenants/min (%.1fx); tasks per tenant %s' % (
                            ' -> '.join('%.0f' % rate[version] for version, dummy in VERSIONS),
                            gain, ' -> '.join('%s' % runs[version][kind + '_tasks'] for version, dummy in VERSIONS)),
                        '>= 2x today', gain >= 2))
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
    """Case 6: peak RSS of the module process alone, creating 10,000 users."""
    args = write_file('module_args_%d.json' % MEMORY_USERS,
                      json.dumps({'ANSIBLE_MODULE_ARGS': {'users': users(MEMORY_USERS, 'rss.example')}}))
    command = [sys.executable, '-m', 'ansible_collections.tenantkit.saas.plugins.modules.ncloud_users_bulk', args]

    def measure(version, collections):
        env = dict(os.environ, PYTHONPATH=collections, **sandbox.env)
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
        return {'peak_rss_mib': peaks, 'module_wall_s': walls, 'requests': sandbox.methods('ncloud_sso')}
    runs = results['memory'] = per_version(measure)
    results['memory']['method'] = RSS_METHOD
    peak = dict((version, max(runs[version]['peak_rss_mib'])) for version, dummy in VERSIONS)
    return [row('6 peak RSS, module alone, N=%d cold' % MEMORY_USERS,
                dict((version, median(runs[version]['module_wall_s'])) for version, dummy in VERSIONS),
                runs['now']['requests'], show({'GET': 1, 'POST': MEMORY_USERS // BULK}),
                '%s MiB peak RSS' % ' -> '.join('%.0f' % peak[version] for version, dummy in VERSIONS),
                '< 200 MB RSS', peak['now'] * 1024 * 1024 < 200e6)]


def job_events(sandbox, results):
    """Case 7: the task's job event as ansible-runner records it (AWX keeps `res` only up to
    700,000 characters of str(res)): 10,000 new users, then 10,000 of which 1,000 are refused."""
    playbook = write_file('bulk.yml', BULK_PLAYBOOK)
    users_path = users_file(EVENT_USERS)
    refused = ['user%05d@bench.example' % number for number in range(0, EVENT_USERS, EVENT_USERS // EVENT_REFUSED)]

    def measure(version, collections):
        found = {}
        for label, seeded in (('new', []), ('refused', refused)):
            sandbox.reset('ncloud_sso')
            if seeded:  # a case variant of each is there already: the service refuses them
                sandbox.control('ncloud_sso', 'POST', '/_sandbox/control', {'add_users': [
                    {'loginId': login_id.capitalize(), 'accessRules': {'consoleAccessAllowed': False,
                                                                       'apiAccessAllowed': False}}
                    for login_id in seeded]})
            found[label] = runner_event(sandbox, collections, playbook, users_path, label)
        return found
    runs = results['job_events'] = per_version(measure)
    rows = []
    for label, what in (('new', '%d new users' % EVENT_USERS),
                        ('refused', '%d users, %d refused' % (EVENT_USERS, EVENT_REFUSED))):
        now = runs['now'][label]
        kept = now['res_chars'] <= 700000 and (label == 'new' or now['failed_users'] == EVENT_REFUSED)
        rows.append(row('7 job event, %s' % what, {}, {}, '-',
                        'res %s' % ' -> '.join('%s' % ('kept' if runs[v][label]['res_chars'] <= 700000 else 'dropped')
                                               for v, dummy in VERSIONS),
                        '< 700 kB, every refused user kept', kept,
                        result_bytes=dict((v, runs[v][label]['res_chars']) for v, dummy in VERSIONS),
                        event_bytes=dict((v, runs[v][label]['event_bytes']) for v, dummy in VERSIONS)))
    return rows


def runner_event(sandbox, collections, playbook, users_path, label):
    """Sizes of the ncloud_users_bulk task's job event through ansible-runner, with no limit on `res`."""
    import ansible_runner  # only this case needs it
    from harness import WORK, ansible_env
    private = os.path.join(WORK, 'runner-%s' % label)
    shutil.rmtree(private, ignore_errors=True)
    os.makedirs(private)
    env = ansible_env(sandbox, {'MAX_EVENT_RES': str(10 ** 9)}, collections)
    os.environ['PATH'] = env['PATH']
    runner = ansible_runner.run(private_data_dir=private, playbook=playbook, inventory='localhost,',
                                cmdline='-e @%s' % users_path, envvars=env, quiet=True)
    events = [event for event in runner.events if event.get('event') in ('runner_on_ok', 'runner_on_failed')]
    if not events:
        raise RuntimeError('no task event from ansible-runner (%s)' % runner.status)
    res = events[-1]['event_data']['res']
    return {'res_chars': len(str(res)), 'event_bytes': len(json.dumps(events[-1])),
            'failed_users': len(res.get('failed_users') or [])}


def write_json(path, data):
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle, indent=2, sort_keys=True)


TENANT_USERS = int(os.environ.get('BENCH_TENANT_USERS', '10000'))  # fewer only while developing
PROFILE_COLUMNS = ('first_name', 'last_name', 'email', 'emp_no', 'phone_country_code', 'phone_no', 'dept_name')
MODULE_ALONE_PLAYBOOK = PLAY_HEAD.format(name='Bench - the tenant users with one ncloud_users_bulk task',
                                         hosts='t10k') + '''\
  tasks:
    - name: Ensure the users
      tenantkit.saas.ncloud_users_bulk:
        users: "{{ tenant.ncloud.users | default(omit) }}"
        users_file: "{{ (inventory_dir ~ '/' ~ tenant.ncloud.users_file) if tenant.ncloud.users_file is defined else omit }}"
'''


def full_users(count):
    """Users with every field filled, as tenants keep them."""
    return [{'login_id': 'staff%05d@tenant10k.example' % number,
             'description': 'Staff member %d of the tenant, onboarded by HR' % number,
             'user_profile': {'first_name': 'Minjun%d' % number, 'last_name': 'Kim', 'email': 'staff%05d@mail.example'
                              % number, 'emp_no': 'E%06d' % number, 'phone_country_code': '82',
                              'phone_no': '010-%04d-%04d' % (number // 10000, number % 10000), 'dept_name': '영업부'},
             'access_rules': {'console_access_allowed': number % 2 == 0, 'api_access_allowed': number % 3 == 0}}
            for number in range(count)]


def tenant_inventory_dir(kind, users):
    """An inventory dir with one host, t10k, whose host vars hold the tenant: its users inline
    (kind 'yaml') or in a CSV users_file beside the inventory (kind 'csv')."""
    import yaml  # only this case writes YAML
    root = os.path.join(os.path.dirname(write_file('tenant10k.keep', '')), 'tenant10k-%s' % kind)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, 'host_vars'))
    ncloud = {'users': users}
    if kind == 'csv':
        ncloud = {'users_file': 'staff.csv'}
        header = ['login_id', 'description'] + ['user_profile.' + name for name in PROFILE_COLUMNS] + [
            'access_rules.console_access_allowed', 'access_rules.api_access_allowed']
        with open(os.path.join(root, 'staff.csv'), 'w', encoding='utf-8', newline='') as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([user['login_id'], user['description']]
                             + [user['user_profile'][name] for name in PROFILE_COLUMNS]
                             + [str(user['access_rules'][rule]).lower()
                                for rule in ('console_access_allowed', 'api_access_allowed')] for user in users)
    with open(os.path.join(root, 'inventory.yml'), 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'all': {'hosts': {'t10k': {'ansible_connection': 'local'}}}}, handle)
    with open(os.path.join(root, 'host_vars', 't10k.yml'), 'w', encoding='utf-8') as handle:
        yaml.safe_dump({'tenant': {'name': 't10k', 'ncloud': ncloud}}, handle, allow_unicode=True,
                       default_flow_style=False)
    return os.path.join(root, 'inventory.yml')


def timed_run(sandbox, playbook, inventory):
    """Wall seconds of one run, and where they went (tests/bench/callback_plugins/task_times.py)."""
    times = os.path.join(os.path.dirname(inventory), 'times.json')
    env = {'ANSIBLE_CALLBACK_PLUGINS': os.path.join(BENCH, 'callback_plugins'),
           'ANSIBLE_CALLBACKS_ENABLED': 'task_times', 'TENANTKIT_BENCH_TIMES': times}
    wall = run_playbook(sandbox, playbook, ['-i', inventory, '-e', 'tenant_hosts=t10k'], extra_env=env)
    with open(times, encoding='utf-8') as handle:
        phases = json.load(handle)
    profile = {'startup': wall - (phases['end'] - phases['playbook_start'])}
    if phases['tasks']:
        profile['inventory and host vars'] = phases['tasks'][0]['start'] - phases['playbook_start']
    for task in phases['tasks']:
        if task['done'] is None:
            continue
        name = task['name'].split(' : ')[-1]
        queued = task['queued'] or task['start']
        profile[name + ' (vars)'] = profile.get(name + ' (vars)', 0) + queued - task['start']
        profile[name] = profile.get(name, 0) + task['done'] - queued
    return wall, profile


def shown_profile(profile):
    """The phases that took 0.1 s or more, longest first."""
    return '; '.join('%s %.1f' % (name, seconds) for name, seconds in
                     sorted(profile.items(), key=lambda pair: -pair[1]) if seconds >= 0.1)


def tenant_of_10000(sandbox, results):
    """Case 8: a tenant of 10,000 users with every field filled, through tenant_setup (from a CSV
    users_file and from YAML host vars) beside one ncloud_users_bulk task given the same host vars."""
    users = full_users(TENANT_USERS)
    tenant_setup = os.path.join(COLLECTIONS, 'ansible_collections', 'tenantkit', 'saas', 'playbooks', 'tenant_setup.yml')
    alone = write_file('tenant10k_module_alone.yml', MODULE_ALONE_PLAYBOOK)
    measured, rows = {}, []
    for kind in ('csv', 'yaml'):
        inventory = tenant_inventory_dir(kind, users)
        for what, playbook in (('module alone', alone), ('tenant_setup', tenant_setup)):
            sandbox.reset('ncloud_sso')
            for phase in ('cold', 'warm'):
                sandbox.clear_logs('ncloud_sso')
                wall, profile = timed_run(sandbox, playbook, inventory)
                measured[(kind, what, phase)] = {'wall_s': wall, 'profile': profile,
                                                 'requests': sandbox.methods('ncloud_sso')}
    results['tenant_of_10000'] = dict(('%s %s %s' % key, value) for key, value in measured.items())
    for kind in ('csv', 'yaml'):
        for phase in ('cold', 'warm'):
            alone_run, setup_run = measured[(kind, 'module alone', phase)], measured[(kind, 'tenant_setup', phase)]
            ratio = setup_run['wall_s'] / alone_run['wall_s']
            target, met = ('< 10 s', setup_run['wall_s'] < 10) if kind == 'csv' else ('<= 1.2x module alone', ratio <= 1.2)
            rows.append(row('8 tenant of %d full users from %s, tenant_setup, %s' % (
                TENANT_USERS, 'a CSV users_file' if kind == 'csv' else 'YAML host vars', phase),
                {'now': setup_run['wall_s']}, setup_run['requests'], '-',
                '%.2fx module alone (%.2f s); where: %s' % (ratio, alone_run['wall_s'], shown_profile(setup_run['profile'])),
                target, met))
    return rows


LEFTOVER_TENANTS = 20
SERVICES = ('signtogether', 'apppot', 'ncloud_sso', 'security365')


def unmanaged_reads(sandbox, results):
    """Case 9: what tenant_report_unmanaged costs: a warm tenant_setup of 20 tenants (case 5's) with
    it off, then on; the extra reads per tenant and service come from the sandbox logs."""
    env = {'SIGNTOGETHER_ADMIN_PASSWORD': ADMIN_PASSWORD}
    sandbox.reset(*SERVICES)
    args = ['-i', tenant_inventory(sandbox, LEFTOVER_TENANTS), '-e', 'tenant_hosts=tenants', '-f', str(FORKS)]
    playbook = os.path.join(tree_of(COLLECTIONS), 'playbooks', 'tenant_setup.yml')
    run_playbook(sandbox, playbook, args, env, COLLECTIONS, [])
    measured = {}
    for switch in ('false', 'true'):
        sandbox.clear_logs(*SERVICES)
        wall = run_playbook(sandbox, playbook, args + ['-e', 'tenant_report_unmanaged=' + switch], env, COLLECTIONS, [])
        measured[switch] = {'wall_s': wall, 'requests': dict((service, sandbox.methods(service)) for service in SERVICES),
                            'writes': sum(entry['kind'] == 'write' for service in SERVICES
                                          for entry in sandbox.control(service, 'GET', '/_sandbox/log'))}
    results['unmanaged_reads'] = measured
    extra = dict((service, (sum(measured['true']['requests'][service].values())
                            - sum(measured['false']['requests'][service].values())) / LEFTOVER_TENANTS)
                 for service in SERVICES)
    writes = measured['true']['writes'] + measured['false']['writes']
    return [row('9 tenant_setup warm, %d tenants, tenant_report_unmanaged off -> on' % LEFTOVER_TENANTS,
                {'now': measured['true']['wall_s']}, dict((method, sum(
                    measured['true']['requests'][service].get(method, 0) for service in SERVICES))
                    for method in ('GET', 'POST', 'PUT', 'DELETE')), '-',
                'extra requests per tenant: %s; wall %.1f s -> %.1f s' % (
                    ', '.join('%s %+.1f' % (service, count) for service, count in extra.items()),
                    measured['false']['wall_s'], measured['true']['wall_s']),
                'warm: 0 writes either way', writes == 0)]
