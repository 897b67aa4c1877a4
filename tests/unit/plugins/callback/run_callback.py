"""Drive the tenantkit.saas.tenant_report callback as ansible-playbook does, with no playbook.

The plugin is loaded by Ansible's plugin loader, its options come from the
environment (TENANTKIT_REPORT_DIR ...), then it is fed task results and the
play recap. Run apart from the test process: importing Ansible's controller code
into a test process changes how later in-process module runs report warnings.

  run_callback.py --results FILE [--check] [--diff]
      FILE holds one JSON object a line: {host, action, result, check?, failed?,
      ignore_errors?, unreachable?}; the run's recap counts a host failed when
      `failed_hosts` lists it (a line {"failed_hosts": [...]}).
  run_callback.py --tenants 1000 [--users 200] [--check] [--diff]
      synthetic tenants on all four services, as the tenant role returns them
      (a benchmark: it prints how long the report took and its sizes).

Prints one JSON line: {"seconds", "sizes", "output"} (output: what the callback displayed).
"""

import argparse
import json
import os
import sys
import time

TESTS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.join(TESTS, 'output', 'collections')
HIDDEN = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


class Host:
    def __init__(self, name):
        self.name = name

    def get_name(self):
        return self.name


class Task:
    def __init__(self, action, check_mode):
        self.action = action
        self.resolved_action = action
        self.check_mode = check_mode


class Result:
    def __init__(self, host, task, result):
        self.host = host
        self.task = task
        self.result = result


class Stats:
    def __init__(self, failed_hosts):
        self.failures = dict((host, 1) for host in failed_hosts)
        self.dark = {}


class Playbook:
    _file_name = '/somewhere/playbooks/tenant_setup.yml'


def load_callback(check, diff):
    from ansible import context  # pylint: disable=import-outside-toplevel
    from ansible.module_utils.common.collections import ImmutableDict  # pylint: disable=import-outside-toplevel
    from ansible.plugins.loader import callback_loader, init_plugin_loader  # pylint: disable=import-outside-toplevel
    context.CLIARGS = ImmutableDict(check=check, diff=diff)
    init_plugin_loader([COLLECTIONS])
    callback = callback_loader.get('tenantkit.saas.tenant_report')
    callback.set_options()
    shown = []
    callback._display.display = lambda message, *args, **kwargs: shown.append(message)
    callback._display.warning = lambda message, *args, **kwargs: shown.append('[WARNING]: ' + message)
    return callback, shown


def feed(callback, events):
    """Send each event to the callback; returns the hosts the recap counts failed."""
    hosts, failed_hosts = {}, set()
    callback.v2_playbook_on_start(Playbook())
    callback.v2_playbook_on_play_start(None)
    for event in events:
        if 'failed_hosts' in event:
            failed_hosts.update(event['failed_hosts'])
            continue
        host = hosts.setdefault(event['host'], Host(event['host']))
        result = Result(host, Task(event['action'], event.get('check', False)), event['result'])
        if event.get('unreachable'):
            callback.v2_runner_on_unreachable(result)
        elif event.get('failed'):
            callback.v2_runner_on_failed(result, ignore_errors=event.get('ignore_errors', False))
        else:
            callback.v2_runner_on_ok(result)
    return failed_hosts


def group_result(name, diff, check, parent=None):
    group = {'group_id': None if check else 7, 'name': name, 'level': 2 if parent else 1, 'parent_group_id': None,
             'parent': parent, 'linked_type': None, 'admin_login_id': name + '-admin'}
    result = {'changed': True, 'group': group, '_ansible_item_label': name,
              'invocation': {'module_args': {'name': name, 'api_key': HIDDEN}}}
    if diff:
        result['diff'] = {'before': {}, 'after': dict(group)}
    return result


def user(login_id):
    return {'login_id': login_id, 'description': 'synthetic user', 'user_profile': {
        'first_name': 'Minji', 'last_name': 'Kim', 'email': login_id, 'emp_no': '10042', 'phone_country_code': '82',
        'phone_no': '01012345678', 'dept_name': 'Sales'}, 'access_rules': {
            'console_access_allowed': True, 'api_access_allowed': False}}


def synthetic_events(tenants, users, check, diff):
    """What the tenant role returns for `tenants` new tenants: 2 SignTogether groups, 1 AppPot
    group, `users` NAVER Cloud users and the Security365 app; every 50th tenant's app fails."""
    for number in range(tenants):
        host = 'tenant%04d' % number
        name = 't%d' % number
        yield {'host': host, 'action': 'tenantkit.saas.signtogether_group', 'check': check, 'result': {
            'changed': True, 'msg': 'All items completed',
            'results': [group_result(name, diff, check), group_result(name + '-sales', diff, check, parent=name)]}}
        yield {'host': host, 'action': 'tenantkit.saas.apppot_group', 'check': check, 'result': {
            'changed': True, 'results': [group_result(name + '-staff', diff, check)]}}
        login_ids = ['user%d@%s.example' % (index, name) for index in range(users)]
        bulk = {'changed': True, 'created': login_ids, 'updated': [], 'deleted': [],
                'counts': {'created': len(login_ids), 'updated': 0, 'deleted': 0, 'unchanged': 0, 'failed': 0},
                'failed_users': [],
                'invocation': {'module_args': {'secret_key': HIDDEN}}}
        if diff:
            bulk['diff'] = {'before': {}, 'after': dict((login_id, user(login_id)) for login_id in login_ids)}
        yield {'host': host, 'action': 'tenantkit.saas.ncloud_users_bulk', 'check': check, 'result': bulk}
        if number % 50 == 49:
            yield {'host': host, 'action': 'tenantkit.saas.security365_app', 'check': check, 'failed': True,
                   'result': {'failed': True, 'changed': False, 'status': 500, 'code': 50001,
                              'msg': 'Security365 refused the request: appId, appSecret update failed (HTTP 500)'}}
            yield {'failed_hosts': [host]}
        else:
            app = {'changed': True, 'client_id': None if check else 'client-%d' % number}
            if diff:
                app['diff'] = {'before': {}, 'after': {'client_id': app['client_id']}}
            yield {'host': host, 'action': 'tenantkit.saas.security365_app', 'check': check, 'result': app}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument('--results')
    parser.add_argument('--tenants', type=int)
    parser.add_argument('--users', type=int, default=200)
    parser.add_argument('--check', action='store_true')
    parser.add_argument('--diff', action='store_true')
    args = parser.parse_args(argv)
    if args.results:
        with open(args.results, encoding='utf-8') as handle:
            events = [json.loads(line) for line in handle if line.strip()]
    else:
        events = list(synthetic_events(args.tenants, args.users, args.check, args.diff))
    callback, shown = load_callback(args.check, args.diff)
    started = time.perf_counter()
    failed_hosts = feed(callback, events)
    callback.v2_playbook_on_stats(Stats(failed_hosts))
    seconds = time.perf_counter() - started
    directory = callback.get_option('report_dir')
    sizes = dict((name, os.path.getsize(os.path.join(directory, name)))
                 for name in ('report.json', 'report.md', 'report.html')
                 if os.path.exists(os.path.join(directory, name)))
    json.dump({'seconds': round(seconds, 3), 'sizes': sizes, 'output': shown}, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
