// The C API as a host sees it: status codes, last errors, ownership, and reports equal to the
// C++ API's.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "fundrules/engine.hpp"
#include "fundrules/fundrules.h"
#include "fundrules/version.hpp"

namespace {

const std::string kData = std::string(FUNDRULES_SOURCE_DIR) + "/tests/consumer/data/";
const std::string kRuleset = kData + "relief.yaml";
const std::string kRoster = kData + "roster.csv";

// Owning wrappers so a failed assertion does not leak.
struct RulesetHandle {
  fr_ruleset* p = nullptr;
  ~RulesetHandle() { fr_ruleset_free(p); }
};
struct SessionHandle {
  fr_session* p = nullptr;
  ~SessionHandle() { fr_session_free(p); }
};
struct ReportHandle {
  fr_report* p = nullptr;
  ~ReportHandle() { fr_report_free(p); }
};

struct Fixture {
  RulesetHandle ruleset;
  SessionHandle session;
  Fixture() {
    REQUIRE(fr_ruleset_load_file(kRuleset.c_str(), &ruleset.p) == FR_OK);
    REQUIRE(fr_session_new(ruleset.p, &session.p) == FR_OK);
    REQUIRE(fr_session_set_as_of(session.p, "2024-01-20") == FR_OK);
  }
};

std::vector<std::string> rule_ids(const fr_report* report) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < fr_report_violation_count(report); ++i) {
    ids.emplace_back(fr_violation_rule_id(report, i));
  }
  return ids;
}

std::vector<std::int64_t> rows_of(const fr_report* report, std::size_t index) {
  std::vector<std::int64_t> rows;
  for (std::size_t j = 0; j < fr_violation_row_count(report, index); ++j) {
    rows.push_back(fr_violation_row(report, index, j));
  }
  return rows;
}

bool contains(const char* text, const std::string& part) {
  return text != nullptr && std::string(text).find(part) != std::string::npos;
}

const char* const kBrokenRuleset =
    "fundrules: 1\n"
    "id: broken\n"
    "title: 坏规则\n"
    "fields:\n"
    "  amount:\n"
    "    type: moneyy\n"
    "rules:\n"
    "  - id: r1\n"
    "    check: amount > 0\n";

}  // namespace

TEST_CASE("the version is the one the headers were built with", "[capi]") {
  CHECK(std::string(fr_version()) == FUNDRULES_VERSION_STRING);
}

TEST_CASE("a broken ruleset gives every problem with its location", "[capi]") {
  fr_ruleset* ruleset = nullptr;
  REQUIRE(fr_ruleset_load_string(kBrokenRuleset, std::strlen(kBrokenRuleset), "broken.yaml",
                                 &ruleset) == FR_ERROR_RULESET);
  CHECK(ruleset == nullptr);
  CHECK(fr_last_error_status() == FR_ERROR_RULESET);
  // An unknown type and a rule without a message: two problems, both reported.
  const std::size_t count = fr_last_error_diagnostic_count();
  REQUIRE(count >= 2);
  for (std::size_t i = 0; i < count; ++i) {
    CHECK(std::string(fr_last_error_diagnostic_file(i)) == "broken.yaml");
    CHECK(fr_last_error_diagnostic_line(i) > 0);
    CHECK(fr_last_error_diagnostic_column(i) > 0);
    CHECK(std::string(fr_last_error_diagnostic_severity(i)) == "error");
    CHECK(contains(fr_last_error_message(), fr_last_error_diagnostic_message(i)));
  }
  CHECK(fr_last_error_diagnostic_line(0) == 6);  // `type: moneyy`
  CHECK(contains(fr_last_error_diagnostic_message(0), "moneyy"));
  // Out of range: harmless defaults, never a crash.
  CHECK(std::string(fr_last_error_diagnostic_file(count)).empty());
  CHECK(fr_last_error_diagnostic_line(count) == 0);
}

TEST_CASE("a missing ruleset file is a data error naming the file", "[capi]") {
  fr_ruleset* ruleset = nullptr;
  CHECK(fr_ruleset_load_file("/nonexistent/rules.yaml", &ruleset) == FR_ERROR_DATA);
  CHECK(ruleset == nullptr);
  CHECK(contains(fr_last_error_message(), "/nonexistent/rules.yaml"));
}

TEST_CASE("NULL arguments are refused, not dereferenced", "[capi]") {
  fr_ruleset* ruleset = nullptr;
  CHECK(fr_ruleset_load_file(nullptr, &ruleset) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(fr_ruleset_load_file(kRuleset.c_str(), nullptr) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(contains(fr_last_error_message(), "out"));
  fr_session* session = nullptr;
  CHECK(fr_session_new(nullptr, &session) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(session == nullptr);
  fr_report* report = nullptr;
  CHECK(fr_session_check_csv(nullptr, kRoster.c_str(), &report) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(fr_report_ok(nullptr) == 0);
  CHECK(fr_report_count(nullptr, FR_COUNT_ROWS) == -1);
  CHECK(fr_report_json(nullptr) == nullptr);
  CHECK(fr_violation_rule_id(nullptr, 0) == nullptr);
  fr_ruleset_free(nullptr);
  fr_session_free(nullptr);
  fr_report_free(nullptr);
}

TEST_CASE("the ruleset describes its fields and rules", "[capi]") {
  RulesetHandle ruleset;
  REQUIRE(fr_ruleset_load_file(kRuleset.c_str(), &ruleset.p) == FR_OK);
  CHECK(std::string(fr_ruleset_id(ruleset.p)) == "consumer-relief");
  CHECK(contains(fr_ruleset_title(ruleset.p, "en"), "consumer test"));
  CHECK(std::strlen(fr_ruleset_sha256(ruleset.p)) == 64);
  REQUIRE(fr_ruleset_field_count(ruleset.p) == 5);
  CHECK(std::string(fr_ruleset_field_name(ruleset.p, 3)) == "amount");
  CHECK(std::string(fr_ruleset_field_type(ruleset.p, 3)) == "decimal");
  CHECK(std::string(fr_ruleset_field_type(ruleset.p, 4)) == "date");
  CHECK(fr_ruleset_field_name(ruleset.p, 5) == nullptr);
  REQUIRE(fr_ruleset_rule_count(ruleset.p) == 3);
  CHECK(std::string(fr_ruleset_rule_id(ruleset.p, 0)) == "frontline.cap");
}

TEST_CASE("checking a CSV file reports each failure on its rows", "[capi]") {
  Fixture f;
  ReportHandle report;
  REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);
  CHECK(fr_report_ok(report.p) == 0);
  CHECK(fr_report_count(report.p, FR_COUNT_ROWS) == 6);
  CHECK(fr_report_count(report.p, FR_COUNT_CLEAN) == 2);
  CHECK(fr_report_count(report.p, FR_COUNT_WITH_VIOLATIONS) == 3);
  CHECK(fr_report_count(report.p, FR_COUNT_UNREADABLE) == 1);
  CHECK(fr_report_count(report.p, FR_COUNT_WARNINGS) == 1);
  CHECK(fr_report_count(report.p, FR_COUNT_VIOLATIONS) == 4);
  CHECK(rule_ids(report.p) == std::vector<std::string>{"frontline.cap", "paid_on.window",
                                                       "input.unreadable", "hardship.minimum"});
  CHECK(rows_of(report.p, 0) == std::vector<std::int64_t>{2});
  CHECK(rows_of(report.p, 3) == std::vector<std::int64_t>{6});
  CHECK(fr_violation_severity(report.p, 0) == FR_SEVERITY_ERROR);
  CHECK(fr_violation_severity(report.p, 1) == FR_SEVERITY_WARNING);
  CHECK(fr_violation_severity(report.p, 4) == -1);
  CHECK(fr_violation_row(report.p, 0, 1) == -1);
}

TEST_CASE("the JSON report is the C++ API's, with the session's options", "[capi]") {
  Fixture f;
  REQUIRE(fr_session_set_language(f.session.p, "en") == FR_OK);
  ReportHandle report;
  REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);

  const auto ruleset = fundrules::Ruleset::load_file(kRuleset);
  fundrules::CheckOptions options;
  options.as_of = fundrules::Date::parse("2024-01-20");
  options.input_name = kRoster;
  fundrules::ReportOptions report_options;
  report_options.language = "en";
  const auto expected = fundrules::check_csv(ruleset, kRoster, options);
  REQUIRE(fr_report_json(report.p) != nullptr);
  CHECK(std::string(fr_report_json(report.p)) == expected.to_json(report_options));
  CHECK(std::string(fr_report_text(report.p)) == expected.to_text(report_options));
  // The pointer is stable: asking again gives the same string.
  CHECK(fr_report_json(report.p) == fr_report_json(report.p));
}

TEST_CASE("personal data is masked unless the session shows it", "[capi]") {
  Fixture f;
  REQUIRE(fr_session_set_language(f.session.p, "en") == FR_OK);
  const std::string full_id = "440524188001010014";
  {
    ReportHandle report;
    REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);
    const char* message = fr_violation_message(report.p, 0);
    CHECK(contains(message, "above 500"));
    CHECK_FALSE(contains(message, full_id));
    CHECK_FALSE(contains(fr_report_json(report.p), full_id));
  }
  REQUIRE(fr_session_set_show_personal_data(f.session.p, 1) == FR_OK);
  ReportHandle report;
  REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);
  CHECK(contains(fr_violation_message(report.p, 0), full_id));
  CHECK(contains(fr_report_json(report.p), full_id));
}

TEST_CASE("language and as-of date are per session", "[capi]") {
  Fixture f;
  CHECK(fr_session_set_language(f.session.p, "fr") == FR_ERROR_INVALID_ARGUMENT);
  CHECK(contains(fr_session_last_error(f.session.p), "\"fr\""));
  CHECK(fr_session_set_as_of(f.session.p, "2024-02-30") == FR_ERROR_VALUE);
  CHECK(contains(fr_session_last_error(f.session.p), "2024-02-30"));
  {
    ReportHandle report;  // Chinese by default
    REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);
    CHECK(contains(fr_violation_message(report.p, 0), "超过每人500元"));
  }
  // From June 2024 the cap is 800, so row 2 (800元) passes.
  REQUIRE(fr_session_set_as_of(f.session.p, "2024年7月1日") == FR_OK);
  ReportHandle report;
  REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);
  CHECK(rule_ids(report.p) ==
        std::vector<std::string>{"paid_on.window", "input.unreadable", "hardship.minimum"});
}

TEST_CASE("JSON records and string columns are checked as the same CSV rows", "[capi]") {
  Fixture f;
  ReportHandle from_csv;
  REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &from_csv.p) == FR_OK);

  const std::string json =
      R"([{"name":"张三","id_number":"11010519491231002X","category":"frontline","amount":500,"paid_on":"2024-01-15"},)"
      R"({"name":"李四","id_number":"440524188001010014","category":"一线职工","amount":"800元","paid_on":"2024-01-16"},)"
      R"({"name":"王五","category":"建档在册的困难职工","amount":600.00,"paid_on":"2024-02-05","unused":true},)"
      R"({"name":"赵六","category":"registered_hardship","amount":"1,000","paid_on":"2024-01-10"},)"
      R"({"name":"钱七","category":"一线职工","amount":"abc","paid_on":"2024-01-10"},)"
      R"({"name":"孙八","category":"建档在册的困难职工","amount":500,"paid_on":"2024/1/12"}])";
  ReportHandle from_json;
  REQUIRE(fr_session_check_json(f.session.p, json.data(), json.size(), &from_json.p) == FR_OK);

  const char* names[] = {"姓名", "对象类别", "金额", "发放日期"};
  const char* values[] = {"张三",
                          "李四",
                          "王五",
                          "赵六",
                          "钱七",
                          "孙八",
                          "一线职工",
                          "一线职工",
                          "建档在册的困难职工",
                          "registered_hardship",
                          "一线职工",
                          "建档在册的困难职工",
                          "500",
                          "800元",
                          "600.00",
                          "1,000",
                          "abc",
                          "500",
                          "2024-01-15",
                          "2024-01-16",
                          "2024-02-05",
                          "2024-01-10",
                          "2024-01-10",
                          "2024/1/12"};
  ReportHandle from_columns;
  REQUIRE(fr_session_check_columns(f.session.p, 4, names, 6, values, &from_columns.p) == FR_OK);

  for (const fr_report* report : {from_json.p, from_columns.p}) {
    CHECK(rule_ids(report) == rule_ids(from_csv.p));
    for (std::size_t i = 0; i < fr_report_violation_count(report); ++i) {
      CHECK(rows_of(report, i) == rows_of(from_csv.p, i));
    }
    for (int which = FR_COUNT_ROWS; which <= FR_COUNT_VIOLATIONS; ++which) {
      CHECK(fr_report_count(report, static_cast<fr_count>(which)) ==
            fr_report_count(from_csv.p, static_cast<fr_count>(which)));
    }
  }
}

TEST_CASE("malformed JSON is a data error with its line and column", "[capi]") {
  Fixture f;
  const std::string json = "[{\"amount\": 500},\n {\"amount\": [1]}]";
  fr_report* report = nullptr;
  REQUIRE(fr_session_check_json(f.session.p, json.data(), json.size(), &report) == FR_ERROR_DATA);
  CHECK(report == nullptr);
  REQUIRE(fr_last_error_diagnostic_count() == 1);
  CHECK(std::string(fr_last_error_diagnostic_file(0)) == "<json>");
  CHECK(fr_last_error_diagnostic_line(0) == 2);
  CHECK(fr_last_error_diagnostic_column(0) == 13);
  CHECK(contains(fr_session_last_error(f.session.p), "object or array"));
}

TEST_CASE("a missing CSV file is a data error; the session stays usable", "[capi]") {
  Fixture f;
  fr_report* report = nullptr;
  CHECK(fr_session_check_csv(f.session.p, "/nonexistent/roster.csv", &report) == FR_ERROR_DATA);
  CHECK(report == nullptr);
  CHECK(contains(fr_session_last_error(f.session.p), "/nonexistent/roster.csv"));
  ReportHandle good;
  REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &good.p) == FR_OK);
  CHECK(std::string(fr_session_last_error(f.session.p)).empty());
}

TEST_CASE("last errors belong to their session and their thread", "[capi]") {
  Fixture f;
  SessionHandle other;
  REQUIRE(fr_session_new(f.ruleset.p, &other.p) == FR_OK);
  CHECK(fr_session_set_language(f.session.p, "xx") == FR_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(fr_session_last_error(other.p)).empty());

  std::thread([] {
    fr_ruleset* ruleset = nullptr;
    fr_ruleset_load_file("/nonexistent/elsewhere.yaml", &ruleset);
  }).join();
  CHECK(contains(fr_last_error_message(), "\"xx\""));
}

TEST_CASE("reports outlive their session and ruleset", "[capi]") {
  ReportHandle report;
  {
    Fixture f;
    REQUIRE(fr_session_check_csv(f.session.p, kRoster.c_str(), &report.p) == FR_OK);
  }
  CHECK(fr_report_count(report.p, FR_COUNT_ROWS) == 6);
  CHECK(std::string(fr_violation_rule_id(report.p, 0)) == "frontline.cap");
  CHECK(contains(fr_report_json(report.p), "consumer-relief"));
}

TEST_CASE("one ruleset handle serves eight threads at once", "[capi][threads]") {
  RulesetHandle ruleset;
  REQUIRE(fr_ruleset_load_file(kRuleset.c_str(), &ruleset.p) == FR_OK);
  auto run = [&ruleset]() -> std::string {
    fr_session* session = nullptr;
    fr_report* report = nullptr;
    std::string json;
    if (fr_session_new(ruleset.p, &session) == FR_OK &&
        fr_session_set_as_of(session, "2024-01-20") == FR_OK &&
        fr_session_check_csv(session, kRoster.c_str(), &report) == FR_OK) {
      json = fr_report_json(report);
    }
    fr_report_free(report);
    fr_session_free(session);
    return json;
  };
  const std::string expected = run();
  REQUIRE_FALSE(expected.empty());
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&result, &run, &expected] {
      result = expected;
      for (int i = 0; i < 10; ++i) {
        std::string json = run();
        if (json != expected) {
          result = std::move(json);  // keep the first difference
          break;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const auto& result : results) {
    CHECK(result == expected);
  }
}
