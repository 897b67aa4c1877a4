# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AppPot groups as the engine reads and writes them: a create is kept only once
the group list shows it, and two runs creating one group at once end with one."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.tenantkit.saas.plugins.module_utils.engine import settle
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError

# Seconds to wait for twins to go away before refusing them: two runs creating one group
# at once each keep the oldest and delete their own, which takes a moment.
RACE_PATIENCE = 3.0


class AppPotGroups:
    """The groups of one AppPot app: lookup, create, update, delete."""

    def __init__(self, client, add_to_current_app=True):
        self.client = client
        self.add_to_current_app = add_to_current_app

    def lookup(self, twins_of=None):
        """The groups the app lists; while more than one is named `twins_of`, read again
        for a moment, in case another run is settling a race it took part in."""
        return settle(self.client.list_groups, lambda groups: twins_of is not None and len(
            [group for group in groups if group['name'] == twins_of]) > 1, RACE_PATIENCE if twins_of else 0)

    def create(self, desired):
        """Create a group and return the one to keep once the group list shows it."""
        try:
            group = self.client.create_group(desired['name'], desired['description'], self.add_to_current_app)
        except ApiError as error:
            if not error.ambiguous or self.add_to_current_app:
                raise
            # Read back, an unlisted group would look absent and be created a second time.
            raise error.restated(
                'the create of group %r may have been applied: its answer was lost (%s). With '
                'add_to_current_app: false the group may not be listed, so it is neither read back nor sent '
                'again; look for it on the server, and set group_id in the task if it exists'
                % (desired['name'], what_failed(error)))
        return self._settle_created(group)

    def update(self, current, changes):
        # A PUT replaces the group: what does not change is sent as it is.
        wanted = dict(current, **changes)
        return self.client.update_group(current['group_id'], wanted['name'], wanted['description'])

    def delete(self, current):
        self.client.delete_group(current['group_id'])

    def _settle_created(self, group):
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
        if [listed for listed in groups if listed['group_id'] == group_id]:
            oldest = min((twin for twin in groups if twin['name'] == name), key=lambda twin: twin['group_id'])
            if oldest['group_id'] != group_id:
                self._delete_own_twin(group, oldest)
            return oldest
        self._remove_unlisted(group)

    def _delete_own_twin(self, group, oldest):
        try:
            self.client.delete_group(group['group_id'])
        except ApiError as error:
            raise error.restated('another run created group %r (group_id %s) at the same time as this one '
                                 '(group_id %s); deleting this run\'s group again failed (%s): delete group_id %s'
                                 % (group['name'], oldest['group_id'], group['group_id'], what_failed(error),
                                    group['group_id']))

    def _remove_unlisted(self, group):
        """Delete a created group the list does not show, and fail saying why."""
        name, group_id = group['name'], group['group_id']
        if self.add_to_current_app:
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
