"""plugins/plugin_utils/diff_text.py: a module's diff made text as ansible-core lays out a mapping
for --diff (result_format json), non-ASCII kept as itself. Through ansible-playbook:
tests/integration/test_diff_text.py."""

import json
import os
import re
import subprocess
import sys

from ansible_collections.tenantkit.saas.plugins.plugin_utils.diff_text import as_text, diff_as_text

SALES = {'login_id': 'minjun.kim@example.com',
         'user_profile': {'last_name': '김', 'first_name': '민준', 'dept_name': '영업부'},
         'access_rules': {'console_access_allowed': True}, 'description': None, 'groups': ['영업', 'ops']}
# ansible-core's own layout of a mapping diff side (CallbackBase._serialize_diff, result_format json).
CORE_LAYOUT = dict(sort_keys=True, indent=4, separators=(',', ': '))


def test_a_dict_diff_becomes_text_laid_out_as_ansible_core_does_with_non_ascii_as_itself():
    result = {'changed': True, 'group': {'name': 'sales'}, 'diff': {'before': {}, 'after': {'kim': SALES}}}
    assert diff_as_text(result) is result
    assert result['diff']['before'] == '{}\n'
    after = result['diff']['after']
    assert after == json.dumps({'kim': SALES}, ensure_ascii=False, **CORE_LAYOUT) + '\n'
    assert '"dept_name": "영업부"' in after and '\\u' not in after
    # ansible-core's text but for the escapes; read back, the same dict.
    assert after.encode('ascii', 'backslashreplace').decode('ascii') == json.dumps({'kim': SALES}, **CORE_LAYOUT) + '\n'
    assert json.loads(after) == {'kim': SALES}
    assert result['group'] == {'name': 'sales'} and result['changed'] is True


def test_keys_are_sorted_at_every_depth_and_nested_values_keep_their_layout():
    text = as_text({'b': {'z': '영', 'a': ['업', {'y': 1, 'x': None}]}, 'a': True})
    assert text == ('{\n'
                    '    "a": true,\n'
                    '    "b": {\n'
                    '        "a": [\n'
                    '            "업",\n'
                    '            {\n'
                    '                "x": null,\n'
                    '                "y": 1\n'
                    '            }\n'
                    '        ],\n'
                    '        "z": "영"\n'
                    '    }\n'
                    '}\n')


def test_each_diff_of_a_list_is_made_text():
    result = {'diff': [{'before': {'name': '영업부'}, 'after': {'name': '지원부'}},
                       {'before': {}, 'after': {'name': 'ops'}},
                       'not a diff', None]}
    diff_as_text(result)
    assert result['diff'] == [{'before': '{\n    "name": "영업부"\n}\n', 'after': '{\n    "name": "지원부"\n}\n'},
                              {'before': '{}\n', 'after': '{\n    "name": "ops"\n}\n'},
                              'not a diff', None]


def test_text_none_and_other_keys_are_left_alone():
    diff = {'before': 'line one\n영업부\n', 'after': None, 'before_header': '영업부', 'prepared': '영업부',
            'extra': {'kept': '영'}}
    result = {'diff': dict(diff)}
    assert diff_as_text(result)['diff'] == diff
    one_sided = {'diff': {'after': {'name': '영'}}}
    assert diff_as_text(one_sided)['diff'] == {'after': '{\n    "name": "영"\n}\n'}


def test_a_result_without_a_diff_is_left_alone():
    for result in ({}, {'changed': False}, {'diff': None}, {'diff': {}}, {'diff': 'text'}, {'diff': []}):
        before = json.dumps(result)
        assert diff_as_text(result) is result
        assert json.dumps(result) == before
    assert diff_as_text(None) is None


def test_a_side_json_cannot_lay_out_is_left_to_the_callback():
    odd = {1: 'a', 'b': 2}  # keys json cannot sort
    result = {'diff': {'before': odd, 'after': {'name': '영'}}}
    diff_as_text(result)
    assert result['diff'] == {'before': odd, 'after': '{\n    "name": "영"\n}\n'}


ANSIBLE_SHOWS = r'''
import copy, json, sys
from ansible.plugins.callback import CallbackBase
from ansible_collections.tenantkit.saas.plugins.plugin_utils.diff_text import diff_as_text
diff = json.load(sys.stdin)
callback = CallbackBase()
as_dicts = callback._get_diff(copy.deepcopy(diff))
as_text = callback._get_diff(diff_as_text({'diff': copy.deepcopy(diff)})['diff'])
json.dump([as_dicts, as_text], sys.stdout)
'''


def test_ansible_core_shows_the_text_diff_as_it_shows_the_dict_diff_but_for_the_escapes():
    """CallbackBase._get_diff, in a process of its own (Ansible's controller code stays out of this one)."""
    support = dict(SALES, user_profile=dict(SALES['user_profile'], dept_name='지원부'))
    diff = [{'before': {'kim': support}, 'after': {'kim': SALES}},
            {'before': {}, 'after': {'name': '영업부'}}, {'before': {'name': 'gone'}, 'after': {}}]
    env = dict(os.environ, ANSIBLE_NOCOLOR='1', PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, '-c', ANSIBLE_SHOWS], input=json.dumps(diff).encode('utf-8'), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True, timeout=60)
    as_dicts, as_text = json.loads(done.stdout)
    assert '\\uc601\\uc5c5\\ubd80' in as_dicts and '영업부' not in as_dicts
    assert '-            "dept_name": "지원부",\n+            "dept_name": "영업부",\n' in as_text
    assert '+    "name": "영업부"' in as_text
    assert '-{}' in as_text and '+{}' in as_text
    unescaped = re.sub(r'\\u([0-9a-f]{4})', lambda match: chr(int(match.group(1), 16)), as_dicts)
    assert as_text == unescaped
