// Reference tables through the C API: a register of workers on file given as a CSV file or as
// string columns, required and optional tables, and the errors a host sees.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <string>

#include "fundrules/fundrules.h"

namespace {

const char* const kRuleset = R"yaml(fundrules: 1
id: capi.refs
title: {zh: 先建档、后帮扶, en: Filed before aided}
as_of: 2017-01-15
fields:
  name: {type: string, required: true, label_zh: 姓名, personal: name}
  id_number: {type: string, label_zh: 身份证号, personal: id_number}
  paid_on: {type: date, label_zh: 发放日期}
references:
  registry:
    title: {zh: 困难职工档案, en: Register of hardship workers on file}
    key: id_number
    fields:
      id_number: {type: string, personal: id_number, aliases: [身份证号]}
      filed_on: {type: date, aliases: [建档日期]}
  earlier:
    title: {zh: 前批发放名单, en: Earlier payment lists}
    key: id_number
    optional: true
    fields:
      id_number: {type: string, personal: id_number, aliases: [身份证号]}
rules:
  - id: registry.filed_before
    check: id_number in refs.registry && refs.registry[id_number].filed_on <= paid_on
    message: {zh: 须在发放前建档, en: Aid goes only to workers filed before they are paid}
  - id: earlier.not_paid
    check: "!(id_number in refs.earlier)"
    message: {zh: 已在前批名单中发放, en: Already paid in an earlier list}
)yaml";

// Row 1 was filed before payment, row 2 after it, row 3 never.
const char* const kRoster = R"([
  {"姓名": "张三", "身份证号": "11010519491231002X", "发放日期": "2017-01-10"},
  {"姓名": "李四", "身份证号": "440524188001010014", "发放日期": "2017-01-10"},
  {"姓名": "王五", "身份证号": "110105194912310029", "发放日期": "2017-01-10"}])";

const char* const kRegistryNames[] = {"身份证号", "建档日期"};
const char* const kRegistryValues[] = {"11010519491231002X", "440524188001010014", "2016-05-01",
                                       "2017-01-12"};

struct Fixture {
  fr_ruleset* ruleset = nullptr;
  fr_session* session = nullptr;
  Fixture() {
    REQUIRE(fr_ruleset_load_string(kRuleset, std::strlen(kRuleset), "refs.yaml", &ruleset) ==
            FR_OK);
    REQUIRE(fr_session_new(ruleset, &session) == FR_OK);
    REQUIRE(fr_session_set_language(session, "en") == FR_OK);
  }
  ~Fixture() {
    fr_session_free(session);
    fr_ruleset_free(ruleset);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;
};

struct ReportHandle {
  fr_report* p = nullptr;
  ~ReportHandle() { fr_report_free(p); }
};

fr_status check(fr_session* session, ReportHandle& report) {
  return fr_session_check_json(session, kRoster, std::strlen(kRoster), &report.p);
}

std::string json_of(const ReportHandle& report) {
  const char* json = fr_report_json(report.p);
  REQUIRE(json != nullptr);
  return json;
}

}  // namespace

TEST_CASE("the ruleset tells which reference tables it reads", "[capi][refs]") {
  Fixture f;
  REQUIRE(fr_ruleset_reference_count(f.ruleset) == 2);
  CHECK(std::string(fr_ruleset_reference_name(f.ruleset, 0)) == "registry");
  CHECK(fr_ruleset_reference_optional(f.ruleset, 0) == 0);
  CHECK(std::string(fr_ruleset_reference_name(f.ruleset, 1)) == "earlier");
  CHECK(fr_ruleset_reference_optional(f.ruleset, 1) == 1);
  CHECK(fr_ruleset_reference_name(f.ruleset, 2) == nullptr);
  CHECK(fr_ruleset_reference_optional(f.ruleset, 2) == -1);
}

TEST_CASE("a required reference table that was not given is refused by name", "[capi][refs]") {
  Fixture f;
  ReportHandle report;
  CHECK(check(f.session, report) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(report.p == nullptr);
  CHECK(std::string(fr_session_last_error(f.session)).find("registry") != std::string::npos);
  fr_check* incremental = nullptr;
  CHECK(fr_check_new(f.session, &incremental) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(incremental == nullptr);
  // A name the ruleset does not declare is refused, naming those it does.
  CHECK(fr_session_add_reference_columns(f.session, "regsitry", 2, kRegistryNames, 2,
                                         kRegistryValues) == FR_ERROR_INVALID_ARGUMENT);
  CHECK(std::string(fr_last_error_message()).find("registry, earlier") != std::string::npos);
}

TEST_CASE("rows are checked against a register given as columns or as a file", "[capi][refs]") {
  Fixture f;
  REQUIRE(fr_session_add_reference_columns(f.session, "registry", 2, kRegistryNames, 2,
                                           kRegistryValues) == FR_OK);
  ReportHandle from_columns;
  REQUIRE(check(f.session, from_columns) == FR_OK);
  REQUIRE(fr_report_violation_count(from_columns.p) == 2);
  CHECK(std::string(fr_violation_rule_id(from_columns.p, 0)) == "registry.filed_before");
  CHECK(fr_violation_row(from_columns.p, 0, 0) == 2);  // filed on 2017-01-12, paid on 01-10
  CHECK(fr_violation_row(from_columns.p, 1, 0) == 3);  // not on file at all
  // The optional list of earlier payments was not given: its rule is skipped, and said so.
  REQUIRE(fr_report_skipped_rule_count(from_columns.p) == 1);
  CHECK(std::string(fr_report_skipped_rule_id(from_columns.p, 0)) == "earlier.not_paid");
  CHECK(fr_report_skipped_rule_id(from_columns.p, 1) == nullptr);

  // The same register as a CSV file gives the same report.
  const std::string path = FUNDRULES_BINARY_DIR "/capi_refs_registry.csv";
  {
    std::ofstream file(path, std::ios::binary);
    file << "身份证号,建档日期\n11010519491231002X,2016-05-01\n440524188001010014,2017-01-12\n";
  }
  REQUIRE(fr_session_clear_references(f.session) == FR_OK);
  ReportHandle cleared;
  CHECK(check(f.session, cleared) == FR_ERROR_INVALID_ARGUMENT);
  REQUIRE(fr_session_add_reference_csv(f.session, "registry", path.c_str()) == FR_OK);
  ReportHandle from_file;
  REQUIRE(check(f.session, from_file) == FR_OK);
  CHECK(json_of(from_file) == json_of(from_columns));

  // An earlier list that paid 张三 already makes row 1 fail too.
  const char* earlier_names[] = {"身份证号"};
  const char* earlier_values[] = {"11010519491231002X"};
  REQUIRE(fr_session_add_reference_columns(f.session, "earlier", 1, earlier_names, 1,
                                           earlier_values) == FR_OK);
  ReportHandle with_earlier;
  REQUIRE(check(f.session, with_earlier) == FR_OK);
  CHECK(fr_report_skipped_rule_count(with_earlier.p) == 0);
  REQUIRE(fr_report_violation_count(with_earlier.p) == 3);
  CHECK(std::string(fr_violation_rule_id(with_earlier.p, 0)) == "earlier.not_paid");
  CHECK(fr_violation_row(with_earlier.p, 0, 0) == 1);
}

TEST_CASE("a register that cannot be read whole is a data error", "[capi][refs]") {
  Fixture f;
  // No filing dates: every rule reading them would fail for the wrong reason.
  const char* names[] = {"身份证号"};
  const char* values[] = {"11010519491231002X"};
  CHECK(fr_session_add_reference_columns(f.session, "registry", 1, names, 1, values) ==
        FR_ERROR_DATA);
  CHECK(std::string(fr_last_error_message()).find("filed_on") != std::string::npos);
  // A date that is no date.
  const char* bad_values[] = {"11010519491231002X", "2016-13-01"};
  CHECK(fr_session_add_reference_columns(f.session, "registry", 2, kRegistryNames, 1, bad_values) ==
        FR_ERROR_DATA);
  CHECK(fr_session_add_reference_csv(f.session, "registry", "/nonexistent/registry.csv") ==
        FR_ERROR_DATA);
  CHECK(std::string(fr_session_last_error(f.session)).find("/nonexistent/registry.csv") !=
        std::string::npos);
}
