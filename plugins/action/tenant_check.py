# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tenantkit.saas.tenant_check: without a `tenant` option it checks the host's `tenant` variable,
as the tenant role calls it. The variable is templated here, never put in the task's arguments
(which Ansible sends back with the result), and checked here on the controller with the
module's own function, so a tenant of 10,000 users costs no module payload. A value of a type
this does not know (an inline-vaulted one on some ansible-core), or a task environment, and
the module runs as usual, in the worker when it would run on this controller's Python."""

from __future__ import annotations

import os

from ansible_collections.tenantkit.saas.plugins.module_utils.tenant import checked
from ansible_collections.tenantkit.saas.plugins.plugin_utils.module_in_worker import ModuleInWorker

PLAIN = (str, int, float, bool, type(None))


class ActionModule(ModuleInWorker):

    def run(self, tmp=None, task_vars=None):
        args = self._task.args
        if 'tenant' in args or 'tenant' not in (task_vars or {}):
            return super().run(tmp, task_vars)
        tenant = self._templar.template(task_vars['tenant'])
        if isinstance(tenant, dict) and is_plain(tenant) and not any(self._task.environment or ()):
            users_file = args.get('users_file')
            # As the module's option of type path would read it.
            return checked(tenant, os.environ, users_file and os.path.expanduser(os.path.expandvars(users_file)))
        args['tenant'] = tenant
        try:
            return super().run(tmp, task_vars)
        finally:
            del args['tenant']


def is_plain(value):
    """Whether `value` holds only JSON's kinds of value (subclasses too), at any depth."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif not isinstance(item, PLAIN):
            return False
    return True
