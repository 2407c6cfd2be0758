// The bundled 合肥 2017 两节送温暖 ruleset: every rule seen passing on a correct row and failing
// on a row that breaks it, and nothing else failing with it.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"
#include "ruleset/ruleset_impl.hpp"

using fundrules::Date;
using fundrules::Decimal;
using fundrules::Ruleset;
using fundrules::Value;

namespace {

const std::string kRulesetPath = FUNDRULES_SOURCE_DIR "/rules/cn/hefei/2017-liangjie.yaml";

const Ruleset& hefei() {
  static const Ruleset ruleset = Ruleset::load_file(kRulesetPath);
  return ruleset;
}

using Row = std::map<std::string, Value>;

Decimal money(const char* text) { return Decimal::parse_money(text); }

// Runs every record rule of the ruleset on row `row` of `table`, as of `as_of`, and returns the ids
// of the rules that failed (a check that cannot be evaluated counts as failed, as in a report).
std::set<std::string> failures_at(const fundrules::Table& table, std::size_t row, Date as_of) {
  const auto& impl = hefei().impl();
  std::vector<Value> params;
  for (const auto& param : impl.params) {
    const auto* version = param.version_on(as_of);
    params.push_back(version ? version->value : Value());
  }
  const std::vector<Value> variables{Value(as_of)};
  const fundrules::expr::Activation activation{&params, &variables};

  std::set<std::string> failed;
  for (const auto& rule : impl.rules) {
    if (rule.info.scope != fundrules::Scope::Record) continue;  // checked through the engine
    if (!rule.references_used.empty()) continue;  // likewise: they need the reference tables
    if (rule.when) {
      const auto applies = rule.when->evaluate(&table, row, activation);
      if (!applies.ok()) {
        failed.insert(rule.info.id);
        continue;
      }
      if (!applies.value.as_bool()) continue;
    }
    const auto result = rule.check->evaluate(&table, row, activation);
    if (!result.ok() || !result.value.as_bool()) failed.insert(rule.info.id);
  }
  return failed;
}

// A table laid out as the ruleset's schema, one row per entry.
fundrules::Table table_of(const std::vector<Row>& rows) {
  std::vector<fundrules::Column> columns;
  for (const auto& field : hefei().schema().fields) {
    fundrules::Column column(field.name, field.type);
    for (const Row& row : rows) {
      const auto it = row.find(field.name);
      if (it == row.end() || it->second.is_null()) {
        column.append_null();
      } else {
        column.append(it->second);
      }
    }
    columns.push_back(std::move(column));
  }
  return fundrules::Table(std::move(columns));
}

// The same for one row given as field values.
std::set<std::string> failures(const Row& row, Date as_of = Date::from_ymd(2017, 1, 15)) {
  const auto& schema = hefei().schema();
  for (const auto& [name, value] : row) {
    INFO(name);
    REQUIRE(schema.find(name) != nullptr);  // a typo in a test row must not pass silently
  }
  return failures_at(table_of({row}), 0, as_of);
}

using Failures = std::set<std::string>;

// Correct rows, one per kind of recipient.
Row registered() {
  return {{"name", "王建国"},
          {"id_number", "34012419620314287X"},
          {"category", "registered_hardship"},
          {"household_id", "H001"},
          {"amount", money("600.00")},
          {"payment_method", "bank_card"},
          {"bank_card", "6225881414207430"},
          {"phone", "18188076013"},
          {"hardship_reason", "因病致困"},
          {"paid_on", Date::from_ymd(2016, 12, 20)}};
}

Row unregistered_cash() {
  return {{"name", "张伟"},
          {"id_number", "340123197001052890"},
          {"category", "unregistered_hardship"},
          {"household_id", "H003"},
          {"amount", money("800")},
          {"payment_method", "signed_cash"},
          {"phone", "18001408824"},
          {"hardship_reason", "企业改制待岗"},
          {"signer", "张伟"},
          {"paid_on", Date::from_ymd(2017, 1, 5)}};
}

Row model_worker() {
  return {{"name", "陈志文"},
          {"id_number", "340121195804175091"},
          {"category", "hardship_model_worker"},
          {"household_id", "H005"},
          {"amount", money("1,000.00")},
          {"payment_method", "bank_card"},
          {"bank_card", "6217991396485638313"},
          {"phone", "13603797135"},
          {"paid_on", Date::from_ymd(2017, 1, 9)},
          {"monthly_income", money("3,200.00")},
          {"model_worker_level", "municipal"}};
}

Row frontline_cash() {
  return {{"name", "黄磊"},
          {"id_number", "340104198506125819"},
          {"category", "frontline"},
          {"household_id", "H007"},
          {"amount", money("500.00")},
          {"payment_method", "signed_cash"},
          {"phone", "13695144649"},
          {"signer", "黄磊"},
          {"paid_on", Date::from_ymd(2017, 1, 26)}};
}

// The planted violations of the example roster, as examples/data/hefei-2017-roster.md lists them.
const std::map<std::int64_t, std::set<std::string>> kPlanted = {
    {11, {"frontline.cap"}},
    {12, {"payment.bank_card_required"}},
    {13, {"model_worker.level"}},
    {14, {"model_worker.income"}},
    {15, {"model_worker.income_missing"}},
    {16, {"eligible.category"}},
    {17, {"payment.bank_card_missing"}},
    {18, {"payment.bank_card_invalid"}},
    {19, {"sheet.id_number"}},
    {20, {"sheet.phone"}},
    {21, {"sheet.hardship_reason"}},
    {22, {"sheet.signer_missing"}},
    {23, {"sheet.signer_is_recipient"}},
    {24, {"window.paid_on_missing"}},
    {25, {"window.paid_on"}},
    {26, {"id_number.valid"}},
    {27, {"phone.valid"}},
    {28, {"amount.positive"}},
    {29, {"window.paid_on"}},
    {36, {"frontline.cap", "sheet.signer_is_recipient"}},
};

Row with(Row row, const std::string& field, Value value) {
  row[field] = std::move(value);
  return row;
}

}  // namespace

TEST_CASE("the 合肥 ruleset loads, with its clauses and parameters") {
  const Ruleset& rs = hefei();
  CHECK(rs.id() == "cn.hefei.2017-liangjie");
  CHECK(rs.impl().default_as_of == Date::from_ymd(2017, 1, 15));
  CHECK(rs.rules().size() == 24);
  for (const auto& rule : rs.rules()) {
    INFO(rule.id);
    CHECK_FALSE(rule.clause.empty());
    CHECK_FALSE(rule.message_zh.empty());
    CHECK_FALSE(rule.message_en.empty());
    CHECK(rule.message_zh != rule.message_en);
  }
  const auto param = [&](const std::string& name) {
    for (const auto& p : rs.params()) {
      if (p.name == name) return p.history.at(0).value;
    }
    FAIL("no parameter " << name);
    return Value();
  };
  CHECK(param("campaign_start").as_date() == Date::from_ymd(2016, 12, 15));
  CHECK(param("sheet_deadline").as_date() == Date::from_ymd(2017, 2, 5));
  CHECK(param("frontline_cap").as_decimal() == Decimal(500));
  CHECK(param("hardship_household_min").as_decimal() == Decimal(600));
  CHECK(param("model_worker_household_min").as_decimal() == Decimal(900));
  CHECK(param("city_avg_monthly_wage").as_decimal() == Decimal(5000));
  CHECK(rs.warnings().empty());
}

TEST_CASE("correct rows of every kind pass every rule") {
  CHECK(failures(registered()).empty());
  CHECK(failures(unregistered_cash()).empty());
  CHECK(failures(model_worker()).empty());
  CHECK(failures(frontline_cash()).empty());
  CHECK(failures(with(unregistered_cash(), "category", "frontline")).size() == 1);  // 800 > 500
  CHECK(failures(
            with(with(registered(), "category", "unregistered_hardship"), "amount", money("25万")))
            .empty());
}

TEST_CASE("二(一): only the five groups may be paid") {
  for (const char* category : {"migrant_worker", "student", "retired_model_worker"}) {
    INFO(category);
    CHECK(failures(with(registered(), "category", category)) == Failures{"eligible.category"});
  }
  CHECK(failures(with(frontline_cash(), "category", "frontline")).empty());
}

TEST_CASE("二(一)4: model workers of 市级 and above, with income below the city average") {
  for (const char* level : {"national", "provincial", "municipal"}) {
    CHECK(failures(with(model_worker(), "model_worker_level", level)).empty());
  }
  CHECK(failures(with(model_worker(), "model_worker_level", "county")) ==
        Failures{"model_worker.level"});
  CHECK(failures(with(model_worker(), "model_worker_level", Value())) ==
        Failures{"model_worker.level"});
  CHECK(failures(with(model_worker(), "monthly_income", Value())) ==
        Failures{"model_worker.income_missing"});
  CHECK(failures(with(model_worker(), "monthly_income", money("4,999.99"))).empty());
  CHECK(failures(with(model_worker(), "monthly_income", money("5,000.00"))) ==
        Failures{"model_worker.income"});
  // Income and level matter for model workers only.
  CHECK(failures(with(registered(), "monthly_income", money("9,000"))).empty());
}

TEST_CASE("二(二): amounts above zero; frontline workers at most 500 each") {
  CHECK(failures(with(frontline_cash(), "amount", money("500.00"))).empty());
  CHECK(failures(with(frontline_cash(), "amount", money("500.01"))) == Failures{"frontline.cap"});
  CHECK(failures(with(registered(), "amount", money("800"))).empty());
  CHECK(failures(with(frontline_cash(), "amount", money("0"))) == Failures{"amount.positive"});
  CHECK(failures(with(registered(), "amount", money("-600"))) == Failures{"amount.positive"});
}

TEST_CASE("四(五): registered hardship workers and model workers by bank card") {
  const Row cash = with(with(registered(), "payment_method", "signed_cash"), "signer", "王建国");
  CHECK(failures(with(cash, "bank_card", Value())) == Failures{"payment.bank_card_required"});
  CHECK(failures(with(with(model_worker(), "payment_method", "signed_cash"), "signer", "陈志文")) ==
        Failures{"payment.bank_card_required"});
  // Hardship workers not on file and frontline workers may be paid either way.
  CHECK(failures(with(with(unregistered_cash(), "payment_method", "bank_card"), "bank_card",
                      "6225881414207430"))
            .empty());
  CHECK(failures(with(registered(), "bank_card", Value())) ==
        Failures{"payment.bank_card_missing"});
  CHECK(failures(with(registered(), "bank_card", "6225881414207431")) ==
        Failures{"payment.bank_card_invalid"});
  CHECK(failures(with(registered(), "bank_card", "62258814142")) ==
        Failures{"payment.bank_card_invalid"});
}

TEST_CASE("四(五): what a signature sheet must carry, signed by the recipient") {
  CHECK(failures(with(frontline_cash(), "id_number", Value())) == Failures{"sheet.id_number"});
  CHECK(failures(with(unregistered_cash(), "id_number", Value())) == Failures{"sheet.id_number"});
  CHECK(failures(with(frontline_cash(), "phone", Value())) == Failures{"sheet.phone"});
  CHECK(failures(with(unregistered_cash(), "phone", Value())) == Failures{"sheet.phone"});
  CHECK(failures(with(unregistered_cash(), "hardship_reason", Value())) ==
        Failures{"sheet.hardship_reason"});
  // Frontline sheets need no hardship reason, and bank-card rows need no sheet at all.
  CHECK(failures(with(frontline_cash(), "hardship_reason", Value())).empty());
  CHECK(failures(with(registered(), "hardship_reason", Value())).empty());
  CHECK(failures(with(registered(), "phone", Value())).empty());
  CHECK(failures(with(registered(), "id_number", Value())).empty());

  CHECK(failures(with(frontline_cash(), "signer", Value())) == Failures{"sheet.signer_missing"});
  CHECK(failures(with(frontline_cash(), "signer", "黄军")) ==
        Failures{"sheet.signer_is_recipient"});
  CHECK(failures(with(unregistered_cash(), "signer", "张伟之妻")) ==
        Failures{"sheet.signer_is_recipient"});
}

TEST_CASE("一: paid within the campaign, by the signature-sheet deadline") {
  CHECK(failures(with(registered(), "paid_on", Date::from_ymd(2016, 12, 15))).empty());
  CHECK(failures(with(registered(), "paid_on", Date::from_ymd(2017, 2, 5))).empty());
  CHECK(failures(with(registered(), "paid_on", Date::from_ymd(2016, 12, 14))) ==
        Failures{"window.paid_on"});
  CHECK(failures(with(registered(), "paid_on", Date::from_ymd(2017, 2, 6))) ==
        Failures{"window.paid_on"});
  CHECK(failures(with(registered(), "paid_on", Value())) == Failures{"window.paid_on_missing"});
  const auto& rules = hefei().rules();
  const auto missing = std::find_if(rules.begin(), rules.end(),
                                    [](const auto& r) { return r.id == "window.paid_on_missing"; });
  REQUIRE(missing != rules.end());
  CHECK(missing->severity == fundrules::Severity::Warning);
}

TEST_CASE("四(二): ID numbers must be valid; phones should be mobile numbers") {
  CHECK(failures(with(registered(), "id_number", "11010519491231002X")).empty());
  CHECK(failures(with(registered(), "id_number", "340124196203142871")) ==
        Failures{"id_number.valid"});
  CHECK(failures(with(registered(), "id_number", "3401241962031428")) ==
        Failures{"id_number.valid"});
  // Born after the day the list is checked: not a real ID number yet.
  const Row born_2020 = with(registered(), "id_number", "110105202001010015");
  CHECK(failures(born_2020, Date::from_ymd(2017, 1, 15)).count("id_number.valid") == 1);
  CHECK(failures(born_2020, Date::from_ymd(2021, 1, 15)).count("id_number.valid") == 0);
  CHECK(failures(with(registered(), "phone", "0551-63357890")) == Failures{"phone.valid"});
  CHECK(failures(with(registered(), "phone", "12345678901")) == Failures{"phone.valid"});
}

TEST_CASE("the example roster: each planted violation is found, and only those") {
  const auto batch = fundrules::read_csv(
      FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv", hefei().schema());
  INFO((batch.problems.empty() ? "" : batch.problems.front().message));
  REQUIRE(batch.problems.empty());
  REQUIRE(batch.table.num_rows() == 42);

  std::set<std::string> broken;
  for (std::size_t row = 0; row < batch.table.num_rows(); ++row) {
    const std::int64_t number = batch.table.row_number(row);
    INFO("row " << number);
    const auto it = kPlanted.find(number);
    const Failures found = failures_at(batch.table, row, *hefei().impl().default_as_of);
    CHECK(found == (it == kPlanted.end() ? Failures{} : it->second));
    broken.insert(found.begin(), found.end());
  }
  // Every record rule of the ruleset is broken somewhere in the example.
  for (const auto& rule : hefei().rules()) {
    INFO(rule.id);
    const bool row_by_row = rule.scope == fundrules::Scope::Record && rule.references.empty();
    CHECK(broken.count(rule.id) == (row_by_row ? 1U : 0U));
  }
}

TEST_CASE("the example roster checked by the engine: counts, messages and evidence") {
  const fundrules::Report report =
      fundrules::check_csv(hefei(), FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv");
  const auto& summary = report.summary();
  CHECK(summary.rows == 42);
  CHECK(summary.unreadable == 0);
  CHECK(summary.errors == 22);
  CHECK(summary.warnings == 2);
  CHECK(summary.with_violations == 24);
  CHECK(summary.clean == 18);
  // Without the register and the earlier lists, the rules reading them are not run, and the
  // report says so.
  std::vector<std::string> skipped;
  for (const auto& rule : summary.skipped_rules) skipped.push_back(rule.rule_id);
  CHECK(skipped == std::vector<std::string>{"registry.on_file", "registry.filed_before_paid",
                                            "earlier.not_paid_twice"});
  CHECK(summary.ruleset_id == "cn.hefei.2017-liangjie");
  CHECK(summary.ruleset_sha256 == hefei().sha256());
  CHECK(summary.as_of == Date::from_ymd(2017, 1, 15));
  CHECK_FALSE(report.ok());

  std::set<std::pair<std::int64_t, std::string>> found;
  for (const auto& v : report.violations()) {
    REQUIRE(v.rows.size() == (v.rule_id == "duplicate.id_number" ? 2U : 1U));
    found.emplace(v.rows.front(), v.rule_id);
  }
  std::set<std::pair<std::int64_t, std::string>> planted;
  for (const auto& [row, rules] : kPlanted) {
    for (const auto& rule : rules) planted.emplace(row, rule);
  }
  planted.emplace(37, "hardship.household_min");
  planted.emplace(38, "model_worker.household_min");
  planted.emplace(1, "duplicate.id_number");  // row 39 pays 王建国 of row 1 again
  CHECK(found == planted);
  const auto duplicate =
      std::find_if(report.violations().begin(), report.violations().end(),
                   [](const auto& v) { return v.rule_id == "duplicate.id_number"; });
  REQUIRE(duplicate != report.violations().end());
  CHECK(duplicate->rows == std::vector<std::int64_t>{1, 39});

  const auto household = std::find_if(report.violations().begin(), report.violations().end(),
                                      [](const auto& v) { return v.rows.front() == 37; });
  REQUIRE(household != report.violations().end());
  CHECK(household->scope == fundrules::Scope::Group);
  CHECK(household->group_key == "H035");
  CHECK(household->message_zh == "困难职工慰问标准每户不低于600元,户H035合计400.00元");

  const auto cap = std::find_if(report.violations().begin(), report.violations().end(),
                                [](const auto& v) { return v.rows.front() == 11; });
  REQUIRE(cap != report.violations().end());
  CHECK(cap->rule_id == "frontline.cap");
  CHECK(cap->clause == "二(二)");
  CHECK(cap->line == 12);
  CHECK(cap->message_zh == "一线职工每人慰问金在500元以内,本行为800.00元");
  CHECK(cap->message_en == "A frontline worker may receive at most 500; this row pays 800.00");
  REQUIRE(cap->params.size() == 1);
  CHECK(cap->params[0].name == "frontline_cap");
  CHECK(cap->params[0].value == "500");
}

TEST_CASE("generated rosters: the engine finds exactly the violations the generator planted") {
  const std::string csv = FUNDRULES_BINARY_DIR "/hefei_generated.csv";
  const std::string manifest = FUNDRULES_BINARY_DIR "/hefei_generated_planted.csv";
  const std::string command = "python3 \"" FUNDRULES_SOURCE_DIR
                              "/examples/generate_roster.py\" --rows 3000 --seed 11 "
                              "--violation-rate 0.1 --out \"" +
                              csv + "\" --manifest \"" + manifest + "\" 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);

  std::set<std::pair<std::int64_t, std::string>> planted;
  {
    std::ifstream in(manifest);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const auto comma = line.find(',');
      REQUIRE(comma != std::string::npos);
      std::string rule = line.substr(comma + 1);
      if (!rule.empty() && rule.back() == '\r') rule.pop_back();
      planted.emplace(std::stoll(line.substr(0, comma)), rule);
    }
  }
  CHECK(planted.size() > 200);

  const fundrules::Report report = fundrules::check_csv(hefei(), csv);
  CHECK(report.summary().rows == 3000);
  CHECK(report.summary().unreadable == 0);
  std::set<std::pair<std::int64_t, std::string>> found;
  for (const auto& v : report.violations()) {
    for (const std::int64_t row : v.rows) found.emplace(row, v.rule_id);
  }
  CHECK(found == planted);
  // Every kind of planted violation turns up in a list this long.
  std::set<std::string> kinds;
  for (const auto& p : planted) kinds.insert(p.second);
  // The generator plants no duplicates and knows no register or earlier list.
  const auto generated_kinds = std::count_if(
      hefei().rules().begin(), hefei().rules().end(), [](const fundrules::RuleInfo& rule) {
        return rule.references.empty() && rule.id != "duplicate.id_number";
      });
  CHECK(kinds.size() == static_cast<std::size_t>(generated_kinds));
}

TEST_CASE("one payment per person per campaign: duplicate ID numbers in one list") {
  const fundrules::Table table = table_of({
      registered(),                                               // row 1
      with(frontline_cash(), "id_number", "34012419620314287x"),  // row 2: row 1's, lower-case x
      frontline_cash(),                                           // row 3
      with(model_worker(), "id_number", fundrules::Value()),      // row 4: no ID, no group
  });
  const fundrules::Report report = fundrules::check(hefei(), table);
  std::vector<std::vector<std::int64_t>> duplicates;
  for (const auto& v : report.violations()) {
    if (v.rule_id == "duplicate.id_number") duplicates.push_back(v.rows);
  }
  // The rule groups ID numbers upper-cased: a check character written x is the X of row 1, as
  // id_number.valid and the register lookups also take it.
  CHECK(duplicates == std::vector<std::vector<std::int64_t>>{{1, 2}});
  const fundrules::Report twice =
      fundrules::check(hefei(), table_of({registered(), frontline_cash(), registered()}));
  std::vector<std::vector<std::int64_t>> found;
  for (const auto& v : twice.violations()) {
    if (v.rule_id == "duplicate.id_number") found.push_back(v.rows);
  }
  CHECK(found == std::vector<std::vector<std::int64_t>>{{1, 3}});
}

TEST_CASE("二(二): per household, hardship workers at least 600 and model workers at least 900") {
  const auto in_household = [](Row row, const char* household, const char* amount) {
    row["household_id"] = household;
    row["amount"] = money(amount);
    return row;
  };
  const fundrules::Table table = table_of({
      in_household(registered(), "H1", "300"),  // row 1
      in_household(with(registered(), "category", "unregistered_hardship"), "H1", "200"),
      in_household(registered(), "H2", "300"),  // row 3
      in_household(registered(), "H2", "300.00"),
      in_household(registered(), "H3", "400"),  // row 5
      in_household(with(registered(), "category", "frontline"), "H3", "500"),
      in_household(model_worker(), "H4", "600"),  // row 7
      in_household(model_worker(), "H4", "300"),
      in_household(model_worker(), "H5", "850"),  // row 9
      in_household(frontline_cash(), "H6", "200"),
  });
  const fundrules::Report report = fundrules::check(hefei(), table);
  std::map<std::string, std::vector<std::int64_t>> households;
  for (const auto& v : report.violations()) {
    INFO(v.rule_id << " " << v.message_zh);
    if (v.rule_id == "duplicate.id_number") continue;  // the rows share one test person
    CHECK(v.scope == fundrules::Scope::Group);
    households[v.rule_id + " " + v.group_key] = v.rows;
  }
  // H3's frontline row does not count toward the hardship minimum, and is not blamed.
  const std::map<std::string, std::vector<std::int64_t>> expected = {
      {"hardship.household_min H1", {1, 2}},
      {"hardship.household_min H3", {5}},
      {"model_worker.household_min H5", {9}},
  };
  CHECK(households == expected);
}

TEST_CASE("依档帮扶, 先建档、后帮扶 and no second payment: the register and earlier lists") {
  fundrules::CheckOptions options;
  options.references.load_csv(hefei(), "registry",
                              FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-registry.csv");
  options.references.load_csv(hefei(), "earlier",
                              FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-earlier.csv");
  const fundrules::Report report = fundrules::check_csv(
      hefei(), FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv", options);
  CHECK(report.summary().skipped_rules.empty());
  std::set<std::pair<std::int64_t, std::string>> found;
  for (const auto& v : report.violations()) {
    if (v.rule_id.rfind("registry.", 0) == 0 || v.rule_id.rfind("earlier.", 0) == 0) {
      found.emplace(v.rows.front(), v.rule_id);
    }
  }
  // Row 26's ID number was mistyped: id_number.valid says so and the register is not asked.
  // Row 40 is not on file; row 41 was filed four days after being paid; row 42 was paid in
  // the first batch.
  const std::set<std::pair<std::int64_t, std::string>> planted = {
      {40, "registry.on_file"}, {41, "registry.filed_before_paid"}, {42, "earlier.not_paid_twice"}};
  CHECK(found == planted);
  const auto late =
      std::find_if(report.violations().begin(), report.violations().end(),
                   [](const auto& v) { return v.rule_id == "registry.filed_before_paid"; });
  REQUIRE(late != report.violations().end());
  const auto filed = std::find_if(late->values.begin(), late->values.end(), [](const auto& read) {
    return read.name == "refs.registry[id_number].filed_on";
  });
  REQUIRE(filed != late->values.end());
  CHECK(filed->value == "2017-01-16");

  // Each rule seen passing: a registered worker on file and filed in time, not paid before.
  CHECK(std::none_of(report.violations().begin(), report.violations().end(),
                     [](const auto& v) { return v.rows.front() == 2 || v.rows.front() == 30; }));
}
