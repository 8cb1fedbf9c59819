from codesign.diff import side_by_side, word_diff


def test_one_changed_word_is_marked_and_the_rest_is_not():
    old, new = word_diff("Install a solar panel safely", "Install a rooftop solar panel safely")
    assert old == "Install a solar panel safely"
    assert new == "Install a <ins>rooftop</ins> solar panel safely"


def test_text_is_escaped_and_only_the_marks_are_markup():
    old, new = word_diff("<b>bold</b>", "<script>alert(1)</script>")
    assert "<b>" not in old and old.startswith("&lt;")
    assert "<script>" not in new and new.startswith("&lt;")
    assert "<del>" in old and "<ins>" in new


def test_lines_are_aligned_so_an_inserted_line_shows_against_nothing():
    rows = side_by_side(["one", "two", "three"], ["one", "one and a half", "two", "three"])
    assert [row.changed for row in rows] == [False, True, False, False]
    assert rows[1].old == "" and "one and a half" in rows[1].new
