# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: tenant_report
type: aggregate
short_description: Report what a run did, or would do, to each tenant
version_added: 1.0.0
description:
  - When a run ends, writes C(report.json), C(report.md) and C(report.html) into O(report_dir), and ends the
    run's output with one line that counts the tenants by status and names the HTML page.
  - One row per tenant (inventory host) and service (C(signtogether), C(apppot), C(ncloud), C(security365)),
    from the results of the collection's modules, whether the tenant role, your own roles or single tasks ran them.
    The status is C(in sync), C(would change) (check mode), C(changed) or C(failed), with the failure's message.
  - Each changed object is named (C(group acme-staff), C(user kim@acme.example), C(app service)) with its managed
    fields before and after, taken from the module's diff; run with C(--diff) to see fields. A run with
    C(--check --diff) is a drift audit and the report says so at the top.
  - A host's own failure outside the collection's modules (an invalid C(tenant) variable, an unreachable host)
    marks the tenant failed with its message when no service explains it.
  - The tenant's name is C(tenant.name) from the host's variables when it is plain text, else the host's name.
  - The report holds only what the modules return after Ansible's no_log masking; it never copies C(invocation),
    a value Ansible hid, or a field whose name says it is a secret. Results with C(no_log) show their status only.
  - C(report.html) is one self-contained page (no network, no external file) with the counts per status at the
    top and a filterable table of tenants, failed and drifted tenants first, each change expandable.
  - Bulk results (many users) are summarised with their counts and the first O(max_changes) changed items.
  - Each run writes its three files into a directory of its own, C(runs/<UTC time>-<pid>/) under O(report_dir),
    syncs them, and only then renames a fresh symlink C(current) over the old one to point at that directory.
    C(report.json), C(report.md) and C(report.html) in O(report_dir) are symlinks to C(current/report.json) and
    so on, so they always come from one run; when a file cannot be written (a full disk), the run warns once and
    the previous run's files stay. The last 10 run directories are kept, older ones are removed.
  - A run that ends before its recap (Ctrl-C, which ends C(ansible-playbook) without the recap, or an error)
    still writes the report of the tasks that ended, marked C(interrupted) (C(run.interrupted) in C(report.json),
    and the title of C(report.md) and C(report.html)).
  - The files are private (directories 0700, files 0600); nothing is written through a symlink or into a FIFO or
    device in the way. A O(report_dir) owned by another user or writable by other users is refused with a
    warning and no file. Control characters (terminal escapes) are removed from every text and lone surrogates
    replaced. C(report.json) and C(report.md) have the size budget of the page's details (3 MiB), past which
    tenants keep their statuses and counts but not their changes, and the file says so.
  - The report never fails a run; any trouble writing it is one warning.
requirements:
  - enable in configuration, for example C(ANSIBLE_CALLBACKS_ENABLED=tenantkit.saas.tenant_report) or
    C(callbacks_enabled = tenantkit.saas.tenant_report) under C([defaults]) in C(ansible.cfg)
options:
  report_dir:
    description:
      - The directory the report files are written into; created when missing, private (0700).
      - An empty value (AWX sets C(TENANTKIT_REPORT_DIR) to an empty string for an empty field) is the same as
        unset.
      - A relative path is taken from the directory C(ansible-playbook) runs in (under ansible-runner and AWX, the
        job's project directory).
    type: path
    default: ./tenant-report
    env:
      - name: TENANTKIT_REPORT_DIR
    ini:
      - section: callback_tenant_report
        key: report_dir
  max_changes:
    description:
      - How many changed objects are listed per tenant and service; the counts always cover them all.
    type: int
    default: 10
    env:
      - name: TENANTKIT_REPORT_MAX_CHANGES
    ini:
      - section: callback_tenant_report
        key: max_changes
'''

import atexit
import datetime
import os

from ansible import context
from ansible.plugins.callback import CallbackBase
from ansible.release import __version__ as ansible_version

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import (
    CENSORED, ReportBuilder, module_of, summary_line)
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_files import render_pages, write_report

REPORT_DIR_ENV = 'TENANTKIT_REPORT_DIR'


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S UTC')


def parts(result):
    """(host, task, result dict) of a callback's task result, on every supported ansible-core."""
    host = getattr(result, 'host', None) or result._host
    task = getattr(result, 'task', None) or result._task
    data = getattr(result, 'result', None)
    return host, task, data if isinstance(data, dict) else result._result


def plain_name(value):
    """A tenant name that is plain text (not a template), else None."""
    return str(value) if isinstance(value, str) and value.strip() and '{{' not in value and '{%' not in value \
        else None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'tenantkit.saas.tenant_report'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self.builder = None
        self.hosts = {}
        self.playbooks = []
        self.play = None
        self.started = None
        # Events since the last report was written, and the controller's pid once the run started.
        self.pending = False
        self.main_pid = None
        self.warned = False

    def _builder(self):
        if self.builder is None:
            self.builder = ReportBuilder(max_changes=self.get_option('max_changes'))
        return self.builder

    def v2_playbook_on_start(self, playbook):
        self.started = self.started or now()
        name = getattr(playbook, '_file_name', None)
        if name:
            self.playbooks.append(os.path.basename(name))
        self.pending = True
        if self.main_pid is None:
            self.main_pid = os.getpid()
            atexit.register(self._at_exit)

    def v2_playbook_on_play_start(self, play):
        self.play = play

    def _record(self, result, failed, ignored=False):
        host, task, data = parts(result)
        name = host.get_name()
        module = module_of(getattr(task, 'resolved_action', None) or task.action)
        if module is not None:
            self.hosts.setdefault(name, (host, self.play))
            self._builder().add(name, module, data, bool(getattr(task, 'check_mode', False)), failed)
        elif failed and not ignored:
            self.hosts.setdefault(name, (host, self.play))
            self._builder().add_host_failure(name, CENSORED if data.get('_ansible_no_log') else data.get('msg'))

    def v2_runner_on_ok(self, result):
        self._record(result, failed=False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True, ignored=ignore_errors)

    def v2_runner_on_unreachable(self, result):
        self._record(result, failed=True)

    def v2_playbook_on_stats(self, stats):
        self._report(stats)

    def _at_exit(self):
        """ansible-playbook ends without the recap: on Ctrl-C, KeyboardInterrupt unwinds PlaybookExecutor.run
        to the CLI, which exits; v2_playbook_on_stats never comes. The report of what ran is then interrupted."""
        if self.pending and os.getpid() == self.main_pid:
            self._report(None, interrupted=True)

    def _report(self, stats, interrupted=False):
        """Writes the report (stats None: no recap); any trouble is one warning, never a failed run."""
        self.pending = False
        directory = None
        try:
            failed_hosts = None if stats is None else set(
                host for host in self.hosts if stats.failures.get(host) or stats.dark.get(host))
            report = self._builder().build(run=self._run_facts(interrupted), names=self._tenant_names(),
                                           failed_hosts=failed_hosts)
            directory = self._report_dir()
            self._write(directory, report)
        except Exception as error:  # pylint: disable=broad-except
            if not self.warned:
                self.warned = True
                self._display.warning('tenant report: not written%s: %s' % (
                    ' to %s' % directory if directory else '', error))
            return
        line = summary_line(report, os.path.join(directory, 'report.html'))
        self._display.display(line.replace('tenant report:', 'tenant report (interrupted):', 1) if interrupted
                              else line)

    def _report_dir(self):
        """report_dir as an absolute path; an empty TENANTKIT_REPORT_DIR counts as unset."""
        value, origin = self.get_option_and_origin('report_dir')
        if str(origin).startswith('env') and not os.environ.get(REPORT_DIR_ENV, '').strip():
            # AWX sets '' for an empty field: read the options again without it (ansible.cfg, else the default).
            saved = os.environ.pop(REPORT_DIR_ENV, None)
            try:
                self.set_options()
            finally:
                if saved is not None:
                    os.environ[REPORT_DIR_ENV] = saved
            value = self.get_option('report_dir')
        return os.path.abspath(os.path.expanduser(value))

    def _run_facts(self, interrupted=False):
        check = bool(context.CLIARGS.get('check'))
        diff = bool(context.CLIARGS.get('diff'))
        return {'mode': 'drift audit' if check and diff else 'check' if check else 'apply',
                'check_mode': check, 'diff_mode': diff, 'playbooks': self.playbooks, 'started': self.started,
                'finished': now(), 'interrupted': interrupted, 'ansible_version': ansible_version,
                'max_changes': self._builder().max_changes}

    def _tenant_names(self):
        """{host: tenant.name} for the hosts whose variables hold a plain-text name."""
        names = {}
        for name, (host, play) in self.hosts.items():
            try:
                # Given the host's own name as the play's hosts, get_vars skips listing the inventory
                # for magic variables the report does not use (1,000 hosts: 0.2 s instead of 1 s).
                variables = play.get_variable_manager().get_vars(
                    play=play, host=host, include_hostvars=False, _hosts=[name], _hosts_all=[name])
                tenant_name = plain_name((variables.get('tenant') or {}).get('name'))
            except Exception:  # pylint: disable=broad-except
                # A name is a nicety: any trouble reading variables leaves the host's name.
                tenant_name = None
            if tenant_name:
                names[name] = tenant_name
        return names

    @staticmethod
    def _write(directory, report):
        """All three files rendered first, then written as one new run (tenant_report_files)."""
        return write_report(directory, render_pages(report))
