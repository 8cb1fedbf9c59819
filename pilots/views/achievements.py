"""The register of learner achievements: anyone may verify a code. The page shows the
credential, its issuer and the award date, and whether it was revoked; never who holds it
(no participant reference, no pilot, nothing about the person)."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from ..actions.achievements import display_code, normalise_code
from ..forms import VerifyForm
from ..models import Achievement


# never_cache: a revocation shows at once, and the page cache never keeps a verification.
@never_cache
def achievement_verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if Achievement.objects.filter(verification_code=code).exists():
            return redirect("pilots:achievement", code=code)
        return render(
            request,
            "pilots/achievements/verify.html",
            {"form": form, "not_found": True},
            status=404,
        )
    return render(request, "pilots/achievements/verify.html", {"form": form})


@never_cache
def achievement_detail(request, code):
    normalised = normalise_code(code)
    achievement = (
        Achievement.objects.select_related(
            "register_entry", "register_entry__country", "issuer", "issuer__country"
        )
        .filter(verification_code=normalised)
        .first()
    )
    if achievement is None:
        form = VerifyForm(initial={"code": code})
        return render(
            request,
            "pilots/achievements/verify.html",
            {"form": form, "not_found": True},
            status=404,
        )
    if normalised != code:
        return redirect("pilots:achievement", code=normalised)
    return render(
        request,
        "pilots/achievements/detail.html",
        {"achievement": achievement, "code": display_code(achievement.verification_code)},
    )
