// Reading and writing decimals as text. The parsers report failures as a small code and a
// position, so try_parse() on bad input allocates only when a message is asked for and parse()
// of a typical amount does not allocate at all.

#include <algorithm>

#include "core/decimal_impl.hpp"
#include "core/text_util.hpp"

namespace fundrules {

using decimal_detail::Wide;

namespace {

enum class Problem : std::uint8_t {
  None,
  Empty,
  NoDigits,
  UnexpectedChar,
  Exponent,
  SecondPoint,
  SecondSign,
  TooManyPlaces,
  TooManyDigits,
  BadGroup,
  UnknownUnit,
};

struct Outcome {
  Problem problem = Problem::None;
  std::size_t position = 0;  // byte offset of the offending character in the whole text
  int count = 0;             // places or digits, for the messages that need it
};

/// Parses [sign] digits [. digits], with thousands separators when `grouped`. `offset` is where
/// `text` starts in the text the user gave, for positions in messages.
Outcome parse_number(std::string_view text, bool grouped, std::size_t offset, bool sign_allowed,
                     Decimal& out) {
  Outcome outcome;
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    if (!sign_allowed) {
      return {Problem::SecondSign, offset + i, 0};
    }
    negative = text[i] == '-';
    ++i;
  }
  std::uint64_t small = 0;  // holds up to 19 significant digits exactly
  Wide big;
  int significant = 0;
  int digits = 0;
  int places = 0;
  bool in_fraction = false;
  bool grouping = false;  // a separator was seen
  int group_length = 0;   // digits since the last separator (or since the start)
  std::size_t group_start = i;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (in_fraction) {
        ++places;
      } else {
        ++group_length;
      }
      const auto digit = static_cast<unsigned>(c - '0');
      if (significant == 0 && digit == 0) {
        continue;
      }
      ++significant;
      if (significant <= 19) {
        small = small * 10 + digit;
      } else if (significant <= Decimal::kMaxDigits) {
        if (significant == 20) {
          big = small;
        }
        big = big * 10 + digit;
      }
    } else if (c == '.') {
      if (in_fraction) {
        return {Problem::SecondPoint, offset + i, 0};
      }
      if (grouping && group_length != 3) {
        return {Problem::BadGroup, offset + group_start, 0};
      }
      in_fraction = true;
    } else if (c == ',' && grouped && !in_fraction) {
      const bool first_group = !grouping;
      if (group_length == 0 || group_length > 3 || (!first_group && group_length != 3)) {
        return {Problem::BadGroup, offset + (first_group ? i : group_start), 0};
      }
      grouping = true;
      group_length = 0;
      group_start = i + 1;
    } else if (c == 'e' || c == 'E') {
      return {Problem::Exponent, offset + i, 0};
    } else if ((c == '-' || c == '+') && (i > 0 || !sign_allowed)) {
      return {Problem::SecondSign, offset + i, 0};
    } else {
      return {Problem::UnexpectedChar, offset + i, 0};
    }
  }
  if (digits == 0) {
    return {text.empty() ? Problem::Empty : Problem::NoDigits, offset, 0};
  }
  if (grouping && !in_fraction && group_length != 3) {
    return {Problem::BadGroup, offset + group_start, 0};
  }
  if (places > Decimal::kMaxScale) {
    return {Problem::TooManyPlaces, offset, places};
  }
  if (significant > Decimal::kMaxDigits) {
    return {Problem::TooManyDigits, offset, significant};
  }
  if (significant <= 19 && small <= static_cast<std::uint64_t>(INT64_MAX)) {
    const auto value = static_cast<std::int64_t>(small);
    out = Decimal::from_scaled(negative ? -value : value, places);
  } else {
    if (significant <= 19) {
      big = small;
    }
    std::int64_t hi = 0;
    std::uint64_t lo = 0;
    decimal_detail::from_wide(negative ? Wide(-big) : big, hi, lo);
    out = Decimal::from_raw(hi, lo, places);
  }
  return outcome;
}

/// Why `text` was rejected, without repeating the text: what try_parse() hands back, for a
/// caller that words its own message ("\"1,50\" in row 3 is not an amount (...)").
std::string reason(std::string_view text, const Outcome& outcome) {
  // Positions count characters, not bytes, so they match what the user sees.
  const std::string at =
      "at position " + std::to_string(text_util::count_chars(text.substr(0, outcome.position)) + 1);
  switch (outcome.problem) {
    case Problem::None:
      break;
    case Problem::Empty:
      return text.empty() ? "the text is empty" : "there is no number in it";
    case Problem::NoDigits:
      return "it has no digits";
    case Problem::UnexpectedChar:
      return "unexpected '" + std::string(text_util::char_at(text, outcome.position)) + "' " + at;
    case Problem::Exponent:
      return "exponents (" + std::string(1, text[outcome.position]) +
             ") are not accepted, write the number out";
    case Problem::SecondPoint:
      return "a second decimal point " + at;
    case Problem::SecondSign:
      return "a misplaced sign " + at;
    case Problem::TooManyPlaces:
      return std::to_string(outcome.count) +
             " digits after the decimal point, at most 18 are allowed";
    case Problem::TooManyDigits:
      return std::to_string(outcome.count) + " significant digits, at most 38 are allowed";
    case Problem::BadGroup:
      return "thousands separators must split the digits in groups of three (" + at + ")";
    case Problem::UnknownUnit:
      return "unexpected '" + std::string(text_util::char_at(text, outcome.position)) + "' " + at +
             " (amounts may end in 元, 万 or 万元)";
  }
  return {};
}

/// The whole message parse() throws: the text, what it is not, and why.
std::string describe(std::string_view text, const Outcome& outcome, const char* what) {
  if (text.empty()) return "empty text is not " + std::string(what);
  return '"' + std::string(text) + "\" is not " + what + ": " + reason(text, outcome);
}

constexpr std::string_view kYuan = "\xE5\x85\x83";     // 元
constexpr std::string_view kWan = "\xE4\xB8\x87";      // 万
constexpr std::string_view kYenHalf = "\xC2\xA5";      // ¥
constexpr std::string_view kYenFull = "\xEF\xBF\xA5";  // ￥

bool strip_prefix(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) {
    return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

bool strip_suffix(std::string_view& text, std::string_view suffix) {
  if (text.size() < suffix.size() || text.substr(text.size() - suffix.size()) != suffix) {
    return false;
  }
  text.remove_suffix(suffix.size());
  return true;
}

Outcome parse_money_impl(std::string_view text, Decimal& out) {
  std::string_view rest = text_util::trim(text);
  if (rest.empty()) {
    return {Problem::Empty, 0, 0};
  }
  // A sign may come before the currency sign ("-¥500") or after it ("¥-500"), not both.
  const bool had_sign = rest.front() == '-' || rest.front() == '+';
  const bool negative = rest.front() == '-';
  if (had_sign) {
    rest.remove_prefix(1);
  }
  if (strip_prefix(rest, kYenHalf) || strip_prefix(rest, kYenFull)) {
    rest = text_util::trim(rest);
  }
  // Units come last: "63.04万元", "25万", "600元".
  strip_suffix(rest, kYuan);
  const bool wan = strip_suffix(rest, kWan);
  rest = text_util::trim(rest);
  const auto offset = static_cast<std::size_t>(rest.data() - text.data());
  Outcome outcome = parse_number(rest, true, offset, !had_sign, out);
  // Only non-ASCII text after the digits looks like a unit ("600美元"); "５００" does not.
  if (outcome.problem == Problem::UnexpectedChar) {
    const std::string_view tail = text.substr(outcome.position);
    const bool unit_like = std::all_of(tail.begin(), tail.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x80 || c == ' ';
    });
    if (unit_like && outcome.position > offset) {
      outcome.problem = Problem::UnknownUnit;
    }
  }
  if (outcome.problem != Problem::None) {
    return outcome;
  }
  if (negative) {
    out = -out;
  }
  if (wan) {
    // × 10,000: drop up to four places first, then scale the coefficient, so the value is exact
    // and "63.04万" reads as 630400 rather than 630400.00.
    const int drop = std::min(out.scale(), 4);
    const Decimal factor = Decimal::from_scaled(decimal_detail::kPow10[4 - drop], 0);
    out = Decimal::from_raw(out.raw_high(), out.raw_low(), out.scale() - drop);
    try {
      out = out * factor;
    } catch (const OverflowError&) {
      return {Problem::TooManyDigits, offset, Decimal::kMaxDigits + 1};
    }
  }
  return outcome;
}

/// The digits of a coefficient's magnitude, most significant first, into `buffer` (>= 40 chars);
/// returns how many.
std::size_t coefficient_digits(const Decimal& d, char* buffer) {
  char reversed[40];
  std::size_t n = 0;
  if (decimal_detail::fits_int64(d.raw_high(), d.raw_low())) {
    auto value = static_cast<std::int64_t>(d.raw_low());
    std::uint64_t magnitude =
        value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    do {
      reversed[n++] = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    } while (magnitude != 0);
  } else {
    Wide magnitude = decimal_detail::to_wide(d.raw_high(), d.raw_low());
    if (magnitude < 0) {
      magnitude = -magnitude;
    }
    do {
      reversed[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
      magnitude /= 10;
    } while (magnitude != 0);
  }
  std::reverse_copy(reversed, reversed + n, buffer);
  return n;
}

}  // namespace

Decimal Decimal::parse(std::string_view text) {
  Decimal out;
  const Outcome outcome = parse_number(text, false, 0, true, out);
  if (outcome.problem != Problem::None) {
    throw ValueError(describe(text, outcome, "a number"));
  }
  return out;
}

std::optional<Decimal> Decimal::try_parse(std::string_view text, std::string* error) {
  Decimal out;
  const Outcome outcome = parse_number(text, false, 0, true, out);
  if (outcome.problem == Problem::None) {
    return out;
  }
  if (error != nullptr) {
    *error = reason(text, outcome);
  }
  return std::nullopt;
}

Decimal Decimal::parse_money(std::string_view text) {
  Decimal out;
  const Outcome outcome = parse_money_impl(text, out);
  if (outcome.problem != Problem::None) {
    throw ValueError(describe(text, outcome, "an amount of money"));
  }
  return out;
}

std::optional<Decimal> Decimal::try_parse_money(std::string_view text, std::string* error) {
  Decimal out;
  const Outcome outcome = parse_money_impl(text, out);
  if (outcome.problem == Problem::None) {
    return out;
  }
  if (error != nullptr) {
    *error = reason(text, outcome);
  }
  return std::nullopt;
}

std::string Decimal::to_string() const {
  char digits[40];
  const std::size_t n = coefficient_digits(*this, digits);
  const auto places = static_cast<std::size_t>(scale_);
  std::string out;
  out.reserve(n + places + 3);
  if (sign() < 0) {
    out += '-';
  }
  if (n <= places) {
    out += "0.";
    out.append(places - n, '0');
    out.append(digits, n);
  } else {
    out.append(digits, n - places);
    if (places > 0) {
      out += '.';
      out.append(digits + (n - places), places);
    }
  }
  return out;
}

std::string Decimal::to_money_string() const {
  const Decimal cents = round(2, RoundingMode::HalfEven);
  char digits[40];
  const std::size_t n = coefficient_digits(cents, digits);
  std::string out;
  if (cents.sign() < 0) {
    out += '-';
  }
  if (n <= 2) {
    out += "0.";
    out.append(2 - n, '0');
    out.append(digits, n);
    return out;
  }
  const std::size_t whole = n - 2;
  for (std::size_t i = 0; i < whole; ++i) {
    if (i > 0 && (whole - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  out += '.';
  out.append(digits + whole, 2);
  return out;
}

}  // namespace fundrules
