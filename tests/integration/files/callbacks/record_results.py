# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test callback: every task result, as registered, one JSON line each in $TENANTKIT_RECORD_RESULTS."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r'''
name: record_results
type: aggregate
short_description: Records every task result (tests only)
description: [Records every task result, one JSON line each, in the file named by TENANTKIT_RECORD_RESULTS.]
author: [tenantkit.saas contributors (@tenantkit)]
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'record_results'
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, status, result):
        task = result._task  # pylint: disable=protected-access
        entry = {'task': task.get_name(), 'action': task.action, 'status': status, 'result': result._result}  # pylint: disable=protected-access
        with open(os.environ['TENANTKIT_RECORD_RESULTS'], 'a', encoding='utf-8') as handle:
            handle.write(json.dumps(entry, sort_keys=True, default=repr) + '\n')

    def v2_runner_on_ok(self, result):
        self._record('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record('failed', result)

    def v2_runner_on_skipped(self, result):
        self._record('skipped', result)
