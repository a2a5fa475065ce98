"""A small reader for nginx configuration files: enough to check directives, blocks and headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|(#[^\n]*)|([{};])|([^\s{};"\'#]+)')


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list[Directive] | None = None
    children: list[Directive] = field(default_factory=list)

    def all(self, name: str) -> list[Directive]:
        return [d for d in (self.block or []) if d.name == name]

    def first(self, name: str) -> Directive:
        found = self.all(name)
        assert found, f"no {name} in {self.name} {' '.join(self.args)}"
        return found[0]


def _tokens(text: str) -> list[str]:
    out = []
    for m in _TOKEN.finditer(text):
        dq, sq, comment, punct, word = m.groups()
        if comment is None:
            out.append(dq if dq is not None else sq if sq is not None else punct or word)
    return out


def parse(path: Path) -> Directive:
    tokens = _tokens(path.read_text(encoding="utf-8"))
    pos = 0

    def block() -> list[Directive]:
        nonlocal pos
        items: list[Directive] = []
        words: list[str] = []
        while pos < len(tokens):
            tok = tokens[pos]
            pos += 1
            if tok == ";":
                items.append(Directive(words[0], words[1:]))
                words = []
            elif tok == "{":
                items.append(Directive(words[0], words[1:], block()))
                words = []
            elif tok == "}":
                assert not words, f"unterminated directive {words}"
                return items
            else:
                words.append(tok)
        assert not words, f"unterminated directive {words}"
        return items

    root = Directive("main", [], block())
    assert pos == len(tokens)
    return root
