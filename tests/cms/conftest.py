import datetime
import time

import pytest
from django.utils import timezone

from cms.actions import add_page, load_site, site_data
from cms.forms import form_token
from cms.models import EventIndexPage, EventPage, HomePage, NewsIndexPage, NewsPage


@pytest.fixture
def site_pages(db):
    """The demo site as `manage.py load_site` builds it."""
    load_site()
    return HomePage.objects.get()


def load_sections(*sections):
    """Load the home page and only the named sections of the demo content: a full load
    publishes some twenty pages, which most tests do not need."""
    data = site_data()
    load_site(data={"home": data["home"], **{name: data[name] for name in sections}})
    return HomePage.objects.get()


@pytest.fixture
def contact_site(db):
    return load_sections("contact")


@pytest.fixture
def home_only(db):
    return load_sections()


@pytest.fixture
def faq_site(db):
    return load_sections("faq")


@pytest.fixture
def news_site(db):
    return load_sections("news")


@pytest.fixture
def events_site(db):
    return load_sections("events")


@pytest.fixture
def add_news(news_site):
    def _add_news(title, date, **fields):
        fields.setdefault("summary", f"Summary of {title}.")
        fields.setdefault("source", "Test source")
        return add_page(
            parent=NewsIndexPage.objects.get(), page=NewsPage(title=title, date=date, **fields)
        )

    return _add_news


@pytest.fixture
def add_event(events_site):
    def _add_event(title, start, end=None, **fields):
        fields.setdefault("summary", f"Summary of {title}.")
        fields.setdefault("time_zone", "Indian/Mauritius")
        return add_page(
            parent=EventIndexPage.objects.get(),
            page=EventPage(
                title=title, start=start, end=end or start + datetime.timedelta(hours=2), **fields
            ),
        )

    return _add_event


@pytest.fixture
def future():
    return timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)


@pytest.fixture
def aged_token():
    """A form token issued long enough ago for a person to have filled the form in."""
    return form_token(time.time() - 30)
