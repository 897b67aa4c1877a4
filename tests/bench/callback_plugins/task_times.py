# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bench only: where a playbook run's time goes, written as JSON to $TENANTKIT_BENCH_TIMES when
it ends: the playbook's start, and for each task the time Ansible spent before handing it to a
worker (its variables) and the time until its result (templating, the module, the result)."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: task_times
type: aggregate
short_description: Bench only, where a playbook run's time goes
description: Writes the playbook's start and each task's phases to $TENANTKIT_BENCH_TIMES.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_times'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = None
        self.tasks = []

    def v2_playbook_on_start(self, playbook):
        self.started = time.time()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.tasks.append({'name': task.get_name(), 'start': time.time(), 'queued': None, 'done': None})

    def v2_runner_on_start(self, host, task):
        if self.tasks and self.tasks[-1]['queued'] is None:
            self.tasks[-1]['queued'] = time.time()

    def _done(self, result, *args, **kwargs):
        if self.tasks:
            self.tasks[-1]['done'] = time.time()

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_skipped = _done

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get('TENANTKIT_BENCH_TIMES')
        if path:
            with open(path, 'w', encoding='utf-8') as handle:
                json.dump({'playbook_start': self.started, 'end': time.time(), 'tasks': self.tasks}, handle)
