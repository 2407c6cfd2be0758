// Reading speed of the CSV reader on a generated roster of realistic shape: 14 columns of
// names, ID numbers, categories, amounts, dates, cards, phones and free text.
//
//   csv_bench [--rows N] [--gb18030] [--fields K] [--batch R] [--file PATH] [--keep]
//
// --fields K reads only the first K fields (the others become ignored columns), which shows
// the cost of tokenizing apart from converting cells. Prints rows/s and MB/s of the read alone
// (generating the file is not timed).

#include <iconv.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/error.hpp"

using namespace fundrules;

namespace {

struct Options {
  std::size_t rows = 1000000;
  bool gb18030 = false;
  std::size_t fields = 100;
  std::size_t batch_rows = 65536;
  std::string file;
  bool keep = false;
};

EnumValue choice(const char* code, const char* zh) {
  EnumValue value;
  value.code = code;
  value.label_zh = zh;
  return value;
}

FieldSpec spec(const char* name, ValueType type, const char* zh) {
  FieldSpec field;
  field.name = name;
  field.type = type;
  field.label_zh = zh;
  return field;
}

Schema roster_schema(std::size_t keep) {
  Schema schema;
  schema.fields.push_back(spec("seq", ValueType::Int, "序号"));
  schema.fields.push_back(spec("name", ValueType::String, "姓名"));
  schema.fields.back().personal = PersonalData::Name;
  schema.fields.push_back(spec("id_number", ValueType::String, "身份证号"));
  schema.fields.back().personal = PersonalData::IdNumber;
  schema.fields.push_back(spec("category", ValueType::String, "对象类别"));
  schema.fields.back().values = {choice("registered_hardship", "建档在册困难职工"),
                                 choice("unregistered_hardship", "非建档困难职工"),
                                 choice("hardship_model_worker", "困难劳模"),
                                 choice("frontline", "一线职工")};
  schema.fields.push_back(spec("household_id", ValueType::String, "户号"));
  schema.fields.push_back(spec("amount", ValueType::Decimal, "金额"));
  schema.fields.back().money = true;
  schema.fields.push_back(spec("payment_method", ValueType::String, "发放方式"));
  schema.fields.back().values = {choice("bank_card", "银行卡"),
                                 choice("signed_cash", "实名制签领")};
  schema.fields.push_back(spec("bank_card", ValueType::String, "银行卡号"));
  schema.fields.push_back(spec("phone", ValueType::String, "联系电话"));
  schema.fields.push_back(spec("hardship_reason", ValueType::String, "困难原因"));
  schema.fields.push_back(spec("signer", ValueType::String, "签领人"));
  schema.fields.push_back(spec("paid_on", ValueType::Date, "发放日期"));
  schema.fields.push_back(spec("monthly_income", ValueType::Decimal, "月平均收入"));
  schema.fields.push_back(spec("model_worker_level", ValueType::String, "劳模级别"));
  schema.fields.back().values = {choice("national", "全国"), choice("provincial", "省部级"),
                                 choice("city", "市级"), choice("county", "县级")};
  if (keep < schema.fields.size()) schema.fields.resize(keep);
  return schema;
}

// A small fast generator: the data only has to look varied, not be random.
struct Lcg {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
};

void generate(const std::string& path, std::size_t rows) {
  static const char* const kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄"};
  static const char* const kGiven[] = {"伟", "芳", "娜", "秀英", "敏", "静", "强", "磊", "军"};
  static const char* const kCategories[] = {"建档在册困难职工", "非建档困难职工", "困难劳模",
                                            "一线职工"};
  static const char* const kReasons[] = {"本人患病", "\"子女上学,家庭负担重\"", "下岗失业",
                                         "意外灾害", ""};
  static const char* const kLevels[] = {"", "", "", "全国", "省部级", "市级", "县级"};
  std::ofstream out(path, std::ios::binary);
  out << "序号,姓名,身份证号,对象类别,户号,金额,发放方式,银行卡号,联系电话,困难原因,签领人,"
         "发放日期,月平均收入,劳模级别\r\n";
  Lcg rng;
  std::string line;
  char buffer[64];
  for (std::size_t r = 1; r <= rows; ++r) {
    line.clear();
    const std::string name = std::string(kSurnames[rng.below(8)]) + kGiven[rng.below(9)];
    line += std::to_string(r) + "," + name + ",";
    std::snprintf(buffer, sizeof buffer, "3401%02u19%02u%02u%02u%03u%u", rng.below(99),
                  50 + rng.below(50), 1 + rng.below(12), 1 + rng.below(28), rng.below(1000),
                  rng.below(10));
    line += buffer;
    line += ",";
    line += kCategories[rng.below(4)];
    line += ",H" + std::to_string(r / 2) + ",";
    const std::uint32_t amount = 300 + rng.below(12) * 50;
    switch (rng.below(4)) {
      case 0:
        line += std::to_string(amount);
        break;
      case 1:
        line += std::to_string(amount) + ".00";
        break;
      case 2:
        line += std::to_string(amount) + "元";
        break;
      default:
        line += "\"" + std::to_string(amount) + ".00\"";
        break;
    }
    const bool card = rng.below(3) != 0;
    line += card ? ",银行卡," : ",实名制签领,";
    std::snprintf(buffer, sizeof buffer, "6225%06u%06u", rng.below(1000000), rng.below(1000000));
    line += buffer;
    std::snprintf(buffer, sizeof buffer, ",13%09u,", rng.below(1000000000));
    line += buffer;
    line += kReasons[rng.below(5)];
    line += "," + (card ? std::string() : name) + ",";
    std::snprintf(buffer, sizeof buffer, "2024-01-%02u,%u.%02u,", 1 + rng.below(28),
                  1000 + rng.below(5000), rng.below(100));
    line += buffer;
    line += kLevels[rng.below(7)];
    line += "\r\n";
    out << line;
  }
}

void to_gb18030(const std::string& from, const std::string& to) {
  const std::string command = "iconv -f UTF-8 -t GB18030 '" + from + "' > '" + to + "'";
  if (std::system(command.c_str()) != 0) {
    std::cerr << "iconv failed\n";
    std::exit(1);
  }
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--rows") {
      options.rows = std::stoul(value());
    } else if (arg == "--gb18030") {
      options.gb18030 = true;
    } else if (arg == "--fields") {
      options.fields = std::stoul(value());
    } else if (arg == "--batch") {
      options.batch_rows = std::stoul(value());
    } else if (arg == "--file") {
      options.file = value();
    } else if (arg == "--keep") {
      options.keep = true;
    } else {
      std::cerr << "usage: csv_bench [--rows N] [--gb18030] [--fields K] [--batch R] "
                   "[--file PATH] [--keep]\n";
      std::exit(2);
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const std::string base = options.file.empty()
                               ? "/tmp/fundrules_csv_bench_" + std::to_string(options.rows)
                               : options.file;
  const std::string utf8_path = base + ".csv";
  const std::string path = options.gb18030 ? base + ".gb18030.csv" : utf8_path;
  if (!std::ifstream(utf8_path).good()) generate(utf8_path, options.rows);
  if (options.gb18030 && !std::ifstream(path).good()) to_gb18030(utf8_path, path);

  CsvOptions csv;
  csv.batch_rows = options.batch_rows;
  const Schema schema = roster_schema(options.fields);
  std::size_t rows = 0;
  std::size_t problems = 0;
  std::string digest;
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  try {
    CsvReader reader(path, schema, csv);
    CsvBatch batch;
    while (reader.next(batch)) {
      rows += batch.table.num_rows();
      problems += batch.problems.size();
    }
    digest = reader.input_sha256();
  } catch (const Error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // CPU time too: on a shared machine the wall clock also measures the other processes.
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::ifstream sized(path, std::ios::binary | std::ios::ate);
  const double megabytes = static_cast<double>(sized.tellg()) / 1e6;
  const double total_rows = static_cast<double>(rows + problems);
  std::printf(
      "%s: %zu rows read, %zu problems, %zu of 14 fields, %.1f MB\n"
      "  wall %.3f s: %.0f rows/s, %.0f MB/s\n"
      "  cpu  %.3f s: %.0f rows/s, %.0f MB/s\n"
      "  sha256 %s\n",
      path.c_str(), rows, problems, schema.fields.size(), megabytes, seconds, total_rows / seconds,
      megabytes / seconds, cpu_seconds, total_rows / cpu_seconds, megabytes / cpu_seconds,
      digest.c_str());
  if (!options.keep && options.file.empty()) {
    std::remove(path.c_str());
    if (path != utf8_path) std::remove(utf8_path.c_str());
  }
  return problems == 0 ? 0 : 1;
}
