// The compact group table: keys of every length and byte, starts that do not fit its 32-bit
// fields, row lists merged across states, growth over many keys, and the bytes a group costs.
// Then the engine on top of it: a count() rule, which keeps no count of its own but reads
// the length of each group's row list, on rows numbered past 2^32, in batches and threads.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/group_sums.hpp"
#include "engine/group_table.hpp"
#include "expr/fast_hash.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"

using namespace fundrules;
using engine::GroupSums;
using engine::GroupTable;
namespace expr = fundrules::expr;

namespace {

std::vector<std::int64_t> sorted_rows(const GroupTable& table, std::uint32_t group) {
  std::vector<std::int64_t> rows = table.rows(group);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// An ID number of 18 characters as the duplicate check encodes it: the digit of text, the
// number, the separator.
std::string id_number(std::int64_t i) {
  std::string digits = std::to_string(340000000000000000 + i * 7919);
  if (i % 2 == 1) digits.back() = 'X';
  return "4" + digits + "\x1f";
}

}  // namespace

TEST_CASE("a group table finds every key after growing across many", "[group][table]") {
  GroupTable table;
  bool added = false;
  constexpr std::int64_t kKeys = 300000;
  for (std::int64_t i = 0; i < kKeys; ++i) {
    REQUIRE(table.insert(id_number(i), i + 1, i + 2, added) == static_cast<std::uint32_t>(i));
    REQUIRE(added);
  }
  CHECK(table.size() == static_cast<std::size_t>(kKeys));
  for (std::int64_t i = 0; i < kKeys; i += 997) {
    const auto group = static_cast<std::uint32_t>(i);
    CHECK(table.find(id_number(i)) == group);
    CHECK(table.key(group) == id_number(i));
    CHECK(table.first_row(group) == i + 1);
    CHECK(table.first_line(group) == i + 2);
    CHECK(table.row_count(group) == 0);
  }
  CHECK(table.find(id_number(kKeys)) == GroupTable::kNone);
  CHECK(table.insert(id_number(123), 5, 5, added) == 123);
  CHECK_FALSE(added);
  // Index, record and key together: an 11-byte packed key, a 16-byte record (and half a
  // byte of key places) and the index's slots, at most four for a group. A hash-map node per
  // key would cost several times that.
  const double per_group = static_cast<double>(table.memory_bytes()) / kKeys;
  CHECK(per_group < 44.0);
}

TEST_CASE("every group's key is found where keys of mixed lengths cross blocks", "[group][table]") {
  // Only every eighth group keeps where its key is; the others are found by walking the
  // keys after it, across the ends of blocks, past keys longer than a block, packed or not.
  GroupTable table;
  bool added = false;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < 6000; ++i) {
    std::string key;
    switch (i % 7) {
      case 0:
        key = id_number(static_cast<std::int64_t>(i));  // packed
        break;
      case 1:
        key = "5HF2017-" + std::to_string(i) + "\x1f";  // as it is
        break;
      case 2:
        key = std::string(100 + i % 200, 'k') + std::to_string(i);  // one or five length bytes
        break;
      case 3:
        key = std::to_string(1000000 + i);  // packed, odd length
        break;
      case 4:
        key = i % 500 == 4 ? std::string(70000 + i, 'L') : std::to_string(i) + "a";
        break;
      case 5:
        key = std::string(i % 3, '\0') + std::to_string(i);
        break;
      default:
        key = std::string(2000 + i % 5000, 'm') + std::to_string(i);  // fills blocks fast
        break;
    }
    REQUIRE(table.insert(key, static_cast<std::int64_t>(i), 0, added) == i);
    REQUIRE(added);
    keys.push_back(std::move(key));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto group = static_cast<std::uint32_t>(i);
    REQUIRE(table.key(group) == keys[i]);
    REQUIRE(table.find(keys[i]) == group);
  }
}

TEST_CASE("a group table keeps keys of any length and byte apart", "[group][table]") {
  GroupTable table;
  bool added = false;
  const std::vector<std::string> keys = {
      "",                    // a batch rule's one group
      std::string(1, '\0'),  // a NUL byte is a byte like any other
      std::string("a\0b", 3),
      "a",
      "a\x1f",  // the separator inside and at the end of a value
      "a\x1f\x1f",
      "\x1f",
      std::string(254, 'x'),  // the longest key with a one-byte length
      std::string(255, 'x'),  // the shortest with a five-byte length
      std::string(256, 'x'),
      std::string(70000, 'y'),  // longer than a block of keys
      std::string(65535, 'z'),
      "\xff\xfe",                 // bytes that are not text
      "123",                      // too short to pack
      "1234",                     // the shortest packed key
      "12345",                    // odd: half a byte left over
      "123456789X",               // packed ...
      "123456789x",               // ... and apart from its lower-case twin
      "12345678 -.\x1f",          // every symbol a packed key may hold
      "123456789Y",               // as long, one character that cannot be packed
      "4340124196203142878\x1f",  // an encoded ID number
      std::string(126, '7'),      // the longest packed key
      std::string(127, '7'),      // the longest stored as it is with one byte
      std::string(128, '7'),
      "0000",  // packed zeros are not the padding of "000"
      "000",
  };
  for (std::size_t i = 0; i < keys.size(); ++i) {
    REQUIRE(table.insert(keys[i], static_cast<std::int64_t>(i) + 1, 0, added) == i);
    REQUIRE(added);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto group = static_cast<std::uint32_t>(i);
    CHECK(table.key(group) == keys[i]);
    CHECK(table.find(keys[i]) == group);
    CHECK(table.first_row(group) == static_cast<std::int64_t>(i) + 1);
    CHECK(table.first_line(group) == 0);
  }
  CHECK(table.find(std::string(253, 'x')) == GroupTable::kNone);
  CHECK(table.find("12346") == GroupTable::kNone);
  CHECK(table.find("00000") == GroupTable::kNone);
  CHECK(table.find(std::string(125, '7')) == GroupTable::kNone);
  CHECK(table.find("4340124196203142879\x1f") == GroupTable::kNone);
  CHECK(table.find("b") == GroupTable::kNone);
}

TEST_CASE("a group keeps a start its record cannot hold", "[group][table]") {
  GroupTable table;
  bool added = false;
  constexpr std::int64_t kFar = 5000000000;  // past 2^32
  const std::uint32_t far = table.insert("far", kFar, kFar + 1, added);
  const std::uint32_t negative = table.insert("negative", -7, 0, added);
  const std::uint32_t no_line = table.insert("no line", 3000000000, 0, added);  // gap < -2^31
  const std::uint32_t near = table.insert("near", 10, 11, added);
  CHECK(table.first_row(far) == kFar);
  CHECK(table.first_line(far) == kFar + 1);
  CHECK(table.first_row(negative) == -7);
  CHECK(table.first_line(negative) == 0);
  CHECK(table.first_row(no_line) == 3000000000);
  CHECK(table.first_line(no_line) == 0);
  CHECK(table.first_row(near) == 10);
  CHECK(table.first_line(near) == 11);

  // Rows listed against a wide start, then the start moving to a row that fits and back.
  table.add_row(far, kFar);
  table.add_row(far, kFar + 9);
  CHECK(sorted_rows(table, far) == std::vector<std::int64_t>{kFar, kFar + 9});
  table.keep_earlier_start(far, 4, 5);
  CHECK(table.first_row(far) == 4);
  CHECK(table.first_line(far) == 5);
  table.add_row(far, 4);
  CHECK(sorted_rows(table, far) == std::vector<std::int64_t>{4, kFar, kFar + 9});
  CHECK(table.row_count(far) == 3);
  table.keep_earlier_start(near, -kFar, 1);
  CHECK(table.first_row(near) == -kFar);
  CHECK(table.first_line(near) == 1);
  table.keep_earlier_start(near, 0, 0);  // a later row never moves the start
  CHECK(table.first_row(near) == -kFar);
}

TEST_CASE("row lists merge across tables and count their rows", "[group][table]") {
  GroupTable into;
  GroupTable later;
  bool added = false;
  const std::uint32_t group = into.insert("H1\x1f", 10, 11, added);
  into.add_row(group, 10);
  into.add_row(group, 12);
  const std::uint32_t from = later.insert("H1\x1f", 2, 3, added);  // an earlier part's rows
  later.add_row(from, 2);
  later.add_row(from, 20);
  into.keep_earlier_start(group, later.first_row(from), later.first_line(from));
  into.append_rows(group, later, from);
  CHECK(into.first_row(group) == 2);
  CHECK(into.row_count(group) == 4);
  CHECK(sorted_rows(into, group) == std::vector<std::int64_t>{2, 10, 12, 20});
  // A group whose first row did not take part counts only the rows that did.
  const std::uint32_t other = into.insert("H2\x1f", 30, 31, added);
  CHECK(into.row_count(other) == 0);
  into.add_row(other, 33);
  CHECK(into.row_count(other) == 1);
  CHECK(sorted_rows(into, other) == std::vector<std::int64_t>{33});
}

namespace {

// A key's packed form as KeyArena defines it, one character at a time: a length byte, then two
// symbols a byte; a key of another character, or too short or long, is its own identity.
std::string reference_identity(const std::string& key) {
  const std::string symbols("0123456789Xx-. \x1f", 16);
  if (key.size() < 4 || key.size() > 126) return key;
  std::string out(1, static_cast<char>(0x80 + key.size()));
  for (std::size_t i = 0; i < key.size(); i += 2) {
    const std::size_t high = symbols.find(key[i]);
    const std::size_t low = i + 1 < key.size() ? symbols.find(key[i + 1]) : 0;
    if (high == std::string::npos || low == std::string::npos) return key;
    out += static_cast<char>(high << 4 | low);
  }
  return out;
}

}  // namespace

TEST_CASE("keys are packed eight digits at a time as one at a time", "[group][table][fast]") {
  // Mostly digits, so that runs of eight are common, with symbols and other bytes (those
  // just below '0' and above '9' among them) anywhere, at every length a key is packed at.
  const std::string others("Xx-. \x1f/:A\0\xff\x30", 12);
  std::uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  for (int round = 0; round < 20000; ++round) {
    const std::size_t length = next() % 131;
    std::string key;
    for (std::size_t i = 0; i < length; ++i) {
      const std::size_t pick = next() % 64;
      key += pick < 64 - others.size() ? static_cast<char>('0' + pick % 10)
                                       : others[pick % others.size()];
    }
    const engine::KeyArena::Probe probe(key);
    REQUIRE(std::string(probe.identity()) == reference_identity(key));
  }
  for (const std::string key : {"5340181195703159304\x1f", "534018119570315930X\x1f",
                                "0123456789012345", "01234567", "0123456:", "/1234567"}) {
    CHECK(std::string(engine::KeyArena::Probe(key).identity()) == reference_identity(key));
  }
}

TEST_CASE("row lists keep row numbers that do not fit 32 bits", "[group][table]") {
  // A host program may number rows past 2^32, or below 0; a list keeps them exactly, beside
  // rows that fit, through merges too.
  const std::vector<std::int64_t> rows{5,
                                       -1,
                                       0xfffffffeLL,
                                       0xffffffffLL,
                                       0x100000000LL,
                                       std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<std::int64_t>::min(),
                                       7};
  GroupTable into;
  GroupTable later;
  bool added = false;
  const std::uint32_t group = into.insert("H1\x1f", 1, 2, added);
  const std::uint32_t from = later.insert("H1\x1f", 3, 4, added);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i % 2 == 0) {
      into.add_row(group, rows[i]);
    } else {
      later.add_row(from, rows[i]);
    }
  }
  into.append_rows(group, later, from);
  std::vector<std::int64_t> expected = rows;
  std::sort(expected.begin(), expected.end());
  CHECK(into.row_count(group) == static_cast<std::int64_t>(rows.size()));
  CHECK(sorted_rows(into, group) == expected);
}

namespace {

expr::Val int_val(std::int64_t i) {
  expr::Val v;
  v.tag = expr::Tag::Int;
  v.i = i;
  return v;
}

expr::Val decimal_val(const Decimal& d) {
  expr::Val v;
  v.tag = expr::Tag::Decimal;
  v.d = d;
  return v;
}

// What sum() gave before sums were kept in 16 bytes: Decimal addition all the way.
struct DecimalSum {
  Decimal sum;
  bool all_int = true;
  void add(const expr::Val& v) {
    if (v.tag == expr::Tag::Int) sum += Decimal(v.i);
    if (v.tag == expr::Tag::Decimal) {
      all_int = false;
      sum += v.d;
    }
  }
  [[nodiscard]] Value result() const {
    if (!all_int) return Value(sum);
    const auto whole = sum.to_int64();
    return whole ? Value(*whole) : Value();
  }
};

}  // namespace

TEST_CASE("group sums give what Decimal addition gives, past 64 bits too", "[group][sum]") {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::vector<std::vector<expr::Val>> cases = {
      {},                                                   // the sum of nothing
      {int_val(600), int_val(-1)},                          // ints stay an int
      {decimal_val(Decimal::parse("600.00")), int_val(5)},  // the scale is kept
      {int_val(5), decimal_val(Decimal::parse("0.125")), decimal_val(Decimal::parse("1.5"))},
      {int_val(kMax), int_val(1)},               // an int sum past 2^63
      {int_val(kMax), int_val(1), int_val(-2)},  // ... and back within it
      {decimal_val(Decimal::parse("92233720368547758.07")), decimal_val(Decimal::parse("1"))},
      {decimal_val(Decimal::parse("1.000000000000000001")), int_val(100)},  // rescaling overflows
      {decimal_val(Decimal::parse("-99999999999999999999999999.5")), int_val(-7)},
      {expr::Val(), int_val(3)},  // a null is skipped
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    CAPTURE(c);
    GroupSums sums;
    sums.append(1);
    DecimalSum expected;
    for (const expr::Val& v : cases[c]) {
      sums.add(0, v);
      expected.add(v);
    }
    const expr::EvalResult got = sums.result(0);
    if (expected.result().is_null()) {
      CHECK(got.error == expr::EvalErrorKind::Overflow);
      continue;
    }
    REQUIRE(got.ok());
    CHECK(got.value.type() == expected.result().type());
    CHECK(got.value.to_string() == expected.result().to_string());

    // Split in two at every point and merged, replacing into a used slot or adding.
    for (std::size_t cut = 0; cut <= cases[c].size(); ++cut) {
      GroupSums first;
      GroupSums second;
      first.append(1);
      second.append(1);
      for (std::size_t i = 0; i < cases[c].size(); ++i) {
        (i < cut ? first : second).add(0, cases[c][i]);
      }
      GroupSums replaced;  // a slot already wide, then replaced by a part's sum
      replaced.append(1);
      replaced.add(0, int_val(kMax));
      replaced.add(0, int_val(kMax));
      replaced.merge(0, first, 0, true);
      replaced.merge(0, second, 0, false);
      first.merge(0, second, 0, false);
      CHECK(first.result(0).value.to_string() == got.value.to_string());
      CHECK(first.result(0).value.type() == got.value.type());
      CHECK(replaced.result(0).value.to_string() == got.value.to_string());
    }
  }
}

namespace {

const char* const kRules =
    "fundrules: 1\nid: test.table\ntitle: {zh: 分组, en: Groups}\nas_of: 2017-01-15\n"
    "fields:\n  id_number: {type: string}\n  household: {type: string}\n"
    "  amount: {type: money}\n"
    "rules:\n"
    "  - id: once\n    scope: group\n    group_by: upper(id_number)\n"
    "    check: count() <= 1\n    message: {zh: '{count}次', en: '{count} times'}\n"
    "  - id: twice\n    scope: group\n    group_by: household\n"
    "    check: count() + count() <= 4\n    message: {zh: 多, en: many}\n";

// Row r (0-based) has ID number r % distinct, written in lower case every third time, so
// that upper() joins the two spellings, and household r % 97.
Table roster(std::int64_t first, std::int64_t rows, std::int64_t distinct) {
  Column ids("id_number", ValueType::String);
  Column households("household", ValueType::String);
  Column amounts("amount", ValueType::Decimal);
  for (std::int64_t r = first; r < first + rows; ++r) {
    std::string id = "34012419620314" + std::to_string(1000 + r % distinct) + "x";
    if (r % 3 != 0) id.back() = 'X';
    ids.append_string(id);
    households.append_string("H" + std::to_string(r % 97));
    amounts.append_decimal(Decimal::parse_money("10"));
  }
  std::vector<Column> columns;
  columns.push_back(std::move(ids));
  columns.push_back(std::move(households));
  columns.push_back(std::move(amounts));
  Table table(std::move(columns));
  table.set_first_row_number(first + 1);
  return table;
}

std::vector<std::vector<std::int64_t>> failing_rows(const Report& report, const char* rule) {
  std::vector<std::vector<std::int64_t>> rows;
  for (const Violation& v : report.violations()) {
    if (v.rule_id == rule) rows.push_back(v.rows);
  }
  return rows;
}

}  // namespace

TEST_CASE("count() reads the length of each group's rows, in batches and threads",
          "[group][table][engine]") {
  const Ruleset ruleset = Ruleset::load_string(kRules, "table.yaml");
  constexpr std::int64_t kRows = 6000;
  constexpr std::int64_t kDistinct = 5000;  // IDs 0..999 appear twice
  CheckOptions options;
  const Report whole = check(ruleset, roster(0, kRows, kDistinct), options);
  const auto once = failing_rows(whole, "once");
  REQUIRE(once.size() == 1000);
  CHECK(once.front() == std::vector<std::int64_t>{1, 5001});
  CHECK(whole.violations().front().message_en == "2 times");
  // 6000 rows over 97 households: 61 or 62 rows each, all over the bound of 4 / 2.
  CHECK(failing_rows(whole, "twice").size() == 97);

  // Out-of-order batches and several threads: the same report.
  for (const unsigned threads : {1U, 2U, 3U}) {
    options.threads = threads;
    Session session(ruleset, options);
    session.add(roster(3000, 3000, kDistinct));
    session.add(roster(0, 3000, kDistinct));
    const Report batched = session.finish();
    CHECK(failing_rows(batched, "once") == once);
    CHECK(batched.violations().size() == whole.violations().size());
  }

  // Rows numbered past 2^32: starts kept aside, same groups and counts.
  options.threads = 2;
  options.first_row = 5000000001;
  const Report far = check(ruleset, roster(0, kRows, kDistinct), options);
  const auto far_once = failing_rows(far, "once");
  REQUIRE(far_once.size() == 1000);
  CHECK(far_once.front() == std::vector<std::int64_t>{5000000001, 5000005001});
  CHECK(far.violations().front().message_en == "2 times");
}

TEST_CASE("max_groups bounds a count() rule, merged parts included", "[group][table][limits]") {
  const Ruleset ruleset = Ruleset::load_string(kRules, "table.yaml");
  CheckOptions options;
  options.max_groups = 999;
  CHECK_THROWS_AS(check(ruleset, roster(0, 1000, 1000), options), LimitError);
  options.max_groups = 1000;
  CHECK(check(ruleset, roster(0, 1000, 1000), options).summary().rows == 1000);
  // Two parts of 600 IDs each, 1100 in all: each part fits, the merged whole does not.
  options.mergeable = true;
  Report first = check(ruleset, roster(0, 600, 1100), options);
  const Report second = check(ruleset, roster(500, 600, 1100), options);
  CHECK_THROWS_WITH(first.merge(second), Catch::Contains("more than 1000 groups"));
}

TEST_CASE("keys that share a slot, or a whole hash, are kept apart", "[group][table]") {
  // A slot holds its group's hash bits beside the group number, and a probe passes a slot
  // whose bits differ without reading the group: keys filed at the same slot, and keys whose
  // hashes are equal in all 32 bits, must still each find their own group.
  std::vector<std::pair<std::uint32_t, std::int64_t>> hashed;
  constexpr std::int64_t kKeys = 300000;
  for (std::int64_t i = 0; i < kKeys; ++i) hashed.emplace_back(GroupTable::hash(id_number(i)), i);
  std::sort(hashed.begin(), hashed.end());
  std::vector<std::string> keys;
  for (std::size_t i = 1; i < hashed.size(); ++i) {
    if (hashed[i].first != hashed[i - 1].first) continue;
    // (three keys of one hash would make two pairs sharing a key)
    if (keys.empty() || keys.back() != id_number(hashed[i - 1].second)) {
      keys.push_back(id_number(hashed[i - 1].second));
    }
    keys.push_back(id_number(hashed[i].second));
  }
  // 300,000 hashes of 32 bits: about ten pairs are expected to collide.
  REQUIRE(keys.size() >= 4);
  const std::size_t whole_collisions = keys.size();
  // Seven keys whose hashes end alike: one chain in the first 16 slots.
  const std::uint32_t first_slot = GroupTable::hash(id_number(0)) & 15U;
  for (std::int64_t i = 0; keys.size() < whole_collisions + 7; ++i) {
    const std::string key = id_number(i);
    if ((GroupTable::hash(key) & 15U) == first_slot &&
        std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(key);
    }
  }
  GroupTable chain;
  bool added = false;
  for (std::size_t i = whole_collisions; i < keys.size(); ++i) {
    REQUIRE(chain.insert(keys[i], GroupTable::hash(keys[i]), 0, 0, added) == i - whole_collisions);
    REQUIRE(added);
  }
  for (std::size_t i = whole_collisions; i < keys.size(); ++i) {
    CHECK(chain.find(keys[i]) == i - whole_collisions);
    CHECK(chain.insert(keys[i], 9, 9, added) == i - whole_collisions);
    CHECK_FALSE(added);
  }
  CHECK(chain.find(id_number(kKeys)) == GroupTable::kNone);
  // The colliding pairs, into a table grown past them by other keys.
  GroupTable table;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    table.prefetch(GroupTable::hash(keys[i]));
    REQUIRE(table.insert(keys[i], static_cast<std::int64_t>(i), 0, added) == i);
    REQUIRE(added);
  }
  for (std::int64_t i = 0; i < 100000; ++i) table.insert(std::to_string(i), i, i, added);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    CHECK(table.find(keys[i]) == i);
    CHECK(table.key(static_cast<std::uint32_t>(i)) == keys[i]);
    CHECK(table.hash_of(static_cast<std::uint32_t>(i)) == GroupTable::hash(keys[i]));
  }
}

TEST_CASE("arrays of 2 MiB or more keep their contents in memory of their own",
          "[group][table][memory]") {
  // The slots of a large table are mapped apart (in huge pages where the system has them);
  // growing across that size and back, the elements must survive every move.
  std::vector<std::uint32_t, engine::HugePageAllocator<std::uint32_t>> values;
  constexpr std::uint32_t kCount = (3U << 20) / sizeof(std::uint32_t) + 1;  // past 3 MiB
  for (std::uint32_t i = 0; i < kCount; ++i) values.push_back(i * 2654435761U);
  REQUIRE(values.size() == kCount);
  CHECK(values.capacity() * sizeof(std::uint32_t) >= (std::size_t{2} << 20));
  for (std::uint32_t i = 0; i < kCount; i += 4093) CHECK(values[i] == i * 2654435761U);
  CHECK(values.back() == (kCount - 1) * 2654435761U);
  values.resize(10);
  values.shrink_to_fit();  // back to an ordinary allocation
  CHECK(values.size() == 10);
  CHECK(values[9] == 9 * 2654435761U);
  auto copy = values;
  CHECK(copy == values);
}

TEST_CASE("a key's last bytes are hashed as a byte copy of them reads", "[group][table][fast]") {
  // The hash reads the bytes past a key's last whole eight with overlapping loads instead of
  // copying them one by one into a zeroed word: the word must be the same for every length
  // and byte (zero, high bit set, all bits set), or equal keys could hash apart.
  const unsigned char patterns[][8] = {{0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00},
                                       {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                                       {0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38},
                                       {0x80, 0x01, 0xfe, 0x7f, 0x1f, 0xe5, 0x00, 0x9c},
                                       {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02}};
  for (const auto& pattern : patterns) {
    for (std::size_t length = 1; length < 8; ++length) {
      const auto* bytes = reinterpret_cast<const char*>(pattern);
      std::uint64_t copied = 0;
      std::memcpy(&copied, bytes, length);
      CAPTURE(length, static_cast<int>(pattern[0]));
      CHECK(expr::tail_word(bytes, length) == copied);
    }
  }
  // Whole keys: the hash of a key does not depend on what lies past its end.
  std::string wide = "340181195703159304XYZ";
  for (std::size_t length = 0; length <= 18; ++length) {
    std::string alone = wide.substr(0, length);
    CAPTURE(length);
    CHECK(expr::fast_hash(std::string_view(wide).substr(0, length)) == expr::fast_hash(alone));
    CHECK(GroupTable::hash(std::string_view(wide).substr(0, length)) == GroupTable::hash(alone));
  }
}
