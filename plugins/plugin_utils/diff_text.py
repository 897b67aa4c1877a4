# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module's `diff` with its before and after as text, laid out as ansible-core lays out a
mapping for `--diff` (result_format json), but with Hangul and any other non-ASCII text as itself.

ansible-core's CallbackBase._get_diff turns a mapping `before`/`after` into text with
`json.dumps(..., sort_keys=True, indent=4, separators=(',', ': '))`, whose ensure_ascii
shows `영업부` as `\\uc601\\uc5c5\\ubd80`; text it shows as it is. The action plugins hand
the callback text laid out the same way (an empty mapping is `{}` and a newline there too),
whatever stdout callback the user runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

SIDES = ('before', 'after')


def as_text(value):
    """A mapping as ansible-core's json layout of a diff side, non-ASCII kept as itself."""
    return json.dumps(value, sort_keys=True, indent=4, separators=(',', ': '), ensure_ascii=False) + '\n'


def diff_as_text(result):
    """`result` with each diff's mapping `before`/`after` (the diff, or each diff of a list) made
    text; any other value or key left alone. Changes and returns `result`."""
    if not isinstance(result, dict):
        return result
    diff = result.get('diff')
    for one in diff if isinstance(diff, list) else [diff]:
        if not isinstance(one, dict):
            continue
        for side in SIDES:
            value = one.get(side)
            if isinstance(value, Mapping):
                try:
                    one[side] = as_text(value)
                except (TypeError, ValueError):
                    pass  # not JSON's kinds of value: left for the callback, as before
    return result
