// Fuzzes the CSV reader against the Hefei ruleset's schema (plus a whole-number and a yes/no
// field, which that ruleset does not use). Checked, besides "no crash":
// - reading one row per batch, seven, or the whole file at once gives the same rows, problems
//   and errors;
// - every data row is in exactly one place: the row numbers of the tables and of the problems
//   are 1..N with none twice, and for plain ASCII text without line breaks in quoted cells N
//   is the number of records an independent RFC 4180 count finds (blank and all-empty records
//   left out);
// - input_sha256() is the digest of the bytes.
// When the first byte is odd, a valid header is put in front of the rest, so that most runs
// fuzz data rows rather than stopping at a header that names no field.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.hpp"
#include "fundrules/csv.hpp"
#include "fundrules/error.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace fundrules;
using fuzz::require;

const char* const kHeader =
    "name,id_number,category,amount,payment_method,bank_card,paid_on,members,union_member\n";

const Schema& schema() {
  static const Schema built = [] {
    Schema s = fuzz::hefei_ruleset().schema();
    FieldSpec members;
    members.name = "members";
    members.type = ValueType::Int;
    FieldSpec member;
    member.name = "union_member";
    member.type = ValueType::Bool;
    s.fields.push_back(members);
    s.fields.push_back(member);
    return s;
  }();
  return built;
}

struct Reading {
  bool refused = false;  // DataError
  std::string error;
  std::vector<std::string> rows;         // every row read, in order
  std::vector<std::string> problems;     // every problem, in order
  std::map<std::int64_t, int> numbered;  // row number -> times seen (a row, or problems' rows)
  std::string sha256;
};

Reading read(const std::string& text, std::size_t batch_rows) {
  Reading out;
  CsvOptions options;
  options.batch_rows = batch_rows;
  options.max_fields = 64;  // reachable by a short input
  try {
    CsvReader reader(std::make_unique<std::istringstream>(text), "fuzz.csv", schema(), options);
    CsvBatch batch;
    while (reader.next(batch)) {
      const Table& table = batch.table;
      for (std::size_t r = 0; r < table.num_rows(); ++r) {
        std::string row =
            "row " + std::to_string(table.row_number(r)) + " line " + std::to_string(table.line(r));
        for (const Column& column : table.columns()) row += " | " + column.value_at(r).to_literal();
        out.rows.push_back(row);
        ++out.numbered[table.row_number(r)];
      }
      std::set<std::int64_t> problem_rows;
      for (const RowProblem& problem : batch.problems) {
        out.problems.push_back("problem row " + std::to_string(problem.row) + " line " +
                               std::to_string(problem.line) + " column " +
                               std::to_string(problem.column) + " " + problem.field + ": " +
                               problem.message);
        problem_rows.insert(problem.row);
      }
      for (const std::int64_t row : problem_rows) ++out.numbered[row];
    }
    out.sha256 = reader.input_sha256();
  } catch (const DataError& error) {
    out.refused = true;
    out.error = error.what();
  }
  return out;
}

bool plain_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x7f || (byte < 0x20 && c != '\t' && c != '\r' && c != '\n')) return false;
  }
  return true;
}

// Records of the text by RFC 4180 (a quote opens a cell only as its first byte; LF, CR and
// CRLF end a record outside quotes), leaving out those whose cells are all blank. A quote that
// is never closed makes the rest of its line one record. The first record is the header, so
// the data records are one fewer. Returns -1 when a quoted cell holds a line break: the reader
// then keeps the record whole only if it comes out well formed for the header, and reads a
// malformed one as a stray quote costing one line, which this count does not model.
std::int64_t count_data_records(std::string_view text) {
  std::int64_t records = 0;
  bool quoted_line_break = false;
  std::size_t i = 0;
  while (i < text.size()) {
    bool blank = true;
    bool record_done = false;
    while (!record_done) {  // one cell per turn
      std::string cell;
      if (i < text.size() && text[i] == '"') {
        const std::size_t quote = i++;
        if (text.find('"', i) == std::string_view::npos) {
          // A quote never closed is a stray: its line is one (unreadable) record.
          const std::size_t line_end = text.find_first_of("\r\n", quote);
          i = line_end == std::string_view::npos ? text.size() : line_end;
          if (i < text.size()) i += text.compare(i, 2, "\r\n") == 0 ? 2 : 1;
          blank = false;
          break;
        }
        while (i < text.size()) {
          if (text[i] == '"' && i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
          } else if (text[i] == '"') {
            ++i;
            break;
          } else {
            quoted_line_break = quoted_line_break || text[i] == '\r' || text[i] == '\n';
            cell += text[i++];
          }
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        cell += text[i++];
      }
      if (cell.find_first_not_of(" \t") != std::string::npos) blank = false;
      if (i >= text.size()) {
        record_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
        record_done = true;
      }
    }
    if (!blank) ++records;
  }
  if (quoted_line_break) return -1;
  return records > 0 ? records - 1 : 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (size > 0 && (data[0] & 1) != 0) text = kHeader + text.substr(1);

  const Reading whole = read(text, 0);
  for (const std::size_t batch_rows : {std::size_t{1}, std::size_t{7}}) {
    const Reading batched = read(text, batch_rows);
    require(batched.refused == whole.refused && batched.error == whole.error,
            "batch size changes whether the file is refused", text);
    require(batched.rows == whole.rows, "batch size changes the rows read", text);
    require(batched.problems == whole.problems, "batch size changes the problems found", text);
  }
  if (whole.refused) return 0;

  require(whole.sha256 == sha256_hex(text), "input_sha256() is not the digest of the input", text);
  std::int64_t expected = 1;
  for (const auto& [row, times] : whole.numbered) {
    require(row == expected, "a data row number is missing", text);
    require(times == 1, "a row is both read and unreadable, or read twice", text);
    ++expected;
  }
  if (plain_ascii(text) && count_data_records(text) >= 0) {
    require(expected - 1 == count_data_records(text),
            "rows read + unreadable rows is not the number of data records", text);
  }
  return 0;
}
