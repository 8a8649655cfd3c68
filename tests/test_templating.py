"""The pages' Jinja environment writes every `{{ value }}` as markupsafe's escape would."""

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from generator import templating

HOSTILE = ['<script>alert("x")</script>', "Tom & Jerry's", "a > b < c", "", "plain words",
           "&amp; already", "\u202e reversed"]


@pytest.mark.parametrize("value", HOSTILE + [Markup("<em>safe</em>"), 0, -12, 3.5, True,
                                             None, ["<li>"], {"k": "<v>"}])
def test_output_is_exactly_markupsafe_escape(value):
    assert templating.output(value) == str(escape(value))


@given(st.text())
def test_output_escapes_any_text_as_markupsafe_does(text):
    assert templating.output(text) == str(escape(text))


@pytest.fixture()
def env(tmp_path):
    (tmp_path / "page.md.j2").write_text(
        "{{ text }}|{{ html }}|{{ number }}|{{ text | e }}|{% autoescape false %}{{ text }}"
        "{% endautoescape %}|{% macro m(v) %}<b>{{ v }}</b>{% endmacro %}{{ m(text) }}",
        encoding="utf-8")
    return templating.environment(tmp_path)


def test_a_template_escapes_text_and_keeps_markup(env):
    out = env.get_template("page.md.j2").render(text="<i>&", html=Markup("<i>ok</i>"), number=7)
    assert out == ("&lt;i&gt;&amp;|<i>ok</i>|7|&lt;i&gt;&amp;|<i>&|<b>&lt;i&gt;&amp;</b>")


def test_an_undefined_value_still_fails_loudly(env):
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("page.md.j2").render(html="", number=1)


def test_each_value_is_compiled_to_output_not_to_escape(env):
    source = env.loader.get_source(env, "page.md.j2")[0]
    code = env.compile(source, "page.md.j2", raw=True)
    assert "environment.output(" in code
    assert "yield escape(" not in code
