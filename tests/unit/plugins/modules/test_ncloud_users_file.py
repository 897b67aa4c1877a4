"""ncloud_users_bulk's users_file: a CSV export, a JSON or YAML list, read and checked as strictly as
the users option, against the Ncloud SSO emulator."""

import csv
import json

import pytest
import yaml

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_users_bulk
from support.modules import run_module

COLUMNS = ['login_id', 'description', 'user_profile.first_name', 'user_profile.last_name', 'user_profile.email',
           'user_profile.emp_no', 'user_profile.phone_country_code', 'user_profile.phone_no',
           'user_profile.dept_name', 'access_rules.console_access_allowed', 'access_rules.api_access_allowed']


@pytest.fixture
def sso(service_env):
    return service_env('ncloud_sso')


def staff(count):
    """Users with every field set, as the users option takes them."""
    return [{'login_id': 'staff%04d@example.com' % i, 'description': 'staff %d' % i,
             'user_profile': {'first_name': '민준', 'last_name': '김%d' % i, 'email': 'kim%d@example.com' % i,
                              'emp_no': str(1000 + i), 'phone_country_code': '+82', 'phone_no': '010-0000-%04d' % i,
                              'dept_name': '영업부'},
             'access_rules': {'console_access_allowed': i % 2 == 0, 'api_access_allowed': False}}
            for i in range(count)]


def write_csv(path, rows, columns=None, bom=True):
    with open(path, 'w', encoding='utf-8-sig' if bom else 'utf-8', newline='') as handle:
        writer = csv.writer(handle)
        writer.writerow(columns or COLUMNS)
        writer.writerows(rows)
    return str(path)


def csv_rows(users):
    return [[user['login_id'], user['description']]
            + [user['user_profile'][column.split('.')[1]] for column in COLUMNS[2:9]]
            + ['true' if user['access_rules']['console_access_allowed'] else 'false', 'no'] for user in users]


def writes(emulator):
    return emulator.counts()['write']


def test_a_csv_export_creates_the_users_the_users_option_would_and_a_rerun_writes_nothing(sso, tmp_path):
    path = write_csv(tmp_path / 'staff.csv', csv_rows(staff(150)))
    first = run_module(ncloud_users_bulk, {'users_file': path})
    assert not first.failed and first.result['counts']['created'] == 150, first
    assert writes(sso) == 2
    sso.log = []
    # The same users given as the option: nothing differs.
    same = run_module(ncloud_users_bulk, {'users': staff(150)})
    assert not same.result['changed'] and same.result['counts']['unchanged'] == 150
    again = run_module(ncloud_users_bulk, {'users_file': path})
    assert not again.result['changed'] and writes(sso) == 0
    kim = dict((user['loginId'], user) for user in sso.dump_state()['users'])['staff0003@example.com']
    assert kim['userProfile']['deptName'] == '영업부' and kim['userProfile']['phoneCountryCode'] == '82'
    assert kim['accessRules'] == {'consoleAccessAllowed': False, 'apiAccessAllowed': False}


@pytest.mark.parametrize('name, dump', [
    ('staff.json', lambda users: json.dumps(users, ensure_ascii=False)),
    ('staff.yml', lambda users: yaml.safe_dump({'users': users}, allow_unicode=True)),
])
def test_a_json_or_yaml_file_is_the_users_option(sso, tmp_path, name, dump):
    path = tmp_path / name
    path.write_text(dump(staff(3)), encoding='utf-8')
    first = run_module(ncloud_users_bulk, {'users_file': str(path)})
    assert not first.failed and first.result['counts']['created'] == 3, first
    same = run_module(ncloud_users_bulk, {'users': staff(3)})
    assert not same.result['changed']


def test_a_yaml_number_is_text_and_a_list_or_mapping_is_refused_by_index_before_any_request(sso, tmp_path):
    users = staff(3)
    users[0]['user_profile']['emp_no'] = 1000
    users[1]['description'] = ['not', 'text']
    users[2]['user_profile']['dept_name'] = {'a': 1}
    path = tmp_path / 'staff.yaml'
    path.write_text(yaml.safe_dump(users, allow_unicode=True), encoding='utf-8')
    outcome = run_module(ncloud_users_bulk, {'users_file': str(path)})
    assert outcome.failed
    assert outcome.result['msg'] == (
        'users_file %s: 2 problems, nothing was sent: users[1] description must be text, not a list; '
        'users[2] user_profile.dept_name must be text, not an object' % path)
    assert sso.log == []
    del users[1:]
    path.write_text(yaml.safe_dump(users, allow_unicode=True), encoding='utf-8')
    assert not run_module(ncloud_users_bulk, {'users_file': str(path)}).failed
    assert sso.dump_state()['users'][0]['userProfile']['empNo'] == '1000'


@pytest.mark.parametrize('columns, rows, problem', [
    (COLUMNS[:2] + ['user_profile.dept'], [['a@example.com', '', 'x']],
     'the header row has unknown columns: user_profile.dept; the columns are login_id, description, '),
    (['description'], [['x']], 'the header row has no login_id'),
    (['login_id', 'login_id'], [['a@example.com', 'a@example.com']], 'the header row names login_id twice'),
    (COLUMNS[:2], [['a@example.com', 'x', 'extra']], 'row 2 has 3 cells, not 2'),
    (['login_id', 'access_rules.api_access_allowed'], [['a@example.com', 'maybe']],
     "row 2 access_rules.api_access_allowed must be true or false, not 'maybe'"),
    (['login_id', 'description'], [['', 'no login']], 'row 2 has no login_id'),
    # The API's rules name the row too, not the user's place in the list.
    (['login_id'], [['a@example.com'], [''], ['not-an-email']], 'row 4 (not-an-email): login_id must be an email address'),
])
def test_a_bad_csv_is_refused_naming_the_row_and_the_field_before_any_request(sso, tmp_path, columns, rows, problem):
    outcome = run_module(ncloud_users_bulk, {'users_file': write_csv(tmp_path / 'bad.csv', rows, columns)})
    assert outcome.failed and problem in outcome.result['msg'], outcome.result['msg']
    assert sso.log == []


def test_an_empty_cell_leaves_the_field_as_it_is(sso, tmp_path):
    run_module(ncloud_users_bulk, {'users': staff(1)})
    sso.log = []
    path = write_csv(tmp_path / 'partial.csv', [['staff0000@example.com', '', '영업부2']],
                     ['login_id', 'description', 'user_profile.dept_name'], bom=False)
    outcome = run_module(ncloud_users_bulk, {'users_file': path, 'return_users': True})
    user = outcome.result['users'][0]
    assert outcome.result['counts']['updated'] == 1
    assert user['description'] == 'staff 0' and user['user_profile']['dept_name'] == '영업부2'
    # access_rules are always managed: a rule a row leaves out is false, as with the users option.
    assert user['access_rules'] == {'console_access_allowed': False, 'api_access_allowed': False}


@pytest.mark.parametrize('args, message', [
    ({'users': [], 'users_file': 'x.csv'}, 'parameters are mutually exclusive: users|users_file'),
    ({}, 'one of the following is required: users, users_file'),
    ({'users_file': 'staff.txt'}, 'users_file staff.txt: the name must end in .csv, .json, .yml or .yaml'),
    ({'users_file': '/nonexistent/staff.csv'}, 'users_file /nonexistent/staff.csv cannot be read: No such file'),
])
def test_the_file_is_one_way_to_give_users_and_must_be_readable(sso, args, message):
    outcome = run_module(ncloud_users_bulk, args)
    assert outcome.failed and message in outcome.result['msg'], outcome.result['msg']
    assert sso.log == []
