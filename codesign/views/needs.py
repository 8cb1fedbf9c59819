"""The pages of skill needs and offers.

Anyone may read the list and the public needs. A need the person may not see answers 404, as
does every page about it that they may not use (editing, offering, deciding); a forged id in a
form is treated the same way.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..actions import needs as actions
from ..forms.needs import MessageForm, NeedFilterForm, NeedForm, OfferForm, StatusForm
from ..models import NeedStatus, Offer, OfferStatus, SkillNeed
from ..needs_search import QueryError, search_needs, similar_to

PAGE_SIZE = 20


# Access checks: each answers 404 to anyone the rules do not name.


def _visible_need(request, pk):
    return get_object_or_404(
        SkillNeed.objects.visible_to(request.user).select_related(
            "organisation", "sector", "country", "posted_by"
        ),
        pk=pk,
    )


def _owned_need(request, pk):
    need = _visible_need(request, pk)
    if not actions.is_owner(need, request.user):
        raise Http404
    return need


def _offer_of(need, offer_pk):
    return get_object_or_404(
        Offer.objects.select_related("organisation", "author", "framework", "level"),
        pk=offer_pk,
        need=need,
    )


# The list.


def need_list(request):
    filters = NeedFilterForm(request.GET)
    needs = SkillNeed.objects.visible_to(request.user).select_related(
        "organisation", "sector", "country"
    )
    searched = False
    if filters.is_valid():
        needs = filters.filter(needs).order_by("-created_at", "-pk")
        if filters.cleaned_data["q"]:
            try:
                needs = search_needs(filters.cleaned_data["q"], needs)
                searched = True
            except QueryError as error:
                filters.add_error("q", str(error))
                needs = needs.none()
    else:
        needs = needs.none()
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "codesign/needs/list.html",
        {
            "filters": filters,
            "page": page,
            "searched": searched,
            "query": query.urlencode(),
            "may_post": request.user.is_authenticated
            and actions.organisations_that_may_post(request.user).exists(),
        },
    )


# Posting and editing.


@login_required
def need_new(request):
    if not actions.organisations_that_may_post(request.user).exists():
        return render(request, "codesign/needs/cannot_post.html", status=403)
    form = NeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            need = actions.post_need(
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                **form.need_fields(),
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _(
                    "Your skill need is posted. Look at the similar needs and designs below: "
                    "someone may already be working on what you need."
                ),
            )
            return redirect(reverse("codesign:need_detail", args=[need.pk]) + "#similar")
    return render(request, "codesign/needs/form.html", {"form": form, "need": None})


def need_edit(request, pk):
    need = _owned_need(request, pk)
    form = NeedForm(request.POST or None, initial=NeedForm.initial_for(need))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_need(need=need, by=request.user, **form.need_fields())
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The skill need is saved."))
            return redirect("codesign:need_detail", pk=need.pk)
    return render(request, "codesign/needs/form.html", {"form": form, "need": need})


@require_POST
def need_status(request, pk):
    need = _owned_need(request, pk)
    form = StatusForm(request.POST, moves=actions.allowed_status_moves(need))
    if form.is_valid():
        try:
            actions.change_need_status(
                need=need,
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            need.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("The need is now “%(status)s”.") % {"status": need.get_status_display()},
            )
            return redirect("codesign:need_detail", pk=need.pk)
    return _render_detail(request, need, status_form=form, status=400)


# The need's page.


def need_detail(request, pk):
    return _render_detail(request, _visible_need(request, pk))


def _render_detail(request, need, *, status_form=None, status=200):
    user = request.user
    owner = actions.is_owner(need, user)
    offers = need.offers.select_related("organisation", "author", "framework", "level", "workspace")
    own_offers, offer_count = [], 0
    if owner:
        offers = list(offers)
    else:
        # The offers of the person's own organisations, whatever became of them.
        if user.is_authenticated:
            own_offers = list(offers.filter(organisation__memberships__user=user))
        offers = []
        offer_count = need.offers.exclude(status=OfferStatus.WITHDRAWN).count()
    for offer in own_offers:
        offer.may_withdraw = offer.status == OfferStatus.PENDING and actions.may_withdraw(
            offer, user
        )
    may_offer = False
    if need.status == NeedStatus.OPEN and user.is_authenticated:
        # An organisation with a live offer here makes no second one.
        offered = [
            offer.organisation_id for offer in own_offers if offer.status != OfferStatus.WITHDRAWN
        ]
        may_offer = actions.organisations_that_may_offer(user).exclude(pk__in=offered).exists()
    moves = actions.allowed_status_moves(need) if owner else []
    if owner and status_form is None:
        status_form = StatusForm(moves=moves)
    return render(
        request,
        "codesign/needs/detail.html",
        {
            "need": need,
            "owner": owner,
            "offers": offers,
            "own_offers": own_offers,
            "offer_count": offer_count,
            "may_offer": may_offer,
            "status_form": status_form if moves else None,
            "similar": similar_to(need, user),
        },
        status=status,
    )


# Offers.


@login_required
def offer_new(request, pk):
    need = _visible_need(request, pk)
    if not actions.organisations_that_may_offer(request.user).exists():
        return render(request, "codesign/needs/cannot_offer.html", {"need": need}, status=403)
    if need.status != NeedStatus.OPEN:
        messages.error(
            request,
            _("This need is “%(status)s”: it takes no new offers.")
            % {"status": need.get_status_display()},
        )
        return redirect("codesign:need_detail", pk=need.pk)
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        level = form.cleaned_data["level"]
        try:
            actions.make_offer(
                need=need,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
                framework=level.framework,
                level=level,
                by=request.user,
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _("Your offer is sent. %(organisation)s will see it and answer.")
                % {"organisation": need.organisation},
            )
            return redirect("codesign:need_detail", pk=need.pk)
    return render(request, "codesign/needs/offer_form.html", {"need": need, "form": form})


@require_POST
def offer_withdraw(request, pk, offer_pk):
    need = _visible_need(request, pk)
    offer = _offer_of(need, offer_pk)
    if not actions.may_withdraw(offer, request.user):
        raise Http404
    try:
        actions.withdraw_offer(offer=offer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your offer is withdrawn."))
    return redirect("codesign:need_detail", pk=need.pk)


def _undecidable(request, need, offer):
    """A message and the need's page when the offer cannot be answered any more."""
    if offer.status != OfferStatus.PENDING:
        problem = _("This offer is no longer waiting for an answer (it is “%(status)s”).") % {
            "status": offer.get_status_display()
        }
    elif need.status != NeedStatus.OPEN:
        problem = _("This need is “%(status)s”: its offers can no longer be accepted.") % {
            "status": need.get_status_display()
        }
    else:
        return None
    messages.error(request, problem)
    return redirect("codesign:need_detail", pk=need.pk)


def offer_accept(request, pk, offer_pk):
    """GET asks the owner to confirm (and say something to the others); POST accepts."""
    need = _owned_need(request, pk)
    offer = _offer_of(need, offer_pk)
    if answer := _undecidable(request, need, offer):
        return answer
    others = list(need.offers.pending().exclude(pk=offer.pk).select_related("organisation"))
    form = MessageForm(
        request.POST or None, label=_("Message to the organisations whose offers are declined")
    )
    if not others:
        del form.fields["message"]
    if request.method == "POST" and form.is_valid():
        try:
            workspace = actions.accept_offer(
                offer=offer, by=request.user, message=form.cleaned_data.get("message", "")
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _(
                    "You accepted the offer of %(organisation)s. Your workspace is open, with "
                    "a first design in it."
                )
                % {"organisation": offer.organisation},
            )
            # The workspace pages answer at this address (codesign/urls/workspaces.py).
            return redirect(workspace)
    return render(
        request,
        "codesign/needs/offer_accept.html",
        {"need": need, "offer": offer, "others": others, "form": form},
    )


def offer_decline(request, pk, offer_pk):
    """GET asks the owner for an optional message; POST declines."""
    need = _owned_need(request, pk)
    offer = _offer_of(need, offer_pk)
    if offer.status != OfferStatus.PENDING and (answer := _undecidable(request, need, offer)):
        return answer
    form = MessageForm(
        request.POST or None,
        label=_("Message to %(organisation)s") % {"organisation": offer.organisation},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.decline_offer(
                offer=offer, by=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(
                request,
                _("You declined the offer of %(organisation)s.")
                % {"organisation": offer.organisation},
            )
            return redirect("codesign:need_detail", pk=need.pk)
    return render(
        request, "codesign/needs/offer_decline.html", {"need": need, "offer": offer, "form": form}
    )
