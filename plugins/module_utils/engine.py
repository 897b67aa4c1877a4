# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: compare what is wanted with what exists, then create,
update, delete or leave alone, honouring check mode and diff mode.

The engine knows no vendor. Modules hand it plain dicts keyed by their own
option names and callables that perform the writes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import WrongShape
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, RetryPolicy

# How many times a write is sent when its answers are lost, and the pause between.
WRITE_RETRY = RetryPolicy(attempts=3, base_delay=0.5, max_delay=4.0)


def changed_fields(current, desired):
    """Names of the desired fields (None means 'not managed') that differ from current."""
    current = current or {}
    return [name for name, value in desired.items()
            if value is not None and _normalise(current.get(name)) != _normalise(value)]


def _normalise(value):
    if isinstance(value, dict):
        return dict((key, _normalise(item)) for key, item in value.items() if item is not None)
    if isinstance(value, list):
        return sorted((_normalise(item) for item in value), key=repr)
    return value


def managed_view(obj, fields):
    """The managed fields of an object, the shape shown in a diff."""
    if obj is None:
        return {}
    return dict((name, obj.get(name)) for name in fields)


class Resource:
    """What a managing module declares: the name of the resource in its
    result and the fields it manages."""

    def __init__(self, name, fields):
        self.name = name
        self.fields = tuple(fields)


def ensure(module, resource, current, desired, state='present',
           create=None, update=None, delete=None, reread=None, policy=None):
    """Bring one object to the desired state and return the module result.

    `current` is the object as it is (None if absent), `desired` the wanted
    managed fields. `create(desired)` and `update(current, changes)` return
    the object as it is afterwards; `delete(current)` returns nothing.

    A write whose answer was lost (timeout, reset, 5xx) may have been
    applied. Given `reread()`, which returns the object as it is now, the
    engine reads again and plans again from what it finds, at most
    `policy.attempts` writes in all; it never repeats a write blindly.
    A write the service may still be working on (no answer in time, 504)
    is read back until it shows or `timeout` more seconds have passed,
    before it is sent again. A create refused because the object exists
    (AlreadyExists: another run made it meanwhile) is read back once and
    planned again from what is there.
    """
    policy = policy or WRITE_RETRY
    desired = dict((name, value) for name, value in desired.items() if name in resource.fields)
    before, tries, lost = current, 0, None
    while True:
        verb, changes = _next_write(current, desired, state)
        if verb is None:
            return _result(module, resource, before, current, tries > 0)
        if module.check_mode:
            return _result(module, resource, before, _expected(resource, verb, current, desired, changes), True)
        if tries >= policy.attempts:
            raise _unconfirmed(resource, verb, desired, tries, lost)
        tries += 1
        try:
            return _result(module, resource, before,
                           _write(verb, current, desired, changes, create, update, delete), True)
        except AlreadyExists as error:
            current = reread() if reread else None
            if current is None:
                raise error
            continue
        except ApiError as error:
            if not (error.ambiguous and reread):
                raise
            lost = error
        time.sleep(policy.delay(tries - 1))
        current = settle(lambda: _check_after_lost_answer(reread, resource, verb, desired, lost),
                         lambda now: _next_write(now, desired, state)[0] is not None, lost.in_flight)


def _next_write(current, desired, state):
    if state == 'absent':
        return ('delete', None) if current is not None else (None, None)
    if current is None:
        return 'create', None
    names = changed_fields(current, desired)
    if not names:
        return None, None
    return 'update', dict((name, desired[name]) for name in names)


def _expected(resource, verb, current, desired, changes):
    if verb == 'create':
        return managed_view(desired, resource.fields)
    if verb == 'update':
        return dict(current, **changes)
    return None


def _write(verb, current, desired, changes, create, update, delete):
    if verb == 'create':
        return create(desired)
    if verb == 'update':
        return update(current, changes)
    delete(current)
    return None


def _describe(resource, verb, desired):
    label = resource.name
    if desired.get('name'):
        label += ' %r' % desired['name']
    return '%s of %s' % (verb, label)


def _check_after_lost_answer(reread, resource, verb, desired, lost):
    try:
        return reread()
    except ApiError as error:
        raise ApiError('the %s may have been applied: its answer was lost (%s) and reading it back '
                       'failed too' % (_describe(resource, verb, desired), lost),
                       status=error.status, code=error.code, vendor_message=error.vendor_message,
                       method=error.method, path=error.path, attempts=error.attempts)


def settle(read, pending, patience):
    """read() until pending(what was read) is false or `patience` seconds pass; the last read."""
    deadline = time.time() + patience
    interval = max(0.1, min(1.0, patience / 5.0))
    fresh = read()
    while pending(fresh) and time.time() < deadline:
        time.sleep(min(interval, max(0.0, deadline - time.time())))
        fresh = read()
    return fresh


def _unconfirmed_text(tries, last_answer):
    return ('sent %d times; no answer confirmed it and each read-back showed it not applied. '
            'Last answer: %s' % (tries, last_answer))


def _unconfirmed(resource, verb, desired, tries, lost):
    return ApiError('the %s was %s' % (_describe(resource, verb, desired), _unconfirmed_text(tries, lost.message)),
                    status=lost.status, code=lost.code, vendor_message=lost.vendor_message,
                    method=lost.method, path=lost.path, attempts=tries)


def _result(module, resource, before, after, changed):
    result = {'changed': changed, resource.name: after}
    if module._diff:
        result['diff'] = {'before': managed_view(before, resource.fields),
                          'after': managed_view(after, resource.fields)}
    return result


class ItemFailure:
    """One item of a bulk write that the service refused."""

    def __init__(self, key, message, error=None):
        self.key = key
        self.message = message
        # The ApiError when a whole call failed, for its status and code.
        self.error = error


class BulkPlan:
    """What a bulk run will do, item by item, keyed by identity."""

    def __init__(self):
        self.create = []
        self.update = []
        self.delete = []
        self.unchanged = []


def plan_many(desired_items, current_by_key, key, state='present', update_existing=True):
    """Sort desired items into create / update / delete / unchanged.

    `update` holds (current, desired, changed field names) triples.
    """
    plan = BulkPlan()
    for item in desired_items:
        current = current_by_key.get(item[key])
        if state == 'absent':
            (plan.delete if current is not None else plan.unchanged).append(current or item)
        elif current is None:
            plan.create.append(item)
        else:
            names = changed_fields(current, item) if update_existing else []
            if names:
                plan.update.append((current, item, names))
            else:
                plan.unchanged.append(current)
    return plan


def batches(items, size):
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def preview_many(plan, key):
    """What apply_many would report if every write succeeded: check mode."""
    return {'created': [item[key] for item in plan.create],
            'updated': [desired[key] for dummy, desired, dummy_names in plan.update],
            'deleted': [item[key] for item in plan.delete],
            'failed': [],
            'objects': list(plan.create) + [desired for dummy, desired, dummy_names in plan.update],
            'stopped': None}


def apply_many(plan, key, batch_size, create_batch, update_one, delete_batch):
    """Apply a BulkPlan and report per item what was and was not applied.

    `create_batch(items)` and `delete_batch(items)` return one
    (ok, object or message) pair per item, in order; a message that is an
    ApiError means the item's answer was lost (it may have been applied).
    `update_one(current, desired)` returns the object afterwards or raises
    ApiError. A failure of a whole call marks every item of that call failed
    and carries on, except an answer of the wrong shape (WrongShape): after
    it nothing is sent, the items not sent are failed, and `stopped` holds it.
    `objects` holds the objects as the writes answered them.
    """
    outcome = {'created': [], 'updated': [], 'deleted': [], 'failed': [], 'objects': [], 'stopped': None}
    _apply_batches(plan.create, key, batch_size, create_batch, outcome, 'created')
    for current, desired, dummy in plan.update:
        if outcome['stopped']:
            outcome['failed'].append(_not_sent(desired[key], outcome['stopped']))
            continue
        try:
            outcome['objects'].append(update_one(current, desired))
            outcome['updated'].append(desired[key])
        except ApiError as error:
            _stop_after(error, outcome)
            outcome['failed'].append(ItemFailure(desired[key], str(error), error))
    _apply_batches(plan.delete, key, batch_size, delete_batch, outcome, 'deleted')
    return outcome


def _apply_batches(items, key, batch_size, write_batch, outcome, verb):
    for batch in batches(items, batch_size):
        if outcome['stopped']:
            outcome['failed'].extend(_not_sent(item[key], outcome['stopped']) for item in batch)
            continue
        error = None
        try:
            answers = write_batch(batch)
        except ApiError as exc:
            _stop_after(exc, outcome)
            error = exc
            answers = [(False, str(exc))] * len(batch)
        for item, (ok, value) in zip(batch, answers):
            if ok:
                outcome[verb].append(item[key])
                if verb != 'deleted':
                    outcome['objects'].append(value)
            elif isinstance(value, ApiError):
                outcome['failed'].append(ItemFailure(item[key], str(value), value))
            else:
                outcome['failed'].append(ItemFailure(item[key], value, error))


def _stop_after(error, outcome):
    if isinstance(error, WrongShape):
        outcome['stopped'] = error


def _not_sent(item_key, stopped):
    return ItemFailure(item_key, 'not sent: an earlier answer could not be read (%s)' % stopped.message)


def apply_and_recheck(plan, key, apply, recheck, policy=None):
    """apply_many, made safe for writes whose answers were lost.

    `apply(plan)` runs apply_many; `recheck(keys)` reads those items again
    and returns a fresh BulkPlan for them. Items whose write may have been
    applied are re-read: those now as wanted count as done, the rest are
    written again, at most `policy.attempts` times in all. An item whose
    create was refused because it exists (AlreadyExists) is re-read too:
    if it is there it is planned again from it, otherwise the refusal stands.
    An item settled by a re-read is reported under the verb first tried,
    without an entry in `objects`: the caller's re-read holds it.
    """
    policy = policy or WRITE_RETRY
    verb_of = dict([(item[key], 'created') for item in plan.create]
                   + [(desired[key], 'updated') for dummy, desired, dummy_names in plan.update]
                   + [(item[key], 'deleted') for item in plan.delete])
    outcome = apply(plan)
    for tries in range(1, policy.attempts + 1):
        unsure = [failure for failure in outcome['failed']
                  if failure.error is not None and (failure.error.ambiguous or isinstance(failure.error, AlreadyExists))]
        if not unsure or outcome.get('stopped'):
            break
        outcome['failed'] = [failure for failure in outcome['failed'] if failure not in unsure]
        time.sleep(policy.delay(tries - 1))
        lost = dict((failure.key, failure) for failure in unsure)
        in_flight = set(failure.key for failure in unsure if failure.error.in_flight)
        try:
            fresh = settle(lambda: recheck(list(lost)),
                           lambda plan: any(item[key] in in_flight for item in _planned_items(plan)),
                           max([failure.error.in_flight for failure in unsure]))
        except ApiError as error:
            outcome['failed'].extend(ItemFailure(failure.key, '%s; it may have been applied: reading it back '
                                                 'failed too: %s' % (failure.message, error))
                                     for failure in unsure)
            break
        for item in fresh.unchanged:
            outcome[verb_of[item[key]]].append(item[key])
        refused = [item for item in fresh.create if isinstance(lost[item[key]].error, AlreadyExists)]
        fresh.create = [item for item in fresh.create if item not in refused]
        outcome['failed'].extend(ItemFailure(item[key], lost[item[key]].message) for item in refused)
        if tries == policy.attempts:
            outcome['failed'].extend(
                ItemFailure(item[key], _unconfirmed_text(tries, lost[item[key]].message))
                for item in _planned_items(fresh))
            break
        if _planned_items(fresh):
            _merge(outcome, apply(fresh), verb_of)
    return outcome


def _planned_items(plan):
    return list(plan.create) + [desired for dummy, desired, dummy_names in plan.update] + list(plan.delete)


def _merge(outcome, more, verb_of):
    for verb in ('created', 'updated', 'deleted'):
        for item_key in more[verb]:
            outcome[verb_of.get(item_key, verb)].append(item_key)
    outcome['objects'].extend(more['objects'])
    outcome['failed'].extend(more['failed'])
    outcome['stopped'] = outcome.get('stopped') or more.get('stopped')
