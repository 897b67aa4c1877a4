"""`make bench`: time the modules against the sandbox and print one Markdown table.

Writes tests/output/bench.md and tests/output/bench.json. Prints results and
met/missed per target; it never asserts a time. `--only 1,6` runs some cases.
"""

import argparse
import os
import platform
import sys
import time

import ansible

import cases
from harness import BASELINE_REF, OUTPUT, Sandbox, export_baseline

CASES = (('1', cases.bulk_users), ('3', cases.baseline), ('4', cases.task_overhead),
         ('5', cases.many_tenants), ('6', cases.memory), ('7', cases.job_events),
         ('8', cases.tenant_of_10000), ('9', cases.unmanaged_reads))
HEADER = ('| case | wall s today | wall s now | requests by method (now) | floor | result chars | job event bytes '
          '| ratio | target | result |\n|---|---:|---:|---|---|---:|---:|---|---|---|\n')
NOTES = '''
"today" is the collection at %s (before the scale work), exported with `git archive` and run against
the same sandbox in the same bench run; "now" is this checkout. Wall = the whole `ansible-playbook`
run, startup included, median of 3 (case 5: one run each). Requests come from the sandbox log.
Floors: cold = 1 `GET /users` page (the contract has no get-by-loginId; one page proves none of the
users exist yet) + ceil(N/100) `POST /users/bulk`; warm = ceil(N/100) list pages of 100 (every user
has to be read to compare its managed fields), 0 writes. Case 3: task time = wall - an empty
playbook's wall. Case 4: 20 separate tasks per kind, per-task time = (wall - empty playbook) / 20.
Case 5: 200 tenants on four services each (a SignTogether group and sub-group, two AppPot groups,
three Ncloud users, the tenant's own Security365 company); tasks per tenant from the recap (a loop
counts once). Case 6 = the module process alone, no Ansible. Case 7: ansible-runner's job event of
the task, `res` measured as AWX limits it (len(str(res)), dropped over 700,000).
Case 8: one tenant of 10,000 users with every field filled (description, names, e-mail, employee number,
phone, department in Hangul, both access rules) in the host vars of an inventory host, inline (YAML) or as
a CSV `ncloud.users_file` beside the inventory; tenant_setup (the whole role: tenant_check, then each
service) against one ncloud_users_bulk task given the same host vars; one cold then one warm run each.
"where" is the profile of the tenant_setup run (tests/bench/callback_plugins/task_times.py): startup =
process start to the play's start; each task from its start to its result, "(vars)" the time before a
worker took it; phases under 0.1 s are left out.
Case 9: what the tenant report's leftovers cost (role variable tenant_report_unmanaged): case 5's tenants,
20 of them, set up once, then one warm run with it off and one with it on; the extra requests per tenant
and service are the difference of the sandbox logs (tenant_unmanaged_info reads every list once).
'''


def pair(values, fmt):
    """'today -> now', or the one value there is, or '-'."""
    shown = [fmt % values[version] for version, dummy in cases.VERSIONS if values.get(version) is not None]
    return ' -> '.join(shown) or '-'


def table(rows):
    lines = []
    for item in rows:
        requests = ', '.join('%s %d' % pair_ for pair_ in sorted(item['requests'].items())) or '-'
        walls = item['wall_s']
        lines.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            item['case'], '%.2f' % walls['today'] if 'today' in walls else '-',
            '%.2f' % walls['now'] if 'now' in walls else '-', requests, item['floor'] or '-',
            pair(item['result_bytes'], '%d'), pair(item['event_bytes'], '%d'), item['ratio'] or '-',
            item['target'] or '-', item['result'] or '-'))
    return HEADER + '\n'.join(lines) + '\n'


def machine():
    memory_gib = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2.0 ** 30
    return '%d cores, %.0f GiB, Python %s, ansible-core %s' % (
        os.cpu_count(), memory_gib, platform.python_version(), ansible.__version__)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--only', default='1,3,4,5,6,7,8,9', help='case numbers, comma separated (3 needs 1)')
    chosen = set(parser.parse_args().only.split(','))
    if not export_baseline():
        print('the baseline commit %s is not in this clone: fetch the whole history' % BASELINE_REF)
        return 1
    results, rows = {'machine': machine(), 'date': time.strftime('%Y-%m-%d'), 'baseline': BASELINE_REF}, []
    started = time.perf_counter()
    sandbox = Sandbox()
    try:
        sandbox.start()
        for number, case in CASES:
            if number in chosen:
                rows.extend(case(sandbox, results))
    finally:
        sandbox.stop()
    results['rows'] = rows
    results['bench_seconds'] = round(time.perf_counter() - started, 1)
    text = '%s, %s (bench took %.0f s)\n\n%s%s' % (results['date'], results['machine'],
                                                   results['bench_seconds'], table(rows), NOTES % BASELINE_REF[:7])
    print(text)
    with open(os.path.join(OUTPUT, 'bench.md'), 'w', encoding='utf-8') as handle:
        handle.write(text)
    cases.write_json(os.path.join(OUTPUT, 'bench.json'), results)
    return 0


if __name__ == '__main__':
    sys.exit(main())
