// Tests of the encoding layer under the CSV reader: UTF-8 checking, choosing between UTF-8 and
// GB18030, and decoding GB18030 block by block.

#include <iconv.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/text_decoder.hpp"

using fundrules::Encoding;
using fundrules::io::find_invalid_text;
using fundrules::io::find_invalid_text_baseline;
using fundrules::io::find_invalid_text_general;
using fundrules::io::guess_encoding;
using fundrules::io::kInvalidByteMarker;
using fundrules::io::TextDecoder;
using fundrules::io::utf8_census;

namespace {

constexpr auto npos = std::string_view::npos;

// The GB18030 bytes of UTF-8 text, made with the C library's converter (the one the reader
// decodes with is tested against it, block boundary by block boundary).
std::string to_gb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  const std::size_t result = iconv(cd, &in, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  REQUIRE(result != static_cast<std::size_t>(-1));
  out.resize(out.size() - out_left);
  return out;
}

std::string decode_all(Encoding encoding, std::string_view bytes, std::size_t block) {
  TextDecoder decoder(encoding);
  std::vector<char> out;
  for (std::size_t at = 0; at < bytes.size(); at += block) {
    const bool final = at + block >= bytes.size();
    decoder.decode(bytes.substr(at, block), final, out);
  }
  return std::string(out.begin(), out.end());
}

// A roster line with 2-byte (Chinese, €) and 4-byte (emoji, rare han) GB18030 characters.
const std::string kRoster =
    "姓名,身份证号,金额\r\n张三,11010519491231002X,\"1,500.00元\"\n李四 €,㐀😀,25万\n";

}  // namespace

TEST_CASE("find_invalid_text accepts UTF-8 text and the line breaks of CSV") {
  CHECK(find_invalid_text("") == npos);
  CHECK(find_invalid_text("plain ascii, with tab\tand CRLF\r\n") == npos);
  CHECK(find_invalid_text(kRoster) == npos);
  CHECK(find_invalid_text("\xF0\x9F\x98\x80 U+1F600 at the start") == npos);
}

TEST_CASE("find_invalid_text points at the first bad byte") {
  const std::string ascii(21, 'a');
  CHECK(find_invalid_text(ascii + "\xFF" + "tail") == 21);
  CHECK(find_invalid_text(ascii + std::string(1, '\0')) == 21);  // binary junk
  CHECK(find_invalid_text("abc\x01") == 3);                      // control character
  CHECK(find_invalid_text("\xC0\x80") == 0);                     // overlong NUL
  CHECK(find_invalid_text("ok \xED\xA0\x80") == 3);              // UTF-16 surrogate
  CHECK(find_invalid_text("ok \xF4\x90\x80\x80") == 3);          // past U+10FFFF
  CHECK(find_invalid_text("张\xE4\xB8") == 3);                   // cut-off character
  CHECK(find_invalid_text(std::string("姓名") + kInvalidByteMarker) == 6);
}

namespace {

// The rules of find_invalid_text spelled out byte by byte (RFC 3629 sequences; no control
// characters but tab, LF and CR), as a reference for its faster, run-skipping loops.
std::size_t first_invalid_reference(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned low = 0x80;
    unsigned high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      low = c == 0xE0 ? 0xA0 : 0x80;
      high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      low = c == 0xF0 ? 0x90 : 0x80;
      high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      return i;
    }
    if (i + length > n) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned b = p[i + k];
      if (b < (k == 1 ? low : 0x80u) || b > (k == 1 ? high : 0xBFu)) return i;
    }
    i += length;
  }
  return npos;
}

}  // namespace

TEST_CASE("find_invalid_text agrees with the byte-by-byte rules on long mixed texts") {
  // Mostly well-formed pieces (so that the ASCII and CJK runs it skips are long), with the
  // bytes at the edges of every rule mixed in at random places.
  const std::vector<std::string> pieces = {"a",
                                           "0123456789",
                                           ",",
                                           "\r\n",
                                           "\t",
                                           "张三",
                                           "建档在册困难职工",
                                           "\xC2\xA0",
                                           "\xDF\xBF",
                                           "\xE0\xA0\x80",
                                           "\xED\x9F\xBF",
                                           "\xEF\xBF\xBF",
                                           "\xF0\x90\x80\x80",
                                           "\xF4\x8F\xBF\xBF",
                                           "\x7F",
                                           "\xE3\x80\x80",
                                           "\xF0\x9F\x98\x80"};
  const std::vector<std::string> damage = {"\xC0",
                                           "\xC1\xBF",
                                           "\xC2",
                                           "\x80",
                                           "\xBF",
                                           "\xE0\x9F\xBF",
                                           "\xED\xA0\x80",
                                           "\xF0\x8F\xBF\xBF",
                                           "\xF4\x90\x80\x80",
                                           "\xF5\x80\x80\x80",
                                           "\xFF",
                                           std::string(1, '\0'),
                                           "\x01",
                                           "\x1F",
                                           "\xE4\xB8",
                                           "\xF0\x9F\x98",
                                           "\xE4",
                                           "\xF0"};
  std::uint32_t seed = 12345;
  auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  std::size_t damaged = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const std::uint32_t parts = 1 + next(40);
    for (std::uint32_t k = 0; k < parts; ++k) {
      const bool bad = next(30) == 0;
      text += bad ? damage[next(static_cast<std::uint32_t>(damage.size()))]
                  : pieces[next(static_cast<std::uint32_t>(pieces.size()))];
    }
    const std::size_t expected = first_invalid_reference(text);
    damaged += expected != npos ? 1 : 0;
    INFO("round " << round << ", " << text.size() << " bytes");
    REQUIRE(find_invalid_text(text) == expected);
    REQUIRE(find_invalid_text_baseline(text) == expected);
    REQUIRE(find_invalid_text_general(text) == expected);
    // A cut-off character at the very end, also when the text fills whole blocks.
    const std::string cut = text + "\xE5\xBC";
    REQUIRE(find_invalid_text(cut) == first_invalid_reference(cut));
  }
  CHECK(damaged > 1000);  // both outcomes were tried many times
  CHECK(damaged < 19000);
}

TEST_CASE("find_invalid_text finds damage at every offset of texts longer than its chunks") {
  // The chunk-at-a-time check judges 64 bytes at once and carries characters cut by a chunk's
  // end into the next: damage and cuts must be found wherever they fall, also in the last,
  // partial chunk.
  const std::vector<std::string> texts = {
      std::string(200, 'a'),
      "周娟凤,340181195703159304,建档在册困难职工,HF2017-000001,600.00,银行卡,\r\n"
      "高宁刚,340121196207265851,非建档困难职工,HF2017-000002,150.00,实名制签领,\n"
      "买买提\xC2\xB7艾力,\xE0\xA0\x80\xED\x9F\xBF,\xF0\x9F\x98\x80,\t\x7F end",
      "张三李四王五赵六钱七孙八周九吴十郑十一王十二冯十三陈十四褚十五卫十六蒋十七沈十八"};
  const std::vector<std::string> damage = {
      "\xFF", std::string(1, '\0'), "\x01", "\x80", "\xC0\x80", "\xE4\xB8", "\xED\xA0\x80", "\xF5"};
  for (const std::string& clean : texts) {
    REQUIRE(find_invalid_text(clean) == npos);
    for (std::size_t at = 0; at <= clean.size(); ++at) {
      for (const std::string& bad : damage) {
        const std::string text = clean.substr(0, at) + bad + clean.substr(at);
        INFO("offset " << at << ", " << text.size() << " bytes");
        const std::size_t expected = first_invalid_reference(text);
        REQUIRE(find_invalid_text(text) == expected);
        REQUIRE(find_invalid_text_baseline(text) == expected);
      }
      // Cut short here: a character may be left without its last bytes.
      const std::string cut = clean.substr(0, at);
      REQUIRE(find_invalid_text(cut) == first_invalid_reference(cut));
      REQUIRE(find_invalid_text_baseline(cut) == first_invalid_reference(cut));
    }
  }
}

TEST_CASE("utf8_census does not blame a character cut by the end of a sample") {
  const std::string cut = "姓名,金额\n张";
  const std::string_view sample(cut.data(), cut.size() - 1);  // last byte of 张 missing
  CHECK(utf8_census(sample, false).invalid == 0);
  CHECK(utf8_census(sample, false).multibyte == 4);
  const auto whole_file = utf8_census(sample, true);
  CHECK(whole_file.invalid == 2);  // both bytes left of the character
  CHECK(whole_file.first_invalid == cut.size() - 3);
}

TEST_CASE("guess_encoding tells UTF-8 from GB18030") {
  CHECK(guess_encoding(kRoster, true).encoding == Encoding::Utf8);
  CHECK(guess_encoding("\xEF\xBB\xBF" + kRoster, true).encoding == Encoding::Utf8);
  CHECK(guess_encoding("name,amount\n", true).encoding == Encoding::Utf8);
  const std::string gb = to_gb18030(kRoster);
  REQUIRE(gb != kRoster);
  CHECK(guess_encoding(gb, true).encoding == Encoding::Gb18030);
  // A sample that ends inside a two-byte character is still GB18030.
  CHECK(guess_encoding(std::string_view(gb).substr(0, 3), false).encoding == Encoding::Gb18030);
  CHECK(guess_encoding(gb, true).not_text.empty());
}

TEST_CASE("guess_encoding goes by the bulk of the text when some bytes are damaged") {
  std::string utf8;
  for (int i = 0; i < 20; ++i) utf8 += "张三,一线职工,600\n";
  utf8 += "\xFF\xFE\x80junk\n";
  CHECK(guess_encoding(utf8, true).encoding == Encoding::Utf8);
  std::string gb = to_gb18030(utf8.substr(0, utf8.size() - 9)) + "\xFF\x80junk\n";
  CHECK(guess_encoding(gb, true).encoding == Encoding::Gb18030);
}

TEST_CASE("guess_encoding recognises files that are not CSV text at all") {
  CHECK_THAT(guess_encoding(std::string("PK\x03\x04\x14\x00", 6), true).not_text,
             Catch::Contains(".xlsx"));
  CHECK_THAT(guess_encoding("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", true).not_text,
             Catch::Contains(".xls"));
  CHECK_THAT(guess_encoding(std::string("\xFF\xFEn\0a\0", 6), true).not_text,
             Catch::Contains("UTF-16"));
  CHECK_THAT(guess_encoding(std::string("n\0a\0m\0e\0", 8), true).not_text,
             Catch::Contains("UTF-16"));
}

TEST_CASE("GB18030 decodes the same whatever the block boundaries") {
  const std::string gb = to_gb18030(kRoster);
  for (std::size_t block = 1; block <= gb.size(); ++block) {
    INFO("block of " << block << " bytes");
    REQUIRE(decode_all(Encoding::Gb18030, gb, block) == kRoster);
  }
}

TEST_CASE("undecodable GB18030 bytes become markers and decoding goes on") {
  const std::string gb = to_gb18030("张三,600\n");
  const std::string damaged = gb + "\x80,\xFF\n" + to_gb18030("李四,700\n");
  const std::string text = decode_all(Encoding::Gb18030, damaged, 4096);
  CHECK(text ==
        std::string("张三,600\n") + kInvalidByteMarker + "," + kInvalidByteMarker + "\n李四,700\n");
  // A lead byte whose partner never comes is undecodable at the end of the input.
  const std::string cut = decode_all(Encoding::Gb18030, gb + "\xD5", 3);
  CHECK(cut == std::string("张三,600\n") + kInvalidByteMarker);
}

TEST_CASE("UTF-8 passes through unchanged, damage included") {
  const std::string bytes = kRoster + "\xFF\n";
  CHECK(decode_all(Encoding::Utf8, bytes, 7) == bytes);
}

TEST_CASE("find_invalid_text finds damage at every offset of a block, cut off or not") {
  // Well-formed rows of Chinese and ASCII, long enough to span several 16-byte blocks, damaged
  // at each offset in turn by each kind of bad byte; the text is also cut at every length so
  // that the damage and the characters fall on every block boundary and in the last, partial
  // block.
  const std::string row = "周娟凤,340181195703159304,建档在册困难职工,HF2017-000001,600.00\r\n";
  const std::vector<std::string> damage = {
      "\xFF", "\x80", "\xC0", std::string(1, '\0'), "\x01", "\xE0\x80", "\xED\xA0", "\xF5", "\xE4"};
  std::size_t found = 0;
  for (std::size_t at = 0; at < row.size(); ++at) {
    for (const std::string& bad : damage) {
      std::string text = row;
      text.replace(at, bad.size() < row.size() - at ? bad.size() : row.size() - at, bad);
      for (std::size_t length = 0; length <= text.size(); ++length) {
        const std::string_view cut(text.data(), length);
        const std::size_t expected = first_invalid_reference(cut);
        INFO("damage at " << at << ", cut at " << length);
        REQUIRE(find_invalid_text(cut) == expected);
        found += expected != npos ? 1 : 0;
      }
    }
  }
  CHECK(found > 10000);
  // Clean text of every length, starting at every offset of a character.
  for (std::size_t from = 0; from < row.size(); ++from) {
    for (std::size_t length = 0; from + length <= row.size(); ++length) {
      const std::string_view cut(row.data() + from, length);
      REQUIRE(find_invalid_text(cut) == first_invalid_reference(cut));
      REQUIRE(find_invalid_text_baseline(cut) == first_invalid_reference(cut));
    }
  }
}
