// RecordChecker on record rules where a reused checker could part from a fresh check(): the
// checker decides most rows itself (condition false, or condition and check true) and leaves
// the rest to the rule's runner, so each way a row can end is tried here, in one checker over
// many records, against check() on the same record: conditions and checks that pass, fail,
// raise an error or give no bool, conditions that several rules share (judged once a record),
// empty cells, long text, personal data and parameters in the messages.

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "fundrules/fundrules.hpp"
#include "fundrules/record_checker.hpp"
#include "one_record.hpp"

using namespace fundrules;
using fundrules::testing_support::described;
using fundrules::testing_support::one_row;

namespace {

const char* const kRecordRules = R"(fundrules: 1
id: test.record
title: {zh: 单条规则, en: Record rules}
as_of: 2017-01-15
params:
  cap: {type: money, value: 800}
  late: {type: date, history: [{from: 2018-01-01, value: 2018-03-01}]}
fields:
  name: {type: string, label_zh: 姓名}
  id_number: {type: string, label_zh: 身份证号, personal: id_number}
  amount: {type: money, label_zh: 金额}
  people: {type: int, label_zh: 人数}
  category: {type: string, label_zh: 类别}
rules:
  - id: capped
    check: amount <= params.cap
    message: {zh: '{name}金额{amount}超过{params.cap}', en: '{name}: {amount} over {params.cap}'}
  - id: per_head
    when: 100 / people > 10
    check: amount / people >= 50
    message: {zh: '{name}人均不足', en: '{name} too little per head'}
  - id: short_name
    when: has(name)
    check: size(name) <= 20
    message: {zh: '{name}姓名过长', en: 'name too long: {name}'}
  - id: known_category
    check: category in ["在职", "退休", "劳模"]
    message: {zh: '{category}不在名单', en: 'unknown category {category}'}
  - id: id_shown
    when: category == "劳模"
    check: id_number.startsWith("34")
    message: {zh: '{id_number}非本省', en: '{id_number} from elsewhere'}
  - id: per_head_cap
    when: 100 / people > 10
    check: amount <= 600
    message: {zh: '{name}超过600', en: '{name} over 600'}
  - id: id_present
    when: category == "劳模"
    check: has(id_number)
    message: {zh: '{name}无身份证号', en: '{name} has no ID number'}
  - id: no_param
    when: has(amount)
    check: today < params.late
    message: {zh: 截止, en: 'after {params.late}'}
)";

Table records(const Ruleset& ruleset) {
  std::vector<Column> columns;
  for (const FieldSpec& field : ruleset.schema().fields) {
    columns.emplace_back(field.name, field.type);
  }
  const std::string long_name(300, 'x');
  const char* const names[] = {"张三", "李四王五赵六", nullptr, "x"};
  const char* const categories[] = {"在职", "劳模", "退休", "外来", nullptr};
  const char* const amounts[] = {"300", "900.50", "0", "800.00", "-5"};
  for (std::size_t i = 0; i < 60; ++i) {
    if (i % 11 == 7) {
      columns[0].append_string(long_name + std::to_string(i));
    } else if (names[i % 4] == nullptr) {
      columns[0].append_null();
    } else {
      columns[0].append_string(names[i % 4]);
    }
    if (i % 7 == 3) {
      columns[1].append_null();
    } else {
      columns[1].append_string((i % 2 == 0 ? "3401" : "1101") + std::string("0119900307") +
                               std::to_string(1000 + i));
    }
    if (i % 9 == 8) {
      columns[2].append_null();
    } else {
      columns[2].append_decimal(Decimal::parse(amounts[i % 5]));
    }
    if (i % 8 == 5) {
      columns[3].append_null();
    } else {
      columns[3].append_int(static_cast<std::int64_t>(i % 4));  // 0 now and then: 100 / 0
    }
    if (categories[i % 5] == nullptr) {
      columns[4].append_null();
    } else {
      columns[4].append_string(categories[i % 5]);
    }
  }
  Table table(std::move(columns));
  table.set_first_row_number(1);
  return table;
}

}  // namespace

TEST_CASE("a reused RecordChecker judges record rules as a fresh check() does") {
  const Ruleset ruleset = Ruleset::load_string(kRecordRules, "record.yaml");
  const Table table = records(ruleset);
  for (const char* as_of : {"2017-01-15", "2018-06-01"}) {
    CheckOptions options;
    options.as_of = Date::parse(as_of);
    RecordChecker checker(ruleset, options);
    std::set<std::string> seen;
    // Twice over, the second time backwards: nothing of one record may stay for the next.
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < table.num_rows(); ++i) {
        const std::size_t row = pass == 0 ? i : table.num_rows() - 1 - i;
        const Table record = one_row(table, row);
        const std::vector<Violation> actual = checker.check(record);
        INFO("as of " << as_of << ", row " << row + 1);
        CHECK(described(actual) == described(check(ruleset, record, options).violations()));
        for (const Violation& v : actual) {
          const char* how = v.detail.empty()                  ? ""
                            : v.detail.rfind("when:", 0) == 0 ? " (when)"
                                                              : " (error)";
          seen.insert(v.rule_id + how);
        }
      }
    }
    // Each way a rule can end on a record happened: a plain failure, an error in the condition
    // (100 / 0) or in the check (an empty cell), a long name, a parameter with no value yet.
    INFO("as of " << as_of);
    const bool early = std::string(as_of) < "2018";
    for (const char* expected :
         {"capped", "capped (error)", "per_head", "per_head (when)", "per_head (error)",
          "short_name", "known_category", "known_category (error)", "id_shown", "id_shown (when)",
          "id_shown (error)", "per_head_cap", "per_head_cap (when)", "id_present",
          early ? "no_param (error)" : "no_param"}) {
      INFO(expected);
      CHECK(seen.count(expected) == 1);
    }
  }
}
