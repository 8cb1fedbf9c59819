"""Two document kinds of the tests' own, so the jobs are tested without any app's kinds:
a private report on an organisation (its members may ask for and read it) and a public sheet
on a country (anyone may)."""

import pytest

from portal.accounts.models import Organisation
from portal.documents import registry
from portal.frameworks.models import Country
from tests.accounts.conftest import (  # noqa: F401 (fixtures)
    admin_user,
    make_organisation,
    make_user,
    mauritius,
    member_user,
    organisation,
    south_africa,
    staff,
    stranger,
)

# What the next renderings raise, in order (the tests put errors here); empty: they succeed.
FAILURES = []
# How many times each kind's render ran.
RENDERED = []


def _render(subject, document, progress):
    RENDERED.append(subject.pk)
    if FAILURES:
        raise FAILURES.pop(0)
    document.heading(str(subject), level=1)
    progress(50)
    document.paragraph("Made for the jobs tests.")


def _is_member(user, subject):
    return user.is_authenticated and subject.memberships.filter(user=user).exists()


PRIVATE_KIND = registry.DocumentKind(
    slug="test_organisation_report",
    label="Organisation report",
    subject_model="accounts.Organisation",
    render=_render,
    revision_of=lambda subject: subject.website or "first",
    title_of=lambda subject: f"Report on {subject.name}",
    may_request=_is_member,
    may_read=_is_member,
    readable=lambda user: Organisation.objects.with_member(user),
    country_of=lambda subject: subject.country.code,
)

PUBLIC_KIND = registry.DocumentKind(
    slug="test_country_sheet",
    label="Country sheet",
    subject_model="frameworks.Country",
    render=_render,
    revision_of=lambda country: country.name,
    title_of=lambda country: f"Sheet: {country.name}",
    may_request=lambda user, country: True,
    may_read=lambda user, country: True,
    readable=lambda user: Country.objects.all(),
    country_of=lambda country: country.code,
    public=True,
)


@pytest.fixture(autouse=True)
def test_kinds():
    added = [kind for kind in (PRIVATE_KIND, PUBLIC_KIND) if kind.slug not in registry._kinds]
    for kind in added:
        registry.register(kind)
    FAILURES.clear()
    RENDERED.clear()
    yield
    for kind in added:
        registry._kinds.pop(kind.slug, None)
    FAILURES.clear()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is enqueued after the commit (huey is immediate in the tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def ask(run_on_commit):
    from portal.documents import actions

    def ask(subject, by, kind=PRIVATE_KIND):
        with run_on_commit():
            return actions.request_document(kind=kind, subject=subject, by=by)

    return ask
