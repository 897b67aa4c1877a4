"""URL, credential and timeout options are checked before any request, for
every module: each refusal names the option (and its environment variable),
and nothing reaches the sandbox."""

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_group, apppot_group_info, ncloud_sso_group, ncloud_sso_group_info, ncloud_user_info, ncloud_users_bulk,
    security365_app, security365_app_info, signtogether_group, signtogether_group_info,
    signtogether_groups)
from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_groups, ncloud_sso_assignment, ncloud_sso_assignment_info, ncloud_sso_permission_set,
    ncloud_sso_permission_set_info)
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso import NCLOUD_API_URL
from support.modules import run_module

SERVICES = ('apppot', 'signtogether', 'ncloud_sso', 'security365')
# module: (module, valid arguments, URL option, a required credential and its variable)
MODULES = {
    'apppot_group': (apppot_group, {'name': 'ops'}, 'base_url', ('company_id', 'APPPOT_COMPANY_ID')),
    'apppot_group_info': (apppot_group_info, {}, 'base_url', ('app_id', 'APPPOT_APP_ID')),
    'apppot_groups': (apppot_groups, {'groups': [{'name': 'ops'}]}, 'base_url',
                      ('app_version', 'APPPOT_APP_VERSION')),
    'signtogether_group': (signtogether_group, {'name': 'ops'}, 'base_url', ('api_key', 'SIGNTOGETHER_API_KEY')),
    'signtogether_group_info': (signtogether_group_info, {}, 'base_url', ('api_key', 'SIGNTOGETHER_API_KEY')),
    'signtogether_groups': (signtogether_groups, {'groups': [{'name': 'ops'}]}, 'base_url',
                            ('api_key', 'SIGNTOGETHER_API_KEY')),
    'ncloud_users_bulk': (ncloud_users_bulk, {'users': [{'login_id': 'ok@example.com'}]}, 'api_url',
                          ('secret_key', 'NCLOUD_SECRET_KEY')),
    'ncloud_user_info': (ncloud_user_info, {}, 'api_url', ('access_key', 'NCLOUD_ACCESS_KEY')),
    'ncloud_sso_group': (ncloud_sso_group, {'name': 'ops'}, 'api_url', ('secret_key', 'NCLOUD_SECRET_KEY')),
    'ncloud_sso_group_info': (ncloud_sso_group_info, {}, 'api_url', ('access_key', 'NCLOUD_ACCESS_KEY')),
    'ncloud_sso_permission_set': (ncloud_sso_permission_set, {'name': 'ops', 'managed_policy_ids': ['NCP_VIEWER'],
                                                              'custom_policy_names': []},
                                  'api_url', ('secret_key', 'NCLOUD_SECRET_KEY')),
    'ncloud_sso_permission_set_info': (ncloud_sso_permission_set_info, {}, 'api_url',
                                       ('access_key', 'NCLOUD_ACCESS_KEY')),
    'ncloud_sso_assignment': (ncloud_sso_assignment, {'name': 'ops', 'permission_set': 'viewers',
                                                      'account_member_no': '1234567'},
                              'api_url', ('secret_key', 'NCLOUD_SECRET_KEY')),
    'ncloud_sso_assignment_info': (ncloud_sso_assignment_info, {}, 'api_url', ('access_key', 'NCLOUD_ACCESS_KEY')),
    'security365_app': (security365_app, {}, 'base_url', ('token', 'SECURITY365_TOKEN')),
    'security365_app_info': (security365_app_info, {}, 'base_url', ('company_id', 'SECURITY365_COMPANY_ID')),
}
BAD_URLS = {
    'no scheme': ('sso.example.com/api', 'must start with https://'),
    'empty': ('', 'is not set (an empty value counts as not set)'),
    'user and password': ('https://admin:Url-pw-123@example.com', 'must not carry a user name or password'),
    'query': ('https://example.com/?next=http://evil.example', 'must not carry a query'),
    'control character': ('https://example.com/\r\nHost: evil', 'spaces or control characters'),
}


@pytest.fixture
def box(service_env):
    return service_env()


def refused(box, name, args, *texts):
    module, base, dummy, dummy = MODULES[name]
    outcome = run_module(module, dict(base, **args))
    assert outcome.failed, outcome
    assert 'Traceback' not in outcome.stdout
    for text in texts:
        assert text in outcome.result['msg'], (text, outcome.result['msg'])
    assert [service for service in SERVICES if box.emulator(service).log] == []
    return outcome


URL_VARIABLES = {'apppot': 'APPPOT_BASE_URL', 'signtogether': 'SIGNTOGETHER_BASE_URL', 'ncloud': 'NCLOUD_SSO_API_URL',
                 'security365': 'SECURITY365_BASE_URL'}


def url_variable(name):
    return URL_VARIABLES[name.split('_')[0]]


@pytest.mark.parametrize('case', sorted(BAD_URLS))
@pytest.mark.parametrize('name', sorted(MODULES))
def test_a_bad_url_is_refused_naming_the_option(box, name, case, monkeypatch):
    url, problem = BAD_URLS[case]
    option = MODULES[name][2]
    # An empty URL counts as not set: it would be taken from the variable.
    monkeypatch.delenv(url_variable(name), raising=False)
    if case == 'empty' and name.startswith('ncloud'):
        # api_url has a default, which an empty value takes; a missing credential stops the task before a request.
        credential, variable = MODULES[name][3]
        monkeypatch.delenv(variable)
        outcome = refused(box, name, {option: url, credential: ''}, credential, variable)
        assert outcome.result['invocation']['module_args']['api_url'] == NCLOUD_API_URL
        return
    outcome = refused(box, name, {option: url}, option, problem)
    assert 'Url-pw-123' not in outcome.stdout


@pytest.mark.parametrize('value', ['', '   ', '\t'])
@pytest.mark.parametrize('name', sorted(MODULES))
def test_an_empty_credential_with_an_empty_variable_is_refused_naming_both(box, name, value, monkeypatch):
    option, variable = MODULES[name][3]
    monkeypatch.setenv(variable, value)
    refused(box, name, {option: value}, '%s (or %s) is not set (an empty value counts as not set)' % (option, variable))


@pytest.mark.parametrize('name', sorted(MODULES))
def test_an_empty_credential_is_taken_from_its_variable_as_if_left_out(box, name):
    option, variable = MODULES[name][3]
    outcome = run_module(MODULES[name][0], dict(MODULES[name][1], **{option: ''}), check_mode=True)
    assert 'is not set' not in outcome.result.get('msg', ''), outcome
    assert any(box.emulator(service).log for service in SERVICES), 'the module reached the sandbox'


@pytest.mark.parametrize('timeout', [0, -5, 3601, 10 ** 30])
@pytest.mark.parametrize('name', ['apppot_group', 'ncloud_user_info', 'security365_app', 'signtogether_group'])
def test_timeout_outside_1_to_3600_is_refused(box, name, timeout):
    refused(box, name, {'timeout': timeout}, 'timeout must be from 1 to 3600 seconds')


@pytest.mark.parametrize('name', sorted(MODULES))
def test_an_http_url_to_another_host_draws_a_warning(box, name, monkeypatch):
    # The empty credential stops the task before any request: only loopback is reachable here.
    url_option, (credential, variable) = MODULES[name][2], MODULES[name][3]
    monkeypatch.setenv(variable, '')
    outcome = refused(box, name, {url_option: 'http://tenant.example/api', credential: ''}, credential)
    assert '%s uses http://' % url_option in str(outcome.result.get('warnings'))


@pytest.mark.parametrize('name', sorted(MODULES))
def test_an_http_url_to_this_machine_draws_no_warning(box, name):
    outcome = run_module(MODULES[name][0], MODULES[name][1], check_mode=True)
    assert 'uses http://' not in str(outcome.result.get('warnings'))
    assert any(box.emulator(service).log for service in SERVICES), 'the module reached the sandbox'


def test_an_empty_optional_token_counts_as_not_set(box, monkeypatch):
    """An AWX credential leaves unset fields empty: APPPOT_TOKEN="" means log in instead."""
    monkeypatch.setenv('APPPOT_TOKEN', '')
    outcome = run_module(apppot_group_info, {})
    assert not outcome.failed, outcome
    assert [entry['path'].rsplit('/', 1)[-1] for entry in box.emulator('apppot').log][:2] == \
        ['anonymousTokens', 'login']


@pytest.mark.parametrize('value', ['999/../1', '..', '.', 'a?appKey=x', 'a#x', '%2F', 'a\r\nb', 'a\x00b',
                                   '1 2', '', 'x' * 129])
@pytest.mark.parametrize('option', ['company_id', 'app_id', 'app_version'])
def test_an_apppot_address_outside_one_path_segment_is_refused(box, option, value, monkeypatch):
    if not value:
        monkeypatch.setenv('APPPOT_' + option.upper(), value)
    outcome = refused(box, 'apppot_group', {option: value}, option)
    assert 'it is part of the URL path' in outcome.result['msg'] or 'is not set' in outcome.result['msg']


@pytest.mark.parametrize('option, value', [('app_id', 'jp.co.example.app-1'), ('app_version', '1_0_0')])
def test_an_apppot_address_with_dots_dashes_and_underscores_is_used_as_it_is(box, option, value):
    run_module(apppot_group_info, {option: value})
    segments = box.emulator('apppot').log[0]['path'].split('/')
    assert segments[3 + ['company_id', 'app_id', 'app_version'].index(option)] == value
