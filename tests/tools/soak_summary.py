"""Print the convergence soak's results (tests/output/convergence/*/summary.json) as a table."""

import glob
import json
import os
import sys

OUTPUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'output', 'convergence')


def main():
    rows = []
    for path in sorted(glob.glob(os.path.join(OUTPUT, '*', 'summary.json'))):
        with open(path, encoding='utf-8') as handle:
            rows.append(json.load(handle))
    if not rows:
        print('no soak results under %s' % OUTPUT)
        return 1
    print('| seed | faults injected | commit-then-fail | run 1 | run 2 | left after run 1 |')
    print('|---:|---:|---:|---|---|---|')
    for row in sorted(rows, key=lambda row: row['seed']):
        print('| %d | %d | %d | %s | %s | %s |' % (
            row['seed'], row['faults'], row['commit_then_fail'],
            outcome(row['first_rc'], row.get('failed_sections_first')),
            outcome(row['second_rc']), '; '.join(row['problems_after_first']) or 'nothing'))
    converged = sum(1 for row in rows if row['second_rc'] == 0)
    print('\n%d of %d seeds converged within two runs; %d faults injected, %d of them commit-then-fail.'
          % (converged, len(rows), sum(row['faults'] for row in rows),
             sum(row['commit_then_fail'] for row in rows)))
    return 0 if converged == len(rows) else 1


def outcome(rc, failed_sections=None):
    """ok, or failed with the return code and, when known, the tenant's sections that failed."""
    if rc == 0:
        return 'ok'
    return 'failed (rc %s%s)' % (rc, ': ' + ', '.join(failed_sections) if failed_sections else '')


if __name__ == '__main__':
    sys.exit(main())
