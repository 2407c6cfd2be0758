"""Loading rulesets and what they tell about themselves; errors with file, line and column."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import fundrules
from conftest import HEFEI_RULES, SMALL_RULES_YAML


def test_from_yaml_loads_and_describes_itself(small_rules: fundrules.Ruleset) -> None:
    assert small_rules.id == "test.small"
    assert small_rules.title("zh") == "测试规则"
    assert small_rules.title("en") == "Test rules"
    assert [f.name for f in small_rules.fields] == [
        "name", "id_number", "category", "amount", "phone", "paid_on"
    ]
    amount = next(f for f in small_rules.fields if f.name == "amount")
    assert amount.money and amount.type == "decimal" and amount.label_zh == "金额"
    category = next(f for f in small_rules.fields if f.name == "category")
    assert category.values == ("frontline", "registered_hardship")
    assert next(f for f in small_rules.fields if f.name == "id_number").personal == "id_number"
    assert len(small_rules.sha256) == 64


def test_rules_are_listed_in_order_with_their_source(small_rules: fundrules.Ruleset) -> None:
    rules = small_rules.rules
    assert [r.id for r in rules] == [
        "amount.positive", "frontline.cap", "id_number.valid", "phone.valid", "window.paid_on"
    ]
    cap = rules[1]
    assert cap.when == 'category == "frontline"'
    assert cap.check == "amount <= params.frontline_cap"
    assert cap.severity == "error" and cap.scope == "record" and cap.clause == "二(二)"
    assert cap.file == "small.yaml" and cap.line > 0
    assert rules[3].severity == "warning"


def test_params_carry_exact_values(small_rules: fundrules.Ruleset) -> None:
    params = {p.name: p for p in small_rules.params}
    assert params["frontline_cap"].history[0][0] == Decimal("500")
    assert isinstance(params["frontline_cap"].history[0][0], Decimal)
    assert params["campaign_start"].history[0][0] == datetime.date(2016, 12, 15)


def test_load_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(SMALL_RULES_YAML, encoding="utf-8")
    loaded = fundrules.load(path)
    assert loaded.id == "test.small"
    assert loaded.source_file.endswith("rules.yaml")
    assert fundrules.Ruleset.load(str(path)).sha256 == loaded.sha256


def test_the_bundled_hefei_ruleset_loads(hefei_rules: fundrules.Ruleset) -> None:
    assert hefei_rules.id == "cn.hefei.2017-liangjie"
    assert "frontline.cap" in {r.id for r in hefei_rules.rules}
    assert "合肥" in repr(hefei_rules) or "cn.hefei" in repr(hefei_rules)
    assert HEFEI_RULES.name in hefei_rules.source_file


def test_warnings_found_while_loading_are_located(hefei_rules: fundrules.Ruleset) -> None:
    assert hefei_rules.jurisdiction == "安徽省合肥市"
    # A parameter no rule uses loads, with a warning pointing at it.
    text = SMALL_RULES_YAML.replace(
        "  campaign_start:", "  spare_cap:\n    type: money\n    value: 1\n  campaign_start:"
    )
    loaded = fundrules.Ruleset.from_yaml(text, name="spare.yaml")
    (warning,) = [w for w in loaded.warnings if "spare_cap" in w.message]
    assert warning.file == "spare.yaml" and warning.severity == "warning"
    declared = text.splitlines().index("  spare_cap:") + 1
    assert declared <= warning.line <= declared + 2  # within the parameter's declaration
    assert not fundrules.Ruleset.from_yaml(SMALL_RULES_YAML).warnings


def test_code_of_reads_enum_spellings_as_input_files_do(small_rules: fundrules.Ruleset) -> None:
    assert small_rules.code_of("category", "一线职工") == "frontline"
    assert small_rules.code_of("category", "frontline") == "frontline"
    assert small_rules.code_of("category", "外星人") is None
    with pytest.raises(KeyError):
        small_rules.code_of("no_such_field", "x")


def test_a_bad_ruleset_reports_every_problem_with_its_place() -> None:
    broken = SMALL_RULES_YAML.replace(
        "check: amount > 0", "check: amount > nonexistent_field"
    ).replace("check: is_cn_mobile(phone)", "check: is_cn_mobile(phone) +")
    with pytest.raises(fundrules.RulesetError) as caught:
        fundrules.Ruleset.from_yaml(broken, name="broken.yaml")
    diagnostics = caught.value.diagnostics
    assert len(diagnostics) >= 2
    for d in diagnostics:
        assert d.file == "broken.yaml"
        assert d.line > 0 and d.column > 0
        assert d.message
    lines = broken.splitlines()
    assert any("nonexistent_field" in lines[d.line - 1] for d in diagnostics)
    assert "broken.yaml:" in str(caught.value)
    assert isinstance(caught.value, fundrules.Error)


def test_yaml_syntax_error_is_located() -> None:
    with pytest.raises(fundrules.RulesetError) as caught:
        fundrules.Ruleset.from_yaml("fundrules: 1\nid: [unclosed\n", name="syntax.yaml")
    assert caught.value.diagnostics[0].line >= 2


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(fundrules.DataError) as caught:
        fundrules.load(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(caught.value)
