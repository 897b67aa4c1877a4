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
from harness import OUTPUT, Sandbox

CASES = (('1', cases.bulk_users), ('3', cases.baseline), ('4', cases.task_overhead),
         ('5', cases.many_tenants), ('6', cases.memory))
HEADER = ('| case | wall s (median of 3) | requests by method | floor | ratio | target | result |\n'
          '|---|---:|---|---|---|---|---|\n')
NOTES = '''
Floors: cold = 1 `GET /users` page (the contract has no get-by-loginId; one page proves none of the
users exist yet and gives the user ids an update needs) + ceil(N/100) `POST /users/bulk`; warm =
ceil(N/100) list pages of 100 (every user has to be read to compare its managed fields), 0 writes.
Wall = the whole `ansible-playbook` run (startup included). Case 4: 20 separate tasks per kind in one
playbook, per-task time = (wall - empty playbook wall) / 20; apppot_group and uri both use one user
token (APPPOT_TOKEN), so each task is one GET. Case 6 = the module process alone, no Ansible.
'''


def table(rows):
    lines = []
    for item in rows:
        requests = ', '.join('%s %d' % pair for pair in sorted(item['requests'].items())) or '-'
        wall = '%.2f' % item['wall_s'] if item['wall_s'] is not None else '-'
        lines.append('| %s | %s | %s | %s | %s | %s | %s |' % (
            item['case'], wall, requests, item['floor'] or '-', item['ratio'] or '-',
            item['target'] or '-', item['result'] or '-'))
    return HEADER + '\n'.join(lines) + '\n'


def machine():
    memory_gib = os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2.0 ** 30
    return '%d cores, %.0f GiB, Python %s, ansible-core %s' % (
        os.cpu_count(), memory_gib, platform.python_version(), ansible.__version__)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--only', default='1,3,4,5,6', help='case numbers, comma separated (3 needs 1)')
    chosen = set(parser.parse_args().only.split(','))
    results, rows = {'machine': machine(), 'date': time.strftime('%Y-%m-%d')}, []
    started = time.perf_counter()
    sandbox = Sandbox()
    try:
        sandbox.start()
        for number, case in CASES:
            if number in chosen:
                rows.extend(case(sandbox, results))
    finally:
        sandbox.stop()
    results.pop('bulk_rows', None)
    results['rows'] = rows
    results['bench_seconds'] = round(time.perf_counter() - started, 1)
    text = '%s, %s (bench took %.0f s)\n\n%s%s' % (results['date'], results['machine'],
                                                   results['bench_seconds'], table(rows), NOTES)
    print(text)
    with open(os.path.join(OUTPUT, 'bench.md'), 'w', encoding='utf-8') as handle:
        handle.write(text)
    cases.write_json(os.path.join(OUTPUT, 'bench.json'), results)
    return 0


if __name__ == '__main__':
    sys.exit(main())
