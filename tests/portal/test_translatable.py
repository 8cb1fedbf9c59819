"""Every word a visitor reads is marked for translation.

A French interface is coming (Mauritius, Belgium and several SADC states work in French), so
the house rule is that user-facing text goes through {% translate %} / {% blocktranslate %} in
templates and gettext in Python. These tests hold the project's own apps to it, naming file and
line:

- templates: whatever text is left once comments, translated text, template tags, variables,
  scripts, styles, HTML tags and entities are taken away, and the readable attributes (alt,
  title, aria-label, placeholder, data-label, a button's value, the page description);
- Python: a message shown with django.contrib.messages, a ValidationError, or a form field's
  label, help text or empty label given as a plain or f-string instead of through gettext.
  Model help texts, which only editors read in the admin, and management commands' output are
  left to review.
"""

import ast
import html
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Top-level folders that hold none of the project's own apps.
NOT_APPS = {"var", "static", "tests", "docs", "bench", "node_modules", "locale"}

# Apps another engineer is bringing in while this rule became a test; they follow it already.
# Their templates and Python are skipped until they are merged and checked once: then remove
# the entry, and the rule holds there too.
# Visible text that is not words for a translator. Keep it tiny: a brand or a standard's name
# inside a sentence is translated with the sentence.
ALLOWED_TEXT = set()

LETTER = re.compile(r"[^\W\d_]")
COMMENT_BLOCK = re.compile(r"{%-?\s*comment\b.*?%}.*?{%-?\s*endcomment\s*-?%}", re.DOTALL)
COMMENT = re.compile(r"{#.*?#}", re.DOTALL)
BLOCKTRANSLATE = re.compile(
    r"{%-?\s*blocktrans(?:late)?\b.*?%}.*?{%-?\s*endblocktrans(?:late)?\s*-?%}", re.DOTALL
)
VARIABLE = re.compile(r"{{.*?}}", re.DOTALL)
TAG = re.compile(r"{%.*?%}", re.DOTALL)
USES_I18N_TAGS = re.compile(r"{%-?\s*(?:translate|trans|blocktranslate|blocktrans)\b")
LOADS_I18N = re.compile(r"{%-?\s*load\s+[^%]*\bi18n\b")
# A literal that a variable shows when its value is empty: `{{ x|default:"none given" }}`.
DEFAULT_LITERAL = re.compile(r"\|\s*default(?:_if_none)?\s*:\s*(\"[^\"]*\"|'[^']*')")
# A literal handed to an included template or a {% with %}: `with current="Search"`. One
# lower-case word is taken for a value the template compares (severity="info"), not text.
WITH_LITERAL = re.compile(r"\b\w+\s*=\s*(\"[^\"]*\"|'[^']*')")
CODE_VALUE = re.compile(r"[a-z0-9_./-]*")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# After template tags are blanked a tag may read `<   a href=...>`.
HTML_TAG = re.compile(r"<\s*/?\s*([a-zA-Z!][\w-]*)([^<>]*)>", re.DOTALL)
ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
READABLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "data-label"}


def _blank(text):
    """The same text with every character but line breaks made a space, so that the line
    numbers of what follows stay right."""
    return re.sub(r"[^\n]", " ", text)


def _padded(literal, replaced):
    """`literal` in place of `replaced`, padded (line breaks kept) to the same length."""
    return literal + _blank(replaced)[len(literal) :]


def _unquoted(value):
    return value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] else value


def _is_readable(tag, name, attributes):
    if name in READABLE_ATTRIBUTES:
        return True
    if name == "value" and tag == "input":
        return attributes.get("type", "").strip().lower() in {"submit", "button", "reset"}
    if name == "content" and tag == "meta":
        return attributes.get("name", "").strip().lower() == "description"
    return False


def _line_of(text, position):
    return text.count("\n", 0, position) + 1


def _show_default_literal(match):
    """A variable with a literal default shows that literal: keep it in the text, so that it
    counts as visible where the variable is (in a paragraph, not in a class attribute)."""
    literal = DEFAULT_LITERAL.search(match.group(0))
    if literal is None:
        return _blank(match.group(0))
    return _padded(f" {_unquoted(literal.group(1))} ", match.group(0))


def findings(source):
    """(line, text) for each piece of visible text in a template that is not marked for
    translation."""
    found = []
    if USES_I18N_TAGS.search(source) and not LOADS_I18N.search(source):
        found.append((1, "{% translate %} used without {% load i18n %}"))
    text = COMMENT_BLOCK.sub(lambda m: _blank(m.group(0)), source)
    text = COMMENT.sub(lambda m: _blank(m.group(0)), text)
    text = BLOCKTRANSLATE.sub(lambda m: _blank(m.group(0)), text)
    for tag in TAG.finditer(text):
        if re.match(r"{%-?\s*(include|with)\b", tag.group(0)):
            for literal in WITH_LITERAL.finditer(tag.group(0)):
                value = _unquoted(literal.group(1))
                if LETTER.search(value) and not CODE_VALUE.fullmatch(value):
                    found.append((_line_of(text, tag.start()), value))
    text = TAG.sub(lambda m: _blank(m.group(0)), text)
    text = VARIABLE.sub(_show_default_literal, text)
    text = SCRIPT_OR_STYLE.sub(lambda m: _blank(m.group(0)), text)
    text = HTML_COMMENT.sub(lambda m: _blank(m.group(0)), text)
    for tag in HTML_TAG.finditer(text):
        name = tag.group(1).lower()
        attributes = {
            key.lower(): _unquoted(value) for key, value in ATTRIBUTE.findall(tag.group(2))
        }
        for key, value in attributes.items():
            value = html.unescape(value).strip()
            if _is_readable(name, key, attributes) and LETTER.search(value):
                found.append((_line_of(text, tag.start()), f'{key}="{" ".join(value.split())}"'))
    text = HTML_TAG.sub(lambda m: _blank(m.group(0)), text)
    for number, line in enumerate(text.splitlines(), start=1):
        visible = " ".join(html.unescape(line).split())
        if LETTER.search(visible) and visible not in ALLOWED_TEXT:
            found.append((number, visible))
    return sorted(found)


def _app_folders():
    return [
        top
        for top in sorted(ROOT.iterdir())
        if top.is_dir() and top.name not in NOT_APPS and not top.name.startswith(".")
    ]


def _params(paths):
    for path in sorted(paths):
        yield pytest.param(path, id=path.relative_to(ROOT).as_posix())


def _templates():
    """Every template: the project's (templates/) and each app's (<app>/**/templates/)."""
    paths = []
    for top in _app_folders():
        paths += top.glob("**/*" if top.name == "templates" else "**/templates/**/*")
    return _params(path for path in paths if path.suffix in {".html", ".txt", ".xml"})


@pytest.mark.parametrize("path", list(_templates()))
def test_visible_text_is_marked_for_translation(path):
    found = findings(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} has text not marked for translation:\n" + (
        "\n".join(f"  line {line}: {text}" for line, text in found)
    )


def test_the_walk_finds_the_project_templates():
    walked = {param.id for param in _templates()}
    assert "templates/base.html" in walked
    assert "portal/accounts/templates/accounts/email/invitation_message.txt" in walked
    assert "cms/templates/cms/home_page.html" in walked
    assert "handbook/templates/handbook/search.html" in walked


# Python: the calls whose text a person reads.
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error"}
FORM_FIELD_TEXTS = {"label", "help_text", "empty_label"}


def _is_plain_text(node):
    """A string literal with a letter in it, or an f-string: not gone through gettext."""
    if isinstance(node, ast.JoinedStr):
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(LETTER.search(node.value))
    )


def python_findings(source, *, is_forms_module=False):
    """(line, what) for each message, validation error or form text written as plain text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        owner = getattr(function.value, "id", "") if isinstance(function, ast.Attribute) else ""
        if owner == "messages" and name in MESSAGE_FUNCTIONS | {"add_message"}:
            position = 2 if name == "add_message" else 1
            if len(node.args) > position and _is_plain_text(node.args[position]):
                found.append((node.lineno, f"messages.{name}() with untranslated text"))
        if name == "ValidationError" and node.args:
            message = node.args[0]
            values = message.values if isinstance(message, ast.Dict) else [message]
            if any(_is_plain_text(value) for value in values):
                found.append((node.lineno, "ValidationError with untranslated text"))
        if is_forms_module:
            for keyword in node.keywords:
                if keyword.arg in FORM_FIELD_TEXTS and _is_plain_text(keyword.value):
                    found.append((node.lineno, f"{keyword.arg}= with untranslated text"))
    return sorted(found)


def _python_modules():
    """The apps' Python, but for migrations (history) and management commands (their output
    is for whoever runs them, in English)."""
    paths = []
    for top in _app_folders():
        paths += (
            path
            for path in top.glob("**/*.py")
            if "migrations" not in path.parts and "management" not in path.parts
        )
    return _params(paths)


@pytest.mark.parametrize("path", list(_python_modules()))
def test_python_messages_are_marked_for_translation(path):
    is_forms_module = path.name == "forms.py" or "forms" in path.parent.parts[-1:]
    found = python_findings(path.read_text(encoding="utf-8"), is_forms_module=is_forms_module)
    assert not found, f"{path.relative_to(ROOT)} has text not marked for translation:\n" + (
        "\n".join(f"  line {line}: {text}" for line, text in found)
    )


def test_the_walk_finds_the_project_python():
    walked = {param.id for param in _python_modules()}
    assert "portal/accounts/views.py" in walked
    assert "cms/forms.py" in walked
    assert "handbook/search.py" in walked
    assert not any("/migrations/" in path for path in walked)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('messages.success(request, "Saved.")', [(1, "messages.success() with untranslated text")]),
        (
            'messages.success(request, f"{x} saved.")',
            [(1, "messages.success() with untranslated text")],
        ),
        ('messages.success(request, _("Saved."))', []),
        ('raise ValidationError("No.")', [(1, "ValidationError with untranslated text")]),
        (
            'raise ValidationError({"name": f"{n} is taken."})',
            [(1, "ValidationError with untranslated text")],
        ),
        ('raise ValidationError(_("%(n)s is taken.") % {"n": n})', []),
        ('raise ValidationError(message, code="x")', []),
    ],
)
def test_the_python_check_finds_untranslated_text(source, expected):
    assert python_findings(source) == expected


def test_the_python_check_reads_form_texts_in_forms_modules_only():
    source = 'name = forms.CharField(label="Name", help_text=_("Your name."))'
    assert python_findings(source, is_forms_module=True) == [(1, "label= with untranslated text")]
    assert python_findings(source) == []


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<p>Hello</p>", [(1, "Hello")]),
        ("{% load i18n %}<p>{% translate 'Hello' %}</p>", []),
        (
            "{% load i18n %}<p>{% blocktranslate trimmed %}\n Hi {{ name }}\n"
            "{% endblocktranslate %}</p>\n<p>Bye</p>",
            [(4, "Bye")],
        ),
        ("{% comment %}\nNot shown\n{% endcomment %}{# nor this #}<!-- nor this -->", []),
        ("{% block title %}Page not found{% endblock %}", [(1, "Page not found")]),
        ("<p>{{ page.title }} &amp; {{ page.date|date:'j F Y' }}</p>", []),
        ("<p>{{ count }} term{{ count|pluralize }}</p>", [(1, "term")]),
        ('<img src="x.png" alt="A chart">', [(1, 'alt="A chart"')]),
        (
            '<nav aria-label="{{ label }}"><a title="{% translate "Home" %}">',
            [(1, "{% translate %} used without {% load i18n %}")],
        ),
        ('<input type="submit" value="Send">', [(1, 'value="Send"')]),
        ('<input type="hidden" name="confirm" value="yes">', []),
        ('<meta name="description" content="The portal">', [(1, 'content="The portal"')]),
        ('<td data-label="Drivers">', [(1, 'data-label="Drivers"')]),
        ("<td>{{ who|default:'someone' }}</td>", [(1, "someone")]),
        ("<li class=\"message-{{ tags|default:'info' }}\">", []),
        ("<td>{{ unit|default:_('None') }}</td>", []),
        ('{% include "crumbs.html" with current="Search" %}', [(1, "Search")]),
        ('{% include "severity.html" with severity="info" %}', []),
        ("<script>var x = 'Hello';</script><style>p::after { content: 'Hi'; }</style>", []),
        ('<{% if href %}a href="{{ href }}"{% else %}button{% endif %} class="b">', []),
        ("<p>&copy; &middot; 2025</p>", []),
    ],
)
def test_the_check_finds_untranslated_text(template, expected):
    assert findings(template) == expected
