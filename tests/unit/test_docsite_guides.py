"""The collection's guides as collection docs: each guide of tests/tools/md_to_rst.py has its RST
file under docs/docsite/rst/, up to date with its Markdown, listed in docs/docsite/extra-docs.yml;
links between guides and to plugin pages are RST references, not links to Markdown files."""

import importlib.util
import os
import re

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCSITE = os.path.join(ROOT, 'docs', 'docsite')


SCRIPT = os.path.join(ROOT, 'tests', 'tools', 'md_to_rst.py')
if not os.path.exists(SCRIPT):
    pytest.skip('tests/tools/ is not in the collection tarball: these tests run in the repository',
                allow_module_level=True)


def converter():
    spec = importlib.util.spec_from_file_location('md_to_rst', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MD_TO_RST = converter()
NAMES = [guide['name'] for guide in MD_TO_RST.GUIDES]


def load(name):
    with open(os.path.join(DOCSITE, name), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def listed():
    return [entry if isinstance(entry, str) else entry['ref']
            for section in load('extra-docs.yml')['sections'] for entry in section['toctree']]


@pytest.mark.parametrize('name', NAMES)
def test_each_guide_is_an_rst_file_listed_in_extra_docs(name):
    assert os.path.isfile(os.path.join(DOCSITE, 'rst', name + '.rst'))
    assert name in listed()


def test_extra_docs_lists_only_existing_guides_once():
    entries = listed()
    assert len(entries) == len(set(entries))
    for name in entries:
        assert os.path.isfile(os.path.join(DOCSITE, 'rst', name + '.rst')), name
    assert sorted(name[:-4] for name in os.listdir(os.path.join(DOCSITE, 'rst'))) == sorted(entries)


def test_the_rst_guides_are_up_to_date_with_their_markdown():
    stale = []
    for path, text in MD_TO_RST.render().items():
        with open(path, encoding='utf-8') as handle:
            if handle.read() != text:
                stale.append(os.path.relpath(path, ROOT))
    assert not stale, 'run `.venv/bin/python tests/tools/md_to_rst.py` (the Markdown changed): %s' % stale


@pytest.mark.parametrize('name', NAMES)
def test_guides_link_with_references_not_markdown_files(name):
    with open(os.path.join(DOCSITE, 'rst', name + '.rst'), encoding='utf-8') as handle:
        text = handle.read()
    assert '.. _ansible_collections.tenantkit.saas.docsite.%s:' % name in text
    assert not re.search(r'<[^>\s]*\.md(#[^>]*)?>`', text)
    for label in re.findall(r':ref:`[^`<]*<([^>]+)>`', text):
        assert label.startswith('ansible_collections.tenantkit.saas.') or label == 'plugins_in_tenantkit.saas', label


def test_the_tenant_report_guide_links_to_the_awx_guide_and_a_module_page():
    with open(os.path.join(DOCSITE, 'rst', 'guide_tenant_report.rst'), encoding='utf-8') as handle:
        text = handle.read()
    assert '<ansible_collections.tenantkit.saas.docsite.guide_awx.the_tenant_report_under_awx>' in text
    assert '<ansible_collections.tenantkit.saas.ncloud_users_bulk_module>' in text
    assert '<ansible_collections.tenantkit.saas.tenant_report_callback>' in text


def test_links_yml():
    links = load('links.yml')
    assert links['edit_on_github'] == {'repository': 'tenantkit/saas', 'branch': 'main', 'path_prefix': ''}
    for link in links['extra_links']:
        assert link['url'].startswith('https://github.com/tenantkit/saas')
