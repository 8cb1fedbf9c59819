"""Block rules that editors meet in the admin: a table needs a caption, a framework must
exist, a figure needs alternative text."""

import pytest
from django.core.exceptions import ValidationError

from handbook.blocks import BodyBlock, FrameworkBlock, TableBlock

pytestmark = pytest.mark.django_db


def table_value(caption):
    return TableBlock().to_python(
        {
            "first_column_is_header": True,
            "table": {
                "caption": caption,
                "columns": [{"type": "text", "heading": "Country"}],
                "rows": [{"values": ["Mauritius"]}],
            },
        }
    )


def test_a_table_without_a_caption_is_refused():
    block = TableBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(table_value("  "))
    assert "Give the table a caption" in str(error.value.block_errors["table"].non_block_errors)
    assert block.clean(table_value("Countries")).get("table").caption == "Countries"


def test_a_framework_is_chosen_by_its_code_and_rendered_with_its_credit_rule():
    block = FrameworkBlock()
    value = block.to_python({"framework": "ZA-NQF", "note": ""})
    assert block.get_prep_value(value) == {"framework": "ZA-NQF", "note": ""}
    html = block.render(value)
    assert "South African National Qualifications Framework" in html
    assert "One credit is 10 notional hours of learning." in html
    assert 'href="/frameworks/ZA-NQF/"' in html
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"framework": "XX-NONE", "note": ""}))


def test_a_figure_needs_alternative_text():
    figure = BodyBlock().child_blocks["figure"]
    with pytest.raises(ValidationError) as error:
        figure.clean(figure.to_python({"image": None, "alt_text": "", "caption": "", "credit": ""}))
    assert set(error.value.block_errors) >= {"image", "alt_text"}
