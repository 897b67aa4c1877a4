# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The probe module runs in the worker as tenantkit.saas's modules do."""

from __future__ import annotations

from ansible_collections.tenantkit.saas.plugins.plugin_utils.module_in_worker import ModuleInWorker


class ActionModule(ModuleInWorker):
    pass
