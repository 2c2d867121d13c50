"""searchindex.js in its compact form decodes to exactly what Sphinx wrote."""

from __future__ import annotations

import io
import json

import pytest
from inside_xnu.searchindex import COMPACT, PREFIX, SPHINX_PREFIX

SAMPLE = {
    "docnames": [f"doc{i}" for i in range(40)],  # two base-36 digits per document
    "envversion": {"sphinx": 66},
    "filenames": [f"doc{i}.md" for i in range(40)],
    "titles": [f"Doc {i}" for i in range(40)],
    "alltitles": {"A title": [[0, "a-title"], [5, "a-title-1"]], "Page": [[1, None]],
                  "128 bands, the kernel’s own": [[2, "bands-the-kernel-s-own"]],
                  "Zoë’s title": [[3, "zoe-s-title"]]},
    "indexentries": {"send right": [[3, "term-send-right", True]], "acl": [[3, "term-ACL", True]],
                     "apfs": [[4, "subsystem-fs", False]], "café": [[3, "term-cafe", True]]},
    "objnames": {"0": ["xnu", "function", "XNU function"], "1": ["xnu", "struct", "XNU struct"]},
    "objtypes": {"0": "xnu:function", "1": "xnu:struct"},
    "terms": {"pager": [1, 7, 39], "pagers": 4, "paging": [], "page": [12],
              "x" * 40: 0, "x" * 41: [0, 1], "_": 2, "ünïcode": 5},
    "titleterms": {},
    "objects": {"": [[39, 0, 1, "", "thread_invoke"], [39, 1, 1, "struct-proc", "struct proc"],
                     [39, 0, 0, "IOService--start", "IOService::start"],
                     [2, 0, 2, "-", "odd"], [2, 0, 2, "~", "tilde"]],
                "mod": [[0, 1, 1, "", "x"]]},
}


def test_compact_index_round_trips_and_is_smaller():
    text = COMPACT.dumps(SAMPLE)
    assert text.startswith(PREFIX)
    assert COMPACT.loads(text) == SAMPLE
    stream = io.StringIO()
    COMPACT.dump(SAMPLE, stream)
    assert COMPACT.load(io.StringIO(stream.getvalue())) == SAMPLE
    assert len(text) < len(SPHINX_PREFIX + json.dumps(SAMPLE, separators=(",", ":")) + ")")


def test_anchors_that_follow_from_the_name_are_left_out():
    text = COMPACT.dumps(SAMPLE)
    assert '"A title":[[0],[5,"a-title-1"]]' in text
    assert '"128 bands, the kernel\\u2019s own":[[2]]' in text
    assert '"send right":[[3,true]]' in text and '"term-ACL"' in text and '"term-cafe"' in text
    assert '"zoe-s-title"' in text  # a letter outside ASCII: the anchor is kept


def test_tables_that_cannot_be_compacted_stay_in_sphinx_form():
    odd = {**SAMPLE, "terms": {"a,b": 1, "c": [2, 3]},
           "objects": {"": [[0, 0, 1, "", "a|b"]]}}
    text = COMPACT.dumps(odd)
    assert '"terms":{"a,b":1' in text and '"a|b"' in text
    assert COMPACT.loads(text) == odd


def test_sphinx_plain_index_is_still_read():
    """An output directory from before the compact form (incremental builds)."""
    plain = SPHINX_PREFIX + json.dumps(SAMPLE) + ")"
    assert COMPACT.loads(plain) == SAMPLE
    with pytest.raises(ValueError):
        COMPACT.loads("Search.setIndex()")
