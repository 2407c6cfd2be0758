// Engine tests: small rulesets loaded from text and tables built in memory, checked through
// check() and Session. Each test asserts what a user reads in the report.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/sha256.hpp"
#include "fundrules/engine.hpp"

using namespace fundrules;

namespace {

const char* const kRules = R"yaml(fundrules: 1
id: test.engine
title: {zh: 引擎测试, en: Engine test}
as_of: 2017-01-15
basis:
  - id: plan
    title: 测试方案
    clauses:
      "二(二)": 一线职工每人在500元以内
fields:
  name: {type: string, required: true, label_zh: 姓名, personal: name}
  id_number: {type: string, label_zh: 身份证号, personal: id_number}
  category:
    type: enum
    required: true
    label_zh: 对象类别
    values:
      frontline: {zh: 一线职工, en: Frontline worker}
      other: {zh: 其他, en: Other}
  amount: {type: money, label_zh: 金额}
  people: {type: int, label_zh: 人数}
  paid_on: {type: date, label_zh: 发放日期}
params:
  frontline_cap:
    type: money
    history:
      - {value: 500}
      - {value: 800, from: 2018-01-01}
rules:
  - id: frontline.cap
    when: category == "frontline"
    check: amount <= params.frontline_cap
    severity: error
    clause: "二(二)"
    message:
      zh: "{category}每人不超过{params.frontline_cap}元,本行为{amount}元"
      en: "a {category} gets at most {params.frontline_cap}; this row pays {amount}"
  - id: per_person
    when: has(people)
    check: amount / people <= params.frontline_cap
    severity: error
    message: {zh: 人均超过上限, en: too much per person}
  - id: paid.not_future
    when: has(paid_on)
    check: paid_on <= today
    severity: warning
    message: {zh: "发放日期{paid_on}晚于{today}", en: "paid on {paid_on}, after {today}"}
  - id: id.valid
    when: has(id_number)
    check: is_cn_id(id_number)
    severity: error
    message: {zh: "身份证号{id_number}无效", en: "ID number {id_number} is not valid"}
)yaml";

const Ruleset& rules() {
  static const Ruleset loaded = Ruleset::load_string(kRules, "engine_test.yaml");
  return loaded;
}

using Row = std::map<std::string, Value>;

// A table in the ruleset's layout; fields a row leaves out are null.
Table make_table(const Schema& schema, const std::vector<Row>& rows) {
  std::vector<Column> columns;
  for (const FieldSpec& field : schema.fields) {
    Column column(field.name, field.type);
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
  return Table(std::move(columns));
}

Value money(const char* text) { return Value(Decimal::parse(text)); }

Row frontline(const char* amount) {
  return {{"name", "张三"}, {"category", "frontline"}, {"amount", money(amount)}};
}

const Violation* find_rule(const Report& report, const std::string& id) {
  for (const Violation& v : report.violations()) {
    if (v.rule_id == id) return &v;
  }
  return nullptr;
}

const ValueRead* find_value(const Violation& v, const std::string& name) {
  for (const ValueRead& read : v.values) {
    if (read.name == name) return &read;
  }
  return nullptr;
}

void check_accounting(const Report& report) {
  const Summary& s = report.summary();
  CHECK(s.rows == s.clean + s.with_violations + s.unreadable);
}

}  // namespace

TEST_CASE("a row that meets every rule is clean", "[engine]") {
  const Report report = check(rules(), make_table(rules().schema(), {frontline("500")}));
  CHECK(report.ok());
  CHECK(report.violations().empty());
  CHECK(report.summary().rows == 1);
  CHECK(report.summary().clean == 1);
  CHECK(report.summary().ruleset_id == "test.engine");
  REQUIRE(report.summary().as_of);
  CHECK(*report.summary().as_of == Date::from_ymd(2017, 1, 15));
}

TEST_CASE("a failed check is a violation that explains itself", "[engine]") {
  const Report report = check(rules(), make_table(rules().schema(), {frontline("600.00")}));
  CHECK_FALSE(report.ok());
  REQUIRE(report.violations().size() == 1);
  const Violation& v = report.violations().front();
  CHECK(v.rule_id == "frontline.cap");
  CHECK(v.severity == Severity::Error);
  CHECK(v.rows == std::vector<std::int64_t>{1});
  CHECK(v.clause == "二(二)");
  CHECK(v.clause_text == "一线职工每人在500元以内");
  CHECK(v.detail.empty());
  // Placeholders filled: the enum by its label in each language, money as written.
  CHECK(v.message_zh == "一线职工每人不超过500元,本行为600.00元");
  CHECK(v.message_en == "a Frontline worker gets at most 500; this row pays 600.00");
  REQUIRE(find_value(v, "amount") != nullptr);
  CHECK(find_value(v, "amount")->value == "600.00");
  CHECK(find_value(v, "category")->value == "frontline");
  REQUIRE(v.params.size() == 1);
  CHECK(v.params[0].name == "frontline_cap");
  CHECK(v.params[0].value == "500");
  CHECK_FALSE(v.params[0].effective_from);
  CHECK(v.params[0].origin == "test.engine");
  CHECK(report.summary().with_violations == 1);
  CHECK(report.summary().errors == 1);
  CHECK(report.summary().violations_by_rule.at("frontline.cap") == 1);
}

TEST_CASE("a rule whose condition is false does not apply", "[engine]") {
  Row other = frontline("5000");
  other["category"] = "other";
  const Report report = check(rules(), make_table(rules().schema(), {other}));
  CHECK(report.ok());
  CHECK(report.summary().clean == 1);
}

TEST_CASE("a check that reads a missing field fails and names the field", "[engine]") {
  Row row = frontline("1");
  row.erase("amount");
  const Report report = check(rules(), make_table(rules().schema(), {row}));
  const Violation* v = find_rule(report, "frontline.cap");
  REQUIRE(v != nullptr);
  CHECK(v->detail == "金额 (amount) is missing");
  REQUIRE(find_value(*v, "amount") != nullptr);
  CHECK(find_value(*v, "amount")->missing);
  CHECK_FALSE(report.ok());
}

TEST_CASE("an error in a check is a violation saying why", "[engine]") {
  Row row = frontline("100");
  row["people"] = Value(std::int64_t{0});
  const Report report = check(rules(), make_table(rules().schema(), {row}));
  const Violation* v = find_rule(report, "per_person");
  REQUIRE(v != nullptr);
  CHECK_FALSE(v->detail.empty());
  CHECK(v->detail.find("zero") != std::string::npos);
  CHECK(report.summary().with_violations == 1);
}

TEST_CASE("an error in a condition is a violation too", "[engine]") {
  const char* yaml = R"yaml(fundrules: 1
id: test.when
title: When errors
fields:
  amount: {type: money, label_zh: 金额}
rules:
  - id: big.reviewed
    when: amount > 1000
    check: false
    severity: error
    message: {zh: 大额需复核, en: large amounts need review}
)yaml";
  const Ruleset ruleset = Ruleset::load_string(yaml, "when.yaml");
  const Report report =
      check(ruleset, make_table(ruleset.schema(), {Row{{"amount", money("5")}}, Row{}}));
  REQUIRE(report.violations().size() == 1);
  const Violation& v = report.violations().front();
  CHECK(v.rows == std::vector<std::int64_t>{2});
  CHECK(v.detail == "when: 金额 (amount) is missing");
}

TEST_CASE("a required field with no value is reported", "[engine]") {
  Row row = frontline("100");
  row.erase("name");
  const Report report = check(rules(), make_table(rules().schema(), {row, frontline("1")}));
  REQUIRE(report.violations().size() == 1);
  const Violation& v = report.violations().front();
  CHECK(v.rule_id == "field.required");
  CHECK(v.rows == std::vector<std::int64_t>{1});
  CHECK(v.detail == "姓名 (name) is missing");
  CHECK(v.message_en == "required field name is empty");
  CHECK(report.summary().with_violations == 1);
  CHECK(report.summary().clean == 1);
  CHECK_FALSE(report.ok());
}

TEST_CASE("parameters take the value in force on the as-of date", "[engine][params]") {
  const Table table = make_table(rules().schema(), {frontline("600")});
  CheckOptions in_2017;
  in_2017.as_of = Date::from_ymd(2017, 12, 31);
  CHECK_FALSE(check(rules(), table, in_2017).ok());

  CheckOptions in_2018;
  in_2018.as_of = Date::from_ymd(2018, 1, 1);
  const Report report = check(rules(), table, in_2018);
  CHECK(report.ok());
  CHECK(*report.summary().as_of == Date::from_ymd(2018, 1, 1));

  const Report higher = check(rules(), make_table(rules().schema(), {frontline("900")}), in_2018);
  const Violation* v = find_rule(higher, "frontline.cap");
  REQUIRE(v != nullptr);
  REQUIRE(v->params.size() == 1);
  CHECK(v->params[0].value == "800");
  REQUIRE(v->params[0].effective_from);
  CHECK(*v->params[0].effective_from == Date::from_ymd(2018, 1, 1));
  CHECK(v->message_zh == "一线职工每人不超过800元,本行为900元");
}

TEST_CASE("today is the as-of date", "[engine][params]") {
  Row row = frontline("100");
  row["paid_on"] = Date::from_ymd(2017, 2, 1);
  const Table table = make_table(rules().schema(), {row});
  const Report early = check(rules(), table);  // the ruleset's as_of, 2017-01-15
  const Violation* v = find_rule(early, "paid.not_future");
  REQUIRE(v != nullptr);
  CHECK(v->severity == Severity::Warning);
  CHECK(v->message_en == "paid on 2017-02-01, after 2017-01-15");
  // A warning alone does not fail the list.
  CHECK(early.ok());
  CHECK(early.summary().warnings == 1);
  CHECK(early.summary().with_violations == 1);

  CheckOptions later;
  later.as_of = Date::from_ymd(2017, 2, 1);
  CHECK(check(rules(), table, later).violations().empty());
}

TEST_CASE("unreadable rows are counted and reported in row order", "[engine][accounting]") {
  // Rows 1, 2, 4 and 5 were read; row 3 was not.
  Table table = make_table(rules().schema(),
                           {frontline("100"), frontline("900"), frontline("100"), frontline("1")});
  table.set_origins({1, 2, 4, 5}, {2, 3, 6, 7});
  RowProblem problem;
  problem.row = 3;
  problem.line = 4;
  problem.column = 4;
  problem.field = "amount";
  problem.message = "\"12,34\" is not an amount of money";

  Session session(rules());
  session.add_problems({problem});
  session.add(table);
  const Report report = session.finish();
  const Summary& s = report.summary();
  CHECK(s.rows == 5);
  CHECK(s.unreadable == 1);
  CHECK(s.with_violations == 1);
  CHECK(s.clean == 3);
  check_accounting(report);
  CHECK_FALSE(report.ok());

  REQUIRE(report.violations().size() == 2);
  CHECK(report.violations()[0].rule_id == "frontline.cap");
  CHECK(report.violations()[0].line == 3);
  const Violation& unreadable = report.violations()[1];
  CHECK(unreadable.rule_id == "input.unreadable");
  CHECK(unreadable.rows == std::vector<std::int64_t>{3});
  CHECK(unreadable.line == 4);
  CHECK(unreadable.column == 4);
  CHECK(unreadable.detail == problem.message);
  CHECK(unreadable.message_zh == "此行无法读取：“金额”一栏有误");
}

TEST_CASE("violations are ordered by row, then by rule order", "[engine]") {
  Row bad = frontline("900");
  bad["id_number"] = "110105194912310021";  // wrong check character
  bad.erase("name");
  const Report report = check(rules(), make_table(rules().schema(), {frontline("1"), bad}));
  std::vector<std::string> ids;
  for (const Violation& v : report.violations()) ids.push_back(v.rule_id);
  CHECK(ids == std::vector<std::string>{"field.required", "frontline.cap", "id.valid"});
  const Violation* id = find_rule(report, "id.valid");
  REQUIRE(id != nullptr);
  CHECK(find_value(*id, "id_number")->personal == PersonalData::IdNumber);
  // The message carries the number; the writers mask it unless asked.
  CHECK(id->message_zh == "身份证号110105194912310021无效");
  CHECK(report.to_text().find("110105194912310021") == std::string::npos);
  ReportOptions show;
  show.show_personal_data = true;
  CHECK(report.to_text(show).find("身份证号110105194912310021无效") != std::string::npos);
}

TEST_CASE("a host's table is matched to the fields by name or label", "[engine]") {
  // Columns out of order, one named by its Chinese label, an int amount, fields left out.
  Column amount("金额", ValueType::Int);
  amount.append_int(700);
  Column category("category", ValueType::String);
  category.append_string("frontline");
  Column name("name", ValueType::String);
  name.append_string("李四");
  const Table table({amount, category, name});
  const Report report = check(rules(), table);
  const Violation* v = find_rule(report, "frontline.cap");
  REQUIRE(v != nullptr);
  CHECK(find_value(*v, "amount")->value == "700");
  CHECK(report.violations().size() == 1);

  Column wrong("paid_on", ValueType::String);
  wrong.append_string("2017-01-01");
  CHECK_THROWS_AS(check(rules(), Table({wrong})), ValueError);
}

namespace {

// A list with a bit of everything, numbered from 1.
std::vector<Row> mixed_rows(std::size_t count) {
  std::vector<Row> rows;
  for (std::size_t i = 0; i < count; ++i) {
    Row row = frontline(i % 3 == 0 ? "650" : "450");
    if (i % 4 == 1) row["category"] = "other";
    if (i % 5 == 2) row.erase("name");
    if (i % 7 == 3) row.erase("amount");
    if (i % 6 == 5) row["id_number"] = i % 12 == 5 ? "11010519491231002X" : "123";
    if (i % 9 == 4) row["people"] = Value(std::int64_t(i % 2));
    if (i % 8 == 6) row["paid_on"] = Date::from_ymd(2017, 3, 1);
    rows.push_back(std::move(row));
  }
  return rows;
}

Report check_in_batches(const std::vector<Row>& rows, std::size_t batch, unsigned threads) {
  CheckOptions options;
  options.threads = threads;
  Session session(rules(), options);
  for (std::size_t begin = 0; begin < rows.size(); begin += batch) {
    const std::size_t end = std::min(rows.size(), begin + batch);
    Table part = make_table(rules().schema(),
                            std::vector<Row>(rows.begin() + static_cast<std::ptrdiff_t>(begin),
                                             rows.begin() + static_cast<std::ptrdiff_t>(end)));
    part.set_first_row_number(static_cast<std::int64_t>(begin) + 1);
    session.add(part);
  }
  return session.finish();
}

}  // namespace

TEST_CASE("the report does not depend on the batch size", "[engine][batches]") {
  const std::vector<Row> rows = mixed_rows(40);
  const Table whole = make_table(rules().schema(), rows);
  const Report reference = check(rules(), whole);
  REQUIRE(reference.violations().size() > 10);
  check_accounting(reference);
  const std::string expected = reference.to_json();
  for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, rows.size()}) {
    INFO("batch size " << batch);
    CHECK(check_in_batches(rows, batch, 1).to_json() == expected);
  }
}

TEST_CASE("the report does not depend on the thread count", "[engine][threads]") {
  const std::vector<Row> rows = mixed_rows(10000);
  const Table whole = make_table(rules().schema(), rows);
  const std::string expected = check(rules(), whole).to_json();
  for (const unsigned threads : {2u, 3u, 8u}) {
    INFO(threads << " threads");
    CheckOptions options;
    options.threads = threads;
    CHECK(check(rules(), whole, options).to_json() == expected);
  }
  CHECK(check_in_batches(rows, 3001, 4).to_json() == expected);
}

TEST_CASE("a finished session cannot be used again", "[engine]") {
  Session session(rules());
  session.add(make_table(rules().schema(), {frontline("1")}));
  (void)session.finish();
  CHECK_THROWS_AS(session.add(make_table(rules().schema(), {frontline("1")})), Error);
  CHECK_THROWS_AS(session.finish(), Error);
}

TEST_CASE("check_csv streams a file and accounts for every row", "[engine][csv]") {
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/engine_test_roster.csv";
  const std::string content =
      "姓名,对象类别,金额,身份证号\n"
      "张三,一线职工,500,11010519491231002X\n"
      "李四,一线职工,\"1,200.00\",\n"
      "王五,一线职工,12.3.4,\n"
      ",其他,100,\n"
      "赵六,一线职工,300元,123\n";
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << content;
  }
  const Report whole = check_csv(rules(), path);
  const Summary& s = whole.summary();
  CHECK(s.rows == 5);
  CHECK(s.unreadable == 1);
  CHECK(s.with_violations == 3);  // row 2 over the cap, row 4 without a name, row 5 a bad ID
  CHECK(s.clean == 1);
  CHECK(s.input_name == path);
  CHECK(s.input_sha256 == sha256_hex(content));
  std::vector<std::string> ids;
  for (const Violation& v : whole.violations()) ids.push_back(v.rule_id);
  CHECK(ids == std::vector<std::string>{"frontline.cap", "input.unreadable", "field.required",
                                        "id.valid"});
  CHECK(whole.violations()[1].line == 4);
  CHECK(whole.violations()[1].column == 3);

  CsvOptions one_row;
  one_row.batch_rows = 1;
  CheckOptions threads;
  threads.threads = 3;
  CHECK(check_csv(rules(), path, threads, one_row).to_json() == whole.to_json());
}

namespace {

const char* const kGroupRules = R"yaml(fundrules: 1
id: test.groups
title: {zh: 分组测试, en: Group test}
as_of: 2017-01-15
fields:
  name: {type: string, label_zh: 姓名, personal: name}
  id_number: {type: string, label_zh: 身份证号, personal: id_number}
  household_id: {type: string, label_zh: 户号}
  category:
    type: enum
    label_zh: 对象类别
    values:
      hardship: {zh: 困难职工, en: Hardship worker}
      frontline: {zh: 一线职工, en: Frontline worker}
  amount: {type: money, label_zh: 金额}
params:
  household_min: {type: money, value: 600}
  budget: {type: money, value: 2000}
rules:
  - id: household.min
    scope: group
    group_by: household_id
    when: category == "hardship"
    check: sum(amount) >= params.household_min
    severity: error
    message:
      zh: "户{household_id}合计{sum_amount}元,低于{params.household_min}元"
      en: "household {household_id} received {sum_amount}, below {params.household_min}"
  - id: once.per.person
    scope: group
    group_by: id_number
    check: count() == 1
    severity: error
    message:
      zh: "身份证号{id_number}出现{count}次"
      en: "ID number {id_number} appears {count} times"
  - id: budget
    scope: batch
    check: sum(amount) <= params.budget
    severity: warning
    message:
      zh: "合计{sum_amount}元,超过预算{params.budget}元"
      en: "{sum_amount} in all, above the budget of {params.budget}"
)yaml";

const Ruleset& group_rules() {
  static const Ruleset loaded = Ruleset::load_string(kGroupRules, "groups.yaml");
  return loaded;
}

Row payment(const char* household, const char* category, const char* amount, const char* id) {
  return {{"name", "王五"},
          {"household_id", household},
          {"category", category},
          {"amount", money(amount)},
          {"id_number", id}};
}

std::vector<Row> household_rows() {
  return {
      payment("H1", "hardship", "300", "11010519491231002X"),   // 1: H1 totals 500
      payment("H1", "hardship", "200", "440524188001010014"),   // 2: also paid again, row 5
      payment("H2", "hardship", "600", "110101199003070011"),   // 3
      payment("H1", "frontline", "900", "110101199003070038"),  // 4: not a hardship row
      payment("H3", "hardship", "700", "440524188001010014"),   // 5: the same ID as row 2
  };
}

}  // namespace

TEST_CASE("a group rule checks each group once, over the rows that take part", "[engine][group]") {
  const Report report = check(group_rules(), make_table(group_rules().schema(), household_rows()));
  std::vector<std::string> ids;
  for (const Violation& v : report.violations()) ids.push_back(v.rule_id);
  // Ordered by first row: the H1 household (row 1), the repeated ID (row 2), then the budget,
  // which concerns no row in particular.
  REQUIRE(ids == std::vector<std::string>{"household.min", "once.per.person", "budget"});

  const Violation& household = report.violations()[0];
  CHECK(household.scope == Scope::Group);
  CHECK(household.rows == std::vector<std::int64_t>{1, 2});  // row 4 is a frontline row
  CHECK(household.group_key == "H1");
  CHECK(household.line == 0);  // an in-memory table has no lines
  CHECK(household.message_zh == "户H1合计500元,低于600元");
  CHECK(find_value(household, "sum(amount)") != nullptr);
  CHECK(find_value(household, "sum(amount)")->value == "500");
  REQUIRE(household.params.size() == 1);
  CHECK(household.params[0].name == "household_min");

  const Violation& twice = report.violations()[1];
  CHECK(twice.rows == std::vector<std::int64_t>{2, 5});
  CHECK(twice.message_en == "ID number 440524188001010014 appears 2 times");
  // The key is an ID number: masked in every output unless asked.
  const std::string text = report.to_text();
  CHECK(text.find("440524188001010014") == std::string::npos);
  ReportOptions show;
  show.show_personal_data = true;
  CHECK(report.to_text(show).find("440524188001010014") != std::string::npos);

  const Violation& budget = report.violations()[2];
  CHECK(budget.scope == Scope::Batch);
  CHECK(budget.rows.empty());
  CHECK(budget.severity == Severity::Warning);
  CHECK(budget.message_en == "2700 in all, above the budget of 2000");

  const Summary& s = report.summary();
  CHECK(s.rows == 5);
  CHECK(s.with_violations == 3);  // rows 1, 2 and 5; the budget marks no row
  CHECK(s.clean == 2);
  check_accounting(report);
}

TEST_CASE("a group's messages and evidence show each aggregate's value, or none",
          "[engine][group]") {
  const Ruleset rules = Ruleset::load_string(R"yaml(fundrules: 1
id: test.lowest
title: 最低
fields:
  household_id: {type: string}
  amount: {type: money}
rules:
  - id: lowest
    scope: group
    group_by: household_id
    check: min(amount) >= 100 && count() >= 2
    message:
      zh: "户{household_id}最低{min_amount}元,共{count}行"
      en: "household {household_id}: lowest {min_amount} of {count}, lowest {min_amount}"
)yaml",
                                             "lowest.yaml");
  const std::vector<Row> rows = {{{"household_id", Value("H1")}, {"amount", Value()}},
                                 {{"household_id", Value("H2")}, {"amount", money("50.50")}},
                                 {{"household_id", Value("H2")}, {"amount", money("700")}}};
  const Report report = check(rules, make_table(rules.schema(), rows));
  REQUIRE(report.violations().size() == 2);
  const Violation& none = report.violations()[0];
  CHECK(none.message_zh == "户H1最低（无）元,共1行");
  CHECK(none.message_en == "household H1: lowest (none) of 1, lowest (none)");
  REQUIRE(find_value(none, "min(amount)") != nullptr);
  CHECK(find_value(none, "min(amount)")->missing);
  CHECK(find_value(none, "min(amount)")->value == "null");
  const Violation& low = report.violations()[1];
  CHECK(low.message_zh == "户H2最低50.50元,共2行");
  CHECK(low.message_en == "household H2: lowest 50.50 of 2, lowest 50.50");
  REQUIRE(find_value(low, "min(amount)") != nullptr);
  CHECK_FALSE(find_value(low, "min(amount)")->missing);
  CHECK(find_value(low, "min(amount)")->value == "50.50");
  REQUIRE(find_value(low, "count()") != nullptr);
  CHECK(find_value(low, "count()")->value == "2");
}

TEST_CASE("a row without its group key is reported, not grouped", "[engine][group]") {
  std::vector<Row> rows = household_rows();
  rows[2].erase("household_id");
  const Report report = check(group_rules(), make_table(group_rules().schema(), rows));
  const Violation* v = find_rule(report, "household.min");
  REQUIRE(v != nullptr);
  REQUIRE(v->rows == std::vector<std::int64_t>{1, 2});
  bool found = false;
  for (const Violation& each : report.violations()) {
    if (each.rule_id == "household.min" && each.rows == std::vector<std::int64_t>{3}) {
      CHECK(each.detail == "户号 (household_id) is missing, so the row belongs to no group");
      found = true;
    }
  }
  CHECK(found);
}

TEST_CASE("a batch rule checks the whole list even when it is empty", "[engine][group]") {
  const char* yaml = R"yaml(fundrules: 1
id: test.nonempty
title: Non-empty
fields:
  amount: {type: money}
rules:
  - id: list.not_empty
    scope: batch
    check: count() >= 1
    severity: error
    message: {zh: 名单为空, en: the list is empty}
)yaml";
  const Ruleset ruleset = Ruleset::load_string(yaml, "nonempty.yaml");
  const Report empty = check(ruleset, make_table(ruleset.schema(), {}));
  REQUIRE(empty.violations().size() == 1);
  CHECK(empty.violations()[0].rule_id == "list.not_empty");
  CHECK_FALSE(empty.ok());
  CHECK(check(ruleset, make_table(ruleset.schema(), {Row{{"amount", money("1")}}})).ok());
}

TEST_CASE("group results do not depend on batch size or threads", "[engine][group][batches]") {
  std::vector<Row> rows;
  const char* const ids[] = {"11010519491231002X", "440524188001010014", "110101199003070011"};
  for (int i = 0; i < 6000; ++i) {
    const std::string household = "H" + std::to_string(i % 997);
    Row row = payment(household.c_str(), i % 5 == 0 ? "frontline" : "hardship",
                      i % 3 == 0 ? "100" : "250", ids[i % 3]);
    if (i % 11 == 0) row.erase("amount");
    if (i % 500 == 7) row.erase("household_id");
    rows.push_back(std::move(row));
  }
  const Table whole = make_table(group_rules().schema(), rows);
  const std::string expected = check(group_rules(), whole).to_json();
  for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{2500}}) {
    INFO("batch size " << batch);
    CheckOptions options;
    Session session(group_rules(), options);
    for (std::size_t begin = 0; begin < rows.size(); begin += batch) {
      const std::size_t end = std::min(rows.size(), begin + batch);
      Table part = make_table(group_rules().schema(),
                              std::vector<Row>(rows.begin() + static_cast<std::ptrdiff_t>(begin),
                                               rows.begin() + static_cast<std::ptrdiff_t>(end)));
      part.set_first_row_number(static_cast<std::int64_t>(begin) + 1);
      session.add(part);
    }
    CHECK(session.finish().to_json() == expected);
  }
  CheckOptions threads;
  threads.threads = 3;
  CHECK(check(group_rules(), whole, threads).to_json() == expected);
}
