"""The collection's docsite (`make docs`), built here as `make docs` builds it, opened in headless
Chromium: a module page and a guide render, and every relative link of both points at a file of
the built site. `make test-browser` runs it (and installs chromium if missing)."""

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.path.join(ROOT, 'tests', 'output', 'docs', 'html')
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
PAGES = {
    'ncloud_users_bulk_module.html': 'tenantkit.saas.ncloud_users_bulk module',
    'docsite/guide_tenant_report.html': 'The tenant report',
}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.title = ''
        self._in_title = False
        self.headings = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ('href', 'src'):
            if attrs.get(name):
                self.links.append(attrs[name])
        self._in_title = tag == 'title'
        self._in_h1 = self._in_h1 or tag == 'h1'
        if tag == 'h1':
            self.headings.append('')

    def handle_endtag(self, tag):
        if tag == 'title':
            self._in_title = False
        if tag == 'h1':
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.headings[-1] += data


@pytest.fixture(scope='module')
def site():
    done = subprocess.run(['bash', os.path.join(ROOT, 'tests', 'tools', 'docs_build.sh'), 'build'], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900, check=False)
    assert done.returncode == 0, done.stdout.decode('utf-8', 'replace')[-4000:]
    return SITE


def dom_of(page, tmp_path):
    assert CHROMIUM, 'no browser: `make test-browser` installs Debian\'s chromium package'
    done = subprocess.run([CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu', '--user-data-dir=%s' % tmp_path,
                           '--dump-dom', 'file://' + page], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.decode('utf-8')


@pytest.mark.browser
@pytest.mark.parametrize('name', sorted(PAGES))
def test_a_page_of_the_docsite_renders_and_its_links_resolve(site, name, tmp_path):
    page = os.path.join(site, name)
    parsed = Links()
    parsed.feed(dom_of(page, tmp_path))
    assert PAGES[name] in parsed.title
    assert any(PAGES[name] in re.sub(r'\s+', ' ', heading) for heading in parsed.headings), parsed.headings
    relative = [link for link in parsed.links if not urlsplit(link).scheme and not link.startswith(('#', '//'))]
    assert len(relative) > 10, parsed.links
    missing = []
    for link in relative:
        target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(urlsplit(link).path)))
        if not target.startswith(site + os.sep) or not os.path.isfile(target):
            missing.append(link)
    assert not missing, missing


@pytest.mark.browser
def test_the_guide_links_to_the_module_page_and_the_awx_guide(site, tmp_path):
    parsed = Links()
    parsed.feed(dom_of(os.path.join(site, 'docsite', 'guide_tenant_report.html'), tmp_path))
    targets = set(urlsplit(link).path for link in parsed.links)
    assert '../ncloud_users_bulk_module.html' in targets
    assert 'guide_awx.html' in targets
    assert '../tenant_report_callback.html' in targets
