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


def test_the_migration_brings_stored_bodies_to_the_shared_blocks_shape(site_root):
    """Handbook content stored before the blocks were shared named a quotation's words "text"
    and a number column "numeric": the data migration renames both, on the page and in its
    revisions, so nothing is lost."""
    import json
    from importlib import import_module

    from django.apps import apps
    from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
    from wagtail.models import Revision

    from handbook.actions import add_published_page
    from handbook.models import HandbookIndexPage

    old_body = [
        {"type": "quotation", "id": "q1", "value": {"text": "Words.", "attribution": "Someone"}},
        {
            "type": "table",
            "id": "t1",
            "value": {
                "first_column_is_header": True,
                "table": {
                    "caption": "Hours",
                    "columns": [
                        {"type": "text", "heading": "Country"},
                        {"type": "numeric", "heading": "Hours per credit"},
                    ],
                    "rows": [{"values": ["Mauritius", "20"]}],
                },
            },
        },
    ]
    page = add_published_page(
        parent=site_root, page=HandbookIndexPage(title="Handbook", slug="handbook", intro="I.")
    )
    revision = page.latest_revision
    revision.content["body"] = json.dumps(old_body)
    Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    HandbookIndexPage.objects.filter(pk=page.pk).update(body=old_body)

    migration = import_module("handbook.migrations.0002_shared_blocks").Migration
    for operation in migration.operations:
        if isinstance(operation, MigrateStreamData):
            operation.migrate_stream_data_forward(apps, None)

    page = HandbookIndexPage.objects.get(pk=page.pk)
    quotation, table = page.body
    assert (quotation.value["quote"], quotation.value["attribution"]) == ("Words.", "Someone")
    assert [column["block"].name for column in table.value["table"].columns] == ["text", "number"]
    assert [[cell.value for cell in row] for row in table.value["table"].rows] == [
        ["Mauritius", 20]
    ]
    stored = json.loads(Revision.objects.get(pk=revision.pk).content["body"])
    assert stored[0]["value"] == {"quote": "Words.", "attribution": "Someone"}
    assert stored[1]["value"]["table"]["columns"][1]["type"] == "number"
