"""ncloud_sso_assignment_info, run in-process against the Ncloud SSO emulator: every assignment or
one by name, each with its permission set's name and, on request, its targets; only reads."""

from ansible_collections.tenantkit.saas.plugins.modules import ncloud_sso_assignment_info
from sandbox.ncloud_sso import SECOND_ACCOUNT
from support.modules import run_module
# The fixture and the helper build the same directory as the assignment module's tests.
from test_ncloud_sso_assignment import MAIN, run, sso  # noqa: F401 pylint: disable=unused-import


def info(args):
    outcome = run_module(ncloud_sso_assignment_info, args)
    assert not outcome.failed, outcome
    return outcome.result['assignments']


def test_info_reads_every_assignment_or_one_by_name_with_its_set_and_targets(sso):
    made = run(dict(MAIN, groups=['ops'], users=['kim@example.com'])).result['assignment']
    run({'name': 'acme-admins', 'permission_set': 'admins', 'account_member_no': SECOND_ACCOUNT, 'active': False})
    sso.log = []
    every = info({})
    assert sorted((item['name'], item['permission_set'], item['account_member_no'], item['active'])
                  for item in every) == [('acme-admins', 'admins', SECOND_ACCOUNT, False),
                                         ('acme-main', 'viewers', MAIN['account_member_no'], True)]
    assert all('groups' not in item for item in every)
    one = info({'name': 'ACME-MAIN', 'with_targets': True})
    assert one == [made]
    assert info({'name': 'acme'}) == []
    assert sso.log and set(entry['kind'] for entry in sso.log) == {'read'}


def test_an_empty_name_is_refused_before_any_request(sso):
    outcome = run_module(ncloud_sso_assignment_info, {'name': ' '})
    assert outcome.failed and outcome.result['msg'] == 'name is empty: leave it out to read every assignment'
    assert sso.log == []
