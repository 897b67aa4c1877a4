"""security365_app_info, run in-process against the Security365 emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import security365_app, security365_app_info
from support.modules import run_module


@pytest.fixture
def security365(service_env):
    return service_env('security365')


def test_no_app_reads_as_absent(security365):
    result = run_module(security365_app_info, {}).result
    assert result == dict(result, changed=False, client_id=None, exists=False)
    assert security365.counts()['read'] == 1


def test_app_reads_as_present_without_its_secret(security365):
    run_module(security365_app, {})
    app = security365.dump_state()['apps'][security365.config['company_id']]
    outcome = run_module(security365_app_info, {}, check_mode=True)
    assert not outcome.result['changed']
    assert outcome.result['exists'] and outcome.result['client_id'] == app['client_id']
    assert app['client_secret'] not in outcome.stdout


def test_deleted_app_reads_as_absent(security365):
    # After a delete the profile drops the keys instead of emptying them.
    run_module(security365_app, {})
    run_module(security365_app, {'state': 'absent'})
    result = run_module(security365_app_info, {}).result
    assert not result['exists'] and result['client_id'] is None


def test_expired_token_fails_with_40101(security365):
    token = security365.test_data()['expired_token']
    outcome = run_module(security365_app_info, {'token': token})
    assert outcome.failed and outcome.result['code'] == 40101 and outcome.result['status'] == 401
    assert 'Invalid token' in outcome.result['msg'] and token not in outcome.stdout


def test_malformed_token_fails_with_40101(security365):
    token = security365.test_data()['malformed_token']
    outcome = run_module(security365_app_info, {'token': token})
    assert outcome.failed and outcome.result['code'] == 40101 and outcome.result['status'] == 401
    assert '40101' in outcome.result['msg'] and 'Invalid token' in outcome.result['msg']
    assert token not in outcome.stdout
