import time

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms import forms as contact_forms
from cms.forms import form_token
from cms.models import ContactPage
from portal.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/contact/"


@pytest.fixture(autouse=True)
def staff_addresses(settings):
    settings.STAFF_NOTIFICATION_EMAILS = ["team@pomisa.example"]


def message(token, **changes):
    data = {
        "your_name": "Naledi Mokoena",
        "your_e_mail_address": "naledi@example.org",
        "organisation": "National University of Lesotho",
        "subject": "Joining a pilot",
        "your_message": "We would like to pilot a micro-credential in agriculture.",
        "homepage": "",
        "form_started": token,
    }
    data.update(changes)
    return data


def test_a_good_message_is_stored_and_emailed_after_commit(
    client, contact_site, aged_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, message(aged_token))
        assert mail.outbox == []  # nothing is sent before the transaction commits

    assert response.status_code == 302 and response["Location"] == URL
    submission = FormSubmission.objects.get()
    assert submission.form_data == {
        "your_name": "Naledi Mokoena",
        "your_e_mail_address": "naledi@example.org",
        "organisation": "National University of Lesotho",
        "subject": "Joining a pilot",
        "your_message": "We would like to pilot a micro-credential in agriculture.",
    }
    assert AuditEntry.objects.filter(action="cms.contact_message_received").count() == 1

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["team@pomisa.example"]
    assert email.reply_to == ["naledi@example.org"]
    assert "Your message: We would like to pilot a micro-credential in agriculture." in email.body
    assert f"/admin/forms/submissions/{submission.page_id}/" in email.body

    followed = client.get(URL).content.decode()
    assert "Thank you: your message has reached the project team" in followed


def test_the_page_to_address_wins_over_the_setting(
    client, contact_site, aged_token, django_capture_on_commit_callbacks
):
    page = ContactPage.objects.get()
    page.to_address = "contact@hec.example, office@uj.example"
    page.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(aged_token))

    assert mail.outbox[0].to == ["contact@hec.example", "office@uj.example"]


def test_without_any_address_the_message_is_stored_and_not_emailed(
    client, contact_site, aged_token, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(aged_token))

    assert FormSubmission.objects.count() == 1
    assert mail.outbox == []


def assert_nothing_stored_or_sent(callbacks):
    for callback in callbacks:
        callback()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="cms.contact_message_received").exists()


def test_a_filled_honeypot_stores_nothing_and_sends_nothing(
    client, contact_site, aged_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, message(aged_token, homepage="http://spam.example"))

    assert response.status_code == 200
    assert "Leave this field empty" in response.content.decode()
    assert "Your message was not sent" in response.content.decode()
    assert_nothing_stored_or_sent(callbacks)


def test_a_post_made_too_fast_stores_nothing(
    client, contact_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, message(form_token()))

    assert "the form was sent too quickly" in response.content.decode()
    assert_nothing_stored_or_sent(callbacks)


@pytest.mark.parametrize(
    "token",
    [
        form_token(time.time() - 2 * 24 * 60 * 60),  # shown two days ago
        form_token(time.time() - 60)[:-3] + "abc",  # tampered with
        "",  # missing
    ],
    # Named, not by their value: each pytest-xdist worker makes its own tokens.
    ids=["old", "tampered", "missing"],
)
def test_an_old_or_forged_token_stores_nothing(
    client, contact_site, token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, message(token))

    assert "This form has expired or was damaged" in response.content.decode()
    assert_nothing_stored_or_sent(callbacks)


def test_missing_and_bad_fields_get_a_message_each(client, contact_site, aged_token):
    response = client.post(
        URL, message(aged_token, your_name="", your_e_mail_address="not-an-address", subject="")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<ul class="errorlist" id="id_your_name_error"><li>This field is required.</li>' in html
    assert '<ul class="errorlist" id="id_subject_error">' in html
    assert "Enter a valid email address." in html
    assert (
        'aria-invalid="true" aria-describedby="id_your_e_mail_address_helptext '
        'id_your_e_mail_address_error"' in html
    )
    assert '<a href="#id_your_name">Your name: This field is required.</a>' in html
    assert 'value="Joining a pilot"' not in html  # the emptied subject stays empty
    assert "We would like to pilot a micro-credential in agriculture." in html  # kept
    assert FormSubmission.objects.count() == 0


def test_the_form_carries_a_hidden_honeypot_and_a_signed_timestamp(client, contact_site):
    html = client.get(URL).content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="homepage" value="" tabindex="-1" autocomplete="off"' in html
    assert 'style="' not in html
    token = html.split('name="form_started" value="', 1)[1].split('"', 1)[0]
    assert token


def test_posts_from_one_address_are_limited(client, contact_site, aged_token, monkeypatch):
    monkeypatch.setattr(contact_forms, "POST_LIMIT", 2)
    assert client.post(URL, message(aged_token)).status_code == 302
    assert client.post(URL, message(aged_token)).status_code == 302

    response = client.post(URL, message(aged_token))

    assert response.status_code == 429
    assert "Too many messages have been sent from your connection" in response.content.decode()
    assert FormSubmission.objects.count() == 2


def test_a_message_is_emailed_once_even_when_its_task_runs_twice(
    client, contact_site, aged_token, django_capture_on_commit_callbacks
):
    from cms.actions import email_contact_message
    from cms.models import ContactDelivery

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(aged_token))
    submission = FormSubmission.objects.get()
    assert email_contact_message(submission_id=submission.pk) == 0
    assert len(mail.outbox) == 1
    delivery = ContactDelivery.objects.get(submission=submission)
    assert delivery.status == ContactDelivery.Status.SENT and delivery.sent_at is not None
    assert AuditEntry.objects.filter(action="cms.contact_message_sent").count() == 1


def test_a_message_whose_worker_died_is_sent_by_the_periodic_resend(
    client, contact_site, aged_token, django_capture_on_commit_callbacks
):
    import datetime

    from cms.actions import resend_waiting_contact_messages
    from cms.models import ContactDelivery

    # The task never ran (the worker was killed before or while sending).
    with django_capture_on_commit_callbacks(execute=False):
        client.post(URL, message(aged_token))
    assert mail.outbox == []
    assert resend_waiting_contact_messages() == 0  # too recent: its own task may still run
    ContactDelivery.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))

    assert resend_waiting_contact_messages() == 1
    assert len(mail.outbox) == 1
    assert resend_waiting_contact_messages() == 0
    assert len(mail.outbox) == 1


def test_without_a_staff_address_the_message_is_kept_and_marked(
    client, contact_site, aged_token, settings, django_capture_on_commit_callbacks
):
    from cms.models import ContactDelivery

    settings.STAFF_NOTIFICATION_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(aged_token))
    assert mail.outbox == []
    assert ContactDelivery.objects.get().status == ContactDelivery.Status.NO_RECIPIENT


def test_a_resent_message_carries_the_message_id_of_the_first_attempt(
    client, contact_site, aged_token, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # The mail server took the message, then the worker died before the row said so: the
    # second attempt sends it again, and the receiving server drops it as the same message.
    from cms import actions

    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    with django_capture_on_commit_callbacks(execute=False):
        client.post(URL, message(aged_token))
    submission = FormSubmission.objects.get()
    settle = actions._settle_delivery

    def worker_killed(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(actions, "_settle_delivery", worker_killed)
    with pytest.raises(SystemExit):
        actions.email_contact_message(submission_id=submission.pk)
    monkeypatch.setattr(actions, "_settle_delivery", settle)
    actions.email_contact_message(submission_id=submission.pk)

    first, second = (email.message()["Message-ID"] for email in mail.outbox)
    assert first == second
    assert first.startswith("<") and first.endswith("@portal.example.org>")


def test_two_messages_carry_two_message_ids(
    client, contact_site, aged_token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, message(aged_token))
        client.post(URL, message(aged_token, subject="Another question"))

    first, second = (email.message()["Message-ID"] for email in mail.outbox)
    assert first != second


def test_without_a_staff_address_the_thanks_do_not_claim_the_team_was_emailed(
    client, contact_site, aged_token, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFICATION_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, message(aged_token), follow=True)

    html = response.content.decode()
    assert "Thank you: your message was received and stored for the project team." in html
    assert "reached the project team" not in html


def test_behind_the_proxy_each_visitor_has_their_own_hourly_limit(
    client, contact_site, aged_token, settings, monkeypatch
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(contact_forms, "POST_LIMIT", 2)

    def post(forwarded_for):
        return client.post(
            URL, message(aged_token), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        ).status_code

    assert post("203.0.113.5") == 302
    # A spoofed entry in front of the one the proxy added changes nothing.
    assert post("6.6.6.6, 203.0.113.5") == 302
    assert post("7.7.7.7, 203.0.113.5") == 429
    assert post("198.51.100.7") == 302


def test_addresses_of_one_ipv6_network_share_one_limit(
    client, contact_site, aged_token, monkeypatch
):
    monkeypatch.setattr(contact_forms, "POST_LIMIT", 2)
    assert client.post(URL, message(aged_token), REMOTE_ADDR="2001:db8:5::1").status_code == 302
    assert client.post(URL, message(aged_token), REMOTE_ADDR="2001:db8:5::2").status_code == 302
    assert client.post(URL, message(aged_token), REMOTE_ADDR="2001:db8:5::3").status_code == 429
