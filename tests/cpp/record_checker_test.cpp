// RecordChecker: the prepared one-record check must find exactly what check() finds on a
// table of that one row, for every row of the example lists (clean rows, planted violations,
// with and without the reference tables), and a checker must carry nothing from one record to
// the next.

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fundrules/fundrules.hpp"
#include "fundrules/record_checker.hpp"
#include "one_record.hpp"

using namespace fundrules;
using fundrules::testing_support::described;
using fundrules::testing_support::one_row;

namespace {

std::string source(const std::string& relative) {
  return std::string(FUNDRULES_SOURCE_DIR) + "/" + relative;
}

// The planted violations of a list that concern one row ("row,rule" lines of its
// -planted.csv), of the rules that look at one row at a time.
std::vector<std::string> planted_record_violations(const Ruleset& ruleset,
                                                   const std::string& list) {
  const std::string planted = list.substr(0, list.size() - 4) + "-planted.csv";
  std::ifstream in(source(planted));
  REQUIRE(in);
  std::vector<std::string> pairs;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const std::size_t comma = line.find(',');
    const std::string rows = line.substr(0, comma);
    const std::string rule = line.substr(comma + 1);
    if (rows.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const RuleInfo& info : ruleset.rules()) {
      if (info.id == rule && info.scope == Scope::Record) pairs.push_back(line);
    }
  }
  return pairs;
}

struct Example {
  std::string ruleset;
  std::string list;  // beside it, the list's planted violations in LIST-planted.csv
  std::vector<std::pair<std::string, std::string>> references;  // name, file
};

// Checks every row of `example` both ways; returns the "row,rule" pairs found.
std::set<std::string> compare_all_rows(const Example& example, bool with_references) {
  const Ruleset ruleset = Ruleset::load_file(source(example.ruleset));
  CheckOptions options;
  if (with_references) {
    for (const auto& [name, file] : example.references) {
      options.references.load_csv(ruleset, name, source(file));
    }
  }
  const CsvBatch input = read_csv(source(example.list), ruleset.schema());
  REQUIRE(input.table.num_rows() > 0);
  RecordChecker checker(ruleset, options);
  std::set<std::string> found;
  for (std::size_t row = 0; row < input.table.num_rows(); ++row) {
    const Table record = one_row(input.table, row);
    const Report expected = check(ruleset, record, options);
    const std::vector<Violation> actual = checker.check(record);
    INFO(example.list << " row " << record.row_number(0));
    REQUIRE(actual.size() == expected.violations().size());
    CHECK(described(actual) == described(expected.violations()));
    for (const Violation& v : actual) {
      found.insert(std::to_string(record.row_number(0)) + "," + v.rule_id);
    }
  }
  return found;
}

const std::vector<Example>& examples() {
  static const std::vector<Example> all = {
      {"rules/cn/hefei/2017-liangjie.yaml",
       "examples/data/hefei-2017-roster.csv",
       {{"registry", "examples/data/hefei-2017-registry.csv"},
        {"earlier", "examples/data/hefei-2017-earlier.csv"}}},
      {"rules/cn/chuxiong/2023-bangfu.yaml",
       "examples/data/chuxiong-2023-bangfu.csv",
       {{"registry", "examples/data/chuxiong-2023-bangfu-registry.csv"}}},
      {"rules/cn/chuxiong/2023-chunjie.yaml",
       "examples/data/chuxiong-2023-chunjie.csv",
       {{"registry", "examples/data/chuxiong-2023-chunjie-registry.csv"}}},
      {"rules/cn/dalian/2018-songnuan.yaml",
       "examples/data/dalian-2018-songnuan.csv",
       {{"registry", "examples/data/dalian-2018-songnuan-registry.csv"}}},
      {"rules/cn/panlong/2024-songnuan.yaml", "examples/data/panlong-2024-songnuan.csv", {}},
      {"rules/cn/weihai/2019-project.yaml",
       "examples/data/weihai-2019-project.csv",
       {{"registry", "examples/data/weihai-2019-project-registry.csv"}}},
  };
  return all;
}

}  // namespace

TEST_CASE("RecordChecker finds what check() finds on every row of the example lists") {
  for (const Example& example : examples()) {
    SECTION(example.list) {
      const Ruleset ruleset = Ruleset::load_file(source(example.ruleset));
      const std::set<std::string> found = compare_all_rows(example, true);
      // Each planted violation of a record rule shows on its row checked alone (so the lists
      // compared above were not empty ones).
      if (example.list.find("hefei") == std::string::npos) {
        const std::vector<std::string> planted = planted_record_violations(ruleset, example.list);
        CHECK_FALSE(planted.empty());
        for (const std::string& pair : planted) CHECK(found.count(pair) == 1);
      } else {
        CHECK_FALSE(found.empty());
      }
      // Without the optional references their rules are skipped, by both.
      bool optional_only = true;
      for (const ReferenceInfo& reference : ruleset.references()) {
        optional_only = optional_only && reference.optional;
      }
      if (optional_only) compare_all_rows(example, false);
    }
  }
}

TEST_CASE("record rules judge a record alone as they judge it within its list") {
  // A list runs the batch plan over many rows at once; one record walks each expression
  // instead. Record rules look at one row at a time, so both must give the same violations.
  for (const Example& example : examples()) {
    SECTION(example.list) {
      const Ruleset ruleset = Ruleset::load_file(source(example.ruleset));
      CheckOptions options;
      for (const auto& [name, file] : example.references) {
        options.references.load_csv(ruleset, name, source(file));
      }
      const CsvBatch input = read_csv(source(example.list), ruleset.schema());
      REQUIRE(input.table.num_rows() > 2);
      const Report report = check(ruleset, input.table, options);
      std::vector<Violation> whole;
      for (const Violation& v : report.violations()) {
        if (v.scope == Scope::Record) whole.push_back(v);
      }
      RecordChecker checker(ruleset, options);
      std::vector<Violation> alone;
      for (std::size_t row = 0; row < input.table.num_rows(); ++row) {
        for (const Violation& v : checker.check(one_row(input.table, row))) {
          if (v.scope == Scope::Record) alone.push_back(v);
        }
      }
      CHECK_FALSE(whole.empty());
      CHECK(described(alone) == described(whole));
    }
  }
}

TEST_CASE("RecordChecker carries nothing from one record to the next") {
  const Ruleset ruleset = Ruleset::load_file(source("rules/cn/hefei/2017-liangjie.yaml"));
  const CsvBatch input = read_csv(source("examples/data/hefei-2017-roster.csv"), ruleset.schema());
  RecordChecker checker(ruleset);
  // Rows of one household and a repeated ID: as one list they fail group rules that each row
  // alone passes, so the checker must start every record without the earlier ones' groups.
  std::vector<std::string> first_pass;
  for (std::size_t row = 0; row < input.table.num_rows(); ++row) {
    first_pass.push_back(described(checker.check(one_row(input.table, row))));
  }
  for (std::size_t row = input.table.num_rows(); row-- > 0;) {
    CHECK(described(checker.check(one_row(input.table, row))) == first_pass[row]);
  }
}

TEST_CASE("RecordChecker takes a table named by labels, a row shift and an empty table") {
  const Ruleset ruleset = Ruleset::load_file(source("rules/cn/hefei/2017-liangjie.yaml"));
  // A host's record: columns by Chinese label, in its own order, most fields left out.
  std::vector<Column> columns;
  columns.emplace_back("金额", ValueType::Decimal);
  columns.back().append(Value(Decimal::parse("-5")));
  columns.emplace_back("姓名", ValueType::String);
  columns.back().append(Value(std::string("张三")));
  const Table record(std::move(columns));
  CheckOptions options;
  options.first_row = 41;
  RecordChecker checker(ruleset, options);
  const std::vector<Violation> found = checker.check(record);
  CHECK(described(found) == described(check(ruleset, record, options).violations()));
  REQUIRE_FALSE(found.empty());
  CHECK(found.front().rows == std::vector<std::int64_t>{41});
  CHECK(described(checker.check(Table())) ==
        described(check(ruleset, Table(), options).violations()));
}

namespace {

// Group rules on the cases where checking one record alone could part from check(): a
// condition that fails, a key that is missing or kept as an int, parameters in a message (one
// with no value on the as-of date), an aggregate argument that fails after another aggregate
// has folded, a check that reads the key fields, the folds that keep more than a count or a
// sum (count_distinct), and a batch rule.
const char* const kEdgeRules = R"(fundrules: 1
id: test.alone
title: {zh: 单条记录, en: One record}
as_of: 2017-01-15
params:
  floor: {type: money, value: 600}
  late: {type: date, history: [{from: 2018-01-01, value: 2018-03-01}]}
fields:
  id_number: {type: string, label_zh: 身份证号}
  household_id: {type: string, label_zh: 户号}
  unit: {type: int, label_zh: 单位}
  amount: {type: money, label_zh: 金额}
  people: {type: int, label_zh: 人数}
rules:
  - id: dup
    scope: group
    group_by: upper(id_number)
    when: has(id_number)
    check: count() <= 1
    message: {zh: '{id_number}重复', en: '{id_number} twice'}
  - id: min
    scope: group
    group_by: household_id
    when: 100 / people > 10
    check: sum(amount) >= params.floor
    message:
      zh: '户{household_id}合计{sum_amount},不足{params.floor}元{params.late}'
      en: 'household {household_id}: {sum_amount} below {params.floor}{params.late}, {params.floor}'
  - id: keyed
    scope: group
    group_by: [household_id, unit]
    check: sum(amount) >= 600 || household_id == "H0"
    message: {zh: '{household_id}/{unit}不足', en: '{household_id}/{unit} short'}
  - id: share
    scope: group
    group_by: household_id
    check: count() >= 2 && sum(100 / people) <= 200
    message: {zh: 份额, en: share}
  - id: distinct
    scope: group
    group_by: household_id
    check: count_distinct(people) > 1
    message: {zh: 人数, en: people}
  - id: total
    scope: batch
    check: count() >= 2
    message: {zh: 合计, en: total}
)";

Table edge_rows(const Ruleset& ruleset) {
  std::vector<Column> columns;
  for (const FieldSpec& field : ruleset.schema().fields) {
    columns.emplace_back(field.name, field.type);
  }
  for (std::size_t i = 0; i < 48; ++i) {
    if (i % 7 == 3) {
      columns[0].append_null();
    } else {
      columns[0].append_string("11010119900307" + std::to_string(1000 + i) +
                               (i % 2 == 0 ? "x" : "X"));
    }
    if (i % 5 == 2) {
      columns[1].append_null();
    } else {
      columns[1].append_string("H" + std::to_string(i % 4));
    }
    if (i % 6 == 1) {
      columns[2].append_null();
    } else {
      columns[2].append_int(static_cast<std::int64_t>(i % 3));
    }
    const char* const amounts[] = {"300", "700.50", "0.5", "600.00"};
    if (i % 9 == 8) {
      columns[3].append_null();
    } else {
      columns[3].append_decimal(Decimal::parse(amounts[i % 4]));
    }
    if (i % 8 == 5) {
      columns[4].append_null();
    } else {
      columns[4].append_int(static_cast<std::int64_t>(i % 4));  // 0 now and then: 100 / 0
    }
  }
  Table table(std::move(columns));
  table.set_first_row_number(1);
  return table;
}

}  // namespace

TEST_CASE("RecordChecker checks group rules on one record as check() does, edge cases too") {
  const Ruleset ruleset = Ruleset::load_string(kEdgeRules, "alone.yaml");
  const Table table = edge_rows(ruleset);
  RecordChecker checker(ruleset);
  std::set<std::string> seen;  // rule, and whether the violation lists the row
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const Table record = one_row(table, row);
    const std::vector<Violation> actual = checker.check(record);
    INFO("row " << row + 1);
    CHECK(described(actual) == described(check(ruleset, record).violations()));
    for (const Violation& v : actual) {
      seen.insert(v.rule_id + (v.rows.empty() ? " no rows" : " its row") +
                  (v.scope == Scope::Record || v.message_en.rfind("this row", 0) == 0
                       ? " (row)"
                       : " (group)"));
    }
  }
  // Each way a rule can fail on one record happened at least once.
  for (const char* expected :
       {"min its row (group)", "min its row (row)", "keyed its row (group)", "keyed its row (row)",
        "share its row (group)", "share its row (row)", "share no rows (group)",
        "distinct its row (group)", "total no rows (group)"}) {
    INFO(expected);
    CHECK(seen.count(expected) == 1);
  }
}
