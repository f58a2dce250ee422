"""Experts' names on the result pages (docs/spec.md §9.6): in full to whoever may see the expert's
personal data — the expert, an account administrator of the province — masked to everyone else
and in the PDF report (an export)."""

from __future__ import annotations

import pytest
from tests.conftest import NANJING
from tests.evaluation.test_evaluation_services import full_self_assessment

from kaoping.evaluation.assess import submit_assessment
from kaoping.evaluation.reviews import Review, save_reviews
from kaoping.evaluation.scoring import evaluate

pytestmark = pytest.mark.django_db


def test_the_expert_is_named_to_those_who_may_see_it(evaluation, personas, client_for):
    full_self_assessment(evaluation, personas.nanjing_leader)
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    save_reviews(personas.expert, evaluation, NANJING, {"core_standards": Review("2", "标准执行不全")})
    url = f"/evaluations/{evaluation.pk}/results/{NANJING}/core_standards/"
    for user in (personas.province_admin, personas.ministry_admin, personas.expert):
        page = client_for(user).get(url).content.decode()
        assert "审核专家丙" in page and "审***丙" not in page, user.username
    reviewer = client_for(personas.province_reviewer).get(url).content.decode()
    assert "审***丙" in reviewer and "审核专家丙" not in reviewer
    [review] = evaluate(evaluation).city(NANJING).criterion("core_standards").reviews
    assert review.who == "审***丙"  # no viewer: an export, the command line's default
