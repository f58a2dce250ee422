"""The request fields of the JSON API by their Chinese names, for validation messages: a
refusal names "原因", never pydantic's location "body.body.reason" (docs/spec.md §10.12)."""

from __future__ import annotations

from collections.abc import Sequence

# the fields the API's request bodies and query strings carry
FIELD_NAMES = {
    "account": "账号",
    "action": "操作",
    "active": "启用",
    "base_version": "版本号",
    "campaign": "任务",
    "closes": "截止日期",
    "column": "栏目",
    "comments": "单元格意见",
    "criteria": "评分标准",
    "definition": "调查表定义",
    "draft": "存为草稿",
    "email": "电子邮箱",
    "explanation": "说明",
    "forecast_date": "预计时点",
    "id": "编号",
    "key": "编号",
    "kind": "类型",
    "label": "名称",
    "name": "姓名",
    "note": "说明",
    "opens": "开始日期",
    "org": "单位",
    "parent": "上级任务",
    "password": "密码",
    "phone": "电话",
    "reason": "原因",
    "reference_date": "调查时点",
    "reported": "上报数据",
    "role": "角色",
    "roles": "角色",
    "row": "行",
    "rule": "审核规则",
    "score": "分数",
    "section": "分节",
    "table": "表",
    "text": "说明",
    "title": "名称",
    "token": "令牌",
    "username": "用户名",
    "values": "数值",
}
# where pydantic says the field was read: not part of its name
_SOURCES = {"body", "query", "path", "form", "header", "cookie", "file"}


def field_name(loc: Sequence[object]) -> str:
    """``("body", "body", "reason")`` → 原因; ``("body", "comments", 0, "text")`` → 单元格意见 ›
    第 1 项 › 说明; a name it does not know stays as sent, quoted."""
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            parts.append(f"第 {step + 1} 项")
        elif str(step) in _SOURCES and not parts:
            continue
        else:
            parts.append(FIELD_NAMES.get(str(step), f"“{step}”"))
    return " › ".join(parts) or "请求内容"
