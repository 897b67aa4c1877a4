# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: find the object, compare what is wanted with what exists,
then create, update, delete or leave alone, honouring check mode and diff mode
(many objects at once: engine_bulk).

The engine knows no vendor. Modules hand it plain dicts keyed by their own
option names and callables that perform the writes.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

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
    back, so they are never compared. `secret` fields of the objects the service
    returns are never compared or shown in a diff, and their values are masked in
    all output unless the task asks for them (ensure's `reveal_secrets`).
    """

    def __init__(self, name, fields, id_field=None, identity=('name',), create_only=(), write_only=(),
                 secret=(), where=''):
        self.name = name
        self.fields = tuple(fields)
        self.id_field = id_field
        self.identity = tuple(identity)
        self.create_only = tuple(create_only)
        self.write_only = tuple(write_only)
        self.secret = tuple(secret)
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


def refuse_unless_planned(module, message, shown):
    """Refuse before any write what a real run cannot do; in check mode an earlier task of the
    run may only have planned what is missing, so the task goes on with a warning, `shown` saying
    how the result shows it."""
    if not module.check_mode:
        raise InvalidInput(message)
    module.warn('%s (check mode: %s; a real run fails unless an earlier task creates it)' % (message, shown))


def read_once_then(first, read):
    """A lookup that answers `first` (what the module has just read) once, then calls `read()`."""
    pending = [first]

    def lookup():
        return pending.pop() if pending else read()
    return lookup


# What ensure_and_verb says of the object: how it got to the desired state.
VERB_OF_WRITE = {None: 'unchanged', 'create': 'created', 'update': 'updated', 'delete': 'deleted'}


def ensure(*args, **kwargs):
    """ensure_and_verb's module result alone."""
    return ensure_and_verb(*args, **kwargs)[0]


def ensure_and_verb(module, resource, desired, lookup, create=None, update=None, delete=None, state='present',
                    check=None, resend=(), policy=None, reveal_secrets=False):
    """Find the object, bring it to the desired state and return the module result with
    how the object got there (VERB_OF_WRITE: created, updated, deleted or unchanged).

    `desired` holds the task's values keyed by field (None: not managed), with
    the id and identity fields. `lookup()` returns the objects the service
    shows (the candidates); `check(candidates, current)` may refuse, before
    any write, what the service would refuse. `create(desired)` and
    `update(current, changes)` return the object afterwards; `delete(current)`
    returns nothing. `resend` names write-only fields sent on every run.
    Secret values of what lookup, create and update return are masked in the
    module's output unless `reveal_secrets`.

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
    if resource.secret and not reveal_secrets:
        lookup, create, update = (_masking(module, resource, call) for call in (lookup, create, update))
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
    before, wrote, tries, lost = current, None, 0, None
    while True:
        verb, changes = _next_write(resource, current, desired, state, resend)
        if verb is None:
            # `wrote`: a write whose answer was lost, which the read-back shows applied.
            return _result(module, resource, before, _with_sent(current, sent), wrote is not None), VERB_OF_WRITE[wrote]
        sent = _write_only_sent(resource, verb, desired, changes)
        if module.check_mode:
            return (_result(module, resource, before,
                            _with_sent(_expected(resource, verb, current, desired, changes), sent), True),
                    VERB_OF_WRITE[verb])
        if tries >= policy.attempts:
            raise _unconfirmed(resource, verb, desired, tries, lost)
        tries += 1
        try:
            after = _write(verb, current, desired, changes, create, update, delete)
            return _result(module, resource, before, _with_sent(after, sent), True), VERB_OF_WRITE[wrote or verb]
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
            lost, wrote = error, wrote or verb
        time.sleep(policy.delay(tries - 1))
        current = settle(lambda: _check_after_lost_answer(reread, resource, verb, desired, lost),
                         lambda now: _next_write(resource, now, desired, state, resend)[0] is not None,
                         lost.in_flight)
        if verb == 'create':
            # The lost create carried the write-only fields; what the read-back shows is theirs.
            resend = ()


def _masking(module, resource, call):
    """`call`, whose answer's secret values (one object or a list) join the module's no_log values."""
    if call is None:
        return None

    def masked(*args):
        answer = call(*args)
        for obj in answer if isinstance(answer, list) else [answer]:
            module.no_log_values.update(str(obj[name]) for name in resource.secret if (obj or {}).get(name))
        return answer
    return masked


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
        raise error.restated('the %s may have been applied: its answer was lost (%s) and reading it back '
                             'failed too' % (_describe(resource, verb, desired), lost))


def settle(read, pending, patience):
    """read() until pending(what was read) is false or `patience` seconds pass; the last read."""
    deadline = time.time() + patience
    interval = max(0.1, min(1.0, patience / 5.0))
    fresh = read()
    while pending(fresh) and time.time() < deadline:
        time.sleep(min(interval, max(0.0, deadline - time.time())))
        fresh = read()
    return fresh


def unconfirmed_text(tries, last_answer):
    return ('sent %d times; no answer confirmed it and each read-back showed it not applied. '
            'Last answer: %s' % (tries, last_answer))


def _unconfirmed(resource, verb, desired, tries, lost):
    return lost.restated('the %s was %s' % (_describe(resource, verb, desired), unconfirmed_text(tries, lost.message)),
                         attempts=tries)


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
