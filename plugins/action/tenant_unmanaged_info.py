# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tenantkit.saas.tenant_unmanaged_info: without a `tenant` option it reads the host's `tenant`
variable, as the tenant role calls it, and the module runs as usual (in the worker when it would
run on this controller's Python); the task's arguments never keep the tenant."""

from __future__ import annotations

from ansible_collections.tenantkit.saas.plugins.plugin_utils.module_in_worker import ModuleInWorker


class ActionModule(ModuleInWorker):

    def run(self, tmp=None, task_vars=None):
        args = self._task.args
        if 'tenant' in args or 'tenant' not in (task_vars or {}):
            return super().run(tmp, task_vars)
        args['tenant'] = self._templar.template(task_vars['tenant'])
        try:
            return super().run(tmp, task_vars)
        finally:
            del args['tenant']
