# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NAVER Cloud SSO permission sets: bundles of Sub Account policies that an assignment
gives to groups and users on one account. The wire format is the contract's (corrections
after the third research); names are compared without regard to case, as the service does."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.tenantkit.saas.plugins.module_utils.engine_bulk import list_problems
from ansible_collections.tenantkit.saas.plugins.module_utils.ncloud_sso_groups import (
    GROUP_DESCRIPTION_MAX, SsoGroupsClient, group_problems)
from ansible_collections.tenantkit.saas.plugins.module_utils.transport import path_of

POLICIES_MAX = 10
POLICY_LISTS = (('managed_policy_ids', 'systemManagedPolicyIds'), ('custom_policy_names', 'userCreatedPolicyNames'))


def permission_set_options():
    """The options of ncloud_sso_permission_set, but the connection."""
    return dict(
        name=dict(type='str', required=True),
        description=dict(type='str'),
        managed_policy_ids=dict(type='list', elements='str'),
        custom_policy_names=dict(type='list', elements='str'),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    )


def permission_set_problems(params):
    """Why a permission set's options break the API's rules; [] if they do not. The 1 to 10
    policies are counted here between the lists given; policies_problem counts them with
    those kept from the set as it is."""
    problems = group_problems(params['name'])
    description = params.get('description')
    if description is not None and len(description) > GROUP_DESCRIPTION_MAX:
        problems.append('description is %d characters, more than %d' % (len(description), GROUP_DESCRIPTION_MAX))
    for option, dummy in POLICY_LISTS:
        values = params.get(option) or []
        twice = sorted(set(value for value in values if values.count(value) > 1))
        if twice:
            problems.append('%s lists %s more than once' % (option, ', '.join(twice)))
        if any(not value for value in values):
            problems.append('%s holds an empty entry' % option)
    given = [params[option] for option, dummy in POLICY_LISTS if params.get(option) is not None]
    if sum(len(set(values)) for values in given) > POLICIES_MAX:
        problems.append(policies_problem(dict((option, params.get(option)) for option, dummy in POLICY_LISTS)))
    return problems


def permission_sets_problems(items):
    """Every problem of a tenant's ncloud.permission_sets, each by index: the service compares
    names without regard to case, so two items that differ only by case are one listed twice."""
    return list_problems('permission_sets', items, lambda item, index: permission_set_problems(item),
                         lambda item: item['name'].lower(), lambda item: item['name'])


def policies_problem(permission_set):
    """Why the policies of a permission set as it would be sent break the 1 to 10 rule, or None."""
    total = sum(len(permission_set[option] or ()) for option, dummy in POLICY_LISTS)
    if 1 <= total <= POLICIES_MAX:
        return None
    return ('a permission set holds 1 to %d policies between managed_policy_ids and custom_policy_names, not %d'
            % (POLICIES_MAX, total))


def permission_set_from_wire(item):
    """A permission set as the modules return it: policy lists sorted (they compare as sets),
    a description that is not set read as ''."""
    managed = item.get('systemManagedPolicyList') or []
    custom = item.get('userCreatedPolicyList') or []
    return {'permission_set_id': item['permissionSetId'], 'name': item['permissionSetName'],
            'description': item.get('description') or '',
            'managed_policy_ids': sorted(policy['policyId'] for policy in managed),
            'custom_policy_names': sorted(policy['userCreatedPolicyName'] for policy in custom)}


def checked_permission_set(answer, item, where):
    """A permission set (list item or GET answer) whose values the client reads have their types."""
    answer.field('permissionSetId', 'string', within=item, where=where)
    answer.field('permissionSetName', 'string', within=item, where=where)
    for key in ('description', 'nrn', 'createdAt'):
        answer.optional(item, key, 'string', where)
    for key, field in (('systemManagedPolicyList', 'policyId'), ('userCreatedPolicyList', 'userCreatedPolicyName')):
        for index, policy in enumerate(answer.optional(item, key, 'list', where) or []):
            answer.field(field, 'string', within=policy, where='%s.%s[%d]' % (where, key, index))
    return item


def wire_body(permission_set):
    """The whole set as PUT replaces it (and as POST creates it), from module fields."""
    body = dict((wire, list(permission_set[option] or [])) for option, wire in POLICY_LISTS)
    body['description'] = permission_set['description'] or ''
    return body


class SsoAccessClient(SsoGroupsClient):
    """The permission sets of one NAVER Cloud account's SSO directory."""

    def list_permission_sets(self, name=None):
        """Every permission set (without its policies), or those named `name` without regard to
        case: the service's search also matches parts of names, so exact names are picked here."""
        query = [('searchColumn', 'permissionSetName'), ('searchWord', name)] if name is not None else []
        items = self._read_every_page('/permission-sets', query, checked_permission_set)
        return [permission_set_from_wire(item) for item in items
                if name is None or item['permissionSetName'].lower() == name.lower()]

    def permission_set(self, set_id):
        """One permission set with its policies."""
        answer = self._call('GET', path_of('permission-sets', set_id))
        return permission_set_from_wire(checked_permission_set(answer, answer.root(), 'body'))

    def find_permission_sets(self, name):
        """The permission sets named `name` (without regard to case), each with its policies."""
        return [self.permission_set(item['permission_set_id']) for item in self.list_permission_sets(name)]

    def create_permission_set(self, permission_set):
        """The set as created. A name taken meanwhile (another run) is AlreadyExists."""
        body = wire_body(permission_set)
        body['permissionSetName'] = permission_set['name']
        answer = self._create('/permission-sets', body)
        answer.confirm('create')
        created = dict(permission_set, permission_set_id=answer.field('id', 'string'),
                       description=permission_set['description'] or '')
        created.update((option, sorted(permission_set[option] or [])) for option, dummy in POLICY_LISTS)
        return created

    def update_permission_set(self, current, changes):
        """The set after one PUT of the whole set: what `changes` leaves out is sent as it is."""
        after = dict(current, **changes)
        self._call('PUT', path_of('permission-sets', current['permission_set_id']),
                   body=wire_body(after)).confirm('update')
        return after

    def delete_permission_set(self, set_id):
        self._call('DELETE', path_of('permission-sets', set_id)).confirm('delete')
