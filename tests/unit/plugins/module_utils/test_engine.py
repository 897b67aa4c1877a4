"""The resource engine: create, update, delete, no-op, check mode and diff."""

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import (
    Resource, changed_fields, ensure, find, managed_view)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists

THING = Resource('thing', fields=('thing_id', 'name', 'size'), id_field='thing_id')


class FakeModule:
    def __init__(self, check_mode=False, diff=True):
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []
        self.no_log_values = set()

    def warn(self, text):
        self.warnings.append(text)


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
    result = ensure(FakeModule(check_mode, diff), THING, desired, lambda: [current] if current else [],
                    recorder.create, recorder.update, recorder.delete, state=state)
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
    result, calls = run(dict(EXISTING), {'thing_id': 7, 'name': 'b', 'size': 1}, check_mode=True)
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


# Lookup and identity ------------------------------------------------------------------

BRANCH = Resource('branch', fields=('branch_id', 'name', 'parent', 'size', 'kind', 'secret_note'),
                  id_field='branch_id', identity=('name', 'parent'), create_only=('kind',),
                  write_only=('secret_note',), where='this key can see')
TREE = [{'branch_id': 1, 'name': 'a', 'parent': None, 'size': 1, 'kind': 'x'},
        {'branch_id': 2, 'name': 'a', 'parent': 1, 'size': 1, 'kind': 'x'},
        {'branch_id': 3, 'name': 'b', 'parent': 1, 'size': 1, 'kind': 'x'},
        {'branch_id': 4, 'name': 'b', 'parent': 1, 'size': 2, 'kind': 'x'}]


def test_find_by_identity_takes_every_identity_field():
    assert find(BRANCH, TREE, {'name': 'a', 'parent': 1})['branch_id'] == 2
    assert find(BRANCH, TREE, {'name': 'a', 'parent': None})['branch_id'] == 1
    assert find(BRANCH, TREE, {'name': 'c', 'parent': None}) is None


def test_find_by_id_wins_over_identity():
    assert find(BRANCH, TREE, {'branch_id': 3, 'name': 'renamed', 'parent': None})['branch_id'] == 3


def test_several_matches_are_refused_naming_them():
    with pytest.raises(InvalidInput) as caught:
        find(BRANCH, TREE, {'name': 'b', 'parent': 1})
    assert str(caught.value) == "2 branchs match name='b', parent=1 (branch_id 3, 4); set branch_id to choose one"


def converge_branch(desired, candidates=None, check=None, resend=(), create=None, module=None):
    calls = []
    module = module or FakeModule()

    def record_create(want):
        calls.append(('create', want))
        return dict(branch_id=9, **dict((name, want.get(name)) for name in ('name', 'parent', 'size', 'kind')))

    def record_update(have, changes):
        calls.append(('update', changes))
        return dict(have, **dict((name, value) for name, value in changes.items() if name != 'secret_note'))

    result = ensure(module, BRANCH, desired, lambda: list(TREE if candidates is None else candidates),
                    create or record_create, record_update, check=check, resend=resend)
    return result, calls, module


def test_an_id_that_is_not_there_is_refused_for_present():
    with pytest.raises(InvalidInput, match='branch_id 99 is not among the branchs this key can see'):
        converge_branch({'branch_id': 99, 'name': 'z'})


def test_the_check_hook_sees_the_candidates_and_the_match_before_any_write():
    seen = []

    def check(candidates, current):
        seen.append((len(candidates), current['branch_id']))
        raise InvalidInput('refused by the check')

    with pytest.raises(InvalidInput, match='refused by the check'):
        converge_branch({'name': 'a', 'parent': 1, 'size': 5}, check=check)
    assert seen == [(4, 2)]


def test_a_create_only_field_that_differs_draws_a_warning_and_no_write():
    result, calls, module = converge_branch({'name': 'a', 'parent': None, 'size': 1, 'kind': 'y'})
    assert not result['changed'] and calls == []
    assert module.warnings == ["kind 'y' was not applied: branch 1 has 'x' and it cannot be changed after it is "
                               "created"]


def test_a_write_only_field_is_sent_on_create_and_shown_as_sent():
    result, calls, dummy = converge_branch({'name': 'new', 'parent': None, 'secret_note': 'n1'})
    assert calls[0][1]['secret_note'] == 'n1' and result['branch']['secret_note'] == 'n1'
    assert result['diff']['after']['secret_note'] == 'n1' and 'secret_note' not in result['diff']['before']


def test_a_write_only_field_is_never_compared_and_reads_as_unknown():
    result, calls, dummy = converge_branch({'name': 'a', 'parent': None, 'secret_note': 'n1'})
    assert not result['changed'] and calls == [] and result['branch']['secret_note'] is None
    assert 'secret_note' not in result['diff']['after']


def test_a_write_only_field_to_resend_is_sent_on_every_run():
    result, calls, dummy = converge_branch({'name': 'a', 'parent': None, 'secret_note': 'n1'},
                                           resend=('secret_note',))
    assert result['changed'] and calls == [('update', {'secret_note': 'n1'})]
    assert result['branch']['secret_note'] == 'n1'


def test_a_create_that_finds_the_object_made_meanwhile_is_unchanged():
    made = {'branch_id': 5, 'name': 'late', 'parent': None, 'size': 1, 'kind': 'x'}
    lookups = [[], [made]]

    def create(want):
        raise AlreadyExists('duplicate name')

    result = ensure(FakeModule(), BRANCH, {'name': 'late', 'parent': None, 'size': 1}, lambda: lookups.pop(0),
                    create)
    assert not result['changed'] and result['branch']['branch_id'] == 5
    assert result['diff']['before'] == result['diff']['after']


def test_a_create_refused_as_existing_that_is_not_there_stands():
    def create(want):
        raise AlreadyExists('duplicate name')

    with pytest.raises(AlreadyExists, match='duplicate name'):
        ensure(FakeModule(), BRANCH, {'name': 'ghost', 'parent': None}, lambda: [], create)


KEYED = Resource('key', fields=('key_id', 'name'), id_field='key_id', secret=('secret',))


@pytest.mark.parametrize('reveal', [False, True])
def test_secret_fields_read_or_created_are_masked_unless_revealed(reveal):
    module = FakeModule()
    result = ensure(module, KEYED, {'name': 'new'}, lambda: [{'key_id': 1, 'name': 'old', 'secret': 's-read'}],
                    create=lambda want: dict(want, key_id=2, secret='s-made'), reveal_secrets=reveal)
    assert result['changed'] and result['diff']['after'] == {'key_id': 2, 'name': 'new'}
    assert module.no_log_values == (set() if reveal else {'s-read', 's-made'})
