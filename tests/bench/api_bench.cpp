// The C++ API as a finance program embeds it: load and compile a ruleset, check a table held in
// memory, and check one record at a time as a clerk types it. Part of the peer benchmark
// (tests/bench/run_peers.py), which reads the JSON line this prints and the violations it
// writes; runnable by hand too:
//
//   api_bench --rules RULESET.yaml --csv ROSTER.csv [--out OUT] [--threads N]
//             [--loads N] [--records N]
//   api_bench --rules RULESET.yaml --list-rules
//
// The table is read from the CSV first (not timed with the check). OUT gets "row,rule" lines.
// --list-rules prints each rule's id, scope and group_by fields, tab-separated.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "fundrules/fundrules.hpp"

using namespace fundrules;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> samples) {
  if (samples.empty()) return 0.0;
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

/// Row `row` of `table` as a table of its own, as an embedding program builds one record.
Table one_row(const Table& table, std::size_t row) {
  std::vector<Column> columns;
  columns.reserve(table.num_columns());
  for (const Column& source : table.columns()) {
    Column column(source.name(), source.type());
    column.append(source.value_at(row));
    columns.push_back(std::move(column));
  }
  return Table(std::move(columns));
}

struct Args {
  std::string rules;
  std::string csv;
  std::string out;
  unsigned threads = 1;
  int loads = 20;
  int records = 2000;
  bool list_rules = false;
};

Args parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "api_bench: " << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--rules") {
      args.rules = value();
    } else if (arg == "--csv") {
      args.csv = value();
    } else if (arg == "--out") {
      args.out = value();
    } else if (arg == "--threads") {
      args.threads = static_cast<unsigned>(std::stoul(value()));
    } else if (arg == "--loads") {
      args.loads = std::stoi(value());
    } else if (arg == "--records") {
      args.records = std::stoi(value());
    } else if (arg == "--list-rules") {
      args.list_rules = true;
    } else {
      std::cerr << "api_bench: unknown argument " << arg << '\n';
      std::exit(2);
    }
  }
  if (args.rules.empty() || (args.csv.empty() && !args.list_rules)) {
    std::cerr << "usage: api_bench --rules RULESET.yaml (--csv ROSTER.csv | --list-rules)\n";
    std::exit(2);
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  if (args.list_rules) {
    const Ruleset ruleset = Ruleset::load_file(args.rules);
    for (const RuleInfo& rule : ruleset.rules()) {
      std::string group_by;
      for (const std::string& field : rule.group_by) {
        group_by += (group_by.empty() ? "" : ",") + field;
      }
      std::printf("%s\t%s\t%s\n", rule.id.c_str(), std::string(to_string(rule.scope)).c_str(),
                  group_by.c_str());
    }
    return 0;
  }

  // Loading and compiling the ruleset, the cost paid once per process.
  std::vector<double> load_ms;
  for (int i = 0; i < std::max(args.loads, 1); ++i) {
    const auto start = Clock::now();
    const Ruleset loaded = Ruleset::load_file(args.rules);
    load_ms.push_back(seconds_since(start) * 1e3);
  }
  const Ruleset ruleset = Ruleset::load_file(args.rules);

  auto start = Clock::now();
  const CsvBatch input = read_csv(args.csv, ruleset.schema());
  const double read_seconds = seconds_since(start);
  if (!input.problems.empty()) {
    std::cerr << args.csv << ": " << input.problems.size() << " unreadable rows\n";
    return 2;
  }

  CheckOptions options;
  options.threads = args.threads;
  start = Clock::now();
  const Report report = check(ruleset, input.table, options);
  const double check_seconds = seconds_since(start);

  // One record at a time: rows spread over the list, each built as a one-row table first.
  const std::size_t rows = input.table.num_rows();
  const std::size_t samples = std::min<std::size_t>(static_cast<std::size_t>(args.records), rows);
  std::vector<double> record_us;
  std::size_t record_violations = 0;
  for (std::size_t i = 0; i < samples; ++i) {
    const Table record = one_row(input.table, i * (rows / samples));
    const auto begin = Clock::now();
    const Report one = check(ruleset, record);
    record_us.push_back(seconds_since(begin) * 1e6);
    record_violations += one.violations().size();
  }

  if (!args.out.empty()) {
    std::FILE* out = std::fopen(args.out.c_str(), "w");
    if (out == nullptr) {
      std::cerr << args.out << ": cannot write\n";
      return 2;
    }
    for (const Violation& v : report.violations()) {
      for (const std::int64_t row : v.rows) {
        std::fprintf(out, "%lld,%s\n", static_cast<long long>(row), v.rule_id.c_str());
      }
    }
    std::fclose(out);
  }
  std::printf(
      "{\"rows\": %zu, \"seconds\": %.6f, \"read_seconds\": %.6f, \"load_ms\": %.3f, "
      "\"record_us\": %.3f, \"records\": %zu, \"record_violations\": %zu}\n",
      rows, check_seconds, read_seconds, median(load_ms), median(record_us), samples,
      record_violations);
  return 0;
}
