"""Projects in other languages and scripts, made from a copy of the real one (issue 19).

- `spanish`: a site with `language: es` whose content is Spanish too (es/), so that an
  English word on any of its pages can only be one the site wrote itself; with more
  exercises than the home page shows, so every message of the catalogue appears somewhere.
- `arabic`: the real site with `language: ar` and an exercise written in Arabic (ar/).
- `bilingual`: the real site in English with a Spanish version (bilingual/): one seed
  translated, the other not, the about page translated, the guide not.
- `therapists`: THERAPISTS synthetic exercises (bench/synth.py) and one with every key a
  therapist chooses by, in English with its Spanish translation (clinician/), for the
  browse pages and search filters by audience and time at scale (issue 28); `clinician`:
  the real site with only that one added, for its worksheet PDFs.
- `scripts`: the real site with an exercise in Latin with diacritics, Greek, Cyrillic,
  Hebrew, Arabic, Chinese and Japanese (scripts/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.synth import copy_project, make_project

HERE = Path(__file__).parent
EXTRA_SPANISH = 11  # copies of a short exercise, for more than the home page's 12 cards
THERAPISTS = 50  # synthetic exercises beside the one with every key (`therapists`)


def spanish(root: Path) -> Path:
    copy_project(root)
    shutil.rmtree(root / "content")
    (root / "content").mkdir()
    shutil.copytree(HERE / "es/exercises", root / "content/exercises")
    shutil.copytree(HERE / "es/pages", root / "content/pages")
    shutil.copy(HERE / "es/home.md", root / "content/home.md")
    shutil.copy(HERE / "es/site_data.yaml", root / "site_data.yaml")
    short = (root / "content/exercises/sin-libro.yaml").read_text(encoding="utf-8")
    for number in range(1, EXTRA_SPANISH + 1):
        (root / f"content/exercises/calma-{number}.yaml").write_text(
            short.replace("title: Un momento de calma", f"title: Calma número {number}"),
            encoding="utf-8")
    return root


def arabic(root: Path) -> Path:
    copy_project(root)
    shutil.copy(HERE / "ar/qaeda-amina.yaml", root / "content/exercises/qaeda-amina.yaml")
    set_language(root, "ar")
    return root


def bilingual(root: Path) -> Path:
    copy_project(root)
    spanish = root / "content/exercises/es"
    spanish.mkdir()
    shutil.copy(HERE / "bilingual/secure-base-strategy.yaml", spanish)
    (root / "content/es").mkdir()
    shutil.copy(HERE / "bilingual/home.md", root / "content/es/home.md")
    (root / "content/pages/es").mkdir()
    shutil.copy(HERE / "bilingual/pages/about.md", root / "content/pages/es/about.md")
    with open(root / "site_data.yaml", "a", encoding="utf-8") as data:
        data.write("\n" + (HERE / "bilingual/translations.yaml").read_text(encoding="utf-8"))
    return root


def therapists(root: Path) -> Path:
    make_project(root, THERAPISTS)
    return _with_clinician(root)


def clinician(root: Path) -> Path:
    copy_project(root)
    return _with_clinician(root)


def _with_clinician(root: Path) -> Path:
    shutil.copy(HERE / "clinician/choosing-together.yaml", root / "content/exercises")
    spanish = root / "content/exercises/es"
    spanish.mkdir()
    shutil.copy(HERE / "clinician/es/choosing-together.yaml", spanish)
    with open(root / "site_data.yaml", "a", encoding="utf-8") as data:
        data.write("\n" + (HERE / "bilingual/translations.yaml").read_text(encoding="utf-8"))
    return root


def scripts(root: Path) -> Path:
    copy_project(root)
    for name in ("scripts.yaml", "cjk.yaml"):
        shutil.copy(HERE / "scripts" / name, root / "content/exercises" / name)
    return root


def set_language(root: Path, language: str) -> None:
    path = root / "site_data.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    path.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n"),
                    encoding="utf-8")
