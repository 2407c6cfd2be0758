// A Session on one to four threads gives the one-thread report, whatever the batch size: the
// rows shared out rule by rule or slice by slice, the rules finished on several threads, rows
// that could not be read, households and duplicate ID numbers spread over many batches, and
// sessions checked in parts and merged.

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

#include "hefei_ruleset.hpp"

using fundrules::CheckOptions;
using fundrules::CsvOptions;
using fundrules::Report;
using fundrules::Ruleset;
using fundrules::Session;

namespace {

// The sample roster (clean rows, failing rows, a household of two) `copies` times, with rows
// that cannot be read (a bad amount, a bad date, too many cells) among them. Every third copy keeps
// the sample's household numbers, so those households gather rows from all over the file; the
// others get households of their own. The ID numbers repeat in every copy, so the duplicate checks
// fire across batches.
std::string write_roster(int copies) {
  std::ifstream in(FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv", std::ios::binary);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  REQUIRE(rows.size() > 20);
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/session_threads_test_" +
                           std::to_string(copies) + ".csv";
  std::ofstream out(path, std::ios::binary);
  out << header << '\n';
  for (int copy = 0; copy < copies; ++copy) {
    for (std::string row : rows) {
      const std::size_t household = row.find(",H0");
      if (copy % 3 != 0 && household != std::string::npos) {
        row.insert(household + 2, std::to_string(copy) + "-");
      }
      out << row << '\n';
    }
    if (copy % 4 == 1) out << "坏行,340104198506125819,一线职工,H007,abc,银行卡,,,,,2017-01-26,,\n";
    if (copy % 5 == 2)
      out << "坏日,340104198506125819,一线职工,H007,500.00,银行卡,,,,,2017-02-30,,\n";
    if (copy % 7 == 3) out << "多栏,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n";
  }
  return path;
}

// Everything a user could compare: the report with personal data shown, its text, and how
// often each rule was checked (which the JSON leaves out).
std::string everything_in(const Report& report) {
  fundrules::ReportOptions options;
  options.language = "en";
  options.show_personal_data = true;
  std::string text = report.to_json(options) + report.to_text();
  for (const fundrules::RuleStat& stat : report.summary().rule_stats) {
    text += stat.rule_id + " checked " + std::to_string(stat.checked) + ", failed " +
            std::to_string(stat.failed) + "\n";
  }
  return text + report.summaries_to_csv(options);
}

CheckOptions options_on(unsigned threads) {
  CheckOptions options;
  options.as_of = fundrules::Date::parse("2017-01-20");
  options.threads = threads;
  return options;
}

}  // namespace

TEST_CASE("one to four threads give the one-thread report for every batch size",
          "[threads][engine]") {
  const std::string roster = write_roster(120);
  const Report reference = fundrules::check_csv(hefei(), roster, options_on(1));
  REQUIRE(reference.summary().unreadable > 50);
  REQUIRE(reference.summary().with_violations > 1000);
  REQUIRE(reference.summary().violations_by_rule.size() > 5);
  const std::string expected = everything_in(reference);
  // Batches below a thread's smallest slice, at it, just over it, of uneven ends, and the
  // whole file in one.
  for (const std::size_t batch_rows : {1, 97, 2047, 2048, 2500, 4097, 65536}) {
    for (unsigned threads = 1; threads <= 4; ++threads) {
      INFO(threads << " threads, batches of " << batch_rows);
      CsvOptions csv;
      csv.batch_rows = batch_rows;
      CHECK(everything_in(fundrules::check_csv(hefei(), roster, options_on(threads), csv)) ==
            expected);
    }
  }
}

TEST_CASE("a session given tables on several threads equals one on one thread",
          "[threads][engine]") {
  const std::string roster = write_roster(90);
  const fundrules::CsvBatch whole = fundrules::read_csv(roster, hefei().schema());
  REQUIRE_FALSE(whole.problems.empty());
  Session one(hefei(), options_on(1));
  one.add(whole.table);
  one.add_problems(whole.problems);
  const std::string expected = everything_in(one.finish());
  for (unsigned threads = 2; threads <= 4; ++threads) {
    INFO(threads << " threads");
    Session many(hefei(), options_on(threads));
    many.add_problems(whole.problems);
    many.add(whole.table);
    CHECK(everything_in(many.finish()) == expected);
  }
}

TEST_CASE("parts checked on several threads and merged give the one-thread report",
          "[threads][engine][merge]") {
  const std::string roster = write_roster(150);
  const std::string expected = everything_in(fundrules::check_csv(hefei(), roster, options_on(1)));
  // Three batches, each a part of its own (the rows keep the whole file's numbers); the
  // first two are large enough to be shared out over the threads.
  CsvOptions csv;
  csv.batch_rows = 2500;
  fundrules::CsvReader reader(roster, hefei().schema(), csv);
  std::vector<fundrules::CsvBatch> batches;
  for (fundrules::CsvBatch batch; reader.next(batch);) batches.push_back(std::move(batch));
  REQUIRE(batches.size() == 3);
  for (unsigned threads = 1; threads <= 4; ++threads) {
    std::vector<Report> parts;
    for (const fundrules::CsvBatch& batch : batches) {
      CheckOptions options = options_on(threads);
      options.mergeable = true;
      options.input_name = roster;
      Session part(hefei(), options);
      part.add_problems(batch.problems);
      part.add(batch.table);
      part.set_input_sha256(reader.input_sha256());
      part.set_input_columns(reader.unused_columns(), reader.missing_fields());
      parts.push_back(part.finish());
    }
    INFO(threads << " threads");
    CHECK(everything_in(Report::merge(parts)) == expected);
  }
}

TEST_CASE(
    "group rules of many groups finished in ranges on several threads give the one-thread "
    "report",
    "[threads][engine]") {
  // Enough ID numbers and households that each group rule is finished in several ranges of
  // groups: every seventh row repeats an ID number from thousands of rows before (in another
  // range), with its check character in lower case now and then; a household of two rows is
  // short of the minimum unless one of them is an eleventh row, so most households fail, those
  // at the ends of ranges included.
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/session_threads_test_groups.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "姓名,身份证号,对象类别,户号,金额,发放方式,银行卡号,联系电话,困难原因,签领人,"
           "发放日期,月平均收入,劳模级别\n";
    const auto id_of = [](int row) {
      std::string id = "3401041985" + std::to_string(100000 + row).substr(1) + "000";
      return id + (row % 3 == 0 ? "X" : std::to_string(row % 10));
    };
    for (int row = 0; row < 20000; ++row) {
      std::string id = id_of(row % 7 == 6 && row > 5000 ? row - 5000 : row);
      if (row % 13 == 6 && id.back() == 'X') id.back() = 'x';
      out << "职工" << row << ',' << id << ",建档在册困难职工,H" << row / 2 << ','
          << (row % 11 == 0 ? "700.00" : "100.00")
          << ",银行卡,6222026385855716063,18188076013,因病致困,,2016-12-20,,\n";
    }
  }
  const Report reference = fundrules::check_csv(hefei(), path, options_on(1));
  REQUIRE(reference.summary().violations_by_rule.at("duplicate.id_number") > 1000);
  REQUIRE(reference.summary().violations_by_rule.at("hardship.household_min") > 500);
  const std::string expected = everything_in(reference);
  for (unsigned threads = 2; threads <= 4; ++threads) {
    INFO(threads << " threads");
    CHECK(everything_in(fundrules::check_csv(hefei(), path, options_on(threads))) == expected);
  }
}
