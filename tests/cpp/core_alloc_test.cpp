// The hot paths of the core types must not touch the heap: a million-row roster parses and
// sums every amount, date and ID. This program counts every operator new.

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "core/validators.hpp"
#include "fundrules/date.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/table.hpp"

#include "counting_new.hpp"

using fundrules::Date;
using fundrules::Decimal;
using fundrules::RoundingMode;

TEST_CASE("parsing amounts allocates nothing", "[alloc]") {
  Decimal sink;
  CHECK(allocations_during([&] {
          sink = Decimal::parse("1500.00");
          sink += Decimal::parse("-12.5");
          sink += Decimal::parse_money("1,500.00元");
          sink += Decimal::parse_money("￥ 63.04万元");
          sink += Decimal::parse_money(
              "\xE3\x80\x80"
              "600\xE3\x80\x80");
          sink += *Decimal::try_parse("0.05");
          // A failure without a message asked for is also free.
          if (Decimal::try_parse_money("1,50")) sink += Decimal(1);
          if (Decimal::try_parse("abc")) sink += Decimal(1);
          // 38-digit values take the wide path, which has a fixed size too.
          sink += Decimal::parse("1234567890123456789012345678.0123456789");
        }) == 0);
  CHECK(sink ==
        Decimal::parse("1234567890123456789012345678.0123456789") + Decimal::parse("633987.55"));
}

TEST_CASE("arithmetic, comparison and rounding allocate nothing", "[alloc]") {
  const Decimal a = Decimal::parse("1500.00");
  const Decimal b = Decimal::parse("0.125");
  const Decimal big = Decimal::parse(std::string(30, '9'));
  int order = 0;
  Decimal sink;
  CHECK(allocations_during([&] {
          sink = a + b - b * a;
          sink = sink.round(2, RoundingMode::HalfUp);
          sink = sink.divide(Decimal(3), 2);
          sink = sink.normalized().abs();
          order += a.compare(b) + (a == Decimal(1500)) + (big > a) + sink.sign();
          sink = big + a;
          sink = (big * b).round(0);
          sink = big.divide(b, 2);
          order += sink.is_integer() + static_cast<int>(a.to_int64().value_or(0) > 0);
        }) == 0);
  CHECK(order != 0);
}

TEST_CASE("parsing dates and checking identifiers allocates nothing", "[alloc]") {
  const Date today = Date::from_ymd(2024, 6, 1);
  int valid = 0;
  CHECK(allocations_during([&] {
          valid += Date::parse("2024年1月15日").day();
          valid += Date::parse(" 2024/1/15 ").month();
          valid += Date::try_parse("20240115")->year() > 0;
          valid += Date::try_parse("2024-02-30").has_value();
          valid += fundrules::validators::is_cn_id("11010519491231002X", today);
          valid += fundrules::validators::is_bank_card("6225881414207430");
          valid += fundrules::validators::is_cn_mobile("13800138000");
          valid += fundrules::validators::is_uscc("13530103015119637B");
        }) == 0);
  CHECK(valid == 15 + 1 + 1 + 0 + 4);
}

TEST_CASE("appending to a reserved column allocates nothing", "[alloc]") {
  fundrules::Column amounts("amount", fundrules::ValueType::Decimal);
  fundrules::Column dates("paid_on", fundrules::ValueType::Date);
  amounts.reserve(1000);
  dates.reserve(1000);
  CHECK(allocations_during([&] {
          for (int i = 0; i < 1000; ++i) {
            amounts.append_decimal(Decimal::from_scaled(i, 2));
            dates.append_date(Date::from_days(i));
          }
        }) == 0);
  CHECK(amounts.decimal_at(999).to_string() == "9.99");
}
