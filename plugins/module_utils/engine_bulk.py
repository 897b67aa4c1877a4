# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bulk engine: many items of one kind in one task, in batches, each ending
created, updated, deleted, unchanged or failed with its reason, and writes whose
answers were lost read back rather than repeated."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.tenantkit.saas.plugins.module_utils.answers import WrongShape
from ansible_collections.tenantkit.saas.plugins.module_utils import engine
from ansible_collections.tenantkit.saas.plugins.module_utils.engine import (
    changed_fields, managed_view, settle, unconfirmed_text)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput, problems_message
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import AlreadyExists, ApiError, scrub


class Collection:
    """What a bulk module declares: its items' plural noun (the result keys `<noun>`
    and `failed_<noun>`), the key that identifies an item, and the managed fields."""

    def __init__(self, noun, key, fields):
        self.noun = noun
        self.key = key
        self.fields = tuple(fields)


# How many refused items a message names, and how much of each reason it shows;
# failed_<noun> lists them all, whole.
MESSAGE_ITEMS = 3
MESSAGE_ITEM_CHARS = 200
VERBS = ('created', 'updated', 'deleted')


def ensure_many(module, collection, items, lookup, normalise, wanted, writes, state='present',
                update_existing=True, predict=None, return_objects=False):
    """Bring many items to the desired state and return the module result.

    `lookup(keys)` returns {key: object as read} for those that exist;
    `normalise(obj)` the managed view of an object as read, compared with
    `wanted(item, obj or None)`, the whole object to send. `writes` is a
    BulkWrites. In check mode `predict(desired, obj or None)` is what a write
    would leave. Every item ends created, updated, deleted, unchanged or
    failed with its reason; lost answers are read back (apply_and_recheck).
    When any item failed, the task fails (module.fail_json) with the result.
    The objects and the unchanged keys, which grow with the list rather than
    with what changed, are returned only with `return_objects` and on success.
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
    result = _many_result(module, collection, items, plan, outcome, found, state, return_objects)
    if result['failed_' + collection.noun]:
        module.fail_json(**result)
    return result


class BulkWrites:
    """The writes of a bulk module: `create_batch(items)` and `delete_batch(current
    items)` return one (ok, object or reason) pair per item, in order;
    `update_one(object as read, desired)` returns the object afterwards."""

    def __init__(self, batch_size, create_batch, update_one, delete_batch):
        self.batch_size = batch_size
        self.create_batch = create_batch
        self.update_one = update_one
        self.delete_batch = delete_batch


def _many_result(module, collection, items, plan, outcome, found, state, return_objects):
    """The result: `counts`, the keys `created`, `updated` and `deleted`, `failed_<noun>`
    ({key, message} of every refused item) and `diff`; on success with `return_objects`
    also `unchanged` (keys) and `<noun>` (the objects). Ansible's reserved keys keep
    their meaning: no list is returned under `failed`. A failed result carries a short
    `msg`: Ansible prints it whole."""
    key, noun = collection.key, collection.noun
    keys = dict.fromkeys(item[key] for item in items)
    reasons = dict((failure.key, failure.message) for failure in outcome['failed'])
    # In the order the items were given, whichever attempt refused them.
    failed = dict((item_key, reasons[item_key]) for item_key in keys if item_key in reasons)
    failed.update(reasons)
    result = dict((verb, outcome[verb]) for verb in VERBS)
    result['changed'] = any(result[verb] for verb in VERBS)
    result['counts'] = dict((verb, len(result[verb])) for verb in VERBS)
    result['counts'].update(unchanged=len(plan.unchanged), failed=len(failed))
    result['failed_' + noun] = [{key: item_key, 'message': message} for item_key, message in failed.items()]
    if module._diff:
        result['diff'] = _many_diff(collection, plan, failed)
    if not failed:
        if return_objects:
            written = dict((obj[key], obj) for obj in outcome['objects'])
            result['unchanged'] = [obj[key] for obj in plan.unchanged]
            result[noun] = [written.get(item_key, found.get(item_key)) for item_key in keys
                            if (item_key in written or item_key in found) and state != 'absent']
        return result
    whole_call = [failure.error for failure in outcome['failed'] if failure.error is not None]
    if whole_call:
        result.update((name, value) for name, value in whole_call[0].fail_kwargs().items()
                      if name in ('status', 'code'))
    result.update(many_message(noun, len(items), result, failed, outcome.get('stopped'),
                               getattr(module, 'no_log_values', ())))
    return result


def many_message(noun, count, result, failed, stopped, hidden=()):
    if stopped:
        message = '%s. Before it: %d created, %d updated, %d deleted; %d %s not applied or unknown, ' \
            'listed in failed_%s' % (stopped, len(result['created']), len(result['updated']),
                                     len(result['deleted']), len(failed), noun, noun)
        details = dict((name, value) for name, value in stopped.fail_kwargs().items() if name != 'msg')
        details['msg'] = message
        return details
    # Secrets are masked before a reason is cut: a cut secret would no longer be recognised.
    shown = ['%s: %s' % (_cut(item_key, 100), _cut(scrub(message, hidden), MESSAGE_ITEM_CHARS))
             for item_key, message in list(failed.items())[:MESSAGE_ITEMS]]
    more = len(failed) - len(shown)
    return {'msg': '%d of %d %s failed; %s: %s%s' % (
        len(failed), count, noun, _applied(result), '; '.join(shown),
        '; and %d more in failed_%s' % (more, noun) if more else '')}


def _applied(result):
    """'none applied', or how many items are as wanted and how they got there."""
    counts = [(result['counts'][verb], verb) for verb in VERBS + ('unchanged',)]
    total = sum(number for number, dummy in counts)
    if not total:
        return 'none applied'
    return '%d applied (%s)' % (total, ', '.join('%d %s' % (number, verb) for number, verb in counts if number))


def _cut(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + '...'


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


def refuse(problems, where):
    """Refuse, before any request, every problem found at once."""
    if problems:
        raise InvalidInput(problems_message(problems, where))


def list_problems(noun, items, problems_of, identity_of, label_of, where_of=None):
    """Every bad item, each by where it is (`noun[index]`, or `where_of(index)`) and label:
    `problems_of(item, index)` lists what is wrong with one; two items of the same
    `identity_of(item)` are one listed twice."""
    where_of = where_of or (lambda index: '%s[%d]' % (noun, index))
    problems, seen = [], {}
    for index, item in enumerate(items):
        found = problems_of(item, index)
        key = identity_of(item)
        if key in seen:
            first = items[seen[key]]
            found.append('listed twice, first at %s' % where_of(seen[key]) if label_of(first) == label_of(item) else
                         'the same as %s (%s): the service compares it without regard to case'
                         % (where_of(seen[key]), label_of(first)))
        seen.setdefault(key, index)
        problems.extend('%s (%s): %s' % (where_of(index), label_of(item), problem) for problem in found)
    return problems


class EachRun:
    """Objects of one kind ensured one after another in one module run (engine.ensure for
    each, over one login and one read of the list): each ends with its object, or failed
    with its reason, and a refusal never stops the others. `noun` is the object's result
    key (`group`); the module result lists them under `<noun>s` and `failed_<noun>s`, with
    `counts` and the names `created`, `updated` and `deleted` as ncloud_users_bulk's."""

    def __init__(self, module, noun):
        self.module = module
        self.noun = noun
        self.objects = []
        self.failed = {}
        self.diff = {'before': {}, 'after': {}}
        self.changed = dict((verb, []) for verb in VERBS)
        self.unchanged = 0
        self.stopped = None

    def run(self, label, ensure_one):
        """`ensure_one()` returns (engine.ensure's result, how the object got there: a verb
        of VERBS or 'unchanged'); the result, or None when this object failed. After an
        answer of the wrong shape nothing more is sent."""
        if self.stopped is not None:
            return self.fail(label, 'not sent: an earlier answer could not be read (%s)' % self.stopped.message)
        try:
            result, verb = ensure_one()
        except WrongShape as error:
            self.stopped = error
            return self.fail(label, str(error))
        except (ApiError, InvalidInput) as error:
            return self.fail(label, str(error))
        if verb in self.changed:
            self.changed[verb].append(label)
        else:
            self.unchanged += 1
        if result['changed']:
            # As ncloud_users_bulk's diff: a create has no `before`, a delete no `after`.
            for side, fields in result.get('diff', {}).items():
                if fields:
                    self.diff[side][label] = fields
        self.objects.append(result[self.noun])
        return result

    def fail(self, label, message):
        self.failed[label] = scrub(message, self.module.no_log_values)
        self.objects.append(None)

    def result(self, items, labels):
        """The module result; fails the task (module.fail_json) when any object failed."""
        plural = self.noun + 's'
        counts = dict((verb, len(named)) for verb, named in self.changed.items())
        counts.update(unchanged=self.unchanged, failed=len(self.failed))
        result = dict(self.changed, changed=any(self.changed.values()), counts=counts)
        result[plural] = self.objects
        result['failed_' + plural] = [{'name': item['name'], 'message': self.failed[label]}
                                      for item, label in zip(items, labels) if label in self.failed]
        if self.module._diff:
            result['diff'] = self.diff
        if self.failed:
            self.module.fail_json(**dict(result, **many_message(
                plural, len(items), result, self.failed, None, self.module.no_log_values)))
        return result


def labels_of(items, where_of):
    """How each object is named in the message and the diff: its name, and `where_of(item)`
    when names repeat."""
    names = [item['name'] for item in items]
    return [item['name'] if names.count(item['name']) == 1 else '%s (%s)' % (item['name'], where_of(item))
            for item in items]


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
    if it is there it is planned again from it, otherwise the refusal stands
    (unless a whole call of several items was refused: then it is sent again).
    An item settled by a re-read is reported under the verb first tried,
    without an entry in `objects`: the caller's re-read holds it.
    """
    policy = policy or engine.WRITE_RETRY
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
        # A whole call refused because one of its items exists (one error shared by its items) tells
        # nothing of the others: those still missing are sent again.
        shared = [id(failure.error) for failure in unsure]
        refused = [item for item in fresh.create if isinstance(lost[item[key]].error, AlreadyExists)
                   and shared.count(id(lost[item[key]].error)) == 1]
        fresh.create = [item for item in fresh.create if item not in refused]
        outcome['failed'].extend(ItemFailure(item[key], lost[item[key]].message) for item in refused)
        if tries == policy.attempts:
            outcome['failed'].extend(
                ItemFailure(item[key], unconfirmed_text(tries, lost[item[key]].message))
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
