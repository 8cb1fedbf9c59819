"""The register of learner achievements: an awarded credential becomes an achievement with a
verification code; clearing the award revokes it.

Codes are random, 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about
60 bits: unguessable without rate limits. The public page shows the credential, its issuer and
the award date, never who holds it.
"""

import secrets

from django.utils import timezone

from portal.audit.actions import record

from ..models import Achievement, Participant, PartnerRole

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code):
    """7KQ4M9TX2HWP shown as 7KQ4-M9TX-2HWP, as it is printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(value):
    """A code as typed (any case, spaces or dashes between groups) as it is stored."""
    return "".join(str(value or "").split()).replace("-", "").upper()[:40]


def issuer_for(pilot):
    """Who issues the pilot's credentials: a partner the register names as an awarding body,
    else its first education partner, else its lead organisation."""
    partners = pilot.partners.select_related("organisation")
    awarding = set(pilot.register_entry.awarding_bodies.values_list("pk", flat=True))
    for partner in partners:
        if partner.organisation_id in awarding:
            return partner.organisation
    for partner in partners:
        if partner.role == PartnerRole.EDUCATION:
            return partner.organisation
    return pilot.lead_organisation


def _unused_codes(count):
    codes = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))}
        taken = set(
            Achievement.objects.filter(verification_code__in=wanted).values_list(
                "verification_code", flat=True
            )
        )
        codes |= wanted - taken
    return list(codes)


def sync_achievements(*, pilot, participant_ids, by):
    """Bring the achievements of these participants in line with their award dates: an award
    creates one (or reinstates a revoked one), a changed date moves it, a cleared award
    revokes it. Call it inside the transaction that changed the participants. Returns
    {"awarded", "changed", "revoked"}; records an entry when anything changed."""
    counts = {"awarded": 0, "changed": 0, "revoked": 0}
    if not participant_ids:
        return counts
    participants = list(
        Participant.objects.filter(pilot=pilot, pk__in=participant_ids).only("pk", "awarded_on")
    )
    existing = {
        achievement.participant_id: achievement
        for achievement in Achievement.objects.filter(participant__in=participants)
    }
    now = timezone.now()
    to_create, to_update = [], []
    issuer = None
    for participant in participants:
        achievement = existing.get(participant.pk)
        if participant.awarded_on is None:
            if achievement is not None and achievement.revoked_at is None:
                achievement.revoked_at = now
                to_update.append(achievement)
                counts["revoked"] += 1
        elif achievement is None:
            issuer = issuer or issuer_for(pilot)
            to_create.append(
                Achievement(
                    participant=participant,
                    register_entry_id=pilot.register_entry_id,
                    issuer=issuer,
                    awarded_on=participant.awarded_on,
                )
            )
        elif achievement.revoked_at is not None or achievement.awarded_on != participant.awarded_on:
            achievement.revoked_at = None
            achievement.awarded_on = participant.awarded_on
            to_update.append(achievement)
            counts["changed"] += 1
    for achievement, code in zip(to_create, _unused_codes(len(to_create)), strict=True):
        achievement.verification_code = code
    Achievement.objects.bulk_create(to_create, batch_size=500)
    Achievement.objects.bulk_update(to_update, ["revoked_at", "awarded_on"], batch_size=500)
    counts["awarded"] = len(to_create)
    if any(counts.values()):
        record(action="pilots.sync_achievements", by=by, obj=pilot, detail=counts)
    return counts
