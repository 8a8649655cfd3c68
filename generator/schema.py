"""The shape of an exercise file and of `site_data.yaml`, declared once, with every rule.

Each field is one typed line with a description and an example; the validator, the JSON
Schema for editors (`python -m generator schema`) and the scaffold (`new`) all read these
declarations. Unknown keys are refused, so a typo never vanishes silently. Rules that need
more than one file (a difficulty, tag or book from site_data.yaml, an insight within its book,
a related exercise that exists) are checked here too, against a `Known` validation context
made from site_data.yaml and the list of exercise files, as rendercv does.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import i18n, markup
from .errors import shown

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_WORDS = "lower-case words joined by '-'"  # ID_PATTERN, as the messages say it
ID_RULE = f"{ID_WORDS}, like `secure-base`"
# The JSON Schema key naming what an id is chosen from: a group of site_data.yaml (`tags`) or
# `exercises`; the browser editor offers that group's choices (generator/editor_config.py).
CHOOSE_FROM = "x-choose-from"
# MkDocs and Material print these addresses into HTML attributes unescaped (the canonical
# link, the repository link), so quotes, angle brackets and blanks are refused outright.
_URL_CHAR = r"[^\s\"'<>\\`]"
SITE_URL = rf"^https?://{_URL_CHAR}+/$"
REPO_URL = rf"^https?://{_URL_CHAR}*[^/\s\"'<>\\`]$"


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be one line; remove the line break (use `>-` or join the lines)")
    return value


def _flag(value: object) -> object:
    """YAML 1.2's true/false only: the reader keeps `yes`, `no`, `on` as the text typed, and an
    editor using the JSON Schema would flag them too."""
    if isinstance(value, str):
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        raise ValueError(f"expected true or false, not {shown(value)}")
    return value


def _whole(value: object) -> object:
    """Plain digits only: pydantic alone would also take `4.0`, `4_000` and ` 4`."""
    if isinstance(value, str):
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            raise ValueError(f"expected a whole number, like 4, not {shown(value)}")
        if len(value) > 9:
            raise ValueError(f"{shown(value)} is far too large; write a small whole number")
        return int(value)
    return value


def _language(value: str) -> str:
    """A language the site's own words are translated into (a catalogue in
    overrides/locales, see generator/i18n.py)."""
    choices = i18n.languages()
    if value not in choices:
        raise ValueError(unknown("language", value, choices) + "; to add one, translate "
                         "overrides/locales/messages.pot (`make messages`)")
    return value


def _domain(value: str) -> str:
    if not re.fullmatch(r"([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}", value):
        raise ValueError(f"`{value}` is not a domain name; write only the name, like "
                         "`exercises.example.org` (no https://, no '/')")
    return value


OneLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                    AfterValidator(_one_line)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600),
                 AfterValidator(_one_line)]


def _publishable(text: str) -> str:
    """A Markdown field whose links and shape can be published; the HTML is made at render."""
    problems = markup.field_problems(text)
    if problems:
        raise ValueError(problems[0])
    return text


# Editors (the JSON Schema, the browser editor) tell Markdown fields by their media type.
Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                            max_length=12000), AfterValidator(_publishable),
                     Field(json_schema_extra={"contentMediaType": "text/markdown"})]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]  # = a slug
Flag = Annotated[bool, BeforeValidator(_flag)]
Whole = Annotated[int, BeforeValidator(_whole)]
Domain = Annotated[str, StringConstraints(max_length=253), AfterValidator(_domain)]


LISTED = 12  # valid ids named in an error; more would bury the line

# The lists of choices site_data.yaml declares (each item an id, a label and a description),
# with what one of them is called. This table is the only place that names them: an exercise
# chooses from them (`_one_of`), a translation words them by id, the editor offers them in a
# menu (generator/editor_config.py, by the field's CHOOSE_FROM) and the site groups its
# exercises by them (generator/render.py). A new list is a field of SiteData, of Translation
# and of Exercise.
CHOICES: dict[str, str] = {"difficulties": "difficulty", "tags": "tag",
                           "audiences": "audience"}


IN_THE_FILE = "x-in-the-file"


def in_the_file(detail: str) -> dict[str, Any]:
    """What someone writing the YAML file by hand needs beyond a field's description (which
    the browser editor shows under the field, in a therapist's words): the exported JSON
    Schema adds it to the description it gives code editors (generator/editor_schema.py)."""
    return {IN_THE_FILE: detail}


MARKDOWN_IN_FILE = ("Markdown: `**bold**`, `*italic*`, `[a link](https://...)`, lists; an "
                    "empty line between paragraphs.")


@dataclass(frozen=True)
class Known:
    """The validation context: what the project knows beyond the file being validated."""

    choices: Mapping[str, tuple[str, ...]]  # each list of CHOICES -> its ids
    books: Mapping[str, int]  # each book's id -> how many insights it has
    exercises: tuple[str, ...]  # every well-named exercise slug, sorted
    slug: str = ""  # the exercise being validated

    @classmethod
    def of(cls, data: SiteData, exercises: list[str]) -> Known:
        return cls({group: data.ids(group) for group in CHOICES},
                   {b.id: b.insights for b in data.books}, tuple(sorted(exercises)))

    def valid(self, group: str) -> tuple[str, ...]:
        """The ids `group` (a list of CHOICES, "books" or "exercises") holds."""
        if group in self.choices:
            return self.choices[group]
        return tuple(self.books) if group == "books" else self.exercises


def _fail(loc: tuple[str | int, ...], message: str, value: object) -> ValidationError:
    """A located error raised from inside a validator: pydantic prefixes `loc` with the
    validated value's own place, so the line and column point at the item itself."""
    error = PydanticCustomError("invalid", "{message}", {"message": message})
    return ValidationError.from_exception_data(
        "Exercise", [InitErrorDetails(type=error, loc=loc, input=value)])


def unknown(what: str, value: str, valid: list[str] | tuple[str, ...]) -> str:
    """'unknown tag `x`; did you mean `y`? choose one of: ...' in one message."""
    as_id = "-".join(value.casefold().split())  # `Secure Base` -> `secure-base`
    close = ([as_id] if as_id in valid else
             difflib.get_close_matches(value, list(valid), n=1, cutoff=0.6))
    hint = f"did you mean `{close[0]}`? " if close else ""
    listed = ", ".join(valid[:LISTED]) or "none yet"
    if len(valid) > LISTED:
        listed += f" and {len(valid) - LISTED} more"
    return f"unknown {what} {shown(value)}; {hint}choose one of: {listed}"


@dataclass(frozen=True)
class _OneOf(BeforeValidator):
    """A BeforeValidator that also names, in the JSON Schema, the group the id is chosen from."""

    group: str = ""

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return {**handler(schema), CHOOSE_FROM: self.group}


def _one_of(group: str, what: str) -> BeforeValidator:
    """Checks an id against the project's `group` before the id pattern does, so that
    `Trivial` gets one message with the choices, not "write `trivial`" and then "unknown"."""

    def check(value: object, info: ValidationInfo) -> object:
        known = info.context
        if isinstance(known, Known) and isinstance(value, str):
            if group == "exercises" and value == known.slug:
                raise ValueError("an exercise cannot be related to itself")
            valid = known.valid(group)
            if value not in valid:
                raise ValueError(unknown(what, value, valid))
        return value

    return _OneOf(check, group=group)


def _once_each(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise _fail((index,), f"`{value}` is listed twice; remove one", value)
        seen.add(value)
    return values


def _unique_ids(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise _fail((index, "id"), f"`{item.id}` is used twice; ids must be unique", item.id)
        seen.add(item.id)
    return items


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class Source(Model):
    """Where the exercise comes from."""

    book: Annotated[Id, _one_of("books", "book")] = Field(
        description="The book, chosen from the site's list of books. Readers see its short "
        "title under the exercise's title.", examples=["attached"],
        json_schema_extra=in_the_file("the `id` of one of the `books` in "
                                      "site_data.yaml."))
    insight: Annotated[int | None, BeforeValidator(_whole)] = Field(
        None, ge=1, le=999, description="Which of the book's insights this exercise is, "
        "counted from 1; readers see 'Insight 4 of 8' (optional).", examples=[4])

    @model_validator(mode="after")
    def _within_the_book(self, info: ValidationInfo) -> Source:
        known = info.context
        if isinstance(known, Known) and self.insight is not None:
            count = known.books[self.book]
            if self.insight > count:
                raise _fail(("insight",), f"is {self.insight}, but `{self.book}` has {count} "
                            f"insights; use 1 to {count}", self.insight)
        return self


class Step(Model):
    """One numbered step."""

    title: OneLine = Field(description="The step in a few words; readers see it numbered, "
                           "as the step's heading.",
                           examples=["Ask them for small, specific reassurance."])
    body: Markdown = Field(description="What to do in this step, in a sentence or a few short "
                           "paragraphs; readers see it under the step's heading.",
                           examples=["Select a small way they could support you this week."],
                           json_schema_extra=in_the_file(MARKDOWN_IN_FILE))


class Example(Model):
    """A short story that shows the exercise in practice."""

    title: OneLine | None = Field(None, description="A heading for the story, such as the "
                                  "couple's names; readers see it over the story (optional).",
                                  examples=["Mark and Bella"])
    story: Markdown = Field(description="The story, in a few sentences; readers see it in a "
                            "box of its own.",
                            examples=["When Mark wanted to leave his stable job, ..."],
                            json_schema_extra=in_the_file(MARKDOWN_IN_FILE))


class PracticeLog(Model):
    """A table on the worksheet: one row per day, one column per thing to note."""

    days: Whole = Field(7, ge=1, le=14, description="How many days to keep the log, 1 to 14: "
                        "one row each in the worksheet's table.", examples=[7])
    columns: list[OneLine] = Field(min_length=1, max_length=6, description="What to note "
                                   "each day, 1 to 6 short headings: one column each in the "
                                   "worksheet's table.",
                                   examples=[["Bids I noticed", "How I responded"]])


class Time(Model):
    """How long an exercise takes each time, and how often it is done."""

    minutes: Annotated[int | None, BeforeValidator(_whole)] = Field(
        None, ge=1, le=240, description="About how many minutes it takes each time.",
        examples=[10])
    up_to: Annotated[int | None, BeforeValidator(_whole)] = Field(
        None, ge=2, le=240, description="When it varies: the most minutes it can take (and "
        "`minutes` the fewest).", examples=[15])
    how_often: OneLine | None = Field(None, description="How often to do it, in a few words.",
                                      examples=["Daily for a week"])

    @model_validator(mode="after")
    def _says_something(self) -> Time:
        if self.minutes is None and self.how_often is None:
            raise _fail((), "say how many minutes it takes (`minutes: 10`), how often to do "
                        "it (`how_often: daily for a week`), or both", None)
        if self.up_to is not None:
            if self.minutes is None:
                raise _fail(("up_to",), "needs `minutes` too: the fewest minutes it takes",
                            self.up_to)
            if self.up_to <= self.minutes:
                raise _fail(("up_to",), f"is {self.up_to}, but `minutes` is {self.minutes}; "
                            "`up_to` is the most minutes, so it must be more", self.up_to)
        return self

    @property
    def longest(self) -> int | None:
        """The most minutes it takes each time, if it says."""
        return self.up_to or self.minutes


def _time_lines(value: object) -> object:
    """`time: 10` or `time: forever`: the time is given as its parts, each on a line."""
    if value is not None and not isinstance(value, dict):
        raise ValueError(f"expected the time as lines of its own, like `minutes: 10` and "
                         f"`how_often: daily for a week`, not {shown(str(value))}")
    return value


# A DOI as registries print it (Crossref's recommended pattern): "10.", a registrant, "/".
DOI_PATTERN = r"^10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+$"


def _doi(value: str) -> str:
    if not re.fullmatch(DOI_PATTERN, value):
        raise ValueError(f"{shown(value)} is not a DOI; write it as registries print it, "
                         "starting with 10. and without https://doi.org/, like "
                         "`10.1037/0022-3514.92.2.268`")
    return value


Doi = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200),
                AfterValidator(_doi), Field(json_schema_extra={"pattern": DOI_PATTERN})]


def _web_address(value: str) -> str:
    """A reference's address, refused for what a link in any text field would be."""
    problems = markup.url_problems(value)
    if problems:
        raise ValueError(problems[0])
    return value


class Reference(Model):
    """A study, book or article the exercise draws on."""

    citation: Text = Field(description="The reference as you would cite it.",
                           examples=["Feeney, B. C. (2007). The dependency paradox in close "
                                     "relationships. Journal of Personality and Social "
                                     "Psychology, 92(2), 268-285."])
    doi: Doi | None = Field(
        None, description="Its DOI, if it has one (the code that starts with 10.).",
        examples=["10.1037/0022-3514.92.2.268"])
    link: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
                   AfterValidator(_one_line), AfterValidator(_web_address)] | None = Field(
        None, description="A web address where it can be read, starting with https://.",
        examples=["https://example.org/dependency-paradox"])


class Exercise(Model):
    """One exercise: `content/exercises/<slug>.yaml`, shown at `/exercises/<slug>/`. Its
    translation into another of the site's languages is the file of the same name in
    `content/exercises/<language>/`, with the same ids, shown at `/<language>/exercises/<slug>/`."""

    title: OneLine = Field(description="The exercise's name, on one line: readers see it as "
                           "the page's heading, in lists and in search results.",
                           examples=["The Secure Base Strategy"])
    subtitle: OneLine | None = Field(None, description="One line under the title saying what "
                                     "the exercise is for; lists and search results show it "
                                     "too (optional).",
                                     examples=["Build the emotional foundation that lets both "
                                               "partners thrive independently"])
    summary: Markdown = Field(description="The opening paragraphs: what the exercise is and "
                              "why it helps. Readers see them first, under the title; leave "
                              "an empty line between paragraphs.",
                              json_schema_extra=in_the_file(MARKDOWN_IN_FILE),
                              examples=["The secure base is the most counterintuitive concept "
                                        "in attachment theory..."])
    difficulty: Annotated[Id, _one_of("difficulties", "difficulty")] = Field(
        description="How much effort the exercise asks for. Readers see it as a label under "
        "the title and can browse exercises by it.", examples=["moderate"],
        json_schema_extra=in_the_file("the `id` of one of the "
                                      "`difficulties` in site_data.yaml, like `easy`."))
    time: Annotated[Time | None, BeforeValidator(_time_lines)] = Field(
        None, description="How long the exercise takes each time, and how often to do it "
        "(once, daily for a week...). Readers see it beside the difficulty, and on the "
        "worksheet.", examples=[{"minutes": 10, "up_to": 15, "how_often": "Daily for a week"}])
    audience: Annotated[list[Annotated[Id, _one_of("audiences", "audience")]],
                        AfterValidator(_once_each)] = Field(
        [], max_length=12, description="Who the exercise is for: one person on their own, a "
        "couple, a family or a group. Readers see it beside the difficulty and can browse and "
        "search by it.", examples=[["couple"]],
        json_schema_extra=in_the_file("a list of `id`s of `audiences` in site_data.yaml."))
    recommended: Flag = Field(False, description="Switch on to recommend the exercise: "
                              "readers see '★ Recommended' beside it, and the home page shows "
                              "it first.", examples=[True],
                              json_schema_extra=in_the_file("`true` or "
                                                            "`false`."))
    source: Source | None = Field(None, description="The book the exercise comes from, if it "
                                  "comes from one; readers see it under the title and at the "
                                  "end of the page.",
                                  examples=[{"book": "attached", "insight": 4}])
    tags: Annotated[list[Annotated[Id, _one_of("tags", "tag")]], AfterValidator(_once_each)] = \
        Field([], max_length=12, description="The themes of the exercise, chosen from the "
              "site's list; readers see them under the title and can browse exercises by "
              "theme.", examples=[["secure-base", "couples"]],
              json_schema_extra=in_the_file("a list of `id`s of `tags` in "
                                            "site_data.yaml."))
    outcome: Markdown | None = Field(None, description="What readers will get out of the "
                                     "exercise, in a sentence or two, shown under 'What "
                                     "You'll Achieve'.",
                                     json_schema_extra=in_the_file(MARKDOWN_IN_FILE),
                                     examples=["Shift away from hyper-independence towards "
                                               "healthy interdependence."])
    cautions: Markdown | None = Field(
        None, description="When not to use the exercise, or when to stop. Readers see it in a "
        "marked box above the steps, and on the worksheet.",
        json_schema_extra=in_the_file(MARKDOWN_IN_FILE),
        examples=["Not for a relationship where one partner controls or frightens the other."])
    principles: list[Markdown] = Field([], max_length=20, description="The key ideas behind "
                                       "the exercise, one each; readers see them as a list "
                                       "under 'Key principles'.",
                                       examples=[["Both partners serve as a secure base."]])
    steps_title: OneLine | None = Field(None, description="A heading over the steps, if "
                                        "something says it better than 'Steps' (optional).",
                                        examples=["Create Your Own 'Secure Base' Today"])
    steps: list[Step] = Field(min_length=1, max_length=20, description="What to do, step by "
                              "step; readers see the steps numbered, each under its title.",
                              examples=[[{"title": "Identify your anchor person.",
                                          "body": "Think of someone you trust."}]])
    examples: list[Example] = Field([], max_length=10, description="Short stories that "
                                    "show the exercise in practice, each in a box of its own.",
                                    examples=[[{"title": "Mark and Bella", "story": "..."}]])
    reflection_questions: list[Text] = Field([], max_length=20, description="Questions for "
                                             "readers to answer for themselves, one line "
                                             "each; they are on the page and on the "
                                             "printable worksheet.",
                                             examples=[["Who is your secure base?"]])
    tips: list[Text] = Field([], max_length=20, description="Ways to make the exercise fit "
                             "one's own life, one line each, shown under 'Personalization "
                             "Tips'.", examples=[["Ask your sibling to check in after a big "
                                                 "interview."]])
    background: Markdown | None = Field(None, description="Where the idea comes from "
                                        "(research, the book's argument), shown near the end "
                                        "of the page under 'Background'.",
                                        json_schema_extra=in_the_file(MARKDOWN_IN_FILE),
                                        examples=["The concept of the secure base originates "
                                                  "from Mary Ainsworth's research..."])
    references: list[Reference] = Field(
        [], max_length=30, description="Studies or books the exercise draws on, each with its "
        "DOI or a web address if it has one. Readers see them under the background.",
        examples=[[{"citation": "Feeney, B. C. (2007). The dependency paradox in close "
                                "relationships.", "doi": "10.1037/0022-3514.92.2.268"}]])
    for_therapists: Markdown | None = Field(
        None, description="Guidance for therapists: how to introduce the exercise and talk it "
        "through afterwards. Folded away on the exercise page, so a client can skip it; never "
        "on the worksheet.", json_schema_extra=in_the_file(MARKDOWN_IN_FILE),
        examples=["Introduce it once the client can name one person they feel safe with..."])
    practice_log: PracticeLog | None = Field(None, description="A table on the printable "
                                             "worksheet to fill in day by day (optional).",
                                             examples=[{"days": 7, "columns": ["Bids I noticed"]}])
    related: Annotated[list[Annotated[Id, _one_of("exercises", "exercise")]],
                       AfterValidator(_once_each)] = Field(
        [], max_length=12, description="Other exercises of the site that go well with this "
        "one; readers see links to them at the end of the page.",
        examples=[["dependency-paradox"]],
        json_schema_extra=in_the_file("a list of the file "
                                      "names of other exercises, without `.yaml`."))

    @property
    def description(self) -> str:
        """One line for lists and search results: the subtitle, or the summary's first
        sentence."""
        if self.subtitle:
            return self.subtitle
        first = self.summary.strip().split("\n\n")[0].replace("\n", " ")
        end = first.find(". ")
        return first[: end + 1] if 0 < end < 200 else first[:200]


class Book(Model):
    """A book exercises can cite."""

    id: Id = Field(description="The id exercises use.", examples=["attached"])
    title: OneLine = Field(description="The full title.", examples=["Attached: The New Science "
                           "of Adult Attachment"])
    short_title: OneLine | None = Field(None, description="How citations name it (default: "
                                        "the title up to its first ':').",
                                        examples=["Attached"])
    authors: list[OneLine] = Field(min_length=1, description="Authors, in order.",
                                   examples=[["Amir Levine", "Rachel Heller"]])
    insights: Whole = Field(ge=1, le=999, description="How many insights the book has.",
                          examples=[8])

    @property
    def cited_as(self) -> str:
        return self.short_title or self.title.split(":")[0].strip()


class Choice(Model):
    """One item of a list of choices (CHOICES): a difficulty, a tag, an audience."""

    id: Id = Field(description="The id exercises use.", examples=["hard"])
    label: OneLine = Field(description="How it is shown.", examples=["Hard"])
    description: Text = Field(description="One line explaining it.",
                              examples=["Requires significant effort."])


class BookWords(Model):
    """A book's title in another language (its id, authors and insights stay)."""

    title: OneLine | None = Field(None, description="The title in this language.",
                                  examples=["Maneras de amar"])
    short_title: OneLine | None = Field(None, description="How citations name it.",
                                        examples=["Maneras de amar"])


class ChoiceWords(Model):
    """A choice's words (a difficulty's, a tag's, an audience's) in another language."""

    label: OneLine | None = Field(None, description="How it is shown.", examples=["Difícil"])
    description: Text | None = Field(None, description="One line explaining it.",
                                     examples=["Requiere un esfuerzo importante."])


class Translation(Model):
    """The site's own texts in one more language; what is left out stays as written for the
    main language. The exercises in that language are `content/exercises/<language>/`."""

    name: OneLine | None = Field(None, description="The site's name.",
                                 examples=["Ejercicios de apego"])
    description: Text | None = Field(None, description="One or two sentences about the site.",
                                     examples=["Ejercicios prácticos de la teoría del apego."])
    safety_notice: Text | None = Field(None, description="Shown on every exercise.",
                                       examples=["Estos ejercicios no sustituyen una terapia."])
    books: dict[Id, BookWords] = Field({}, description="Book titles, by book id.",
                                       examples=[{"attached": {"title": "Maneras de amar"}}])
    difficulties: dict[Id, ChoiceWords] = Field(
        {}, description="Difficulty labels, by id.", examples=[{"easy": {"label": "Fácil"}}])
    tags: dict[Id, ChoiceWords] = Field({}, description="Tag labels, by id.",
                                        examples=[{"couples": {"label": "En pareja"}}])
    audiences: dict[Id, ChoiceWords] = Field(
        {}, description="Audience labels, by id.", examples=[{"couple": {"label": "Pareja"}}])


class SiteData(Model):
    """`site_data.yaml`: the site as a whole."""

    name: OneLine = Field(description="The site's name.", examples=["Attached Exercises"])
    description: Text = Field(description="One or two sentences about the site.",
                              examples=["Practical exercises from attachment theory."])
    url: Annotated[str, StringConstraints(pattern=SITE_URL)] = Field(
        description="Where the site is published, ending in '/'.",
        examples=["https://example.github.io/attached-exercises/"])
    repo_url: Annotated[str, StringConstraints(pattern=REPO_URL)] = Field(
        description="The repository, for 'Edit this exercise' links.",
        examples=["https://github.com/example/attached-exercises"])
    repo_branch: Id = Field("main", description="The branch edits go to.", examples=["main"])
    cname: Domain | None = Field(
        None, description="A custom domain (no https://, no path), written to the site's "
        "CNAME file so every deploy keeps it; make `url` use the same domain.",
        examples=["exercises.example.org"])
    language: Annotated[str, AfterValidator(_language)] = Field(
        i18n.DEFAULT, description="The language of the site's own words (headings, buttons, "
        "labels, the theme's menus and search), as a language code: "
        f"{', '.join(i18n.languages())}.", examples=["es"])
    translations: dict[Annotated[str, AfterValidator(_language)], Translation] = Field(
        {}, description="More languages the site is published in, each under its own address "
        "(/es/...), with the site's texts in that language. Exercises in a language are "
        "`content/exercises/<language>/<slug>.yaml`, pages `content/pages/<language>/`.",
        examples=[{"es": {"name": "Ejercicios de apego"}}])
    safety_notice: Text = Field(description="Shown on every exercise.",
                                examples=["These exercises are not a substitute for therapy."])
    books: Annotated[list[Book], AfterValidator(_unique_ids)] = Field(
        min_length=1, description="Books exercises cite.",
        examples=[[{"id": "attached", "title": "Attached", "authors": ["Amir Levine"],
                    "insights": 8}]])
    difficulties: Annotated[list[Choice], AfterValidator(_unique_ids)] = Field(
        min_length=1, description="Difficulty levels.",
        examples=[[{"id": "easy", "label": "Easy", "description": "A few minutes."}]])
    tags: Annotated[list[Choice], AfterValidator(_unique_ids)] = Field(
        [], description="Themes to browse by.",
        examples=[[{"id": "couples", "label": "For couples",
                    "description": "Practised by both partners."}]])
    audiences: Annotated[list[Choice], AfterValidator(_unique_ids)] = Field(
        [], description="Who exercises are for, to browse and search by.",
        examples=[[{"id": "couple", "label": "Couple",
                    "description": "Two partners, together."}]])

    @model_validator(mode="after")
    def _translations_name_what_exists(self) -> SiteData:
        if self.language in self.translations:
            raise _fail(("translations", self.language), f"`{self.language}` is the site's "
                        "main language (`language`); list only other languages here", None)
        for language, words in self.translations.items():
            for group, what in {"books": "book", **CHOICES}.items():
                ids = self.ids(group)
                for given in getattr(words, group):
                    if given not in ids:
                        raise _fail(("translations", language, group, given),
                                    unknown(what, given, ids), given)
        return self

    def ids(self, group: str) -> tuple[str, ...]:
        """The ids of "books" or of a list of CHOICES."""
        return tuple(item.id for item in getattr(self, group))

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the site is published in, the main one first."""
        return (self.language, *self.translations)

    def in_language(self, language: str) -> SiteData:
        """The same site data with the texts of `language` where it gives them."""
        if language == self.language:
            return self
        words = self.translations[language]
        texts = words.model_dump(include={"name", "description", "safety_notice"},
                                 exclude_none=True)
        worded = {group: _worded(getattr(self, group), getattr(words, group))
                  for group in ("books", *CHOICES)}
        return self.model_copy(update={**texts, "language": language, **worded})


def _worded(items: list[Any], given: Mapping[str, Model]) -> list[Any]:
    """Books or choices with the words another language gives them (by id)."""
    worded = []
    for item in items:
        update = given[item.id].model_dump(exclude_none=True) if item.id in given else {}
        if "title" in update:  # a book's citations name it from its own title, not the other's
            update.setdefault("short_title", None)
        worded.append(item.model_copy(update=update) if update else item)
    return worded
