// One compiled ruleset shared by eight threads checking at once gives each of them exactly the
// report a single thread gets.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"

namespace {

const std::string kData = std::string(FUNDRULES_SOURCE_DIR) + "/tests/consumer/data/";

// A roster of `copies` times the six sample rows (clean, failing, unreadable), so that a data
// race has thousands of rows to show itself in. Each test case has its own file: ctest runs
// them as separate processes at the same time.
std::string write_large_roster(int copies) {
  std::ifstream in(kData + "roster.csv", std::ios::binary);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    rows.push_back(line);
  }
  REQUIRE(rows.size() == 6);
  const std::string path =
      std::string(FUNDRULES_BINARY_DIR) + "/threads_test_roster_" + std::to_string(copies) + ".csv";
  std::ofstream out(path, std::ios::binary);
  out << header << '\n';
  for (int i = 0; i < copies; ++i) {
    for (const auto& row : rows) {
      out << row << '\n';
    }
  }
  return path;
}

}  // namespace

TEST_CASE("eight threads on one ruleset get the single-thread report", "[threads]") {
  const auto ruleset = fundrules::Ruleset::load_file(kData + "relief.yaml");
  const std::string roster = write_large_roster(2000);
  fundrules::CheckOptions options;
  options.as_of = fundrules::Date::parse("2024-01-20");
  fundrules::CsvOptions csv_options;
  csv_options.batch_rows = 1000;  // many batches: group and batch states must merge right

  const auto reference = fundrules::check_csv(ruleset, roster, options, csv_options);
  REQUIRE(reference.summary().rows == 12000);
  REQUIRE(reference.summary().clean == 4000);
  REQUIRE(reference.summary().unreadable == 2000);
  REQUIRE(reference.violations().size() == 8000);
  const std::string expected = reference.to_json();

  // Half the threads stream the file, half check a table read up front: both paths share the
  // one compiled ruleset.
  const auto whole = fundrules::read_csv(roster, ruleset.schema());
  const auto check_table = [&] {
    fundrules::Session session(ruleset, options);
    session.add(whole.table);
    session.add_problems(whole.problems);
    return session.finish();
  };
  const auto table_reference = check_table();
  REQUIRE(table_reference.summary().unreadable == 2000);
  REQUIRE(table_reference.violations().size() == 8000);
  const std::string expected_table = table_reference.to_json();
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      results[t] = t % 2 == 0
                       ? fundrules::check_csv(ruleset, roster, options, csv_options).to_json()
                       : check_table().to_json();
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (std::size_t t = 0; t < results.size(); ++t) {
    INFO("thread " << t);
    CHECK(results[t] == (t % 2 == 0 ? expected : expected_table));
  }
}

TEST_CASE("a check on several threads equals the check on one", "[threads]") {
  const auto ruleset = fundrules::Ruleset::load_file(kData + "relief.yaml");
  const std::string roster = write_large_roster(500);
  fundrules::CheckOptions options;
  options.as_of = fundrules::Date::parse("2024-01-20");
  const std::string one = fundrules::check_csv(ruleset, roster, options).to_json();
  options.threads = 4;
  CHECK(fundrules::check_csv(ruleset, roster, options).to_json() == one);
}

TEST_CASE("threads sharing out a ruleset's rules give the one-thread report", "[threads]") {
  // The 合肥 ruleset has enough rules for two and three threads to share them out rule by
  // rule; sixty-four threads split the rows instead. Household and duplicate checks see the
  // same people again in every copy of the roster, across batches.
  const auto ruleset = fundrules::Ruleset::load_file(std::string(FUNDRULES_SOURCE_DIR) +
                                                     "/rules/cn/hefei/2017-liangjie.yaml");
  std::ifstream in(std::string(FUNDRULES_SOURCE_DIR) + "/examples/data/hefei-2017-roster.csv",
                   std::ios::binary);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  REQUIRE(rows.size() > 20);
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/threads_test_hefei.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << header << '\n';
    for (int copy = 0; copy < 200; ++copy) {
      for (const auto& row : rows) out << row << '\n';
    }
  }
  fundrules::CheckOptions options;
  options.as_of = fundrules::Date::parse("2017-01-20");
  const fundrules::Report reference = fundrules::check_csv(ruleset, path, options);
  REQUIRE(reference.summary().rows == static_cast<std::int64_t>(rows.size() * 200));
  REQUIRE_FALSE(reference.violations().empty());
  const std::string one = reference.to_json();
  for (const std::size_t threads : {2, 3, 64}) {
    for (const std::size_t batch_rows : {2048, 3000, 65536}) {
      INFO(threads << " threads, batches of " << batch_rows);
      options.threads = threads;
      fundrules::CsvOptions csv_options;
      csv_options.batch_rows = batch_rows;
      CHECK(fundrules::check_csv(ruleset, path, options, csv_options).to_json() == one);
    }
  }
}
