# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: tenant_report
type: aggregate
short_description: Report what a run did, or would do, to each tenant
version_added: 0.2.0
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
requirements:
  - enable in configuration, for example C(ANSIBLE_CALLBACKS_ENABLED=tenantkit.saas.tenant_report) or
    C(callbacks_enabled = tenantkit.saas.tenant_report) under C([defaults]) in C(ansible.cfg)
options:
  report_dir:
    description:
      - The directory the report files are written into; created when missing.
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

import datetime
import json
import os

from ansible import context
from ansible.plugins.callback import CallbackBase
from ansible.release import __version__ as ansible_version

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import (
    CENSORED, ReportBuilder, module_of, summary_line, text)
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import (
    render_html, render_markdown)


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

    def _builder(self):
        if self.builder is None:
            self.builder = ReportBuilder(max_changes=self.get_option('max_changes'))
        return self.builder

    def v2_playbook_on_start(self, playbook):
        self.started = self.started or now()
        name = getattr(playbook, '_file_name', None)
        if name:
            self.playbooks.append(os.path.basename(name))

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
        failed_hosts = set(host for host in self.hosts if stats.failures.get(host) or stats.dark.get(host))
        report = self._builder().build(run=self._run_facts(), names=self._tenant_names(), failed_hosts=failed_hosts)
        directory = os.path.abspath(os.path.expanduser(self.get_option('report_dir')))
        try:
            self._write(directory, report)
        except (IOError, OSError) as error:
            self._display.warning('tenant report: could not write %s: %s' % (directory, error))
            return
        self._display.display(summary_line(report, os.path.join(directory, 'report.html')))

    def _run_facts(self):
        check = bool(context.CLIARGS.get('check'))
        diff = bool(context.CLIARGS.get('diff'))
        return {'mode': 'drift audit' if check and diff else 'check' if check else 'apply',
                'check_mode': check, 'diff_mode': diff, 'playbooks': self.playbooks, 'started': self.started,
                'finished': now(), 'ansible_version': ansible_version, 'max_changes': self._builder().max_changes}

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
        if not os.path.isdir(directory):
            os.makedirs(directory)
        pages = (('report.json', json.dumps(report, ensure_ascii=False, separators=(',', ':'), default=text)),
                 ('report.md', render_markdown(report)), ('report.html', render_html(report)))
        for name, content in pages:
            path = os.path.join(directory, name)
            with open(path + '.tmp', 'w', encoding='utf-8') as handle:
                handle.write(content)
            os.replace(path + '.tmp', path)
