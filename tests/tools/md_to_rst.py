"""The collection's guides as RST collection docs (docs/docsite/rst/), made from their Markdown.

The Markdown (README.md, docs/tenant-report.md, docs/awx/README.md) stays the source; this script
converts the parts listed in GUIDES into docs/docsite/rst/<guide>.rst, which antsibull-docs puts on
the docsite next to the module pages (docs/docsite/extra-docs.yml lists them).

    python tests/tools/md_to_rst.py           # write the RST guides
    python tests/tools/md_to_rst.py --check   # exit 1 if one differs from what its Markdown gives

It converts the Markdown these files use: ATX headings, paragraphs, nested lists, fenced code,
pipe tables, code spans, bold, italics and links. A link to another converted Markdown file (with or
without an anchor) becomes a :ref: to that guide or section; a code span that is exactly a plugin
or role of the collection (``tenantkit.saas.ncloud_users_bulk``, or ``ncloud_users_bulk`` alone)
becomes a :ref: to its page.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RST_DIR = os.path.join(ROOT, 'docs', 'docsite', 'rst')
COLLECTION = 'tenantkit.saas'
PREFIX = 'ansible_collections.tenantkit.saas.docsite.'
REPOSITORY = 'https://github.com/tenantkit/saas/blob/main/'

# name, title, Markdown file, the heading(s) of the parts it takes (None: the whole file), see also.
GUIDES = [
    {'name': 'guide_tenants', 'title': 'Setting tenants up', 'source': 'README.md',
     'sections': ['Tenants'],
     'intro': 'From the collection README, section "Tenants".'},
    {'name': 'guide_ncloud_sso_access', 'title': 'NAVER Cloud SSO: from users to a sign-in',
     'source': 'README.md', 'sections': ['NAVER Cloud SSO assignments: from users to a sign-in'],
     'intro': 'From the collection README, section "NAVER Cloud SSO assignments".'},
    {'name': 'guide_modules_in_worker', 'title': 'Where the modules run', 'source': 'README.md',
     'sections': ['Where the modules run'],
     'intro': 'From the collection README, section "Where the modules run".'},
    {'name': 'guide_tenant_report', 'title': 'The tenant report', 'source': 'docs/tenant-report.md',
     'sections': None, 'intro': None},
    {'name': 'guide_awx', 'title': 'Running tenantkit.saas from AWX / Ansible Automation Platform',
     'source': 'docs/awx/README.md', 'sections': None, 'intro': None},
]

UNDERLINES = ['=', '-', '^', '~', '"']
FENCE = re.compile(r'^(\s*)```\s*([\w+-]*)\s*$')
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')
ITEM = re.compile(r'^(\s*)([-*+]|\d+\.)\s+(.*)$')
TABLE_RULE = re.compile(r'^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$')
LEXERS = {'': 'text', 'sh': 'shell', 'bash': 'shell', 'console': 'shell', 'yml': 'yaml'}
# Characters docutils accepts right before an inline markup start and right after its end.
BEFORE = set(' \t\n-:/\'"<([{')
AFTER = set(' \t\n-.,:;!?\\/\'")]}>')


def plugins():
    """Every plugin and role of the collection, by its short name: (FQCN, page label)."""
    found = {}
    for kind in ('modules', 'callback', 'lookup', 'filter', 'inventory', 'connection'):
        directory = os.path.join(ROOT, 'plugins', kind)
        if not os.path.isdir(directory):
            continue
        page = 'module' if kind == 'modules' else kind
        for name in sorted(os.listdir(directory)):
            if name.endswith('.py') and not name.startswith('_'):
                found[name[:-3]] = 'ansible_collections.%s.%s_%s' % (COLLECTION, name[:-3], page)
    roles = os.path.join(ROOT, 'roles')
    for name in sorted(os.listdir(roles)) if os.path.isdir(roles) else []:
        if os.path.exists(os.path.join(roles, name, 'meta', 'argument_specs.yml')):
            found.setdefault(name, 'ansible_collections.%s.%s_role' % (COLLECTION, name))
    return found


def parses_as_yaml(text):
    import yaml

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor('!', lambda loader, suffix, node: None)
    try:
        yaml.load(text, Loader=Loader)
    except yaml.YAMLError:
        return False
    return True


def slug(text):
    """GitHub's anchor for a heading."""
    text = re.sub(r'[`*_]', '', text.strip().lower())
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def label(guide, anchor=None):
    return PREFIX + guide + ('.' + anchor.replace('-', '_') if anchor else '')


def extract(lines, headings):
    """The lines of the sections named (each up to the next heading of its level or above)."""
    if headings is None:
        return lines
    parts = []
    for wanted in headings:
        start = level = None
        fenced = False
        for index, line in enumerate(lines):
            if FENCE.match(line):
                fenced = not fenced
            match = None if fenced else HEADING.match(line)
            if not match:
                continue
            if start is None and match.group(2) == wanted:
                start, level = index, len(match.group(1))
            elif start is not None and len(match.group(1)) <= level:
                parts.extend(lines[start:index])
                break
        else:
            if start is None:
                raise SystemExit('md_to_rst: no heading %r' % wanted)
            parts.extend(lines[start:])
    return parts


class Converter:
    def __init__(self, guide, anchors, known):
        self.guide = guide
        self.anchors = anchors      # Markdown path -> (guide name, {anchor: label})
        self.known = known
        self.source = guide['source']

    # Inline markup -------------------------------------------------------------------------
    def inline(self, text):
        out = []
        pattern = re.compile(r'`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])',
                             re.S)
        position = 0
        for match in pattern.finditer(text):
            out.append(('text', text[position:match.start()]))
            code, link_text, url, strong, emphasis = match.groups()
            if code is not None:
                out.append(('markup', self.code(code)))
            elif link_text is not None:
                out.append(('markup', self.link(link_text, url)))
            elif strong is not None:
                out.append(('markup', '**%s**' % self.escape(strong)))
            else:
                out.append(('markup', '*%s*' % self.escape(emphasis)))
            position = match.end()
        out.append(('text', text[position:]))
        result = ''
        for index, (kind, piece) in enumerate(out):
            if kind == 'text':
                result += self.escape(piece)
                continue
            if result and result[-1] not in BEFORE:
                result += '\\ '
            result += piece
            following = out[index + 1][1] if index + 1 < len(out) else ''
            if following and following[0] not in AFTER:
                result += '\\ '
        return result

    @staticmethod
    def escape(text):
        text = text.replace('\\', '\\\\').replace('|', '\\|').replace('*', '\\*').replace('`', '\\`')
        return re.sub(r'(\w)_(?=\W|$)', r'\1\\_', text)

    def code(self, code):
        code = re.sub(r'[ \t]*\n[ \t]*', ' ', code)
        fqcn = code.startswith(COLLECTION + '.')
        name = code[len(COLLECTION) + 1:] if fqcn else code
        target = self.known.get(name)
        if target and re.match(r'^[\w.]+$', code) and (fqcn or target.endswith('_module')):
            return ':ref:`%s <%s>`' % (code, target)
        if code.strip() != code:
            return ':literal:`%s`' % code.replace('\\', '\\\\').replace('`', '\\`')
        return '``%s``' % code

    def link(self, text, url):
        if re.match(r'^[a-z]+://', url) or url.startswith('mailto:'):
            return '`%s <%s>`__' % (self.escape(text), url)
        path, _hash, anchor = url.partition('#')
        target = os.path.normpath(os.path.join(os.path.dirname(self.source), path)) if path else self.source
        if target in self.anchors:
            name, labels = self.anchors[target]
            if anchor and anchor not in labels:
                raise SystemExit('md_to_rst: %s links to %s, which has no heading for it' % (self.source, url))
            return ':ref:`%s <%s>`' % (self.escape(text).replace('<', '\\<'),
                                       labels[anchor] if anchor else label(name))
        if target.endswith('.md'):
            raise SystemExit('md_to_rst: %s links to %s, which is not a guide' % (self.source, url))
        return '`%s <%s%s>`__' % (self.escape(text), REPOSITORY, target + ('#' + anchor if anchor else ''))

    # Blocks --------------------------------------------------------------------------------
    def convert(self, lines):
        guide = self.guide
        labels = self.anchors[self.source][1]
        out = ['..', '   Generated from %s by tests/tools/md_to_rst.py: edit the Markdown, then run'
               % self.source, '   `python tests/tools/md_to_rst.py`.', '',
               '.. _%s:' % label(guide['name']), '', guide['title'], '=' * len(guide['title']), '']
        if guide['intro']:
            out += [guide['intro'], '']
        top = None
        paragraph = []
        item_indents = []

        def flush():
            if paragraph:
                out.extend(self.inline('\n'.join(line for _item, line in paragraph)).split('\n'))
                del paragraph[:]

        index = 0
        while index < len(lines):
            line = lines[index]
            fence = FENCE.match(line)
            heading = HEADING.match(line)
            item = ITEM.match(line)
            if fence:
                flush()
                indent, language = fence.group(1), fence.group(2)
                if out and out[-1].strip():
                    out.append('')
                index += 1
                block = []
                while index < len(lines) and not re.match(r'^\s*```\s*$', lines[index]):
                    block.append(lines[index][len(indent):] if lines[index].startswith(indent)
                                 else lines[index].lstrip())
                    index += 1
                language = LEXERS.get(language, language)
                if language == 'yaml' and not parses_as_yaml('\n'.join(block)):
                    language = 'text'   # a shape with elided values: neither rstcheck nor Pygments takes it as YAML
                out += ['%s.. code-block:: %s' % (indent, language), '']
                out += [(indent + '  ' + code).rstrip() if code.strip() else '' for code in block]
                out.append('')
                index += 1
                continue
            if heading:
                flush()
                item_indents = []
                level = len(heading.group(1))
                if top is None:
                    top = level
                    index += 1
                    continue        # the guide's own title replaces the first heading
                text = self.inline(heading.group(2))
                anchor = slug(heading.group(2))
                if out and out[-1].strip():
                    out.append('')
                if anchor in labels:
                    out += ['.. _%s:' % labels[anchor], '']
                out += [text, UNDERLINES[min(level - top, len(UNDERLINES) - 1)] * len(text), '']
                index += 1
                continue
            if line.lstrip().startswith('|') and index + 1 < len(lines) and TABLE_RULE.match(lines[index + 1]):
                flush()
                rows = [line]
                index += 2
                while index < len(lines) and lines[index].lstrip().startswith('|'):
                    rows.append(lines[index])
                    index += 1
                out += self.table(rows)
                continue
            if not line.strip():
                flush()
                out.append('')
                index += 1
                if index < len(lines) and lines[index].strip() and not ITEM.match(lines[index]) \
                        and not lines[index].startswith(' '):
                    item_indents = []
                continue
            if item:
                flush()
                indent = len(item.group(1))
                while item_indents and item_indents[-1] > indent:
                    item_indents.pop()
                if (not item_indents or item_indents[-1] != indent) and out and out[-1].strip():
                    out.append('')
                if not item_indents or item_indents[-1] != indent:
                    item_indents.append(indent)
                marker = item.group(2)
                line = item.group(1) + ('#.' if marker[0].isdigit() else '-') + ' ' + item.group(3)
                paragraph.append((True, line))
                index += 1
                continue
            # A continuation line, or a paragraph: after a nested list, back at its parent's text.
            indent = len(line) - len(line.lstrip())
            if item_indents and indent <= item_indents[-1] and paragraph == [] and out and out[-1].strip():
                out.append('')
                while item_indents and item_indents[-1] >= indent:
                    item_indents.pop()
            paragraph.append((False, line))
            index += 1
        flush()
        text = '\n'.join(out)
        text = re.sub(r'\n{3,}', '\n\n', text).strip('\n') + '\n'
        return text

    def table(self, rows):
        cells = [[self.inline(cell.strip()) for cell in row.strip().strip('|').split('|')] for row in rows]
        out = ['', '.. list-table::', '   :header-rows: 1', '']
        for row in cells:
            for number, cell in enumerate(row):
                out.append(('   * - ' if number == 0 else '     - ') + (cell or '\\ '))
        out.append('')
        return out


def guide_anchors():
    """For each converted Markdown file: its guide, and a label for each heading it keeps."""
    anchors = {}
    for guide in GUIDES:
        with open(os.path.join(ROOT, guide['source']), encoding='utf-8') as handle:
            lines = extract(handle.read().split('\n'), guide['sections'])
        labels = {}
        fenced = False
        for line in lines:
            if FENCE.match(line):
                fenced = not fenced
            match = None if fenced else HEADING.match(line)
            if match:
                anchor = slug(match.group(2))
                labels.setdefault(anchor, label(guide['name'], anchor))
        if guide['sections'] is None:
            anchors[guide['source']] = (guide['name'], labels)
        guide['_lines'] = lines
        guide['_labels'] = labels
    return anchors


def render():
    """{path: text} for each guide."""
    anchors = guide_anchors()
    known = plugins()
    results = {}
    for guide in GUIDES:
        local = dict(anchors)
        local[guide['source']] = (guide['name'], guide['_labels'])
        converter = Converter(guide, local, known)
        body = converter.convert(guide['_lines'])
        others = [other for other in GUIDES if other is not guide]
        body += '\nSee also\n--------\n\n' + ''.join(
            '- :ref:`%s <%s>`\n' % (other['title'], label(other['name'])) for other in others)
        body += '- :ref:`The collection\'s plugins and roles <plugins_in_tenantkit.saas>`\n'
        results[os.path.join(RST_DIR, guide['name'] + '.rst')] = body
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--check', action='store_true', help='exit 1 if an RST guide is not up to date')
    args = parser.parse_args()
    stale = []
    for path, text in sorted(render().items()):
        current = None
        if os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                current = handle.read()
        if current == text:
            continue
        stale.append(os.path.relpath(path, ROOT))
        if not args.check:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as handle:
                handle.write(text)
    if args.check and stale:
        sys.stderr.write('not up to date with their Markdown (run python tests/tools/md_to_rst.py): %s\n'
                         % ', '.join(stale))
        return 1
    for path in stale:
        print('wrote %s' % path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
