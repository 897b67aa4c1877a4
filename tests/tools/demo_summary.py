"""Print what the demo tenant left on each emulator, and where its request log is.

Usage: python tests/tools/demo_summary.py SANDBOX_JSON OUTPUT_DIR
"""

import json
import os
import sys

import requests


def fetch(url):
    return requests.get(url, timeout=10).json()


def describe(service, state):
    if service == 'signtogether':
        names = dict((g['groupId'], g['groupName']) for g in state['groups'])
        return ['group %s (%s%s)' % (g['groupName'], g['urlPath'],
                                     ', under %s' % names[g['parentGroupId']] if g.get('parentGroupId') else '')
                for g in state['groups'] if g['groupName'] != 'other-tenant']
    if service == 'apppot':
        return ['group %s: %s' % (g['groupName'], g['description']) for g in state['groups']
                if g['groupId'] != 1]
    if service == 'ncloud_sso':
        logins = dict((u['userId'], u['loginId']) for u in state['users'])
        groups = dict((g['groupId'], g['groupName']) for g in state['groups'])
        sets = dict((s['permissionSetId'], s['permissionSetName']) for s in state['permissionSets'])
        return (['user %s (%s)' % (u['loginId'], u.get('userProfile', {}).get('deptName') or '-')
                 for u in state['users']]
                + ['group %s: %s' % (g['groupName'], ', '.join(sorted(logins[user] for user in g['userIds'])))
                   for g in state['groups']]
                + ['assignment %s: %s on account %s, to %s' % (
                    a['assignmentName'], sets[a['permissionSetId']], a['accountMbrNo'],
                    ', '.join(sorted(groups[group] for group in a['targets']['group'])
                              + sorted(logins[user] for user in a['targets']['user'])))
                   for a in state['assignments']])
    if service == 'security365':
        return ['app service of company %s: client id %s' % (company, app['client_id'])
                for company, app in state['apps'].items()]
    return []


def main(sandbox_json, output_dir):
    with open(sandbox_json, encoding='utf-8') as handle:
        services = json.load(handle)['services']
    print('What the demo tenant has now (secrets are never printed):')
    for service in sorted(services):
        url = services[service]['url']
        for line in describe(service, fetch(url + '/_sandbox/state')):
            print('  %-13s %s' % (service, line))
    print('Requests each emulator received (method, path, status):')
    for service in sorted(services):
        log = fetch(services[service]['url'] + '/_sandbox/log')
        path = os.path.join(output_dir, '%s-requests.json' % service)
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(log, handle, indent=1)
        writes = sum(entry['kind'] == 'write' for entry in log)
        print('  %-13s %d requests, %d writes -> %s' % (service, len(log), writes, path))


if __name__ == '__main__':
    main(*sys.argv[1:3])
