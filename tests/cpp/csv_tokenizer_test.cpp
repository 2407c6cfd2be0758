// Tests of the CSV tokenizer's block-at-a-time scan against its byte-by-byte scan: on any text,
// at any offset and whether or not more data may follow, both must find the same records.

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "io/csv_tokenizer.hpp"

using fundrules::io::FieldSpan;
using fundrules::io::Record;
using fundrules::io::ScanStatus;
using fundrules::io::Tokenizer;

namespace {

// Every record of `text` scanned from its start with both tokenizers, compared field by field.
// Returns the number of complete records.
std::size_t compare_scans(const Tokenizer& fast, const Tokenizer& general, const std::string& text,
                          bool at_end) {
  std::size_t records = 0;
  std::size_t pos = 0;
  for (;;) {
    Record a;
    Record b;
    const ScanStatus sa = fast.scan(text.data(), text.size(), pos, at_end, a);
    const ScanStatus sb = general.scan(text.data(), text.size(), pos, at_end, b);
    INFO("record at " << pos << " of \"" << text << "\"");
    REQUIRE(sa == sb);
    if (sa != ScanStatus::Complete) return records;
    ++records;
    REQUIRE(a.begin == b.begin);
    REQUIRE(a.end == b.end);
    REQUIRE(a.field_count == b.field_count);
    REQUIRE(a.line_breaks == b.line_breaks);
    REQUIRE(a.stray_quote_column == b.stray_quote_column);
    REQUIRE(a.unclosed_quote_column == b.unclosed_quote_column);
    REQUIRE(a.fields.size() == b.fields.size());
    for (std::size_t i = 0; i < a.fields.size(); ++i) {
      const FieldSpan& x = a.fields[i];
      const FieldSpan& y = b.fields[i];
      INFO("field " << i);
      REQUIRE(x.begin == y.begin);
      REQUIRE(x.end == y.end);
      REQUIRE(x.quoted == y.quoted);
      REQUIRE(x.escaped == y.escaped);
    }
    REQUIRE(a.end > pos);
    pos = a.end;
  }
}

}  // namespace

TEST_CASE("the block scan finds the records and fields the byte-by-byte scan finds") {
  // Pieces chosen so that fields of every length fall across 16-byte boundaries, with quoted
  // fields, doubled and stray quotes, quotes inside unquoted text, all three line endings,
  // empty fields and multi-byte characters.
  const std::vector<std::string> pieces = {"a",
                                           "abc",
                                           "0123456789012345678",
                                           "张三",
                                           "建档在册困难职工",
                                           ",",
                                           ",",
                                           ",,",
                                           "\n",
                                           "\r\n",
                                           "\r",
                                           "\"",
                                           "\"q\"",
                                           "\"a,b\"",
                                           "\"x\"\"y\"",
                                           "\"l\nb\"",
                                           "x\"y",
                                           "\"1,234.56\"",
                                           "\"a long quoted, field of text\"",
                                           "\"\"",
                                           "600.00",
                                           "\t",
                                           ";",
                                           " ",
                                           "2016-12-29"};
  std::uint32_t seed = 2017;
  auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  std::size_t records = 0;
  for (const char delimiter : {',', ';', '\t'}) {
    for (const std::size_t max_fields : {std::size_t{3}, std::size_t{64}}) {
      const Tokenizer fast(delimiter, max_fields, true);
      const Tokenizer general(delimiter, max_fields, false);
      for (int round = 0; round < 3000; ++round) {
        std::string text;
        const std::uint32_t parts = 1 + next(30);
        for (std::uint32_t k = 0; k < parts; ++k) {
          text += pieces[next(static_cast<std::uint32_t>(pieces.size()))];
        }
        records += compare_scans(fast, general, text, true);
        records += compare_scans(fast, general, text, false);
      }
    }
  }
  CHECK(records > 50000);
}

TEST_CASE("the block scan agrees on roster rows, a one-row file and a last line without break") {
  const std::string row =
      "周娟凤,340181195703159304,建档在册困难职工,HF2017-000001,600.00,银行卡,"
      "6225880166131863,13175893910,企业亏损停产,,2016-12-29,,";
  const Tokenizer fast(',', 64, true);
  const Tokenizer general(',', 64, false);
  for (const std::string& ending : {std::string("\n"), std::string("\r\n"), std::string("\r")}) {
    std::string text;
    for (int i = 0; i < 20; ++i) {
      text += row.substr(0, row.size() - static_cast<std::size_t>(i)) + ending;
    }
    // Cut at every length: records run into the end of the data at every offset.
    for (std::size_t length = 0; length <= text.size(); ++length) {
      const std::string cut = text.substr(0, length);
      compare_scans(fast, general, cut, true);
      compare_scans(fast, general, cut, false);
    }
  }
  // One row and its line break: the block scan settles it alone.
  Record record;
  const std::string one = row + "\n";
  REQUIRE(fast.scan(one.data(), one.size(), 0, true, record) == ScanStatus::Complete);
  CHECK(record.field_count == 13);
  CHECK(record.end == one.size());
  CHECK(record.fields[2].end - record.fields[2].begin == std::string("建档在册困难职工").size());
}
