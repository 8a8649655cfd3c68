"""An exercise whose words are longer than a page is wide (issue 25), and where its text lands
on paper: every word box that pdftotext reads from a PDF, the worksheet's or the browser's.

The words are random letters (seeded, so the same on every run), so that a piece of one is
found in the text only where it was printed, never by chance in another.
"""

from __future__ import annotations

import random
import re
import string
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.synth import copy_project

SLUG = "long-words"
# The paper's side margins and its bottom one, which holds the footer (print.css' @page), in
# points; and how far pdftotext's box of a glyph may reach past where it is drawn.
MARGIN = 14 / 25.4 * 72
BOTTOM = 16 / 25.4 * 72
TOLERANCE = 1
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def word(length: int, seed: int, letters: str = string.ascii_lowercase) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(letters) for _ in range(length))


TITLE = word(150, 1)
STEP_TITLE = word(190, 2)
BODY = word(5000, 3)  # a Markdown field: as long as one word can be
URL = "https://example.org/" + word(280, 4)  # 300 characters, in a tip
HEADINGS = (word(200, 5), "Short", word(200, 6))  # the practice log's columns
ARABIC = word(400, 7, ARABIC_LETTERS)
# Words that fit, over several lines: each must stay whole, never broken at a line's end.
ORDINARY = " ".join(word(length, seed) for seed, length in enumerate([3, 7, 11, 5, 9] * 16))
LONG = (TITLE, STEP_TITLE, BODY, URL, HEADINGS[0], HEADINGS[2])


def exercise() -> dict:
    return {
        "title": f"Long {TITLE}",
        "difficulty": "easy",
        "source": {"book": "attached"},
        "summary": "A worksheet whose words are longer than its page is wide.",
        "steps": [{"title": f"Step {STEP_TITLE}",
                   # bold inside the word: WeasyPrint's overflow-wrap stops at such a border
                   "body": f"Read {BODY[:2000]}**{BODY[2000:2100]}**{BODY[2100:]} and stop."},
                  {"title": "Ordinary words", "body": ORDINARY}],
        "reflection_questions": [f"لماذا {ARABIC}؟"],
        "tips": [f"See {URL} for more."],
        "practice_log": {"days": 2, "columns": list(HEADINGS)},
    }


def project(root: Path) -> Path:
    """A copy of the real project with the exercise added, as content/exercises/SLUG.yaml."""
    copy_project(root)
    (root / f"content/exercises/{SLUG}.yaml").write_text(
        yaml.safe_dump(exercise(), allow_unicode=True, sort_keys=False, width=10**6),
        encoding="utf-8")
    return root


@dataclass(frozen=True)
class Box:
    page: int
    width: float  # the page's
    height: float
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def boxes(pdf: Path) -> list[Box]:
    """Every word pdftotext reads in `pdf`, with its box in points (y down from the top)."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    found = []
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S)
    for number, (width, height, page) in enumerate(pages, start=1):
        for x0, y0, x1, y1, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>", page):
            found.append(Box(number, float(width), float(height), float(x0), float(y0),
                             float(x1), float(y1), text))
    return found


def text(pdf: Path) -> str:
    """What pdftotext reads in `pdf` above the footer, without its spaces and line ends: a
    word broken across lines or pages reads whole again."""
    above = int(min(box.height for box in boxes(pdf)) - BOTTOM)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-x", "0", "-y", "0", "-W", "10000",
                          "-H", str(above), str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return "".join(out.split())


def outside(pdf: Path) -> list[Box]:
    """The words of `pdf` that reach into a side margin, or off the page."""
    return [box for box in boxes(pdf)
            if box.x0 < MARGIN - TOLERANCE or box.x1 > box.width - MARGIN + TOLERANCE]
