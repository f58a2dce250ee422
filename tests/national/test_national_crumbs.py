"""A province's pages under a national campaign lead a ministry user back to the national
报送进度 in the breadcrumb (docs/spec.md §11.8); the province's own people, who do not read the
national campaign, see their province's crumbs only."""

from __future__ import annotations

from .conftest import JS, JS_CAMPAIGN, NATIONAL

PAGES = [
    f"/c/{JS_CAMPAIGN}/{JS}/",  # the overview
    f"/c/{JS_CAMPAIGN}/{JS}/T09/",  # a table
    f"/w/c/{JS_CAMPAIGN}/{JS}/",  # submission and review
    f"/w/c/{JS_CAMPAIGN}/progress/",  # the province's own 报送进度
]
NATIONAL_CRUMB = f'<a href="/w/c/{NATIONAL}/progress/" data-testid="national-crumb">全国报送进度</a>'


def crumbs(page: str) -> str:
    start = page.index('<div class="crumbs"')
    return page[start : page.index("</div>", start)]


def test_the_ministry_reviewer_goes_back_to_the_national_progress(jiangsu, ministry_reviewer, client_for):
    client = client_for(ministry_reviewer)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert NATIONAL_CRUMB in crumbs(response.content.decode()), path


def test_the_province_does_not_see_the_national_crumb(jiangsu, province_reviewer, client_for):
    client = client_for(province_reviewer)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "全国报送进度" not in page and f"/w/c/{NATIONAL}/" not in page, path


def test_the_national_page_itself_has_no_crumb_to_itself(national, ministry_reviewer, client_for):
    page = client_for(ministry_reviewer).get(f"/w/c/{NATIONAL}/progress/").content.decode()
    assert "全国报送进度" not in crumbs(page)
