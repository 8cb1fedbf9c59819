import html
import re


def text(response):
    """The page's visible words, tags stripped and spaces collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def need_post_data(need_fields, **overrides):
    """What the posting form sends: the fields as a browser sends them."""
    data = {
        **need_fields,
        "skills": "\n".join(need_fields["skills"]),
        "trainee_count": str(need_fields["trainee_count"]),
    }
    data.update(overrides)
    return data
