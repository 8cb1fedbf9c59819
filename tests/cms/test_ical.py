import datetime
import re

import pytest

from cms import ical

pytestmark = pytest.mark.django_db


def unfold(text):
    assert "\n" not in text.replace("\r\n", ""), "every line ends in CRLF"
    return text.replace("\r\n ", "").split("\r\n")


def unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def properties(text):
    result = {}
    for line in unfold(text):
        if line:
            name, _, value = line.partition(":")
            result.setdefault(name, value)
    return result


def test_fold_splits_at_75_octets_without_breaking_characters():
    line = "DESCRIPTION:" + "Énergie renouvelable à Maurice; " * 10
    folded = ical.fold(line)

    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_escape_text_escapes_the_characters_rfc_5545_names():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_event_downloads_as_a_valid_calendar_file(client, add_event):
    start = datetime.datetime(2030, 5, 6, 6, 0, tzinfo=datetime.UTC)
    event = add_event(
        "Workshop: recognition, portability; and trust",
        start,
        start + datetime.timedelta(hours=3, minutes=30),
        place="University of Mauritius, Réduit",
        summary="Line one, with a comma.\nLine two; with a semicolon and a long tail " * 3,
    )

    response = client.get(f"{event.url}calendar/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="workshop-recognition-portability-and-trust.ics"'
    )
    text = response.content.decode("utf-8")
    assert text.endswith("\r\n")
    raw_lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw_lines)
    assert any(line.startswith(" ") for line in raw_lines), "the long description is folded"

    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    props = properties(text)
    assert props["VERSION"] == "2.0"
    assert props["PRODID"]
    assert props["UID"] == f"{event.translation_key}@micro-credentials-portal"
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    assert props["DTSTART"] == "20300506T060000Z"
    assert props["DTEND"] == "20300506T093000Z"
    assert props["SUMMARY"] == "Workshop: recognition\\, portability\\; and trust"
    assert unescape(props["SUMMARY"]) == event.title
    assert unescape(props["LOCATION"]) == "University of Mauritius, Réduit"
    assert unescape(props["DESCRIPTION"]) == event.summary
    assert props["URL"] == f"http://testserver{event.url}"


def test_all_day_event_is_written_as_dates(client, events_site):
    text = client.get("/events/pomisa-conference-2025/calendar/").content.decode()

    props = properties(text)
    assert props["DTSTART;VALUE=DATE"] == "20251014"
    assert props["DTEND;VALUE=DATE"] == "20251017"  # the day after the last day


def test_the_calendar_route_is_linked_from_the_event(client, events_site):
    html = client.get("/events/looking-beyond-pomisa/").content.decode()

    assert 'href="/events/looking-beyond-pomisa/calendar/" download' in html
    assert "Thursday 16 October 2025" in html
    assert "This event has ended" in html
