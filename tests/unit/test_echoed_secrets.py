"""A server whose error text repeats the request (headers, query, body) never
gets a secret into the task's output: raw, JSON-escaped or URL-encoded."""

import json
from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_group, ncloud_sso_group, ncloud_users_bulk, security365_app, signtogether_group, signtogether_groups)
from ansible_collections.tenantkit.saas.plugins.modules import apppot_groups
from support.modules import run_module

# A password with a quote, a backslash and Hangul: its JSON-escaped form differs from it.
ADMIN_PASSWORD = 'Pw"quote\\back-비밀-1'
SIGNTOGETHER_GROUP = {
    'name': 'acme', 'admin_user': {'email': 'admin@acme.example', 'name': 'Acme Admin',
                                   'login_id': 'acme-admin', 'password': ADMIN_PASSWORD},
    'user_consent': {'is_teenager': True, 'service_use': True, 'privacy_collection': True}}
# service: (module, env prefix, args, the echoing call, its HTTP status)
CASES = {
    'apppot list': (apppot_group, 'APPPOT_', {'name': 'ops'}, ('GET', '/groups$'), 200),
    'apppot create': (apppot_group, 'APPPOT_', {'name': 'ops'}, ('POST', '/groups$'), 200),
    'apppot groups create': (apppot_groups, 'APPPOT_', {'groups': [{'name': 'ops'}]},
                             ('POST', '/groups$'), 200),
    'signtogether create': (signtogether_group, 'SIGNTOGETHER_', SIGNTOGETHER_GROUP,
                            ('POST', '/api/group$'), 400),
    'signtogether groups create': (signtogether_groups, 'SIGNTOGETHER_', {'groups': [SIGNTOGETHER_GROUP]},
                                   ('POST', '/api/group$'), 400),
    'ncloud bulk': (ncloud_users_bulk, 'NCLOUD_', {'users': [{'login_id': 'echo@example.com'}]},
                    ('POST', '/users/bulk$'), 400),
    'ncloud group members': (ncloud_sso_group, 'NCLOUD_', {'name': 'ops', 'members': []},
                             ('POST', '/groups$'), 400),
    'security365 profile': (security365_app, 'SECURITY365_', {}, ('POST', 'info/all$'), 400),
}


def forms(secret):
    return set([secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                quote(secret, safe=''), quote_plus(secret)])


def issued_tokens(emulator):
    return list(getattr(emulator, 'user_tokens', {})) + list(getattr(emulator, 'anonymous_tokens', ()))


@pytest.mark.parametrize('case', sorted(CASES))
def test_an_echoed_request_shows_no_secret(case, fresh_sandbox, service_env):
    module, prefix, args, (method, path), status = CASES[case]
    service = {'APPPOT_': 'apppot', 'SIGNTOGETHER_': 'signtogether', 'NCLOUD_': 'ncloud_sso',
               'SECURITY365_': 'security365'}[prefix]
    emulator = service_env(service)
    emulator.faults.add([{'method': method, 'path': path, 'echo': True, 'status': status, 'times': -1}])
    outcome = run_module(module, dict(args, timeout=2))
    assert outcome.failed, outcome
    assert 'cannot process' in outcome.result['msg'], 'the echo reached the message'
    secrets = [value for key, value in fresh_sandbox.env().items()
               if key.startswith(prefix) and any(word in key for word in ('KEY', 'PASSWORD', 'TOKEN'))
               and not key.endswith('ACCESS_KEY')]
    secrets += issued_tokens(emulator) + [ADMIN_PASSWORD]
    leaked = [form for secret in secrets for form in forms(secret) if form in outcome.stdout]
    assert leaked == []
    # A bulk module's message shows the start of each reason; failed_users (failed_groups) holds it whole.
    refused = outcome.result.get('failed_users', []) + outcome.result.get('failed_groups', [])
    shown = outcome.result['msg'] + ''.join(item['message'] for item in refused)
    assert '********' in shown
    if service == 'ncloud_sso':
        # A signature admits its call for 5 minutes, whatever the body.
        assert '"x-ncp-apigw-signature-v2": "********"' in shown
