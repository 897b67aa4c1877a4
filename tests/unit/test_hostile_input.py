"""Hostile input, generated with hypothesis, for every module, run in-process.

Each invalid value must fail the module with a message that names the option
(and for ncloud users the item's index and login id), never a traceback, and
before any request reaches the sandbox.
"""

import string

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible.module_utils.common.validation import check_type_bool, check_type_int
from ansible_collections.tenantkit.saas.plugins.modules import (
    apppot_group, apppot_group_info, ncloud_sso_group, ncloud_sso_group_info, ncloud_user_info, ncloud_users_bulk,
    security365_app, security365_app_info, signtogether_group, signtogether_group_info,
    signtogether_groups)
from ansible_collections.tenantkit.saas.plugins.modules import apppot_groups
from support.modules import run_module

SERVICES = ('apppot', 'signtogether', 'ncloud_sso', 'security365')
MODULES = {
    'apppot_group': (apppot_group, {'name': 'ops'}),
    'apppot_group_info': (apppot_group_info, {}),
    'apppot_groups': (apppot_groups, {'groups': [{'name': 'ops'}]}),
    'signtogether_group': (signtogether_group, {'name': 'ops'}),
    'signtogether_group_info': (signtogether_group_info, {}),
    'signtogether_groups': (signtogether_groups, {'groups': [{'name': 'ops'}]}),
    'ncloud_users_bulk': (ncloud_users_bulk, {'users': [{'login_id': 'ok@example.com'}]}),
    'ncloud_user_info': (ncloud_user_info, {}),
    'ncloud_sso_group': (ncloud_sso_group, {'name': 'ops'}),
    'ncloud_sso_group_info': (ncloud_sso_group_info, {}),
    'security365_app': (security365_app, {}),
    'security365_app_info': (security365_app_info, {}),
}
# Every option each module declares, connection options included.
OPTIONS = {
    'apppot_group': ('name', 'description', 'group_id', 'add_to_current_app', 'state'),
    'apppot_group_info': ('name',),
    'apppot_groups': ('groups',),
    'signtogether_group': ('name', 'group_name', 'group_id', 'parent_group_id', 'part_name', 'update_part_name',
                           'level', 'linked_type', 'phone_number', 'admin_user', 'user_consent', 'state'),
    'signtogether_group_info': ('group_ids', 'name'),
    'signtogether_groups': ('groups',),
    'ncloud_users_bulk': ('users', 'state', 'update_existing', 'batch_size'),
    'ncloud_user_info': ('login_ids', 'search_column', 'search_word'),
    'ncloud_sso_group': ('name', 'description', 'members', 'purge_members', 'state'),
    'ncloud_sso_group_info': ('name', 'with_members'),
    'security365_app': ('state', 'client_id', 'return_secret'),
    'security365_app_info': (),
}
CONNECTION = {
    'apppot': ('base_url', 'company_id', 'app_id', 'app_version', 'token', 'username', 'password',
               'app_key', 'device_udid'),
    'signtogether': ('base_url', 'api_key'),
    'ncloud': ('access_key', 'secret_key', 'api_url'),
    'security365': ('base_url', 'company_id', 'token'),
}
# Typed options of each module: (option, type) with the valid arguments they are added to.
TYPED = [
    ('apppot_group', 'group_id', 'int'), ('apppot_group', 'add_to_current_app', 'bool'),
    ('signtogether_group', 'group_id', 'int'), ('signtogether_group', 'parent_group_id', 'int'),
    ('signtogether_group', 'level', 'int'),
    ('ncloud_users_bulk', 'update_existing', 'bool'), ('ncloud_users_bulk', 'batch_size', 'int'),
    ('ncloud_sso_group', 'purge_members', 'bool'), ('ncloud_sso_group_info', 'with_members', 'bool'),
    ('security365_app', 'return_secret', 'bool'),
] + [(name, 'timeout', 'int') for name in MODULES] + [(name, 'validate_certs', 'bool') for name in MODULES]
CHOICES = [('apppot_group', 'state'), ('signtogether_group', 'state'), ('signtogether_group', 'update_part_name'),
           ('ncloud_users_bulk', 'state'), ('ncloud_sso_group', 'state'),
           ('security365_app', 'state'), ('ncloud_user_info', 'search_column')]
ANSIBLE_CORE_SCALAR_CRASH = (
    "ansible-core 2.16 to 2.19: a number or bool where a dict with sub-options is expected raises TypeError "
    "'argument of type int is not iterable' in parameters.set_fallbacks (a traceback; not fixable "
    "in our modules short of validating these dicts by hand)")
ANSIBLE_CORE_DICT_MESSAGE = (
    "ansible-core: a string that is neither JSON nor key=value where a dict with sub-options is "
    "expected fails in _list_no_log_values with 'dictionary requested, could not parse JSON or "
    "key=value', which names no option (not fixable in our modules)")

# Text that stresses encodings: NUL, bidi marks, joiners, emoji, combining marks, BOM, CJK.
EDGES = ['\x00', '\u200f', '\u202e', '\u200d', '\U0001F600', '\U0001F469\u200d\U0001F4BB', 'e\u0301',
         '\u0301', '\ufeff', '\uffff', '\ud55c', '\t', '\n']
# Lone surrogates cannot travel in Ansible's JSON, so they are left out.
edgy_char = st.one_of(st.sampled_from(EDGES), st.characters(blacklist_categories=('Cs',)))


def edgy_strings(min_size=0, max_size=40):
    return st.lists(edgy_char, min_size=min_size, max_size=max_size).map(''.join)


edgy_text = edgy_strings()
# Infinity is left to its own test below (an ansible-core limit).
junk = st.recursive(st.none() | st.booleans() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.integers() | edgy_text,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(edgy_text, inner, max_size=4),
                    max_leaves=12)

# No example database: nothing is written into the repository, and every run draws afresh.
FAST = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
LONG_TEXT = settings(FAST, max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=4)


def rejected_by(checker):
    def rejects(value):
        try:
            checker(value)
        except (TypeError, ValueError):
            return True
        except OverflowError:
            # ansible-core's own crash on huge numbers (see test_infinite_number_for_an_int_option):
            # such values are left out rather than drawn now and then.
            return False
        return False
    return rejects


# None means "not given", which is valid for an optional option.
not_int = junk.filter(lambda value: value is not None).filter(rejected_by(check_type_int))
not_bool = junk.filter(lambda value: value is not None).filter(rejected_by(check_type_bool))
not_text_dict = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                          st.lists(st.integers(), min_size=1, max_size=3))


@pytest.fixture
def box(service_env):
    return service_env()


def requests_sent(box):
    return dict((service, len(box.emulator(service).log)) for service in SERVICES if box.emulator(service).log)


def refused(box, module_name, args, *names):
    """Run the module with `args`; it must fail naming every one of `names`, and send nothing."""
    for service in SERVICES:
        box.emulator(service).log = []
    module, dummy = MODULES[module_name]
    outcome = run_module(module, args)
    result = outcome.result
    assert outcome.failed, result
    assert 'exception' not in result, result['exception']
    assert 'Traceback' not in result['msg']
    for name in names:
        assert name in result['msg'], (name, result['msg'])
    assert requests_sent(box) == {}, result
    return result['msg']


def with_base(module_name, **args):
    return dict(MODULES[module_name][1], **args)


# Every module ----------------------------------------------------------------

@FAST
@given(case=st.sampled_from(TYPED).flatmap(
    lambda case: st.tuples(st.just(case), not_int if case[2] == 'int' else not_bool)))
def test_wrong_type_for_an_int_or_bool_option(box, case):
    (module_name, option, dummy), value = case
    refused(box, module_name, with_base(module_name, **{option: value}), option)


@FAST
@given(case=st.tuples(st.sampled_from(CHOICES), edgy_text | st.integers()))
def test_value_outside_the_choices(box, case):
    (module_name, option), value = case
    args = with_base(module_name, **{option: value})
    if option == 'search_column':
        args['search_word'] = 'x'
    allowed = {'state': ('present', 'absent'), 'search_column': ('loginId', 'status', 'nrn', 'userId'),
               'update_part_name': ('on_create', 'always')}[option]
    if (module_name, option) == ('signtogether_group', 'state'):
        allowed = ('present',)
    if str(value) in allowed:
        return
    refused(box, module_name, args, option)


def connection_options(module_name):
    return CONNECTION[module_name.split('_')[0]]


@FAST
@given(module_name=st.sampled_from(sorted(MODULES)),
       option=st.from_regex(r'[a-z][a-z0-9_]{0,30}', fullmatch=True), value=junk)
def test_unknown_option_is_named(box, module_name, option, value):
    if option in OPTIONS[module_name] + connection_options(module_name) + ('timeout', 'validate_certs'):
        return
    refused(box, module_name, with_base(module_name, **{option: value}), 'Unsupported parameters', option)


@pytest.mark.parametrize('module_name', sorted(MODULES))
def test_timeout_of_zero(box, module_name):
    refused(box, module_name, with_base(module_name, timeout=0), 'timeout')


# AppPot ------------------------------------------------------------------------

@LONG_TEXT
@given(name=edgy_strings(256, 600) | st.just(''))
@example(name='\U0001F469\u200d\U0001F4BB' * 86)
@example(name='e\u0301' * 128)
def test_apppot_group_name_empty_or_too_long(box, name):
    refused(box, 'apppot_group', {'name': name, 'state': 'absent'}, 'name must be 1 to 255 characters')


# SignTogether -----------------------------------------------------------------------

def admin_user():
    # A password long enough that masking it (no_log) cannot hide an option name in the message.
    return {'email': 'admin@example.com', 'name': 'Admin', 'login_id': 'admin01',
            'password': 'Pw-0123456789-long'}


def consent():
    return {'is_teenager': True, 'service_use': True, 'privacy_collection': True}


@FAST
@given(name=st.text(alphabet=' \t\n\r\x0b\x0c\x85\u2003\u3000', max_size=20))
def test_signtogether_group_blank_name(box, name):
    refused(box, 'signtogether_group', {'name': name}, 'name must not be empty')


@FAST
@given(field=st.sampled_from(['is_teenager', 'service_use', 'privacy_collection']),
       value=st.sampled_from([False, None, 'no', 0, 'false']))
def test_signtogether_group_missing_consent(box, field, value):
    given_consent = dict(consent(), **{field: value})
    refused(box, 'signtogether_group', {'name': 'ops', 'admin_user': admin_user(), 'user_consent': given_consent},
            'user_consent.%s must be true' % field)


@FAST
@given(field=st.sampled_from(['email', 'name', 'login_id']))
def test_signtogether_group_empty_admin_field(box, field):
    admin = dict(admin_user(), **{field: ''})
    refused(box, 'signtogether_group', {'name': 'ops', 'admin_user': admin, 'user_consent': consent()},
            'admin_user.%s' % field)


@FAST
@given(field=st.sampled_from(['email', 'name', 'login_id']))
def test_signtogether_group_admin_field_left_out(box, field):
    admin = admin_user()
    del admin[field]
    refused(box, 'signtogether_group', {'name': 'ops', 'admin_user': admin, 'user_consent': consent()},
            field, 'admin_user')


ANSIBLE_CORE_INFINITY = (
    "ansible-core 2.18 and later: YAML .inf for an int option raises OverflowError in "
    "validation.check_type_int (a traceback, before the module's code runs)")


def overflows(checker, value):
    """True if `checker` crashes on `value` with OverflowError instead of refusing it."""
    try:
        checker(value)
    except OverflowError:
        return True
    except (TypeError, ValueError):
        return False
    return False


# ansible-core 2.16 and 2.17 refuse infinity with a TypeError, as any other float.
@pytest.mark.xfail(overflows(check_type_int, float('inf')), strict=True, reason=ANSIBLE_CORE_INFINITY,
                   raises=OverflowError)
def test_infinite_number_for_an_int_option(box):
    refused(box, 'apppot_group', {'name': 'ops', 'timeout': float('inf')}, 'timeout')


@pytest.mark.xfail(strict=True, reason=ANSIBLE_CORE_SCALAR_CRASH, raises=TypeError)
def test_signtogether_group_dict_option_is_a_number(box):
    refused(box, 'signtogether_group', {'name': 'ops', 'admin_user': 5, 'user_consent': consent()},
            'admin_user')


@pytest.mark.xfail(strict=True, reason=ANSIBLE_CORE_DICT_MESSAGE)
def test_signtogether_group_dict_option_as_plain_text(box):
    refused(box, 'signtogether_group', {'name': 'ops', 'admin_user': 'junk', 'user_consent': consent()},
            'admin_user')


@FAST
@given(option=st.sampled_from(['admin_user', 'user_consent']))
def test_signtogether_group_admin_without_consent(box, option):
    args = {'name': 'ops', 'admin_user': admin_user(), 'user_consent': consent()}
    del args[option]
    refused(box, 'signtogether_group', args, 'admin_user', 'user_consent')


@FAST
@given(key=st.from_regex(r'[a-z][a-z_]{0,15}', fullmatch=True), value=junk)
def test_signtogether_group_unknown_admin_key(box, key, value):
    if key in ('email', 'name', 'login_id', 'password'):
        return
    admin = dict(admin_user(), **{key: value})
    refused(box, 'signtogether_group', {'name': 'ops', 'admin_user': admin, 'user_consent': consent()}, key)


@FAST
@given(group_ids=st.lists(st.integers(), max_size=3).flatmap(
    lambda good: st.tuples(st.just(good), not_int).map(lambda pair: pair[0] + [pair[1]])))
def test_signtogether_group_info_non_int_group_id(box, group_ids):
    refused(box, 'signtogether_group_info', {'group_ids': group_ids}, 'group_ids')


# Security365 ---------------------------------------------------------------------

@FAST
@given(client_id=edgy_text)
def test_security365_client_id_with_present(box, client_id):
    refused(box, 'security365_app', {'client_id': client_id}, 'client_id')


@FAST
@given(client_id=st.text(alphabet=' \t\n\r\u2003\u3000', max_size=10))
def test_security365_blank_client_id(box, client_id):
    refused(box, 'security365_app', {'client_id': client_id, 'state': 'absent'}, 'client_id must not be empty')


# Ncloud SSO ----------------------------------------------------------------------

LOCAL = st.text(alphabet=string.ascii_lowercase + string.digits + '._-', min_size=1, max_size=12)
good_email = st.builds('{}@{}.com'.format, LOCAL, LOCAL)
bad_email = st.one_of(
    LOCAL,                                                  # no @
    st.builds('{}@{}'.format, LOCAL, LOCAL.filter(lambda d: '.' not in d)),  # no dot in the domain
    st.builds('{}@@{}.com'.format, LOCAL, LOCAL),           # two @
    st.builds('{} {}@{}.com'.format, LOCAL, LOCAL, LOCAL),  # a space
    st.builds('{}@{}.com'.format, LOCAL, st.just('')),      # an empty domain label before .com
    st.just(''),
)
bad_country_code = st.text(min_size=1, max_size=9).filter(
    lambda s: not (s.lstrip('+').isascii() and s.lstrip('+').isdigit() and s.count('+') <= 1
                   and not s.startswith('++') and '+' not in s[1:]) and '\n' not in s)
bad_phone = st.one_of(
    st.builds('+{}'.format, st.text(alphabet=string.digits, min_size=1, max_size=8)),    # a plus sign
    st.builds('-{}'.format, st.text(alphabet=string.digits, min_size=1, max_size=8)),    # a leading hyphen
    st.builds('{}{}'.format, st.text(alphabet=string.digits, min_size=1, max_size=4),
              st.sampled_from(['(0)', ' ', '.', 'x12', '\u0661\u0662', '\uff11', '\U0001F4DE'])),
)


def users_with(bad, index, size):
    items = [{'login_id': 'user%05d@example.com' % position} for position in range(size)]
    items[index] = bad
    return items


@FAST
@given(login_id=bad_email | edgy_text.filter(lambda s: '@' not in s and '\n' not in s),
       size=st.integers(1, 5), data=st.data())
def test_ncloud_malformed_login_id(box, login_id, size, data):
    index = data.draw(st.integers(0, size - 1))
    refused(box, 'ncloud_users_bulk', {'users': users_with({'login_id': login_id}, index, size)},
            'users[%d] (%s): login_id must be an email address' % (index, login_id))


@FAST
@given(field=st.sampled_from(['email', 'phone_country_code', 'phone_no']), data=st.data())
def test_ncloud_malformed_profile_field(box, field, data):
    value = data.draw({'email': bad_email.filter(bool), 'phone_country_code': bad_country_code,
                       'phone_no': bad_phone}[field])
    user = {'login_id': 'who@example.com', 'user_profile': {field: value}}
    refused(box, 'ncloud_users_bulk', {'users': users_with(user, 0, 2)},
            'users[0] (who@example.com): user_profile.%s must be' % field)


@pytest.mark.parametrize('field', ['login_id', 'email', 'phone_no'])
def test_ncloud_trailing_newline_is_malformed(box, field):
    user = {'login_id': 'who@example.com', 'user_profile': {}}
    if field == 'login_id':
        user['login_id'] = 'who@example.com\n'
    else:
        user['user_profile'][field] = {'email': 'who@example.com\n', 'phone_no': '010-1234\n'}[field]
    refused(box, 'ncloud_users_bulk', {'users': [user]}, field)


@FAST
@given(field=st.sampled_from(['description', 'first_name', 'last_name', 'email', 'emp_no', 'phone_country_code',
                              'phone_no', 'dept_name']),
       char=st.sampled_from(['\U0001F600', '\ud55c', 'e\u0301', '\u200f', '\x00x', 'ab']), data=st.data())
def test_ncloud_field_too_many_utf8_bytes(box, field, char, data):
    limit = 300 if field == 'description' else 10 if field == 'phone_country_code' else 200
    # Few enough characters for a character count to pass: only the byte count catches it.
    repeat = data.draw(st.integers(limit // len(char.encode('utf-8')) + 1, limit + 20))
    value = char * repeat
    user = {'login_id': 'who@example.com'}
    if field == 'description':
        user['description'] = value
    else:
        user['user_profile'] = {field: value}
    prefix = '' if field == 'description' else 'user_profile.'
    refused(box, 'ncloud_users_bulk', {'users': users_with(user, 1, 3)},
            'users[1] (who@example.com): %s%s is %d bytes' % (prefix, field, len(value.encode('utf-8'))))


@FAST
@given(size=st.integers(2, 30), data=st.data())
def test_ncloud_login_id_listed_twice(box, size, data):
    first = data.draw(st.integers(0, size - 2))
    second = data.draw(st.integers(first + 1, size - 1))
    items = users_with({'login_id': 'twin@example.com'}, first, size)
    items[second] = {'login_id': 'twin@example.com'}
    refused(box, 'ncloud_users_bulk', {'users': items},
            'users[%d] (twin@example.com): listed twice, first at users[%d]' % (second, first))


@FAST
@given(batch_size=st.integers(max_value=0) | st.integers(min_value=101))
def test_ncloud_batch_size_out_of_range(box, batch_size):
    refused(box, 'ncloud_users_bulk', with_base('ncloud_users_bulk', batch_size=batch_size), 'batch_size')


@FAST
@given(item=not_text_dict, data=st.data())
def test_ncloud_user_item_is_not_a_dict(box, item, data):
    size = data.draw(st.integers(1, 4))
    index = data.draw(st.integers(0, size - 1))
    refused(box, 'ncloud_users_bulk', {'users': users_with(item, index, size)}, 'users')


@pytest.mark.xfail(strict=True, reason=ANSIBLE_CORE_SCALAR_CRASH, raises=TypeError)
def test_ncloud_nested_option_is_a_bool(box):
    refused(box, 'ncloud_users_bulk', {'users': [{'login_id': 'who@example.com', 'access_rules': True}]},
            'access_rules')


@FAST
@given(rule=st.sampled_from(['console_access_allowed', 'api_access_allowed']), value=not_bool)
def test_ncloud_access_rule_not_a_bool(box, rule, value):
    user = {'login_id': 'who@example.com', 'access_rules': {rule: value}}
    refused(box, 'ncloud_users_bulk', {'users': [user]}, rule)


@FAST
@given(key=st.from_regex(r'[a-z][a-z_]{0,15}', fullmatch=True), where=st.sampled_from(['item', 'user_profile']))
def test_ncloud_unknown_user_key(box, key, where):
    known = {'item': ('login_id', 'description', 'user_profile', 'access_rules'),
             'user_profile': ('first_name', 'last_name', 'email', 'emp_no', 'phone_country_code',
                              'phone_no', 'dept_name')}[where]
    if key in known:
        return
    user = {'login_id': 'who@example.com'}
    if where == 'item':
        user[key] = 'x'
    else:
        user['user_profile'] = {key: 'x'}
    refused(box, 'ncloud_users_bulk', {'users': [user]}, key)


@pytest.mark.xfail(strict=True, reason=ANSIBLE_CORE_DICT_MESSAGE)
def test_ncloud_user_item_as_plain_text(box):
    refused(box, 'ncloud_users_bulk', {'users': ['who@example.com']}, 'users')


@SLOW
@given(data=st.data())
def test_ncloud_ten_thousand_users_one_bad(box, data):
    index = data.draw(st.integers(0, 9999))
    bad = data.draw(st.sampled_from([
        {'login_id': 'not-an-email'},
        {'login_id': 'who@example.com', 'user_profile': {'phone_no': '010 1234'}},
        {'login_id': 'who@example.com', 'description': '\U0001F600' * 76},
    ]))
    result = refused(box, 'ncloud_users_bulk', {'users': users_with(bad, index, 10000)},
                     'users[%d] (%s)' % (index, bad['login_id']), 'nothing was sent')
    assert result.startswith('1 problem in users')


def test_ncloud_absent_with_malformed_login_id(box):
    refused(box, 'ncloud_users_bulk', {'users': [{'login_id': 'not-an-email'}], 'state': 'absent'},
            'users[0] (not-an-email)')


@FAST
@given(login_ids=st.dictionaries(edgy_text, junk, max_size=4))
def test_ncloud_user_info_login_ids_not_a_list(box, login_ids):
    refused(box, 'ncloud_user_info', {'login_ids': login_ids}, 'login_ids')


@FAST
@given(word=edgy_text, login_ids=st.lists(good_email, min_size=0, max_size=3))
def test_ncloud_user_info_conflicting_filters(box, word, login_ids):
    refused(box, 'ncloud_user_info', {'login_ids': login_ids, 'search_column': 'loginId', 'search_word': word},
            'login_ids', 'search_column')


@FAST
@given(column=st.sampled_from(['loginId', 'status', 'nrn', 'userId']))
def test_ncloud_user_info_column_without_word(box, column):
    refused(box, 'ncloud_user_info', {'search_column': column}, 'search_column', 'search_word')
