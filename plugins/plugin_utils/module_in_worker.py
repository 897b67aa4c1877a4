# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run this collection's modules inside Ansible's worker process when they would run on this controller anyway.

The modules only call HTTP APIs, so they run where Ansible runs. Started the usual way, each task
costs a shell, a fresh Python and the compilation of ansible.module_utils from the AnsiballZ zip.
Here the task goes through Ansible's own `normal` action, `_execute_module` and local connection
unchanged, with pipelining, up to the one call that would start `/bin/sh -c python`: that call
forks the worker instead, and the child runs the very AnsiballZ payload Ansible built, as a
pipelined Python would run it, in the directory the local connection would use. Ansible parses
and post-processes the answer itself.

Anything unusual takes the usual path, said at -vvv: another connection, become, async,
delegate_to, keep_remote_files, an interpreter other than the
controller's own Python, `tenantkit_modules_in_worker: false`, or an ansible-core outside the
tested releases. An ansible-core internal that is missing or of another shape sends the task
down the usual path too, said at -v: nothing here is imported from ansible-core's internals
when the plugin loads.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import inspect
import io
import os
import signal
import sys
import tempfile
import traceback
import types

from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.tenantkit.saas.plugins.plugin_utils.diff_text import diff_as_text

# The ansible-core releases the equivalence tests pass on; any other takes the usual path.
TESTED_CORES = ((2, 16), (2, 21))
SERIALIZATION_PROFILES_SINCE = (2, 19)  # module-side state the controller changes since 2.19
SWITCH = 'tenantkit_modules_in_worker'
# The local connection plugin, as ansible-core loads it (2.21 also by its collection name).
LOCAL_CONNECTION_MODULES = ('ansible.plugins.connection.local', 'ansible_collections.ansible.builtin.plugins.connection.local')
PAYLOAD_MARK = b'_ANSIBALLZ_WRAPPER = True'
display = Display()


class Unavailable(Exception):
    """An ansible-core internal this file needs is missing or has another shape."""


def core_version():
    """(major, minor) of the running ansible-core, or None when it cannot be read."""
    try:
        version = importlib.import_module('ansible.release').__version__
        return tuple(int(part) for part in version.split('.')[:2])
    except (ImportError, AttributeError, ValueError):
        return None


def internal(module_name, attribute):
    """An ansible-core attribute looked up now, not when this plugin loads."""
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError):
        raise Unavailable('ansible-core has no %s.%s' % (module_name, attribute)) from None


def parameters_of(function, expected, what):
    """Fails unless `function` takes exactly the parameters `expected`, in order."""
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        raise Unavailable('%s cannot be inspected' % what) from None
    if names[:len(expected)] != list(expected) or len(names) != len(expected):
        raise Unavailable('%s takes (%s), not (%s)' % (what, ', '.join(names), ', '.join(expected)))


class ModuleInWorker(NormalAction):
    """The `normal` action; the module's process is a fork of the worker when it would run here."""

    _tenantkit_in_worker = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._environment = {}  # the task's `environment`, as the module's command would have set it

    def run(self, tmp=None, task_vars=None):
        # Whichever path the module took, its diff is made text here, after Ansible's own handling.
        return diff_as_text(self._run_either_way(tmp, task_vars))

    def _run_either_way(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        host = task_vars.get('inventory_hostname')
        try:
            reason = self._why_not_in_worker(task_vars)
            module_state = None if reason else self._internals_for_the_fork()
        except Unavailable as missing:
            display.v('tenantkit.saas: usual path: %s' % missing, host=host)
            return super().run(tmp, task_vars)
        except Exception as unexpected:  # pylint: disable=broad-except  # an ansible-core of another shape
            display.v('tenantkit.saas: usual path: ansible-core differs from what this collection knows (%s)'
                      % type(unexpected).__name__, host=host)
            return super().run(tmp, task_vars)
        if reason:
            display.vvv('tenantkit.saas: usual path: %s' % reason, host=host)
            return super().run(tmp, task_vars)
        display.vvv('tenantkit.saas: running in the worker', host=host)
        connection = self._connection
        own_exec_command = vars(connection).get('exec_command')
        connection.exec_command = PayloadInFork(connection.exec_command, connection, module_state, self._environment)
        self._tenantkit_in_worker = True
        try:
            return super().run(tmp, task_vars)
        finally:
            self._tenantkit_in_worker = False
            if own_exec_command is None:
                del connection.exec_command
            else:
                connection.exec_command = own_exec_command

    def _is_pipelining_enabled(self, module_style, wrap_async=False):
        if self._tenantkit_in_worker and module_style == 'new' and not wrap_async:
            return True  # the payload comes to exec_command as in_data, as for any pipelined module
        return super()._is_pipelining_enabled(module_style, wrap_async)

    def _compute_environment_string(self, raw_environment_out=None):
        environment = {}
        prefix = super()._compute_environment_string(environment)
        self._environment.clear()
        self._environment.update((str(name), str(value)) for name, value in environment.items())
        if isinstance(raw_environment_out, dict):
            raw_environment_out.clear()
            raw_environment_out.update(environment)
        return prefix

    def _why_not_in_worker(self, task_vars):
        """None when the module would run on this Python over the local connection, else why not.
        Raises Unavailable when an ansible-core internal is missing or of another shape."""
        core = core_version()
        if core is None or not TESTED_CORES[0] <= core <= TESTED_CORES[1]:
            return 'ansible-core %s is not one this collection was tested with' % ('.'.join(map(str, core)) if core else '?')
        if not self._switched_on(task_vars):
            return '%s is false' % SWITCH
        task, connection = self._task, self._connection
        if task.async_val:
            return 'async'
        if task.delegate_to:
            return 'delegate_to'
        if self._play_context.become:
            return 'become'
        if getattr(connection, 'transport', None) != 'local' or type(connection).__module__ not in LOCAL_CONNECTION_MODULES:
            return 'the %s connection' % getattr(connection, '_load_name', type(connection).__module__)
        if internal('ansible.constants', 'DEFAULT_KEEP_REMOTE_FILES'):
            return 'keep_remote_files'
        config = internal('ansible.constants', 'config')
        interpreter = self._templar.template(config.get_config_value('INTERPRETER_PYTHON', variables=task_vars))
        if not is_this_python(str(interpreter)):
            return 'the interpreter %s is not the Python running Ansible' % interpreter
        return None

    def _switched_on(self, task_vars):
        boolean = internal('ansible.module_utils.parsing.convert_bool', 'boolean')
        return boolean(self._templar.template(task_vars.get(SWITCH, True)), strict=False)

    def _internals_for_the_fork(self):
        """What the fork relies on, looked up before the task commits to it; returns the module-side
        state to restore in the child."""
        parameters_of(type(self._connection).exec_command, ('self', 'cmd', 'in_data', 'sudoable'),
                      "the local connection's exec_command")
        if not hasattr(self._connection, 'cwd'):
            raise Unavailable('the local connection has no cwd')
        parameters_of(super()._is_pipelining_enabled, ('module_style', 'wrap_async'), 'ActionBase._is_pipelining_enabled')
        parameters_of(super()._compute_environment_string, ('raw_environment_out',), 'ActionBase._compute_environment_string')
        return module_side_controller_state(core_version())


class PayloadInFork:
    """Stands in for the local connection's exec_command during one task: the AnsiballZ payload of
    a pipelined module runs in a fork of this process; any other command goes to the connection."""

    def __init__(self, exec_command, connection, module_state, environment):
        self.exec_command = exec_command
        self.connection = connection
        self.module_state = module_state
        self.environment = environment

    def __call__(self, cmd, in_data=None, sudoable=True):
        if not is_payload_for_this_python(in_data):
            return self.exec_command(cmd, in_data=in_data, sudoable=sudoable)
        cwd = self.connection.cwd
        return run_payload_in_fork(in_data, os.fsdecode(cwd) if cwd else None, self.module_state, self.environment)


def module_side_controller_state(core):
    """{(module, attribute): value a module sees in its own process} for what the controller changes."""
    if core < SERIALIZATION_PROFILES_SINCE:
        return {}
    internals = 'ansible.module_utils._internal'
    tracebacks = internals + '._traceback'
    if not isinstance(internal(internals, 'is_controller'), bool):
        raise Unavailable('%s.is_controller is not a bool' % internals)
    internal(tracebacks, '_is_traceback_enabled')
    return {(internals, 'is_controller'): False,
            (tracebacks, '_is_traceback_enabled'): internal(tracebacks, '_is_module_traceback_enabled')}


def is_this_python(path):
    """Whether `path` starts the Python running Ansible: the same file, found in the same directory
    (a virtualenv is known by the directory its interpreter is started from)."""
    if not os.path.isabs(path) or os.path.dirname(path) != os.path.dirname(sys.executable):
        return False
    try:
        return os.path.samefile(path, sys.executable)
    except OSError:
        return False


def is_payload_for_this_python(in_data):
    """An AnsiballZ payload whose #! line names the Python running Ansible."""
    if not isinstance(in_data, bytes) or not in_data.startswith(b'#!') or PAYLOAD_MARK not in in_data[:65536]:
        return False
    shebang = in_data[2:in_data.find(b'\n')].strip().split(b' ')[0]
    return is_this_python(os.fsdecode(shebang))


def run_payload_in_fork(payload, cwd, module_state, environment):
    """(rc, stdout, stderr) of the payload run in a child, as the local connection returns them."""
    code = compile(payload, '<stdin>', 'exec', dont_inherit=True)
    with tempfile.TemporaryFile() as stderr:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child always ends in os._exit
            os.close(read_end)
            run_in_child(code, cwd, module_state, environment, write_end, stderr.fileno())
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
        return exit_code_through_shell(status), stdout, stderr.read()


def exit_code_through_shell(status):
    """The rc `/bin/sh -c python` would report: a signal N reads 128+N."""
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.waitstatus_to_exitcode(status)


def run_in_child(code, cwd, module_state, environment, stdout_fd, stderr_fd):
    """In the child: become the process a pipelined `python` would be, run the payload, exit with
    its status. Nothing returns from here."""
    status = 1
    try:
        become_fresh_process(cwd, module_state, stdout_fd, stderr_fd)
        os.environ.update(environment)
        status = run_as_main(code)
    except BaseException:  # pylint: disable=broad-except
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # pylint: disable=broad-except
                pass
        os._exit(status)  # pylint: disable=protected-access


def become_fresh_process(cwd, module_state, stdout_fd, stderr_fd):
    """Descriptors, signals, exit handlers, argv, directory and module-side state as in a new Python."""
    gc.collect()  # garbage holding the worker's descriptors closes them now, not later over reused numbers
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(stdout_fd, 1)
    os.dup2(stderr_fd, 2)
    close_inherited_descriptors()
    sys.stdin = io.TextIOWrapper(os.fdopen(0, 'rb', closefd=False), encoding='utf-8')
    sys.stdout = io.TextIOWrapper(os.fdopen(1, 'wb', closefd=False), encoding='utf-8', line_buffering=False)
    sys.stderr = io.TextIOWrapper(os.fdopen(2, 'wb', closefd=False), encoding='utf-8', errors='backslashreplace')
    default_signal_handlers()
    atexit._clear()  # pylint: disable=protected-access  # the worker's exit handlers are not the module's
    sys.argv = ['']  # as `python` reading its program from stdin
    tempfile.tempdir = None
    if cwd:
        os.chdir(cwd)
    for (module_name, attribute), value in module_state.items():
        setattr(sys.modules[module_name], attribute, value)


def close_inherited_descriptors():
    try:
        descriptors = [int(name) for name in os.listdir('/proc/self/fd')]
    except OSError:
        descriptors = range(3, 1024)
    for descriptor in descriptors:
        if descriptor > 2:
            try:
                os.close(descriptor)
            except OSError:
                pass


def default_signal_handlers():
    """Handlers as a new Python started from this process would have them: a handler the worker set
    is not carried over an exec (the default action), an ignored signal stays ignored; then Python's
    own: SIGINT raises KeyboardInterrupt (unless ignored), SIGPIPE and SIGXFSZ are ignored."""
    for number in signal.valid_signals():
        if number in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            if callable(signal.getsignal(number)):
                signal.signal(number, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    if signal.getsignal(signal.SIGINT) is signal.SIG_DFL:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ('SIGPIPE', 'SIGXFSZ'):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def run_as_main(code):
    """Runs the payload as the script `__main__`, then the exit handlers it registered, and returns
    the exit status the interpreter would have."""
    main = types.ModuleType('__main__')
    main.__dict__['__builtins__'] = __builtins__
    sys.modules['__main__'] = main
    try:
        exec(code, main.__dict__)  # pylint: disable=exec-used
        status = 0
    except SystemExit as exited:
        status = status_of(exited.code)
    except KeyboardInterrupt:
        traceback.print_exc()
        run_exit_handlers()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGINT)
        status = 130
    except BaseException:  # pylint: disable=broad-except
        sys.excepthook(*sys.exc_info())
        status = 1
    run_exit_handlers()
    return status


def run_exit_handlers():
    atexit._run_exitfuncs()  # pylint: disable=protected-access


def status_of(code):
    """The exit status of `sys.exit(code)`, as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xff
    try:
        sys.stderr.write('%s\n' % (code,))
    except Exception:  # pylint: disable=broad-except
        pass
    return 1
