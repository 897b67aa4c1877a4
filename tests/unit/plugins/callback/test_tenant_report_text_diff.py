"""The tenant report reads a diff whose before/after the action plugins made JSON text
(plugins/plugin_utils/diff_text.py) as it reads the dicts the modules return."""

import copy

from ansible_collections.tenantkit.saas.plugins.plugin_utils.diff_text import diff_as_text
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import ReportBuilder
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import render_html, render_markdown

DRIFT_AUDIT = {'mode': 'drift audit', 'check_mode': True, 'diff_mode': True}


def profile(dept):
    return {'login_id': 'kim@acme.example', 'description': None,
            'user_profile': {'first_name': '민지', 'last_name': '김', 'email': None, 'dept_name': dept},
            'access_rules': {'console_access_allowed': False, 'api_access_allowed': False}}


def users_bulk(diff):
    return {'created': [], 'updated': ['kim@acme.example'], 'deleted': [], 'failed_users': [], 'changed': True,
            'counts': {'created': 0, 'updated': 1, 'deleted': 0, 'unchanged': 0, 'failed': 0}, 'diff': diff}


def group_loop(diff):
    return {'results': [{'changed': True, 'group': {'group_id': 2, 'name': '영업부'}, 'diff': diff, 'failed': False,
                         'item': {'name': '영업부'}}], 'changed': True}


def report_of(module, result):
    builder = ReportBuilder()
    builder.add('acme', module, result, planned=True, failed=False)
    return builder.build(DRIFT_AUDIT)


def changes(module, result):
    return [row for row in report_of(module, result)['tenants'][0]['services'] if row['changes']][0]['changes']


def as_text(result):
    """The result as the collection's action plugins hand it to the callback (in a loop: each item's)."""
    result = copy.deepcopy(result)
    for item in result.get('results', [result]):
        diff_as_text(item)
    return result


def test_a_text_diff_of_a_bulk_module_reads_as_its_dict():
    result = users_bulk({'before': {'kim@acme.example': profile('재무부')}, 'after': {'kim@acme.example': profile('영업부')}})
    text = as_text(result)
    assert isinstance(text['diff']['before'], str) and '"dept_name": "영업부"' in text['diff']['after']
    assert changes('ncloud_users_bulk', text) == changes('ncloud_users_bulk', result) == [
        {'object': 'user kim@acme.example', 'action': 'update', 'planned': True,
         'before': {'user_profile.dept_name': '재무부'}, 'after': {'user_profile.dept_name': '영업부'}}]


def test_a_text_diff_of_a_create_reads_as_its_dict_and_the_pages_show_hangul():
    result = group_loop({'before': {}, 'after': {'group_id': None, 'name': '영업부', 'description': '서울'}})
    text = as_text(result)
    assert text['results'][0]['diff']['before'] == '{}\n'
    assert changes('apppot_group', text) == changes('apppot_group', result)
    change = changes('apppot_group', text)[0]
    assert (change['action'], change['before'], change['after']) == ('create', {}, {'name': '영업부', 'description': '서울'})
    report = report_of('apppot_group', text)
    assert '영업부' in render_markdown(report) and '서울' in render_html(report)


def test_a_list_of_text_diffs_reads_as_its_dicts():
    result = users_bulk([{'before': {'kim@acme.example': profile('재무부')},
                          'after': {'kim@acme.example': profile('영업부')}}])
    assert changes('ncloud_users_bulk', as_text(result)) == changes('ncloud_users_bulk', result)


def test_text_that_is_not_a_json_object_is_no_diff_for_fields():
    without = group_loop(None)
    del without['results'][0]['diff']
    named = changes('apppot_group', without)
    assert named == [{'object': 'group 영업부', 'action': 'change', 'planned': True}]
    for before, after in (('not json', '{}\n'), ('[1, 2]\n', '{"name": "영업부"}\n'), ('{}\n', '"영업부"'),
                          ('   ', '{}')):
        assert changes('apppot_group', group_loop({'before': before, 'after': after})) == named, (before, after)
    bulk = changes('ncloud_users_bulk', users_bulk({'before': 'garbled {', 'after': '{}\n'}))
    assert bulk == [{'object': 'user kim@acme.example', 'action': 'update', 'planned': True}]


def test_empty_and_missing_sides_are_empty_objects_as_before():
    for before in ('', None, {}, '{}\n'):
        change = changes('apppot_group', group_loop({'before': before, 'after': '{\n    "name": "영업부"\n}\n'}))[0]
        assert (change['action'], change['before'], change['after']) == ('create', {}, {'name': '영업부'}), before
