# -*- coding: utf-8 -*-
# Copyright: (c) 2026, tenantkit.saas contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Answers read with their shape checked.

A client reads every value it uses from an answer through `Answer`, which
fails with an ApiError naming the call and what was wrong when a value has
another shape than the one meant. A wrong shape is never read as "empty",
and it is a definite answer: not retried, and not read back as a lost one,
so nothing is written after it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.tenantkit.saas.plugins.module_utils.transport import ApiError

MISSING = object()
KINDS = {
    'object': lambda value: isinstance(value, dict),
    'list': lambda value: isinstance(value, list),
    'string': lambda value: isinstance(value, str),
    'integer': lambda value: isinstance(value, int) and not isinstance(value, bool),
    'boolean': lambda value: isinstance(value, bool),
    # Ids some vendors send as numbers and others as strings.
    'id': lambda value: (isinstance(value, (int, str)) and not isinstance(value, bool)
                         and str(value) != ''),
}


class WrongShape(ApiError):
    """An answer the client cannot read. It is definite: not retried, not read
    back as a lost answer, and nothing is written after it."""


def shape_of(value):
    """How a value reads in a message: 'missing', 'null', 'a list' ..."""
    if value is MISSING:
        return 'missing'
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, dict):
        return 'an object'
    if isinstance(value, list):
        return 'a list'
    if isinstance(value, str):
        return 'a string'
    if isinstance(value, (int, float)):
        return 'a number'
    return 'a %s' % type(value).__name__


class Answer:
    """One decoded answer body of `method path`, read field by field."""

    def __init__(self, body, method, path, service, status=200, write=False):
        self.body = body
        self.write = write
        self.method = method
        self.path = path
        self.service = service
        self.status = status

    def wrong(self, what, code=None):
        """The error for an answer whose shape is not the one meant."""
        after = ('the write may have been applied; nothing was sent after it' if self.write
                 else 'nothing was written after it')
        return WrongShape('%s answered with a wrong shape: %s; %s' % (self.service, what, after),
                          status=self.status, code=code, method=self.method, path=self.path)

    def check(self, value, kind, where, nullable=False):
        """`value` if it is of `kind` (or None when nullable), else the error."""
        if value is None and nullable:
            return None
        if value is MISSING or not KINDS[kind](value):
            raise self.wrong('%s is %s, expected %s' % (where, shape_of(value), _article(kind)))
        return value

    def root(self, kind='object'):
        """The whole body, of `kind`."""
        return self.check(self.body, kind, 'body')

    def field(self, key, kind, nullable=False, within=None, where=None):
        """body[key] (or within[key]) of `kind`; `where` names `within` in messages."""
        container = self.root() if within is None else within
        label = '%s.%s' % (where, key) if where else key
        return self.check(container.get(key, MISSING), kind, label, nullable)

    def objects(self, key=None, keys=(), within=None, where=None):
        """A list of objects, each holding `keys`: body[key] (or within[key]),
        or the body itself when `key` is None.

        `keys` holds (key, kind) pairs, or (key, kind, nullable) triples.
        """
        if key is None:
            label = where or 'body'
            items = self.check(self.body if within is None else within, 'list', label)
        else:
            label = '%s.%s' % (where, key) if where else key
            items = self.field(key, 'list', within=within, where=where)
        for index, item in enumerate(items):
            item_label = '%s[%d]' % (label, index)
            self.check(item, 'object', item_label)
            for spec in keys:
                self.field(spec[0], spec[1], nullable=len(spec) > 2 and spec[2],
                           within=item, where=item_label)
        return items


def _article(kind):
    return ('an %s' if kind[0] in 'aeiou' else 'a %s') % kind
