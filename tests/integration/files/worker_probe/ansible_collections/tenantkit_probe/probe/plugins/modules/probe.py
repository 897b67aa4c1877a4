# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A test module that reports the process it runs in, or misbehaves as asked."""

from __future__ import annotations

import os
import signal
import sys

from ansible.module_utils.basic import AnsibleModule

DOCUMENTATION = r'''
module: probe
short_description: Reports the process it runs in
description: [Reports the process it runs in, or misbehaves as asked (tests only).]
author: [tenantkit.saas contributors (@tenantkit)]
options:
  behave:
    description: What to do.
    type: str
    default: report
    choices: [report, return, terminate, raise, fail, warn]
'''
EXAMPLES = r'''
- name: Report the process the module runs in
  tenantkit_probe.probe.probe:
'''
RETURN = r'''
name:
  description: The module's __name__.
  returned: with behave=report
  type: str
'''
SIGNALS = ('SIGINT', 'SIGTERM', 'SIGPIPE', 'SIGXFSZ', 'SIGCHLD', 'SIGHUP', 'SIGUSR1', 'SIGALRM', 'SIGQUIT')


def handler_name(handler):
    if handler is signal.SIG_DFL:
        return 'default'
    if handler is signal.SIG_IGN:
        return 'ignore'
    return getattr(handler, '__name__', repr(handler))


def main():
    module = AnsibleModule(argument_spec={'behave': {'type': 'str', 'default': 'report',
                                                     'choices': ['report', 'return', 'terminate', 'raise', 'fail', 'warn']}},
                           supports_check_mode=True)
    behave = module.params['behave']
    if behave == 'return':
        return
    if behave == 'terminate':
        os.kill(os.getpid(), signal.SIGTERM)
    if behave == 'raise':
        raise RuntimeError('the probe raised')
    if behave == 'fail':
        module.fail_json(msg='the probe failed', results='not a list', stdout='one\ntwo')
    if behave == 'warn':
        module.warn('the probe warns')
    tmpdir = module.tmpdir
    module.exit_json(changed=False, name=__name__, argv=[os.path.basename(arg) for arg in sys.argv],
                     cwd=os.getcwd(), descriptors=sorted(int(fd) for fd in os.listdir('/proc/self/fd')),
                     signals=dict((name, handler_name(signal.getsignal(getattr(signal, name)))) for name in SIGNALS),
                     tmpdir=tmpdir, tmpdir_exists=os.path.isdir(tmpdir),
                     results='not a list', stdout='one\ntwo', stderr='three')


if __name__ == '__main__':
    main()
