"""The matching pages: the proposal with its scores and reasons, edits, and approval (DESIGN §4.6).

The proposal lives in the user's session until approved: nothing in the database changes before
«Утвердить»; then every pair is created as a draft in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.accounts import access
from nastavnik.accounts.types import AuthedRequest
from nastavnik.lib.text import plural
from nastavnik.lib.urls import detail_url
from nastavnik.mentoring import matching, services
from nastavnik.mentoring.forms import MentorshipFieldsForm
from nastavnik.mentoring.models import Mentee, Mentor, Mentorship
from nastavnik.orgs.models import Municipality, Organization

SESSION_KEY = "matching"
CANDIDATES_SHOWN = 15


@dataclass(frozen=True)
class Scope:
    """Whose waiting mentees are matched: a municipality, or one organization of it."""

    municipality: Municipality
    organization: Organization | None
    network: bool  # mentors of other organizations too (a coordinator's run); a curator pairs within the school

    def key(self) -> list[int | None]:
        return [self.municipality.pk, self.organization.pk if self.organization else None]

    def mentees(self, request: AuthedRequest) -> QuerySet[Mentee]:
        waiting = access.visible(Mentee.objects.waiting(), request.user, write=True).filter(
            person__deleted_at__isnull=True, person__organization__municipality=self.municipality
        )
        if self.organization is not None:
            waiting = waiting.filter(person__organization=self.organization)
        return waiting

    def mentors(self) -> QuerySet[Mentor]:
        """The mentors in the bank: of the municipality for a coordinator (the score allows another
        organization's mentor only where the mentor is ready for network mentoring), of the
        organization for a curator."""
        mentors = Mentor.objects.in_bank().filter(
            person__deleted_at__isnull=True, person__organization__municipality=self.municipality
        )
        if not self.network and self.organization is not None:
            mentors = mentors.filter(person__organization=self.organization)
        return mentors


class _ChooseMunicipality(Http404):
    """The user keeps organizations of several municipalities and has not chosen one: the proposal
    page asks which; the other pages answer 404 (their links always carry the municipality)."""


def _scope(request: AuthedRequest, data: Any) -> Scope:
    """The scope chosen on the page, within the organizations the user may change."""
    organizations = access.visible(Organization.objects.all(), request.user, write=True)
    municipalities = Municipality.objects.filter(pk__in=organizations.values("municipality"))
    municipalities = access.with_write_flag(municipalities, request.user)
    chosen = str(data.get("municipality", ""))
    found = list(municipalities.filter(pk=int(chosen)) if chosen.isdigit() else municipalities[:2])
    if len(found) != 1:
        raise _ChooseMunicipality
    municipality = found[0]
    network = access.may_write(request.user, municipality)  # the coordinator of the whole municipality
    organization = None
    organization_id = str(data.get("organization", ""))
    if organization_id.isdigit():
        organization = organizations.filter(pk=int(organization_id), municipality=municipality).first()
        if organization is None:
            raise Http404
    elif not network:
        # a curator matches their own organization: the first (usually the only) one they keep
        organization = organizations.filter(municipality=municipality).order_by("pk").first()
    return Scope(municipality, organization, network)


def _stored(request: AuthedRequest, scope: Scope) -> dict[str, Any] | None:
    stored: dict[str, Any] | None = request.session.get(SESSION_KEY)
    return stored if stored and stored.get("scope") == scope.key() else None


def _propose(request: AuthedRequest, scope: Scope) -> dict[str, Any]:
    proposal = matching.proposal_for(
        mentors=scope.mentors(),
        mentees=scope.mentees(request),
        municipality=scope.municipality,
        on=timezone.localdate(),
    )
    stored = {
        "scope": scope.key(),
        "pairs": [[mentor.id, mentee.id] for mentor, mentee, _ in proposal.pairs],
        "reasons": {str(mentee.id): reason for mentee, reason in proposal.unmatched},
    }
    request.session[SESSION_KEY] = stored
    return stored


@dataclass(frozen=True)
class Row:
    mentor: matching.MentorFacts
    mentee: matching.MenteeFacts
    score: matching.Score | None

    @property
    def candidates_url(self) -> str:
        return candidates_url(self.mentee.id)


@dataclass(frozen=True)
class Scorer:
    """The municipality's weights and rules and the psychologist's verdicts, to score pairs on the page
    exactly as the proposal did."""

    weights: matching.Weights
    rules: matching.Rules
    verdicts: dict[tuple[int, int], str]

    @classmethod
    def of(cls, scope: Scope, mentors: QuerySet[Mentor], mentees: QuerySet[Mentee]) -> Scorer:
        municipality = scope.municipality
        verdicts = matching.verdicts_for(mentors, mentees)
        return cls(matching.Weights.of(municipality), matching.Rules.of(municipality), verdicts)

    def score(self, mentor: matching.MentorFacts, mentee: matching.MenteeFacts) -> matching.Score | None:
        verdict = self.verdicts.get((mentor.id, mentee.id))
        return matching.compatibility(mentor, mentee, self.weights, rules=self.rules, verdict=verdict)

    def why_not(self, mentor: matching.MentorFacts, mentee: matching.MenteeFacts) -> str:
        verdict = self.verdicts.get((mentor.id, mentee.id))
        return matching.forbidden(mentor, mentee, self.rules, verdict) or ""


def candidates_url(mentee_id: int) -> str:
    return detail_url("mentoring:match-candidates", mentee_id)


def _rows(request: AuthedRequest, scope: Scope, stored: dict[str, Any]) -> tuple[list[Row], list[tuple[Any, str, str]]]:
    """The stored pairs with their scores and reasons now, and the mentees left without a mentor."""
    today = timezone.localdate()
    mentee_rows = scope.mentees(request)
    mentees = {m.id: m for m in matching.mentee_facts(mentee_rows, today)}
    mentor_rows = scope.mentors().filter(pk__in={mentor_id for mentor_id, _ in stored["pairs"]})
    mentors = {m.id: m for m in matching.mentor_facts(mentor_rows, today)}
    scorer = Scorer.of(scope, mentor_rows, mentee_rows)
    rows = [
        Row(mentors[mentor_id], mentees[mentee_id], scorer.score(mentors[mentor_id], mentees[mentee_id]))
        for mentor_id, mentee_id in stored["pairs"]
        if mentor_id in mentors and mentee_id in mentees
    ]
    paired = {row.mentee.id for row in rows}
    unmatched = [
        (mentee, stored["reasons"].get(str(mentee.id), "убран из предложения"), candidates_url(mentee.id))
        for mentee in mentees.values()
        if mentee.id not in paired
    ]
    return rows, unmatched


def _scope_query(scope: Scope) -> str:
    query = f"?municipality={scope.municipality.pk}"
    return query + (f"&organization={scope.organization.pk}" if scope.organization else "")


def _municipalities(request: AuthedRequest) -> QuerySet[Municipality]:
    organizations = access.visible(Organization.objects.all(), request.user, write=True)
    return Municipality.objects.filter(pk__in=organizations.values("municipality"))


@login_required
def match(request: AuthedRequest) -> HttpResponse:
    """The proposal: each pair with its score and reasons, the mentees left waiting and why."""
    access.require_write(request, Mentorship)
    try:
        scope = _scope(request, request.GET)
    except _ChooseMunicipality:
        return render(request, "mentoring/match_scope.html", {"municipalities": _municipalities(request)})
    stored = _stored(request, scope) or _propose(request, scope)
    rows, unmatched = _rows(request, scope, stored)
    organizations = access.visible(
        Organization.objects.filter(municipality=scope.municipality), request.user, write=True
    )
    context = {
        "scope": scope,
        "scope_query": _scope_query(scope),
        "organizations": organizations.values_list("pk", "short_name")[:200] if scope.network else [],
        "rows": rows,
        "unmatched": unmatched,
        "total": round(sum(row.score.value for row in rows if row.score), 2),
        "form": MentorshipFieldsForm(),
    }
    return render(request, "mentoring/match.html", context)


@require_POST
@login_required
def match_reset(request: AuthedRequest) -> HttpResponse:
    """Propose anew, forgetting the edits."""
    access.require_write(request, Mentorship)
    scope = _scope(request, request.POST)
    _propose(request, scope)
    messages.info(request, "Предложение пересчитано заново.")
    return redirect(f"{_url('match')}{_scope_query(scope)}")


def _url(name: str, *args: Any) -> str:
    return reverse(f"mentoring:{name}", args=args)


@login_required
def match_candidates(request: AuthedRequest, mentee_pk: int) -> HttpResponse:
    """The best mentors for one mentee, to replace a proposal or to pair a mentee left waiting."""
    access.require_write(request, Mentorship)
    scope = _scope(request, request.GET)
    mentee_rows = scope.mentees(request).filter(pk=mentee_pk)
    if not mentee_rows.exists():
        raise Http404
    today = timezone.localdate()
    mentee = matching.mentee_facts(mentee_rows, today)[0]
    stored = _stored(request, scope) or _propose(request, scope)
    taken = _taken(stored, except_mentee=mentee.id)
    candidates = []
    scorer = Scorer.of(scope, scope.mentors(), mentee_rows)
    for mentor in matching.mentor_facts(scope.mentors(), today):
        score = scorer.score(mentor, mentee)
        if score is not None and mentor.free - taken.get(mentor.id, 0) > 0:
            candidates.append((mentor, score, mentor.free - taken.get(mentor.id, 0)))
    candidates.sort(key=lambda item: (-item[1].value, item[0].name))
    current = next((mentor_id for mentor_id, mentee_id in stored["pairs"] if mentee_id == mentee.id), None)
    context = {
        "scope": scope,
        "scope_query": _scope_query(scope),
        "mentee": mentee,
        "candidates": candidates[:CANDIDATES_SHOWN],
        "current": current,
    }
    return render(request, "mentoring/match_candidates.html", context)


def _taken(stored: dict[str, Any], *, except_mentee: int | None = None) -> dict[int, int]:
    """How many mentees each mentor already has in the proposal."""
    counts: dict[int, int] = {}
    for mentor_id, mentee_id in stored["pairs"]:
        if mentee_id != except_mentee:
            counts[mentor_id] = counts.get(mentor_id, 0) + 1
    return counts


@require_POST
@login_required
def match_edit(request: AuthedRequest) -> HttpResponse:
    """Remove a mentee's proposed pair, or give the mentee another mentor (checked like the proposal:
    hard constraints and the mentor's free places, counting the other proposed pairs)."""
    access.require_write(request, Mentorship)
    scope = _scope(request, request.POST)
    stored = _stored(request, scope) or _propose(request, scope)
    mentee_id = int(request.POST.get("mentee", "0") or 0)
    pairs = [pair for pair in stored["pairs"] if pair[1] != mentee_id]
    mentor_id = request.POST.get("mentor", "")
    today = timezone.localdate()
    if mentor_id.isdigit():
        mentee_rows = scope.mentees(request).filter(pk=mentee_id)
        mentor_rows = scope.mentors().filter(pk=int(mentor_id))
        if not mentee_rows.exists() or not mentor_rows.exists():
            raise Http404
        mentee = matching.mentee_facts(mentee_rows, today)[0]
        mentor = matching.mentor_facts(mentor_rows, today)[0]
        taken = _taken({"pairs": pairs}).get(mentor.id, 0)
        scorer = Scorer.of(scope, mentor_rows, mentee_rows)
        why = scorer.why_not(mentor, mentee) or ("у наставника нет свободных мест" if mentor.free - taken <= 0 else "")
        if why:
            messages.error(request, f"Пару «{mentor.name} — {mentee.name}» составить нельзя: {why}.")
            return redirect(f"{_url('match')}{_scope_query(scope)}")
        pairs.append([mentor.id, mentee.id])
        messages.success(request, f"{mentee.name}: наставник — {mentor.name}.")
    else:
        stored["reasons"][str(mentee_id)] = "убран из предложения"
        messages.info(request, "Пара убрана из предложения.")
    stored["pairs"] = pairs
    request.session[SESSION_KEY] = stored
    return redirect(f"{_url('match')}{_scope_query(scope)}")


@require_POST
@login_required
def match_approve(request: AuthedRequest) -> HttpResponse:
    """Create every proposed pair as a draft, all in one transaction, then forget the proposal."""
    access.require_write(request, Mentorship)
    scope = _scope(request, request.POST)
    stored = _stored(request, scope)
    form = MentorshipFieldsForm(request.POST)
    if stored is None or not stored["pairs"]:
        messages.error(request, "Предложение пусто или устарело: пересчитайте его.")
        return redirect(f"{_url('match')}{_scope_query(scope)}")
    if not form.is_valid():
        messages.error(
            request,
            "Проверьте форму, виды и сроки пар: "
            + "; ".join(
                f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items()
            ),
        )
        return redirect(f"{_url('match')}{_scope_query(scope)}")
    mentees = scope.mentees(request).select_related("person__organization").in_bulk([m for _, m in stored["pairs"]])
    mentors = scope.mentors().select_related("person").in_bulk([m for m, _ in stored["pairs"]])
    pairs = [(mentors[a], mentees[b]) for a, b in stored["pairs"] if a in mentors and b in mentees]
    try:
        created = services.mentorships_create_many(
            organization_of={mentee.pk: mentee.person.organization for _, mentee in pairs},
            pairs=pairs,
            by=request.user,
            **form.cleaned_data,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + " Ничего не создано: измените предложение.")
        return redirect(f"{_url('match')}{_scope_query(scope)}")
    del request.session[SESSION_KEY]
    n = len(created)
    messages.success(
        request, f"Создано {n} {plural(n, 'пара', 'пары', 'пар')} (черновики). Следующий шаг — приказ о закреплении."
    )
    return redirect("mentoring:mentorship-list")
