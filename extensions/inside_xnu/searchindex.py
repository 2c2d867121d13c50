"""Keep every document's index entries in the search index (Sphinx #12599).

Sphinx feeds index entries to the search index while *writing* a document,
but saves the environment after *reading*; the next incremental build loads
an environment without the entries of the documents it does not write, so
glossary terms vanished from search. The entries are recorded per document
while reading (kept in the domain, exact under incremental and parallel
builds) and put back into Sphinx's table once reading is done, in the form
``IndexBuilder.feed`` gives them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.index_entries import split_index_msg

from .state import get_domain


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    entries = [tuple(entry[:4]) for node in doctree.findall(addnodes.index)
               for entry in node["entries"]]
    if entries:
        get_domain(app.env).data["index"][app.env.docname] = entries


def feed_form(entries) -> list[tuple[str, str, str]]:
    """The entries as ``IndexBuilder.feed`` stores them."""
    result: set[tuple[str, str, str]] = set()
    for entry_type, value, target_id, main in entries:
        try:
            parts = split_index_msg(entry_type, value)
        except ValueError:
            continue
        target_id = target_id or ""
        if entry_type in {"see", "seealso"}:
            result.add((parts[0], target_id, main))
        result |= {(part, target_id, main) for part in parts}
    return sorted(result)


def _restore(app: Sphinx, env: BuildEnvironment) -> None:
    table = getattr(env, "_search_index_index_entries", None)
    if table is None:  # a Sphinx without the bug's data structure
        return
    for docname, entries in get_domain(env).data["index"].items():
        table[docname] = feed_form(entries)


# -- searchindex.js in fewer bytes --------------------------------------------
#
# Sphinx writes its index as JSON: every word of the site is a key with its
# documents as a list ("scheduler":[3,7,11]) and every object a five-field
# array; together that is most of the bytes the search page loads. The same
# data is written here in a compact text form that ``XnuIndex.expand()``
# (static/xnu-search.js) turns back into exactly the structure Sphinx wrote,
# before ``Search.setIndex`` sees it; searchtools.js, the scorer and the
# ranking are unchanged. Sphinx reads the file back on incremental builds
# (``IndexBuilder.load``), so ``loads()`` decodes it the same way.
#
# * ``terms`` / ``titleterms``: one string, the words in sorted order, each
#   record "<shared-prefix length><rest of the word>|<documents>", records
#   separated by ","; the shared prefix is with the previous word, one
#   base-36 digit (at most 35), and 0 for every 16th word, so the browser
#   finds a word by a binary search over those and reads at most 16 records
#   (it never decodes the whole table for a query, which costs 5-30 ms);
#   documents are fixed-width base-36 numbers ("!" instead of "|" marks a
#   list of fewer than two, which Sphinx writes as a list, not a number).
# * ``objects``: per prefix one string, records "<shared prefix><rest of the
#   name>|<object type>[@<document><priority>]<anchor>": the most common
#   document and priority are written once (in the "xnu" header) and only
#   others in the record; the anchor is empty (the name), "~" (the name with
#   every character outside [A-Za-z0-9_] made "-": "IOService::start" ->
#   "IOService--start") or "=" and the anchor.
# * ``alltitles``: a section whose anchor is its title made an id (lower
#   case, every run of other characters than a-z and 0-9 made "-", leading
#   digits and hyphens and trailing hyphens dropped) is written [doc] instead
#   of [doc, anchor].
# * ``indexentries``: an entry whose anchor is "term-" and the entry made an
#   id the way Sphinx names glossary anchors (case kept, runs of characters
#   other than letters, digits, "." and "_" made "-") is written [doc, main]
#   instead of [doc, anchor, main].
# Words and names that cannot be written this way (a separator inside,
# characters outside the BMP) leave their table in Sphinx's form; a title or
# entry with letters outside ASCII keeps its anchor.

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
FORM = 3  # the version of the form, first in the "xnu" header
BLOCK = 16  # every 16th word is written whole, so a word is found without reading all
PREFIX = "Search.setIndex(XnuIndex.expand("
SUFFIX = "))"
SPHINX_PREFIX, SPHINX_SUFFIX = "Search.setIndex(", ")"


def _width(count: int) -> int:
    width = 1
    while 36 ** width < count:
        width += 1
    return width


def _number(value: int, width: int) -> str:
    text = ""
    for _ in range(width):
        value, digit = divmod(value, 36)
        text = DIGITS[digit] + text
    if value:
        raise ValueError("number too wide")
    return text


def _shared(previous: str, word: str) -> int:
    limit = min(len(previous), len(word), 35)
    n = 0
    while n < limit and previous[n] == word[n]:
        n += 1
    return n


def _plain(text: str, forbidden: str) -> bool:
    return not any(c in forbidden for c in text) and all(ord(c) <= 0xFFFF for c in text)


def _encode_words(mapping: dict, width: int):
    if not all(_plain(word, ",|!") for word in mapping):
        return mapping
    records, previous = [], ""
    for i, word in enumerate(sorted(mapping)):
        value = mapping[word]
        docs = [value] if isinstance(value, int) else value
        mark = "!" if isinstance(value, list) and len(value) < 2 else "|"
        n = 0 if i % BLOCK == 0 else _shared(previous, word)
        records.append(DIGITS[n] + word[n:] + mark + "".join(_number(d, width) for d in docs))
        previous = word
    return ",".join(records)


def _decode_words(text, width: int) -> dict:
    if not isinstance(text, str):
        return text
    mapping, previous = {}, ""
    for record in text.split(",") if text else ():
        at = min(i for i in (record.find("|", 1), record.find("!", 1)) if i > 0)
        word = previous[:DIGITS.index(record[0])] + record[1:at]
        docs = [int(record[i:i + width], 36) for i in range(at + 1, len(record), width)]
        mapping[word] = docs[0] if record[at] == "|" and len(docs) == 1 else docs
        previous = word
    return mapping


def _anchor_of(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c == "_") else "-" for c in name)


def _encode_objects(objects: list, width: int, type_width: int, default: tuple[int, int]):
    if not all(_plain(name, ",|") and _plain(anchor, ",") and 0 <= prio <= 9
               for _doc, _type, prio, anchor, name in objects):
        return objects
    records, previous = [], ""
    for doc, kind, prio, anchor, name in objects:
        n = _shared(previous, name)
        if anchor and name.isascii() and anchor == _anchor_of(name):
            anchor = "~"
        elif anchor:
            anchor = "=" + anchor
        place = "" if (doc, prio) == default else f"@{_number(doc, width)}{prio}"
        records.append(f"{DIGITS[n]}{name[n:]}|{_number(kind, type_width)}{place}{anchor}")
        previous = name
    return ",".join(records)


def _decode_objects(text, width: int, type_width: int, default: list[int]) -> list:
    if not isinstance(text, str):
        return text
    objects, previous = [], ""
    for record in text.split(",") if text else ():
        at = record.index("|", 1)
        name = previous[:DIGITS.index(record[0])] + record[1:at]
        fields = record[at + 1:]
        kind, rest = int(fields[:type_width], 36), fields[type_width:]
        doc, prio = default
        if rest.startswith("@"):
            doc, prio, rest = int(rest[1:1 + width], 36), int(rest[1 + width]), rest[2 + width:]
        anchor = _anchor_of(name) if rest == "~" else rest[1:] if rest else ""
        objects.append([doc, kind, prio, anchor, name])
        previous = name
    return objects


def _letters_ascii(text: str) -> bool:
    """Only ASCII letters and digits, so Python and JavaScript make the same id."""
    return all(c.isascii() or unicodedata.category(c)[0] in "PZ" for c in text)


def title_id(title: str) -> str:
    return re.sub(r"^[-0-9]+|-+$", "", re.sub(r"[^a-z0-9]+", "-", title.lower()))


def term_id(entry: str) -> str:
    return "term-" + re.sub(r"^[-0-9._]+|-+$", "", re.sub(r"[^a-zA-Z0-9._]+", "-", entry))


def _encode_titles(alltitles: dict) -> dict:
    return {title: [[doc] if anchor and _letters_ascii(title) and anchor == title_id(title)
                    else [doc, anchor] for doc, anchor in places]
            for title, places in alltitles.items()}


def _decode_titles(alltitles: dict) -> dict:
    return {title: [place if len(place) == 2 else [place[0], title_id(title)] for place in places]
            for title, places in alltitles.items()}


def _encode_entries(entries: dict) -> dict:
    return {name: [[doc, main] if name.isascii() and anchor == term_id(name) else [doc, anchor, main]
                   for doc, anchor, main in places]
            for name, places in entries.items()}


def _decode_entries(entries: dict) -> dict:
    return {name: [place if len(place) == 3 else [place[0], term_id(name), place[1]]
                   for place in places]
            for name, places in entries.items()}


class CompactIndex:
    """Sphinx's index format object (``builder.indexer_format``) for the
    compact searchindex.js; it reads Sphinx's plain form too."""

    def dumps(self, data: dict) -> str:
        width = _width(len(data["docnames"]))
        type_width = _width(len(data["objtypes"]) or 1)
        places = Counter((doc, prio) for items in data["objects"].values()
                         for doc, _kind, prio, _anchor, _name in items)
        default = places.most_common(1)[0][0] if places else (0, 1)
        data = {**data, "xnu": [FORM, width, type_width, BLOCK, *default],
                "terms": _encode_words(data["terms"], width),
                "titleterms": _encode_words(data["titleterms"], width),
                "alltitles": _encode_titles(data["alltitles"]),
                "indexentries": _encode_entries(data["indexentries"]),
                "objects": {prefix: _encode_objects(items, width, type_width, default)
                            for prefix, items in data["objects"].items()}}
        return PREFIX + json.dumps(data, separators=(",", ":"), sort_keys=True) + SUFFIX

    def loads(self, text: str) -> dict:
        for prefix, suffix in ((PREFIX, SUFFIX), (SPHINX_PREFIX, SPHINX_SUFFIX)):
            if text.startswith(prefix) and text.endswith(suffix) and len(text) > len(prefix + suffix):
                data = json.loads(text[len(prefix):-len(suffix)])
                break
        else:
            raise ValueError("invalid data")
        version = data.pop("xnu", None)
        if version is None:
            return data
        form, width, type_width, _block, *default = version
        if form != FORM:
            raise ValueError("an older compact form")  # Sphinx then treats it as absent
        data["terms"] = _decode_words(data["terms"], width)
        data["titleterms"] = _decode_words(data["titleterms"], width)
        data["alltitles"] = _decode_titles(data["alltitles"])
        data["indexentries"] = _decode_entries(data["indexentries"])
        data["objects"] = {prefix: _decode_objects(items, width, type_width, default)
                           for prefix, items in data["objects"].items()}
        return data

    def dump(self, data: dict, stream) -> None:
        stream.write(self.dumps(data))

    def load(self, stream) -> dict:
        return self.loads(stream.read())


COMPACT = CompactIndex()


def _use_compact_index(app: Sphinx) -> None:
    """Only the html builder's search page loads xnu-search.js (search.py)."""
    if app.builder.name == "html" and hasattr(app.builder, "indexer_format"):
        app.builder.indexer_format = COMPACT


def _reread_all_if_index_unreadable(app: Sphinx, env: BuildEnvironment, added: set[str],
                                    changed: set[str], removed: set[str]) -> list[str]:
    """An existing searchindex.js in an older compact form (or damaged) cannot
    be read back; Sphinx would warn that the index will be incomplete, which
    -W makes an error. Reading every document rebuilds it whole instead."""
    path = app.outdir / app.builder.searchindex_filename \
        if app.builder.name == "html" and hasattr(app.builder, "searchindex_filename") else None
    if path is None or not path.is_file():
        return []
    try:
        COMPACT.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return sorted(env.found_docs)
    return []


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _use_compact_index)
    app.connect("env-get-outdated", _reread_all_if_index_unreadable)
    app.connect("doctree-read", _collect)
    app.connect("env-updated", _restore)
