"""A design's notional hours and what they come to: credits in its framework's unit and the
ECTS equivalent, through portal.frameworks.credits.credits_for."""

from dataclasses import dataclass
from decimal import Decimal

from portal.frameworks.credits import credits_for
from portal.frameworks.models import plain_number

from .section_kinds import total_hours


@dataclass(frozen=True)
class Workload:
    framework: object
    hours: Decimal
    # None when the framework has no credit system of its own (the EQF places learning by
    # level, not volume), or when credits could not be computed (see `problem`).
    credits: Decimal | None
    ects: Decimal | None
    hours_per_credit: Decimal | None
    ects_hours_per_credit: Decimal | None
    problem: str = ""

    @property
    def has_credit_system(self):
        return self.framework.hours_per_credit is not None

    # Figures as people write them: "3", not "3.0"; "2.4".
    @property
    def hours_shown(self):
        return plain_number(self.hours)

    @property
    def credits_shown(self):
        return plain_number(self.credits)

    @property
    def ects_shown(self):
        return plain_number(self.ects)

    @property
    def hours_per_credit_shown(self):
        return plain_number(self.hours_per_credit)

    @property
    def ects_hours_per_credit_shown(self):
        return plain_number(self.ects_hours_per_credit)


def workload_of(framework, content):
    """The figures for a workload section's content (hours as stored) on this framework."""
    hours = total_hours(content)
    try:
        result = credits_for(framework, hours)
    except ValueError as error:
        # The ECTS reference row is missing: say so rather than fail the page.
        return Workload(framework, hours, None, None, framework.hours_per_credit, None, str(error))
    return Workload(
        framework=framework,
        hours=hours,
        credits=result.credits if framework.hours_per_credit is not None else None,
        ects=result.ects,
        hours_per_credit=framework.hours_per_credit,
        ects_hours_per_credit=result.ects_hours_per_credit,
    )
