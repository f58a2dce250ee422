"""Load and check a survey definition (docs/definitions.md).

``load_survey(directory)`` reads ``survey.yaml``, the table files it lists and the rules
file; ``load_survey_from_texts`` does the same from the raw texts a campaign snapshot
keeps, so a snapshot reloads exactly. Any problem raises ``DefinitionError`` listing every
problem found, each as ``file: table/key: message``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kaoping.core import yamltext
from kaoping.core.definitions.build import build_codes, build_rule, build_table, check_codes
from kaoping.core.definitions.checks import check_rule, check_table
from kaoping.core.definitions.dump import dump_survey
from kaoping.core.definitions.model import Rule, Survey, Table
from kaoping.core.definitions.problems import DefinitionError, DefinitionProblem, Problems
from kaoping.core.definitions.raw import RawRules, RawSurvey, RawTable
from kaoping.core.indicators.definition import RawIndicators, build_indicators
from kaoping.core.indicators.model import IndicatorSet
from kaoping.core.quality.definition import RawQuality, build_quality
from kaoping.core.quality.model import QualitySet

__all__ = [
    "SURVEY_FILE",
    "DefinitionError",
    "DefinitionProblem",
    "check_paths",
    "dump_survey",
    "find_definition",
    "load_survey",
    "load_survey_from_texts",
    "read_definition_texts",
]

SURVEY_FILE = "survey.yaml"
M = TypeVar("M", bound=BaseModel)
_VERSION_DIR = re.compile(r"^v(\d+)$")
_REF = re.compile(r"^([a-z0-9][a-z0-9-]{0,63})(?:@(\d{1,6}))?$")  # bounded: a name is a directory

_PYDANTIC_MESSAGES = {
    "extra_forbidden": "不允许的键",
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "literal_error": "取值不在允许范围内",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
}


def load_survey(directory: Path) -> Survey:
    """Load the definition in ``directory`` (e.g. ``definitions/survey-2015/v1``)."""
    return load_survey_from_texts(read_definition_texts(directory), source=str(directory))


def read_definition_texts(directory: Path) -> dict[str, str]:
    """The raw texts of ``survey.yaml`` and the files it names (missing ones left out)."""
    survey_path = directory / SURVEY_FILE
    if not survey_path.is_file():
        raise DefinitionError([DefinitionProblem(str(survey_path), "survey", SURVEY_FILE, "文件不存在")])
    texts = {SURVEY_FILE: survey_path.read_text(encoding="utf-8")}
    try:
        head = yamltext.safe_load(texts[SURVEY_FILE])
    except yaml.YAMLError:
        return texts  # reported with its line by load_survey_from_texts
    if not isinstance(head, dict):
        return texts
    names = [n for n in head.get("tables") or [] if isinstance(n, str)]
    for kind in ("rules", "indicators", "quality"):
        if isinstance(head.get(kind), str):
            names.append(head[kind])
    for name in names:
        path = directory / name
        if path.is_file():
            texts[name] = path.read_text(encoding="utf-8")
    return texts


def load_survey_from_texts(files: dict[str, str], source: str = "") -> Survey:
    problems: list[DefinitionProblem] = []
    survey = _build(files, source, problems)
    if problems or survey is None:
        raise DefinitionError(problems)
    return survey


def check_paths(paths: list[Path]) -> list[DefinitionProblem]:
    """Check every definition at or below ``paths`` (directories or ``survey.yaml`` files)."""
    problems: list[DefinitionProblem] = []
    for path in paths:
        found = sorted(p.parent for p in path.rglob(SURVEY_FILE)) if path.is_dir() else []
        directories = [path.parent] if path.is_file() else found
        if not directories:
            problems.append(DefinitionProblem(str(path), "survey", SURVEY_FILE, "找不到定义文件 survey.yaml"))
        for directory in directories:
            try:
                load_survey(directory)
            except DefinitionError as exc:
                problems.extend(exc.problems)
    return problems


def find_definition(root: Path, ref: str) -> Path:
    """The directory of ``survey-2015@1``, or of the newest version for ``survey-2015``."""
    match = _REF.match(ref)
    if match is None:
        problem = DefinitionProblem(str(root), "survey", ref, "定义标识应写作“名称”或“名称@版本”")
        raise DefinitionError([problem])
    name, version = match.group(1), match.group(2)
    base = root / name
    entries = base.iterdir() if base.is_dir() else iter([])
    versions = sorted(int(m.group(1)) for p in entries if (m := _VERSION_DIR.match(p.name)))
    if version is not None and int(version) in versions:
        return base / f"v{int(version)}"
    if version is None and versions:
        return base / f"v{versions[-1]}"
    wanted = f"{name}@{version}" if version else name
    raise DefinitionError([DefinitionProblem(str(base), "survey", ref, f"找不到定义 {wanted}")])


# --- building ---------------------------------------------------------------------------


def _build(files: dict[str, str], source: str, sink: list[DefinitionProblem]) -> Survey | None:
    def path(name: str) -> str:
        return f"{source.rstrip('/')}/{name}" if source else name

    problems = Problems(sink, path(SURVEY_FILE), "survey")
    raw = _parse(files, SURVEY_FILE, RawSurvey, problems)
    if raw is None:
        return None
    code_lists = {}
    for name, codes in raw.code_lists.items():
        check_codes(build_codes(codes), f"code_lists.{name}", problems)
        code_lists[name] = build_codes(codes)
    tables: list[Table] = []
    files_of: dict[str, str] = {}
    broken: set[str] = set()  # tables that could not be read: their rules are not checked
    for name in raw.tables:
        table_problems = problems.at(path(name), Path(name).stem)
        if name not in files:
            table_problems.add(name, "表文件不存在")
            broken.add(Path(name).stem)
            continue
        raw_table = _parse(files, name, RawTable, table_problems)
        if raw_table is None:
            broken.add(_declared_id(files[name]) or Path(name).stem)
            continue
        table_problems = problems.at(path(name), raw_table.id)
        if raw_table.id in files_of:
            table_problems.add(raw_table.id, f"表标识“{raw_table.id}”与 {files_of[raw_table.id]} 重复")
        files_of[raw_table.id] = name
        table = build_table(raw_table, code_lists, table_problems)
        check_table(table, table_problems.after_build())
        tables.append(table)
    rules_problems = problems.at(path(raw.rules or "rules.yaml"), "rules")
    rules = _rules(files, raw.rules, rules_problems)
    survey = Survey(
        id=raw.id,
        version=raw.version,
        title=raw.title,
        tables=tuple(tables),
        rules=tuple(rules),
        instructions=raw.instructions,
        reference_date=raw.reference_date,
        forecast_date=raw.forecast_date,
        source=source,
    )
    for key, n in Counter(r.id for r in rules).items():
        if n > 1:
            rules_problems.add(key, f"规则标识“{key}”重复出现 {n} 次")
    for rule in rules:
        check_rule(rule, survey, rules_problems.at(rules_problems.file, rule.table), frozenset(broken))
    return _with_extras(files, raw, survey, problems, path)


def _with_extras(
    files: dict[str, str], raw: RawSurvey, survey: Survey, problems: Problems, path: Callable[[str], str]
) -> Survey:
    """The survey with its indicators and its data-quality rules, where it names their files."""
    if raw.indicators is not None:
        indicators = _indicators(
            files, raw.indicators, survey, problems.at(path(raw.indicators), "indicators")
        )
        survey = replace(survey, indicators=indicators)
    if raw.quality is not None:
        quality = _quality(files, raw.quality, survey, problems.at(path(raw.quality), "quality"))
        survey = replace(survey, quality=quality)
    return survey


def _quality(files: dict[str, str], name: str, survey: Survey, problems: Problems) -> QualitySet:
    """Outlier, period and change rules (docs/definitions.md); problems: file: quality/rule."""
    if name not in files:
        problems.add(name, "数据质量规则文件不存在")
        return QualitySet()
    raw = _parse(files, name, RawQuality, problems, empty_ok=True)
    return build_quality(raw, survey, problems) if raw is not None else QualitySet()


def _rules(files: dict[str, str], name: str | None, problems: Problems) -> list[Rule]:
    """The rules file's rules, each built (problems are named file: table)."""
    if name is None or name not in files:
        return []
    raw_rules = _parse(files, name, RawRules, problems, empty_ok=True)
    return [
        build_rule(r, problems.at(problems.file, r.table)) for r in (raw_rules.rules if raw_rules else [])
    ]


def _indicators(files: dict[str, str], name: str, survey: Survey, problems: Problems) -> IndicatorSet | None:
    """表1's plan indicators; problems are named file: indicator/key."""
    if name not in files:
        problems.add(name, "指标文件不存在")
        return None
    raw = _parse(files, name, RawIndicators, problems)
    return build_indicators(raw, survey, problems) if raw is not None else None


def _declared_id(text: str) -> str | None:
    """The ``id`` a table file declares, read leniently for a file that failed to load."""
    try:
        data = yamltext.safe_load(text)
    except yaml.YAMLError:
        return None
    table_id = data.get("id") if isinstance(data, dict) else None
    return table_id if isinstance(table_id, str) else None


def _parse(
    files: dict[str, str], name: str, model: type[M], problems: Problems, empty_ok: bool = False
) -> M | None:
    if name not in files:  # e.g. a rubric's directory named where a survey was asked for
        problems.add(name, f"缺少定义文件 {name}")
        return None
    try:
        data = yaml.load(files[name], Loader=_UniqueKeyLoader)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        problems.add(name, f"YAML 格式错误{where}：{getattr(exc, 'problem', None) or exc}")
        return None
    if data is None and empty_ok:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            key, where = _locate(data, error["loc"])
            ours = _PYDANTIC_MESSAGES.get(error["type"])
            text = ours.format_map(error.get("ctx") or {}) if ours else error["msg"]
            problems.add(key or name, f"{where}：{text}" if where else text)
        return None


def _locate(data: object, loc: tuple[int | str, ...]) -> tuple[str, str]:
    """The nearest ``key``/``id`` along a pydantic error location, and the dotted path."""
    key = ""
    node = data
    path: list[str] = []
    for part in loc:
        if part in ("column", "group"):  # discriminator tags, not YAML keys
            continue
        path.append(f"[{part}]" if isinstance(part, int) else str(part))
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
        if isinstance(node, dict):
            found = node.get("key", node.get("id", node.get("group")))
            if found is not None:
                key = str(found)
    return key, ".".join(path).replace(".[", "[")


class _UniqueKeyLoader(yamltext.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (YAML keeps the last)."""


def _construct_mapping(
    loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"键“{key}”在同一映射中重复", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
