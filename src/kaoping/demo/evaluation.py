"""The demo evaluation ``demo-eval-2015``: Jiangsu's 13 cities against rubric-jiangsu@1,
linked to the survey ``demo-2015``. Eleven cities have submitted their self-assessments
(with evidence, each its own figures and judgement); 苏州 has a draft and 徐州 nothing, so
both read 未自评. The expert ``zhuanjia`` has scored the submitted ones but 泰州 and 宿迁
(still awaiting review). Not published, so the province can walk through publication itself."""

from __future__ import annotations

import hashlib
import struct
import zlib
from datetime import date
from decimal import Decimal

from django.db import transaction

from kaoping.collection.models import Campaign
from kaoping.core.scoring.results import CriterionResult
from kaoping.evaluation.assess import Entry, save_assessment, submission, submit_assessment
from kaoping.evaluation.campaigns import EvaluationSpec, open_evaluation, rubric_for
from kaoping.evaluation.evidence import evidence_dir
from kaoping.evaluation.models import Evidence
from kaoping.evaluation.reviews import Review, save_reviews
from kaoping.evaluation.scoring import evaluate
from kaoping.orgs.actors import cli_actor
from kaoping.orgs.models import User

DEMO_EVALUATION = "demo-eval-2015"
# 南京, 无锡, 常州 (complete survey data), then the cities with partial or no survey data
SUBMITTED: tuple[str, ...] = (
    *("320100", "320200", "320400"),
    *("320600", "320700", "320800", "320900", "321000", "321100", "321200", "321300"),
)
DRAFT = "320500"  # 苏州: a draft, not yet submitted; 徐州 (320300) has not started
NOT_REVIEWED = ("321200", "321300")  # 泰州, 宿迁: submitted, the expert has not scored them yet
REVIEWER = "zhuanjia"

# What each city reports (network coverage %, DR centre, upload rate %, website and
# 12333 scores out of 100, counties centralised, each county's 编制).
_REPORTED_KEYS = (
    "network_coverage",
    "dr_centre",
    "upload_rate",
    "website_score",
    "hotline_score",
    "counties_centralised",
    "county_quotas",
)
REPORTED: dict[str, dict[str, str]] = {
    "320100": {
        "network_coverage": "100",
        "dr_centre": "是",
        "upload_rate": "96.5",
        "website_score": "92",
        "hotline_score": "88",
        "counties_centralised": "11",
        "county_quotas": "4、3、3、5、3、3、4、3、3、2、3",
    },
    "320200": {
        "network_coverage": "93",
        "dr_centre": "是",
        "upload_rate": "91",
        "website_score": "85",
        "hotline_score": "90",
        "counties_centralised": "6",
        "county_quotas": "3、3、2、3、3、3、4",
    },
    "320400": {
        "network_coverage": "85",
        "dr_centre": "否",
        "upload_rate": "82",
        "website_score": "78",
        "hotline_score": "81",
        "counties_centralised": "4",
        "county_quotas": "3、2、3、2、3、3",
    },
    "320500": {"network_coverage": "98", "dr_centre": "是", "upload_rate": "94"},
    **{
        code: dict(zip(_REPORTED_KEYS, figures, strict=True))
        for code, figures in {
            "320600": ("96", "是", "89.5", "86", "84", "5", "3、3、2、3、4、3、3"),
            "320700": ("78", "否", "76", "72", "80", "3", "2、2、3、2、2、3"),
            "320800": ("82", "否", "80.5", "75", "77", "4", "2、3、2、3、2、2、3"),
            "320900": ("88", "是", "84", "80", "79", "6", "3、2、3、3、2、3、2、3、2"),
            "321000": ("94", "是", "90", "83", "86", "5", "3、3、3、2、3、3"),
            "321100": ("91", "否", "87", "81", "83", "4", "3、2、3、3、2、2"),
            "321200": ("86", "否", "83", "77", "82", "4", "2、3、2、3、3、2"),
            "321300": ("74", "否", "71.5", "70", "75", "2", "2、2、2、3、2"),
        }.items()
    },
}

# Judgement criteria a city rates itself below full points (key → points below).
MODEST = {"core_standards": Decimal("0.5"), "city_business": Decimal("1"), "card_conformity": Decimal("1")}
# Where the expert departs from the city's self-score, with the reason.
DEPARTURES: dict[str, tuple[Decimal, str]] = {
    "hr_market_platform": (Decimal("1"), "人力资源市场信息系统尚未覆盖全部县区，佐证材料仅有市本级上线通知"),
    "one_window": (Decimal("0.5"), "一窗式服务仅在部分区试点"),
}


def _self_score(criterion: CriterionResult, city: int) -> Decimal:
    """The first three cities rate themselves as ``MODEST`` says; the others (``city``: their
    place in SUBMITTED) each below full points on a different few criteria, by 1 or 2 (at most
    half the points)."""
    if criterion.auto is not None:
        return criterion.auto
    if city < 3:
        return criterion.points - MODEST.get(criterion.key, Decimal(0))
    turn = (city * 7 + sum(map(ord, criterion.key))) % 5  # 0–2: below full points
    if criterion.method == "yes_no":  # 是 (all points) or 否 (none)
        return Decimal(0) if turn == 0 else criterion.points
    less = min(Decimal(1 if turn < 2 else 2), criterion.points / 2) if turn < 3 else Decimal(0)
    return criterion.points - less  # whole or half points: every judgement step allows it


def pdf_bytes(title: str) -> bytes:
    """A one-page PDF with one line of (ASCII) text: a stand-in for a scanned document."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 60 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def png_bytes(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour with a darker band: a stand-in for a photo of a plaque."""
    rows = b""
    for y in range(height):
        colour = rgb if y % 16 < 12 else tuple(c // 2 for c in rgb)
        rows += b"\x00" + bytes(colour) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _attach(campaign: Campaign, org: str, criterion: str, name: str, data: bytes, kind: str) -> None:
    """Demo evidence under a name derived from its content, so rebuilding the demo (or every
    test database) reuses one file instead of piling up copies."""
    if Evidence.objects.filter(campaign=campaign, org_id=org, criterion=criterion, name=name).exists():
        return
    digest = hashlib.sha256(data).hexdigest()
    stored = f"demo-{org}-{digest[:32]}"
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    Evidence.objects.create(
        campaign=campaign,
        org_id=org,
        criterion=criterion,
        name=name,
        stored=stored,
        kind=kind,
        size=len(data),
        sha256=digest,
        uploaded_by=f"{org}-demo",
    )


@transaction.atomic
def build_evaluation_demo() -> Campaign:
    campaign = Campaign.objects.filter(pk=DEMO_EVALUATION).first()
    if campaign is None:
        campaign = open_evaluation(
            cli_actor(),
            EvaluationSpec(
                id=DEMO_EVALUATION,
                org="320000",
                survey="demo-2015",
                opens=date(2015, 9, 1),
                closes=date(2099, 12, 31),
                title="2015 年度全省人社信息化工作考评",
                settings={"review_rule": "average", "reviewers": {}},
            ),
        )
    actor = cli_actor()
    todo = [org for org in (*SUBMITTED, DRAFT) if submission(campaign, org) is None]
    for org in todo:  # the reported figures first: one scoring run then gives every auto score
        save_assessment(actor, campaign, org, {}, REPORTED[org])
    result = evaluate(campaign) if todo else None
    for org in todo:
        assert result is not None
        city = result.city(org)
        place = SUBMITTED.index(org) if org in SUBMITTED else 0
        entries = {
            c.key: Entry(str(_self_score(c, place)), f"{city.org.name}自评：见佐证材料")
            for c in city.criteria
            if org in SUBMITTED or c.category == "management"
        }
        save_assessment(actor, campaign, org, entries)
        _attach(
            campaign,
            org,
            "network_coverage",
            "网络覆盖情况说明.pdf",
            pdf_bytes(f"Network coverage {org}"),
            "pdf",
        )
        _attach(campaign, org, "dr_centre", "灾备中心机房照片.png", png_bytes(96, 64, (40, 110, 170)), "png")
        if org in SUBMITTED:
            submit_assessment(actor, campaign, org)
    _review(campaign)
    return campaign


def _review(campaign: Campaign) -> None:
    reviewer = User.objects.filter(username=REVIEWER).first()
    if reviewer is None or campaign.review_scores.filter(reviewer=reviewer).exists():
        return
    result = evaluate(campaign)
    rubric = rubric_for(campaign)
    for org in (o for o in SUBMITTED if o not in NOT_REVIEWED):
        reviews = {}
        for criterion in result.city(org).criteria:
            basis = criterion.auto if criterion.auto is not None else criterion.self_score
            if basis is None:
                continue
            if criterion.key in DEPARTURES:
                less, reason = DEPARTURES[criterion.key]
                reviews[criterion.key] = Review(str(max(basis - less, Decimal(0))), reason)
            else:
                reviews[criterion.key] = Review(str(basis), "")
        assert set(reviews) <= {c.key for _, _, c in rubric.criteria()}
        save_reviews(reviewer, campaign, org, reviews)
