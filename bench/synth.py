"""Synthetic exercises at realistic length, in a throw-away copy of the project.

Every exercise uses every key of the schema (about 900 words: 4 steps, 5 principles, 4
questions, cautions, references, a practice log, related links), refers only to ids that
site_data.yaml defines, and is written by a YAML emitter, so it passes `generator check` like a
therapist's file. Text is drawn from a fixed vocabulary with a seeded generator: the same N
gives the same files.
"""

from __future__ import annotations

import compileall
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("content", "generator", "overrides", "site_data.yaml", "mkdocs.yml", "schema")
EXERCISES = Path("content/exercises")

WORDS = [
    "partner", "attachment", "secure", "anxious", "avoidant", "closeness", "distance",
    "reassurance", "trust", "bid", "respond", "notice", "listen", "repair", "conflict", "calm",
    "breathe", "pause", "name", "feeling", "need", "ask", "week", "daily", "evening", "morning",
    "together", "alone", "honest", "gentle", "small", "specific", "moment", "pattern", "habit",
    "story", "memory", "body", "tension", "relief", "safety", "comfort", "support", "explore",
    "return", "base", "harbour", "message", "call", "touch", "look", "word", "silence", "worry",
    "fear", "hope", "anger", "sadness", "joy", "curiosity", "care", "boundary", "space", "time",
    "plan", "practise", "reflect", "write", "journal", "share", "agree", "check", "notice",
    "again", "relationship", "couple", "friend", "family", "therapist", "research", "study",
    "show", "help", "learn", "change", "grow", "often", "rarely", "usually", "sometimes",
    "clearly", "slowly", "quietly", "kindly", "openly", "warmly", "steadily"
]
LINK_TARGETS = ("https://example.org/attachment-research", "https://example.org/secure-base")


def slug(index: int) -> str:
    return f"bench-exercise-{index:04d}"


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _line(rng: random.Random, words: int, end: str = ".") -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + end


def exercise(index: int, total: int, data: dict) -> dict:
    """One exercise as plain data; `data` is site_data.yaml, for the ids it may use."""
    rng = random.Random(index)
    book = data["books"][0]
    tags = [t["id"] for t in data["tags"]]
    others = [slug(i) for i in range(total) if i != index]
    return {
        "title": f"Exercise {index + 1}: {_line(rng, 4, '')}",
        "subtitle": _line(rng, 10),
        "summary": "\n\n".join([
            _paragraph(rng, 5),
            _paragraph(rng, 5) + f" See **the research** on [secure bases]({LINK_TARGETS[0]}).",
            _paragraph(rng, 5),
        ]),
        "difficulty": rng.choice([d["id"] for d in data["difficulties"]]),
        "time": _time(rng),
        "audience": rng.sample([a["id"] for a in data["audiences"]], k=rng.randint(1, 2)),
        "recommended": index % 7 == 0,
        "source": {"book": book["id"], "insight": rng.randint(1, book["insights"])},
        "tags": rng.sample(tags, k=min(3, len(tags))),
        "outcome": _paragraph(rng, 3),
        "cautions": _paragraph(rng, 1),
        "principles": [_sentence(rng, 14, 22) for _ in range(5)],
        "steps_title": _line(rng, 5, ""),
        "steps": [{"title": _line(rng, 6, ""), "body": _paragraph(rng, 4) + "\n\n- "
                   + _line(rng, 6) + "\n- " + _line(rng, 6)} for _ in range(4)],
        "examples": [{"title": _line(rng, 3, ""), "story": _paragraph(rng, 6)}],
        "reflection_questions": [_line(rng, 11, "?") for _ in range(4)],
        "tips": [_line(rng, 12) for _ in range(3)],
        "background": _paragraph(rng, 4) + f" More in [this overview]({LINK_TARGETS[1]}).",
        "references": [{"citation": _sentence(rng), "doi": f"10.5555/bench.{index}"},
                       {"citation": _sentence(rng), "link": LINK_TARGETS[0]}],
        "for_therapists": _paragraph(rng, 2),
        "practice_log": {"days": 7, "columns": ["What I noticed", "What I did", "How it felt"]},
        "related": rng.sample(others, k=min(3, len(others))),
    }


def _time(rng: random.Random) -> dict:
    """Minutes across the site's time ranges (render.TIME_RANGES), a range or not."""
    minutes = rng.choice([5, 10, 15, 20, 30, 45, 60])
    time: dict = {"minutes": minutes}
    if rng.random() < 0.3:
        time["up_to"] = minutes + 5
    if rng.random() < 0.5:
        time["how_often"] = _line(rng, 4)
    return time


class _Dumper(yaml.SafeDumper):
    """Block style, long lines kept whole, and never an alias (the reader refuses them)."""

    def ignore_aliases(self, data):
        return True


def _text_style(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_style)


def to_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def words(data: object) -> int:
    """How many words of text an exercise holds (ids and numbers excluded)."""
    if isinstance(data, dict):
        return sum(words(v) for k, v in data.items()
                   if k not in ("difficulty", "tags", "related", "source", "recommended",
                                "audience", "time"))
    if isinstance(data, list):
        return sum(words(v) for v in data)
    return len(data.split()) if isinstance(data, str) else 0


def copy_project(target: Path, origin: Path = ROOT) -> Path:
    """A fresh copy of the project's sources at `origin` (no .venv, site/ or build/) at
    `target`, as a clone has them; the tests make their projects with it too."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = origin / part
        if source.is_dir():
            shutil.copytree(source, target / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def make_project(target: Path, count: int) -> Path:
    """A copy of the project's sources at `target` whose exercises are `count` synthetic ones."""
    if target.exists():
        shutil.rmtree(target)
    copy_project(target)
    compileall.compile_dir(target / "generator", quiet=1)  # not charged to the first run
    folder = target / EXERCISES
    shutil.rmtree(folder)
    folder.mkdir()
    data = yaml.safe_load((target / "site_data.yaml").read_text(encoding="utf-8"))
    for index in range(count):
        (folder / f"{slug(index)}.yaml").write_text(to_yaml(exercise(index, count, data)),
                                                    encoding="utf-8")
    return target


def translate(project: Path, language: str = "es") -> Path:
    """`project` with every exercise also in `language` (the same text, in
    content/exercises/<language>/) and that language listed in site_data.yaml: a site in
    two languages, each with all of the exercises."""
    folder = project / EXERCISES / language
    folder.mkdir()
    for path in sorted((project / EXERCISES).glob("*.yaml")):
        shutil.copy2(path, folder / path.name)
    with open(project / "site_data.yaml", "a", encoding="utf-8") as data:
        data.write(f"\ntranslations:\n  {language}:\n    name: Ejercicios de apego\n")
    return project
