"""The rubric a submitted design is judged against: one line per criterion.

A framework's rubric is its approval criteria, in their order (the HEC's eight for the
Mauritius framework). A framework with none is judged against a general rubric: the EU
Recommendation's mandatory information elements that a design carries (those filled in on each
learner's award have nothing to judge in a design). Nothing here names a country.

A round is judged against the rubric of the framework its frozen revision targets, not the
design's framework now: co-authors may change it while the round is open.
"""

from dataclasses import dataclass

from portal.frameworks.models import QualificationFramework

from .completeness import eu_source
from .sections import BASICS, information_elements


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    source: str


def general_rubric():
    """The EU mandatory information elements a design carries, as criteria."""
    source = eu_source()
    return tuple(
        Criterion(key=element.key, label=element.label, source=source)
        for element in information_elements()
        if element.mandatory and element.stage == "design"
    )


def rubric_for(framework):
    """The framework's rubric: its approval criteria in order, or the general rubric."""
    criteria = framework.approval_criteria.order_by("order", "key")
    rubric = tuple(
        Criterion(key=criterion.key, label=criterion.label, source=criterion.source or "")
        for criterion in criteria
    )
    if not rubric:
        return general_rubric()
    # A criterion with no source of its own comes from the framework's.
    return tuple(
        criterion
        if criterion.source
        else Criterion(criterion.key, criterion.label, framework.source)
        for criterion in rubric
    )


def framework_of_revision(revision):
    """The framework the revision's snapshot targets (None if it is no longer known)."""
    code = (revision.snapshot.get(BASICS) or {}).get("framework")
    return QualificationFramework.objects.filter(code=code).first()


def rubric_for_round(round):
    """The rubric of the framework the round's frozen revision targets."""
    framework = framework_of_revision(round.revision)
    if framework is None:
        framework = round.submission.design.framework
    return rubric_for(framework)
