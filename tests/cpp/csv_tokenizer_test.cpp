// Tests of the CSV tokenizer's block-at-a-time scan against its byte-by-byte scan: on any text,
// at any offset and whether or not more data may follow, both must find the same records.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "io/csv_tokenizer.hpp"

using fundrules::io::ChunkBits;
using fundrules::io::ChunkScanner;
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

// The chunk scanners this build and CPU can run; the portable one always.
std::vector<ChunkScanner> runnable_scanners() {
  std::vector<ChunkScanner> scanners;
  for (const ChunkScanner scanner :
       {ChunkScanner::Portable, ChunkScanner::Sse2, ChunkScanner::Avx2, ChunkScanner::Best}) {
    if (fundrules::io::chunk_classifier(scanner) != nullptr) scanners.push_back(scanner);
  }
  return scanners;
}

}  // namespace

TEST_CASE("every chunk scanner finds the bytes the portable one finds") {
  const std::vector<ChunkScanner> scanners = runnable_scanners();
  REQUIRE(scanners.size() >= 2);  // Portable and Best at least
  const auto portable = fundrules::io::chunk_classifier(ChunkScanner::Portable);
  std::uint32_t seed = 64;
  auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  // Bytes weighted toward the structural ones, with high bytes and NUL among the rest.
  const std::string alphabet = std::string("\",\r\n;\t a0\xE5\xBC\xA0\xFF\x80", 15) + '\0';
  for (const char delimiter : {',', ';', '\t', '\xE5'}) {
    for (int round = 0; round < 2000; ++round) {
      char chunk[fundrules::io::kChunkBytes];
      for (char& c : chunk) c = alphabet[next(static_cast<std::uint32_t>(alphabet.size()))];
      const ChunkBits want = portable(chunk, delimiter);
      for (const ChunkScanner scanner : scanners) {
        const ChunkBits got = fundrules::io::chunk_classifier(scanner)(chunk, delimiter);
        INFO("scanner " << static_cast<int>(scanner) << ", round " << round);
        REQUIRE(got.delimiters == want.delimiters);
        REQUIRE(got.specials == want.specials);
      }
    }
  }
  // One structural byte at each offset alone: the bit is where the byte is.
  for (std::size_t at = 0; at < fundrules::io::kChunkBytes; ++at) {
    for (const char special : {',', '"', '\r', '\n'}) {
      char chunk[fundrules::io::kChunkBytes];
      std::fill(std::begin(chunk), std::end(chunk), 'x');
      chunk[at] = special;
      for (const ChunkScanner scanner : scanners) {
        const ChunkBits got = fundrules::io::chunk_classifier(scanner)(chunk, ',');
        const std::uint64_t bit = std::uint64_t{1} << at;
        CHECK(got.delimiters == (special == ',' ? bit : 0));
        CHECK(got.specials == (special == ',' ? 0 : bit));
      }
    }
  }
}

TEST_CASE("each chunk scanner agrees with the byte-by-byte scan across chunk ends") {
  // A record's structural bytes at every offset from a chunk's start: quoted fields (with a
  // delimiter, a doubled quote, a line break inside), CRLF and lone CR, empty fields, a trailing
  // delimiter, a quote inside unquoted text, and a long cell spanning several chunks.
  const std::vector<std::string> shapes = {
      "\"a,b\",c\n",
      "x,\"q\"\r\nnext\n",
      "\"x\"\"y\",z\n",
      "\"l\nb\",1\r",
      ",,\n",
      "a,b,\n",
      "a\"b,c\n",
      "\"\",\"\"\n",
      "\"open,\nrow\n",
      "\"q\"x,y\n",
      std::string(150, 'w') + ",\"" + std::string(70, 'v') + "\"\n"};
  const Tokenizer general(',', 64, false);
  std::size_t records = 0;
  for (const ChunkScanner scanner : runnable_scanners()) {
    const Tokenizer fast(',', 64, scanner);
    for (const std::string& shape : shapes) {
      for (std::size_t offset = 0; offset <= 2 * fundrules::io::kChunkBytes + 1; ++offset) {
        // The lead-in is a record of its own; the shape starts `offset` bytes into the text.
        const std::string lead = offset == 0 ? "" : std::string(offset - 1, 'p') + "\n";
        const std::string text = lead + shape + shape;
        records += compare_scans(fast, general, text, true);
        records += compare_scans(fast, general, text, false);
        // Cut inside the shape: the record runs into the end of the data.
        for (std::size_t cut = lead.size(); cut <= lead.size() + shape.size(); ++cut) {
          compare_scans(fast, general, text.substr(0, cut), true);
          compare_scans(fast, general, text.substr(0, cut), false);
        }
      }
    }
  }
  CHECK(records > 1000);
  // An empty text and a single line break.
  Record record;
  const Tokenizer fast(',', 64, ChunkScanner::Best);
  CHECK(fast.scan("", 0, 0, true, record) == ScanStatus::End);
  CHECK(compare_scans(fast, general, "\n", true) == 1);
}

TEST_CASE("the block scan finds the records and fields the byte-by-byte scan finds") {
  // Pieces chosen so that fields of every length fall across 64-byte chunk ends, with quoted
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
  const std::vector<ChunkScanner> scanners = runnable_scanners();
  for (const char delimiter : {',', ';', '\t'}) {
    for (const std::size_t max_fields : {std::size_t{3}, std::size_t{64}}) {
      const Tokenizer general(delimiter, max_fields, false);
      for (int round = 0; round < 3000; ++round) {
        const Tokenizer fast(delimiter, max_fields, scanners[round % scanners.size()]);
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
