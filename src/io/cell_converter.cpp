#include "io/cell_converter.hpp"

#include "core/mask_text.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

namespace fundrules::io {

namespace {

// Past this many distinct spellings of one enum field (a column of free text in an enum field),
// lookups stop being remembered so the cache cannot grow with the file.
constexpr std::size_t kMaxRememberedSpellings = 1024;
// Cell text quoted in a message is cut to this many bytes.
constexpr std::size_t kMaxQuotedBytes = 60;
// Slots of the spelling table: a power of two, at least twice kMaxRememberedSpellings so a
// probe always reaches an empty slot soon.
constexpr std::size_t kSpellingSlots = 2048;
// Digits parse_plain_decimal() takes at most: any such number fits an int64 coefficient.
constexpr std::size_t kMaxPlainDigits = 18;

// A cheap hash of a spelling: its length and its first and last eight bytes. Spellings that
// share these only cost an extra compare.
std::size_t spelling_hash(std::string_view text) noexcept {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  const std::size_t n = text.size();
  if (n >= sizeof head) {
    std::memcpy(&head, text.data(), sizeof head);
    std::memcpy(&tail, text.data() + n - sizeof tail, sizeof tail);
  } else {
    for (const char c : text) head = (head << 8) | static_cast<unsigned char>(c);
  }
  std::uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ULL) ^ n) * 0xC2B2AE3D27D4EB4FULL;
  h ^= h >> 29;
  return static_cast<std::size_t>(h);
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Whether two runs of n bytes are equal: eight bytes at a time, without a call to memcmp for
// the short labels an enum column repeats.
bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  if (n < sizeof(std::uint64_t)) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  auto word = [](const char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  for (std::size_t i = 0; i + sizeof(std::uint64_t) < n; i += sizeof(std::uint64_t)) {
    if (word(a + i) != word(b + i)) return false;
  }
  // The last eight bytes, which may overlap the words already compared.
  return word(a + n - sizeof(std::uint64_t)) == word(b + n - sizeof(std::uint64_t));
}

bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
  if (text == "1" || text == "是" || ascii_iequals(text, "true")) return true;
  if (text == "0" || text == "否" || ascii_iequals(text, "false")) return false;
  return std::nullopt;
}

// Optional sign, then decimal digits; nullopt on anything else or on overflow.
std::optional<std::int64_t> parse_int(std::string_view text, bool& overflow) noexcept {
  overflow = false;
  std::size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  // Accumulate as a negative number: its range reaches INT64_MIN.
  std::int64_t value = 0;
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value < (kMin + digit) / 10) {
      overflow = true;
      return std::nullopt;
    }
    value = value * 10 - digit;
  }
  if (!negative) {
    if (value == kMin) {
      overflow = true;
      return std::nullopt;
    }
    value = -value;
  }
  return value;
}

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

bool parse_plain_decimal(std::string_view text, Decimal& out) {
  const std::size_t n = text.size();
  if (n == 0 || n > kMaxPlainDigits + 1) return false;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  // Digits as unsigned differences from '0': anything else is above 9. Even nineteen digits
  // (rejected below) fit an unsigned 64-bit value.
  std::uint64_t value = 0;
  std::size_t i = 0;
  unsigned digit = 0;
  while (i < n && (digit = s[i] - unsigned{'0'}) <= 9) {
    value = value * 10 + digit;
    ++i;
  }
  // No digit, or a nineteenth that could overflow the coefficient: the general path.
  if (i == 0 || i > kMaxPlainDigits) return false;
  int places = 0;
  if (i < n) {
    if (s[i] != '.' || i + 1 == n) return false;  // "600." and the rest: the general path
    places = static_cast<int>(n - i - 1);
    for (++i; i < n; ++i) {
      digit = s[i] - unsigned{'0'};
      if (digit > 9) return false;
      value = value * 10 + digit;
    }
  }
  out = Decimal::from_scaled(static_cast<std::int64_t>(value), places);
  return true;
}

bool parse_grouped_decimal(std::string_view text, Decimal& out) {
  // "1,234.56": a first group of one to three digits not starting with 0, then groups of three
  // after commas, then an optional fraction. Anything else is left to the general parser.
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n && i < 3 && is_digit(text[i])) ++i;
  if (i == 0 || text[0] == '0' || i == n || text[i] != ',') return false;
  std::int64_t value = 0;
  std::size_t digits = i;
  for (std::size_t k = 0; k < i; ++k) value = value * 10 + (text[k] - '0');
  while (i < n && text[i] == ',') {
    if (i + 4 > n || !is_digit(text[i + 1]) || !is_digit(text[i + 2]) || !is_digit(text[i + 3])) {
      return false;
    }
    digits += 3;
    if (digits > kMaxPlainDigits) return false;
    value =
        value * 1000 + (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
    i += 4;
  }
  int places = 0;
  if (i < n) {
    if (text[i] != '.' || i + 1 == n) return false;
    for (++i; i < n; ++i) {
      if (!is_digit(text[i]) || ++digits > kMaxPlainDigits) return false;
      value = value * 10 + (text[i] - '0');
      ++places;
    }
  }
  out = Decimal::from_scaled(value, places);
  return true;
}

namespace {

// Days from 1970-01-01 to 1 January of `year` (1 to 10000) by the civil calendar.
constexpr std::int32_t days_to_new_year(int year) noexcept {
  const int y = year - 1;  // 1 January counts as a day of March's year before it
  const int era = y / 400;
  const int year_of_era = y - era * 400;
  const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + 306;
  return era * 146097 + day_of_era - 719468;
}

// The years nearly every roster's dates fall in: their first days from a table instead of
// the calendar arithmetic above.
constexpr int kTableFirstYear = 1900;
constexpr int kTableYears = 200;
struct NewYearTable {
  std::int32_t days[kTableYears + 1] = {};
};
constexpr NewYearTable make_new_year_table() noexcept {
  NewYearTable table;
  for (int i = 0; i <= kTableYears; ++i) table.days[i] = days_to_new_year(kTableFirstYear + i);
  return table;
}
constexpr NewYearTable kNewYears = make_new_year_table();

}  // namespace

bool parse_iso_date(std::string_view text, std::int64_t& days) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  unsigned d[10];
  for (const int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    d[i] = static_cast<unsigned>(s[i]) - '0';
    if (d[i] > 9) return false;
  }
  const auto year = static_cast<int>(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]);
  const auto month = static_cast<int>(d[5] * 10 + d[6]);
  const auto day = static_cast<int>(d[8] * 10 + d[9]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;  // Date::try_parse says why
  static constexpr int kLengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static constexpr int kDaysBefore[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  const auto in_table = static_cast<unsigned>(year - kTableFirstYear);
  std::int64_t new_year = 0;
  bool leap = false;
  if (in_table < static_cast<unsigned>(kTableYears)) {
    new_year = kNewYears.days[in_table];
    leap = kNewYears.days[in_table + 1] - new_year == 366;
  } else {
    new_year = days_to_new_year(year);
    leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }
  const int leap_day = month == 2 && leap ? 1 : 0;
  if (day > kLengths[month - 1] + leap_day) return false;
  days = new_year + kDaysBefore[month - 1] + (month > 2 && leap ? 1 : 0) + day - 1;
  return true;
}

std::string_view trim_cell_edges(std::string_view text) noexcept {
  static constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  for (;;) {
    if (text.empty()) return text;
    const char c = text.front();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      text.remove_prefix(1);
    } else if (starts_with(text, kNoBreakSpace)) {
      text.remove_prefix(kNoBreakSpace.size());
    } else if (starts_with(text, kIdeographicSpace)) {
      text.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    const char c = text.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      text.remove_suffix(1);
    } else if (ends_with(text, kNoBreakSpace)) {
      text.remove_suffix(kNoBreakSpace.size());
    } else if (ends_with(text, kIdeographicSpace)) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
    if (text.empty()) return text;
  }
  return text;
}

CellConverter::CellConverter(const FieldSpec& field)
    : field_(&field),
      column_type_(field.type),
      is_enum_(!field.values.empty()),
      plain_string_(false) {
  // A schema should only hold scalar fields; anything else is kept as its text.
  if (column_type_ != ValueType::Bool && column_type_ != ValueType::Int &&
      column_type_ != ValueType::Decimal && column_type_ != ValueType::Date) {
    column_type_ = ValueType::String;
  }
  if (is_enum_) {
    column_type_ = ValueType::String;
    for (const EnumValue& value : field.values) {
      codes_.push_back(value.code);
      if (!allowed_values_.empty()) allowed_values_ += ", ";
      const std::string& label = !value.label_zh.empty() ? value.label_zh : value.label_en;
      if (label.empty() || label == value.code) {
        allowed_values_ += value.code;
      } else {
        allowed_values_ += label + " (" + value.code + ")";
      }
    }
  }
  plain_string_ = column_type_ == ValueType::String && !is_enum_;
}

std::string CellConverter::quoted(std::string_view text) const {
  // An identifier typed into the wrong column must not reach a report whole.
  if (text.size() > kMaxQuotedBytes) {
    std::size_t cut = kMaxQuotedBytes;
    // Do not cut a UTF-8 character in half: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + text_util::mask_digit_runs(text.substr(0, cut)) + "…\"";
  }
  return "\"" + text_util::mask_digit_runs(text) + "\"";
}

bool CellConverter::convert_enum(std::string_view text, Cell& cell, std::string& message) {
  const int index = enum_index(text, message);
  if (index < 0) return false;
  cell.text = codes_[static_cast<std::size_t>(index)];
  return true;
}

int CellConverter::enum_index(std::string_view text, std::string& message) {
  if (slots_.empty()) slots_.assign(kSpellingSlots, -1);
  std::size_t slot = spelling_hash(text) & (kSpellingSlots - 1);
  int index = -1;
  for (;;) {
    const std::int32_t entry = slots_[slot];
    if (entry < 0) {
      if (const std::optional<std::string> code = field_->enum_code(text)) {
        const auto found = std::find(codes_.begin(), codes_.end(), *code);
        if (found != codes_.end()) index = static_cast<int>(found - codes_.begin());
      }
      if (spellings_.size() < kMaxRememberedSpellings) {
        slots_[slot] = static_cast<std::int32_t>(spellings_.size());
        spellings_.emplace_back(std::string(text), index);
      }
      break;
    }
    const auto& [spelling, code_index] = spellings_[static_cast<std::size_t>(entry)];
    if (spelling.size() == text.size() && same_bytes(spelling.data(), text.data(), text.size())) {
      index = code_index;
      break;
    }
    slot = (slot + 1) & (kSpellingSlots - 1);
  }
  if (index < 0) {
    const std::string shown =
        field_->personal == PersonalData::None ? quoted(text) + " is" : "it is";
    message = shown + " not one of the allowed values: " + allowed_values_;
  }
  return index;
}

bool CellConverter::convert(std::string_view text, Cell& cell, std::string& message) {
  cell.null = false;
  const bool personal = field_->personal != PersonalData::None;
  // "\"x\" is not a date (reason)" for ordinary fields; "not a date" for personal ones, whose
  // text must not reach a report.
  auto fail = [&](const char* what, const std::string& reason) {
    message = personal
                  ? std::string("not ") + what
                  : quoted(text) + " is not " + what + (reason.empty() ? "" : " (" + reason + ")");
    return false;
  };
  std::string reason;
  switch (column_type_) {
    case ValueType::String:
      if (is_enum_) return convert_enum(text, cell, message);
      cell.text = text;
      return true;
    case ValueType::Decimal: {
      if (parse_plain_decimal(text, cell.decimal)) return true;
      std::optional<Decimal> value;
      if (field_->money) {
        value = Decimal::try_parse_money(text, &reason);
        if (!value) return fail("an amount of money", reason);
      } else {
        // Numbers that are not money are still often written like money ("1,200", "0.5万").
        value = Decimal::try_parse(text);
        if (!value) value = Decimal::try_parse_money(text, &reason);
        if (!value) return fail("a number", reason);
      }
      cell.decimal = *value;
      return true;
    }
    case ValueType::Int: {
      bool overflow = false;
      const std::optional<std::int64_t> value = parse_int(text, overflow);
      if (!value) return fail("a whole number", overflow ? "out of range" : "");
      cell.integer = *value;
      return true;
    }
    case ValueType::Bool: {
      const std::optional<bool> value = parse_bool(text);
      if (!value) return fail("yes or no", "write true/false, 是/否 or 1/0");
      cell.integer = *value ? 1 : 0;
      return true;
    }
    case ValueType::Date: {
      if (parse_iso_date(text, cell.integer)) return true;
      const std::optional<Date> value = Date::try_parse(text, &reason);
      if (!value) return fail("a date", reason);
      cell.integer = value->days_since_epoch();
      return true;
    }
    default:
      cell.text = text;
      return true;
  }
}

void CellConverter::append(Column& column, const Cell& cell) const {
  if (cell.null) {
    column.append_null();
    return;
  }
  switch (column_type_) {
    case ValueType::Bool:
      column.append_bool(cell.integer != 0);
      break;
    case ValueType::Int:
      column.append_int(cell.integer);
      break;
    case ValueType::Decimal:
      column.append_decimal(cell.decimal);
      break;
    case ValueType::Date:
      column.append_date(Date::from_days(static_cast<std::int32_t>(cell.integer)));
      break;
    default:
      column.append_string(cell.text);
      break;
  }
}

int CellConverter::remembered_code(std::string_view text) const noexcept {
  if (slots_.empty()) return -1;
  std::size_t slot = spelling_hash(text) & (kSpellingSlots - 1);
  for (;;) {
    const std::int32_t entry = slots_[slot];
    if (entry < 0) return -1;
    const auto& [spelling, code_index] = spellings_[static_cast<std::size_t>(entry)];
    if (spelling.size() == text.size() && same_bytes(spelling.data(), text.data(), text.size())) {
      return code_index;
    }
    slot = (slot + 1) & (kSpellingSlots - 1);
  }
}

bool CellConverter::convert_append_typed(std::string_view text, Column& column,
                                         std::string& message) {
  switch (column_type_) {
    case ValueType::String: {
      if (!is_enum_) break;
      const int index = remembered_code(text);
      if (index < 0) break;
      column.append_string(codes_[static_cast<std::size_t>(index)]);
      return true;
    }
    case ValueType::Decimal: {
      Decimal value;
      if (parse_plain_decimal(text, value) || parse_grouped_decimal(text, value)) {
        column.append_decimal(value);
        return true;
      }
      break;
    }
    case ValueType::Date: {
      std::int64_t days = 0;
      if (parse_iso_date(text, days)) {
        column.append_date(Date::from_days(static_cast<std::int32_t>(days)));
        return true;
      }
      break;
    }
    default:
      break;
  }
  return convert_append_general(text, column, message);
}

[[gnu::noinline]] bool CellConverter::convert_append_general(std::string_view text, Column& column,
                                                             std::string& message) {
  if (is_enum_) {
    const int index = enum_index(text, message);
    if (index < 0) return false;
    column.append_string(codes_[static_cast<std::size_t>(index)]);
    return true;
  }
  Cell cell;
  if (!convert(text, cell, message)) return false;
  append(column, cell);
  return true;
}

}  // namespace fundrules::io
