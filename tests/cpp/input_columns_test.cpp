// Columns the ruleset does not read, and fields the list does not have, are named in the
// report: a misspelt header must not turn into a silently unchecked column.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "fundrules/engine.hpp"
#include "json_check.hpp"

using namespace fundrules;

namespace {

// The strings of a JSON array, in order.
std::vector<std::string> strings(const json_check::Node& array) {
  std::vector<std::string> out;
  for (const json_check::Node& item : array.items) out.push_back(item.text);
  return out;
}

const char* const kRules = R"yaml(fundrules: 1
id: test.columns
title: {zh: 列测试, en: Columns test}
as_of: 2017-01-15
fields:
  name: {type: string, required: true, label_zh: 姓名}
  amount: {type: money, label_zh: 金额}
  paid_on: {type: date, label_zh: 发放日期}
rules:
  - id: amount.positive
    when: has(amount)
    check: amount > 0
    message: {zh: 金额须大于0, en: the amount must be positive}
)yaml";

const Ruleset& rules() {
  static const Ruleset loaded = Ruleset::load_string(kRules, "input_columns_test.yaml");
  return loaded;
}

std::string write_csv(const std::string& name, const std::string& text) {
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

}  // namespace

TEST_CASE(
    "a CSV column that names no field is listed as unused, a field with no column as "
    "missing",
    "[engine][columns]") {
  // 发放金额 is not a header the ruleset knows (its label is 金额): the amounts go unchecked.
  const std::string path =
      write_csv("input_columns_misspelt.csv", "姓名,发放金额,备注\n张三,-5,x\n李四,600,y\n");
  const Report report = check_csv(rules(), path);
  const Summary& s = report.summary();
  CHECK(s.unused_columns == std::vector<std::string>{"发放金额", "备注"});
  CHECK(s.missing_fields == std::vector<std::string>{"amount", "paid_on"});
  CHECK(s.rows == 2);  // every row is still accounted for

  const std::string text = report.to_text();
  CHECK(text.find("未使用的列（规则集中没有对应字段，未检查）：发放金额，备注") !=
        std::string::npos);
  CHECK(text.find("缺少的字段（名单中没有此列，各行均为空）：amount，paid_on") !=
        std::string::npos);
  ReportOptions english;
  english.language = "en";
  CHECK(report.to_text(english).find("Columns not used (no field of the ruleset, not checked): "
                                     "发放金额, 备注") != std::string::npos);
  const auto input = json_check::parse(report.to_json())["summary"]["input"];
  CHECK(strings(input["unused_columns"]) == std::vector<std::string>{"发放金额", "备注"});
  CHECK(strings(input["missing_fields"]) == std::vector<std::string>{"amount", "paid_on"});
}

TEST_CASE("a list whose headers all name fields lists nothing", "[engine][columns]") {
  const std::string path =
      write_csv("input_columns_complete.csv", "姓名,金额,发放日期\n张三,600,2017-01-10\n");
  const Report report = check_csv(rules(), path);
  CHECK(report.summary().unused_columns.empty());
  CHECK(report.summary().missing_fields.empty());
  CHECK(report.to_text().find("未使用的列") == std::string::npos);
  const auto input = json_check::parse(report.to_json())["summary"]["input"];
  CHECK(input["unused_columns"].kind == json_check::Node::Kind::Array);
  CHECK(input["unused_columns"].items.empty());
  CHECK(input["missing_fields"].items.empty());
}

TEST_CASE("a host program's table with an extra column and a field left out", "[engine][columns]") {
  Column name("姓名", ValueType::String);
  name.append(Value("张三"));
  Column amount("amount", ValueType::Decimal);
  amount.append(Value(Decimal::parse("600")));
  Column note("note", ValueType::String);
  note.append(Value("x"));
  std::vector<Column> columns;
  columns.push_back(std::move(name));
  columns.push_back(std::move(amount));
  columns.push_back(std::move(note));
  const Report report = check(rules(), Table(std::move(columns)));
  CHECK(report.summary().unused_columns == std::vector<std::string>{"note"});
  CHECK(report.summary().missing_fields == std::vector<std::string>{"paid_on"});
}

TEST_CASE("merged parts list every column any part left unused", "[engine][columns]") {
  CheckOptions options;
  options.mergeable = true;
  const Report first = check_csv(
      rules(),
      write_csv("input_columns_part1.csv", "姓名,金额,发放日期,备注\n张三,600,2017-01-10,x\n"),
      options);
  options.first_row = 2;
  Report merged = first;
  merged.merge(check_csv(
      rules(), write_csv("input_columns_part2.csv", "姓名,金额,附注\n李四,600,y\n"), options));
  CHECK(merged.summary().rows == 2);
  CHECK(merged.summary().unused_columns == std::vector<std::string>{"备注", "附注"});
  CHECK(merged.summary().missing_fields == std::vector<std::string>{"paid_on"});
}
