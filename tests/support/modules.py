"""Run a module's main() in-process with given arguments and return its result."""

import contextlib
import io
import json

from ansible.module_utils import basic
from ansible.release import __version__ as ANSIBLE_VERSION
from ansible.module_utils.common import warnings as ansible_warnings
from ansible_collections.tenantkit.saas.plugins.module_utils import transport


try:
    # ansible-core 2.19 and later: the supported way to give a module its arguments.
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.16 to 2.18 read them from basic._ANSIBLE_ARGS.
    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS  # pylint: disable=protected-access
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')  # pylint: disable=protected-access
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved  # pylint: disable=protected-access


# ansible-core 2.21 echoes a module's arguments (`invocation`) only when inject_invocation is set;
# the tests set it there, as ANSIBLE_INJECT_INVOCATION would, to check what is echoed.
INJECT_INVOCATION = ({'_ansible_inject_invocation': True}
                     if tuple(int(part) for part in ANSIBLE_VERSION.split('.')[:2]) >= (2, 21) else {})


class ModuleExit:
    def __init__(self, failed, result, stdout):
        self.failed = failed
        self.result = result
        self.stdout = stdout

    def __repr__(self):
        return 'ModuleExit(failed=%s, result=%s)' % (self.failed, self.result)


def run_module(module, args, check_mode=False, diff=False):
    """Call module.main() with `args`; returns a ModuleExit with the parsed JSON result."""
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff, **INJECT_INVOCATION)
    # Modules run in this process: warnings of earlier runs would show in later results.
    ansible_warnings._global_warnings.clear()  # pylint: disable=protected-access
    ansible_warnings._global_deprecations.clear()  # pylint: disable=protected-access
    # A module process serves one task; secrets of earlier runs would mask text in later ones.
    transport.SECRETS.clear()
    stdout = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(stdout):
        try:
            module.main()
        except SystemExit:
            pass
    text = stdout.getvalue()
    result = json.loads(text[text.index('{'):])
    return ModuleExit(bool(result.get('failed')), result, text)


def warnings_of(outcome):
    """The texts of a result's warnings (ansible-core 2.19 returns each as a summary object)."""
    return [warning['event']['msg'] if isinstance(warning, dict) else str(warning)
            for warning in outcome.result.get('warnings', [])]
