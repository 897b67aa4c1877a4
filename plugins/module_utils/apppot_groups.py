# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AppPot groups as the engine reads and writes them: a create is kept only once
the group list shows it, and two runs creating one group at once end with one.
One group brought to what a task asks (ensure_group) is the per-group path of
apppot_group and of each item of apppot_groups."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.tenantkit.saas.plugins.module_utils.apppot import GROUP_NAME_MAX
from ansible_collections.tenantkit.saas.plugins.module_utils.engine import Resource, ensure_and_verb, read_once_then, settle
from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import list_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.module_runner import InvalidInput
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError

# How much of a group name a message about bad input shows.
SHOWN_NAME_CHARS = 60

# Seconds to wait for twins to go away before refusing them: two runs creating one group
# at once each keep the oldest and delete their own, which takes a moment.
RACE_PATIENCE = 3.0

GROUP = Resource('group', fields=('group_id', 'name', 'description'), id_field='group_id',
                 where='AppPot lists (it does not exist, or this server lists only groups tied to the current app)')


def group_options():
    """The options of one group: apppot_group's own, and each item of apppot_groups."""
    return dict(
        name=dict(type='str', required=True),
        description=dict(type='str'),
        group_id=dict(type='int'),
        add_to_current_app=dict(type='bool', default=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def group_problems(params):
    """What is wrong with one group's options, found before any request."""
    if not params['name'] or len(params['name']) > GROUP_NAME_MAX:
        return ['name must be 1 to %d characters long' % GROUP_NAME_MAX]
    return []


def ensure_group(module, groups, params):
    """One group (`params`: the options of apppot_group) brought to the state asked,
    through `groups` (an AppPotGroups): the result apppot_group returns, and how the
    group got there (engine.ensure_and_verb)."""
    problems = group_problems(params)
    if problems:
        raise InvalidInput('; '.join(problems))
    tied = params['add_to_current_app']
    return ensure_and_verb(
        module, GROUP, {'group_id': params['group_id'], 'name': params['name'], 'description': params['description']},
        lookup=groups.lookup_for(params), create=lambda desired: groups.create(desired, tied),
        update=groups.update, delete=groups.delete, state=params['state'])


def named(groups, name):
    return [group for group in groups if group['name'] == name]


class AppPotGroups:
    """The groups of one AppPot app: lookup, create, update, delete.

    `known` is the group list as this run last read it, with the writes it made
    since applied, so that the groups of one task share one read."""

    def __init__(self, client):
        self.client = client
        self.known = None

    def lookup(self, twins_of=None):
        """The groups the app lists; while more than one is named `twins_of`, read again
        for a moment, in case another run is settling a race it took part in."""
        self.known = settle(self.client.list_groups, lambda groups: twins_of is not None and len(
            named(groups, twins_of)) > 1, RACE_PATIENCE if twins_of else 0)
        return self.known

    def lookup_for(self, params):
        """The engine's lookup for one group: the list this run knows, then a read each time
        (after a lost answer). It reads first when no list is known, or when the known list
        shows twins of the name: another run may be settling a race."""
        twins_of = None if params['group_id'] else params['name']

        def read():
            return self.lookup(twins_of)
        if self.known is None or (twins_of and len(named(self.known, twins_of)) > 1):
            return read
        return read_once_then(self.known, read)

    def forget(self):
        """Read the list again before the next group: a write's outcome is unknown."""
        self.known = None

    def create(self, desired, add_to_current_app=True):
        """Create a group and return the one to keep once the group list shows it."""
        try:
            group = self.client.create_group(desired['name'], desired['description'], add_to_current_app)
        except ApiError as error:
            if not error.ambiguous or add_to_current_app:
                raise
            # Read back, an unlisted group would look absent and be created a second time.
            raise error.restated(
                'the create of group %r may have been applied: its answer was lost (%s). With '
                'add_to_current_app: false the group may not be listed, so it is neither read back nor sent '
                'again; look for it on the server, and set group_id in the task if it exists'
                % (desired['name'], what_failed(error)))
        return self._settle_created(group, add_to_current_app)

    def update(self, current, changes):
        # A PUT replaces the group: what does not change is sent as it is.
        wanted = dict(current, **changes)
        updated = self.client.update_group(current['group_id'], wanted['name'], wanted['description'])
        self._known_without(current['group_id'], updated)
        return updated

    def delete(self, current):
        self.client.delete_group(current['group_id'])
        self._known_without(current['group_id'])

    def _known_without(self, group_id, replacement=None):
        """The known list with group `group_id` gone, or replaced by `replacement`."""
        if self.known is None:
            return
        others = [group for group in self.known if group['group_id'] != group_id]
        self.known = (others + [replacement]) if replacement is not None else others

    def _settle_created(self, group, add_to_current_app):
        """`group` once the list shows it, or the oldest group of that name when another run
        created one at the same time (ours is deleted). Group ids only grow, so the oldest
        is never deleted and exactly one remains."""
        name, group_id = group['name'], group['group_id']
        try:
            groups = self.client.list_groups()
        except ApiError as error:
            raise error.restated('AppPot created group %r (group_id %s), but reading the group list back to see '
                                 'it listed failed (%s). If a later run does not find the group, set group_id: '
                                 '%s in the task' % (name, group_id, what_failed(error), group_id))
        self.known = groups
        if [listed for listed in groups if listed['group_id'] == group_id]:
            oldest = min((twin for twin in groups if twin['name'] == name), key=lambda twin: twin['group_id'])
            if oldest['group_id'] != group_id:
                self._delete_own_twin(group, oldest)
            return oldest
        self._remove_unlisted(group, add_to_current_app)

    def _delete_own_twin(self, group, oldest):
        try:
            self.client.delete_group(group['group_id'])
        except ApiError as error:
            raise error.restated('another run created group %r (group_id %s) at the same time as this one '
                                 '(group_id %s); deleting this run\'s group again failed (%s): delete group_id %s'
                                 % (group['name'], oldest['group_id'], group['group_id'], what_failed(error),
                                    group['group_id']))
        self._known_without(group['group_id'])

    def _remove_unlisted(self, group, add_to_current_app):
        """Delete a created group the list does not show, and fail saying why."""
        name, group_id = group['name'], group['group_id']
        if add_to_current_app:
            unlisted = ('AppPot created group %r (group_id %s) tied to the current app but does not list it, '
                        'so no later run could find it and each would create another' % (name, group_id))
            advice = 'this module cannot manage groups by name on this server'
        else:
            unlisted = ('AppPot created group %r (group_id %s) but does not list it: this server lists only '
                        'groups tied to the current app, so no later run could find it and each would '
                        'create another' % (name, group_id))
            advice = 'leave add_to_current_app at true'
        try:
            self.client.delete_group(group_id)
        except ApiError as error:
            raise error.restated('%s. Deleting it again failed (%s): group_id %s %s on the server; delete it '
                                 'there, or set group_id: %s in the task so that no run creates another'
                                 % (unlisted, what_failed(error), group_id,
                                    'may remain' if error.ambiguous else 'remains', group_id))
        raise ApiError('%s. It was deleted again; %s' % (unlisted, advice), status=200, method='POST',
                       path=self.client.full_path('/groups'))


def what_failed(error):
    """An error's text without its call details, which the failure built on it carries."""
    if error.vendor_message and error.vendor_message not in error.message:
        return '%s: %s' % (error.message, error.vendor_message)
    return error.message


def groups_problems(items):
    """Every problem of apppot_groups' groups, each by index."""
    return list_problems('groups', items, lambda item, index: group_problems(item), identity_of, shown)


def identity_of(item):
    return ('group_id', item['group_id']) if item['group_id'] is not None else ('name', item['name'])


def shown(item):
    text = repr(item['name'])
    return text if len(text) <= SHOWN_NAME_CHARS else text[:SHOWN_NAME_CHARS] + '...'


def where_of(item):
    return 'group_id %s' % item['group_id'] if item['group_id'] is not None else 'by name'


def ensure_one(module, groups, item):
    try:
        return ensure_group(module, groups, item)
    except ApiError:
        # What the failed group left on the server is not known: the next group reads the list.
        groups.forget()
        raise
