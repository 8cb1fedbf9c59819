"""Every change of state in accounts and organisations: one transaction, one audit entry each.

Views check who may ask (and answer 404 to anyone else); these functions keep the rules that
hold whoever asks, such as "an organisation always keeps an admin", and raise ValidationError
with a message fit to show the person.
"""

import secrets
from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit.actions import record
from portal.text import clean_name

from .models import (
    INVITATION_LIFETIME_DAYS,
    Invitation,
    InvitationStatus,
    Membership,
    MembershipRole,
    Organisation,
    User,
    hash_invitation_token,
)

# Invitations go out in an organisation's name to any address: these bound how many, counted
# from the invitations themselves (revoked ones included), so every process sees the same count.
INVITATIONS_PER_ORGANISATION_PER_DAY = 30
INVITATIONS_PER_PERSON_PER_HOUR = 10

DUPLICATE_ORGANISATION_MESSAGE = gettext_lazy(
    "An organisation called “%(name)s” is already registered in %(country)s. Ask one of its "
    "admins to invite you instead of registering it again."
)


def _choose_a_role():
    roles = ", ".join(str(label) for label in MembershipRole.labels)
    return _("Choose a role: %(roles)s.") % {"roles": roles}


def _unique_slug(name, country):
    base = slugify(f"{name} {country.code}")[:200] or f"organisation-{country.code.lower()}"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _lock_organisation(organisation):
    """Serialise changes to one organisation's members so the last-admin rule holds."""
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _other_admins(organisation, membership):
    return organisation.memberships.admins().exclude(pk=membership.pk).exists()


def _last_admin(membership, organisation):
    return _(
        "%(person)s is the last admin of %(organisation)s. Make someone else an admin first."
    ) % {"person": membership.user, "organisation": organisation}


@transaction.atomic
def register_organisation(*, name, kind, country, by, sectors=(), website="", join=True):
    """Register an organisation; the person registering it becomes its first admin.

    It stays unverified (and gives nobody a role) until project staff verify it. Staff
    registering one on someone else's behalf pass join=False.
    """
    try:
        name = clean_name(
            name, required=False, max_length=Organisation._meta.get_field("name").max_length
        )
    except ValidationError as error:
        raise ValidationError({"name": error}) from error
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    existing = Organisation.objects.filter(name__iexact=name, country=country).first()
    if existing is not None:
        raise ValidationError(
            {"name": DUPLICATE_ORGANISATION_MESSAGE % {"name": existing.name, "country": country}}
        )
    try:
        # A savepoint, so that losing a race with an identical registration leaves the
        # outer transaction usable for the clear message below.
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name,
                slug=_unique_slug(name, country),
                kind=kind,
                country=country,
                website=website or "",
                created_by=by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"name": DUPLICATE_ORGANISATION_MESSAGE % {"name": name, "country": country}}
        ) from exc
    organisation.sectors.set(sectors)
    if join:
        Membership.objects.create(user=by, organisation=organisation, role=MembershipRole.ADMIN)
    record(
        action="accounts.register_organisation",
        by=by,
        obj=organisation,
        detail={
            "name": name,
            "kind": kind,
            "country": country.code,
            "sectors": sorted(sector.key for sector in organisation.sectors.all()),
            "website": organisation.website,
            "joined": join,
        },
    )
    return organisation


@transaction.atomic
def update_organisation_details(*, organisation, sectors, website, by):
    """An admin keeps the sectors and website current; what staff verified stays as it is."""
    before = {
        "sectors": sorted(organisation.sectors.values_list("key", flat=True)),
        "website": organisation.website,
    }
    organisation.website = website or ""
    organisation.save(update_fields=["website"])
    organisation.sectors.set(sectors)
    after = {"sectors": sorted(sector.key for sector in sectors), "website": organisation.website}
    record(
        action="accounts.update_organisation_details",
        by=by,
        obj=organisation,
        detail={
            key: {"from": before[key], "to": after[key]}
            for key in after
            if before[key] != after[key]
        },
    )
    return organisation


@transaction.atomic
def verify_organisation(*, organisation, by):
    organisation = _lock_organisation(organisation)
    if organisation.is_verified:
        raise ValidationError(
            _("%(organisation)s is already verified.") % {"organisation": organisation}
        )
    organisation.verified_at = timezone.now()
    organisation.verified_by = by
    organisation.save(update_fields=["verified_at", "verified_by"])
    record(action="accounts.verify_organisation", by=by, obj=organisation)
    return organisation


@transaction.atomic
def unverify_organisation(*, organisation, by, reason=""):
    """Withdraw verification: its members lose the role the organisation gave them."""
    organisation = _lock_organisation(organisation)
    if not organisation.is_verified:
        raise ValidationError(
            _("%(organisation)s is not verified.") % {"organisation": organisation}
        )
    previously = {
        "verified_at": organisation.verified_at,
        "verified_by": organisation.verified_by.email if organisation.verified_by else "",
        "reason": reason,
    }
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.save(update_fields=["verified_at", "verified_by"])
    record(action="accounts.unverify_organisation", by=by, obj=organisation, detail=previously)
    return organisation


def invitation_url(token, base_url):
    return base_url.rstrip("/") + reverse("accounts:invitation", kwargs={"token": token})


def send_invitation_email(*, invitation_id, token, base_url):
    """Render and send one invitation e-mail; the invitation task calls it after the commit.

    Rendered when it is sent, not when it is asked for, so the e-mail states whether the
    organisation is verified at that moment: an organisation staff un-verified meanwhile lends
    its name no authority. The token travels in the job queue until then (only its hash is
    stored); a lost e-mail is replaced by the admin sending a new invitation.
    """
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return 0
    context = {
        "invitation": invitation,
        "accept_url": invitation_url(token, base_url),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body=render_to_string("accounts/email/invitation_message.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    with get_connection() as connection:
        return connection.send_messages([message])


def _when(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def check_sending_limit(sent, *, limit, window, message, code, **names):
    """Refuse one more when `sent` (the rows already sent within `window`, each with a
    created_at) holds `limit` of them: ValidationError with `message`, formatted with `names`,
    the limit and when the next one can go. Workspace invitations share this rule."""
    sent = sent.order_by("created_at")
    if sent.count() >= limit:
        raise ValidationError(
            message % {**names, "limit": limit, "when": _when(sent.first().created_at + window)},
            code=code,
        )


def _check_invitation_limits(*, organisation, by, now):
    """Raise ValidationError naming the limit when one more invitation would pass it."""
    day = timedelta(days=1)
    check_sending_limit(
        organisation.invitations.filter(created_at__gt=now - day),
        limit=INVITATIONS_PER_ORGANISATION_PER_DAY,
        window=day,
        message=_(
            "%(organisation)s has sent %(limit)d invitations in the last 24 hours, the most "
            "an organisation may send in a day. The next one can go after %(when)s."
        ),
        code="organisation_invitation_limit",
        organisation=organisation,
    )
    hour = timedelta(hours=1)
    check_sending_limit(
        Invitation.objects.filter(invited_by=by, created_at__gt=now - hour),
        limit=INVITATIONS_PER_PERSON_PER_HOUR,
        window=hour,
        message=_(
            "You have sent %(limit)d invitations in the last hour, the most one person may "
            "send in an hour. You can send the next one after %(when)s."
        ),
        code="person_invitation_limit",
    )


@transaction.atomic
def invite_member(*, organisation, email, role, by, base_url=None):
    """Invite an e-mail address; the e-mail with the accept link goes out after commit.

    Only a verified organisation invites: an invitation carries its name to anyone's inbox.
    Returns (invitation, token). Only the token's hash is stored; the token waits in the job
    queue until the e-mail is rendered and sent (send_invitation_email).
    """
    email = (email or "").strip().lower()
    if role not in MembershipRole.values:
        raise ValidationError({"role": _choose_a_role()})
    organisation = _lock_organisation(organisation)
    if not organisation.is_verified:
        raise ValidationError(
            _(
                "%(organisation)s is not verified yet, so it cannot invite anyone. Only "
                "verified organisations can invite: project staff verify it first."
            )
            % {"organisation": organisation},
            code="unverified",
        )
    # Serialise each inviter's invitations too, so two at once cannot both pass their limit.
    User.objects.select_for_update().get(pk=by.pk)
    now = timezone.now()
    _check_invitation_limits(organisation=organisation, by=by, now=now)
    if organisation.memberships.filter(user__emailaddress__email__iexact=email).exists() or (
        organisation.memberships.filter(user__email__iexact=email).exists()
    ):
        raise ValidationError(
            {
                "email": _("%(email)s is already a member of %(organisation)s.")
                % {"email": email, "organisation": organisation}
            }
        )
    if organisation.invitations.pending().filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s already has a pending invitation to %(organisation)s. "
                    "Revoke it first if you want to send a new one."
                )
                % {"email": email, "organisation": organisation}
            }
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_invitation_token(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_LIFETIME_DAYS),
    )
    record(
        action="accounts.invite_member",
        by=by,
        obj=invitation,
        detail={"organisation": organisation.slug, "email": email, "role": role},
    )
    base_url = base_url or settings.WAGTAILADMIN_BASE_URL
    from . import tasks

    transaction.on_commit(
        partial(tasks.send_invitation_email, invitation.pk, token, base_url), robust=True
    )
    return invitation, token


def has_verified_address(user, email):
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


INVITATION_PROBLEMS = {
    InvitationStatus.ACCEPTED: gettext_lazy("This invitation has already been used."),
    InvitationStatus.REVOKED: gettext_lazy(
        "This invitation was revoked by the organisation's admins."
    ),
    InvitationStatus.EXPIRED: gettext_lazy("This invitation has expired."),
}
# Why an invitation that is no longer pending cannot be revoked, each in one sentence.
NOT_REVOCABLE = {
    InvitationStatus.ACCEPTED: gettext_lazy(
        "The invitation of %(email)s cannot be revoked: this invitation has already been used."
    ),
    InvitationStatus.REVOKED: gettext_lazy(
        "The invitation of %(email)s cannot be revoked: this invitation was revoked by the "
        "organisation's admins."
    ),
    InvitationStatus.EXPIRED: gettext_lazy(
        "The invitation of %(email)s cannot be revoked: this invitation has expired."
    ),
}


def _unverified_organisation_problem(invitation):
    return _(
        "%(organisation)s is not verified at the moment, so its invitations cannot be accepted. "
        "If project staff verify it again before %(expires)s, this invitation works again."
    ) % {"organisation": invitation.organisation, "expires": _when(invitation.expires_at)}


@transaction.atomic
def accept_invitation(*, invitation, user):
    """The invited person joins with the invitation's role; the invitation is then used up.

    While its organisation is not verified (staff withdrew verification after it invited), a
    pending invitation waits: it gives nothing, and works again if staff verify it again.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(INVITATION_PROBLEMS[invitation.status])
    organisation = _lock_organisation(invitation.organisation)
    if not organisation.is_verified:
        raise ValidationError(_unverified_organisation_problem(invitation), code="unverified")
    if not has_verified_address(user, invitation.email):
        raise ValidationError(
            _(
                "This invitation is for %(email)s. Sign in with that address, or add it to your "
                "account and verify it, to accept."
            )
            % {"email": invitation.email}
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.ADMIN and not membership.is_admin:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        action="accounts.accept_invitation",
        by=user,
        obj=invitation,
        detail={
            "organisation": organisation.slug,
            "role": membership.role,
            "already_member": not created,
        },
    )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation, by):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(NOT_REVOCABLE[invitation.status] % {"email": invitation.email})
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record(
        action="accounts.revoke_invitation",
        by=by,
        obj=invitation,
        detail={"organisation": invitation.organisation.slug, "email": invitation.email},
    )
    return invitation


@transaction.atomic
def change_role(*, membership, role, by):
    if role not in MembershipRole.values:
        raise ValidationError({"role": _choose_a_role()})
    organisation = _lock_organisation(membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if membership.is_admin and not _other_admins(organisation, membership):
        raise ValidationError(_last_admin(membership, organisation))
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        action="accounts.change_role",
        by=by,
        obj=membership,
        detail={
            "organisation": organisation.slug,
            "user": membership.user.email,
            "from": previous,
            "to": role,
        },
    )
    return membership


def _delete_membership(*, membership, by, action):
    organisation = _lock_organisation(membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.is_admin and not _other_admins(organisation, membership):
        raise ValidationError(_last_admin(membership, organisation))
    detail = {"organisation": organisation.slug, "user": membership.user.email}
    record(action=action, by=by, obj=membership, detail=detail | {"role": membership.role})
    membership.delete()


@transaction.atomic
def remove_member(*, membership, by):
    _delete_membership(membership=membership, by=by, action="accounts.remove_member")


@transaction.atomic
def leave_organisation(*, membership):
    _delete_membership(membership=membership, by=membership.user, action="accounts.leave")


def _clean_display_name(display_name):
    try:
        return clean_name(
            display_name, required=False, max_length=User._meta.get_field("display_name").max_length
        )
    except ValidationError as error:
        raise ValidationError({"display_name": error}) from error


@transaction.atomic
def update_profile(*, user, display_name, by=None):
    display_name = _clean_display_name(display_name)
    user = User.objects.select_for_update().get(pk=user.pk)
    previous = user.display_name
    if previous == display_name:
        return user
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    record(
        action="accounts.update_profile",
        by=by or user,
        obj=user,
        detail={"display_name": {"from": previous, "to": display_name}},
    )
    return user


@transaction.atomic
def update_user_access(*, user, by, is_active, is_staff, is_superuser):
    """Staff housekeeping from the Django admin: switch someone off, or make them staff."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {}
    for field, value in (
        ("is_active", is_active),
        ("is_staff", is_staff),
        ("is_superuser", is_superuser),
    ):
        if getattr(user, field) != value:
            changes[field] = {"from": getattr(user, field), "to": value}
            setattr(user, field, value)
    if user.pk == by.pk and changes.get("is_active", {}).get("to") is False:
        raise ValidationError(_("You cannot deactivate your own account."))
    if changes:
        user.save(update_fields=list(changes))
        record(action="accounts.update_user_access", by=by, obj=user, detail=changes)
    return user


@transaction.atomic
def add_member(*, organisation, user, role, by):
    """Staff housekeeping (and demo data): put a person straight into an organisation."""
    if role not in MembershipRole.values:
        raise ValidationError({"role": _choose_a_role()})
    organisation = _lock_organisation(organisation)
    if organisation.memberships.filter(user=user).exists():
        raise ValidationError(
            _("%(person)s is already a member of %(organisation)s.")
            % {"person": user, "organisation": organisation}
        )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record(
        action="accounts.add_member",
        by=by,
        obj=membership,
        detail={"organisation": organisation.slug, "user": user.email, "role": role},
    )
    return membership


@transaction.atomic
def create_user_with_verified_email(
    *, email, password, display_name="", is_staff=False, is_superuser=False, by=None
):
    """A person whose address is known to be theirs (demo data, staff on-boarding): the
    allauth address row is created verified and primary, so they can sign in at once."""
    email = (email or "").strip().lower()
    display_name = _clean_display_name(display_name)
    if User.objects.filter(email__iexact=email).exists() or (
        EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError({"email": _("%(email)s already has an account.") % {"email": email}})
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    record(
        action="accounts.create_user",
        by=by,
        obj=user,
        detail={"email": email, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    return user


# The authenticator secret every demo account that needs two-factor sign-in shares.
DEMO_TOTP_SECRET = "PORTALDEMOPORTALDEMOPORTALDEMO22"  # noqa: S105
# What the demo output tells a tester to type, from the checkout, for an account's current code
# (the Makefile target sets the development environment that manage.py needs).
DEMO_TOTP_COMMAND = "make demo-totp EMAIL={email}"


@transaction.atomic
def activate_two_factor_with_secret(*, user, secret, by=None):
    """Give a person an authenticator app with a known secret, plus recovery codes, through
    allauth's own API. Only the demo data uses it: a secret anyone knows is no protection."""
    if not settings.DEMO_MODE:
        raise ValidationError(_("A known two-factor secret is only for demonstration sites."))
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        raise ValidationError(_("%(person)s already has an authenticator app.") % {"person": user})
    TOTP.activate(user, secret)
    recovery_codes = RecoveryCodes.activate(user)
    record(action="accounts.activate_two_factor", by=by or user, obj=user, detail={"demo": True})
    return recovery_codes
