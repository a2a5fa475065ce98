"""Print-quality checker for the app's PDFs, from the word boxes of ``pdftotext -bbox-layout``.

Three checks, each a list of Japanese-readable problem strings:

* ``overlaps`` – two words on a page whose boxes overlap (text printed over text);
* ``outside``  – a word, or any ink at all, within :data:`PRINTABLE_MARGIN` of the paper's edge
  (where office printers cannot print) or beyond it;
* ``kinsoku``  – a printed line that starts with closing punctuation or a small kana, or ends
  with an opening bracket (a 「・」 that begins a bulleted item is allowed).

A printed line is a run of words on one baseline without a gap wider than :data:`GAP_EM`
character heights, so two table cells side by side count as two lines.

Usage in tests: ``report = check(pdf_bytes); assert report.ok, report.summary()``.
From the shell: ``python -m tests.print_check FILE.pdf ...`` (exit status 1 on any problem).
The rule sets here are written out on purpose instead of importing the app's wrapping rules,
so a change to the app's rules cannot silently weaken the check.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

MM = 72 / 25.4
PRINTABLE_MARGIN = 5 * MM  # office printers leave about 4–5 mm unprinted on each side
OVERLAP_TOLERANCE = 0.5  # pt; glyph boxes of neighbouring words may touch
GAP_EM = 0.8  # a wider gap between words on one baseline separates two printed lines (table cells)

NO_START = frozenset(
    "、。，．,.）)］]｝}〕〉》」』】〙〗〟’”»"
    "？！?!：；:;‼⁇⁈⁉ー―々ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
NO_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“«")

_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    lines: list[list[Word]] = field(default_factory=list)  # printed lines, words left to right


@dataclass
class Report:
    pages: list[Page]
    overlaps: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    kinsoku: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.overlaps or self.outside or self.kinsoku)

    @property
    def text(self) -> str:
        """All printed lines, one per line (for checks on what is printed)."""
        return "\n".join(line_text(line) for page in self.pages for line in page.lines)

    def summary(self, limit: int = 15) -> str:
        out = [f"overlaps={len(self.overlaps)} outside={len(self.outside)} kinsoku={len(self.kinsoku)}"]
        for kind in ("overlaps", "outside", "kinsoku"):
            out += [f"  {kind}: {p}" for p in getattr(self, kind)[:limit]]
        return "\n".join(out)


def line_text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def read_pages(pdf: bytes) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = []
    for number, node in enumerate(ET.fromstring(xml).iter(_NS + "page"), 1):
        page = Page(number, float(node.get("width", 0)), float(node.get("height", 0)))
        for line in node.iter(_NS + "line"):
            words = [
                Word(number, w.text or "", *(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")))
                for w in line.iter(_NS + "word")
            ]
            words = [w for w in words if w.text.strip()]
            page.words += words
            page.lines += _split_runs(sorted(words, key=lambda w: w.x0))
        pages.append(page)
    return pages


def _split_runs(words: list[Word]) -> list[list[Word]]:
    runs: list[list[Word]] = []
    for w in words:
        if runs and w.x0 - runs[-1][-1].x1 <= GAP_EM * max(w.height, runs[-1][-1].height):
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _overlaps(page: Page) -> list[str]:
    out = []
    words = sorted(page.words, key=lambda w: w.y0)
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b.y0 >= a.y1 - OVERLAP_TOLERANCE:
                break
            ix = min(a.x1, b.x1) - max(a.x0, b.x0)
            iy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if ix > OVERLAP_TOLERANCE and iy > OVERLAP_TOLERANCE:
                out.append(f"p{page.number} {a.text!r} overlaps {b.text!r} at {max(a.x0, b.x0):.0f},{a.y0:.0f}")
    return out


def _outside(page: Page) -> list[str]:
    m = PRINTABLE_MARGIN
    return [
        f"p{page.number} {w.text!r} at {w.x0:.0f},{w.y0:.0f}-{w.x1:.0f},{w.y1:.0f}"
        for w in page.words
        if w.x0 < m or w.y0 < m or w.x1 > page.width - m or w.y1 > page.height - m
    ]


def _kinsoku(page: Page) -> list[str]:
    out = []
    for line in page.lines:
        text = "".join(w.text for w in line)
        if text[0] in NO_START:
            out.append(f"p{page.number} line starts with {text[0]!r}: {text[:30]}")
        if text[-1] in NO_END:
            out.append(f"p{page.number} line ends with {text[-1]!r}: {text[-30:]}")
    return out


def ink_near_edges(pdf: bytes, dpi: int = 36) -> list[str]:
    """Pages with anything drawn (text, rules, fills) inside the unprintable border."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(Path(tmp) / "p")], check=True)
        for png in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1])):
            image = Image.open(io.BytesIO(png.read_bytes())).convert("L")
            w, h = image.size
            band = max(1, int(PRINTABLE_MARGIN / 72 * dpi) - 1)  # one pixel less: anti-aliasing
            strips = [(0, 0, w, band), (0, h - band, w, h), (0, 0, band, h), (w - band, 0, w, h)]
            if any(image.crop(box).getextrema()[0] < 200 for box in strips):
                out.append(f"p{png.stem.split('-')[-1]} has ink within {PRINTABLE_MARGIN / MM:.0f} mm of the edge")
    return out


def check(pdf: bytes, *, ink: bool = True) -> Report:
    pages = read_pages(pdf)
    report = Report(pages)
    for page in pages:
        report.overlaps += _overlaps(page)
        report.outside += _outside(page)
        report.kinsoku += _kinsoku(page)
    if ink:
        report.outside += ink_near_edges(pdf)
    return report


def main(paths: list[str]) -> int:
    bad = 0
    for path in paths:
        report = check(Path(path).read_bytes())
        print(f"{path}: {report.summary()}")
        bad += not report.ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
