"""tenant_check, run in-process: the whole tenant variable checked with the modules' own
rules, every problem named by section, index and key, and no request to any service."""

import json

import pytest

from ansible_collections.tenantkit.saas.plugins.modules import tenant_check
from support.modules import run_module

SERVICES = ('signtogether', 'apppot', 'ncloud_sso', 'security365')
ADMIN = {'email': 'root@acme.example', 'name': 'Root', 'login_id': 'acme-root', 'password': 'Admin-pw-4242'}
CONSENT = {'is_teenager': True, 'service_use': True, 'privacy_collection': True}
VALID = {
    'name': 'acme',
    'signtogether': {'groups': [{'name': 'acme', 'admin_user': ADMIN, 'user_consent': CONSENT},
                                {'name': 'acme-sales', 'parent': 'acme'}]},
    'apppot': {'groups': [{'name': 'acme-ops', 'description': 'Operations'}, {'name': 12345}]},
    'ncloud': {'users': [{'login_id': 'minjun.kim@example.com', 'user_profile': {'dept_name': '영업부',
                                                                                 'phone_country_code': 82}}],
               'groups': [{'name': 'acme-ops', 'members': ['minjun.kim@example.com']}]},
    'security365': {'app': {'state': 'present'}},
}


@pytest.fixture
def sandbox(service_env):
    return service_env()


def check(tenant, **args):
    return run_module(tenant_check, dict(args, tenant=tenant))


def refused(outcome, *problems):
    """The task failed with every problem in one message, each printed once, and no request."""
    assert outcome.failed, outcome
    assert 'Traceback' not in outcome.stdout
    assert outcome.result['msg'] == 'tenant %s: %d problem%s, nothing was written on any service: %s' % (
        outcome.result['invocation']['module_args']['tenant']['name'], len(problems),
        '' if len(problems) == 1 else 's', '; '.join(problems))
    assert all(outcome.stdout.count(json.dumps(problem)[1:-1]) == 1 for problem in problems)


def with_section(name, section):
    return dict(VALID, **{name: section})


def test_a_valid_tenant_passes_naming_its_sections_without_any_request(sandbox):
    outcome = check(VALID)
    assert not outcome.failed and not outcome.result['changed'], outcome
    assert outcome.result['sections'] == ['signtogether', 'apppot', 'ncloud', 'security365']
    assert [service for service in SERVICES if sandbox.emulator(service).log] == []


def test_every_problem_is_named_by_section_index_and_key_in_one_message(sandbox):
    tenant = dict(VALID, apppot={'groups': [{'name': ['evil', 'list'], 'description': {'a': 1}},
                                            {'name': 'ok', 'description': True}]},
                  signtogether={'groups': [{'name': 'acme', 'leve': 1}]})
    outcome = check(tenant)
    refused(outcome, *[
        'signtogether.groups[0].leve is not a known key; known: ' + ', '.join(sorted([
            'name', 'group_id', 'parent_group_id', 'parent', 'part_name', 'update_part_name', 'level', 'linked_type',
            'phone_number', 'admin_user', 'user_consent', 'state'])),
        'apppot.groups[0].name must be text, not a list',
        'apppot.groups[0].description must be text, not an object',
        'apppot.groups[1].description must be text, not true; quote it if you mean the word',
    ])
    assert 'AnsibleUnicode' not in outcome.result['msg'] and 'class' not in outcome.result['msg']


@pytest.mark.parametrize('section', ['signtogether', 'apppot', 'ncloud', 'security365'])
def test_a_null_section_is_refused(sandbox, section):
    refused(check(with_section(section, None)), *[
        '%s is null: give its keys, or leave the section out' % section])


def test_an_empty_connection_value_counts_as_not_set_and_names_its_variable(sandbox, monkeypatch):
    monkeypatch.setenv('SECURITY365_TOKEN', '')
    tenant = with_section('security365', {'connection': {'company_id': ''}})
    refused(check(tenant), *[
        'security365.connection.token (or SECURITY365_TOKEN) is not set (an empty value counts as not set)'])


def test_an_empty_connection_value_is_taken_from_its_variable(sandbox):
    tenant = with_section('security365', {'connection': {'token': '', 'company_id': ''}})
    assert not check(tenant).failed


def test_a_list_of_users_without_login_id_names_each(sandbox):
    tenant = with_section('ncloud', {'users': [{'login_id': 'a@example.com'}, {'description': 'x'}, None]})
    refused(check(tenant), 'ncloud.users[1].login_id is required', 'ncloud.users[2] must not be null')


@pytest.mark.parametrize('section, items, problem', [
    ('ncloud', {'users': [{'login_id': 'Dup.Case@x.example'}, {'login_id': 'dup.case@x.example'}]},
     'ncloud.users[1] (dup.case@x.example): the same as users[0] (Dup.Case@x.example): the service compares it '
     'without regard to case'),
    ('ncloud', {'users': [{'login_id': 'a@example.com'}], 'groups': [{'name': 'ops-team'}, {'name': 'OPS-team'}]},
     'ncloud.groups[1] (OPS-team): the same as groups[0] (ops-team): the service compares it without regard to case'),
    ('ncloud', {'users': [{'login_id': 'a@example.com'}], 'groups': [{'name': 'ops', 'members': ['A@example.com',
                                                                                                 'a@example.com']}]},
     'ncloud.groups[0] (ops): members[1] (a@example.com): members[0] (A@example.com) is the same user: login ids are '
     'compared without regard to case'),
])
def test_names_the_service_compares_without_regard_to_case_are_compared_so(sandbox, section, items, problem):
    refused(check(with_section(section, items)), problem)


@pytest.mark.parametrize('groups, problem', [
    ([{'name': 'acme', 'parent': 'acme'}],
     'signtogether.groups[0] (acme): it names itself as its parent; a child named as its parent would make the '
     'parent ambiguous on every later run'),
    ([{'name': 'hq'}, {'name': 'hq', 'parent_group_id': 7}, {'name': 'sales', 'parent': 'hq'}],
     "signtogether.groups[2] (sales): its parent 'hq' names 2 groups (groups[0], groups[1]); give each group a name "
     "of its own"),
    ([{'name': 'sales', 'parent': 'hq'}, {'name': 'hq'}],
     "signtogether.groups[0] (sales): its parent 'hq' is listed below it (groups[1]); list parents before children"),
])
def test_signtogether_parent_rules_are_checked_up_front(sandbox, groups, problem):
    refused(check(with_section('signtogether', {'groups': groups})), problem)


def test_a_users_file_is_read_and_its_rows_named(sandbox, tmp_path):
    path = tmp_path / 'staff.csv'
    path.write_text('login_id,user_profile.dept_name\nok@example.com,Sales\n\nnot-an-email,Ops\n', encoding='utf-8')
    tenant = with_section('ncloud', {'users_file': 'staff.csv'})
    refused(check(tenant, users_file=str(path)), *[
        'ncloud.users_file (%s): row 4 (not-an-email): login_id must be an email address such as name@example.com: '
        'letters, digits and ._%%+- before the @, and a domain that ends in two or more letters' % path])


def test_users_and_users_file_together_are_refused(sandbox):
    tenant = with_section('ncloud', {'users': [{'login_id': 'a@example.com'}], 'users_file': 'staff.csv'})
    refused(check(tenant), 'ncloud: users and users_file are mutually exclusive')


def test_secrets_never_show_and_the_users_are_not_echoed(sandbox):
    tenant = dict(VALID, signtogether={'connection': {'api_key': 'St-key-98765'},
                                       'groups': [{'name': 'acme', 'leve': 1, 'admin_user': ADMIN,
                                                   'user_consent': CONSENT}]})
    outcome = check(tenant)
    assert outcome.failed
    for secret in ('St-key-98765', ADMIN['password']):
        assert secret not in outcome.stdout
    assert outcome.result['invocation']['module_args']['tenant'] == {
        'name': 'acme', 'sections': ['signtogether', 'apppot', 'ncloud', 'security365']}


def test_an_apppot_address_is_checked_as_the_modules_check_it(sandbox):
    tenant = with_section('apppot', {'connection': {'company_id': '../1'}, 'groups': [{'name': 'ops'}]})
    refused(check(tenant), 'apppot.connection: company_id must be 1 to 128 letters, digits, ".", "_" or "-" (not '
                           'only dots): it is part of the URL path')


def test_a_partial_apppot_login_with_no_token_is_refused_naming_what_is_missing(sandbox, monkeypatch):
    monkeypatch.setenv('APPPOT_TOKEN', '')
    monkeypatch.setenv('APPPOT_USERNAME', '')
    tenant = with_section('apppot', {'groups': [{'name': 'ops'}]})
    refused(check(tenant), 'one of apppot.connection.token (or APPPOT_TOKEN), apppot.connection.username '
                           '(or APPPOT_USERNAME) must be set',
            'apppot.connection.username (or APPPOT_USERNAME) must be set together with password, app_key')


def test_permission_sets_are_checked_with_the_module_s_rules(sandbox):
    tenant = with_section('ncloud', {'users': [{'login_id': 'a@example.com'}], 'permission_sets': [
        {'name': 'viewers', 'managed_policy_ids': ['NCP_VIEWER'], 'custom_policy_names': []},
        {'name': 'VIEWERS', 'managed_policy_ids': ['NCP_VIEWER'] * 2},
        {'name': 'many', 'custom_policy_names': ['p%d' % number for number in range(11)]}]})
    refused(check(tenant),
            'ncloud.permission_sets[1] (VIEWERS): managed_policy_ids lists NCP_VIEWER more than once',
            'ncloud.permission_sets[1] (VIEWERS): the same as permission_sets[0] (viewers): the service compares it '
            'without regard to case',
            'ncloud.permission_sets[2] (many): a permission set holds 1 to 10 policies between managed_policy_ids '
            'and custom_policy_names, not 11')


def test_assignments_are_checked_with_the_module_s_rules(sandbox):
    tenant = with_section('ncloud', {'users': [{'login_id': 'a@example.com'}], 'assignments': [
        {'name': 'main', 'permission_set': 'viewers', 'account_member_no': 1234567, 'groups': ['ops']},
        {'name': 'MAIN', 'account_member_no': '12-34', 'groups': ['ops', 'OPS'], 'users': ['nobody']}]})
    refused(check(tenant),
            "ncloud.assignments[1] (MAIN): account_member_no '12-34' must be the account's member number: digits, "
            'the first not 0',
            'ncloud.assignments[1] (MAIN): groups[1] (OPS): groups[0] (ops) is the same group: group names are '
            'compared without regard to case',
            'ncloud.assignments[1] (MAIN): users[0] (nobody): login_id must be an email address such as '
            'name@example.com: letters, digits and ._%+- before the @, and a domain that ends in two or more letters',
            'ncloud.assignments[1] (MAIN): the same as assignments[0] (main): the service compares it without '
            'regard to case')
    typed = with_section('ncloud', {'users': [{'login_id': 'a@example.com'}], 'assignments': [
        {'name': 'other', 'console_access': 'sometimes'}]})
    refused(check(typed), 'ncloud.assignments[0].console_access must be a boolean, not a string')
