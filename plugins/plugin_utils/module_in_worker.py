# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run this collection's modules inside Ansible's worker process when they would run on this controller anyway.

The modules only call HTTP APIs, so they run where Ansible runs. Started the usual way, each task
costs a shell, a fresh Python and the compilation of ansible.module_utils from the AnsiballZ zip:
about 0.25 CPU-seconds before the module does anything. Here the worker forks, and the child runs
the module's main() with the same arguments, encoders and result parsing as AnsiballZ would: the
module cannot tell the difference, and a module that exits, changes directory or leaves state
behind leaves it in the child.

Anything unusual takes the standard path: another connection, become, async, delegate_to, an
`environment` keyword, an interpreter other than the controller's own Python, an ansible-core
release this file does not know, or `tenantkit_modules_in_worker: false`.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import signal
import sys
import tempfile
import traceback

from ansible import constants as C
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.vars import merge_hash
from ansible.vars.clean import remove_internal_keys

from ansible.release import __version__ as ansible_version

# The ansible-core releases whose AnsiballZ this file reproduces; any other takes the usual path.
KNOWN_CORES = ('2.16', '2.17', '2.18', '2.19')
CORE = '.'.join(ansible_version.split('.')[:2])
Direction = get_module_encoder = module_side = report_as_ansiballz = AnsibleJSONEncoder = PROFILE = None
if CORE == '2.19':  # module arguments and results carry a serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder
    from ansible.module_utils import _internal as module_side  # is_controller: warnings go to the result
    from ansible.module_utils._internal._ansiballz._loader import _handle_exception as report_as_ansiballz
    PROFILE = 'legacy'  # the profile AnsiballZ uses for modules that declare no metadata
elif CORE in KNOWN_CORES:
    from ansible.module_utils.common.json import AnsibleJSONEncoder

LOCAL_CONNECTIONS = ('local', 'ansible.builtin.local', 'ansible.legacy.local')
SWITCH = 'tenantkit_modules_in_worker'


class ModuleInWorker(NormalAction):
    """The `normal` action, but with the module run in a fork of the worker when it would run here."""

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        if not self._runs_here(task_vars):
            return super().run(tmp, task_vars)
        result = ActionBase.run(self, tmp, task_vars)
        return merge_hash(result, self._run_in_child(task_vars))

    def _runs_here(self, task_vars):
        if CORE not in KNOWN_CORES:
            return False
        if not boolean(self._templar.template(task_vars.get(SWITCH, True)), strict=False):
            return False
        if self._task.async_val or self._task.delegate_to or self._play_context.become or any(self._task.environment or ()):
            return False
        if getattr(self._connection, '_load_name', None) not in LOCAL_CONNECTIONS:
            return False
        interpreter = C.config.get_config_value('INTERPRETER_PYTHON', variables=task_vars)
        return is_this_python(to_text(self._templar.template(interpreter)))

    def _run_in_child(self, task_vars):
        args = dict(self._task.args)
        self._update_module_args(self._task.action, args, task_vars)
        module = importlib.import_module('ansible_collections.%s.plugins.modules.%s'
                                         % tuple(self._task.resolved_action.rsplit('.', 1)))
        with tempfile.TemporaryFile() as stderr:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                run_module_and_exit(module, encoded_arguments(args), write_end, stderr.fileno())
            os.close(write_end)
            try:
                with os.fdopen(read_end, 'rb') as answer:
                    stdout = answer.read()
                dummy, status = os.waitpid(pid, 0)
            except BaseException:  # the task's timeout, or the run stopped: the module stops with it
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise
            stderr.seek(0)
            answered = {'stdout': to_text(stdout, errors='surrogate_or_replace'),
                        'stderr': to_text(stderr.read(), errors='surrogate_or_replace'),
                        'rc': os.waitstatus_to_exitcode(status)}
        data = self._parse_returned_data(answered, PROFILE) if PROFILE else self._parse_returned_data(answered)
        remove_internal_keys(data)
        return data


def is_this_python(path):
    """Whether `path` starts the Python running Ansible: the same file, found in the same directory
    (a virtualenv is known by the directory its interpreter is started from)."""
    if not os.path.isabs(path) or os.path.dirname(path) != os.path.dirname(sys.executable):
        return False
    try:
        return os.path.samefile(path, sys.executable)
    except OSError:
        return False


def encoded_arguments(args):
    """The module's arguments as AnsiballZ would embed them."""
    if PROFILE:
        return json.dumps({'ANSIBLE_MODULE_ARGS': args},
                          cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode()
    return json.dumps({'ANSIBLE_MODULE_ARGS': args}, cls=AnsibleJSONEncoder, vault_to_text=True).encode()


def run_module_and_exit(module, arguments, stdout_fd, stderr_fd):
    """In the child: stdout and stderr to the parent, the module's main(), then exit without
    running the worker's exit handlers."""
    code = 1
    try:
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        sys.stdout = io.TextIOWrapper(os.fdopen(1, 'wb', closefd=False), encoding='utf-8')
        sys.stderr = io.TextIOWrapper(os.fdopen(2, 'wb', closefd=False), encoding='utf-8')
        sys.stdin = io.StringIO()
        basic._ANSIBLE_ARGS = arguments  # pylint: disable=protected-access
        if PROFILE:
            basic._ANSIBLE_PROFILE = PROFILE  # pylint: disable=protected-access
            module_side.is_controller = False  # as in AnsiballZ: warnings are returned, not displayed
        try:
            try:
                module.main()
                code = 0
            except Exception as error:  # pylint: disable=broad-except
                if not report_as_ansiballz:
                    raise
                report_as_ansiballz(error, PROFILE)  # a failed result, then SystemExit
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else (0 if exited.code is None else 1)
    except BaseException:  # pylint: disable=broad-except
        traceback.print_exc()  # the parent reports it as the module's stderr, as AnsiballZ does before 2.19
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # pylint: disable=broad-except
                pass
        os._exit(code)  # pylint: disable=protected-access
