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


class SetRelation:
    """What a module declares about a set on its object.

    `field` names the set in the object and the diff; an element is a dict whose `key` is its
    identity and whose `label` shows it. `find(labels)` returns {label: element} for the labels
    that exist; `read(object)`, `add(object, batch)` and `remove(object, batch)` read the set and
    write batches of at most `batch_size`, each write returning one (ok, element or reason) pair
    per element. `unknown(labels)` says, for the message, what labels that do not exist are.
    """

    def __init__(self, field, key, label, find, read, add, remove, batch_size, unknown):
        self.field = field
        self.key = key
        self.label = label
        self.find = find
        self.read = read
        self.add = add
        self.remove = remove
        self.batch_size = batch_size
        self.unknown = unknown


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
        self.wanted = wanted_elements(module, relation, labels) if present else None
        self.current = relation.read(before) if before is not None and (present or module._diff) else []
        self.purge = purge

    def apply(self, result, resource):
        """After engine.ensure: bring the set of result[resource.name] (the object after) to the
        wanted elements, removing what they do not list only with `purge`. Sets the object's
        `field` (labels, sorted), `added` and `removed` (labels, sorted), `changed` and the diff;
        returns the failures [(verb, label, ItemFailure)]."""
        relation, current, wanted = self.relation, self.current, self.wanted
        after = result[resource.name]
        labels = dict((element[relation.key], element[relation.label]) for element in current + (wanted or []))
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
        result.update(changed=result['changed'] or bool(added or removed), added=added, removed=removed)
        if 'diff' in result:
            if result['diff']['before']:
                result['diff']['before'][relation.field] = sorted(element[relation.label] for element in current)
            if result['diff']['after'] and after is not None:
                result['diff']['after'][relation.field] = shown
        wanted_keys = set(element[relation.key] for element in wanted or [])
        return [('add' if failure.key in wanted_keys else 'remove', labels[failure.key], failure)
                for failure in outcome['failed']]


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
