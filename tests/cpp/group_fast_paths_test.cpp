// Group rules read plain fields and upper(field) keys straight from the columns, and fold
// aggregates from borrowed values; these tests hold those shortcuts to what the evaluator
// gives the long way (an expression the shortcuts do not recognise), on the cases where they
// could part: missing keys and values, errors, text holding the key separator, int and
// decimal numbers, one row, empty batches, batches out of order and many threads.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/group_table.hpp"
#include "expr/expr.hpp"
#include "fundrules/engine.hpp"

using namespace fundrules;

namespace {

// The same rules twice: once as rulesets write them, once as expressions of equal value that
// only the general path evaluates (upper(upper(x)), amount * 1, count(true)).
std::string ruleset(bool general) {
  const auto pick = [general](const char* fast, const char* slow) {
    return std::string(general ? slow : fast);
  };
  return "fundrules: 1\nid: test.fast\ntitle: {zh: 快速路径, en: Fast paths}\n"
         "as_of: 2017-01-15\nfields:\n"
         "  id_number: {type: string, label_zh: 身份证号}\n"
         "  household_id: {type: string, label_zh: 户号}\n"
         "  unit: {type: int, label_zh: 单位}\n"
         "  amount: {type: money, label_zh: 金额}\n"
         "  people: {type: int, label_zh: 人数}\n"
         "rules:\n"
         "  - id: dup\n    scope: group\n    group_by: " +
         pick("upper(id_number)", "upper(upper(id_number))") +
         "\n    check: count() <= 1\n    message: {zh: '{id_number}重复', en: '{id_number} "
         "twice'}\n"
         "  - id: household\n    scope: group\n    group_by: [household_id, unit]\n"
         "    check: " +
         pick("sum(amount) >= 600 && count() >= 2", "sum(amount * 1) >= 600 && count(true) >= 2") +
         "\n    message: {zh: '{household_id}/{unit}不足', en: '{household_id}/{unit} short'}\n"
         "  - id: people\n    scope: group\n    group_by: " +
         pick("household_id", "upper(upper(household_id))") + "\n    check: " +
         pick("sum(people) <= 3 && count_distinct(people) <= 2",
              "sum(people * 1) <= 3 && count_distinct(people * 1) <= 2") +
         "\n    message: {zh: '{household_id}人多', en: '{household_id}: many'}\n"
         "  - id: share\n    scope: group\n    group_by: household_id\n"
         "    check: sum(100 / people) <= 200 && max(amount) < 600 && avg(amount, people > 1) < "
         "500\n"
         "    message: {zh: 份额, en: share}\n"
         "  - id: total\n    scope: batch\n    check: " +
         pick("sum(amount) < 1000000 && sum(people) >= 0",
              "sum(amount * 1) < 1000000 && sum(people * 1) >= 0") +
         "\n    message: {zh: 合计, en: total}\n";
}

const Ruleset& fast() {
  static const Ruleset loaded = Ruleset::load_string(ruleset(false), "fast.yaml");
  return loaded;
}

const Ruleset& general() {
  static const Ruleset loaded = Ruleset::load_string(ruleset(true), "general.yaml");
  return loaded;
}

// Rows [begin, end): ID numbers written with x and X, some missing, one holding the key
// separator; households of several rows; amounts of several scales; people missing or 0.
Table rows(std::size_t begin, std::size_t end) {
  std::vector<Column> columns;
  for (const FieldSpec& field : fast().schema().fields)
    columns.emplace_back(field.name, field.type);
  for (std::size_t i = begin; i < end; ++i) {
    if (i % 11 == 3) {
      columns[0].append_null();
    } else if (i % 17 == 4) {
      columns[0].append_string("id\x1f" + std::to_string(i % 2));
    } else if (i % 19 == 6) {
      // Letters of both cases, the bytes around a to z, and UTF-8, which upper() leaves alone.
      const char* const odd[] = {"abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                 "`{@[ab\xc3\xa9\xc3\x89zZ\xe1\xfa\xff",
                                 "h\xc3\xa9"
                                 "f2017-000001x"};
      columns[0].append_string(odd[(i / 19) % 4]);
    } else {
      const std::string stem = "11010119900307" + std::to_string(1000 + i % 97);
      columns[0].append_string(stem + (i % 2 == 0 ? "x" : "X"));
    }
    if (i % 29 == 7) {
      columns[1].append_null();
    } else {
      columns[1].append_string("H" + std::to_string(i / 3));
    }
    columns[2].append_int(static_cast<std::int64_t>(i % 2));
    const char* const amounts[] = {"300", "299.50", "0.5", "600.00", "250"};
    columns[3].append_decimal(Decimal::parse(amounts[i % 5]));
    if (i % 13 == 5) {
      columns[4].append_null();
    } else {
      columns[4].append_int(static_cast<std::int64_t>(i % 4));  // 0 now and then: 100 / 0
    }
  }
  Table table(std::move(columns));
  table.set_first_row_number(static_cast<std::int64_t>(begin) + 1);
  return table;
}

// What the reports say, without the rule texts (which differ between the two rulesets).
std::string essence(const Report& report) {
  std::string out;
  for (const Violation& v : report.violations()) {
    out += v.rule_id + " rows";
    for (const std::int64_t row : v.rows) out += " " + std::to_string(row);
    out += " line " + std::to_string(v.line) + " key [" + v.group_key + "] " + v.message_en +
           " | " + v.message_zh + " |";
    for (const ValueRead& read : v.values) out += " " + read.value;
    // A row's error names the aggregate as written; keep only why it failed.
    out += " | " + v.detail.substr(std::min(v.detail.find(": "), v.detail.size())) + "\n";
  }
  for (const RuleStat& stat : report.summary().rule_stats) {
    out += stat.rule_id + " checked " + std::to_string(stat.checked) + " failed " +
           std::to_string(stat.failed) + "\n";
  }
  return out;
}

Report in_batches(const Ruleset& rules, std::size_t count, std::size_t batch,
                  std::size_t threads = 1) {
  CheckOptions options;
  options.threads = threads;
  Session session(rules, options);
  for (std::size_t begin = 0; begin < count; begin += batch) {
    session.add(rows(begin, begin));  // an empty batch changes nothing
    session.add(rows(begin, std::min(count, begin + batch)));
  }
  return session.finish();
}

}  // namespace

TEST_CASE("group rules give the same report on the fast and the general path", "[fast][group]") {
  const Report one_pass = check(fast(), rows(0, 600));
  CHECK(essence(one_pass) == essence(check(general(), rows(0, 600))));
  // The cases the shortcuts have to get right are all there.
  const auto detail_of = [&](const std::string& rule, const std::string& start) {
    return std::count_if(one_pass.violations().begin(), one_pass.violations().end(),
                         [&](const Violation& v) {
                           return v.rule_id == rule && v.detail.find(start) != std::string::npos;
                         });
  };
  CHECK(detail_of("dup", "身份证号 (id_number) is missing") > 0);
  CHECK(detail_of("share", "division by zero") > 0);
  const auto dup = std::find_if(one_pass.violations().begin(), one_pass.violations().end(),
                                [](const Violation& v) {
                                  return v.group_key ==
                                         "ID\x1f"
                                         "0";
                                });
  REQUIRE(dup != one_pass.violations().end());  // upper() of a key holding the separator
  CHECK(dup->rows.size() > 1);
  const auto twice =
      std::find_if(one_pass.violations().begin(), one_pass.violations().end(),
                   [](const Violation& v) { return v.group_key == "110101199003071000X"; });
  REQUIRE(twice != one_pass.violations().end());  // x and X are one ID
  CHECK(twice->message_en == "110101199003071000X twice");

  for (const Ruleset* rules : {&fast(), &general()}) {
    INFO((rules == &fast() ? "fast" : "general"));
    const std::string whole = essence(check(*rules, rows(0, 600)));
    CHECK(essence(in_batches(*rules, 600, 1)) == whole);
    CHECK(essence(in_batches(*rules, 600, 7)) == whole);
    CHECK(essence(in_batches(*rules, 600, 600, 4)) == whole);
    CHECK(essence(check(*rules, rows(0, 1))) == essence(check(general(), rows(0, 1))));
  }
}

TEST_CASE("many threads fold groups as one does", "[fast][group]") {
  const std::size_t count = 20000;
  const std::string one = check(fast(), rows(0, count)).to_json();
  for (const std::size_t threads : {std::size_t{2}, std::size_t{3}, std::size_t{8}}) {
    INFO(threads << " threads");
    CHECK(in_batches(fast(), count, 9000, threads).to_json() == one);
  }
  CHECK(essence(in_batches(general(), count, 9000, 8)) == essence(check(fast(), rows(0, count))));
}

TEST_CASE("a group keeps its earliest row when batches come out of order", "[fast][group]") {
  Session session(fast());
  session.add(rows(300, 600));
  session.add(rows(0, 300));
  const Report late_first = session.finish();
  CHECK(essence(late_first) == essence(check(fast(), rows(0, 600))));
}

TEST_CASE("count_distinct folds values by value, whatever their number", "[fast][aggregate]") {
  using expr::AggregateKind;
  using expr::AggregateState;
  AggregateState whole(AggregateKind::CountDistinct);
  AggregateState first(AggregateKind::CountDistinct);
  AggregateState second(AggregateKind::CountDistinct);
  const std::string long_text(300, 'k');  // past the one-byte length of a stored key
  std::vector<Value> values;
  for (int i = 0; i < 5000; ++i) values.emplace_back("H" + std::to_string(i % 3000));
  values.emplace_back(long_text);
  values.emplace_back(long_text + "!");
  values.emplace_back(Value(7));
  values.emplace_back(Decimal::parse("7.000"));  // equal to 7
  values.emplace_back(Decimal::parse("-7"));
  values.emplace_back("7");  // text, not a number
  values.emplace_back(Date::from_days(17000));
  values.emplace_back(Date::from_days(17000));
  values.emplace_back(true);
  values.emplace_back(Value());  // skipped
  for (std::size_t i = 0; i < values.size(); ++i) {
    whole.add(values[i]);
    (i % 2 == 0 ? first : second).add(values[i]);
  }
  const Value expected(static_cast<std::int64_t>(3000 + 2 + 2 + 1 + 1 + 1));
  CHECK(whole.result().value == expected);
  const AggregateState before_merge = first;  // a copy owns its values
  first.merge(second);
  CHECK(first.result().value == expected);
  CHECK(before_merge.result().value.as_int() < expected.as_int());
  AggregateState empty(AggregateKind::CountDistinct);
  CHECK(empty.result().value == Value(0));
  empty.merge(whole);
  CHECK(empty.result().value == expected);
}

TEST_CASE("a group table keeps every group's key, start and rows", "[fast][group]") {
  using engine::GroupTable;
  const auto sorted_rows = [](const GroupTable& table, std::uint32_t group) {
    std::vector<std::int64_t> rows = table.rows(group);
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  GroupTable table;
  bool added = false;
  // Enough groups and key bytes to fill several blocks and grow the index many times.
  const std::string long_key(70000, 'z');  // longer than a block of keys
  for (std::int64_t g = 0; g < 20000; ++g) {
    const std::string key = g == 777 ? long_key : "key-" + std::to_string(g) + "\x1f";
    const std::uint32_t group = table.insert(key, 10 + g, 20 + g, added);
    REQUIRE(added);
    REQUIRE(group == static_cast<std::uint32_t>(g));
  }
  CHECK(table.size() == 20000);
  CHECK(table.key(777) == long_key);
  CHECK(table.key(19999) == "key-19999\x1f");
  CHECK(table.find("key-12345\x1f") == 12345);
  CHECK(table.find("key-20000\x1f") == GroupTable::kNone);
  CHECK(table.insert("key-5\x1f", 99, 99, added) == 5);
  CHECK_FALSE(added);

  // Group 5 starts at row 15: it is listed, then rows come after it and before it.
  table.add_row(5, 15);
  table.add_row(5, 40);
  table.keep_earlier_start(5, 3, 4);  // a row of an earlier batch numbered before it
  table.add_row(5, 3);
  CHECK(table.first_row(5) == 3);
  CHECK(table.first_line(5) == 4);
  CHECK(sorted_rows(table, 5) == std::vector<std::int64_t>{3, 15, 40});
  table.keep_earlier_start(5, 30, 31);  // later rows never move the start
  CHECK(table.first_row(5) == 3);
  // A group whose first row did not take part lists only those that did.
  table.add_row(6, 50);
  CHECK(sorted_rows(table, 6) == std::vector<std::int64_t>{50});
  CHECK(table.rows(7).empty());

  GroupTable later;
  const std::uint32_t from = later.insert("key-5\x1f", 1, 2, added);
  later.add_row(from, 1);
  later.add_row(from, 60);
  table.keep_earlier_start(5, later.first_row(from), later.first_line(from));
  table.append_rows(5, later, from);
  CHECK(table.first_row(5) == 1);
  CHECK(sorted_rows(table, 5) == std::vector<std::int64_t>{1, 3, 15, 40, 60});
}

TEST_CASE("rows read a window ahead fold as rows read one at a time", "[fast][group]") {
  // A group rule reads the keys of several rows before it folds them. A batch of one row
  // has no row ahead of it, so batches of one are the reference; whole passes, batches that
  // end inside a window and threads must agree with them. The condition is false for some
  // rows and an error for others (people 0), keys are missing, hold the separator or are
  // ints (whose values are read again when a group starts).
  const std::string text =
      "fundrules: 1\nid: test.window\ntitle: {zh: 窗口, en: Window}\n"
      "as_of: 2017-01-15\nfields:\n"
      "  id_number: {type: string, label_zh: 身份证号}\n"
      "  household_id: {type: string, label_zh: 户号}\n"
      "  unit: {type: int, label_zh: 单位}\n"
      "  amount: {type: money, label_zh: 金额}\n"
      "  people: {type: int, label_zh: 人数}\n"
      "rules:\n"
      "  - id: dup\n    scope: group\n    group_by: upper(id_number)\n"
      "    when: 12 / people >= 4\n    check: count() <= 1\n"
      "    message: {zh: '{id_number}重复', en: '{id_number} twice'}\n"
      "  - id: unit\n    scope: group\n    group_by: [unit, household_id]\n"
      "    when: amount > 1\n    check: sum(amount) >= 600\n"
      "    message: {zh: '{household_id}/{unit}不足', en: '{household_id}/{unit} short'}\n";
  const Ruleset rules = Ruleset::load_string(text, "window.yaml");
  for (const std::size_t count :
       {std::size_t{1}, std::size_t{15}, std::size_t{17}, std::size_t{600}}) {
    INFO(count << " rows");
    const std::string reference = essence(in_batches(rules, count, 1));
    CHECK(essence(check(rules, rows(0, count))) == reference);
    CHECK(essence(in_batches(rules, count, 7)) == reference);
    CHECK(essence(in_batches(rules, count, 33, 3)) == reference);
  }
  const Report report = check(rules, rows(0, 600));
  const auto count_of = [&](const std::string& rule, const std::string& detail) {
    return std::count_if(report.violations().begin(), report.violations().end(),
                         [&](const Violation& v) {
                           return v.rule_id == rule && v.detail.find(detail) != std::string::npos;
                         });
  };
  CHECK(count_of("dup", "when: ") > 0);           // 12 / 0
  CHECK(count_of("dup", "is missing, so") > 0);   // no ID number
  CHECK(count_of("unit", "is missing, so") > 0);  // no household
  CHECK(count_of("dup", "") > count_of("dup", "when: ") + count_of("dup", "is missing"));
}
