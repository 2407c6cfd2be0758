// Spilled violations: a check that keeps its violations on disk (CheckOptions::spill_directory)
// must give the report it gives with every violation in memory, byte for byte, in every format
// and language, whatever the batch size, thread count and spill threshold; and the temporary
// file must never outlive the check.

#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/ruleset.hpp"

#include "hefei_ruleset.hpp"

using fundrules::CheckOptions;
using fundrules::CsvOptions;
using fundrules::Report;
using fundrules::ReportOptions;
using fundrules::Ruleset;
using fundrules::Session;

namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// The sample roster of 合肥 copied `copies` times: each ID number then recurs in every copy
// (group violations about many rows), households grow past their minimum or cap, and every
// 37th row has an amount that cannot be read.
std::string write_roster(int copies) {
  std::ifstream in(FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv", std::ios::binary);
  std::string header;
  std::getline(in, header);
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(line);
  }
  REQUIRE(rows.size() == 42);
  const std::string path =
      std::string(FUNDRULES_BINARY_DIR) + "/spill_test_roster_" + std::to_string(copies) + ".csv";
  std::ofstream out(path, std::ios::binary);
  out << header << '\n';
  int n = 0;
  for (int c = 0; c < copies; ++c) {
    for (const std::string& row : rows) {
      std::vector<std::string> cells = split(row);
      // Rows with a quoted comma go out as they are.
      if (++n % 37 == 0 && cells.size() == 13) {
        cells[4] = "12x";  // 金额
        for (std::size_t i = 0; i < cells.size(); ++i) out << (i > 0 ? "," : "") << cells[i];
      } else {
        out << row;
      }
      out << '\n';
    }
  }
  return path;
}

// A directory of its own for each test case (ctest runs them at once), empty.
std::string fresh_directory(const std::string& name) {
  const fs::path dir = fs::path(FUNDRULES_BINARY_DIR) / ("spill_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

bool is_empty(const std::string& dir) { return fs::is_empty(fs::path(dir)); }

// Every rendering of the report a user can ask for, each in every language.
std::vector<std::string> renderings(const Report& report) {
  std::vector<std::string> texts;
  for (const char* language : {"zh", "en"}) {
    for (const bool show : {false, true}) {
      ReportOptions options;
      options.language = language;
      options.show_personal_data = show;
      texts.push_back(report.to_json(options));
      texts.push_back(report.to_csv(options));
      texts.push_back(report.to_text(options));
      std::ostringstream json;
      std::ostringstream csv;
      std::ostringstream text;
      report.write_json(json, options);
      report.write_csv(csv, options);
      report.write_text(text, options);
      texts.push_back(json.str());
      texts.push_back(csv.str());
      texts.push_back(text.str());
    }
  }
  return texts;
}

// The two reports are the same for a user: every rendering, the verdict, every violation.
void require_same(const Report& spilled, const Report& in_memory) {
  REQUIRE(spilled.ok() == in_memory.ok());
  REQUIRE(spilled.violation_count() == in_memory.violations().size());
  const std::vector<std::string> got = renderings(spilled);
  const std::vector<std::string> want = renderings(in_memory);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) REQUIRE(got[i] == want[i]);
  std::size_t visited = 0;
  spilled.for_each_violation([&](const fundrules::Violation&) { ++visited; });
  REQUIRE(visited == in_memory.violations().size());
  // The whole list, read back on demand, renders as the list kept in memory.
  const Report loaded(spilled.summary(), spilled.violations(), spilled.summaries());
  REQUIRE(loaded.to_json() == in_memory.to_json());
}

}  // namespace

TEST_CASE("a spilled report is the in-memory report, byte for byte", "[spill]") {
  const std::string roster = write_roster(20);
  const std::string dir = fresh_directory("formats");
  // Small batches (many runs) and one batch (one run, or none), on one to four threads.
  const std::vector<std::pair<std::size_t, unsigned>> setups = {
      {7, 1}, {7, 3}, {1000, 2}, {1000, 4}};
  for (const auto& [batch_rows, threads] : setups) {
    CheckOptions options;
    options.threads = threads;
    CsvOptions csv;
    csv.batch_rows = batch_rows;
    const Report in_memory = fundrules::check_csv(hefei(), roster, options, csv);
    REQUIRE(in_memory.summary().unreadable > 0);
    REQUIRE(in_memory.summary().with_violations > 0);
    // 0 spills every batch that found anything, 3000 bytes about one violation at a time,
    // 100000 many at a time, and the last bound is never reached.
    for (const std::size_t threshold :
         {std::size_t{0}, std::size_t{3000}, std::size_t{100000}, std::size_t{1} << 40}) {
      CAPTURE(batch_rows, threads, threshold);
      options.spill_directory = dir;
      options.spill_threshold = threshold;
      const Report spilled = fundrules::check_csv(hefei(), roster, options, csv);
      REQUIRE(spilled.spilled() == (threshold < (std::size_t{1} << 40)));
      require_same(spilled, in_memory);
      REQUIRE(is_empty(dir));  // the file is unlinked as soon as it is made
      options.spill_directory.clear();
    }
  }
}

namespace {

// Reads `path` whole and feeds it to `session`, unreadable rows included.
void feed(Session& session, const std::string& path) {
  const fundrules::CsvBatch data = fundrules::read_csv(path, hefei().schema());
  session.add_problems(data.problems);
  session.add(data.table);
}

// The data lines of `path` from `begin` (0-based) to `end`, under its header, as a file.
std::string part_of(const std::string& path, std::size_t begin, std::size_t end) {
  std::ifstream in(path, std::ios::binary);
  std::string header;
  std::getline(in, header);
  const std::string part = path + "." + std::to_string(begin) + "-" + std::to_string(end);
  std::ofstream out(part, std::ios::binary);
  out << header << '\n';
  std::size_t n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    if (n >= begin && n < end) out << line << '\n';
  }
  return part;
}

}  // namespace

TEST_CASE("batches numbered from 1 each time still merge in report order", "[spill]") {
  // The same rows twice, each time numbered 1, 2, ...: their runs overlap, so the reader
  // merges several chains of runs.
  const std::string roster = write_roster(3);
  const auto run = [&](const std::string& dir) {
    CheckOptions options;
    options.spill_directory = dir;
    options.spill_threshold = 0;
    Session session(hefei(), options);
    feed(session, roster);
    feed(session, roster);
    return session.finish();
  };
  const Report spilled = run(fresh_directory("overlap"));
  REQUIRE(spilled.spilled());
  require_same(spilled, run(""));
}

TEST_CASE("sessions that spilled merge as the whole list checked at once", "[spill]") {
  const std::string roster = write_roster(6);
  Session all(hefei());
  feed(all, roster);
  const Report whole = all.finish();
  const std::size_t half = 100;
  const std::string dir = fresh_directory("merge");
  CheckOptions options;
  options.spill_directory = dir;
  options.spill_threshold = 0;
  Session front(hefei(), options);
  feed(front, part_of(roster, 0, half));
  options.first_row = static_cast<std::int64_t>(half) + 1;
  Session back(hefei(), options);
  feed(back, part_of(roster, half, 6 * 42));

  SECTION("into a session that spills too") {
    front.merge(std::move(back));
    const Report merged = front.finish();
    REQUIRE(merged.spilled());
    require_same(merged, whole);
  }
  SECTION("into a session that keeps violations in memory: refused, naming the setting") {
    options.spill_directory.clear();
    options.first_row = 1;
    Session kept(hefei(), options);
    feed(kept, part_of(roster, 0, half));
    REQUIRE_THROWS_WITH(kept.merge(std::move(back)), Catch::Contains("spill_directory"));
  }
  REQUIRE(is_empty(dir));
}

TEST_CASE("spilling is refused where it cannot work, with a clear error", "[spill]") {
  CheckOptions options;
  options.spill_directory = fresh_directory("refused");
  options.mergeable = true;
  REQUIRE_THROWS_AS(Session(hefei(), options), fundrules::Error);

  options.mergeable = false;
  options.spill_directory = std::string(FUNDRULES_BINARY_DIR) + "/spill_test_no_such_dir";
  options.spill_threshold = 0;
  REQUIRE_THROWS_WITH(fundrules::check_csv(hefei(), write_roster(1), options),
                      Catch::Contains("spill_test_no_such_dir"));
}

TEST_CASE("a check that fails midway leaves no temporary file behind", "[spill]") {
  const std::string dir = fresh_directory("failure");
  CheckOptions options;
  options.spill_directory = dir;
  options.spill_threshold = 0;
  options.max_groups = 20;  // the groups of the first two batches stay below it
  CsvOptions csv;
  csv.batch_rows = 10;
  REQUIRE_THROWS_AS(fundrules::check_csv(hefei(), write_roster(4), options, csv),
                    fundrules::LimitError);
  REQUIRE(is_empty(dir));
}
