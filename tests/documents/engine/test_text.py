from portal.documents.text import LONG_WORD, ZERO_WIDTH_SPACE, one_line, safe_text


def test_characters_xml_forbids_are_removed_and_tabs_and_line_breaks_kept():
    assert safe_text("a\x00b\x07c\x0bd\x1fe\x7ff\ufffeg\ud800h") == "abcdefgh"
    assert safe_text("one\ttwo\r\nthree\rfour") == "one\ttwo\nthree\nfour"


def test_field_markers_and_direction_overrides_go():
    # U+0013-U+0015 delimit fields in Word's binary format; U+202E reverses what follows.
    assert safe_text("\x13 DDEAUTO cmd \x14x\x15") == " DDEAUTO cmd x"
    assert safe_text("evil\u202egnp.exe") == "evilgnp.exe"
    assert safe_text("\u2066isolated\u2069") == "isolated"


def test_emoji_right_to_left_and_accents_survive():
    text = "Mbali 👩🏽‍🔧 مرحبا بالعالم שלום café"
    assert safe_text(text) == text
    assert safe_text("cafe\u0301") == "café"  # NFC


def test_long_words_get_a_zero_width_space_every_sixty_characters():
    word = "x" * 300
    broken = safe_text(f"before {word} after")
    pieces = broken.split()[1].split(ZERO_WIDTH_SPACE)
    assert [len(piece) for piece in pieces] == [LONG_WORD] * 5
    assert broken.startswith("before ") and broken.endswith(" after")
    assert safe_text("y" * LONG_WORD) == "y" * LONG_WORD


def test_nothing_and_non_text():
    assert safe_text(None) == ""
    assert safe_text("") == ""
    assert safe_text(42) == "42"
    assert one_line(" a\n\tb  c ") == "a b c"
