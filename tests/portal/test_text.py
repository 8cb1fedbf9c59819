"""The one rule for a name a person types (portal.text)."""

import pytest
from django.core.exceptions import ValidationError

from portal.text import NameField, clean_name, clean_text, plain_form, without_invisible_characters


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  HEC \t Mauritius\n", "HEC Mauritius"),
        ("Ebène\u00a0Digital", "Ebène Digital"),
        # Decomposed "é" (e + combining acute) is stored composed, so it matches the other.
        ("Universite\u0301 de Tartu", "Université de Tartu"),
        ("جامعة موريشيوس", "جامعة موريشيوس"),  # right-to-left needs no override
        ("3M", "3M"),
        ("Ōtautahi Kōrero", "Ōtautahi Kōrero"),
    ],
)
def test_a_name_is_normalised_and_kept(typed, kept):
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("evil\u202egnp.exe", "U+202E"),  # right-to-left override
        ("\u202a\u202b\u202c\u202d", "U+202A"),
        ("Acme\u2066Ltd\u2069", "U+2066"),  # isolates
        ("\u200b\u200b\u200b", "U+200B"),  # zero-width space
        ("Ac\u200dme", "U+200D"),
        ("\u200e\u200f", "U+200E"),  # direction marks
        ("\ufeffAcme", "U+FEFF"),
        ("Ac\u00adme", "U+00AD"),  # soft hyphen draws nothing
        ("Acme\x00", "U+0000"),
        ("Acme\x07", "U+0007"),
        ("\u3164", "U+3164"),  # Hangul filler: a "letter" that draws nothing
        ("\u2800\u2800", "U+2800"),  # braille blank
        ("Acme\ue000", "U+E000"),  # private use
    ],
)
def test_invisible_and_direction_changing_characters_are_refused_by_code_point(typed, named):
    with pytest.raises(ValidationError) as refused:
        clean_name(typed)
    assert named in " ".join(refused.value.messages)


@pytest.mark.parametrize("typed", ["...", "— –", "\u0301\u0301", "!!!", "* * *"])
def test_a_name_needs_a_letter_or_a_digit(typed):
    with pytest.raises(ValidationError) as refused:
        clean_name(typed)
    assert "at least one letter or digit" in " ".join(refused.value.messages)


def test_blank_is_refused_unless_optional():
    with pytest.raises(ValidationError):
        clean_name("   ")
    assert clean_name("  \t ", required=False) == ""
    assert clean_name(None, required=False) == ""


def test_length_is_counted_after_normalising():
    assert clean_name("a    b", max_length=3) == "a b"
    with pytest.raises(ValidationError) as refused:
        clean_name("abcd", max_length=3)
    assert "at most 3 characters" in " ".join(refused.value.messages)


def test_the_form_field_shows_the_rule_next_to_the_field():
    field = NameField(max_length=20)
    assert field.clean("  Port   Louis ") == "Port Louis"
    with pytest.raises(ValidationError) as refused:
        field.clean("\u202e\u200b")
    assert "U+202E" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        field.clean("")
    assert NameField(required=False).clean("") == ""


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("HEC Mauritius", "HEC Mauritius"),
        ("Ebène Digital", "Ebène Digital"),  # Latin letters are shown as they are
        ("evil\u202egnp.exe", "evil<U+202E RIGHT-TO-LEFT OVERRIDE>gnp.exe"),
        # A Cyrillic "а" inside a Latin name looks the same: staff see the difference.
        ("Educ\u0430tion", "Educ<U+0430 CYRILLIC SMALL LETTER A>tion"),
        ("\u200b", "<U+200B ZERO WIDTH SPACE>"),
    ],
)
def test_the_plain_form_spells_out_anything_unusual(name, plain):
    assert plain_form(name) == plain


def test_a_name_saved_before_the_rule_keeps_what_is_visible():
    assert without_invisible_characters("evil\u202egnp.exe") == "evilgnp.exe"
    assert without_invisible_characters(" Acme\t\u200b Ltd ") == "Acme Ltd"
    assert without_invisible_characters("\u200b\ufeff") == ""


class TestPlainText:
    def test_line_breaks_are_kept_and_windows_endings_normalised(self):

        assert clean_text("One.\r\nTwo.\r\n\r\nThree.  ", max_length=100) == "One.\nTwo.\n\nThree."

    def test_markup_is_refused_with_the_tag_named(self):

        with pytest.raises(ValidationError) as error:
            clean_text("Intro <script>alert(1)</script>", max_length=100)
        assert "<script>" in error.value.messages[0]

    def test_a_less_than_sign_in_prose_is_fine(self):

        assert clean_text("fewer than <20 credits, and 3 > 2", max_length=100)

    def test_invisible_characters_are_refused_but_tabs_are_kept(self):

        assert clean_text("a\tb", max_length=10) == "a\tb"
        with pytest.raises(ValidationError) as error:
            clean_text("evil\u202etxt", max_length=100)
        assert "U+202E" in error.value.messages[0]
        with pytest.raises(ValidationError):
            clean_text("bell\x07", max_length=100)

    def test_the_limit_is_stated(self):

        with pytest.raises(ValidationError) as error:
            clean_text("x" * 11, max_length=10)
        assert "at most 10" in error.value.messages[0]
