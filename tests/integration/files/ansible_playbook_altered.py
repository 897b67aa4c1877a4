# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-playbook with one ansible-core internal changed first, as a release might change it.
Usage: python ansible_playbook_altered.py ALTERATION [ansible-playbook arguments]"""

from __future__ import annotations

import importlib
import sys


def exec_command_of_another_shape():
    local = importlib.import_module('ansible.plugins.connection.local').Connection
    original = local.exec_command

    def exec_command(self, cmd, in_data=None, sudoable=True, stdin_chunks=None):
        return original(self, cmd, in_data=in_data, sudoable=sudoable)
    local.exec_command = exec_command


def unknown_core():
    importlib.import_module('ansible.release').__version__ = '2.99.0'


def no_module_side_tracebacks():
    del importlib.import_module('ansible.module_utils._internal._traceback')._is_module_traceback_enabled


ALTERATIONS = {
    'exec-command-of-another-shape': exec_command_of_another_shape,
    'unknown-core': unknown_core,
    'no-module-side-tracebacks': no_module_side_tracebacks,
}

if __name__ == '__main__':
    ALTERATIONS[sys.argv[1]]()
    sys.argv = ['ansible-playbook'] + sys.argv[2:]
    from ansible.cli.playbook import main  # pylint: disable=wrong-import-position
    sys.exit(main())
