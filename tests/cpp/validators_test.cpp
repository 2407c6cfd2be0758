// Identifier predicates: 身份证号, bank cards, mobile numbers, 统一社会信用代码.

#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "core/validators.hpp"

using fundrules::Date;
namespace v = fundrules::validators;

namespace {

const Date kToday = Date::from_ymd(2024, 6, 1);

/// Completes 17 digits with the check character as GB 11643-1999 defines it, to build test
/// IDs with chosen birth dates. The fixed valid examples below anchor it.
std::string with_check_char(const std::string& first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return first17 + "10X98765432"[sum % 11];
}

}  // namespace

TEST_CASE("居民身份证号: the documented examples pass", "[validators][id]") {
  CHECK(v::is_cn_id("11010519491231002X", kToday));
  CHECK(v::is_cn_id("11010519491231002x", kToday));  // lower-case x is written too
  CHECK(v::is_cn_id("440524188001010014", kToday));
  CHECK(with_check_char("11010519491231002") == "11010519491231002X");
  CHECK(with_check_char("44052418800101001") == "440524188001010014");
}

TEST_CASE("居民身份证号: a wrong check character or any one changed digit fails",
          "[validators][id]") {
  CHECK_FALSE(v::is_cn_id("110105194912310021", kToday));
  CHECK_FALSE(v::is_cn_id("440524188001010015", kToday));
  // Weights are all non-zero mod 11, so every single-digit change is caught.
  const std::string valid = "440524188001010014";
  int changed = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[i]) continue;
      std::string id = valid;
      id[i] = d;
      INFO(id);
      CHECK_FALSE(v::is_cn_id(id, kToday));
      ++changed;
    }
  }
  CHECK(changed == 17 * 9);
}

TEST_CASE("居民身份证号: shape and birth date are checked", "[validators][id]") {
  CHECK_FALSE(v::is_cn_id("", kToday));
  CHECK_FALSE(v::is_cn_id("11010519491231002", kToday));    // 17 characters
  CHECK_FALSE(v::is_cn_id("11010519491231002XX", kToday));  // 19 characters
  CHECK_FALSE(v::is_cn_id("1101051949123100X2", kToday));   // X not last
  CHECK_FALSE(v::is_cn_id(" 11010519491231002X", kToday));
  CHECK_FALSE(v::is_cn_id("110105194912310\xEF\xBC\x92X", kToday));
  // Real date, leap day, impossible dates.
  CHECK(v::is_cn_id(with_check_char("11010520000229123"), kToday));
  CHECK_FALSE(v::is_cn_id(with_check_char("11010519000229123"), kToday));  // 1900: no leap day
  CHECK_FALSE(v::is_cn_id(with_check_char("11010520230229123"), kToday));
  CHECK_FALSE(v::is_cn_id(with_check_char("11010520240230123"), kToday));  // 2月30日
  CHECK_FALSE(v::is_cn_id(with_check_char("11010519901301123"), kToday));  // month 13
  CHECK_FALSE(v::is_cn_id(with_check_char("11010519900100123"), kToday));  // day 0
  CHECK_FALSE(v::is_cn_id(with_check_char("11010500000101123"), kToday));  // year 0
  // Born today is fine; born tomorrow is not.
  CHECK(v::is_cn_id(with_check_char("11010520240601123"), kToday));
  CHECK_FALSE(v::is_cn_id(with_check_char("11010520240602123"), kToday));
  CHECK_FALSE(v::is_cn_id(with_check_char("11010520240701123"), kToday));
  CHECK_FALSE(v::is_cn_id(with_check_char("11010520250101123"), kToday));
  CHECK(v::is_cn_id("11010519491231002X", Date::from_ymd(1949, 12, 31)));
  CHECK_FALSE(v::is_cn_id("11010519491231002X", Date::from_ymd(1949, 12, 30)));
}

TEST_CASE("bank cards: 16 to 19 digits passing Luhn", "[validators][card]") {
  CHECK(v::is_bank_card("6225881414207430"));
  CHECK_FALSE(v::is_bank_card("6225881414207431"));
  CHECK(v::is_bank_card("4111111111111111"));
  CHECK(v::is_bank_card("6212260200000000006"));  // 19 digits
  CHECK(v::is_bank_card("0000000000000000"));
  CHECK_FALSE(v::is_bank_card("79927398713"));           // Luhn-valid but too short
  CHECK_FALSE(v::is_bank_card("62258814142074300000"));  // 20 digits
  CHECK_FALSE(v::is_bank_card("6225 8814 1420 7430"));
  CHECK_FALSE(v::is_bank_card("622588141420743a"));
  CHECK_FALSE(v::is_bank_card(""));
  // Luhn catches every single-digit error.
  const std::string valid = "6225881414207430";
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[i]) continue;
      std::string card = valid;
      card[i] = d;
      INFO(card);
      CHECK_FALSE(v::is_bank_card(card));
    }
  }
}

TEST_CASE("mobile numbers: 11 digits starting 13 to 19", "[validators][phone]") {
  for (char second = '3'; second <= '9'; ++second) {
    CHECK(v::is_cn_mobile(std::string("1") + second + "800138000"));
  }
  CHECK_FALSE(v::is_cn_mobile("12800138000"));
  CHECK_FALSE(v::is_cn_mobile("10800138000"));
  CHECK_FALSE(v::is_cn_mobile("23800138000"));
  CHECK_FALSE(v::is_cn_mobile("1380013800"));
  CHECK_FALSE(v::is_cn_mobile("138001380000"));
  CHECK_FALSE(v::is_cn_mobile("138-0013-800"));
  CHECK_FALSE(v::is_cn_mobile("+8613800138000"));
  CHECK_FALSE(v::is_cn_mobile(""));
}

TEST_CASE("统一社会信用代码: alphabet and check character", "[validators][uscc]") {
  CHECK(v::is_uscc("13530103015119637B"));
  CHECK(v::is_uscc("91350100M000100Y43"));
  CHECK_FALSE(v::is_uscc("13530103015119637A"));
  CHECK_FALSE(v::is_uscc("13530103015119637b"));  // the alphabet is upper case
  CHECK_FALSE(v::is_uscc("1353010301511963B"));
  CHECK_FALSE(v::is_uscc("I3530103015119637B"));  // I is not in the alphabet
  CHECK_FALSE(v::is_uscc(""));
  const std::string valid = "91350100M000100Y43";
  const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (std::size_t i = 0; i < valid.size(); ++i) {
    for (const char c : alphabet) {
      if (c == valid[i]) continue;
      std::string code = valid;
      code[i] = c;
      INFO(code);
      CHECK_FALSE(v::is_uscc(code));
    }
  }
}
