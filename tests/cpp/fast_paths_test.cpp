// The shortcuts taken for speed and memory give the answers the long way gives: a ruleset
// parsed once loads as one screened first, a ruleset's prepared runners serve every check and
// thread, and the compact group states fold every kind of key and aggregate as before.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "ruleset/yaml_support.hpp"

using namespace fundrules;

namespace {

bool parsed_once(const std::string& text, std::size_t max_depth = 64) {
  const detail::SourceText source("test.yaml", text);
  return detail::load_if_clean(source, max_depth).has_value();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::string kHefei = std::string(FUNDRULES_SOURCE_DIR) + "/rules/cn/hefei/2017-liangjie.yaml";

}  // namespace

TEST_CASE("a ruleset with nothing for the screen to find is parsed once", "[fast][yaml]") {
  CHECK(parsed_once(read_file(kHefei)));
  // Operators inside scalars are text, not YAML properties.
  CHECK(parsed_once("check: has(a) && !b\nnote: 'x & *y'\nlist: [a, b&c]\n"));
  const detail::SourceText source("t.yaml", "check: has(a) && !b\n");
  CHECK(detail::load_if_clean(source, 64)->operator[]("check").Scalar() == "has(a) && !b");

  // Whatever the screen could report goes the long way, so it is reported as before.
  CHECK_FALSE(parsed_once("a: &x 1\nb: 2\n"));
  CHECK_FALSE(parsed_once("a: [*x]\n"));
  CHECK_FALSE(parsed_once("a: !!str 1\n"));
  CHECK_FALSE(parsed_once("a:\n  - !custom 1\n"));
  CHECK_FALSE(parsed_once("a: 1\n---\nb: 2\n"));
  CHECK_FALSE(parsed_once("%YAML 1.2\n---\na: 1\n"));
  CHECK_FALSE(parsed_once(""));
  CHECK_FALSE(parsed_once("# only a comment\n"));
  CHECK_FALSE(parsed_once("a: [1, 2\n"));
  CHECK_FALSE(parsed_once("a: {b: [1]}\n", 2));
  CHECK(parsed_once("a: {b: [1]}\n", 3));
  // A quoted text that looks like an anchor is screened, and the ruleset still loads.
  const std::string ruleset =
      "fundrules: 1\nid: t.quoted\ntitle: {zh: 测试, en: Test}\n"
      "description: \"see: &x\"\nfields:\n  amount: {type: money}\n"
      "rules:\n  - id: positive\n    check: amount > 0\n    message: {zh: 正, en: positive}\n";
  CHECK_FALSE(parsed_once(ruleset));
  CHECK(Ruleset::load_string(ruleset, "quoted.yaml").rules().size() == 1);
  CHECK_THROWS_AS(Ruleset::load_string(ruleset + "x: &a 1\n", "anchor.yaml"), RulesetError);
}

namespace {

// Group keys of every kind (int, date, a text holding the key separator) and aggregates of
// every kind, so that each way the compact group state stores them is taken.
const char* const kKinds = R"yaml(fundrules: 1
id: test.kinds
title: {zh: 分组类型, en: Group kinds}
as_of: 2017-01-15
fields:
  unit: {type: int, label_zh: 单位}
  paid_on: {type: date, label_zh: 发放日期}
  code: {type: string, label_zh: 编号}
  people: {type: int, label_zh: 人数}
  amount: {type: money, label_zh: 金额}
rules:
  - id: by.unit.and.day
    scope: group
    group_by: [unit, paid_on]
    check: sum(people) <= 5 && min(amount) >= 100 && max(amount) <= 900 && avg(amount) < 500
    severity: error
    message:
      zh: "单位{unit}于{paid_on}:{sum_people}人,最少{min_amount}元"
      en: "unit {unit} on {paid_on}: {sum_people} people, at least {min_amount}"
  - id: by.code
    scope: group
    group_by: code
    check: count_distinct(amount) == 1 && count(amount > 0) >= 1
    severity: warning
    message: {zh: "编号{code}金额不一", en: "code {code}: amounts differ"}
  - id: people.total
    scope: batch
    check: sum(people) < 1000
    severity: error
    message: {zh: "人数合计{sum_people}", en: "{sum_people} people in all"}
)yaml";

const Ruleset& kinds() {
  static const Ruleset loaded = Ruleset::load_string(kKinds, "kinds.yaml");
  return loaded;
}

Table kinds_table(std::size_t begin, std::size_t end, std::int64_t people_each = 1) {
  const Schema& schema = kinds().schema();
  std::vector<Column> columns;
  for (const FieldSpec& field : schema.fields) columns.emplace_back(field.name, field.type);
  for (std::size_t i = begin; i < end; ++i) {
    columns[0].append_int(static_cast<std::int64_t>(i % 3));
    columns[1].append_date(Date::from_days(17000 + static_cast<std::int32_t>(i % 2)));
    columns[2].append_string(i % 4 == 0 ? std::string("A\x1f"
                                                      "1")
                                        : "B" + std::to_string(i % 5));
    if (i % 13 == 5) {
      columns[3].append_null();
    } else {
      columns[3].append_int(people_each);
    }
    columns[4].append_decimal(Decimal::parse(i % 7 == 0 ? "50.5" : "300"));
  }
  Table table(std::move(columns));
  table.set_first_row_number(static_cast<std::int64_t>(begin) + 1);
  return table;
}

const Violation* find(const Report& report, const std::string& rule, const std::string& key) {
  for (const Violation& v : report.violations()) {
    if (v.rule_id == rule && v.group_key == key) return &v;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("compact group states fold every kind of key and aggregate", "[fast][group]") {
  const std::size_t rows = 300;
  const Report whole = check(kinds(), kinds_table(0, rows));
  // Six groups of unit and day, each of fifty rows: too many people, some of 50.5 yuan.
  const Violation* day =
      find(whole, "by.unit.and.day", "0 / " + Date::from_days(17000).to_string());
  REQUIRE(day != nullptr);
  CHECK(day->rows.size() == 50);
  CHECK(day->rows.front() == 1);
  CHECK(day->message_en.find(" people, at least 50.5") != std::string::npos);
  // The code holding the separator is one group of its own, shown as written.
  const Violation* odd = find(whole, "by.code",
                              "A\x1f"
                              "1");
  REQUIRE(odd != nullptr);
  CHECK(odd->rows.size() == 75);
  const Violation* total = find(whole, "people.total", "");
  CHECK(total == nullptr);  // 277 people in all

  // The same report however the rows come: in batches of any size, on several threads.
  for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{128}}) {
    INFO("batch size " << batch);
    Session session(kinds());
    for (std::size_t begin = 0; begin < rows; begin += batch) {
      session.add(kinds_table(begin, std::min(rows, begin + batch)));
    }
    CHECK(session.finish().to_json() == whole.to_json());
  }
  CheckOptions threads;
  threads.threads = 2;
  Session two(kinds(), threads);
  two.add(kinds_table(0, 5000));
  CHECK(two.finish().to_json() == check(kinds(), kinds_table(0, 5000)).to_json());
}

TEST_CASE("an int sum past 64 bits is reported, not wrapped", "[fast][group]") {
  const Report report = check(kinds(), kinds_table(0, 2, 5000000000000000000));
  const Violation* total = find(report, "people.total", "");
  REQUIRE(total != nullptr);
  CHECK(total->detail == "sum(people): sum() past the 64-bit range");
}

TEST_CASE("one ruleset's prepared runners serve checks on many threads at once", "[fast][plan]") {
  // Loaded afresh, so that the threads race to prepare it.
  const Ruleset ruleset = Ruleset::load_string(kKinds, "kinds.yaml");
  const std::string expected = check(kinds(), kinds_table(0, 200)).to_json();
  std::vector<std::string> reports(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < reports.size(); ++t) {
    threads.emplace_back([&, t] { reports[t] = check(ruleset, kinds_table(0, 200)).to_json(); });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& report : reports) CHECK(report == expected);
}
