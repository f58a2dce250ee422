"""Where each province of the national demo stands in the workflow, written in bulk as the
transitions a real run would have left (docs/spec.md §8.3): its cities submitted by their
市负责人 and approved by the 省审核员, the province submitted to the ministry with its sealed
表1, and the 部审核员's decisions.

Most provinces wait for the 部审核员; a few were approved already; 河南 was returned with
comments on its cells; 海南's cities are still being reviewed, 甘肃 has not yet submitted,
西藏 has not started (催报 sent), and 江苏 carries the detailed flow of the Jiangsu demo.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kaoping.collection.models import Campaign
from kaoping.demo.evaluation import pdf_bytes
from kaoping.workflow.attachments import upload_dir
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    Attachment,
    CellComment,
    Reminder,
    Submission,
    Transition,
)
from kaoping.workflow.services import CONSOLIDATED

MINISTRY_REVIEWER = "bu_shenhe"
APPROVED_PROVINCES = ("110000", "310000", "330000", "350000", "370000", "440000")
RETURNED_PROVINCE = "410000"  # 河南
CITIES_LATE = "460000"  # 海南: some cities not yet approved
PROVINCE_LATE = "620000"  # 甘肃: every city approved, the province has not submitted
NOT_STARTED_PROVINCE = "540000"  # 西藏: nothing yet
RETURN_REASON = "表1 第7项持卡人数与表5 合计不一致，请核实后重新上报"
RETURN_COMMENTS = (
    ("T01", "card_holders", "dec", "2015年底持卡人数与表5 各地市合计不符，请按表5 核实"),
    ("T14", "population", "qty", "人口数请与统计年鉴2014年末常住人口核对"),
)
SUBMIT_NOTE = "提示性问题均已填写说明，数据经厅审核确认后上报"


@dataclass(frozen=True)
class People:
    """Who acts for a province: its 省审核员 and each city's 市负责人 (usernames)."""

    province: str
    reviewer: str
    admin: str
    leaders: dict[str, str]  # city → username


@dataclass
class Flow:
    """Submissions and their transitions, written together by ``write``."""

    submissions: list[Submission] = field(default_factory=list)
    steps: list[list[tuple[str, str, str, str, str]]] = field(
        default_factory=list
    )  # action, old, new, text, actor
    comments: list[tuple[int, CellComment]] = field(default_factory=list)  # submission index, comment
    attachments: list[tuple[int, Attachment]] = field(default_factory=list)

    def add(self, submission: Submission, steps: list[tuple[str, str, str, str, str]]) -> int:
        self.submissions.append(submission)
        self.steps.append(steps)
        return len(self.submissions) - 1


def city_steps(leader: str, reviewer: str, status: str) -> list[tuple[str, str, str, str, str]]:
    """The transitions that brought a city to ``status``."""
    steps = [("edit", NOT_STARTED, IN_PROGRESS, "", leader)]
    if status in (SUBMITTED, APPROVED, LOCKED):
        steps.append(("submit", IN_PROGRESS, SUBMITTED, "", leader))
    if status in (APPROVED, LOCKED):
        steps.append(("approve", SUBMITTED, APPROVED, "", reviewer))
    if status == LOCKED:
        steps.append(("lock", APPROVED, LOCKED, CONSOLIDATED, reviewer))
    return steps


def plan_province(flow: Flow, campaign: Campaign, people: People, explained: bool) -> None:
    """The cities' and the province's submissions of one generated province."""
    code = campaign.org_id
    if code == NOT_STARTED_PROVINCE:
        return
    cities = list(people.leaders)
    for position, city in enumerate(cities):
        status = _city_status(code, position, len(cities))
        reason = CONSOLIDATED if status == LOCKED else ""
        submission = Submission(
            campaign=campaign, org_id=city, status=status, reason=reason, changed_by=people.reviewer
        )
        flow.add(submission, city_steps(people.leaders[city], people.reviewer, status))
    if code in (CITIES_LATE, PROVINCE_LATE):
        steps = [("edit", NOT_STARTED, IN_PROGRESS, "", people.admin)]
        flow.add(
            Submission(campaign=campaign, org_id=code, status=IN_PROGRESS, changed_by=people.admin), steps
        )
        return
    note = SUBMIT_NOTE if explained else ""
    steps = [
        ("edit", NOT_STARTED, IN_PROGRESS, "", people.admin),
        ("submit", IN_PROGRESS, SUBMITTED, note, people.reviewer),
    ]
    status = SUBMITTED
    if code in APPROVED_PROVINCES:
        steps.append(("approve", SUBMITTED, APPROVED, "", MINISTRY_REVIEWER))
        status = APPROVED
    elif code == RETURNED_PROVINCE:
        steps.append(("return", SUBMITTED, RETURNED, RETURN_REASON, MINISTRY_REVIEWER))
        status = RETURNED
    reason = RETURN_REASON if status == RETURNED else ""
    submission = Submission(campaign=campaign, org_id=code, status=status, note=note, reason=reason)
    submission.changed_by = steps[-1][4]
    index = flow.add(submission, steps)
    flow.attachments.append((index, _sealed_table1(campaign, people.reviewer)))
    if status == RETURNED:
        flow.comments += [
            (index, CellComment(table=table, row=row, column=column, text=text, actor=MINISTRY_REVIEWER))
            for table, row, column, text in RETURN_COMMENTS
        ]


def _city_status(province: str, position: int, count: int) -> str:
    if province == CITIES_LATE:  # a third approved, a third waiting for the 省审核员, a third filling
        return (APPROVED, SUBMITTED, IN_PROGRESS)[min(2, position * 3 // max(count, 1))]
    if province == PROVINCE_LATE:
        return APPROVED
    return LOCKED  # the province has submitted: its approved cities are consolidated


def _sealed_table1(campaign: Campaign, actor: str) -> Attachment:
    """The scanned sealed 表1, a stand-in PDF stored under a name derived from its content."""
    data = pdf_bytes(f"Table 1 sealed scan {campaign.pk}")
    digest = hashlib.sha256(data).hexdigest()
    stored = f"demo-{campaign.org_id}-{digest[:32]}"
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / stored).exists():
        (folder / stored).write_bytes(data)
    return Attachment(
        name="表1（盖章）.pdf", stored=stored, kind="pdf", size=len(data), sha256=digest, actor=actor
    )


def remind_not_started(campaign: Campaign) -> Reminder:
    text = f"请于 {campaign.closes:%Y-%m-%d} 前完成《{campaign.title}》的填报并上报部信息中心"
    return Reminder(campaign=campaign, org_id=campaign.org_id, text=text, sender=MINISTRY_REVIEWER)


def write(flow: Flow) -> None:
    """Every submission, then its transitions in order, the comments sent with a return and the
    sealed 表1 scans: a few bulk statements."""
    Submission.objects.bulk_create(flow.submissions, batch_size=1000)
    transitions = [
        Transition(submission=submission, action=action, old=old, new=new, text=text, actor=actor)
        for submission, steps in zip(flow.submissions, flow.steps, strict=True)
        for action, old, new, text, actor in steps
    ]
    Transition.objects.bulk_create(transitions, batch_size=1000)
    returns = {t.submission_id: t for t in transitions if t.action == "return"}
    for index, comment in flow.comments:
        comment.submission = flow.submissions[index]
        comment.transition = returns[comment.submission.pk]
    CellComment.objects.bulk_create([c for _, c in flow.comments])
    for index, attachment in flow.attachments:
        attachment.submission = flow.submissions[index]
    Attachment.objects.bulk_create([a for _, a in flow.attachments])
