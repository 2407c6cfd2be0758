// The C API's JSON records reader: what it accepts, and where it says the input is wrong.
#include <catch2/catch.hpp>

#include "fundrules/error.hpp"
#include "json_records.hpp"

using fundrules::DataError;
using fundrules::capi::parse_json_records;

namespace {

// The location a malformed input is reported at, as "line:column".
std::string fault_location(std::string_view json) {
  try {
    parse_json_records(json, "records.json");
  } catch (const DataError& e) {
    CHECK(e.where().file == "records.json");
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().column);
  }
  return "accepted";
}

}  // namespace

TEST_CASE("records keep their columns in order of first appearance", "[capi][json]") {
  const auto records = parse_json_records(
      R"([{"name": "张三", "amount": 500}, {"amount": "800元", "paid_on": "2024-01-16"}])", "");
  REQUIRE(records.names == std::vector<std::string>{"name", "amount", "paid_on"});
  REQUIRE(records.rows.size() == 2);
  CHECK(records.rows[0].size() == 2);
  CHECK(*records.rows[0][0] == "张三");
  CHECK(*records.rows[0][1] == "500");
  CHECK_FALSE(records.rows[1][0].has_value());  // name missing in the second record: null
  CHECK(*records.rows[1][1] == "800元");
  CHECK(*records.rows[1][2] == "2024-01-16");
}

TEST_CASE("numbers keep their exact digits, never passing through a double", "[capi][json]") {
  const auto records = parse_json_records(
      R"([{"a": 0.1, "b": 600.00, "c": -12.50, "d": 12345678901234567890.12, "e": 1e3}])", "");
  const auto& row = records.rows.at(0);
  CHECK(*row[0] == "0.1");
  CHECK(*row[1] == "600.00");
  CHECK(*row[2] == "-12.50");
  CHECK(*row[3] == "12345678901234567890.12");
  CHECK(*row[4] == "1e3");
}

TEST_CASE("literals and null", "[capi][json]") {
  const auto records = parse_json_records(R"([{"a": true, "b": false, "c": null}])", "");
  const auto& row = records.rows.at(0);
  CHECK(*row[0] == "true");
  CHECK(*row[1] == "false");
  CHECK_FALSE(row[2].has_value());
}

TEST_CASE("string escapes decode to UTF-8", "[capi][json]") {
  const auto records = parse_json_records(
      R"([{"s": "a\"b\\c\/d\n\t", "u": "\u5f20\u4e09", "emoji": "\ud83d\ude00"}])", "");
  const auto& row = records.rows.at(0);
  CHECK(*row[0] == "a\"b\\c/d\n\t");
  CHECK(*row[1] == "张三");
  CHECK(*row[2] == "\xF0\x9F\x98\x80");
}

TEST_CASE("an empty array is no records", "[capi][json]") {
  const auto records = parse_json_records(" [ ] ", "");
  CHECK(records.names.empty());
  CHECK(records.rows.empty());
  CHECK(parse_json_records("[{}]", "").rows.size() == 1);
}

TEST_CASE("malformed JSON is located by line and character column", "[capi][json]") {
  CHECK(fault_location("") == "1:1");
  CHECK(fault_location("{}") == "1:1");
  CHECK(fault_location("[{\"a\": 1},]") == "1:11");
  CHECK(fault_location("[{\"a\": 1},\n {\"a\": 01}]") == "2:9");
  CHECK(fault_location("[{\"a\": 1}\n {\"a\": 2}]") == "2:2");
  // Columns count characters, not bytes: 姓名 is two characters in six bytes.
  CHECK(fault_location("[{\"姓名\": tru}]") == "1:9");
  CHECK(fault_location("[{\"a\": \"unterminated}]") == "1:23");
  CHECK(fault_location("[{\"a\": \"\\x\"}]") == "1:10");
  CHECK(fault_location("[{\"a\": \"\\ud800\"}]") == "1:15");
  CHECK(fault_location("[{\"a\": 1}] trailing") == "1:12");
  CHECK(fault_location("[{\"a\": \"line\nbreak\"}]") == "1:13");
}

TEST_CASE("nested values and repeated keys are refused with a reason", "[capi][json]") {
  CHECK(fault_location("[{\"a\": [1, 2]}]") == "1:8");
  CHECK(fault_location("[{\"a\": {\"b\": 1}}]") == "1:8");
  CHECK(fault_location("[{\"a\": 1, \"a\": 2}]") == "1:11");
  try {
    parse_json_records("[{\"a\": 1, \"a\": 2}]", "in.json");
    FAIL("a repeated key was accepted");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("\"a\" appears twice") != std::string::npos);
  }
}
