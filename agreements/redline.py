"""Redline: what changed between two versions of an agreement section's HTML.

The section HTML comes from the rich-text editor (p, h2-h4, ul/ol/li, blockquote, strong,
em, a, br). Both versions are parsed into blocks of word tokens; blocks are matched first,
then words inside changed blocks, so a one-word change in a long paragraph is one <del>/<ins>
pair. The output is rebuilt from the tokens alone: every tag comes from this module, all text
is escaped and only http(s)/mailto links survive, so hostile input cannot reach the page.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, cached_property
from html.parser import HTMLParser
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from navpartner.cached_rows import kept_many

from . import structured

BLOCK_TAGS = {"p", "h2", "h3", "h4"}
CONTAINER_TAGS = {"ul", "ol", "blockquote", "li"}
INLINE_TAGS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "a": "a"}
SKIP_CONTENT_TAGS = {"script", "style", "template", "iframe", "object", "noscript", "svg", "math"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
BR = "\n"  # the text of a line-break token; words never contain whitespace
PAIR_CUTOFF = 0.5  # changed blocks sharing at least this share of words are diffed word by word
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace: &nbsp; stays part of its word

Mark = tuple[str, str]  # ("strong", "") / ("em", "") / ("a", href)


@dataclass(frozen=True)
class Token:
    """A word (or a line break) with its inline formatting, outermost mark first."""

    text: str
    marks: tuple[Mark, ...] = ()
    space: bool = True  # a word boundary precedes it (whitespace, block or line start)


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or list item; `path` holds the ul/ol/li/blockquote around it."""

    tag: str
    path: tuple[str, ...]
    tokens: tuple[Token, ...]

    @cached_property
    def words(self) -> frozenset[str]:
        """Its distinct words, for judging how alike two versions of a block are."""
        return frozenset(t.text for t in self.tokens if t.text != BR)


class _BlockParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.containers: list[str] = []
        self.marks: list[tuple[str, Mark | None]] = []  # (source tag, mark or None if dropped)
        self.tag: str | None = None  # the block being collected
        self.path: tuple[str, ...] = ()
        self.tokens: list[Token] = []
        self.space = False
        self.skip = 0  # depth inside script/style/...: their content is dropped

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_CONTENT_TAGS:
            self.skip += 1
        if self.skip:
            return
        if tag in CONTAINER_TAGS:
            self.end_block()
            if tag == "li":
                self.start_block("li")
            self.containers.append(tag)
        elif tag in BLOCK_TAGS:
            if self.tag != "li":
                self.end_block()
                self.start_block(tag)
            elif self.tokens:  # a further paragraph inside a list item: keep it on its own line
                self.add(BR)
        elif tag == "br":
            self.add(BR)
        elif tag in INLINE_TAGS:
            self.marks.append((tag, _mark(INLINE_TAGS[tag], dict(attrs))))

    def handle_endtag(self, tag):
        if self.skip:
            if tag in SKIP_CONTENT_TAGS:
                self.skip -= 1
        elif tag in BLOCK_TAGS and tag == self.tag:
            self.end_block()
        elif tag in CONTAINER_TAGS and tag in self.containers:
            self.end_block()
            while self.containers.pop() != tag:
                pass
        elif tag in INLINE_TAGS:
            found = [i for i, (source, _) in enumerate(self.marks) if source == tag]
            if found:
                del self.marks[found[-1]]

    def handle_data(self, data):
        if self.skip:
            return
        for i, word in enumerate(_WHITESPACE.split(data)):
            self.space = self.space or i > 0
            if word:
                self.add(word)

    def start_block(self, tag):
        self.tag, self.path, self.tokens, self.space = tag, tuple(self.containers), [], False

    def end_block(self):
        """Keep the block unless it is an empty paragraph or heading (editor noise)."""
        if self.tag == "li" or (self.tag and any(t.text.strip() for t in self.tokens)):
            self.blocks.append(Block(self.tag, self.path, tuple(self.tokens)))
        self.tag, self.tokens = None, []
        self.marks.clear()

    def add(self, text):
        if self.tag is None:  # text outside any block becomes a paragraph
            self.start_block("p")
        if text == BR:
            self.tokens.append(Token(BR, (), space=False))
        else:
            at_line_start = not self.tokens or self.tokens[-1].text == BR
            marks = tuple(mark for _, mark in self.marks if mark)
            self.tokens.append(Token(text, marks, space=self.space or at_line_start))
        self.space = False


def _mark(name: str, attrs: dict) -> Mark | None:
    if name != "a":
        return (name, "")
    href = (attrs.get("href") or "").strip()
    return ("a", href) if href.lower().startswith(SAFE_SCHEMES) else None


def _parse(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(html or "")
    parser.close()
    parser.end_block()
    return parser.blocks


def _common_prefix(a, b) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _inline(tokens) -> str:
    """Tokens as HTML, sharing one <strong>/<em>/<a> across consecutive words."""
    out, open_marks = [], ()
    for i, token in enumerate(tokens):
        keep = _common_prefix(open_marks, token.marks)
        out += [f"</{tag}>" for tag, _ in reversed(open_marks[keep:])]
        if i and token.space and tokens[i - 1].text != BR:
            out.append(" ")
        for tag, href in token.marks[keep:]:
            out.append(f'<a href="{escape(href)}">' if tag == "a" else f"<{tag}>")
        out.append("<br>" if token.text == BR else escape(token.text))
        open_marks = token.marks
    out += [f"</{tag}>" for tag, _ in reversed(open_marks)]
    return "".join(out)


def _wrap(tokens, tag: str | None) -> str:
    body = _inline(tokens)
    return f"<{tag}>{body}</{tag}>" if tag and body else body


def _redline_words(old: tuple[Token, ...], new: tuple[Token, ...]) -> str:
    parts = []

    def emit(tokens, tag=None):
        if parts and tokens[0].space:
            parts.append(" ")
        parts.append(_wrap(tokens, tag))

    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            emit(new[j1:j2])
        if op in ("delete", "replace"):
            emit(old[i1:i2], "del")
        if op in ("insert", "replace"):
            emit(new[j1:j2], "ins")
    return "".join(parts)


def _similarity(a: Block, b: Block) -> float:
    """Dice coefficient of the two blocks' word sets; blocks of different kinds never pair."""
    total = len(a.words) + len(b.words)
    if (a.tag, a.path) != (b.tag, b.path):
        return 0.0
    return 2 * len(a.words & b.words) / total if total else 1.0


def _pair(old: list[Block], new: list[Block]):
    """Yield (old, new) for a changed stretch of blocks, in document order: similar blocks of
    the same kind are paired (the in-order pairing with the highest total similarity), the
    rest stand alone with None on the other side, removed before added."""
    n, m = len(old), len(new)
    sim = [[_similarity(a, b) for b in new] for a in old]

    def paired(i, j):  # best total if old[i] pairs with new[j]; -1 when too different to pair
        return best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= PAIR_CUTOFF else -1.0

    best = [[0.0] * (m + 1) for _ in range(n + 1)]  # best total pairing old[i:] with new[j:]
    for i in reversed(range(n)):
        for j in reversed(range(m)):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired(i, j))
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and best[i][j] == paired(i, j):
            yield old[i], new[j]
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            yield old[i], None
            i += 1
        else:
            yield None, new[j]
            j += 1


class _Writer:
    """Writes blocks, opening and closing the lists and blockquotes around them."""

    def __init__(self):
        self.parts: list[str] = []
        self.open: list[str] = []

    def block(self, block: Block, body: str, css: str = ""):
        self.close(_common_prefix(self.open, block.path))
        self.parts += [f"<{tag}>" for tag in block.path[len(self.open) :]]
        self.open = list(block.path)
        self.parts.append(f'<{block.tag} class="{css}">' if css else f"<{block.tag}>")
        self.parts.append(body)
        if block.tag == "li":  # left open: a nested list may follow inside it
            self.open.append("li")
        else:
            self.parts.append(f"</{block.tag}>")

    def close(self, depth: int = 0) -> str:
        while len(self.open) > depth:
            self.parts.append(f"</{self.open.pop()}>")
        return "".join(self.parts)


def redline_html(old_html: str, new_html: str) -> SafeString:
    """Returns HTML (marked safe) of the new text with <del> for removed and <ins> for added
    words, block structure kept. Wholly added/removed blocks carry class="redline-added" /
    class="redline-removed"."""
    old, new = _parse(old_html), _parse(new_html)
    writer = _Writer()
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            for block in new[j1:j2]:
                writer.block(block, _inline(block.tokens))
            continue
        for a, b in _pair(old[i1:i2], new[j1:j2]):
            if b is None:
                writer.block(a, _wrap(a.tokens, "del"), "redline-removed")
            elif a is None:
                writer.block(b, _wrap(b.tokens, "ins"), "redline-added")
            else:
                writer.block(b, _redline_words(a.tokens, b.tokens))
    return mark_safe(writer.close())  # noqa: S308 -- built only from escaped text and fixed tags


#: A redline not shown for this long is computed again when next shown.
REDLINE_CACHE_SECONDS = 7 * 24 * 3600


@cache
def _code_digest() -> str:
    """This module's own code, digested: a change to how redlines are made makes new keys."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def redlines(pairs: Sequence[tuple[str, str]]) -> list[SafeString]:
    """redline_html of each (old, new) pair, in order, kept in the shared cache under a
    digest of both texts and of this module's code: a revision's page shows the same
    redlines on every view until a text changes. One cache read, at most one write."""
    keys = [
        "redline:" + hashlib.sha256(repr((_code_digest(), old, new)).encode()).hexdigest()
        for old, new in pairs
    ]
    texts = kept_many(keys, lambda i: redline_html(*pairs[i]), REDLINE_CACHE_SECONDS)
    return [mark_safe(text) for text in texts]  # noqa: S308 -- made by redline_html


def has_changes(old_html: str, new_html: str) -> bool:
    """False when the two versions differ only in whitespace or markup that renders the same."""
    return _parse(old_html) != _parse(new_html)


@dataclass(frozen=True)
class FieldChange:
    """One field of a structured part that differs between two versions, as readable text
    (rows and list items one a line)."""

    label: str
    old: str
    new: str

    @property
    def redline(self) -> SafeString:
        return redline_html(_paragraphs(self.old), _paragraphs(self.new))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())


def structured_changes(kind: str | None, template, old: dict, new: dict) -> list[FieldChange]:
    """The structured part compared field by field: each field that differs, with the label
    and choices of its editor (so any kind works without knowing its keys). No queries."""
    if not kind or kind == structured.NONE or old == new:
        return []
    editor = structured.editor(kind, template, initial={})
    fields = dict(editor.form.fields)
    legends = {name: formset.legend for name, formset in editor.formsets.items()}
    row_fields = {name: formset.form.base_fields for name, formset in editor.formsets.items()}
    keys = list(dict.fromkeys([*fields, *legends, *sorted({*old, *new})]))
    changes = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        field = fields.get(key)
        label = str(field.label) if field else str(legends.get(key) or "")
        row = row_fields.get(key, {})
        changes.append(
            FieldChange(
                label or key.replace("_", " ").capitalize(),
                _display(before, field, row),
                _display(after, field, row),
            )
        )
    return changes


def _display(value, field=None, row_fields=None) -> str:
    """A stored value as text: choices by their label, yes/no, lists one item a line."""
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "\n".join(_display(item, field, row_fields) for item in value)
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            sub = (row_fields or {}).get(key)
            text = _display(item, sub)
            if text:
                parts.append(f"{sub.label}: {text}" if sub and sub.label else text)
        return "; ".join(parts)
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))
