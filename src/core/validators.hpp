#pragma once

// Format predicates for the identifiers every roster carries. Pure functions: no allocation on
// the success path, safe from any thread.

#include <string_view>

#include "fundrules/date.hpp"

namespace fundrules::validators {

/// 居民身份证号 (GB 11643-1999): 18 characters, 17 digits then a check character (digit or X,
/// upper or lower case), check character correct, birth date (characters 7-14) a real date not
/// after `today`.
bool is_cn_id(std::string_view text, Date today);
/// Bank card: 16 to 19 digits passing the Luhn (mod 10) check.
bool is_bank_card(std::string_view text);
/// Mainland mobile number: 11 digits, "1[3-9]" then 9 digits.
bool is_cn_mobile(std::string_view text);
/// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and ABCDEFGHJKLMNPQRTUWXY, check
/// character correct (weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, mod 31).
bool is_uscc(std::string_view text);

}  // namespace fundrules::validators
