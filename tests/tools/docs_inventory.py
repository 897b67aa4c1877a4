"""An intersphinx inventory, written offline, for the references of the generated docsite that
point outside the collection (Ansible's own docs: `action_plugins`, `common_return_values`,
ansible.builtin's modules and options).

`make docs` builds with no network: Sphinx cannot fetch docs.ansible.com's objects.inv, and
without it every such reference is an error under `-W`. This script reads the RST that
antsibull-docs generated, collects the labels it references that no page of the site defines and
that are not the collection's own (a broken reference to a page of tenantkit.saas still fails the
build), and writes them into an inventory whose links go to docs.ansible.com.

    python tests/tools/docs_inventory.py RST_DIR OUTPUT.inv
"""

import os
import re
import sys
import zlib

BASE = 'https://docs.ansible.com/projects/ansible/devel/'
OWN = 'tenantkit'
# Labels of Ansible's docs that antsibull-docs' templates use, with their page.
PAGES = {
    'action_plugins': ('plugins/action.html', 'Action plugins'),
    'callback_plugins': ('plugins/callback.html', 'Callback plugins'),
    'list_of_callback_plugins': ('plugins/callback.html#callback-plugin-list', 'Plugin list'),
    'common_return_values': ('reference_appendices/common_return_values.html', 'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html', 'Ansible Configuration Settings'),
    'list_of_collections': ('collections/index.html', 'Collection Index'),
    'collections_keyword': ('collections_guide/collections_using_playbooks.html', 'Using collections in a playbook'),
}
REF = re.compile(r':ref:`(?:[^`<]*<([^>`]+)>|([^`<]+))`')
ROLE = re.compile(r':(ansplugin|ansopt|ansretval):`([^`]+)`')
DEFINED = re.compile(r'^\.\. _([^:]+):\s*$', re.M)


def semantic_label(role, text):
    """The label sphinx_antsibull_ext looks up for :ansplugin:, :ansopt: and :ansretval:."""
    text = text.replace('\\', '')
    match = re.match(r'^([\w]+\.[\w]+\.[\w.]+)#(\w+)(?::([^=]+))?', text)
    if not match:
        return None, None
    fqcn, kind, name = match.groups()
    namespace, collection, plugin = fqcn.split('.', 2)
    page = 'ansible_collections.%s.%s.%s_%s' % (namespace, collection, plugin, kind)
    url = 'collections/%s/%s/%s_%s.html' % (namespace, collection, plugin, kind)
    if role == 'ansplugin' or not name:
        return page, url
    name = re.sub(r'\[[^\]]*\]', '', name)
    prefix = 'parameter' if role == 'ansopt' else 'return'
    return '%s__%s-%s' % (page, prefix, name.replace('.', '/')), '%s#%s-%s' % (url, prefix, name.replace('.', '/'))


def main(rst_dir, output):
    defined, wanted = set(), {}
    for directory, _subdirectories, names in os.walk(rst_dir):
        for name in names:
            if not name.endswith('.rst'):
                continue
            with open(os.path.join(directory, name), encoding='utf-8') as handle:
                text = handle.read()
            defined.update(DEFINED.findall(text))
            for with_text, alone in REF.findall(text):
                label = (with_text or alone).strip()
                page, title = PAGES.get(label, ('search.html?q=' + label, label))
                wanted[label] = (page, title)
            for role, target in ROLE.findall(text):
                label, url = semantic_label(role, target)
                if label:
                    wanted[label] = (url, target.replace('\\', ''))
    lines = []
    for label in sorted(wanted):
        if label in defined or OWN in label:
            continue
        page, title = wanted[label]
        lines.append('%s std:label -1 %s %s\n' % (label.lower(), page, title))
    header = ('# Sphinx inventory version 2\n# Project: Ansible (offline subset for tenantkit.saas)\n'
              '# Version: devel\n# The remainder of this file is compressed using zlib.\n')
    with open(output, 'wb') as handle:
        handle.write(header.encode('utf-8') + zlib.compress(''.join(lines).encode('utf-8')))
    print('docs_inventory: %d references to Ansible\'s docs' % len(lines))
    return 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
