"""The resource engine: create, update, delete, no-op, check mode and diff."""

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import (
    Resource, changed_fields, ensure, managed_view)

THING = Resource('thing', fields=('thing_id', 'name', 'size'))


class FakeModule:
    def __init__(self, check_mode=False, diff=True):
        self.check_mode = check_mode
        self._diff = diff


class Recorder:
    """Write callables that record their calls."""

    def __init__(self):
        self.calls = []

    def create(self, desired):
        self.calls.append(('create', desired))
        return dict(desired, thing_id=7)

    def update(self, current, changes):
        self.calls.append(('update', changes))
        return dict(current, **changes)

    def delete(self, current):
        self.calls.append(('delete', current['thing_id']))


def run(current, desired, state='present', check_mode=False, diff=True):
    recorder = Recorder()
    result = ensure(FakeModule(check_mode, diff), THING, current, desired, state,
                    recorder.create, recorder.update, recorder.delete)
    return result, recorder.calls


EXISTING = {'thing_id': 7, 'name': 'a', 'size': 1}


def test_create_when_absent():
    result, calls = run(None, {'name': 'a', 'size': 1})
    assert result['changed'] and calls == [('create', {'name': 'a', 'size': 1})]
    assert result['thing'] == EXISTING
    assert result['diff'] == {'before': {}, 'after': EXISTING}


def test_check_mode_create_calls_nothing_and_shows_the_whole_object():
    result, calls = run(None, {'name': 'a', 'size': 1}, check_mode=True)
    assert result['changed'] and calls == []
    assert result['diff']['after'] == {'thing_id': None, 'name': 'a', 'size': 1}


def test_no_change_when_equal():
    result, calls = run(dict(EXISTING), {'name': 'a', 'size': 1})
    assert not result['changed'] and calls == []
    assert result['diff']['before'] == result['diff']['after']


def test_unset_fields_are_not_managed():
    result, calls = run(dict(EXISTING), {'name': 'a', 'size': None})
    assert not result['changed'] and calls == []


def test_update_sends_only_the_changed_fields():
    result, calls = run(dict(EXISTING), {'name': 'a', 'size': 2})
    assert result['changed'] and calls == [('update', {'size': 2})]
    assert result['diff'] == {'before': EXISTING, 'after': dict(EXISTING, size=2)}


def test_check_mode_update_predicts_the_result():
    result, calls = run(dict(EXISTING), {'name': 'b', 'size': 1}, check_mode=True)
    assert result['changed'] and calls == []
    assert result['thing'] == dict(EXISTING, name='b')


def test_delete_when_present():
    result, calls = run(dict(EXISTING), {'name': 'a'}, state='absent')
    assert result['changed'] and calls == [('delete', 7)]
    assert result['thing'] is None
    assert result['diff'] == {'before': EXISTING, 'after': {}}


def test_delete_when_absent_is_unchanged():
    result, calls = run(None, {'name': 'a'}, state='absent')
    assert not result['changed'] and calls == []


def test_check_mode_delete_calls_nothing():
    result, calls = run(dict(EXISTING), {'name': 'a'}, state='absent', check_mode=True)
    assert result['changed'] and calls == []


def test_no_diff_key_without_diff_mode():
    result, dummy = run(None, {'name': 'a'}, diff=False)
    assert 'diff' not in result


def test_fields_outside_the_resource_are_ignored():
    result, calls = run(dict(EXISTING), {'name': 'a', 'password': 'x'})
    assert not result['changed'] and calls == []


@pytest.mark.parametrize('current, desired, expected', [
    ({'tags': ['b', 'a']}, {'tags': ['a', 'b']}, []),
    ({'rules': {'x': True, 'y': None}}, {'rules': {'x': True}}, []),
    ({'rules': {'x': True}}, {'rules': {'x': False}}, ['rules']),
    ({}, {'name': ''}, ['name']),
    (None, {'name': 'a'}, ['name']),
])
def test_changed_fields_normalises_order_and_nulls(current, desired, expected):
    assert changed_fields(current, desired) == expected


def test_managed_view_of_nothing_is_empty():
    assert managed_view(None, ('a',)) == {}
