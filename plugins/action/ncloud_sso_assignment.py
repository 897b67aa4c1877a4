# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tenantkit.saas.ncloud_sso_assignment runs in the Ansible worker when it would run on this controller's Python."""

from __future__ import annotations

from ansible_collections.tenantkit.saas.plugins.plugin_utils.module_in_worker import ModuleInWorker


class ActionModule(ModuleInWorker):
    pass
