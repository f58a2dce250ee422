"""The rendered headers of 表4, 表9, 表10, 表11 and 表13 have the spans of the YAML grouping.

Expected spans are worked out by hand from definitions/survey-2015/v1/T*.yaml and checked
against the seed's Word tables (docs/sources/survey-2015-seed.txt): a group spans its
leaves; a group with its own value column (``key:`` on the group) prints the own column
under the group's label, down to the last header row, beside a 其中 cell over the rest.
"""

import pytest
from htmlgrid import read_grid, spans

PROVINCE = "320000"


def header_of(client, campaign, table):
    response = client.get(f"/c/{campaign.pk}/{PROVINCE}/{table}/")
    assert response.status_code == 200
    return spans(read_grid(response.content.decode()))


@pytest.fixture
def client(client_for, province_admin):
    return client_for(province_admin)


def test_table4_two_groups_of_two(client, campaign):
    assert header_of(client, campaign, "T04") == [
        [
            ("序号", 2, 1),
            ("联网单位", 2, 1),
            ("预计2015年底联网单位情况", 1, 2),
            ("预计2015年底未联网单位情况", 1, 2),
        ],
        [("单位数量", 1, 1), ("网络覆盖率", 1, 1), ("单位数量", 1, 1), ("计划联网时间", 1, 1)],
    ]


def test_table9_staff_and_calls_groups_between_single_columns(client, campaign):
    assert header_of(client, campaign, "T09") == [
        [
            ("序号", 2, 1),
            ("地市", 2, 1),
            ("是否开通12333咨询服务电话", 2, 1),
            ("是否使用咨询服务信息系统", 2, 1),
            ("机构规模", 1, 3),
            ("来电情况", 1, 4),
            ("备注", 2, 1),
        ],
        [
            ("总人数", 1, 1),
            ("咨询员人数", 1, 1),
            ("座席数", 1, 1),
            ("来电总量（个）", 1, 1),
            ("人工接听量", 1, 1),
            ("自动语音量", 1, 1),
            ("放弃量", 1, 1),
        ],
    ]


def test_table10_deployed_count_with_three_breakdowns(client, campaign):
    # the explanation texts of 其他 codes are drawn inside their code cells, not as columns
    assert header_of(client, campaign, "T10") == [
        [
            ("序号", 3, 1),
            ("地市名称", 3, 1),
            ("已部署数量（台）", 3, 1),
            ("其中", 1, 9),
            ("主要功能", 3, 1),
            ("身份认证方式", 3, 1),
        ],
        [("按配置来源分类", 1, 2), ("按设备类型分类", 1, 3), ("按部署场所分类", 1, 4)],
        [
            ("省厅统一配置", 1, 1),
            ("地市自行配置", 1, 1),
            ("自助服务一体机", 1, 1),
            ("合作银行ATM", 1, 1),
            ("社会保障卡金融服务终端", 1, 1),
            ("经办服务大厅", 1, 1),
            ("街道乡镇社区", 1, 1),
            ("定点医疗机构", 1, 1),
            ("银行", 1, 1),
        ],
    ]


def test_table11_own_columns_nested_in_an_own_group(client, campaign):
    assert header_of(client, campaign, "T11") == [
        [("序号", 3, 1), ("地区", 3, 1), ("等级保护三级及以上应用系统总数", 3, 1), ("其中", 1, 11)],
        [
            ("使用数字证书的系统总数", 2, 1),
            ("使用系统的用户总数", 2, 1),
            ("使用数字证书的用户总数", 2, 1),
            ("公众服务网的系统个数", 2, 1),
            ("其中", 1, 3),
            ("业务专网的系统个数", 2, 1),
            ("其中", 1, 3),
        ],
        [
            ("使用数字证书的系统个数", 1, 1),
            ("使用系统的用户数量", 1, 1),
            ("使用数字证书的用户数量", 1, 1),
            ("使用数字证书的系统个数", 1, 1),
            ("使用系统的用户数量", 1, 1),
            ("使用数字证书的用户数量", 1, 1),
        ],
    ]


def test_table13_funds_by_source_and_use_then_sufficiency(client, campaign):
    assert header_of(client, campaign, "T13") == [
        [
            ("序号", 3, 1),
            ("地市名称", 3, 1),
            ("“十二五”期间信息化建设和运维资金投入总额（万元）", 3, 1),
            ("其中", 1, 5),
            ("是否能够满足建设和运维需求", 1, 2),
        ],
        [("按来源分类", 1, 3), ("按用途分类", 1, 2), ("建设", 2, 1), ("运维", 2, 1)],
        [
            ("各级财政投入", 1, 1),
            ("银行投入", 1, 1),
            ("其他来源", 1, 1),
            ("建设经费", 1, 1),
            ("运维经费", 1, 1),
        ],
    ]


def test_every_header_row_covers_all_columns(client, campaign):
    """Across the 14 tables, each grid's header spans exactly as many columns as a body row has."""
    for number in range(1, 15):
        html = client.get(f"/c/{campaign.pk}/{PROVINCE}/T{number:02d}/").content.decode()
        grid = read_grid(html)
        if not grid.header:
            continue
        width = sum(th.colspan for th in grid.header[0])
        # every later row adds the columns not already covered by rowspans from above
        covered = [0] * len(grid.header)
        for r, row in enumerate(grid.header):
            covered[r] += sum(th.colspan for th in row)
            for th in row:
                for below in range(r + 1, r + th.rowspan):
                    covered[below] += th.colspan
        assert covered == [width] * len(grid.header), f"T{number:02d}"


def test_table4_numbers_merge_over_their_groups(client, campaign):
    html = client.get(f"/c/{campaign.pk}/{PROVINCE}/T04/").content.decode()
    # group 1: 省级/市级/区县社保经办机构; group 10: the eight statistics offices; 17 is 合计
    assert '<td class="no" rowspan="3">1</td>' in html
    assert '<td class="no" rowspan="8">10</td>' in html
    assert '<td class="no">13</td>' in html  # 街道: a group of one
    assert read_grid(html).rows[-1] == "total"
    assert len(read_grid(html).rows) == 43  # 42 unit types and the total


def test_table1_sub_rows_share_the_indicator_and_its_attribute(client, campaign):
    html = client.get(f"/c/{campaign.pk}/{PROVINCE}/T01/").content.decode()
    header = spans(read_grid(html))
    assert header[0][:2] == [("序号", 2, 1), ("指标", 2, 2)]  # 指标 over label and sub-label
    assert '<td class="rowlabel" rowspan="3">城域网络覆盖率（%）</td>' in html
    assert '<td class="rowlabel" colspan="2">省市网络覆盖率（%）</td>' in html  # no sub-rows
    attribute = html.split('data-row="man_agencies"')[1].split("</tr>")[0]
    assert 'rowspan="3" data-col="attribute"><span class="ro">预期性</span>' in attribute
