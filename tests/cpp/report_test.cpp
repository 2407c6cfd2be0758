// Tests of the report writers on hand-made reports: JSON structure and escaping, masking of
// personal data, CSV quoting, and the text report's row accounting.

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fundrules/report.hpp"
#include "json_check.hpp"
#include "report/json_writer.hpp"

using fundrules::Date;
using fundrules::ParamUsed;
using fundrules::PersonalData;
using fundrules::Report;
using fundrules::ReportOptions;
using fundrules::Severity;
using fundrules::Summary;
using fundrules::ValueRead;
using fundrules::Violation;

namespace {

const char* const kIdNumber = "11010519491231002X";

Violation cap_violation() {
  Violation v;
  v.rule_id = "standard.frontline_cap";
  v.rows = {3};
  v.line = 4;
  v.message_zh = "一线职工每人不超过 500 元，实发 600.00 元，身份证号 11010519491231002X";
  v.message_en = "frontline workers get at most 500 each; paid 600.00";
  v.values = {ValueRead{"amount", "600.00", PersonalData::None, false},
              ValueRead{"id_number", kIdNumber, PersonalData::IdNumber, false},
              ValueRead{"phone", "null", PersonalData::Phone, true}};
  v.params = {ParamUsed{"frontline_cap", "500", Date::from_ymd(2016, 12, 15), "cn.hefei.2017", {}}};
  v.clause = "二(二)";
  v.clause_text = "“两节”期间仍坚守在一线的职工原则上每人在500元以内";
  return v;
}

Violation unreadable_violation() {
  Violation v;
  v.rule_id = "input.unreadable";
  v.rows = {5};
  v.line = 7;
  v.column = 4;
  v.message_zh = "此行无法读取";
  v.message_en = "this row could not be read";
  v.detail = "金额 (amount): \"12,34\" is not money, \"thousands\" in groups of 3";
  return v;
}

Report sample_report() {
  Summary s;
  s.rows = 6;
  s.clean = 4;
  s.with_violations = 1;
  s.unreadable = 1;
  s.errors = 1;
  s.warnings = 1;
  s.violations_by_rule = {{"input.unreadable", 1}, {"standard.frontline_cap", 1}};
  s.ruleset_id = "cn.hefei.2017-liangjie";
  s.ruleset_sha256 = std::string(64, 'a');
  s.input_name = "roster.csv";
  s.as_of = Date::from_ymd(2017, 1, 10);
  s.fundrules_version = "0.1.0";
  Violation cap = cap_violation();
  cap.severity = Severity::Warning;
  return Report(s, {cap, unreadable_violation()});
}

}  // namespace

TEST_CASE("JsonWriter escapes strings so the output is valid JSON", "[report][json]") {
  std::string out;
  fundrules::report_detail::append_json_string(out, "a\"b\\c\nd\te\x01 中文");
  CHECK(out == "\"a\\\"b\\\\c\\nd\\te\\u0001 中文\"");
  CHECK(json_check::parse(out).text == "a\"b\\c\nd\te\x01 中文");

  out.clear();
  // A lone continuation byte and a truncated sequence are not UTF-8: replaced, not copied.
  fundrules::report_detail::append_json_string(out, "x\x80y\xE4\xB8");
  CHECK(out == "\"x\\ufffdy\\ufffd\\ufffd\"");

  out.clear();
  fundrules::report_detail::append_json_string(out, "\xE2\x80\xA8");
  CHECK(out == "\"\\u2028\"");
}

namespace {

// JSON escaping done the slow, obvious way, one code point at a time, as RFC 8259 and the
// writer's rules say: what append_json_string(), which copies runs of plain text at once, must
// give on any input.
std::string escaped_one_by_one(const std::string& text) {
  std::string out = "\"";
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    const unsigned char c = byte(i);
    if (c < 0x80) {
      const char* named = nullptr;
      switch (c) {
        case '"':
          named = "\\\"";
          break;
        case '\\':
          named = "\\\\";
          break;
        case '\n':
          named = "\\n";
          break;
        case '\r':
          named = "\\r";
          break;
        case '\t':
          named = "\\t";
          break;
        case '\b':
          named = "\\b";
          break;
        case '\f':
          named = "\\f";
          break;
        default:
          break;
      }
      if (named != nullptr) {
        out += named;
      } else if (c < 0x20 || c == 0x7F) {
        const char* hex = "0123456789abcdef";
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: its length from the lead byte, then every rule of UTF-8.
    std::size_t length = (c & 0xE0) == 0xC0   ? 2
                         : (c & 0xF0) == 0xE0 ? 3
                         : (c & 0xF8) == 0xF0 ? 4
                                              : 0;
    std::uint32_t code = length == 2 ? c & 0x1Fu : length == 3 ? c & 0x0Fu : c & 0x07u;
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (byte(i + k) & 0xC0) == 0x80;
      code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    const std::uint32_t least = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    valid = valid && code >= least && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
    if (!valid) {
      out += "\\ufffd";
      ++i;
    } else if (code == 0x2028 || code == 0x2029) {
      out += code == 0x2028 ? "\\u2028" : "\\u2029";
      i += length;
    } else {
      out += text.substr(i, length);
      i += length;
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("JsonWriter escapes any bytes as escaping one code point at a time does",
          "[report][json]") {
  // Pieces a cell may hold: plain text, Chinese, escapes, controls, DEL, the two separators
  // JavaScript cannot take, a character next to them, four-byte ones, and every kind of
  // invalid UTF-8 (a lone continuation, overlong forms, a surrogate, past U+10FFFF, a lead
  // byte with too few bytes after it, a byte no UTF-8 has).
  const std::vector<std::string> pieces = {"",
                                           "a",
                                           "张三",
                                           "\"",
                                           "\\",
                                           "\n",
                                           "\r\t\b\f",
                                           "\x01",
                                           "\x1F",
                                           "\x7F",
                                           " ",
                                           "\xE2\x80\xA8",
                                           "\xE2\x80\xA9",
                                           "\xE2\x80\xA7",
                                           "\xF0\x9F\x98\x80",
                                           "\x80",
                                           "\xC0\x80",
                                           "\xE0\x80\x80",
                                           "\xED\xA0\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xE4\xB8",
                                           "\xE2\x80",
                                           "\xF0\x9F\x98",
                                           "\xFF",
                                           "\xE3\x80\x80",
                                           "\xEC\xBF\xBF",
                                           "\xED\x9F\xBF",
                                           "\xE3\x80",
                                           "\xE9\x80\x41",
                                           "\xEC\xC0\x80",
                                           "123,456.00",
                                           "340104********5819"};
  for (const std::string& piece : pieces) {
    INFO("piece of " << piece.size() << " bytes");
    std::string out;
    fundrules::report_detail::append_json_string(out, piece);
    CHECK(out == escaped_one_by_one(piece));
  }
  // Pieces strung together at random, so that every kind meets every other at every place
  // of a run of plain text (its start, its end, the end of the input).
  std::mt19937 random(2028);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 8);
    for (int k = 0; k < count; ++k) text += pieces[random() % pieces.size()];
    std::string out = "kept";  // appended to, not replaced
    fundrules::report_detail::append_json_string(out, text);
    INFO("round " << round);
    REQUIRE(out == "kept" + escaped_one_by_one(text));
  }
}

TEST_CASE("JsonWriter nests objects and arrays with commas in the right places", "[report][json]") {
  fundrules::report_detail::JsonWriter json;
  json.begin_object();
  json.key("a").value(std::int64_t{1});
  json.key("empty").begin_array().end_array();
  json.key("list").begin_array().value("x").null().value(true).end_array();
  json.end_object();
  const std::string text = json.take();
  const auto doc = json_check::parse(text);
  CHECK(doc["a"].integer() == 1);
  CHECK(doc["empty"].items.empty());
  REQUIRE(doc["list"].items.size() == 3);
  CHECK(doc["list"][1].kind == json_check::Node::Kind::Null);
  CHECK(text.back() == '\n');

  fundrules::report_detail::JsonWriter inline_json;
  inline_json.begin_object().key("rows").begin_array(true);
  inline_json.value(std::int64_t{3}).value(std::int64_t{5});
  inline_json.end_array().end_object();
  CHECK(inline_json.take() == "{\n  \"rows\": [3, 5]\n}\n");
}

TEST_CASE("Report::ok fails on an error or an unreadable row, not on a warning", "[report]") {
  Summary s;
  s.rows = 1;
  s.clean = 0;
  s.with_violations = 1;
  Violation warning = cap_violation();
  warning.severity = Severity::Warning;
  CHECK(Report(s, {warning}).ok());
  CHECK_FALSE(Report(s, {cap_violation()}).ok());
  Summary unreadable;
  unreadable.rows = 1;
  unreadable.unreadable = 1;
  CHECK_FALSE(Report(unreadable, {}).ok());
  CHECK(Report().ok());
}

TEST_CASE("to_json follows fundrules.report/1", "[report][json]") {
  const Report report = sample_report();
  const auto doc = json_check::parse(report.to_json());
  CHECK(doc["schema"].text == "fundrules.report/1");
  CHECK_FALSE(doc["ok"].flag);

  const auto& summary = doc["summary"];
  CHECK(summary["rows"].integer() == 6);
  CHECK(summary["clean"].integer() == 4);
  CHECK(summary["with_violations"].integer() == 1);
  CHECK(summary["unreadable"].integer() == 1);
  CHECK(summary["errors"].integer() == 1);
  CHECK(summary["warnings"].integer() == 1);
  CHECK(summary["by_rule"]["standard.frontline_cap"].integer() == 1);
  CHECK(summary["ruleset"]["id"].text == "cn.hefei.2017-liangjie");
  CHECK(summary["ruleset"]["sha256"].text == std::string(64, 'a'));
  CHECK(summary["input"]["name"].text == "roster.csv");
  CHECK(summary["input"]["sha256"].kind == json_check::Node::Kind::Null);
  CHECK(summary["as_of"].text == "2017-01-10");
  CHECK(summary["fundrules_version"].text == "0.1.0");

  REQUIRE(doc["violations"].items.size() == 2);
  const auto& cap = doc["violations"][0];
  CHECK(cap["rule"].text == "standard.frontline_cap");
  CHECK(cap["severity"].text == "warning");
  CHECK(cap["scope"].text == "record");
  REQUIRE(cap["rows"].items.size() == 1);
  CHECK(cap["rows"][0].integer() == 3);
  CHECK(cap["line"].integer() == 4);
  CHECK(cap["column"].kind == json_check::Node::Kind::Null);
  CHECK(cap["message"]["zh"].text ==
        "一线职工每人不超过 500 元，实发 600.00 元，身份证号 110105********002X");
  CHECK(cap["message"]["en"].text == "frontline workers get at most 500 each; paid 600.00");
  const auto& explanation = cap["explanation"];
  // Decimals are strings, so no reader turns 600.00 into a binary float.
  CHECK(explanation["values"][0]["value"].kind == json_check::Node::Kind::String);
  CHECK(explanation["values"][0]["value"].text == "600.00");
  CHECK(explanation["values"][2]["value"].kind == json_check::Node::Kind::Null);
  CHECK(explanation["params"][0]["name"].text == "frontline_cap");
  CHECK(explanation["params"][0]["value"].text == "500");
  CHECK(explanation["params"][0]["effective_from"].text == "2016-12-15");
  CHECK(explanation["params"][0]["origin"].text == "cn.hefei.2017");
  CHECK(explanation["clause"].text == "二(二)");
  CHECK(explanation["clause_text"].text == "“两节”期间仍坚守在一线的职工原则上每人在500元以内");
  CHECK(explanation["detail"].kind == json_check::Node::Kind::Null);

  const auto& unreadable = doc["violations"][1];
  CHECK(unreadable["column"].integer() == 4);
  CHECK(unreadable["explanation"]["detail"].text ==
        "金额 (amount): \"12,34\" is not money, \"thousands\" in groups of 3");
}

TEST_CASE("personal data is masked unless asked for", "[report][masking]") {
  const Report report = sample_report();
  const std::string masked_id = fundrules::mask_personal(kIdNumber, PersonalData::IdNumber);
  REQUIRE(masked_id != kIdNumber);

  ReportOptions hidden;
  ReportOptions shown;
  shown.show_personal_data = true;

  for (const auto& options : {hidden, shown}) {
    const bool show = options.show_personal_data;
    const auto doc = json_check::parse(report.to_json(options));
    const auto& id = doc["violations"][0]["explanation"]["values"][1];
    CHECK(id["value"].text == (show ? kIdNumber : masked_id));
    CHECK(id["masked"].flag == !show);
    // A value that is not personal is never masked.
    CHECK(doc["violations"][0]["explanation"]["values"][0]["masked"].flag == false);

    // Messages show personal values too, and are masked the same way.
    CHECK((doc["violations"][0]["message"]["zh"].text.find(kIdNumber) != std::string::npos) ==
          show);

    const std::string text = report.to_text(options);
    const std::string csv = report.to_csv(options);
    CHECK((text.find(kIdNumber) != std::string::npos) == show);
    CHECK((csv.find(kIdNumber) != std::string::npos) == show);
    CHECK((text.find(masked_id) != std::string::npos) == !show);
  }
}

TEST_CASE("to_csv quotes per RFC 4180 and defuses formulas", "[report][csv]") {
  Violation v = unreadable_violation();
  v.group_key = "=HYPERLINK(\"x\")";
  Summary s;
  const std::string csv = Report(s, {v}).to_csv();
  const std::string header =
      "row,line,column,rule,severity,scope,rows,group_key,message,values,params,clause,detail\r\n";
  REQUIRE(csv.rfind(header, 0) == 0);
  const std::string line = csv.substr(header.size());
  CHECK(line ==
        "5,7,4,input.unreadable,error,record,5,\"'=HYPERLINK(\"\"x\"\")\",此行无法读取,,,,"
        "\"金额 (amount): \"\"12,34\"\" is not money, \"\"thousands\"\" in groups of 3\"\r\n");

  ReportOptions english;
  english.language = "en";
  CHECK(Report(s, {v}).to_csv(english).find("this row could not be read") != std::string::npos);
}

TEST_CASE("to_csv writes a line break inside a quoted field", "[report][csv]") {
  Violation v = cap_violation();
  v.detail = "first\nsecond";
  v.values.clear();
  v.params.clear();
  const std::string csv = Report(Summary{}, {v}).to_csv();
  CHECK(csv.find(",\"first\nsecond\"\r\n") != std::string::npos);
  // Negative amounts are numbers, not formulas.
  v.detail = "-12.50";
  CHECK(Report(Summary{}, {v}).to_csv().find(",-12.50\r\n") != std::string::npos);
}

TEST_CASE("to_text gives the row accounting and groups violations by row", "[report][text]") {
  const Report report = sample_report();
  const std::string zh = report.to_text();
  CHECK(zh.find("行数：6 = 无问题 4 + 有违规 1 + 无法读取 1") != std::string::npos);
  CHECK(zh.find("结果：不通过") != std::string::npos);
  CHECK(zh.find("第 3 行 (文件第 4 行)") != std::string::npos);
  CHECK(zh.find("[警告] standard.frontline_cap：一线职工每人不超过 500 元") != std::string::npos);
  CHECK(zh.find("frontline_cap = 500 (自 2016-12-15 起，由 cn.hefei.2017 设定)") !=
        std::string::npos);
  CHECK(zh.find("第 5 行 (文件第 7 行，第 4 列)") != std::string::npos);
  CHECK(zh.find("依据：二(二) ““两节”期间仍坚守在一线的职工原则上每人在500元以内”\n") !=
        std::string::npos);

  ReportOptions english;
  english.language = "en";
  const std::string en = report.to_text(english);
  CHECK(en.find("Rows: 6 = clean 4 + with violations 1 + unreadable 1") != std::string::npos);
  CHECK(en.find("Row 3 (line 4)") != std::string::npos);
  CHECK(en.find("[warning] standard.frontline_cap: frontline workers get at most 500 each") !=
        std::string::npos);
  CHECK(en.find("phone = null") != std::string::npos);
  CHECK(en.find("frontline_cap = 500 (since 2016-12-15, set by cn.hefei.2017)") !=
        std::string::npos);
  // A parameter the checked ruleset set itself needs no origin.
  Summary same = report.summary();
  same.ruleset_id = "cn.hefei.2017";
  const std::string own = Report(same, report.violations()).to_text(english);
  CHECK(own.find("frontline_cap = 500 (since 2016-12-15)\n") != std::string::npos);
  CHECK(en.find("By rule:\n") != std::string::npos);
}

TEST_CASE("to_text says so when nothing failed", "[report][text]") {
  Summary s;
  s.rows = 2;
  s.clean = 2;
  ReportOptions english;
  english.language = "en";
  const std::string en = Report(s, {}).to_text(english);
  CHECK(en.find("Result: passed") != std::string::npos);
  CHECK(en.find("No violations found.") != std::string::npos);
}

TEST_CASE("write_json, write_csv and write_text stream exactly what to_* return",
          "[report][stream]") {
  // Enough violations that every writer hands out several blocks before its last one, with
  // every row differing so that a block written twice or skipped would show.
  Summary s;
  s.ruleset_id = "cn.hefei.2017-liangjie";
  std::vector<Violation> many;
  for (std::int64_t row = 1; row <= 2000; ++row) {
    Violation v = cap_violation();
    v.rows = {row};
    v.line = row + 1;
    v.message_zh += "，第" + std::to_string(row) + "行";
    many.push_back(v);
  }
  s.rows = 2000;
  s.with_violations = 2000;
  s.errors = 2000;
  const Report report(s, many);
  for (const bool english : {false, true}) {
    ReportOptions options;
    options.language = english ? "en" : "zh";
    const std::string json = report.to_json(options);
    const std::string csv = report.to_csv(options);
    const std::string text = report.to_text(options);
    REQUIRE(json.size() > 4 * 64 * 1024);
    REQUIRE(text.size() > 4 * 64 * 1024);
    std::ostringstream json_out;
    std::ostringstream csv_out;
    std::ostringstream text_out;
    report.write_json(json_out, options);
    report.write_csv(csv_out, options);
    report.write_text(text_out, options);
    CHECK(json_out.str() == json);
    CHECK(csv_out.str() == csv);
    CHECK(text_out.str() == text);
  }
  // A report smaller than one block comes out whole too.
  std::ostringstream small;
  sample_report().write_json(small);
  CHECK(small.str() == sample_report().to_json());
  std::ostringstream empty_text;
  Report(Summary{}, {}).write_text(empty_text);
  CHECK(empty_text.str() == Report(Summary{}, {}).to_text());
}
