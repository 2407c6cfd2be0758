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
// One record is timed two ways on the same rows: "record_us" is check(ruleset, record) (a whole
// check per record), "prepared_record_us" is RecordChecker::check(record) (set up once, then one
// call per record); both give the same violations, which the program verifies.
// --list-rules prints each rule's id, scope and group_by fields, tab-separated.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
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

/// The times of one way of checking records, and what it found (to compare the two ways).
struct RecordTimes {
  std::vector<double> wall_us;
  double cpu_seconds = 0;
  std::size_t violations = 0;
  std::string fingerprint;  // "rule@row;" for every violation, in order

  void add(Clock::time_point begin, std::clock_t cpu_begin, const std::vector<Violation>& found) {
    cpu_seconds += static_cast<double>(std::clock() - cpu_begin) / CLOCKS_PER_SEC;
    wall_us.push_back(seconds_since(begin) * 1e6);
    violations += found.size();
    for (const Violation& v : found) {
      fingerprint +=
          v.rule_id + '@' + (v.rows.empty() ? "-" : std::to_string(v.rows.front())) + ';';
    }
  }
  [[nodiscard]] double mean_cpu_us() const {
    return wall_us.empty() ? 0.0 : cpu_seconds * 1e6 / static_cast<double>(wall_us.size());
  }
};

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
  const std::clock_t load_cpu_start = std::clock();
  for (int i = 0; i < std::max(args.loads, 1); ++i) {
    const auto start = Clock::now();
    const Ruleset loaded = Ruleset::load_file(args.rules);
    load_ms.push_back(seconds_since(start) * 1e3);
  }
  const double load_cpu_ms = static_cast<double>(std::clock() - load_cpu_start) * 1e3 /
                             CLOCKS_PER_SEC / std::max(args.loads, 1);
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
  const std::clock_t cpu_start = std::clock();
  const Report report = check(ruleset, input.table, options);
  const double check_seconds = seconds_since(start);
  // CPU time of all threads: on a shared machine the steadier figure.
  const double check_cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  // One record at a time: rows spread over the list, each built as a one-row table first.
  const std::size_t rows = input.table.num_rows();
  const std::size_t samples = std::min<std::size_t>(static_cast<std::size_t>(args.records), rows);
  std::vector<Table> records;
  records.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i)
    records.push_back(one_row(input.table, i * (rows / samples)));
  RecordTimes plain;
  for (const Table& record : records) {
    const auto begin = Clock::now();
    const std::clock_t cpu_begin = std::clock();
    const Report one = check(ruleset, record);
    plain.add(begin, cpu_begin, one.violations());
  }
  RecordChecker checker(ruleset);
  RecordTimes prepared;
  for (const Table& record : records) {
    const auto begin = Clock::now();
    const std::clock_t cpu_begin = std::clock();
    const std::vector<Violation> violations = checker.check(record);
    prepared.add(begin, cpu_begin, violations);
  }
  if (prepared.fingerprint != plain.fingerprint) {
    std::cerr << "api_bench: RecordChecker and check() found different violations\n";
    return 1;
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
      "{\"rows\": %zu, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"read_seconds\": %.6f, "
      "\"load_ms\": %.3f, \"load_cpu_ms\": %.3f, \"record_cpu_us\": %.3f, "
      "\"record_us\": %.3f, \"prepared_record_cpu_us\": %.3f, \"prepared_record_us\": %.3f, "
      "\"records\": %zu, \"record_violations\": %zu}\n",
      rows, check_seconds, check_cpu, read_seconds, median(load_ms), load_cpu_ms,
      plain.mean_cpu_us(), median(plain.wall_us), prepared.mean_cpu_us(), median(prepared.wall_us),
      samples, plain.violations);
  return 0;
}
