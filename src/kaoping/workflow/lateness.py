"""逾期 and 迟报, derived when read (docs/spec.md §14.2): a unit that has not submitted by the end
of its deadline (the closing day or its extension, Asia/Shanghai) is 逾期; a submission made
after it is 迟报."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kaoping.collection.deadlines import deadline_of, today
from kaoping.collection.models import Campaign
from kaoping.workflow.models import IN_PROGRESS, NOT_STARTED, RETURNED, Submission

UNSUBMITTED = (NOT_STARTED, IN_PROGRESS, RETURNED)


@dataclass(frozen=True)
class Timeliness:
    deadline: date  # the last day on time
    extended: bool  # the level above moved it past the closing day
    overdue: bool  # 逾期: not submitted, deadline passed
    late: bool  # 迟报: submitted after the deadline
    days_left: int  # days until the deadline (negative: days overdue)

    @property
    def label(self) -> str:
        return "逾期" if self.overdue else "迟报" if self.late else ""

    def as_json(self) -> dict[str, object]:
        return {
            "deadline": self.deadline.isoformat(),
            "extended": self.extended,
            "overdue": self.overdue,
            "late": self.late,
        }


def timeliness(
    campaign: Campaign,
    org_code: str,
    submission: Submission | None,
    extensions: dict[str, date] | None = None,
    day: date | None = None,
) -> Timeliness:
    """Where ``org_code`` stands against its deadline today (``extensions``: from
    ``deadlines.extended``, to read many units with one query)."""
    deadline = deadline_of(campaign, org_code, extensions)
    status = submission.status if submission else NOT_STARTED
    left = (deadline - (day or today())).days
    return Timeliness(
        deadline=deadline,
        extended=deadline > campaign.closes,
        overdue=status in UNSUBMITTED and left < 0,
        late=bool(submission and submission.late) and status not in UNSUBMITTED,
        days_left=left,
    )
