"""The engine after a write whose answer was lost: read back, plan again, never repeat blindly."""

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure, ensure_and_verb
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import (
    BulkPlan, ItemFailure, apply_and_recheck, apply_many, plan_many)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError

THING = Resource('thing', fields=('thing_id', 'name', 'size'), id_field='thing_id')


class FakeModule:
    check_mode = False
    _diff = True

    def warn(self, text):
        raise AssertionError('unexpected warning: %s' % text)


def found(read):
    """A lookup from a read of one object (None: there is none)."""
    return lambda: [thing for thing in [read()] if thing is not None]


def lost(status=503):
    return ApiError('request failed', status=status, method='POST', path='/things', ambiguous=True)


class FlakyService:
    """One stored thing; `answers` scripts each write: 'ok', 'lost' (applied, answer lost),
    'refused' (5xx, not applied) or 'denied' (a clear refusal)."""

    def __init__(self, answers, thing=None):
        self.answers = list(answers)
        self.thing = thing
        self.writes = []
        self.reads = 0

    def _write(self, verb, apply):
        self.writes.append(verb)
        answer = self.answers.pop(0)
        if answer in ('ok', 'lost'):
            apply()
        if answer == 'lost':
            raise lost(500)
        if answer == 'refused':
            raise lost(503)
        if answer == 'denied':
            raise ApiError('refused', status=400)
        return None if self.thing is None else dict(self.thing)

    def create(self, desired):
        return self._write('create', lambda: setattr(self, 'thing', dict(desired, thing_id=1)))

    def update(self, current, changes):
        return self._write('update', lambda: self.thing.update(changes))

    def delete(self, current):
        self._write('delete', lambda: setattr(self, 'thing', None))

    def read(self):
        self.reads += 1
        return None if self.thing is None else dict(self.thing)


def converge(service, desired, state='present'):
    return ensure(FakeModule(), THING, desired, found(service.read), service.create, service.update,
                  service.delete, state=state)


def test_a_create_applied_but_unanswered_is_read_back_and_not_sent_again():
    service = FlakyService(['lost'])
    result = converge(service, {'name': 'a', 'size': 1})
    assert service.writes == ['create'] and service.reads == 2
    assert result['changed'] and result['thing'] == {'thing_id': 1, 'name': 'a', 'size': 1}
    assert result['diff'] == {'before': {}, 'after': result['thing']}


@pytest.mark.parametrize('answers, thing, desired, state, verb', [
    (['ok'], None, {'name': 'a', 'size': 1}, 'present', 'created'),
    (['lost'], None, {'name': 'a', 'size': 1}, 'present', 'created'),
    (['lost', 'ok'], None, {'name': 'a', 'size': 2}, 'present', 'created'),
    (['lost'], {'thing_id': 1, 'name': 'a', 'size': 1}, {'name': 'a', 'size': 2}, 'present', 'updated'),
    (['lost'], {'thing_id': 1, 'name': 'a', 'size': 1}, {'name': 'a'}, 'absent', 'deleted'),
    ([], {'thing_id': 1, 'name': 'a', 'size': 1}, {'name': 'a', 'size': 1}, 'present', 'unchanged'),
])
def test_the_verb_says_how_the_object_got_there_even_after_a_lost_answer(answers, thing, desired, state, verb):
    service = FlakyService(answers, thing)
    result, said = ensure_and_verb(FakeModule(), THING, desired, found(service.read), service.create,
                                   service.update, service.delete, state=state)
    assert said == verb and result['changed'] == (verb != 'unchanged')


def test_a_create_not_applied_is_sent_again_after_the_read_back():
    service = FlakyService(['refused', 'ok'])
    result = converge(service, {'name': 'a', 'size': 1})
    assert service.writes == ['create', 'create'] and result['changed']


def test_an_update_applied_but_unanswered_is_not_repeated():
    service = FlakyService(['lost'], thing={'thing_id': 1, 'name': 'a', 'size': 1})
    result = converge(service, {'name': 'a', 'size': 2})
    assert service.writes == ['update'] and result['changed'] and result['thing']['size'] == 2
    assert result['diff']['before']['size'] == 1


def test_a_delete_applied_but_unanswered_is_done():
    service = FlakyService(['lost'], thing={'thing_id': 1, 'name': 'a', 'size': 1})
    result = converge(service, {'name': 'a'}, state='absent')
    assert service.writes == ['delete'] and result['changed'] and result['thing'] is None


def test_writes_are_bounded_and_the_error_says_what_and_how_often():
    service = FlakyService(['refused'] * 5)
    with pytest.raises(ApiError) as caught:
        converge(service, {'name': 'a', 'size': 1})
    assert service.writes == ['create'] * 3 and service.reads == 4
    text = str(caught.value)
    assert "create of thing 'a' was sent 3 times" in text and 'HTTP 503' in text
    assert caught.value.attempts == 3


def test_a_clear_refusal_is_not_retried():
    service = FlakyService(['denied'])
    with pytest.raises(ApiError, match='refused'):
        converge(service, {'name': 'a', 'size': 1})
    assert service.writes == ['create'] and service.reads == 1


def test_a_failing_read_back_says_the_write_may_have_been_applied():
    service = FlakyService(['lost'])
    reads = []

    def read_fails_after_the_first():
        reads.append(1)
        if len(reads) > 1:
            raise ApiError('request failed', status=502, method='GET', path='/things', attempts=4)

    with pytest.raises(ApiError) as caught:
        ensure(FakeModule(), THING, {'name': 'a'}, found(read_fails_after_the_first), create=service.create)
    text = str(caught.value)
    assert "the create of thing 'a' may have been applied" in text and 'reading it back failed' in text
    assert service.writes == ['create']


class FlakyDirectory:
    """Items by key; each batch call takes the next scripted answer."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.items = {}
        self.batches = []
        self.rechecks = []

    def create_batch(self, batch):
        self.batches.append([item['key'] for item in batch])
        answer = self.answers.pop(0) if self.answers else 'ok'
        if answer in ('ok', 'lost'):
            self.items.update((item['key'], dict(item)) for item in batch)
        if answer != 'ok':
            raise lost(500 if answer == 'lost' else 503)
        return [(True, dict(item)) for item in batch]

    def apply(self, plan):
        return apply_many(plan, 'key', 2, self.create_batch, None, None)

    def recheck(self, keys):
        self.rechecks.append(list(keys))
        return plan_many([{'key': key} for key in keys], self.items, 'key')


def test_bulk_items_of_a_lost_batch_are_read_back_not_created_twice():
    directory = FlakyDirectory(['ok', 'lost', 'refused', 'ok'])
    plan = plan_many([{'key': key} for key in 'abcde'], {}, 'key')
    outcome = apply_and_recheck(plan, 'key', directory.apply, directory.recheck)
    assert directory.batches == [['a', 'b'], ['c', 'd'], ['e'], ['e']]
    assert directory.rechecks == [['c', 'd', 'e']]
    assert sorted(outcome['created']) == list('abcde') and outcome['failed'] == []


def test_bulk_items_still_missing_after_every_attempt_are_reported_failed():
    directory = FlakyDirectory(['ok', 'refused', 'refused', 'refused'])
    plan = plan_many([{'key': key} for key in 'abc'], {}, 'key')
    outcome = apply_and_recheck(plan, 'key', directory.apply, directory.recheck)
    assert outcome['created'] == ['a', 'b']
    assert [failure.key for failure in outcome['failed']] == ['c']
    assert outcome['failed'][0].message.startswith('sent 3 times')
    assert directory.batches.count(['c']) == 3


def test_bulk_read_back_failure_reports_the_items_as_maybe_applied():
    directory = FlakyDirectory(['lost'])

    def recheck_fails(keys):
        raise ApiError('request failed', status=503, method='GET', path='/things')

    plan = plan_many([{'key': 'a'}], {}, 'key')
    outcome = apply_and_recheck(plan, 'key', directory.apply, recheck_fails)
    assert outcome['created'] == [] and len(outcome['failed']) == 1
    assert 'may have been applied' in outcome['failed'][0].message


def test_bulk_clear_refusals_are_not_rechecked():
    plan = BulkPlan()
    plan.create = [{'key': 'a'}]
    outcome = {'created': [], 'updated': [], 'deleted': [], 'objects': [],
               'failed': [ItemFailure('a', 'loginId already exists')]}
    rechecks = []
    result = apply_and_recheck(plan, 'key', lambda todo: outcome, rechecks.append)
    assert rechecks == [] and result['failed'][0].message == 'loginId already exists'


def test_a_write_still_in_flight_is_waited_for_not_sent_again():
    service = FlakyService([])
    # The first lookup, then two read-backs before the create lands.
    reads_before_it_lands = [None, None, None]

    def create_times_out(desired):
        service.writes.append('create')
        raise ApiError('no answer within 1 seconds', method='POST', path='/things',
                       ambiguous=True, in_flight=1)

    def read():
        service.reads += 1
        return reads_before_it_lands.pop() if reads_before_it_lands else {'thing_id': 1, 'name': 'a'}

    result = ensure(FakeModule(), THING, {'name': 'a'}, found(read), create=create_times_out)
    assert result['changed'] and service.writes == ['create'] and service.reads == 4


def test_a_write_still_missing_after_the_wait_is_sent_again():
    service = FlakyService(['ok'])
    calls = []

    def create(desired):
        calls.append('create')
        if len(calls) == 1:
            raise ApiError('request failed', status=504, ambiguous=True, in_flight=0.2)
        return service.create(desired)

    result = ensure(FakeModule(), THING, {'name': 'a'}, found(service.read), create=create)
    assert result['changed'] and calls == ['create', 'create'] and service.reads >= 2


def test_bulk_items_in_flight_are_waited_for_not_sent_again():
    directory = FlakyDirectory([])

    def apply(plan):
        directory.batches.append([item['key'] for item in plan.create])
        return {'created': [], 'updated': [], 'deleted': [], 'objects': [],
                'failed': [ItemFailure(item['key'], 'no answer', ApiError(
                    'no answer within 1 seconds', ambiguous=True, in_flight=1)) for item in plan.create]}

    def recheck(keys):
        if len(directory.rechecks) == 2:  # the service finishes while we wait
            directory.items.update((key, {'key': key}) for key in keys)
        return directory.recheck(keys)

    plan = plan_many([{'key': 'a'}, {'key': 'b'}], {}, 'key')
    outcome = apply_and_recheck(plan, 'key', apply, recheck)
    assert directory.batches == [['a', 'b']] and len(directory.rechecks) == 3
    assert outcome['created'] == ['a', 'b'] and outcome['failed'] == []


def test_after_an_answer_of_the_wrong_shape_nothing_is_sent_and_each_item_is_accounted_for():
    from ansible_collections.tenantkit.saas.plugins.module_utils.answers import WrongShape  # pylint: disable=import-outside-toplevel
    sent = []

    def create_batch(batch):
        sent.append([item['key'] for item in batch])
        if len(sent) == 2:
            raise WrongShape('X answered with a wrong shape: body is null, expected a list')
        return [(True, item) for item in batch]

    def reread(keys):
        raise AssertionError('a wrong shape is not read back: %s' % keys)

    plan = plan_many([{'key': key} for key in 'abcdefg'], {'g': {'key': 'g', 'size': 1}}, 'key')
    plan.update = [({'key': 'g', 'size': 1}, {'key': 'g', 'size': 2}, ['size'])]
    outcome = apply_and_recheck(plan, 'key', lambda todo: apply_many(
        todo, 'key', 2, create_batch, lambda have, want: sent.append(['update']), None), reread)
    assert sent == [['a', 'b'], ['c', 'd']]
    assert outcome['created'] == ['a', 'b'] and outcome['updated'] == []
    failed = dict((failure.key, failure.message) for failure in outcome['failed'])
    assert sorted(failed) == ['c', 'd', 'e', 'f', 'g']
    assert failed['c'] == 'X answered with a wrong shape: body is null, expected a list'
    assert all(failed[key].startswith('not sent: an earlier answer could not be read') for key in 'efg')
    assert isinstance(outcome['stopped'], WrongShape)


def test_an_item_whose_result_is_lost_is_read_back():
    from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError  # pylint: disable=import-outside-toplevel
    stored = {}

    def create_batch(batch):
        stored.update((item['key'], item) for item in batch)
        return [(True, batch[0]), (False, ApiError('no result for this item', ambiguous=True))]

    def recheck(keys):
        return plan_many([{'key': key} for key in keys], stored, 'key')

    plan = plan_many([{'key': 'a'}, {'key': 'b'}], {}, 'key')
    outcome = apply_and_recheck(plan, 'key', lambda todo: apply_many(todo, 'key', 2, create_batch, None, None),
                                recheck)
    assert sorted(outcome['created']) == ['a', 'b'] and outcome['failed'] == []


@pytest.mark.parametrize('batch, resent, refused', [
    (['a', 'b'], [['a', 'b'], ['b']], []),
    (['b'], [['b']], ['b']),
], ids=['a whole call of two', 'one item'])
def test_a_call_refused_because_one_item_exists_refuses_only_that_item(monkeypatch, batch, resent, refused):
    """An all-or-nothing call (assignment targets) refused because one of its items is there
    already (another run added it): that item is settled by the read-back, the others are sent again.
    A refusal of a call of one item stands when the read-back does not show it."""
    monkeypatch.setattr('time.sleep', lambda seconds: None)
    there = set(['a'] if len(batch) == 2 else [])
    sent = []

    def add(items):
        keys = [item['key'] for item in items]
        sent.append(keys)
        if there & set(keys) or keys == ['b'] and len(sent) == 1:
            raise AlreadyExists('already a target', status=400, code='9086', method='POST', path='/targets')
        there.update(keys)
        return [(True, item) for item in items]

    def recheck(keys):
        fresh = BulkPlan()
        for key in keys:
            (fresh.unchanged if key in there else fresh.create).append({'key': key})
        return fresh

    plan = plan_many([{'key': key} for key in batch], {}, 'key')
    outcome = apply_and_recheck(plan, 'key', lambda todo: apply_many(todo, 'key', 100, add, None, None), recheck)
    assert sent == resent
    assert sorted(outcome['created']) == sorted(set(batch) - set(refused))
    assert [failure.key for failure in outcome['failed']] == refused
