"""security365_app logic, run in-process against the Security365 emulator."""

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.security365 import Security365Client
from ansible_collections.tenantkit.saas.plugins.modules import security365_app
from support.modules import run_module


@pytest.fixture
def security365(service_env):
    return service_env('security365')


def company_app(emulator):
    return emulator.dump_state()['apps'].get(emulator.config['company_id'])


def create_app(emulator):
    assert run_module(security365_app, {}).result['changed']
    emulator.log = []
    return company_app(emulator)


def test_create_reads_back_the_new_client_id(security365):
    outcome = run_module(security365_app, {}, diff=True)
    result = outcome.result
    app = company_app(security365)
    assert result['changed'] and result['client_id'] == app['client_id']
    assert result['diff'] == {'before': {}, 'after': {'client_id': app['client_id']}}
    assert 'client_secret' not in result and app['client_secret'] not in outcome.stdout
    assert [entry['path'].rsplit('/', 1)[-1] for entry in security365.log] == [
        'all', 'addClientInfo', 'all']


def test_rerun_is_unchanged_without_a_write(security365):
    app = create_app(security365)
    checked = run_module(security365_app, {}, check_mode=True, diff=True).result
    result = run_module(security365_app, {}).result
    assert not checked['changed'] and checked['diff']['before'] == checked['diff']['after']
    assert not result['changed'] and result['client_id'] == app['client_id']
    # One profile read each, no write.
    assert security365.counts()['write'] == 0 and security365.counts()['read'] == 2


def test_check_mode_create_writes_nothing(security365):
    result = run_module(security365_app, {'return_secret': True}, check_mode=True, diff=True).result
    assert result['changed'] and result['client_id'] is None and result['client_secret'] is None
    assert result['diff'] == {'before': {}, 'after': {'client_id': None}}
    assert security365.counts()['write'] == 0 and company_app(security365) is None
    assert security365.counts()['read'] == 1  # the profile, once


def test_secret_is_returned_only_when_asked(security365):
    app = create_app(security365)
    plain = run_module(security365_app, {})
    asked = run_module(security365_app, {'return_secret': True})
    assert 'client_secret' not in plain.result and app['client_secret'] not in plain.stdout
    assert not asked.result['changed'] and asked.result['client_secret'] == app['client_secret']
    assert asked.stdout.count(app['client_secret']) == 1


def test_secret_of_a_new_app_is_returned_when_asked(security365):
    result = run_module(security365_app, {'return_secret': True}).result
    assert result['changed'] and result['client_secret'] == company_app(security365)['client_secret']


def test_duplicate_answer_counts_as_present(security365, monkeypatch):
    app = create_app(security365)
    real_read = Security365Client.read_app
    reads = []

    def stale_first_read(client):
        reads.append(1)
        return None if len(reads) == 1 else real_read(client)
    monkeypatch.setattr(Security365Client, 'read_app', stale_first_read)
    result = run_module(security365_app, {}, diff=True).result
    assert not result['changed'] and result['client_id'] == app['client_id']
    assert result['diff']['before'] == result['diff']['after']
    assert security365.counts()['write'] == 1


def test_app_missing_from_the_profile_fails_with_an_explanation(security365):
    create_app(security365)
    security365.control({'profile_lost': security365.config['company_id']})
    outcome = run_module(security365_app, {})
    assert outcome.failed and 'holds no TENANT_APP_ID' in outcome.result['msg']
    assert 'code 19' in outcome.result['msg'] and security365.counts()['write'] == 1


def test_absent_deletes_the_profile_app_then_is_unchanged(security365):
    app = create_app(security365)
    first = run_module(security365_app, {'state': 'absent'}, diff=True).result
    second = run_module(security365_app, {'state': 'absent'}).result
    assert first['changed'] and first['client_id'] is None
    assert first['diff'] == {'before': {'client_id': app['client_id']}, 'after': {}}
    assert not second['changed'] and company_app(security365) is None
    assert security365.counts()['write'] == 1


def test_absent_with_another_client_id_leaves_the_app_alone(security365):
    app = create_app(security365)
    result = run_module(security365_app, {'state': 'absent', 'client_id': 'not-this-one'}).result
    assert not result['changed'] and company_app(security365) == app
    assert security365.counts()['write'] == 0


def test_absent_with_the_client_id_deletes_it(security365):
    app = create_app(security365)
    result = run_module(security365_app, {'state': 'absent', 'client_id': app['client_id']}, diff=True).result
    assert result['changed'] and result['client_id'] is None and company_app(security365) is None
    assert result['diff'] == {'before': {'client_id': app['client_id']}, 'after': {}}
    assert security365.counts()['write'] == 1


def test_check_mode_delete_writes_nothing(security365):
    app = create_app(security365)
    result = run_module(security365_app, {'state': 'absent'}, check_mode=True, diff=True).result
    assert result['changed'] and company_app(security365) is not None
    assert result['diff'] == {'before': {'client_id': app['client_id']}, 'after': {}}
    assert security365.counts()['write'] == 0


def test_refused_delete_fails_after_reading_back(security365):
    create_app(security365)
    security365.control({'delete_client_fails': True})
    outcome = run_module(security365_app, {'state': 'absent'})
    assert outcome.failed and outcome.result['code'] == 19 and outcome.result['status'] == 200
    assert 'App Service Delete Failed' in outcome.result['msg'] and 'code 19' in outcome.result['msg']
    assert security365.counts() == {'read': 2, 'write': 1, 'auth': 0, 'methods': {'POST': 3}}


def test_delete_answering_19_after_deleting_succeeds(security365):
    create_app(security365)
    security365.control({'delete_client_answers_19': True})
    outcome = run_module(security365_app, {'state': 'absent'})
    assert not outcome.failed and outcome.result['changed'] and outcome.result['client_id'] is None
    assert company_app(security365) is None
    # The delete, then the read that found the app gone.
    assert security365.counts()['write'] == 1 and security365.counts()['read'] == 2


@pytest.mark.parametrize('code, message, writes', [
    # 50001 is a definite answer: sent once.
    (50001, 'appId, appSecret update failed', 1),
    # A 500 may have been applied: read back and sent again, up to the engine's three attempts.
    (1, 'An unexpected error has occurred in the internal system', 3),
])
def test_create_failure_shows_the_vendor_code_and_message(security365, code, message, writes):
    security365.control({'add_client_fails': code})
    outcome = run_module(security365_app, {})
    assert outcome.failed and outcome.result['code'] == code and outcome.result['status'] == 500
    assert message in outcome.result['msg'] and 'code %d' % code in outcome.result['msg']
    assert security365.counts()['write'] == writes and company_app(security365) is None


@pytest.mark.parametrize('token_name, state, code, status, message', [
    ('expired_token', 'present', 40101, 401, 'Invalid token'),
    ('malformed_token', 'present', 40101, 401, 'Invalid token'),
    ('forged_token', 'present', 40101, 401, 'Invalid token'),
    ('other_company_token', 'present', 40102, 403, 'No matching company ID'),
    ('other_company_token', 'absent', 40102, 403, 'No matching company ID'),
])
def test_bad_tokens_fail_with_the_vendor_code(security365, token_name, state, code, status, message):
    token = security365.test_data()[token_name]
    outcome = run_module(security365_app, {'token': token, 'state': state})
    assert outcome.failed and outcome.result['code'] == code and outcome.result['status'] == status
    assert str(code) in outcome.result['msg'] and message in outcome.result['msg']
    assert token not in outcome.stdout
    assert security365.counts()['write'] == 0


def test_token_may_carry_the_bearer_scheme(security365, monkeypatch):
    monkeypatch.setenv('SECURITY365_TOKEN', 'Bearer ' + security365.credentials('')['SECURITY365_TOKEN'])
    assert run_module(security365_app, {}).result['changed']


def test_profile_read_is_retried_on_503(security365):
    security365.faults.add([{'path': 'builtInProfile', 'status': 503, 'retry_after': '0'}])
    result = run_module(security365_app, {}).result
    assert result['changed']
    assert [entry['status'] for entry in security365.log if entry['kind'] == 'read'] == [503, 200, 200]


def test_create_refused_with_503_is_read_back_before_it_is_sent_again(security365):
    security365.faults.add([{'path': 'addClientInfo', 'status': 503, 'retry_after': '0'}])
    outcome = run_module(security365_app, {})
    assert outcome.result['changed'] and outcome.result['client_id']
    assert [(entry['kind'], entry['status']) for entry in security365.log] == [
        ('read', 200), ('write', 503), ('read', 200), ('write', 200), ('read', 200)]


def test_client_id_with_state_present_fails_before_any_request(security365):
    outcome = run_module(security365_app, {'client_id': 'x'})
    assert outcome.failed and 'client_id is only used with state=absent' in outcome.result['msg']
    assert security365.log == []


def test_missing_token_names_the_option(security365, monkeypatch):
    monkeypatch.delenv('SECURITY365_TOKEN')
    outcome = run_module(security365_app, {})
    assert outcome.failed and 'token' in outcome.result['msg']
    assert security365.log == []
