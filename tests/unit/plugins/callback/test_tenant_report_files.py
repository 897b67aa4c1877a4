"""The tenant report's files (plugins/plugin_utils/tenant_report_files.py): each run in a private
directory of its own and `current` moved to it in one rename; nothing written through a symlink or
into a FIFO at any path the writer uses; a write error or an interruption never leaves a mix of two
runs; control characters and lone surrogates removed; report.json and report.md kept to the page's
budget; an empty TENANTKIT_REPORT_DIR is unset; a directory others can write is refused with one
warning. The callback itself runs in a process of its own (run_callback.py), the writer in this one.
A real ansible-playbook interrupted by SIGINT: tests/integration/test_tenant_report_sigint.py."""

import errno
import json
import os
import re
import signal
import stat
import subprocess
import sys

import pytest

from ansible_collections.tenantkit.saas.plugins.plugin_utils import tenant_report_files as files
from ansible_collections.tenantkit.saas.plugins.plugin_utils.tenant_report import ReportBuilder

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
COLLECTIONS = os.path.join(TESTS, 'output', 'collections')
RUN = '20260101T000000.%06dZ-7'
CONTROLS = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]')


@pytest.fixture(autouse=True)
def no_hang():
    """Opening a FIFO would block the writer: the test fails instead of hanging."""
    def hung(signum, frame):
        raise TimeoutError('the report writer blocked')
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def open_umask():
    """umask 0: the modes the writer gets are the ones it asks for."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def pages(tag):
    return (('report.json', json.dumps({'run': tag})), ('report.md', '# %s\n' % tag),
            ('report.html', '<p>%s</p>\n' % tag))


def read_all(directory):
    found = {}
    for name in files.PAGES:
        with open(os.path.join(str(directory), name), encoding='utf-8') as handle:
            found[name] = handle.read()
    return found


def runs_of(directory):
    return sorted(os.listdir(os.path.join(str(directory), 'runs')))


def mode(path):
    return stat.S_IMODE(os.lstat(str(path)).st_mode)


def victims(tmp_path):
    """A file and a directory outside the report directory that must stay as they are."""
    target = tmp_path / 'victim'
    target.mkdir()
    (target / 'bashrc').write_text('# precious\n')
    return target, target / 'bashrc'


def untouched(target):
    assert sorted(os.listdir(str(target))) == ['bashrc']
    assert (target / 'bashrc').read_text() == '# precious\n'


def test_each_run_has_a_private_directory_and_current_moves_to_it(tmp_path, open_umask):
    directory = tmp_path / 'reports' / 'today'
    first = files.write_report(str(directory), pages('one'))
    second = files.write_report(str(directory), pages('two'))
    assert read_all(directory) == dict(pages('two'))
    assert os.readlink(str(directory / 'current')) == os.path.join('runs', os.path.basename(second))
    for name in files.PAGES:
        assert os.readlink(str(directory / name)) == os.path.join('current', name)
        assert mode(os.path.join(first, name)) == mode(os.path.join(second, name)) == 0o600
    assert [mode(path) for path in (directory, directory / 'runs', first, second)] == [0o700] * 4
    with open(os.path.join(first, 'report.md'), encoding='utf-8') as handle:
        assert handle.read() == '# one\n'
    assert sorted(os.listdir(str(directory))) == ['current', 'report.html', 'report.json', 'report.md', 'runs']


def test_the_files_of_an_older_version_are_replaced_by_the_links(tmp_path):
    directory = tmp_path / 'r'
    directory.mkdir(mode=0o755)
    for name in files.PAGES:
        (directory / name).write_text('old')
        (directory / name).chmod(0o644)
    files.write_report(str(directory), pages('new'))
    assert read_all(directory) == dict(pages('new'))
    assert all(os.path.islink(str(directory / name)) for name in files.PAGES)


def test_a_report_dir_that_is_the_users_own_symlink_is_followed(tmp_path):
    (tmp_path / 'real').mkdir(mode=0o700)
    os.symlink(str(tmp_path / 'real'), str(tmp_path / 'link'))
    files.write_report(str(tmp_path / 'link'), pages('one'))
    assert read_all(tmp_path / 'real') == dict(pages('one'))


def test_a_report_dir_that_is_another_users_symlink_is_refused(tmp_path):
    if os.geteuid() != 0:
        pytest.skip('making a link of another user needs root')
    target, dummy = victims(tmp_path)
    os.symlink(str(target), str(tmp_path / 'r'))
    os.lchown(str(tmp_path / 'r'), 65534, -1)
    with pytest.raises(files.UnsafeDirectory):
        files.write_report(str(tmp_path / 'r'), pages('new'))
    untouched(target)


def test_nothing_is_written_through_a_symlink_or_into_a_fifo_at_any_path_the_writer_uses(tmp_path, monkeypatch):
    target, bashrc = victims(tmp_path)
    directory = tmp_path / 'r'
    (directory / 'runs').mkdir(parents=True, mode=0o700)
    directory.chmod(0o700)
    pid = os.getpid()
    # The links the writer replaces, and the temporary links it makes first.
    os.symlink(str(bashrc), str(directory / 'report.json'))
    os.mkfifo(str(directory / 'report.md'))
    os.symlink(str(target / 'report.html'), str(directory / 'report.html'))
    os.symlink(str(target), str(directory / 'current'))
    os.symlink(str(bashrc), str(directory / ('.report.json.%d.tmp' % pid)))
    os.mkfifo(str(directory / ('.report.md.%d.tmp' % pid)))
    os.mkfifo(str(directory / ('.current.%d.tmp' % pid)))
    # The run directory it makes: a link, a FIFO, a directory holding a link at the file's name.
    monkeypatch.setattr(files, 'run_name', lambda: RUN % 1)
    os.symlink(str(target), str(directory / 'runs' / (RUN % 1)))
    os.mkfifo(str(directory / 'runs' / (RUN % 1 + '.1')))
    (directory / 'runs' / (RUN % 1 + '.2')).mkdir(mode=0o700)
    os.symlink(str(bashrc), str(directory / 'runs' / (RUN % 1 + '.2') / 'report.json'))

    run = files.write_report(str(directory), pages('new'))

    assert os.path.basename(run) == RUN % 1 + '.3'
    assert read_all(directory) == dict(pages('new'))
    untouched(target)
    assert os.readlink(str(directory / 'current')) == os.path.join('runs', RUN % 1 + '.3')
    # What was planted and not in the way stays as it was.
    assert stat.S_ISFIFO(os.lstat(str(directory / ('.current.%d.tmp' % pid))).st_mode)
    assert os.readlink(str(directory / 'runs' / (RUN % 1))) == str(target)


@pytest.mark.parametrize('planted', ['runs is a symlink', 'runs is a FIFO', 'the report dir is a FIFO',
                                     'a file in the new run directory'])
def test_a_link_or_fifo_the_writer_cannot_replace_stops_it_without_writing_through(tmp_path, monkeypatch, planted):
    target, bashrc = victims(tmp_path)
    directory = tmp_path / 'r'
    if planted == 'the report dir is a FIFO':
        os.mkfifo(str(directory))
    else:
        directory.mkdir(mode=0o700)
    if planted == 'runs is a symlink':
        os.symlink(str(target), str(directory / 'runs'))
    elif planted == 'runs is a FIFO':
        os.mkfifo(str(directory / 'runs'))
    elif planted == 'a file in the new run directory':
        # Something lands in the run directory between its mkdir and the file's creation.
        real_mkdir = os.mkdir

        def mkdir(path, mode=0o777, **kwargs):
            real_mkdir(path, mode, **kwargs)
            if str(path).startswith('2026'):
                os.symlink(str(bashrc), os.path.join(str(directory), 'runs', str(path), 'report.json'))
        monkeypatch.setattr(files, 'run_name', lambda: RUN % 1)
        monkeypatch.setattr(os, 'mkdir', mkdir)
    with pytest.raises(OSError):
        files.write_report(str(directory), pages('new'))
    monkeypatch.undo()
    untouched(target)
    if planted == 'a file in the new run directory':
        assert runs_of(directory) == [] and not os.path.lexists(str(directory / 'current'))


@pytest.mark.parametrize('where, how', [
    ('report dir', 0o777), ('report dir', 0o1777), ('report dir', 0o770), ('runs', 0o757), ('report dir', 'owner')])
def test_a_directory_other_users_can_write_or_own_is_refused(tmp_path, where, how):
    directory = tmp_path / 'r'
    (directory / 'runs').mkdir(parents=True, mode=0o700)
    path = directory if where == 'report dir' else directory / 'runs'
    if how == 'owner':
        if os.geteuid() != 0:
            pytest.skip('making a directory of another user needs root')
        os.chown(str(path), 65534, -1)
    else:
        path.chmod(how)
    with pytest.raises(files.UnsafeDirectory) as refused:
        files.write_report(str(directory), pages('new'))
    assert str(path) in str(refused.value)
    assert sorted(os.listdir(str(directory))) == ['runs'] and runs_of(directory) == []


class FullDisk:
    """os.write that writes part of its data on call `at`, then fails with ENOSPC, as a full disk does."""

    def __init__(self, at):
        self.at, self.calls, self.real = at, 0, os.write

    def __call__(self, fd, data):
        self.calls += 1
        if self.calls == self.at:
            return self.real(fd, bytes(data[:max(1, len(data) // 2)]))
        if self.calls > self.at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.real(fd, data)


@pytest.mark.parametrize('failure', ['first file', 'second file', 'third file', 'the move of current'])
def test_a_write_error_leaves_the_previous_run_whole(tmp_path, monkeypatch, failure):
    directory = tmp_path / 'r'
    before = files.write_report(str(directory), pages('before'))
    if failure == 'the move of current':
        real_replace = os.replace

        def replace(source, destination, **kwargs):
            if destination == 'current':
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real_replace(source, destination, **kwargs)
        monkeypatch.setattr(os, 'replace', replace)
    else:
        monkeypatch.setattr(os, 'write', FullDisk(['first file', 'second file', 'third file'].index(failure) + 1))
    with pytest.raises(OSError) as error:
        files.write_report(str(directory), pages('after'))
    monkeypatch.undo()
    assert error.value.errno == errno.ENOSPC
    assert read_all(directory) == dict(pages('before'))
    assert runs_of(directory) == [os.path.basename(before)]
    assert sorted(os.listdir(str(directory))) == ['current', 'report.html', 'report.json', 'report.md', 'runs']


def test_only_the_last_ten_runs_are_kept_and_removing_follows_no_link(tmp_path, monkeypatch):
    target, bashrc = victims(tmp_path)
    directory = tmp_path / 'r'
    (directory / 'runs').mkdir(parents=True, mode=0o700)
    directory.chmod(0o700)
    # Named as the oldest runs: a link to a directory, and a run holding a link to a file.
    os.symlink(str(target), str(directory / 'runs' / (RUN % 0)))
    (directory / 'runs' / (RUN % 1)).mkdir(mode=0o700)
    os.symlink(str(bashrc), str(directory / 'runs' / (RUN % 1) / 'report.json'))
    made = []
    for number in range(2, 14):
        monkeypatch.setattr(files, 'run_name', lambda number=number: RUN % number)
        made.append(os.path.basename(files.write_report(str(directory), pages(str(number)))))
    untouched(target)
    assert runs_of(directory) == sorted([RUN % 0] + made[-10:])
    assert read_all(directory) == dict(pages('13'))


def report_of(builder, **run):
    return builder.build(run=dict({'mode': 'apply', 'check_mode': False, 'diff_mode': True}, **run))


def test_control_characters_and_lone_surrogates_never_reach_a_file(tmp_path):
    builder = ReportBuilder()
    vendor = '\x1b[31mrefused\x1b[0m\x07 by \x9b2Jvendor\x7f\r\nnow\u202e\u2066'
    builder.add('acme', 'apppot_group', {'failed': True, 'msg': vendor},
                planned=False, failed=True)
    builder.add('acme', 'signtogether_group', {'changed': True, 'group': {'name': 'acme\ud800'}, 'diff': {
        'before': {}, 'after': {'name': 'acme\ud800', 'description\x1b]0;title\x07': 'x\x00y', 'ratio': float('nan')}}},
        planned=False, failed=False)
    report = report_of(builder)
    written = dict(files.render_pages(report))
    for name, text in written.items():
        assert not CONTROLS.search(text.replace('\n', '').replace('\t', '')), (name, CONTROLS.findall(text))
        text.encode('utf-8')
    data = json.loads(written['report.json'])
    rows = dict((row['service'], row) for row in data['tenants'][0]['services'])
    assert rows['apppot']['message'] == 'refused by 2Jvendor\nnow'
    assert rows['signtogether']['changes'][0]['object'] == 'group acme\ufffd'
    assert rows['signtogether']['changes'][0]['after'] == {'name': 'acme\ufffd', 'description': 'xy', 'ratio': 'nan'}
    assert 'refused by 2Jvendor now' in written['report.md']
    files.write_report(str(tmp_path / 'r'), files.render_pages(report))
    assert read_all(tmp_path / 'r')['report.md'] == written['report.md']


def failing_tenants(count, messages=5):
    """`count` tenants whose four services fail with long messages, as the issue's 1,000 did."""
    builder = ReportBuilder()
    for number in range(count):
        for module in ('signtogether_group', 'apppot_group', 'ncloud_sso_group', 'security365_app'):
            result = {'failed': True, 'msg': 'All items completed', 'results': [
                {'failed': True, 'msg': ('tenant %d item %d: the vendor refused <%s> ' % (number, item, module)) * 60}
                for item in range(messages)]}
            builder.add('tenant%04d' % number, module, result, planned=False, failed=True)
    return report_of(builder)


def test_report_json_and_report_md_keep_to_the_pages_budget():
    report = failing_tenants(1000)
    written = dict(files.render_pages(report))
    sizes = dict((name, len(text.encode('utf-8'))) for name, text in written.items())
    # Without the budget: 27 MB and 28 MB.
    assert sizes['report.json'] < 5 * 1024 * 1024 and sizes['report.md'] < 5 * 1024 * 1024, sizes
    data = json.loads(written['report.json'])
    assert data['totals'] == report['totals'] and data['services'] == report['services']
    assert [tenant['host'] for tenant in data['tenants']] == [tenant['host'] for tenant in report['tenants']]
    left_out = data['run']['details_left_out']
    assert 0 < left_out < 1000
    assert data['note'].startswith('Details (changes, lists, long messages) of %d tenants are left out' % left_out)
    first, last = data['tenants'][0]['services'][0], data['tenants'][-1]['services'][0]
    assert first == report['tenants'][0]['services'][0]
    assert (last['status'], last['details_left_out'], len(last['message'])) == ('failed', True, files.SHORT + 3)
    assert written['report.md'].startswith('# Tenant report\n\n_Details (changes, lists, long messages) of %d '
                                           'tenants are left out' % left_out)
    assert sum(1 for line in written['report.md'].splitlines() if line.startswith('| tenant |')) == 1
    assert sum(1 for line in written['report.md'].splitlines() if re.match(r'\| tenant\d{4} \| failed \|', line)) \
        == 1000


def test_a_small_budget_keeps_the_first_tenants_whole_and_a_report_within_it_has_no_note():
    report = failing_tenants(40, messages=1)
    written = dict(files.render_pages(report, budget=20000))
    data = json.loads(written['report.json'])
    assert data['tenants'][0] == report['tenants'][0]
    assert 0 < data['run']['details_left_out'] < 40
    assert len(written['report.json'].encode('utf-8')) < 20000 + 40 * 1500
    within = dict(files.render_pages(failing_tenants(2, messages=1)))
    assert 'details_left_out' not in json.loads(within['report.json'])['run']
    assert '_Details' not in within['report.md']


# The callback, as Ansible loads it, in a process of its own --------------------------------------------------------
DRIVER = r'''
import errno, json, os, sys
sys.path.insert(0, sys.argv[1])
import run_callback
spec = json.loads(sys.argv[2])
callback, shown = run_callback.load_callback(False, False)
import atexit
atexit.register(lambda: sys.stdout.write(json.dumps(shown) + '\n'))  # after the callback's own (LIFO)
failed = run_callback.feed(callback, spec['events'])
if spec.get('full_disk'):
    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    os.write = full
try:
    for playbook in range(spec.get('playbooks', 1)):
        callback.v2_playbook_on_stats(run_callback.Stats(failed))
    if spec.get('interrupt'):
        raise KeyboardInterrupt()
except KeyboardInterrupt:
    sys.exit(99)  # as ansible-playbook does on Ctrl-C: no recap
'''


def drive(cwd, events, report_dir='r', **spec):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS)
    env.pop('TENANTKIT_REPORT_DIR', None)
    if report_dir is not None:
        env['TENANTKIT_REPORT_DIR'] = report_dir
    env.update(spec.pop('env', {}))
    done = subprocess.run([sys.executable, '-c', DRIVER, HERE, json.dumps(dict(spec, events=events))],
                          cwd=str(cwd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          check=False)
    return done.returncode, json.loads(done.stdout.decode('utf-8').splitlines()[-1]), done.stderr.decode('utf-8')


ACME = [{'host': 'acme', 'action': 'tenantkit.saas.apppot_group',
         'result': {'changed': True, 'group': {'group_id': 3, 'name': 'acme-staff'}}}]
GLOBEX = [{'host': 'globex', 'action': 'tenantkit.saas.security365_app', 'failed': True,
           'result': {'failed': True, 'msg': 'refused'}}]


def test_an_interrupted_run_replaces_the_report_whole_and_says_so(tmp_path):
    assert drive(tmp_path, ACME)[:2] == (0, ['tenant report: 1 tenant, 0 in sync, 1 changed, 0 failed: %s' % (
        tmp_path / 'r' / 'report.html')])
    code, shown, dummy = drive(tmp_path, GLOBEX, playbooks=0, interrupt=True)
    assert (code, shown) == (99, ['tenant report (interrupted): 1 tenant, 0 in sync, 0 changed, 1 failed: %s' % (
        tmp_path / 'r' / 'report.html')])
    written = read_all(tmp_path / 'r')
    data = json.loads(written['report.json'])
    assert data['run']['interrupted'] is True
    assert [tenant['host'] for tenant in data['tenants']] == ['globex']
    assert written['report.md'].startswith('# Tenant report (interrupted)\n')
    assert '<h1>Tenant report (interrupted)</h1>' in written['report.html']
    current = os.path.realpath(str(tmp_path / 'r' / 'current'))
    assert set(os.path.dirname(os.path.realpath(str(tmp_path / 'r' / name))) for name in files.PAGES) == {current}
    assert len(runs_of(tmp_path / 'r')) == 2


def test_a_finished_run_is_not_marked_and_the_exit_writes_nothing_more(tmp_path):
    assert drive(tmp_path, ACME, playbooks=2)[0] == 0
    assert json.loads(read_all(tmp_path / 'r')['report.json'])['run']['interrupted'] is False
    assert len(runs_of(tmp_path / 'r')) == 2


def test_a_full_disk_warns_once_keeps_the_previous_report_and_never_fails_the_run(tmp_path):
    drive(tmp_path, ACME)
    before = read_all(tmp_path / 'r')
    code, shown, dummy = drive(tmp_path, GLOBEX, playbooks=2, full_disk=True)
    assert (code, shown) == (0, ['[WARNING]: tenant report: not written to %s: [Errno 28] No space left on device' % (
        tmp_path / 'r')])
    assert read_all(tmp_path / 'r') == before
    assert len(runs_of(tmp_path / 'r')) == 1


@pytest.mark.parametrize('how', [0o777, 0o1777], ids=['0777', '1777'])
def test_a_directory_others_can_write_is_refused_with_one_warning(tmp_path, how):
    (tmp_path / 'shared').mkdir()
    (tmp_path / 'shared').chmod(how)
    code, shown, dummy = drive(tmp_path, ACME, report_dir='shared', playbooks=2)
    assert code == 0
    assert len(shown) == 1 and shown[0].startswith(
        '[WARNING]: tenant report: not written to %s: %s is writable by other users (mode %o)' % (
            tmp_path / 'shared', tmp_path / 'shared', how)), shown
    assert os.listdir(str(tmp_path / 'shared')) == []


def test_an_empty_report_dir_is_unset_and_leaves_the_working_directory_alone(tmp_path):
    (tmp_path / 'report.md').write_text('my notes\n')
    code, shown, dummy = drive(tmp_path, ACME, report_dir='')
    assert (code, shown) == (0, ['tenant report: 1 tenant, 0 in sync, 1 changed, 0 failed: %s' % (
        tmp_path / 'tenant-report' / 'report.html')])
    assert (tmp_path / 'report.md').read_text() == 'my notes\n'
    assert sorted(os.listdir(str(tmp_path))) == ['report.md', 'tenant-report']
    # ansible.cfg's report_dir then applies, as when the variable is not set.
    (tmp_path / 'ansible.cfg').write_text('[callback_tenant_report]\nreport_dir = from-cfg\n')
    code, shown, dummy = drive(tmp_path, ACME, report_dir='', env={'ANSIBLE_CONFIG': str(tmp_path / 'ansible.cfg')})
    assert shown == ['tenant report: 1 tenant, 0 in sync, 1 changed, 0 failed: %s' % (
        tmp_path / 'from-cfg' / 'report.html')]


def test_a_terminal_escape_and_a_lone_surrogate_from_a_vendor_reach_no_file(tmp_path):
    code, shown, stderr = drive(tmp_path, [{'host': 'acme', 'action': 'tenantkit.saas.apppot_group', 'failed': True,
                                            'result': {'failed': True, 'msg': '\x1b[31mdenied\x1b[0m for \ud800'}}])
    assert code == 0 and shown[0].startswith('tenant report: 1 tenant'), stderr
    written = read_all(tmp_path / 'r')
    assert 'denied for \ufffd' in written['report.md']
    for text in written.values():
        assert '\x1b' not in text and '[31m' not in text
