// Fuzzes the date parser. Checked, besides "no crash": try_parse and parse agree; a parsed
// date prints (ISO) as text that parses to the same day, and its year, month and day rebuild
// it; and any day count in the supported range (the first four bytes of the input) survives
// to_string() and parse().

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "fundrules/date.hpp"
#include "fundrules/error.hpp"
#include "fuzz_support.hpp"

namespace {

using fundrules::Date;
using fundrules::fuzz::require;

// 0001-01-01 and 9999-12-31 as days since 1970-01-01.
constexpr std::int32_t kFirstDay = -719162;
constexpr std::int32_t kLastDay = 2932896;

void check_date(Date date, std::string_view input) {
  require(date.days_since_epoch() >= kFirstDay && date.days_since_epoch() <= kLastDay,
          "date outside years 1..9999", input);
  const int month = date.month();
  require(month >= 1 && month <= 12 && date.day() >= 1 &&
              date.day() <= fundrules::days_in_month(date.year(), month),
          "year/month/day out of range", input);
  require(Date::from_ymd(date.year(), month, date.day()) == date,
          "from_ymd(year, month, day) is another day", input);
  const std::string iso = date.to_string();
  require(iso.size() == 10 && iso[4] == '-' && iso[7] == '-', "to_string() is not ISO", input);
  const auto again = Date::try_parse(iso);
  require(again && *again == date, "to_string() then parse() is another day", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<Date> tried = Date::try_parse(text);
  bool threw = false;
  try {
    const Date parsed = Date::parse(text);
    require(tried && *tried == parsed, "parse() gave a date try_parse() did not", text);
  } catch (const fundrules::ValueError&) {
    threw = true;
  }
  require(threw == !tried, "try_parse() gave a date parse() refused", text);
  if (tried) check_date(*tried, text);

  if (size >= 4) {
    std::int32_t days = 0;
    std::memcpy(&days, data, sizeof days);
    const std::int64_t span = std::int64_t{kLastDay} - kFirstDay + 1;
    days = static_cast<std::int32_t>(kFirstDay + (std::int64_t{days} % span + span) % span);
    check_date(Date::from_days(days), text);
  }
  return 0;
}
