// The C API's record checker, as a finance program's form uses it: fields set one by one or
// from a JSON object, checked on every save. It must find what fr_session_check_record_json()
// reports for the same record, and refuse what it cannot use with a message naming the field.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "fundrules/fundrules.h"

namespace {

const std::string kSource = std::string(FUNDRULES_SOURCE_DIR) + "/";

struct Handles {
  fr_ruleset* ruleset = nullptr;
  fr_session* session = nullptr;
  fr_record_checker* checker = nullptr;
  ~Handles() {
    fr_record_checker_free(checker);
    fr_session_free(session);
    fr_ruleset_free(ruleset);
  }
};

// The 合肥 ruleset with its register and earlier list, and a record checker on it.
void open_hefei(Handles& h) {
  REQUIRE(fr_ruleset_load_file((kSource + "rules/cn/hefei/2017-liangjie.yaml").c_str(),
                               &h.ruleset) == FR_OK);
  REQUIRE(fr_session_new(h.ruleset, &h.session) == FR_OK);
  REQUIRE(fr_session_add_reference_csv(
              h.session, "registry", (kSource + "examples/data/hefei-2017-registry.csv").c_str()) ==
          FR_OK);
  REQUIRE(fr_session_add_reference_csv(
              h.session, "earlier", (kSource + "examples/data/hefei-2017-earlier.csv").c_str()) ==
          FR_OK);
  REQUIRE(fr_record_checker_new(h.session, &h.checker) == FR_OK);
}

// One CSV line split into cells (quoted cells may hold commas; the example has no quotes
// within quotes and no line breaks in cells).
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

std::string json_text(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// What a check's accessors say about violation i, one line.
std::string from_report(const fr_report* report, std::size_t i) {
  return std::string(fr_violation_rule_id(report, i)) + " | " + fr_violation_scope(report, i) +
         " | " + std::to_string(fr_violation_severity(report, i)) + " | " +
         fr_violation_clause(report, i) + " | " + fr_violation_group_key(report, i) + " | " +
         fr_violation_message(report, i);
}

std::string from_checker(const fr_record_checker* checker, std::size_t i) {
  return std::string(fr_record_checker_rule_id(checker, i)) + " | " +
         fr_record_checker_scope(checker, i) + " | " +
         std::to_string(fr_record_checker_severity(checker, i)) + " | " +
         fr_record_checker_clause(checker, i) + " | " + fr_record_checker_group_key(checker, i) +
         " | " + fr_record_checker_message(checker, i);
}

fr_status set_json(fr_record_checker* checker, const std::string& json) {
  return fr_record_checker_set_json(checker, json.data(), json.size());
}

std::vector<std::string> checked(fr_record_checker* checker) {
  std::size_t count = 0;
  REQUIRE(fr_record_checker_check(checker, &count) == FR_OK);
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < count; ++i) lines.push_back(from_checker(checker, i));
  CHECK(fr_record_checker_rule_id(checker, count) == nullptr);
  return lines;
}

}  // namespace

TEST_CASE("the record checker finds what a one-record check reports, row by row",
          "[capi][record]") {
  Handles h;
  open_hefei(h);
  std::ifstream in(kSource + "examples/data/hefei-2017-roster.csv");
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // the byte-order mark
  const std::vector<std::string> header = cells_of(line);
  std::vector<std::size_t> fields;
  for (const std::string& name : header) {
    const int64_t field = fr_record_checker_field_index(h.checker, name.c_str());
    INFO(name);
    REQUIRE(field >= 0);
    fields.push_back(static_cast<std::size_t>(field));
  }
  std::size_t rows = 0;
  std::size_t passing = 0;
  std::size_t violations = 0;
  while (std::getline(in, line)) {
    const std::vector<std::string> cells = cells_of(line);
    INFO("row " << rows + 1 << ": " << line);
    ++rows;
    std::string json = "{";
    REQUIRE(fr_record_checker_clear(h.checker) == FR_OK);
    for (std::size_t c = 0; c < cells.size() && c < header.size(); ++c) {
      REQUIRE(fr_record_checker_set(h.checker, fields[c], cells[c].data(), cells[c].size()) ==
              FR_OK);
      if (c > 0) json += ", ";
      json += json_text(header[c]) + ": " + json_text(cells[c]);
    }
    json += "}";
    const std::vector<std::string> by_fields = checked(h.checker);

    fr_report* report = nullptr;
    REQUIRE(fr_session_check_record_json(h.session, json.data(), json.size(), &report) == FR_OK);
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < fr_report_violation_count(report); ++i) {
      expected.push_back(from_report(report, i));
    }
    fr_report_free(report);
    CHECK(by_fields == expected);

    // The same record given as JSON, after a record with other values.
    REQUIRE(set_json(h.checker, "{\"金额\": \"-1\"}") == FR_OK);
    CHECK_FALSE(checked(h.checker).empty());
    REQUIRE(fr_record_checker_set_json(h.checker, json.data(), json.size()) == FR_OK);
    CHECK(checked(h.checker) == expected);
    passing += expected.empty() ? 1 : 0;
    violations += expected.size();
  }
  CHECK(rows == 42);
  CHECK(passing > 0);
  CHECK(violations > 0);
}

TEST_CASE("the record checker refuses what it cannot use, naming the field", "[capi][record]") {
  Handles h;
  open_hefei(h);
  const int64_t paid_on = fr_record_checker_field_index(h.checker, "发放日期");
  const int64_t amount = fr_record_checker_field_index(h.checker, "amount");
  REQUIRE(paid_on >= 0);
  REQUIRE(amount >= 0);
  CHECK(fr_record_checker_field_index(h.checker, "no such field") == -1);
  CHECK(fr_record_checker_field_index(nullptr, "amount") == -1);

  // An impossible date: refused, and the field left empty (the date rules then say so).
  const std::string bad_date = "2017-02-30";
  CHECK(fr_record_checker_set(h.checker, static_cast<std::size_t>(paid_on), bad_date.data(),
                              bad_date.size()) == FR_ERROR_VALUE);
  CHECK(std::string(fr_record_checker_last_error(h.checker)).find("paid_on") != std::string::npos);
  bool missing_date = false;
  for (const std::string& v : checked(h.checker)) {
    missing_date = missing_date || v.rfind("window.paid_on_missing", 0) == 0;
  }
  CHECK(missing_date);

  // Money is read exactly from text; spaces around it are trimmed as in a CSV cell.
  const std::string money = " 600.00 ";
  CHECK(fr_record_checker_set(h.checker, static_cast<std::size_t>(amount), money.data(),
                              money.size()) == FR_OK);
  const std::string not_money = "六百";
  CHECK(fr_record_checker_set(h.checker, static_cast<std::size_t>(amount), not_money.data(),
                              not_money.size()) == FR_ERROR_VALUE);
  CHECK(std::string(fr_record_checker_last_error(h.checker)).find("amount") != std::string::npos);
  CHECK(fr_record_checker_set(h.checker, 9999, "x", 1) == FR_ERROR_INVALID_ARGUMENT);

  // A key that names no field is reported and changes nothing.
  REQUIRE(set_json(h.checker, "{\"姓名\": \"张三\"}") == FR_OK);
  const std::vector<std::string> before = checked(h.checker);
  const std::string unknown = "{\"姓名\": \"李四\", \"备注\": \"x\"}";
  CHECK(set_json(h.checker, unknown) == FR_ERROR_DATA);
  CHECK(std::string(fr_record_checker_last_error(h.checker)).find("备注") != std::string::npos);
  CHECK(checked(h.checker) == before);
  CHECK(set_json(h.checker, "{\"姓名\": ") == FR_ERROR_DATA);

  std::size_t count = 0;
  CHECK(fr_record_checker_check(nullptr, &count) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(fr_record_checker_check(h.checker, nullptr) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(fr_record_checker_new(nullptr, nullptr) == FR_ERROR_INVALID_ARGUMENT);
}

TEST_CASE("a record checker needs the required reference tables", "[capi][record]") {
  const std::string yaml = R"yaml(fundrules: 1
id: capi.required
title: {zh: 必需的参照表, en: A required reference}
as_of: 2017-01-15
fields:
  id_number: {type: string, label_zh: 身份证号}
references:
  registry:
    title: {zh: 档案, en: Register}
    key: id_number
    fields:
      id_number: {type: string, label_zh: 身份证号}
rules:
  - id: on_file
    check: id_number in refs.registry
    message: {zh: 不在档, en: not on file}
)yaml";
  fr_ruleset* ruleset = nullptr;
  fr_session* session = nullptr;
  REQUIRE(fr_ruleset_load_string(yaml.data(), yaml.size(), "required.yaml", &ruleset) == FR_OK);
  REQUIRE(fr_ruleset_reference_optional(ruleset, 0) == 0);
  REQUIRE(fr_session_new(ruleset, &session) == FR_OK);
  fr_record_checker* checker = nullptr;
  CHECK(fr_record_checker_new(session, &checker) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(checker == nullptr);
  CHECK(std::string(fr_session_last_error(session)).find("registry") != std::string::npos);
  // With the table given, a record not in it fails the rule.
  const char* names[] = {"id_number"};
  const char* values[] = {"34012419620314287X"};
  REQUIRE(fr_session_add_reference_columns(session, "registry", 1, names, 1, values) == FR_OK);
  REQUIRE(fr_record_checker_new(session, &checker) == FR_OK);
  REQUIRE(set_json(checker, "{\"身份证号\": \"34012419620314287X\"}") == FR_OK);
  CHECK(checked(checker).empty());
  REQUIRE(set_json(checker, "{\"身份证号\": \"340181196507020300\"}") == FR_OK);
  const std::vector<std::string> found = checked(checker);
  REQUIRE(found.size() == 1);
  CHECK(found.front().rfind("on_file", 0) == 0);
  fr_record_checker_free(checker);
  fr_session_free(session);
  fr_ruleset_free(ruleset);
}

TEST_CASE("group keys of personal data are masked like the messages", "[capi][record]") {
  Handles h;
  open_hefei(h);
  // The same ID number twice in one list: the duplicate rule's group is the ID number.
  const std::string json =
      "[{\"姓名\": \"甲\", \"身份证号\": \"34012419620314287X\"},"
      " {\"姓名\": \"乙\", \"身份证号\": \"34012419620314287x\"}]";
  fr_report* report = nullptr;
  REQUIRE(fr_session_check_json(h.session, json.data(), json.size(), &report) == FR_OK);
  bool seen = false;
  for (std::size_t i = 0; i < fr_report_violation_count(report); ++i) {
    if (std::string(fr_violation_rule_id(report, i)) != "duplicate.id_number") continue;
    seen = true;
    const std::string key = fr_violation_group_key(report, i);
    CHECK_FALSE(key.empty());
    CHECK(key.find("34012419620314287") == std::string::npos);
  }
  CHECK(seen);
  fr_report_free(report);
  REQUIRE(fr_session_set_show_personal_data(h.session, 1) == FR_OK);
  REQUIRE(fr_session_check_json(h.session, json.data(), json.size(), &report) == FR_OK);
  bool shown = false;
  for (std::size_t i = 0; i < fr_report_violation_count(report); ++i) {
    shown = shown || std::string(fr_violation_group_key(report, i)) == "34012419620314287X";
  }
  CHECK(shown);
  fr_report_free(report);
}
