from decimal import Decimal

import pytest

from portal.frameworks.actions import save_reference_row
from portal.frameworks.credits import check_rules, credits_for
from portal.frameworks.models import FrameworkRule, QualificationFramework


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "hours", "credits", "ects"),
    [
        ("MU-NQF", 60, "3.0", "2.4"),
        ("ZA-NQF", 60, "6.0", "2.4"),
        ("IE-NFQ", 60, "2.4", "2.4"),
        ("EE-EKR", 130, "5.0", "5.2"),
        ("MU-NQF", "7.5", "0.4", "0.3"),  # 0.375 and 0.3 rounded half up to one place
        ("MU-NQF", 0, "0.0", "0.0"),
    ],
)
def test_credits_for_counts_the_frameworks_credits_and_ects(code, hours, credits, ects):
    result = credits_for(code, hours)
    assert result.credits == Decimal(credits)
    assert result.ects == Decimal(ects)
    assert result.framework.code == code
    assert result.ects_hours_per_credit == 25


@pytest.mark.django_db
def test_credits_for_follows_a_staff_edit_of_hours_per_credit():
    lesotho = QualificationFramework.objects.get(code="LS-LQF")
    lesotho.hours_per_credit = Decimal("12.5")
    save_reference_row(obj=lesotho, by=None)
    assert credits_for(lesotho, 100).credits == Decimal("8.0")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("framework", "hours", "message"),
    [
        ("XX-NQF", 60, "framework: there is no qualification framework with code 'XX-NQF'"),
        ("", 60, "framework:"),
        ("MU-NQF", -1, "notional_hours: cannot be negative"),
        ("MU-NQF", "sixty", "notional_hours: expected a number, got 'sixty'"),
        ("MU-NQF", None, "notional_hours: expected a number"),
        ("MU-NQF", True, "notional_hours: expected a number"),
        ("MU-NQF", float("nan"), "notional_hours: expected a finite number"),
    ],
)
def test_credits_for_rejects_bad_input_naming_the_field(framework, hours, message):
    with pytest.raises(ValueError, match=message):
        credits_for(framework, hours)


def keys(findings):
    return [finding.key for finding in findings]


@pytest.mark.django_db
def test_mauritius_warns_at_24_credits():
    check = check_rules("MU-NQF", {"credits": 24, "is_core_module": False})
    assert keys(check.warnings) == ["max_credits"]
    assert check.errors == [] and check.infos == []
    finding = check.warnings[0]
    assert finding.severity == "warning"
    assert (
        finding.text
        == "Mauritius recommends that a micro-credential carries fewer than 20 credits."
    )
    assert not check.blocks_submission


@pytest.mark.django_db
def test_mauritius_core_module_is_an_error_that_blocks_submission():
    check = check_rules("MU-NQF", {"credits": 12, "is_core_module": True})
    assert keys(check.errors) == ["not_core_module"]
    assert check.warnings == []
    assert check.blocks_submission


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("credits", "warned"), [(19.9, False), (20, True), (Decimal("20.1"), True)]
)
def test_mauritius_bound_is_exclusive(credits, warned):
    check = check_rules("MU-NQF", {"credits": credits})
    assert bool(check.warnings) is warned
    # The core-module rule could not be checked without its value, and says so.
    assert keys(check.not_checked) == ["not_core_module"]


@pytest.mark.django_db
def test_lesotho_five_credits_is_a_nano_credential():
    check = check_rules("LS-LQF", {"credits": 5})
    # Below the micro-credential range too: both classes the university described are stated.
    assert keys(check.warnings) == ["nano_max_credits", "micro_credit_range"]
    assert check.warnings[0].severity == "warning"
    assert check.errors == [] and check.infos == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("credits", "warnings"),
    [
        (6, ["nano_max_credits", "micro_credit_range"]),
        (Decimal("6.1"), []),
        (60, []),
        (119.9, []),
        (120, ["micro_credit_range"]),
        (150, ["micro_credit_range"]),
    ],
)
def test_lesotho_bounds(credits, warnings):
    check = check_rules("LS-LQF", {"credits": credits})
    assert keys(check.warnings) == warnings
    assert check.infos == []


@pytest.mark.django_db
def test_frameworks_without_rules_find_nothing():
    assert check_rules("ZA-NQF", {"credits": 500, "is_core_module": True}).findings == []


@pytest.mark.django_db
def test_a_retired_or_reworded_rule_is_followed_as_data():
    rule = FrameworkRule.objects.get(framework__code="MU-NQF", key="max_credits")
    rule.severity = "error"
    save_reference_row(obj=rule, by=None)
    assert keys(check_rules("MU-NQF", {"credits": 30}).errors) == ["max_credits"]
    rule.is_active = False
    save_reference_row(obj=rule, by=None)
    assert check_rules("MU-NQF", {"credits": 30}).findings == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("framework", "values", "message"),
    [
        ("XX", {"credits": 1}, "framework: there is no qualification framework"),
        ("MU-NQF", {"credits": "many"}, "credits: expected a number, got 'many'"),
        ("MU-NQF", {"credits": -3}, "credits: cannot be negative"),
        ("MU-NQF", {"is_core_module": "no"}, "is_core_module: expected yes or no"),
        ("MU-NQF", {"credit": 24}, "credit: not a value rules can test"),
        ("MU-NQF", [("credits", 24)], "values: expected a mapping"),
    ],
)
def test_check_rules_rejects_bad_input_naming_the_field(framework, values, message):
    with pytest.raises(ValueError, match=message):
        check_rules(framework, values)
