// Decimal: exact arithmetic, comparison, rounding, and the guarantees around overflow.
// Parsing and formatting are in decimal_text_test.cpp.

#include <catch2/catch.hpp>

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <random>
#include <string>
#include <vector>

#include "fundrules/decimal.hpp"
#include "fundrules/error.hpp"

using fundrules::Decimal;
using fundrules::OverflowError;
using fundrules::RoundingMode;
using fundrules::ValueError;

namespace {

Decimal D(const char* text) { return Decimal::parse(text); }

const std::string kMax38(38, '9');

/// A reference value computed with unbounded integers, independent of Decimal's fast paths.
struct Reference {
  boost::multiprecision::cpp_int coefficient;
  int scale;
};

std::string format(const Reference& r) {
  const bool negative = r.coefficient < 0;
  std::string digits = (negative ? -r.coefficient : r.coefficient).str();
  const auto places = static_cast<std::size_t>(r.scale);
  if (digits.size() <= places) digits.insert(0, places - digits.size() + 1, '0');
  if (places > 0) digits.insert(digits.size() - places, ".");
  return (negative ? "-" : "") + digits;
}

boost::multiprecision::cpp_int pow10(int n) {
  boost::multiprecision::cpp_int p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

/// Random decimals of every size class: small amounts, int64-sized and 38-digit coefficients.
struct Generator {
  std::mt19937_64 rng{20240115};
  std::pair<Decimal, Reference> next(int max_digits) {
    std::uniform_int_distribution<int> digit_count(1, max_digits);
    std::uniform_int_distribution<int> digit(0, 9);
    std::uniform_int_distribution<int> scale_dist(0, 18);
    const int n = digit_count(rng);
    std::string text = (rng() & 1) ? "-" : "";
    boost::multiprecision::cpp_int coefficient = 0;
    std::string digits;
    for (int i = 0; i < n; ++i) {
      const int d = digit(rng);
      digits += static_cast<char>('0' + d);
      coefficient = coefficient * 10 + d;
    }
    const int scale = std::min(scale_dist(rng), n);
    if (scale > 0) digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
    if (digits.front() == '.') digits.insert(0, "0");
    text += digits;
    if (text.front() == '-') coefficient = -coefficient;
    return {Decimal::parse(text), Reference{coefficient, scale}};
  }
};

}  // namespace

TEST_CASE("integers and scaled coefficients construct exact values", "[decimal]") {
  CHECK(Decimal().to_string() == "0");
  CHECK(Decimal(600).to_string() == "600");
  CHECK(Decimal(-42).to_string() == "-42");
  CHECK(Decimal::from_scaled(150000, 2).to_string() == "1500.00");
  CHECK(Decimal::from_scaled(-5, 1).to_string() == "-0.5");
  CHECK(Decimal(INT64_MIN).to_string() == "-9223372036854775808");
  CHECK_THROWS_AS(Decimal::from_scaled(1, 19), ValueError);
  CHECK_THROWS_AS(Decimal::from_scaled(1, -1), ValueError);
}

TEST_CASE("addition and subtraction are exact and keep the larger scale", "[decimal]") {
  CHECK((D("0.1") + D("0.2")).to_string() == "0.3");
  CHECK((D("0.1") + D("0.2")) == D("0.3"));
  CHECK((D("1500.00") + D("600")).to_string() == "2100.00");
  CHECK((D("600") - D("600.00")).to_string() == "0.00");
  CHECK((D("-12.5") - D("0.05")).to_string() == "-12.55");
  Decimal total;
  for (int i = 0; i < 1000; ++i) total += D("0.01");
  CHECK(total.to_string() == "10.00");
  total -= D("10");
  CHECK(total.is_zero());
}

TEST_CASE("multiplication is exact and adds the scales", "[decimal]") {
  CHECK((D("1.50") * D("2")).to_string() == "3.00");
  CHECK((D("500") * D("0.05")).to_string() == "25.00");
  CHECK((D("-0.1") * D("0.1")).to_string() == "-0.01");
  CHECK((D("123456789.123456789") * D("1000000000")).to_string() == "123456789123456789.000000000");
  // Scale 19 that is only trailing zeros is dropped to 18 without changing the value.
  CHECK((D("0.10") * D("0.00000000000000001")).to_string() == "0.000000000000000001");
  CHECK_THROWS_AS(D("0.000000001") * D("0.0000000001"), OverflowError);
}

TEST_CASE("comparison is by numeric value, whatever the scale", "[decimal]") {
  CHECK(D("600") == D("600.00"));
  CHECK(D("600.00") == Decimal(600));
  CHECK(D("-0.0") == Decimal());
  CHECK(D("0.5") < D("0.50001"));
  CHECK(D("-1.5") < D("-1.4"));
  CHECK(D("100").compare(D("99.999")) == 1);
  CHECK(D("99.999").compare(D("100")) == -1);
  CHECK(D("7.10").compare(D("7.1")) == 0);
  // Values past int64 compare through the wide path.
  CHECK(Decimal::parse(kMax38) > Decimal(INT64_MAX));
  CHECK(-Decimal::parse(kMax38) < Decimal(INT64_MIN));
  CHECK(D("92233720368547758.08") > D("92233720368547758.07"));
  CHECK(D("1.000000000000000000") == Decimal(1));
}

TEST_CASE("overflow past 38 digits throws and never wraps", "[decimal]") {
  const Decimal max = Decimal::parse(kMax38);
  CHECK(max.to_string() == kMax38);
  CHECK((-max).to_string() == "-" + kMax38);
  CHECK_THROWS_AS(max + Decimal(1), OverflowError);
  CHECK_THROWS_AS(-max - Decimal(1), OverflowError);
  CHECK_THROWS_AS(max * Decimal(2), OverflowError);
  CHECK_THROWS_AS(max * max, OverflowError);
  CHECK_THROWS_AS(max + D("0.1"), OverflowError);
  const Decimal e19 = D("10000000000000000000");
  CHECK((e19 * D("1000000000000000000")).to_string() == "1" + std::string(37, '0'));
  CHECK_THROWS_AS(e19 * e19, OverflowError);
  // int64 overflow on the fast path moves to the wide path instead of wrapping.
  const Decimal big(INT64_MAX);
  CHECK((big + big).to_string() == "18446744073709551614");
  CHECK((big * big).to_string() == "85070591730234615847396907784232501249");
  CHECK((Decimal(INT64_MIN) - Decimal(1)).to_string() == "-9223372036854775809");
  CHECK((-Decimal(INT64_MIN)).to_string() == "9223372036854775808");
  // A result that only has too many trailing zeros is kept: 10^37 + 0.0 is 10^37.
  const std::string e37 = "1" + std::string(37, '0');
  CHECK((Decimal::parse(e37) + D("0.0")).to_string() == e37);
  CHECK((Decimal::parse(e37) + D("0.000000000000000000")).to_string() == e37);
  CHECK_THROWS_AS(Decimal::from_raw(INT64_MAX, UINT64_MAX, 0), ValueError);
}

TEST_CASE("sign, abs, is_integer, to_int64, normalized", "[decimal]") {
  CHECK(D("-0.5").sign() == -1);
  CHECK(D("0.00").sign() == 0);
  CHECK(D("3").sign() == 1);
  CHECK(D("-12.50").abs().to_string() == "12.50");
  CHECK(D("600.00").is_integer());
  CHECK_FALSE(D("600.01").is_integer());
  CHECK(D("600.00").to_int64() == 600);
  CHECK(D("-600.0").to_int64() == -600);
  CHECK_FALSE(D("0.5").to_int64().has_value());
  CHECK_FALSE(D("9223372036854775808").to_int64().has_value());
  CHECK(D("-9223372036854775808").to_int64() == INT64_MIN);
  // Coefficients past 64 bits whose value still fits take the wide path.
  CHECK(D("-9223372036854775808.00").to_int64() == INT64_MIN);
  CHECK(D("9223372036854775807.000").to_int64() == INT64_MAX);
  CHECK_FALSE(D("9223372036854775808.000").to_int64().has_value());
  CHECK(D("123456789012345678.9000000000").is_integer() == false);
  CHECK(D("123456789012345678.0000000000").is_integer());
  CHECK(D("600.00").normalized().to_string() == "600");
  CHECK(D("0.1500").normalized().to_string() == "0.15");
  CHECK(D("0.000").normalized().to_string() == "0");
  CHECK(D("1500").normalized().to_string() == "1500");  // integer zeros are not fraction zeros
}

namespace {

struct RoundCase {
  const char* value;
  // HalfEven, HalfUp, Down, Up, Floor, Ceiling
  std::array<const char*, 6> expected;
};

constexpr std::array<RoundingMode, 6> kModes = {RoundingMode::HalfEven, RoundingMode::HalfUp,
                                                RoundingMode::Down,     RoundingMode::Up,
                                                RoundingMode::Floor,    RoundingMode::Ceiling};

}  // namespace

TEST_CASE("round() to whole numbers in every mode, ties included", "[decimal][round]") {
  const std::vector<RoundCase> cases = {
      {"2.5", {"2", "3", "2", "3", "2", "3"}},
      {"1.5", {"2", "2", "1", "2", "1", "2"}},
      {"-2.5", {"-2", "-3", "-2", "-3", "-3", "-2"}},
      {"-1.5", {"-2", "-2", "-1", "-2", "-2", "-1"}},
      {"2.4", {"2", "2", "2", "3", "2", "3"}},
      {"2.6", {"3", "3", "2", "3", "2", "3"}},
      {"-2.6", {"-3", "-3", "-2", "-3", "-3", "-2"}},
      {"0.5", {"0", "1", "0", "1", "0", "1"}},
      {"-0.5", {"0", "-1", "0", "-1", "-1", "0"}},
      {"1.0", {"1", "1", "1", "1", "1", "1"}},
      {"-7", {"-7", "-7", "-7", "-7", "-7", "-7"}},
  };
  for (const RoundCase& c : cases) {
    for (std::size_t m = 0; m < kModes.size(); ++m) {
      INFO(c.value << " mode " << m);
      CHECK(D(c.value).round(0, kModes[m]).to_string() == c.expected[m]);
    }
  }
}

TEST_CASE("round() to cents, and widening keeps the value", "[decimal][round]") {
  const std::vector<RoundCase> cases = {
      {"0.125", {"0.12", "0.13", "0.12", "0.13", "0.12", "0.13"}},
      {"-0.125", {"-0.12", "-0.13", "-0.12", "-0.13", "-0.13", "-0.12"}},
      {"0.135", {"0.14", "0.14", "0.13", "0.14", "0.13", "0.14"}},
      {"2.675", {"2.68", "2.68", "2.67", "2.68", "2.67", "2.68"}},
      {"1.0049", {"1.00", "1.00", "1.00", "1.01", "1.00", "1.01"}},
      {"-1.0051", {"-1.01", "-1.01", "-1.00", "-1.01", "-1.01", "-1.00"}},
  };
  for (const RoundCase& c : cases) {
    for (std::size_t m = 0; m < kModes.size(); ++m) {
      INFO(c.value << " mode " << m);
      CHECK(D(c.value).round(2, kModes[m]).to_string() == c.expected[m]);
    }
  }
  CHECK(D("600").round(2).to_string() == "600.00");
  CHECK(D("-0.5").round(3).to_string() == "-0.500");
  CHECK(D("0.125").round(2).scale() == 2);
  CHECK_THROWS_AS(D("1").round(19), ValueError);
  // The wide path rounds the same way.
  const std::string big = std::string(30, '9') + ".5";
  CHECK(Decimal::parse(big).round(0, RoundingMode::Down).to_string() == std::string(30, '9'));
  CHECK(Decimal::parse(big).round(0, RoundingMode::HalfEven).to_string() ==
        "1" + std::string(30, '0'));
  // Widening must keep the asked scale, so a coefficient with no room left throws.
  CHECK_THROWS_AS(Decimal::parse(kMax38).round(1), OverflowError);
}

TEST_CASE("divide() rounds the exact quotient in every mode", "[decimal][divide]") {
  struct DivideCase {
    const char* a;
    const char* b;
    int scale;
    std::array<const char*, 6> expected;
  };
  const std::vector<DivideCase> cases = {
      {"10", "3", 2, {"3.33", "3.33", "3.33", "3.34", "3.33", "3.34"}},
      {"2", "3", 2, {"0.67", "0.67", "0.66", "0.67", "0.66", "0.67"}},
      {"-2", "3", 2, {"-0.67", "-0.67", "-0.66", "-0.67", "-0.67", "-0.66"}},
      {"1", "8", 2, {"0.12", "0.13", "0.12", "0.13", "0.12", "0.13"}},
      {"1", "-8", 2, {"-0.12", "-0.13", "-0.12", "-0.13", "-0.13", "-0.12"}},
      {"-1", "-8", 2, {"0.12", "0.13", "0.12", "0.13", "0.12", "0.13"}},
      {"3", "8", 2, {"0.38", "0.38", "0.37", "0.38", "0.37", "0.38"}},
      {"1000.00", "4", 2, {"250.00", "250.00", "250.00", "250.00", "250.00", "250.00"}},
      {"250000", "500", 0, {"500", "500", "500", "500", "500", "500"}},
      {"1.000000000000000000", "3", 0, {"0", "0", "0", "1", "0", "1"}},
      {"5",
       "0.000000000000000002",
       0,
       {"2500000000000000000", "2500000000000000000", "2500000000000000000", "2500000000000000000",
        "2500000000000000000", "2500000000000000000"}},
  };
  for (const DivideCase& c : cases) {
    for (std::size_t m = 0; m < kModes.size(); ++m) {
      INFO(c.a << " / " << c.b << " mode " << m);
      CHECK(D(c.a).divide(D(c.b), c.scale, kModes[m]).to_string() == c.expected[m]);
    }
  }
  CHECK(D("100").divide(D("7"), 0).to_string() == "14");
  CHECK(Decimal::parse("1" + std::string(37, '0')).divide(Decimal(3), 0).to_string() ==
        std::string(37, '3'));
  CHECK(Decimal::parse(kMax38).divide(Decimal::parse(kMax38), 18).to_string() ==
        "1.000000000000000000");
  CHECK_THROWS_AS(D("1").divide(D("0.00"), 2), ValueError);
  CHECK_THROWS_AS(Decimal::parse(kMax38).divide(D("0.1"), 0), OverflowError);
}

TEST_CASE("arithmetic agrees with unbounded integers over generated values",
          "[decimal][property]") {
  Generator gen;
  for (int i = 0; i < 4000; ++i) {
    // Half the pairs are small (the int64 fast path), half up to 19 digits so sums and
    // products often leave it.
    const int digits = i % 2 == 0 ? 9 : 19;
    const auto [a, ra] = gen.next(digits);
    const auto [b, rb] = gen.next(digits);
    const int scale = std::max(ra.scale, rb.scale);
    const Reference sum{
        ra.coefficient * pow10(scale - ra.scale) + rb.coefficient * pow10(scale - rb.scale), scale};
    const Reference difference{
        ra.coefficient * pow10(scale - ra.scale) - rb.coefficient * pow10(scale - rb.scale), scale};
    INFO(a.to_string() << " and " << b.to_string());
    CHECK((a + b).to_string() == format(sum));
    CHECK((a - b).to_string() == format(difference));
    if (ra.scale + rb.scale <= Decimal::kMaxScale) {
      CHECK((a * b).to_string() ==
            format(Reference{ra.coefficient * rb.coefficient, ra.scale + rb.scale}));
    }
    const int expected_order = (difference.coefficient > 0) - (difference.coefficient < 0);
    CHECK(a.compare(b) == expected_order);
    CHECK((a + b) - b == a);
  }
}

TEST_CASE("divide() agrees with unbounded integers over generated values", "[decimal][property]") {
  Generator gen;
  for (int i = 0; i < 3000; ++i) {
    const auto [a, ra] = gen.next(i % 2 == 0 ? 9 : 30);
    const auto [b, rb] = gen.next(12);
    if (b.is_zero()) continue;
    const int scale = i % 7;
    // Exact quotient × 10^scale = (ca × 10^(scale - sa + sb)) / cb, truncated toward zero.
    using boost::multiprecision::cpp_int;
    cpp_int numerator = ra.coefficient * pow10(scale + rb.scale);
    cpp_int denominator = rb.coefficient * pow10(ra.scale);
    const cpp_int truncated = numerator / denominator;
    const cpp_int remainder = numerator % denominator;
    INFO(a.to_string() << " / " << b.to_string() << " scale " << scale);
    const cpp_int limit = pow10(Decimal::kMaxDigits) - 1;
    if ((truncated < 0 ? cpp_int(-truncated) : truncated) > limit) {
      CHECK_THROWS_AS(a.divide(b, scale, RoundingMode::Down), OverflowError);
      continue;
    }
    if ((truncated < 0 ? cpp_int(-truncated) : truncated) == limit) continue;
    const Decimal down = a.divide(b, scale, RoundingMode::Down);
    CHECK(down.to_string() == format(Reference{truncated, scale}));
    const Decimal up = a.divide(b, scale, RoundingMode::Up);
    cpp_int away = truncated;
    if (remainder != 0) away += ((numerator < 0) != (denominator < 0)) ? -1 : 1;
    CHECK(up.to_string() == format(Reference{away, scale}));
    // Rounding to nearest is never more than half a unit away from the truncation.
    const Decimal nearest = a.divide(b, scale, RoundingMode::HalfEven);
    const Decimal step = (nearest - down).abs();
    CHECK((step.is_zero() || step == Decimal::from_scaled(1, scale)));
  }
}
