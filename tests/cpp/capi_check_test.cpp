// The C API's incremental checks, merging, encodings and one-record checks, as a host in
// another language would use them.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fundrules/fundrules.h"

namespace {

const std::string kData = std::string(FUNDRULES_SOURCE_DIR) + "/tests/consumer/data/";

struct RulesetHandle {
  fr_ruleset* p = nullptr;
  ~RulesetHandle() { fr_ruleset_free(p); }
};
struct SessionHandle {
  fr_session* p = nullptr;
  ~SessionHandle() { fr_session_free(p); }
};
struct CheckHandle {
  fr_check* p = nullptr;
  ~CheckHandle() { fr_check_free(p); }
};
struct ReportHandle {
  fr_report* p = nullptr;
  ~ReportHandle() { fr_report_free(p); }
};

struct Fixture {
  RulesetHandle ruleset;
  SessionHandle session;
  explicit Fixture(const std::string& file = "relief.yaml") {
    REQUIRE(fr_ruleset_load_file((kData + file).c_str(), &ruleset.p) == FR_OK);
    REQUIRE(fr_session_new(ruleset.p, &session.p) == FR_OK);
    REQUIRE(fr_session_set_input_name(session.p, "roster") == FR_OK);
  }
};

// A ruleset with a household rule and a budget, so that merging has totals to carry.
const char* const kHouseholdRuleset = R"yaml(fundrules: 1
id: capi.households
title: 每户不低于600元
as_of: 2017-01-15
fields:
  name: {type: string, required: true, label_zh: 姓名}
  household_id: {type: string, label_zh: 户号}
  amount: {type: money, required: true, label_zh: 金额}
rules:
  - id: amount.positive
    check: amount > 0
    message: {zh: "金额须大于0", en: "the amount must be above 0"}
  - id: household.min
    scope: group
    group_by: household_id
    check: sum(amount) >= 600
    message: {zh: "户{household_id}合计{sum_amount}元", en: "household {household_id}: {sum_amount}"}
  - id: budget
    scope: batch
    check: sum(amount) <= 2000
    message: {zh: "超出预算", en: "over the budget"}
)yaml";

struct HouseholdFixture {
  RulesetHandle ruleset;
  SessionHandle session;
  HouseholdFixture() {
    REQUIRE(fr_ruleset_load_string(kHouseholdRuleset, std::strlen(kHouseholdRuleset),
                                   "households.yaml", &ruleset.p) == FR_OK);
    REQUIRE(fr_session_new(ruleset.p, &session.p) == FR_OK);
    REQUIRE(fr_session_set_input_name(session.p, "roster") == FR_OK);
  }
};

// Twelve records; households H1..H4 spread over the list, one bad amount, one empty record.
std::vector<std::string> household_records() {
  std::vector<std::string> records;
  const char* amounts[] = {"300", "200", "700", "100", "abc", "300", "250", "350", "600", "50"};
  for (int i = 0; i < 10; ++i) {
    records.push_back(R"({"姓名": "职工)" + std::to_string(i + 1) + R"(", "户号": "H)" +
                      std::to_string(i % 4 + 1) + R"(", "金额": ")" + amounts[i] + R"("})");
  }
  records.emplace_back(R"({"姓名": null, "户号": null, "金额": null})");
  records.emplace_back(R"({"姓名": "职工12", "户号": "H1", "金额": "80"})");
  return records;
}

std::string json_array(const std::vector<std::string>& records, std::size_t begin,
                       std::size_t end) {
  std::string json = "[";
  for (std::size_t i = begin; i < end; ++i) {
    if (i > begin) json += ",\n";
    json += records[i];
  }
  return json + "]";
}

std::string json_of(const fr_report* report) {
  const char* json = fr_report_json(report);
  REQUIRE(json != nullptr);
  return json;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("records added in several calls give the report of one call", "[capi][check]") {
  HouseholdFixture f;
  const auto records = household_records();
  ReportHandle once;
  const std::string all = json_array(records, 0, records.size());
  REQUIRE(fr_session_check_json(f.session.p, all.data(), all.size(), &once.p) == FR_OK);
  // Every record counts, the empty one too, and the household totals span the calls.
  CHECK(fr_report_count(once.p, FR_COUNT_ROWS) == 12);
  CHECK(fr_report_count(once.p, FR_COUNT_UNREADABLE) == 1);

  CheckHandle check;
  REQUIRE(fr_check_new(f.session.p, &check.p) == FR_OK);
  for (const auto& [begin, end] :
       std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}, {3, 3}, {3, 7}, {7, 12}}) {
    const std::string part = json_array(records, begin, end);
    REQUIRE(fr_check_add_json(check.p, part.data(), part.size()) == FR_OK);
    CHECK(fr_check_row_count(check.p) == static_cast<std::int64_t>(end));
  }
  ReportHandle pieces;
  REQUIRE(fr_check_finish(check.p, &pieces.p) == FR_OK);
  CHECK(json_of(pieces.p) == json_of(once.p));

  // A finished check takes no more records and says why.
  CHECK(fr_check_add_json(check.p, "[]", 2) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(fr_check_last_error(check.p)).find("finished") != std::string::npos);
}

TEST_CASE("string columns added in several calls continue the row numbers", "[capi][check]") {
  HouseholdFixture f;
  const char* names[] = {"name", "household_id", "amount"};
  const char* first[] = {"甲", "乙", "H1", "H2", "300", "-5"};
  const char* second[] = {"丙", "H1", "300"};
  CheckHandle check;
  REQUIRE(fr_check_new(f.session.p, &check.p) == FR_OK);
  REQUIRE(fr_check_add_columns(check.p, 3, names, 2, first) == FR_OK);
  REQUIRE(fr_check_add_columns(check.p, 3, names, 1, second) == FR_OK);
  ReportHandle report;
  REQUIRE(fr_check_finish(check.p, &report.p) == FR_OK);
  CHECK(fr_report_count(report.p, FR_COUNT_ROWS) == 3);
  // H1 reaches 600 over rows 1 and 3; H2 (row 2) does not, and its amount is not positive.
  REQUIRE(fr_report_violation_count(report.p) == 2);
  CHECK(std::string(fr_violation_rule_id(report.p, 0)) == "amount.positive");
  CHECK(std::string(fr_violation_rule_id(report.p, 1)) == "household.min");
  CHECK(std::string(fr_violation_scope(report.p, 1)) == "group");
  CHECK(std::string(fr_violation_group_key(report.p, 1)) == "H2");
  CHECK(fr_violation_row(report.p, 1, 0) == 2);
}

TEST_CASE("checks of parts merge into the one-pass report", "[capi][check][merge]") {
  HouseholdFixture f;
  const auto records = household_records();
  ReportHandle once;
  const std::string all = json_array(records, 0, records.size());
  REQUIRE(fr_session_check_json(f.session.p, all.data(), all.size(), &once.p) == FR_OK);

  SECTION("fr_check_merge") {
    CheckHandle parts[3];
    const std::size_t cuts[] = {0, 5, 6, 12};
    for (int k = 0; k < 3; ++k) {
      REQUIRE(fr_check_new(f.session.p, &parts[k].p) == FR_OK);
      REQUIRE(fr_check_set_first_row(parts[k].p, static_cast<std::int64_t>(cuts[k]) + 1) == FR_OK);
      const std::string part = json_array(records, cuts[k], cuts[k + 1]);
      REQUIRE(fr_check_add_json(parts[k].p, part.data(), part.size()) == FR_OK);
    }
    // Setting the first row once records are in is refused.
    CHECK(fr_check_set_first_row(parts[0].p, 7) == FR_ERROR_INVALID_ARGUMENT);
    REQUIRE(fr_check_merge(parts[0].p, parts[1].p) == FR_OK);
    REQUIRE(fr_check_merge(parts[0].p, parts[2].p) == FR_OK);
    CHECK(fr_check_row_count(parts[0].p) == 12);
    CHECK(fr_check_merge(parts[0].p, parts[2].p) == FR_ERROR_INVALID_ARGUMENT);  // used up
    ReportHandle merged;
    REQUIRE(fr_check_finish(parts[0].p, &merged.p) == FR_OK);
    CHECK(json_of(merged.p) == json_of(once.p));
  }

  SECTION("fr_report_merge") {
    REQUIRE(fr_session_set_mergeable(f.session.p, 1) == FR_OK);
    ReportHandle reports[2];
    for (int k = 0; k < 2; ++k) {
      CheckHandle part;
      REQUIRE(fr_check_new(f.session.p, &part.p) == FR_OK);
      REQUIRE(fr_check_set_first_row(part.p, k == 0 ? 1 : 8) == FR_OK);
      const std::string json = json_array(records, k == 0 ? 0 : 7, k == 0 ? 7 : 12);
      REQUIRE(fr_check_add_json(part.p, json.data(), json.size()) == FR_OK);
      REQUIRE(fr_check_finish(part.p, &reports[k].p) == FR_OK);
      CHECK(fr_report_mergeable(reports[k].p) == 1);
    }
    const fr_report* parts[] = {reports[0].p, reports[1].p};
    ReportHandle merged;
    REQUIRE(fr_report_merge(parts, 2, &merged.p) == FR_OK);
    CHECK(json_of(merged.p) == json_of(once.p));
    CHECK(fr_report_mergeable(merged.p) == 1);
    // A report that was not made mergeable is refused, by name.
    const fr_report* with_plain[] = {reports[0].p, once.p};
    ReportHandle refused;
    CHECK(fr_report_merge(with_plain, 2, &refused.p) == FR_ERROR_INVALID_ARGUMENT);
    CHECK(refused.p == nullptr);
    CHECK(std::string(fr_last_error_message()).find("report 2") != std::string::npos);
  }
}

TEST_CASE("checks of different rulesets or dates do not merge", "[capi][check][merge]") {
  HouseholdFixture households;
  Fixture relief;
  CheckHandle a;
  CheckHandle b;
  REQUIRE(fr_check_new(households.session.p, &a.p) == FR_OK);
  REQUIRE(fr_check_new(relief.session.p, &b.p) == FR_OK);
  CHECK(fr_check_merge(a.p, b.p) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(fr_check_last_error(a.p)).find("rulesets") != std::string::npos);
  CheckHandle later_date;
  REQUIRE(fr_session_set_as_of(households.session.p, "2018-01-01") == FR_OK);
  REQUIRE(fr_check_new(households.session.p, &later_date.p) == FR_OK);
  CHECK(fr_check_merge(a.p, later_date.p) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(fr_check_merge(a.p, a.p) == FR_ERROR_INVALID_ARGUMENT);
  // The refused merges left the check usable.
  ReportHandle report;
  CHECK(fr_check_finish(a.p, &report.p) == FR_OK);
}

TEST_CASE("a GB18030 file is detected like the CLI does, or read as told", "[capi][encoding]") {
  Fixture f;
  REQUIRE(fr_session_set_as_of(f.session.p, "2024-01-20") == FR_OK);
  ReportHandle utf8;
  ReportHandle detected;
  REQUIRE(fr_session_check_csv(f.session.p, (kData + "roster.csv").c_str(), &utf8.p) == FR_OK);
  REQUIRE(fr_session_check_csv(f.session.p, (kData + "roster_gb18030.csv").c_str(), &detected.p) ==
          FR_OK);
  REQUIRE(fr_report_violation_count(utf8.p) > 2);
  CHECK(fr_report_count(detected.p, FR_COUNT_ROWS) == fr_report_count(utf8.p, FR_COUNT_ROWS));
  REQUIRE(fr_report_violation_count(detected.p) == fr_report_violation_count(utf8.p));
  for (std::size_t i = 0; i < fr_report_violation_count(utf8.p); ++i) {
    CHECK(std::string(fr_violation_message(detected.p, i)) ==
          std::string(fr_violation_message(utf8.p, i)));
  }

  // The same bytes handed over in memory.
  const std::string bytes = file_bytes(kData + "roster_gb18030.csv");
  ReportHandle in_memory;
  REQUIRE(fr_session_check_csv_data(f.session.p, bytes.data(), bytes.size(), &in_memory.p) ==
          FR_OK);
  CHECK(fr_report_violation_count(in_memory.p) == fr_report_violation_count(utf8.p));

  // Told GB18030, the reader gives the same; told UTF-8, the header names no field.
  REQUIRE(fr_session_set_encoding(f.session.p, "gb18030") == FR_OK);
  ReportHandle told;
  REQUIRE(fr_session_check_csv(f.session.p, (kData + "roster_gb18030.csv").c_str(), &told.p) ==
          FR_OK);
  CHECK(fr_report_violation_count(told.p) == fr_report_violation_count(utf8.p));
  REQUIRE(fr_session_set_encoding(f.session.p, "utf-8") == FR_OK);
  ReportHandle wrong;
  const fr_status status =
      fr_session_check_csv(f.session.p, (kData + "roster_gb18030.csv").c_str(), &wrong.p);
  CHECK((status == FR_ERROR_DATA || fr_report_ok(wrong.p) == 0));
  CHECK(fr_session_set_encoding(f.session.p, "latin-1") == FR_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(fr_session_last_error(f.session.p)).find("latin-1") != std::string::npos);
}

TEST_CASE("one record is checked as a clerk enters it", "[capi][record]") {
  HouseholdFixture f;
  const std::string record = R"({"姓名": "张三", "户号": "H7", "金额": "-10"})";
  ReportHandle report;
  REQUIRE(fr_session_check_record_json(f.session.p, record.data(), record.size(), &report.p) ==
          FR_OK);
  CHECK(fr_report_count(report.p, FR_COUNT_ROWS) == 1);
  REQUIRE(fr_report_violation_count(report.p) == 2);
  CHECK(std::string(fr_violation_rule_id(report.p, 0)) == "amount.positive");
  CHECK(std::string(fr_violation_scope(report.p, 0)) == "record");
  CHECK(std::string(fr_violation_scope(report.p, 1)) == "group");  // the household of one row
  CHECK(fr_violation_scope(report.p, 2) == nullptr);

  ReportHandle refused;
  const std::string array = "[" + record + "]";
  CHECK(fr_session_check_record_json(f.session.p, array.data(), array.size(), &refused.p) ==
        FR_ERROR_DATA);
  CHECK(refused.p == nullptr);
  CHECK(std::string(fr_last_error_message()).find("object") != std::string::npos);
}
