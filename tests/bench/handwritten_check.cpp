// The practical limit: a single-purpose program that does exactly the 合肥 2017 checks on a
// roster CSV and nothing else (no ruleset, no report, no masking, no digest), written the way a
// careful C++ programmer would for speed: the whole file read at once, cells as string_views
// into it, amounts as integer cents, one pass over the rows, households and recipients in hash
// maps. The peer benchmark times fundrules against it and checks that both find the same
// violations.
//
//   handwritten_check ROSTER.csv [OUT]
//
// Writes "row,check" lines (1-based data rows) to OUT (default: nothing) and prints the rows
// checked and the seconds taken on standard error.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

enum Field {
  kName,
  kId,
  kCategory,
  kHousehold,
  kAmount,
  kPayment,
  kCard,
  kPhone,
  kReason,
  kSigner,
  kPaidOn,
  kIncome,
  kLevel,
  kFieldCount
};

constexpr std::array<std::string_view, kFieldCount> kHeaders = {
    "姓名",     "身份证号", "对象类别", "户号",     "金额",       "发放方式", "银行卡号",
    "联系电话", "困难原因", "签领人",   "发放日期", "月平均收入", "劳模级别"};

enum Category : std::uint8_t { kRegistered, kUnregistered, kModel, kFrontline, kOther };

Category category_of(std::string_view label) {
  static const std::unordered_map<std::string_view, Category> kCategories = {
      {"建档在册困难职工", kRegistered},
      {"建档在册的困难职工", kRegistered},
      {"建档困难职工", kRegistered},
      {"档案内困难职工", kRegistered},
      {"在档困难职工", kRegistered},
      {"非建档困难职工", kUnregistered},
      {"非建档在册困难职工", kUnregistered},
      {"不符合建档条件的困难职工", kUnregistered},
      {"产能过剩困难职工", kUnregistered},
      {"意外灾害困难职工", kUnregistered},
      {"困难劳模", kModel},
      {"困难劳动模范", kModel},
      {"一线职工", kFrontline},
      {"坚守一线职工", kFrontline},
      {"一线农民工", kFrontline},
      {"环卫工人", kFrontline}};
  const auto found = kCategories.find(label);
  return found == kCategories.end() ? kOther : found->second;
}

bool is_card_payment(std::string_view label) {
  return label == "银行卡" || label == "银行卡发放" || label == "打卡" || label == "银行转账" ||
         label == "bank_card";
}

bool is_cash_payment(std::string_view label) {
  return label == "实名制签领" || label == "实名制" || label == "实名制发放" ||
         label == "现金签领" || label == "签领" || label == "signed_cash";
}

bool is_top_level(std::string_view label) {
  return label == "全国" || label == "全国劳模" || label == "全国劳动模范" || label == "全国级" ||
         label == "省部级" || label == "省级" || label == "部级" || label == "省(部)级" ||
         label == "省部级劳模" || label == "市级" || label == "市级劳模" || label == "市劳模";
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

int number(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

/// yyyymmdd as one comparable number, or -1 if not a real date.
int ymd(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
    return -1;
  }
  return year * 10000 + month * 100 + day;
}

bool is_cn_id(std::string_view s, int today) {
  if (s.size() != 18 || !all_digits(s.substr(0, 17))) return false;
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (s[i] - '0') * kWeights[i];
  const char last = s[17] == 'x' ? 'X' : s[17];
  if ("10X98765432"[sum % 11] != last) return false;
  const int birth = ymd(number(s, 6, 4), number(s, 10, 2), number(s, 12, 2));
  return birth > 0 && birth <= today;
}

bool is_bank_card(std::string_view s) {
  if (s.size() < 16 || s.size() > 19 || !all_digits(s)) return false;
  int sum = 0;
  bool doubled = false;
  for (std::size_t i = s.size(); i-- > 0;) {
    int d = s[i] - '0';
    if (doubled && (d *= 2) > 9) d -= 9;
    sum += d;
    doubled = !doubled;
  }
  return sum % 10 == 0;
}

bool is_cn_mobile(std::string_view s) {
  return s.size() == 11 && all_digits(s) && s[0] == '1' && s[1] >= '3';
}

/// "1,200.00" -> 120000 cents; the roster writes at most two decimals.
bool cents(std::string_view s, std::int64_t& out) {
  std::int64_t units = 0;
  int decimals = -1;
  for (const char c : s) {
    if (c == ',') continue;
    if (c == '.' && decimals < 0) {
      decimals = 0;
    } else if (c >= '0' && c <= '9' && decimals < 2) {
      units = units * 10 + (c - '0');
      if (decimals >= 0) ++decimals;
    } else {
      return false;
    }
  }
  if (s.empty()) return false;
  for (int i = std::max(decimals, 0); i < 2; ++i) units *= 10;
  out = units;
  return true;
}

/// "2017-01-05" -> 20170105, or -1.
int iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return -1;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8)))
    return -1;
  return ymd(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2));
}

/// Splits one CSV record starting at `p` into `cells` (quoted cells unquoted into `scratch`);
/// returns the position after its line end.
const char* split_record(const char* p, const char* end, std::vector<std::string_view>& cells,
                         std::vector<std::string>& scratch) {
  cells.clear();
  std::size_t quoted = 0;
  while (true) {
    if (p < end && *p == '"') {
      std::string& cell = scratch[quoted++ % scratch.size()];
      cell.clear();
      ++p;
      while (p < end) {
        if (*p == '"') {
          if (p + 1 < end && p[1] == '"') {
            cell.push_back('"');
            p += 2;
          } else {
            ++p;
            break;
          }
        } else {
          cell.push_back(*p++);
        }
      }
      cells.emplace_back(cell);
    } else {
      const char* start = p;
      while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
      cells.emplace_back(start, static_cast<std::size_t>(p - start));
    }
    if (p < end && *p == ',') {
      ++p;
      continue;
    }
    if (p < end && *p == '\r') ++p;
    if (p < end && *p == '\n') ++p;
    return p;
  }
}

struct Household {
  std::int64_t hardship_cents = 0;
  std::int64_t model_cents = 0;
  std::vector<std::int64_t> hardship_rows;
  std::vector<std::int64_t> model_rows;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: handwritten_check ROSTER.csv [OUT]\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::cerr << argv[1] << ": cannot open\n";
    return 2;
  }
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const char* p = text.data();
  const char* const end = p + text.size();
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) p += 3;

  std::vector<std::string_view> cells;
  std::vector<std::string> scratch(kFieldCount);
  p = split_record(p, end, cells, scratch);
  std::array<std::size_t, kFieldCount> at{};
  for (std::size_t f = 0; f < kFieldCount; ++f) {
    const auto found = std::find(cells.begin(), cells.end(), kHeaders[f]);
    if (found == cells.end()) {
      std::cerr << argv[1] << ": no column " << kHeaders[f] << '\n';
      return 2;
    }
    at[f] = static_cast<std::size_t>(found - cells.begin());
  }

  constexpr int kToday = 20170115;
  constexpr int kStart = 20161215;
  constexpr int kDeadline = 20170205;
  std::vector<std::pair<std::int64_t, const char*>> found;
  std::unordered_map<std::string, Household> households;
  std::unordered_map<std::string, std::vector<std::int64_t>> recipients;
  std::int64_t row = 0;
  while (p < end) {
    p = split_record(p, end, cells, scratch);
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    ++row;
    if (cells.size() < kFieldCount) {
      std::cerr << argv[1] << ": row " << row << " is short\n";
      return 2;
    }
    const auto cell = [&](Field f) { return cells[at[f]]; };
    const auto flag = [&](const char* check) { found.emplace_back(row, check); };
    const Category category = category_of(cell(kCategory));
    const bool card = is_card_payment(cell(kPayment));
    const bool cash = is_cash_payment(cell(kPayment));
    std::int64_t amount = 0;
    std::int64_t income = 0;
    if (!cents(cell(kAmount), amount)) {
      std::cerr << argv[1] << ": row " << row << ": bad amount\n";
      return 2;
    }
    const bool has_income = !cell(kIncome).empty() && cents(cell(kIncome), income);

    if (category == kOther) flag("eligible.category");
    if (category == kModel) {
      if (!is_top_level(cell(kLevel))) flag("model_worker.level");
      if (!has_income) flag("model_worker.income_missing");
      if (has_income && income >= 5000'00) flag("model_worker.income");
    }
    if (amount <= 0) flag("amount.positive");
    if (category == kFrontline && amount > 500'00) flag("frontline.cap");
    if ((category == kRegistered || category == kModel) && !card) {
      flag("payment.bank_card_required");
    }
    if (card && cell(kCard).empty()) flag("payment.bank_card_missing");
    if (!cell(kCard).empty() && !is_bank_card(cell(kCard))) flag("payment.bank_card_invalid");
    if (cash) {
      if (cell(kId).empty()) flag("sheet.id_number");
      if (cell(kPhone).empty()) flag("sheet.phone");
      if (category == kUnregistered && cell(kReason).empty()) flag("sheet.hardship_reason");
      if (cell(kSigner).empty()) flag("sheet.signer_missing");
      if (!cell(kSigner).empty() && cell(kSigner) != cell(kName)) {
        flag("sheet.signer_is_recipient");
      }
    }
    if (cell(kPaidOn).empty()) {
      flag("window.paid_on_missing");
    } else {
      const int paid = iso_date(cell(kPaidOn));
      if (paid < 0) {
        std::cerr << argv[1] << ": row " << row << ": bad date\n";
        return 2;
      }
      if (paid < kStart || paid > kDeadline) flag("window.paid_on");
    }
    if (!cell(kId).empty()) {
      if (!is_cn_id(cell(kId), kToday)) flag("id_number.valid");
      recipients[std::string(cell(kId))].push_back(row);
    }
    if (!cell(kPhone).empty() && !is_cn_mobile(cell(kPhone))) flag("phone.valid");

    if (category == kRegistered || category == kUnregistered || category == kModel) {
      Household& household = households[std::string(cell(kHousehold))];
      if (category == kModel) {
        household.model_cents += amount;
        household.model_rows.push_back(row);
      } else {
        household.hardship_cents += amount;
        household.hardship_rows.push_back(row);
      }
    }
  }
  for (const auto& [key, household] : households) {
    if (!household.hardship_rows.empty() && household.hardship_cents < 600'00) {
      for (const auto r : household.hardship_rows) found.emplace_back(r, "hardship.household_min");
    }
    if (!household.model_rows.empty() && household.model_cents < 900'00) {
      for (const auto r : household.model_rows) found.emplace_back(r, "model_worker.household_min");
    }
  }
  for (const auto& [key, rows] : recipients) {
    if (rows.size() > 1) {
      for (const auto r : rows) found.emplace_back(r, "duplicate.id_number");
    }
  }
  std::sort(found.begin(), found.end());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (argc > 2) {
    std::FILE* out = std::fopen(argv[2], "w");
    if (out == nullptr) {
      std::cerr << argv[2] << ": cannot write\n";
      return 2;
    }
    for (const auto& [r, check] : found)
      std::fprintf(out, "%lld,%s\n", static_cast<long long>(r), check);
    std::fclose(out);
  }
  // Households with hardship or model-worker rows, and distinct ID numbers: the keys that
  // the group rules keep state for.
  std::fprintf(stderr,
               "{\"rows\": %lld, \"violations\": %zu, \"seconds\": %.6f, \"households\": %zu, "
               "\"recipients\": %zu}\n",
               static_cast<long long>(row), found.size(), seconds, households.size(),
               recipients.size());
  return 0;
}
