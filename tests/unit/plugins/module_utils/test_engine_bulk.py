"""The bulk engine's result: Ansible's reserved keys keep their meaning, the message
counts truthfully and stays short, and a failed result does not grow with the list."""

import json

import pytest

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import (
    MESSAGE_ITEM_CHARS, BulkWrites, Collection, ensure_many)

THINGS = Collection('things', 'name', ('name', 'size'))


class Failed(Exception):
    def __init__(self, result):
        super(Failed, self).__init__(result.get('msg'))
        self.result = result


class FakeModule:
    check_mode = False
    _diff = False
    no_log_values = frozenset()

    def fail_json(self, **kwargs):
        raise Failed(kwargs)


class Store:
    """Things by name; a create of a name in `refuse` is refused with `reason`."""

    def __init__(self, things=(), refuse=(), reason='taken'):
        self.things = dict((thing['name'], dict(thing)) for thing in things)
        self.refuse = set(refuse)
        self.reason = reason

    def lookup(self, names):
        return dict((name, dict(self.things[name])) for name in names if name in self.things)

    def create_batch(self, batch):
        answers = []
        for item in batch:
            if item['name'] in self.refuse:
                answers.append((False, self.reason))
            else:
                self.things[item['name']] = dict(item, thing_id=len(self.things) + 1)
                answers.append((True, dict(self.things[item['name']])))
        return answers

    def update_one(self, current, desired):
        self.things[current['name']].update(desired)
        return dict(self.things[current['name']])

    def delete_batch(self, batch):
        for item in batch:
            self.things.pop(item['name'])
        return [(True, None)] * len(batch)


def ensure(store, items, state='present', diff=False, secrets=(), return_objects=False):
    module = FakeModule()
    module._diff = diff
    module.no_log_values = frozenset(secrets)
    return ensure_many(module, THINGS, items, store.lookup, lambda thing: {'name': thing['name'], 'size': thing['size']},
                       lambda item, current: dict(item), BulkWrites(100, store.create_batch, store.update_one,
                                                                    store.delete_batch), state=state,
                       return_objects=return_objects)


def things(count, size=1):
    return [{'name': 't%04d' % index, 'size': size} for index in range(count)]


def test_a_success_returns_counts_and_the_changed_keys_only():
    store = Store(things(2))
    result = ensure(store, things(2) + things(5)[2:], diff=True)
    assert result['created'] == ['t0002', 't0003', 't0004'] and result['updated'] == result['deleted'] == []
    assert result['counts'] == {'created': 3, 'updated': 0, 'deleted': 0, 'unchanged': 2, 'failed': 0}
    # What grows with the list rather than with the change is left out.
    assert 'unchanged' not in result and 'things' not in result
    # The diff holds the changed items only.
    assert result['diff'] == {'before': {}, 'after': dict(
        ('t%04d' % index, {'name': 't%04d' % index, 'size': 1}) for index in (2, 3, 4))}
    assert result['failed_things'] == [] and 'failed' not in result and 'msg' not in result


def test_objects_and_unchanged_keys_on_request():
    store = Store(things(2))
    result = ensure(store, things(2) + things(5)[2:], return_objects=True)
    assert result['unchanged'] == ['t0000', 't0001']
    assert [thing['name'] for thing in result['things']] == ['t%04d' % index for index in range(5)]


def test_nothing_applied_says_none_applied():
    with pytest.raises(Failed) as caught:
        ensure(Store(refuse=['t0000', 't0001']), things(2))
    result = caught.value.result
    assert result['msg'] == '2 of 2 things failed; none applied: t0000: taken; t0001: taken'
    assert 'failed' not in result and result['changed'] is False
    assert result['failed_things'] == [{'name': 't0000', 'message': 'taken'}, {'name': 't0001', 'message': 'taken'}]


def test_the_message_counts_each_way_an_item_was_applied():
    store = Store([{'name': 't0000', 'size': 1}, {'name': 't0001', 'size': 1}], refuse=['t0003'])
    wanted = [{'name': 't0000', 'size': 1}, {'name': 't0001', 'size': 2}, {'name': 't0002', 'size': 1},
              {'name': 't0003', 'size': 1}]
    with pytest.raises(Failed) as caught:
        ensure(store, wanted)
    assert caught.value.result['msg'] == \
        '1 of 4 things failed; 3 applied (1 created, 1 updated, 1 unchanged): t0003: taken'


def test_many_refusals_name_a_few_and_list_all_in_failed_things():
    items = things(2000)
    refused = [item['name'] for item in items[1::2]]
    long_reason = 'the service explains at length: ' + 'x' * 5000
    store = Store(things(400)[:400:2], refuse=refused, reason=long_reason)
    with pytest.raises(Failed) as caught:
        ensure(store, items, diff=True)
    result = caught.value.result
    shown = 't0001: %s...; t0003: %s...; t0005: %s...' % ((long_reason[:MESSAGE_ITEM_CHARS],) * 3)
    assert result['msg'] == '1000 of 2000 things failed; 1000 applied (800 created, 200 unchanged): %s; ' \
        'and 997 more in failed_things' % shown
    assert len(result['msg']) < 1000
    # Every refused item, in the order given, with its whole reason.
    assert result['failed_things'] == [{'name': name, 'message': long_reason} for name in refused]
    assert len(result['created']) == 800 and result['changed'] is True
    # Nothing else that grows with the list: no objects, no unchanged items.
    assert 'things' not in result and 'unchanged' not in result and 'failed' not in result
    rest = dict((name, value) for name, value in result.items()
                if name not in ('failed_things', 'created', 'updated', 'deleted', 'diff'))
    assert len(json.dumps(rest)) < 1024, rest


def test_a_failed_delete_reports_it_and_leaves_out_the_objects():
    store = Store(things(3))
    store.delete_batch = lambda batch: [(item['name'] != 't0001', None if item['name'] != 't0001' else 'in use')
                                        for item in batch]
    with pytest.raises(Failed) as caught:
        ensure(store, things(3), state='absent')
    result = caught.value.result
    assert result['msg'] == '1 of 3 things failed; 2 applied (2 deleted): t0001: in use'
    assert result['deleted'] == ['t0000', 't0002'] and 'things' not in result


def test_a_secret_in_a_reason_is_masked_before_the_reason_is_cut():
    secret = 'Sig-0123456789abcdef-0123456789abcdef'
    # The secret straddles the point where the message cuts the reason.
    reason = 'x' * (MESSAGE_ITEM_CHARS - 10) + secret + ' and more'
    with pytest.raises(Failed) as caught:
        ensure(Store(refuse=['t0000'], reason=reason), things(1), secrets=[secret])
    msg = caught.value.result['msg']
    masked = 'x' * (MESSAGE_ITEM_CHARS - 10) + '******** and more'
    assert msg == '1 of 1 things failed; none applied: t0000: %s...' % masked[:MESSAGE_ITEM_CHARS]
    assert secret[:4] not in msg
