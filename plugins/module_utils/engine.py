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
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput
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
    """What a managing module declares about the object it manages.

    `name` is the object's key in the result; `fields` the managed fields,
    compared and shown in the diff. The object is found by `id_field` when the
    task gives an id, otherwise by its `identity` fields (none: the only one
    there is). `create_only` fields are sent on create and never changed later
    (a difference draws a warning); `write_only` fields are sent but never read
    back, so they are never compared.
    """

    def __init__(self, name, fields, id_field=None, identity=('name',), create_only=(), write_only=(),
                 where=''):
        self.name = name
        self.fields = tuple(fields)
        self.id_field = id_field
        self.identity = tuple(identity)
        self.create_only = tuple(create_only)
        self.write_only = tuple(write_only)
        # Said after "is not among the <name>s ...", for an id the lookup did not find.
        self.where = where

    @property
    def compared(self):
        skip = set(self.create_only) | set(self.write_only) | set([self.id_field])
        return tuple(name for name in self.fields if name not in skip)

    def identity_text(self, desired):
        return ', '.join('%s=%r' % (name, desired.get(name)) for name in self.identity)


def find(resource, candidates, desired):
    """The candidate `desired` names, by id or by identity; None if none does.
    Several are refused, naming them: the module never picks one."""
    wanted_id = desired.get(resource.id_field) if resource.id_field else None
    if wanted_id is not None:
        matches = [one for one in candidates if one.get(resource.id_field) == wanted_id]
    else:
        matches = [one for one in candidates
                   if all(one.get(name) == desired.get(name) for name in resource.identity)]
    if len(matches) > 1:
        raise InvalidInput('%d %ss match %s (%s %s); set %s to choose one' % (
            len(matches), resource.name, resource.identity_text(desired), resource.id_field,
            ', '.join(str(one.get(resource.id_field)) for one in matches), resource.id_field))
    return matches[0] if matches else None


def ensure(module, resource, desired, lookup, create=None, update=None, delete=None, state='present',
           check=None, resend=(), policy=None):
    """Find the object, bring it to the desired state and return the module result.

    `desired` holds the task's values keyed by field (None: not managed), with
    the id and identity fields. `lookup()` returns the objects the service
    shows (the candidates); `check(candidates, current)` may refuse, before
    any write, what the service would refuse. `create(desired)` and
    `update(current, changes)` return the object afterwards; `delete(current)`
    returns nothing. `resend` names write-only fields sent on every run.

    A write whose answer was lost (timeout, reset, 5xx) may have been
    applied: the engine reads again and plans again from what it finds, at
    most `policy.attempts` writes in all; it never repeats a write blindly.
    A write the service may still be working on (no answer in time, 504)
    is read back until it shows or `timeout` more seconds have passed,
    before it is sent again. A create refused because the object exists
    (AlreadyExists: another run made it meanwhile) is read back once and
    planned again from it; found as wanted, it is unchanged.
    """
    policy = policy or WRITE_RETRY
    candidates = lookup()
    current = find(resource, candidates, desired)
    if current is None and state == 'present' and desired.get(resource.id_field) is not None:
        raise InvalidInput('%s %s is not among the %ss %s; leave %s out to create one' % (
            resource.id_field, desired[resource.id_field], resource.name, resource.where or 'the service shows',
            resource.id_field))
    if check is not None:
        check(candidates, current)
    _warn_create_only(module, resource, current, desired)

    def reread():
        return find(resource, lookup(), desired)

    sent = dict.fromkeys(resource.write_only)
    before, wrote, tries, lost = current, False, 0, None
    while True:
        verb, changes = _next_write(resource, current, desired, state, resend)
        if verb is None:
            return _result(module, resource, before, _with_sent(current, sent), wrote)
        sent = _write_only_sent(resource, verb, desired, changes)
        if module.check_mode:
            return _result(module, resource, before,
                           _with_sent(_expected(resource, verb, current, desired, changes), sent), True)
        if tries >= policy.attempts:
            raise _unconfirmed(resource, verb, desired, tries, lost)
        tries += 1
        try:
            after = _write(verb, current, desired, changes, create, update, delete)
            return _result(module, resource, before, _with_sent(after, sent), True)
        except AlreadyExists as error:
            current = reread()
            if current is None:
                raise error
            # Another run made it: as this run found it, it is where `before` starts.
            before = before if wrote else current
            sent, resend = dict.fromkeys(resource.write_only), ()
            continue
        except ApiError as error:
            if not error.ambiguous:
                raise
            lost, wrote = error, True
        time.sleep(policy.delay(tries - 1))
        current = settle(lambda: _check_after_lost_answer(reread, resource, verb, desired, lost),
                         lambda now: _next_write(resource, now, desired, state, resend)[0] is not None,
                         lost.in_flight)
        if verb == 'create':
            # The lost create carried the write-only fields; what the read-back shows is theirs.
            resend = ()


def _warn_create_only(module, resource, current, desired):
    for name in resource.create_only if current is not None else ():
        if desired.get(name) is not None and desired[name] != current.get(name):
            module.warn('%s %r was not applied: %s %s has %r and it cannot be changed after it is created'
                        % (name, desired[name], resource.name, current.get(resource.id_field), current.get(name)))


def _next_write(resource, current, desired, state, resend):
    if state == 'absent':
        return ('delete', None) if current is not None else (None, None)
    if current is None:
        return 'create', None
    wanted = dict((name, desired.get(name)) for name in resource.compared)
    changes = dict((name, desired[name]) for name in changed_fields(current, wanted))
    changes.update((name, desired[name]) for name in resend if desired.get(name) is not None)
    return ('update', changes) if changes else (None, None)


def _write_only_sent(resource, verb, desired, changes):
    """The write-only values a write carries: all on create, the changed ones on update."""
    carried = desired if verb == 'create' else (changes or {})
    return dict((name, carried.get(name)) for name in resource.write_only)


def _with_sent(obj, sent):
    """The object with the write-only values this run sent (null: not sent, so unknown)."""
    if obj is None or not sent:
        return obj
    return dict(obj, **sent)


def _expected(resource, verb, current, desired, changes):
    if verb == 'create':
        return dict(managed_view(desired, resource.fields), **{resource.id_field: None}) \
            if resource.id_field else managed_view(desired, resource.fields)
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
        # Nobody read a write-only field: `before` never shows one, `after` only what was sent.
        unread = set(resource.write_only)
        result['diff'] = {'before': dict((name, value) for name, value in managed_view(before, resource.fields).items()
                                         if name not in unread),
                          'after': dict((name, value) for name, value in managed_view(after, resource.fields).items()
                                        if name not in unread or value is not None)}
    return result


class Collection:
    """What a bulk module declares: its items' plural noun (the result keys `<noun>`
    and `failed_<noun>`), the key that identifies an item, and the managed fields."""

    def __init__(self, noun, key, fields):
        self.noun = noun
        self.key = key
        self.fields = tuple(fields)


# How many refused items a message names; the result lists them all.
MESSAGE_LIMIT = 10


def ensure_many(module, collection, items, lookup, normalise, wanted, writes, state='present',
                update_existing=True, predict=None):
    """Bring many items to the desired state and return the module result.

    `lookup(keys)` returns {key: object as read} for those that exist;
    `normalise(obj)` the managed view of an object as read, compared with
    `wanted(item, obj or None)`, the whole object to send. `writes` is a
    BulkWrites. In check mode `predict(desired, obj or None)` is what a write
    would leave. Every item ends created, updated, deleted, unchanged or
    failed with its reason; lost answers are read back (apply_and_recheck).
    """
    key = collection.key
    found = lookup([item[key] for item in items])
    by_key = dict((item[key], item) for item in items)

    def plan_for(subset):
        current = dict((item_key, normalise(obj)) for item_key, obj in found.items())
        desired = [item if state == 'absent' else wanted(item, found.get(item[key])) for item in subset]
        return plan_many(desired, current, key, state, update_existing)

    def recheck(keys):
        fresh = lookup(keys)
        for item_key in keys:
            found.pop(item_key, None)
        found.update(fresh)
        return plan_for([by_key[item_key] for item_key in keys])

    plan = plan_for(items)
    if module.check_mode:
        outcome = preview_many(plan, key)
        outcome['objects'] = [predict(obj, found.get(obj[key])) if predict else obj for obj in outcome['objects']]
    else:
        outcome = apply_and_recheck(plan, key, lambda todo: apply_many(
            todo, key, writes.batch_size, writes.create_batch,
            lambda have, want: writes.update_one(found[have[key]], want), writes.delete_batch), recheck)
    return _many_result(module, collection, items, plan, outcome, found, state)


class BulkWrites:
    """The writes of a bulk module: `create_batch(items)` and `delete_batch(current
    items)` return one (ok, object or reason) pair per item, in order;
    `update_one(object as read, desired)` returns the object afterwards."""

    def __init__(self, batch_size, create_batch, update_one, delete_batch):
        self.batch_size = batch_size
        self.create_batch = create_batch
        self.update_one = update_one
        self.delete_batch = delete_batch


def _many_result(module, collection, items, plan, outcome, found, state):
    key, noun = collection.key, collection.noun
    failed = dict((failure.key, failure.message) for failure in outcome['failed'])
    written = dict((obj[key], obj) for obj in outcome['objects'])
    result = dict((verb, outcome[verb]) for verb in ('created', 'updated', 'deleted'))
    result.update(changed=bool(result['created'] or result['updated'] or result['deleted']),
                  unchanged=[obj[key] for obj in plan.unchanged],
                  failed=[{key: item_key, 'message': message} for item_key, message in failed.items()])
    # ansible-core 2.19 turns a truthy `failed` into true when it fails the task.
    result['failed_' + noun] = result['failed']
    keys = dict.fromkeys(item[key] for item in items)
    result[noun] = [written.get(item_key, found.get(item_key)) for item_key in keys
                    if (item_key in written or item_key in found)
                    and not (state == 'absent' and item_key not in failed)]
    if module._diff:
        result['diff'] = _many_diff(collection, plan, failed)
    whole_call = [failure.error for failure in outcome['failed'] if failure.error is not None]
    if whole_call:
        result.update((name, value) for name, value in whole_call[0].fail_kwargs().items()
                      if name in ('status', 'code'))
    result.update(_many_message(noun, len(items), result, failed, outcome.get('stopped')))
    return result


def _many_message(noun, count, result, failed, stopped):
    if stopped:
        message = '%s. Before it: %d created, %d updated, %d deleted; %d %s not applied or unknown, ' \
            'listed in failed_%s' % (stopped, len(result['created']), len(result['updated']),
                                     len(result['deleted']), len(failed), noun, noun)
        details = dict((name, value) for name, value in stopped.fail_kwargs().items() if name != 'msg')
        details['msg'] = message
        return details
    if not failed:
        return {}
    shown = ['%s: %s' % (item_key, message) for item_key, message in list(failed.items())[:MESSAGE_LIMIT]]
    more = len(failed) - len(shown)
    return {'msg': '%d of %d %s failed; the others were applied: %s%s' % (
        len(failed), count, noun, '; '.join(shown), ' (and %d more in failed)' % more if more else '')}


def _many_diff(collection, plan, failed):
    """Per changed item, the managed fields before and after; nothing else."""
    key = collection.key
    before, after = {}, {}
    for obj in plan.create:
        after[obj[key]] = managed_view(obj, collection.fields)
    for current, desired, dummy in plan.update:
        before[current[key]], after[current[key]] = (managed_view(current, collection.fields),
                                                     managed_view(desired, collection.fields))
    for obj in plan.delete:
        before[obj[key]] = managed_view(obj, collection.fields)
    for item_key in failed:
        before.pop(item_key, None)
        after.pop(item_key, None)
    return {'before': before, 'after': after}


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
