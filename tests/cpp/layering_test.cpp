// Layering: a ruleset that extends another inherits its fields, parameters and rules, replaces
// rules it says override, switches rules off with a reason, and the report says which ruleset
// of the chain each rule and parameter value came from. Mistakes are errors at their place.

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fundrules/engine.hpp"
#include "fundrules/ruleset.hpp"

using fundrules::Date;
using fundrules::Decimal;
using fundrules::Diagnostic;
using fundrules::Ruleset;
using fundrules::RulesetError;

namespace {

const std::string kData = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/layering/";

// Loads YAML text as if it were the file `name` in the fixture directory, so that its
// `extends:` finds the fixtures beside it; returns the problems (the test fails if none).
std::vector<Diagnostic> errors_of(const std::string& yaml, const std::string& name = "t.yaml") {
  try {
    Ruleset::load_string(yaml, kData + name);
  } catch (const RulesetError& e) {
    return e.diagnostics();
  }
  FAIL("the ruleset loaded, but it should not have");
  return {};
}

std::string dump(const std::vector<Diagnostic>& diags) {
  std::string all;
  for (const auto& d : diags) all += "\n  " + d.to_string();
  return all;
}

Diagnostic only(const std::vector<Diagnostic>& diags) {
  INFO(dump(diags));
  REQUIRE(diags.size() == 1);
  return diags[0];
}

const std::string kHead = "fundrules: 1\nid: test.t\ntitle: t\nextends: base.yaml\n";

fundrules::Table roster(const std::vector<std::string>& amounts, const std::string& method) {
  fundrules::Column name("name", fundrules::ValueType::String);
  fundrules::Column amount("amount", fundrules::ValueType::Decimal);
  fundrules::Column payment("payment_method", fundrules::ValueType::String);
  for (const auto& a : amounts) {
    name.append_string("张三");
    amount.append_decimal(Decimal::parse(a));
    payment.append_string(method);
  }
  return fundrules::Table({name, amount, payment});
}

std::vector<std::string> ids(const Ruleset& ruleset) {
  std::vector<std::string> out;
  for (const auto& rule : ruleset.rules()) out.push_back(rule.id);
  return out;
}

}  // namespace

TEST_CASE("a three-level chain inherits, overrides and switches off") {
  const Ruleset district = Ruleset::load_file(kData + "district.yaml");
  CHECK(district.id() == "test.district");
  // The overriding rule keeps the base rule's place; the switched-off rule is gone.
  CHECK(ids(district) ==
        std::vector<std::string>{"base.cap", "base.floor", "city.signed", "district.ceiling"});
  const auto& rules = district.rules();
  CHECK(rules[0].origin == "test.base");
  CHECK(rules[0].where.file == kData + "base.yaml");
  CHECK(rules[0].overrides.empty());
  CHECK(rules[1].origin == "test.city");
  CHECK(rules[1].overrides == "test.base");
  CHECK(rules[1].where.file == kData + "city.yaml");
  CHECK(rules[1].where.line == 12);
  CHECK(rules[3].origin == "test.district");

  REQUIRE(district.disabled_rules().size() == 1);
  const auto& off = district.disabled_rules()[0];
  CHECK(off.rule.id == "base.bank_card");
  CHECK(off.rule.origin == "test.base");
  CHECK(off.disabled_by == "test.city");
  CHECK(off.reason == "本市非建档职工可实名制签领");
  CHECK(off.where.file == kData + "city.yaml");
  CHECK(off.where.line == 21);
}

TEST_CASE("parameters set again replace the base's history, dates and all") {
  const Ruleset city = Ruleset::load_file(kData + "city.yaml");
  const auto& cap = city.params()[0];
  CHECK(cap.name == "cap");
  CHECK(cap.origin == "test.city");
  CHECK(cap.description == "每人上限");  // kept from the base
  REQUIRE(cap.history.size() == 2);
  CHECK(cap.version_on(Date::parse("2023-06-01"))->value.as_decimal() == Decimal(600));
  CHECK(cap.version_on(Date::parse("2024-01-01"))->value.as_decimal() == Decimal(700));
  CHECK(cap.history[1].where.file == kData + "city.yaml");
  const auto& floor = city.params()[1];
  CHECK(floor.origin == "test.base");

  // 750 is above the city's 700 of 2024 but within the base's 1000.
  const auto report = fundrules::check(city, roster({"750"}, "bank_card"));
  REQUIRE(report.violations().size() == 1);
  const auto& v = report.violations()[0];
  CHECK(v.rule_id == "base.cap");
  REQUIRE(v.params.size() == 1);
  CHECK(v.params[0].value == "700");
  CHECK(v.params[0].origin == "test.city");
  CHECK(v.params[0].effective_from == Date::parse("2024-01-01"));
  CHECK(v.params[0].set_at.file == kData + "city.yaml");
  CHECK(v.params[0].set_at.line == 10);
  // Checked as of 2023, the city's earlier value holds.
  fundrules::CheckOptions in_2023;
  in_2023.as_of = Date::parse("2023-06-01");
  CHECK(fundrules::check(city, roster({"650"}, "bank_card"), in_2023).violations().size() == 1);
}

TEST_CASE("the report names the ruleset each rule came from, and what was switched off") {
  const Ruleset district = Ruleset::load_file(kData + "district.yaml");
  // Cash is allowed (the base's bank-card rule is off); 150 is below the city's doubled floor.
  const auto report = fundrules::check(district, roster({"150", "300"}, "signed_cash"));
  REQUIRE(report.violations().size() == 1);
  const auto& v = report.violations()[0];
  CHECK(v.rule_id == "base.floor");
  CHECK(v.rule_origin == "test.city");
  CHECK(v.rule_source.file == kData + "city.yaml");

  const auto& summary = report.summary();
  REQUIRE(summary.disabled_rules.size() == 1);
  CHECK(summary.disabled_rules[0].rule.id == "base.bank_card");
  REQUIRE(summary.rule_stats.size() == 4);
  CHECK(summary.rule_stats[1].origin == "test.city");
  CHECK(summary.rule_stats[1].checked == 2);
  CHECK(summary.rule_stats[1].failed == 1);

  const std::string text = report.to_text();
  CHECK(text.find("规则来自 test.city (" + kData + "city.yaml:12:5)") != std::string::npos);
  CHECK(text.find("base.bank_card (test.base)，由 test.city 停用：本市非建档职工可实名制签领") !=
        std::string::npos);
  const std::string json = report.to_json();
  CHECK(json.find("\"rule_origin\": \"test.city\"") != std::string::npos);
  CHECK(json.find("\"disabled_by\": \"test.city\"") != std::string::npos);
  CHECK(json.find("\"id\": \"district.ceiling\",\n      \"origin\": \"test.district\"") !=
        std::string::npos);
}

TEST_CASE("a rule with a base rule's id needs override: true") {
  const auto& d = only(errors_of(kHead + "rules:\n"
                                         "  - id: base.cap\n"  // line 6
                                         "    check: amount <= 10\n"
                                         "    message: m\n"));
  CHECK(d.where.file == kData + "t.yaml");
  CHECK(d.where.line == 6);
  CHECK(d.where.column == 9);
  CHECK(d.message == "rule id 'base.cap' is already used by the base ruleset 'test.base' (" +
                         kData +
                         "base.yaml:24:5); to replace that rule say override: true, to "
                         "switch it off list it under disable:");
}

TEST_CASE("override: true of a rule no base has is an error") {
  const auto& d = only(errors_of(kHead + "rules:\n"
                                         "  - id: base.caps\n"
                                         "    override: true\n"  // line 7
                                         "    check: amount <= 10\n"
                                         "    message: m\n"));
  CHECK(d.where.line == 7);
  CHECK(d.where.column == 15);
  CHECK(d.message ==
        "rule 'base.caps' says override: true, but no ruleset it extends has a rule of that id "
        "(did you mean 'base.cap'?)");
  const auto& alone =
      only(errors_of("fundrules: 1\nid: x\ntitle: x\nfields: {a: {type: int}}\n"
                     "rules: [{id: r, override: true, check: a > 0, message: m}]\n"));
  CHECK(alone.message == "rule 'r' says override: true, but this ruleset extends none");
}

TEST_CASE("two rules of one file with the same id stay an error, override or not") {
  const auto diags =
      errors_of(kHead +
                "rules:\n"
                "  - {id: base.cap, override: true, check: amount <= 10, message: m}\n"
                "  - {id: base.cap, override: true, check: amount <= 20, message: m}\n");
  const auto& d = only(diags);
  CHECK(d.where.line == 7);
  CHECK(d.message == "rule id 'base.cap' is already used by the rule at line 6");
}

TEST_CASE("disable: mistakes are errors at their place") {
  SECTION("an unknown rule") {
    const auto& d = only(errors_of(kHead + "disable:\n  - {rule: base.bank, reason: r}\n"));
    CHECK(d.where.line == 6);
    CHECK(d.where.column == 12);
    CHECK(d.message ==
          "disable: no rule 'base.bank' in the rulesets this one extends (did you mean "
          "'base.cap'?)");
  }
  SECTION("no reason, or an empty one") {
    const auto& d = only(errors_of(kHead + "disable:\n  - rule: base.cap\n"));
    CHECK(d.where.line == 6);
    CHECK(d.message.find("disable: rule 'base.cap' has no reason") == 0);
    CHECK(only(errors_of(kHead + "disable:\n  - {rule: base.cap, reason: ''}\n"))
              .message.find("has no reason") != std::string::npos);
  }
  SECTION("a rule of the same file") {
    const auto& d = only(errors_of(kHead + "rules:\n"
                                           "  - {id: own, check: amount > 0, message: m}\n"
                                           "disable:\n"
                                           "  - {rule: own, reason: r}\n"));
    CHECK(d.where.line == 8);
    CHECK(d.message ==
          "disable: rule 'own' is declared in this file (line 6); only a base ruleset's rules "
          "can be switched off");
  }
  SECTION("a rule switched off further down the chain") {
    const auto& d =
        only(errors_of("fundrules: 1\nid: x\ntitle: x\nextends: city.yaml\n"
                       "disable:\n  - {rule: base.bank_card, reason: r}\n"));
    CHECK(d.message.find("disable: rule 'base.bank_card' is already switched off by 'test.city'") ==
          0);
  }
  SECTION("without extends") {
    const auto& d = only(
        errors_of("fundrules: 1\nid: x\ntitle: x\nfields: {a: {type: int}}\n"
                  "rules: [{id: r, check: a > 0, message: m}]\ndisable: [{rule: r, reason: x}]\n"));
    CHECK(d.where.line == 6);
    CHECK(d.message ==
          "disable: switches off rules of a base ruleset, but this ruleset extends none");
  }
  SECTION("an unknown key in an entry") {
    const auto diags = errors_of(kHead + "disable:\n  - {rule: base.cap, reason: r, because: x}\n");
    CHECK(only(diags).message.find("unknown key 'because'") != std::string::npos);
  }
}

TEST_CASE("a missing base and a cycle are errors at the extends: line") {
  const auto& missing = only(errors_of("fundrules: 1\nid: x\ntitle: x\nextends: nowhere.yaml\n"));
  CHECK(missing.where.line == 4);
  CHECK(missing.where.column == 10);
  CHECK(missing.message.find("extends: no ruleset 'nowhere.yaml' (looked in ") == 0);

  try {
    Ruleset::load_file(kData + "cycle_a.yaml");
    FAIL("a cycle loaded");
  } catch (const RulesetError& e) {
    const auto& diags = e.diagnostics();
    bool found = false;
    for (const auto& d : diags) {
      if (d.message.find("extends: 'cycle_a.yaml' leads back to itself") == std::string::npos) {
        continue;
      }
      found = true;
      CHECK(d.where.file == kData + "cycle_b.yaml");
      CHECK(d.where.line == 2);
      CHECK(d.where.column == 10);
    }
    CHECK(found);
  }
}

TEST_CASE("a parameter history that starts later than the base's leaves a gap, with a warning") {
  const Ruleset later = Ruleset::load_string(
      kHead + "params:\n  cap:\n    history:\n      - {value: 900, from: 2024-06-01}\n",
      kData + "t.yaml");
  REQUIRE(later.warnings().size() == 1);
  const auto& w = later.warnings()[0];
  CHECK(w.where.line == 8);
  CHECK(w.message ==
        "parameter 'cap': the base ruleset 'test.base' gives it a value from 2020-01-01, but "
        "this history starts at 2024-06-01, so before that it has none");
  // Starting as early as the base's, or earlier, leaves none.
  const Ruleset same = Ruleset::load_string(
      kHead + "params:\n  cap:\n    history:\n      - {value: 900, from: 2020-01-01}\n",
      kData + "t.yaml");
  CHECK(same.warnings().empty());
}

TEST_CASE("the extending example in rules/README.md loads on the national base as written") {
  std::ifstream in(FUNDRULES_SOURCE_DIR "/rules/README.md", std::ios::binary);
  REQUIRE(in);
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto section = readme.find("## Extending a ruleset");
  REQUIRE(section != std::string::npos);
  const std::string open = "```yaml\n";
  const auto begin = readme.find(open, section);
  const auto end = readme.find("```", begin + open.size());
  REQUIRE(end != std::string::npos);
  // As if it were a file in a city's directory beside rules/cn/national/.
  const Ruleset rs =
      Ruleset::load_string(readme.substr(begin + open.size(), end - begin - open.size()),
                           FUNDRULES_SOURCE_DIR "/rules/cn/hefei/example.yaml");
  CHECK(rs.id() == "cn.example.2025-songnuan");
  CHECK(rs.warnings().empty());
  REQUIRE(rs.disabled_rules().size() == 1);
  CHECK(rs.disabled_rules()[0].rule.origin == "cn.national.base");
  bool overridden = false;
  for (const auto& rule : rs.rules()) {
    if (rule.id == "national.amount.positive") overridden = rule.overrides == "cn.national.base";
  }
  CHECK(overridden);
}
