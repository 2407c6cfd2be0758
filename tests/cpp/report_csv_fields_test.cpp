// A CSV field written in place against the plain rule of RFC 4180 written out step by step:
// quoted when it holds a comma, a quote or a line break, its quotes doubled, and a leading
// apostrophe for a cell a spreadsheet would run as a formula.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "report/report_format.hpp"

namespace {

bool formula(const std::string& text) {
  if (text.empty()) return false;
  const char first = text.front();
  if (first == '=' || first == '+' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '-') return false;
  if (text.size() == 1) return true;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if ((c < '0' || c > '9') && c != '.' && c != ',') return true;
  }
  return false;
}

std::string expected_field(const std::string& text) {
  const std::string cell = (formula(text) ? "'" : "") + text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("a CSV field is written as RFC 4180 has it, formulas defused") {
  const std::vector<std::string> pieces = {"a", ",", "\"", "\r",   "\n", "=", "+",    "@",     "-",
                                           "1", ".", "\t", "张三", "'",  " ", "\"\"", "600.00"};
  std::mt19937 random(4180);
  std::vector<std::string> texts = {
      "",           "\"",        ",",
      "-",          "-1,500.00", "=SUM(A1)",
      "\"quoted\"", "a\"b\"c",   std::string(5000, 'x') + "\"" + std::string(9, 'y')};
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    const int parts = static_cast<int>(random() % 8);
    for (int p = 0; p < parts; ++p) text += pieces[random() % pieces.size()];
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    INFO(text);
    std::string out = "before,";
    fundrules::report_detail::append_csv_field(out, text);
    CHECK(out == "before," + expected_field(text));
  }
}
