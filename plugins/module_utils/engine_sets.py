# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A set on an object (a group's members, an assignment's targets), as the engine owns it:
resolved before any write, compared, then added and removed in batches, previewed in check
mode, read back after a lost answer, purged only on request, and shown in the result and the
diff. A module declares a SetRelation, makes a SetChange before engine.ensure (it reads and
resolves what it needs before any write) and applies it after; it never looks at check or
diff mode itself."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import (
    BulkPlan, apply_and_recheck, apply_many, preview_many)
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput

# How many refused element changes a message names; the rest are counted.
MESSAGE_ELEMENTS = 5


class SetRelation:
    """What a module declares about a set on its object.

    `field` names the set in the object and the diff; an element is a dict whose `key` is its
    identity and whose `label` shows it. `find(labels)` returns {label: element} for the labels
    that exist; `read(object)`, `add(object, batch)` and `remove(object, batch)` read the set and
    write batches of at most `batch_size`, each write returning one (ok, element or reason) pair
    per element. `unknown(labels)` says, for the message, what labels that do not exist are.
    An object with several sets (an assignment's groups and users) reports `added` and `removed`
    by `field` and names an element in a message with its `noun`; one with a single set (a
    group's members) reports them as lists (`noun` None).
    """

    def __init__(self, field, key, label, find, read, add, remove, batch_size, unknown, noun=None):
        self.field = field
        self.key = key
        self.label = label
        self.find = find
        self.read = read
        self.add = add
        self.remove = remove
        self.batch_size = batch_size
        self.unknown = unknown
        self.noun = noun


def wanted_elements(module, relation, labels):
    """The elements `labels` name (None: the set is left as it is). A label that names nothing
    fails before any write; in check mode an earlier task of the run may only have planned to
    create it, so it is shown as to be added, with a warning."""
    if labels is None:
        return None
    labels = list(dict.fromkeys(labels))
    found = relation.find(labels)
    missing = [label for label in labels if label not in found]
    if missing and not module.check_mode:
        raise InvalidInput('%s: %s, nothing was written: %s' % (
            relation.field, relation.unknown(missing), ', '.join(missing)))
    if missing:
        module.warn('%s %s, shown as to be added (check mode): %s; a real run fails unless an earlier task '
                    'creates them' % (relation.field, relation.unknown(missing, planned=True), ', '.join(missing)))
        found = dict(found, **dict((label, {relation.key: 'unborn:' + label, relation.label: label})
                                   for label in missing))
    return [found[label] for label in labels]


class SetChange:
    """The set of one object brought to what a task asks. Made before engine.ensure: `before` is the
    object as found (None: there is none), `labels` what the set must hold (None: left as it is),
    `present` whether the object is to stay; it reads the set when the result or the diff needs it."""

    def __init__(self, module, relation, before, labels, purge, present):
        self.module = module
        self.relation = relation
        self.before = before
        self.wanted = wanted_elements(module, relation, labels) if present else None
        self.current = relation.read(before) if before is not None and (present or module._diff) else []
        self.purge = purge

    def apply(self, result, resource):
        """After engine.ensure: bring the set of result[resource.name] (the object after) to the
        wanted elements, removing what they do not list only with `purge`. Sets the object's
        `field` (labels, sorted), `added` and `removed` (labels, sorted), `changed` and the diff;
        returns the failures [(verb, label, ItemFailure)].

        An object the task replaced (deleted and created again: a new id) starts with an empty set;
        it gets the wanted elements and, unless `purge`, those the old one held."""
        relation, current, wanted = self.relation, self.current, self.wanted
        after = result[resource.name]
        labels = dict((element[relation.key], element[relation.label]) for element in current + (wanted or []))
        if self._replaced(after, resource):
            kept = current if wanted is None or not self.purge else []
            current, wanted = [], list(dict((element[relation.key], element) for element in (wanted or []) + kept).values())
        plan = _plan(relation, current, wanted, self.purge)
        outcome = {'created': [], 'deleted': [], 'failed': []}
        if after is not None and self.module.check_mode:
            outcome = preview_many(plan, relation.key)
        elif after is not None:
            outcome = apply_and_recheck(plan, relation.key, lambda todo: apply_many(
                todo, relation.key, relation.batch_size, lambda batch: relation.add(after, batch), None,
                lambda batch: relation.remove(after, batch)), lambda keys: _recheck(relation, after, current, wanted, keys))
        added = sorted(labels[key] for key in outcome['created'])
        removed = sorted(labels[key] for key in outcome['deleted'])
        shown = sorted((set(element[relation.label] for element in current) - set(removed)) | set(added))
        if after is not None:
            result[resource.name] = dict(after, **{relation.field: shown})
        result['changed'] = result['changed'] or bool(added or removed)
        if relation.noun is None:
            result.update(added=added, removed=removed)
        else:
            result.setdefault('added', {})[relation.field] = added
            result.setdefault('removed', {})[relation.field] = removed
        if 'diff' in result:
            if result['diff']['before']:
                result['diff']['before'][relation.field] = sorted(element[relation.label] for element in self.current)
            if result['diff']['after'] and after is not None:
                result['diff']['after'][relation.field] = shown
        wanted_keys = set(element[relation.key] for element in wanted or [])
        prefix = '' if relation.noun is None else relation.noun + ' '
        return [('add' if failure.key in wanted_keys else 'remove', prefix + labels[failure.key], failure)
                for failure in outcome['failed']]

    def _replaced(self, after, resource):
        return (self.before is not None and after is not None and after.get(resource.id_field) is not None
                and after[resource.id_field] != self.before[resource.id_field])


def failure_kwargs(what, result, failed):
    """fail_json keyword arguments for the element changes (`failed`, from SetChange.apply) the
    service refused or left unconfirmed: `what` names the changes, "member changes of group 'ops'"."""
    shown = ['%s %s: %s' % (verb, label, failure.message) for verb, label, failure in failed[:MESSAGE_ELEMENTS]]
    more = len(failed) - len(shown)
    kwargs = {'msg': '%d %s failed (%d added, %d removed): %s%s' % (
        len(failed), what, _count(result['added']), _count(result['removed']), '; '.join(shown),
        '; and %d more' % more if more > 0 else '')}
    errors = [failure.error for dummy, dummy_label, failure in failed if failure.error is not None]
    for key in ('status', 'code'):
        if errors and getattr(errors[0], key) is not None:
            kwargs[key] = getattr(errors[0], key)
    return kwargs


def _count(labels):
    return sum(len(each) for each in labels.values()) if isinstance(labels, dict) else len(labels)


def _plan(relation, current, wanted, purge):
    have = dict((element[relation.key], element) for element in current)
    plan = BulkPlan()
    if wanted is None:
        plan.unchanged = list(current)
        return plan
    want = dict((element[relation.key], element) for element in wanted)
    for key, element in want.items():
        (plan.unchanged if key in have else plan.create).append(element)
    if purge:
        plan.delete = [element for key, element in have.items() if key not in want]
    return plan


def _recheck(relation, after, current, wanted, keys):
    """A fresh plan for `keys` from the set read again: a lost answer's write may have been applied."""
    now = set(element[relation.key] for element in relation.read(after))
    want = dict((element[relation.key], element) for element in wanted or [])
    have = dict((element[relation.key], element) for element in current)
    fresh = BulkPlan()
    for key in keys:
        if key in want:
            (fresh.unchanged if key in now else fresh.create).append(want[key])
        else:
            (fresh.delete if key in now else fresh.unchanged).append(have[key])
    return fresh
