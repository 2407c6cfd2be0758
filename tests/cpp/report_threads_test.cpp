// Reports formatted on several threads (ReportOptions::threads): the JSON and CSV texts must be
// the one-thread texts byte for byte, whatever the number of violations (none, one, fewer than
// a thread's share, either side of a block's end), whether they are kept in memory or read back
// from disk, and in every language and masking.

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/report.hpp"

#include "hefei_ruleset.hpp"

using fundrules::Report;
using fundrules::ReportOptions;
using fundrules::Violation;

namespace {

// Violation i of a made-up report: every kind of field filled in some of them, texts that need
// quoting or escaping, personal values to mask, rows of one or many.
Violation made_up(std::size_t i) {
  Violation v;
  v.rule_id = i % 3 == 0 ? "duplicate.id_number" : "amount.positive";
  v.rule_origin = "test.rules";
  v.rule_source = {"rules.yaml", static_cast<int>(i % 50), 3};
  v.severity = i % 4 == 0 ? fundrules::Severity::Warning : fundrules::Severity::Error;
  v.scope = i % 3 == 0 ? fundrules::Scope::Group : fundrules::Scope::Record;
  v.rows = {static_cast<std::int64_t>(i + 1)};
  if (i % 3 == 0) v.rows.push_back(static_cast<std::int64_t>(i + 100));
  v.line = static_cast<std::int64_t>(i + 2);
  v.column = i % 7 == 0 ? 5 : 0;
  v.group_key = i % 3 == 0 ? "34010419850612581" + std::to_string(i % 10) : "";
  v.message_zh = "金额须大于0，第" + std::to_string(i) + "行\"引号\", 逗号";
  v.message_en = i % 5 == 0 ? "" : "amount must be positive\n(line " + std::to_string(i) + ")";
  fundrules::ValueRead id;
  id.name = "id_number";
  id.value = "34010419850612581" + std::to_string(i % 10);
  id.personal = fundrules::PersonalData::IdNumber;
  v.values.push_back(id);
  fundrules::ValueRead amount;
  amount.name = "amount";
  amount.value = i % 11 == 0 ? "null" : "-" + std::to_string(i) + ".50";
  amount.missing = i % 11 == 0;
  v.values.push_back(amount);
  if (i % 2 == 0) {
    fundrules::ParamUsed param;
    param.name = "minimum";
    param.value = "600";
    param.origin = "test.rules";
    param.set_at = {"rules.yaml", 9, 1};
    v.params.push_back(param);
  }
  v.clause = i % 6 == 0 ? "二(二)" : "";
  v.clause_text = "第二条";
  // A spreadsheet formula: CSV writes it with an apostrophe before it.
  v.detail = i % 9 == 0 ? "tab\there" : "=SUM(A1)";
  return v;
}

Report made_up_report(std::size_t count) {
  fundrules::Summary summary;
  summary.ruleset_id = "test.rules";
  summary.rows = static_cast<std::int64_t>(count + 100);
  summary.fundrules_version = "0.1.0";
  std::vector<Violation> violations;
  for (std::size_t i = 0; i < count; ++i) violations.push_back(made_up(i));
  return Report(summary, violations);
}

// The JSON and CSV texts of `report`, returned and streamed, in both languages, masked and not.
std::vector<std::string> texts_of(const Report& report, unsigned threads) {
  std::vector<std::string> texts;
  for (const char* language : {"zh", "en"}) {
    for (const bool show : {false, true}) {
      ReportOptions options;
      options.language = language;
      options.show_personal_data = show;
      options.threads = threads;
      texts.push_back(report.to_json(options));
      texts.push_back(report.to_csv(options));
      std::ostringstream json;
      std::ostringstream csv;
      report.write_json(json, options);
      report.write_csv(csv, options);
      texts.push_back(json.str());
      texts.push_back(csv.str());
    }
  }
  return texts;
}

void require_same_on_threads(const Report& report) {
  const std::vector<std::string> one = texts_of(report, 1);
  for (const unsigned threads : {2U, 3U, 4U, 7U}) {
    INFO(threads << " threads");
    const std::vector<std::string> many = texts_of(report, threads);
    REQUIRE(many.size() == one.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
      INFO("text " << i);
      REQUIRE(many[i] == one[i]);
    }
  }
}

}  // namespace

TEST_CASE("a report in memory formats the same on one thread or many", "[report][threads]") {
  // None; one; fewer than a thread's share; a few shares; either side of a block of 2,048;
  // several blocks and a part.
  for (const std::size_t count :
       {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{130}, std::size_t{2047},
        std::size_t{2048}, std::size_t{2049}, std::size_t{5000}}) {
    INFO(count << " violations");
    const Report report = made_up_report(count);
    require_same_on_threads(report);
  }
  // The text is what the made-up violations hold, not an empty document on every thread count.
  ReportOptions options;
  options.threads = 3;
  const std::string csv = made_up_report(130).to_csv(options);
  CHECK(csv.find("\"金额须大于0，第129行\"\"引号\"\", 逗号\"") != std::string::npos);
  CHECK(csv.find(",'=SUM(A1)\r\n") != std::string::npos);
  CHECK(csv.find("340104198506125819") == std::string::npos);  // masked
}

TEST_CASE("a report read back from disk formats the same on one thread or many",
          "[report][threads][spill]") {
  // The sample roster of 合肥 many times over: thousands of violations, record and group ones,
  // some about many rows.
  std::ifstream in(FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv", std::ios::binary);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(line);
  }
  REQUIRE(rows.size() > 20);
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/report_threads_test.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << header << '\n';
    for (int copy = 0; copy < 120; ++copy) {
      for (const std::string& row : rows) out << row << '\n';
    }
  }
  const std::string dir = std::string(FUNDRULES_BINARY_DIR) + "/report_threads_test_spill";
  std::filesystem::create_directories(dir);
  fundrules::CheckOptions options;
  options.threads = 2;
  options.spill_directory = dir;
  // Spilled every few batches, so that the violations come back from several runs.
  options.spill_threshold = 200000;
  fundrules::CsvOptions csv;
  csv.batch_rows = 500;
  const Report spilled = fundrules::check_csv(hefei(), path, options, csv);
  REQUIRE(spilled.spilled());
  REQUIRE(spilled.violation_count() > 2048);  // more than one block
  require_same_on_threads(spilled);
  // And the same as the report that kept its violations in memory.
  options.spill_directory.clear();
  const Report in_memory = fundrules::check_csv(hefei(), path, options, csv);
  REQUIRE_FALSE(in_memory.spilled());
  CHECK(texts_of(spilled, 4) == texts_of(in_memory, 1));
}
