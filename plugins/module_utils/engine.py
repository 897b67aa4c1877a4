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

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError


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
           create=None, update=None, delete=None):
    """Bring one object to the desired state and return the module result.

    `current` is the object as it is (None if absent), `desired` the wanted
    managed fields. `create(desired)` and `update(current, changes)` return
    the object as it is afterwards; `delete(current)` returns nothing.
    """
    desired = dict((name, value) for name, value in desired.items() if name in resource.fields)
    if state == 'absent':
        if current is None:
            return _result(module, resource, None, None, False)
        if not module.check_mode:
            delete(current)
        return _result(module, resource, current, None, True)

    if current is None:
        after = managed_view(desired, resource.fields)
        if not module.check_mode:
            after = create(desired)
        return _result(module, resource, None, after, True)

    names = changed_fields(current, desired)
    if not names:
        return _result(module, resource, current, current, False)
    changes = dict((name, desired[name]) for name in names)
    after = dict(current, **changes)
    if not module.check_mode:
        after = update(current, changes)
    return _result(module, resource, current, after, True)


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
            'objects': list(plan.create) + [desired for dummy, desired, dummy_names in plan.update]}


def apply_many(plan, key, batch_size, create_batch, update_one, delete_batch):
    """Apply a BulkPlan and report per item what was and was not applied.

    `create_batch(items)` and `delete_batch(items)` return one
    (ok, object or message) pair per item, in order; `update_one(current,
    desired)` returns the object afterwards or raises ApiError. A failure
    of a whole call marks every item of that call failed and carries on.
    """
    outcome = {'created': [], 'updated': [], 'deleted': [], 'failed': [], 'objects': []}
    _apply_batches(plan.create, key, batch_size, create_batch, outcome, 'created')
    for current, desired, dummy in plan.update:
        try:
            outcome['objects'].append(update_one(current, desired))
            outcome['updated'].append(desired[key])
        except ApiError as error:
            outcome['failed'].append(ItemFailure(desired[key], str(error), error))
            outcome['objects'].append(current)
    _apply_batches(plan.delete, key, batch_size, delete_batch, outcome, 'deleted')
    return outcome


def _apply_batches(items, key, batch_size, write_batch, outcome, verb):
    for batch in batches(items, batch_size):
        error = None
        try:
            answers = write_batch(batch)
        except ApiError as exc:
            error = exc
            answers = [(False, str(exc))] * len(batch)
        for item, (ok, value) in zip(batch, answers):
            if ok:
                outcome[verb].append(item[key])
                if verb != 'deleted':
                    outcome['objects'].append(value)
            else:
                outcome['failed'].append(ItemFailure(item[key], value, error))
