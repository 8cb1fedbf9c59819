"""A minimal iCalendar (RFC 5545) writer for one event: what calendar programs need, no more.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text values
escape backslashes, semicolons, commas and newlines; timed events are given in UTC.
"""

import datetime

MAX_LINE_OCTETS = 75
PRODUCT_ID = "-//PoMiSA//Micro-credentials portal//EN"


def escape_text(value):
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Split a content line into chunks of at most 75 octets; continuations start with a space."""
    if len(line.encode("utf-8")) <= MAX_LINE_OCTETS:
        return line
    chunks, current, size, limit = [], [], 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            # The leading space of a continuation line counts towards its 75 octets.
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


def utc_stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_calendar(
    *,
    uid,
    stamp,
    start,
    end,
    summary,
    description="",
    location="",
    url="",
    all_day_dates=None,
):
    """Return the text of a VCALENDAR holding one VEVENT.

    all_day_dates, when given, is (first day, last day) as dates in the event's own time zone;
    the event is then written with DATE values (DTEND is the day after the last, as RFC 5545 says).
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc_stamp(stamp)}",
    ]
    if all_day_dates:
        first, last = all_day_dates
        lines.append(f"DTSTART;VALUE=DATE:{first:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{last + datetime.timedelta(days=1):%Y%m%d}")
    else:
        lines.append(f"DTSTART:{utc_stamp(start)}")
        lines.append(f"DTEND:{utc_stamp(end)}")
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
