# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant report's files, written safely.

A run's three files go into a directory of their own, `<dir>/runs/<UTC time>-<pid>/`,
written in full and synced before anything points at them. Then one rename moves
the symlink `<dir>/current` to that directory; `<dir>/report.json`, `report.md` and
`report.html` are symlinks to `current/report.*`, so the three always come from one
run and a failed or interrupted write leaves the previous run's in place. The last
KEEP_RUNS run directories are kept.

Nothing is ever written through a symlink or into a FIFO or device: files are created
with O_EXCL | O_NOFOLLOW in a directory just made, and links are replaced by renaming
a fresh link over them. The directories are private (0700, files 0600); a directory
owned by another user or writable by others is refused.

Before rendering, every text of the report loses its control characters (terminal
escapes) and lone surrogates; report.json and report.md leave out the details of the
tenants past the HTML page's budget.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
import math
import os
import re
import stat

from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report_render import (
    DETAILS_BUDGET, render_html, render_markdown)

PAGES = ('report.json', 'report.md', 'report.html')
CURRENT = 'current'
RUNS = 'runs'
KEEP_RUNS = 10
RUN_NAME = re.compile(r'^\d{8}T\d{6}\.\d{6}Z-\d+(\.\d+)?$')
# Never follow a symlink in the last component, never wait on a FIFO, never leak into a child.
SAFE = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, 'O_CLOEXEC', 0)
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | SAFE
FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | SAFE

# Terminal escape sequences (CSI, OSC, two-character), then any C0 control but tab and
# line feed, DEL, the C1 controls and the bidirectional overrides and isolates (which reorder
# what a terminal or an editor shows); lone surrogates.
ESCAPES = re.compile(r'\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]')
CONTROLS = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]')
SURROGATES = re.compile('[\ud800-\udfff]')
UNSAFE_TEXT = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]')
SHORT = 200


class UnsafeDirectory(Exception):
    """The report directory is not private to the user running Ansible."""


# Text -------------------------------------------------------------------------------------------
def clean_text(value):
    """`value` without terminal escapes and control characters (carriage returns become line
    feeds), its lone surrogates replaced by U+FFFD."""
    value = str(value)
    if not UNSAFE_TEXT.search(value):
        return value
    value = ESCAPES.sub('', value.replace('\r\n', '\n').replace('\r', '\n'))
    return SURROGATES.sub('\ufffd', CONTROLS.sub('', value))


def clean(value):
    """The report (any JSON-like value) with every text cleaned, keys too, as plain JSON types."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return dict((clean_text(key), clean(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [clean(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else str(value)
    return clean_text(value)


# Size budget ------------------------------------------------------------------------------------
def _brief(value):
    """A tenant's or service row's value with its details left out: lists emptied, texts cut."""
    if isinstance(value, dict):
        return dict((key, _brief(item)) for key, item in value.items())
    if isinstance(value, list):
        return []
    if isinstance(value, str) and len(value) > SHORT:
        return value[:SHORT] + '...'
    return value


def brief_tenant(tenant):
    """The tenant's status rows and counts, without changes, lists and long messages."""
    short = dict((key, _brief(item)) for key, item in tenant.items() if key != 'services')
    short['services'] = []
    for row in tenant.get('services') or []:
        row_short = _brief(row)
        if row_short != row:
            row_short['details_left_out'] = True
        short['services'].append(row_short)
    return short


def within_budget(report, budget, measures):
    """(report, how many tenants lost details): once the tenants' sizes, each the largest of
    `measures` (functions of a tenant), pass `budget`, the tenants after are brief."""
    spent, tenants, left_out = 0, [], 0
    for tenant in report['tenants']:
        if spent < budget:
            spent += max(measure(tenant) for measure in measures)
        else:
            short = brief_tenant(tenant)
            if short != tenant:
                tenant, left_out = short, left_out + 1
        tenants.append(tenant)
    if not left_out:
        return report, 0
    return dict(report, tenants=tenants, run=dict(report['run'], details_left_out=left_out)), left_out


def left_out_note(count, budget):
    mib = max(1, budget // (1024 * 1024))
    return ('Details (changes, lists, long messages) of %d tenant%s are left out to keep report.json and report.md '
            'within %d MiB of details, as report.html: every status and count is complete. Run again with --limit '
            'on those tenants to see their details.' % (count, '' if count == 1 else 's', mib))


def to_json(report):
    return json.dumps(report, ensure_ascii=False, separators=(',', ':'), allow_nan=False)


def render_pages(report, budget=DETAILS_BUDGET):
    """((name, text), ...) of the three files: cleaned, and report.json and report.md within `budget`."""
    report = clean(report)
    header = len(render_markdown(dict(report, tenants=[])).encode('utf-8'))
    measures = (lambda tenant: len(to_json(tenant).encode('utf-8')),
                lambda tenant: len(render_markdown(dict(report, tenants=[tenant])).encode('utf-8')) - header)
    short, left_out = within_budget(report, budget, measures)
    markdown = render_markdown(short)
    if left_out:
        short['note'] = left_out_note(left_out, budget)
        head, gap, rest = markdown.partition('\n\n')
        markdown = head + gap + '_%s_\n\n' % short['note'] + rest
    return (('report.json', to_json(short)), ('report.md', markdown), ('report.html', render_html(report, budget)))


# Files ------------------------------------------------------------------------------------------
def run_name():
    """A new run directory's name: its UTC time (sorts as it was made) and the process id."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime('%Y%m%dT%H%M%S.%fZ') + '-%d' % os.getpid()


def _private(fd, path):
    """Refuses the directory open as `fd` unless it is the user's and only the user writes to it."""
    info = os.fstat(fd)
    if info.st_uid != os.geteuid():
        raise UnsafeDirectory('%s is owned by another user (uid %d)' % (path, info.st_uid))
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeDirectory('%s is writable by other users (mode %o): run `chmod go-w` on it or choose another '
                              'directory' % (path, stat.S_IMODE(info.st_mode)))


def _checked(fd, path):
    """`fd` when it is a directory private to the user; else it is closed and refused."""
    try:
        _private(fd, path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_dir(name, path, dir_fd=None, create=False):
    """An fd of the private directory `name` (0700 when made here); a symlink there is refused."""
    if create:
        try:
            os.mkdir(name, 0o700, dir_fd=dir_fd)
        except FileExistsError:
            pass
    return _checked(os.open(name, DIR_FLAGS, dir_fd=dir_fd), path)


def open_top(directory):
    """An fd of the report directory, made (0700, with its parents) when missing."""
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        os.makedirs(directory, 0o700, exist_ok=True)
    else:
        # The directory may be a link the user made; not one another user planted.
        if stat.S_ISLNK(info.st_mode) and info.st_uid not in (os.geteuid(), 0):
            raise UnsafeDirectory('%s is a symbolic link of another user (uid %d)' % (directory, info.st_uid))
    return _checked(os.open(directory, DIR_FLAGS & ~os.O_NOFOLLOW), directory)


def _unique(create, base, attempts=10):
    """Calls create(name) with `base`, then `base.1`, ... while something is in the way."""
    for attempt in range(attempts):
        name = base if not attempt else '%s.%d' % (base, attempt)
        try:
            create(name)
            return name
        except FileExistsError:
            continue
    raise FileExistsError('%s and %d names after it are taken' % (base, attempts - 1))


def write_file(dir_fd, name, text):
    """A new file `name` (0600) holding `text`, synced; fails if anything is in the way."""
    fd = os.open(name, FILE_FLAGS, 0o600, dir_fd=dir_fd)
    try:
        data = memoryview(text.encode('utf-8'))
        while data:
            data = data[os.write(fd, data):]
        os.fsync(fd)
    finally:
        os.close(fd)


def link(dir_fd, target, name):
    """Makes `name` a symlink to `target` by renaming a fresh link over what is there."""
    try:
        if os.readlink(name, dir_fd=dir_fd) == target:
            return
    except OSError:
        pass
    temp = _unique(lambda temp: os.symlink(target, temp, dir_fd=dir_fd), '.%s.%d.tmp' % (name, os.getpid()))
    try:
        os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        remove_entry(dir_fd, temp)
        raise


def remove_entry(dir_fd, name):
    try:
        os.unlink(name, dir_fd=dir_fd)
    except OSError:
        pass


def remove_run(runs_fd, name):
    """Removes the run directory `name` and the files in it; never follows a symlink."""
    try:
        fd = os.open(name, DIR_FLAGS, dir_fd=runs_fd)
    except OSError:
        return
    try:
        if os.fstat(fd).st_uid != os.geteuid():
            return
        for entry in os.listdir(fd):
            remove_entry(fd, entry)
    finally:
        os.close(fd)
    try:
        os.rmdir(name, dir_fd=runs_fd)
    except OSError:
        pass


def prune(top_fd, runs_fd, keep, new):
    """Removes the run directories older than the last `keep`, never the one `current` names."""
    try:
        current = os.path.basename(os.readlink(CURRENT, dir_fd=top_fd))
    except OSError:
        current = None
    names = sorted(name for name in os.listdir(runs_fd) if RUN_NAME.match(name))
    for name in names[:-keep] if keep > 0 else names:
        if name not in (current, new):
            remove_run(runs_fd, name)


def write_report(directory, pages, keep=KEEP_RUNS):
    """Writes `pages` ((name, text), ...) as a new run of `directory` and points `current` at it.
    Returns the run directory's path. Raises OSError or UnsafeDirectory, with the previous run's
    files still in place."""
    top = open_top(directory)
    try:
        runs = _open_dir(RUNS, os.path.join(directory, RUNS), dir_fd=top, create=True)
        try:
            name = _unique(lambda name: os.mkdir(name, 0o700, dir_fd=runs), run_name())
            try:
                run = _open_dir(name, os.path.join(directory, RUNS, name), dir_fd=runs)
                try:
                    for page, text in pages:
                        write_file(run, page, text)
                    os.fsync(run)
                finally:
                    os.close(run)
                os.fsync(runs)
                for page, dummy in pages:
                    link(top, os.path.join(CURRENT, page), page)
                # The one step that moves the report to this run: nothing fails after its rename.
                link(top, os.path.join(RUNS, name), CURRENT)
            except BaseException:
                remove_run(runs, name)
                raise
            try:
                os.fsync(top)
                prune(top, runs, keep, name)
            except OSError:
                pass
            return os.path.join(directory, RUNS, name)
        finally:
            os.close(runs)
    finally:
        os.close(top)
