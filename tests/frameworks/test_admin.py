import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model

from portal.audit.actions import verify_chain
from portal.audit.models import AuditEntry
from portal.frameworks.models import FrameworkRule, QualificationFramework

ADMIN = "/django-admin/frameworks"


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser(email="staff@example.org", password="x" * 12)
    # Staff must have two-factor sign-in before any page but its set-up answers.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    return user


def rule_form(rule, **changes):
    data = {
        "framework": rule.framework_id,
        "key": rule.key,
        "kind": rule.kind,
        "field": rule.field,
        "severity": rule.severity,
        "text": rule.text,
        "min_value": rule.min_value if rule.min_value is not None else "",
        "max_value": rule.max_value if rule.max_value is not None else "",
        "value": rule.value if rule.value is not None else "",
        "unit": rule.unit,
        "source": rule.source,
        "position": rule.position,
    }
    for flag in ("min_inclusive", "max_inclusive", "is_active"):
        if getattr(rule, flag):
            data[flag] = "on"
    data.update(changes)
    return data


@pytest.mark.django_db
def test_admin_save_of_a_rule_writes_an_audit_entry(client, staff):
    rule = FrameworkRule.objects.get(framework__code="MU-NQF", key="max_credits")
    response = client.post(
        f"{ADMIN}/frameworkrule/{rule.pk}/change/", rule_form(rule, severity="error")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.severity == "error"
    entry = AuditEntry.objects.for_object(rule).get()
    assert entry.action == "frameworks.reference_changed"
    assert entry.actor == staff
    assert entry.detail["changes"] == {"severity": {"from": "warning", "to": "error"}}
    assert verify_chain()[1] is None


@pytest.mark.django_db
def test_admin_rejects_an_inconsistent_rule_and_saves_nothing(client, staff):
    rule = FrameworkRule.objects.get(framework__code="LS-LQF", key="micro_credit_range")
    response = client.post(
        f"{ADMIN}/frameworkrule/{rule.pk}/change/", rule_form(rule, min_value="200")
    )
    assert response.status_code == 200
    assert "The lower bound exceeds the upper bound." in response.content.decode()
    rule.refresh_from_db()
    assert rule.min_value == 6
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_admin_delete_writes_an_audit_entry(client, staff):
    rule = FrameworkRule.objects.get(framework__code="MU-NQF", key="shelf_life_years")
    response = client.post(f"{ADMIN}/frameworkrule/{rule.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not FrameworkRule.objects.filter(pk=rule.pk).exists()
    entry = AuditEntry.objects.get(action="frameworks.reference_deleted")
    assert entry.object_id == str(rule.pk)
    assert entry.detail["label"] == "MU-NQF: shelf_life_years"


@pytest.mark.django_db
def test_admin_inline_edit_of_a_level_writes_an_audit_entry(client, staff):
    framework = QualificationFramework.objects.get(code="LS-LQF")
    data = {
        "code": framework.code,
        "name": framework.name,
        "region": framework.region,
        "country": framework.country_id,
        "level_count": framework.level_count,
        "credit_unit": framework.credit_unit,
        "hours_per_credit": "10",
        "status": framework.status,
        "source": framework.source,
        "quality_bodies": framework.quality_bodies,
        "position": framework.position,
    }
    for prefix, rows in (
        ("rules", framework.rules.all()),
        ("approval_criteria", framework.approval_criteria.all()),
        ("levels", framework.levels.all()),
    ):
        rows = list(rows)
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(rows),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-framework"] = framework.pk
            if prefix == "rules":
                for name, value in rule_form(row).items():
                    if name != "framework":
                        data[f"{prefix}-{index}-{name}"] = value
            elif prefix == "levels":
                data[f"{prefix}-{index}-number"] = row.number
                data[f"{prefix}-{index}-source"] = row.source
    data["levels-4-descriptor"] = "A descriptor staff recorded from the LQF level descriptors."
    data["levels-4-source"] = "Lesotho Qualifications Framework (2019)"

    response = client.post(f"{ADMIN}/qualificationframework/{framework.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    level = framework.levels.get(number=5)
    assert level.descriptor.startswith("A descriptor staff recorded")
    entry = AuditEntry.objects.for_object(level).get()
    assert entry.action == "frameworks.reference_changed"
    assert set(entry.detail["changes"]) == {"descriptor", "source"}
    # Only what changed is recorded: not the framework row, not the other levels.
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_admin_is_closed_to_a_signed_in_stranger_and_to_anonymous_visitors(client):
    url = f"{ADMIN}/frameworkrule/"
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    stranger = get_user_model().objects.create_user(email="stranger@example.org")
    client.force_login(stranger)
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [
        "qualificationframework",
        "frameworklevel",
        "levelmapping",
        "frameworkrule",
        "approvalcriterion",
        "ectsreference",
        "country",
        "sector",
    ],
)
def test_staff_can_open_every_reference_list_and_form(client, staff, model):
    assert client.get(f"{ADMIN}/{model}/").status_code == 200
    assert client.get(f"{ADMIN}/{model}/add/").status_code == 200
    first = client.get(f"{ADMIN}/{model}/").context["cl"].result_list[0]
    assert client.get(f"{ADMIN}/{model}/{first.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_admin_add_of_a_rule_writes_an_audit_entry(client, staff):
    framework = QualificationFramework.objects.get(code="ZA-NQF")
    rule = FrameworkRule(
        framework=framework,
        key="max_credits",
        kind="range",
        field="credits",
        severity="warning",
        text="A working limit staff set while SAQA's policy is awaited.",
        max_value=120,
        source="Project staff decision",
    )
    response = client.post(f"{ADMIN}/frameworkrule/add/", rule_form(rule))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = FrameworkRule.objects.get(framework=framework, key="max_credits")
    entry = AuditEntry.objects.for_object(created).get()
    assert entry.action == "frameworks.reference_added"
