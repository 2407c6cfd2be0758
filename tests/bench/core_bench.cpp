// Throughput of the core types on the work a roster check does per row: reading amounts and
// dates as written, summing and comparing amounts, checking identifiers. Not a test: run it by
// hand from a Release build, `build/tests/core_bench [--ops N]`.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/validators.hpp"
#include "fundrules/date.hpp"
#include "fundrules/decimal.hpp"

using fundrules::Date;
using fundrules::Decimal;

namespace {

/// Runs `work` (which returns a checksum so the optimiser cannot drop it) and prints the rate.
template <typename Work>
void measure(const char* name, std::size_t ops, Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  const long long checksum = work();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-34s %8.2f M/s %9.1f ns/op   (checksum %lld)\n", name, ops / seconds / 1e6,
              seconds / static_cast<double>(ops) * 1e9, checksum);
}

/// The spellings a real roster mixes, so branch prediction sees what it would in production.
struct Samples {
  std::vector<std::string> plain;
  std::vector<std::string> money;
  std::vector<std::string> dates;
  std::vector<Decimal> amounts;
};

Samples make_samples() {
  Samples s;
  for (int i = 0; i < 1024; ++i) {
    s.plain.push_back(std::to_string(100 + i * 7) + "." + std::to_string(10 + i % 90));
    switch (i % 4) {
      case 0:
        s.money.push_back("1," + std::to_string(100 + i % 900) + ".00");
        break;
      case 1:
        s.money.push_back(std::to_string(200 + i) + "元");
        break;
      case 2:
        s.money.push_back(std::to_string(i % 60) + ".5万");
        break;
      default:
        s.money.push_back("￥" + std::to_string(300 + i));
    }
    const std::string day = std::to_string(1 + i % 28);
    s.dates.push_back(i % 2 == 0 ? "2024-01-" + std::string(day.size() == 1 ? "0" : "") + day
                                 : "2024年1月" + day + "日");
    s.amounts.push_back(Decimal::parse(s.plain.back()));
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ops = 2000000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--ops") == 0) ops = std::strtoull(argv[i + 1], nullptr, 10);
  }
  const Samples s = make_samples();
  const std::size_t mask = 1023;
  const Date today = Date::from_ymd(2024, 6, 1);

  measure("Decimal::parse", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) sum += Decimal::parse(s.plain[i & mask]).scale();
    return sum;
  });
  measure("Decimal::parse_money", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) sum += Decimal::parse_money(s.money[i & mask]).sign();
    return sum;
  });
  measure("Decimal += (scales 0..2)", ops, [&] {
    Decimal total;
    for (std::size_t i = 0; i < ops; ++i) total += s.amounts[i & mask];
    return total.round(0).to_int64().value_or(-1);
  });
  measure("Decimal compare", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) sum += s.amounts[i & mask] < s.amounts[(i * 7) & mask];
    return sum;
  });
  measure("Decimal * then round(2)", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) {
      sum += (s.amounts[i & mask] * s.amounts[(i + 1) & mask]).round(2).sign();
    }
    return sum;
  });
  measure("Decimal divide(3, 2)", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) sum += s.amounts[i & mask].divide(3, 2).scale();
    return sum;
  });
  measure("Decimal::to_string", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) {
      sum += static_cast<long long>(s.amounts[i & mask].to_string().size());
    }
    return sum;
  });
  const Decimal wide = Decimal::parse("12345678901234567890123456.78");
  measure("Decimal += (28 digits, wide path)", ops, [&] {
    Decimal total = wide;
    for (std::size_t i = 0; i < ops; ++i) total += s.amounts[i & mask];
    return static_cast<long long>(total.scale());
  });
  measure("Date::parse", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) sum += Date::parse(s.dates[i & mask]).days_since_epoch();
    return sum;
  });
  measure("validators::is_cn_id", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) {
      sum += fundrules::validators::is_cn_id(i % 2 ? "11010519491231002X" : "440524188001010014",
                                             today);
    }
    return sum;
  });
  measure("validators::is_bank_card", ops, [&] {
    long long sum = 0;
    for (std::size_t i = 0; i < ops; ++i) {
      sum += fundrules::validators::is_bank_card(i % 2 ? "6225881414207430" : "6225881414207431");
    }
    return sum;
  });
  return 0;
}
