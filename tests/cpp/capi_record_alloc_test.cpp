// A form that checks every save keeps one fr_record_checker: once warm, setting the fields of
// a record and checking it must not touch the heap when the record passes. The C API's sources
// are compiled into this program, so that its operator new counts their allocations too.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fundrules/fundrules.h"

#include "counting_new.hpp"

TEST_CASE("setting and checking a record that passes allocates nothing once warm",
          "[capi][record][alloc]") {
  const std::string root = FUNDRULES_SOURCE_DIR;
  fr_ruleset* ruleset = nullptr;
  fr_session* session = nullptr;
  fr_record_checker* checker = nullptr;
  REQUIRE(fr_ruleset_load_file((root + "/rules/cn/hefei/2017-liangjie.yaml").c_str(), &ruleset) ==
          FR_OK);
  REQUIRE(fr_session_new(ruleset, &session) == FR_OK);
  REQUIRE(fr_record_checker_new(session, &checker) == FR_OK);
  // The first payment of the example roster, which passes every rule; then the amount of a
  // household below its minimum, which fails one.
  const std::vector<std::pair<std::string, std::string>> record = {
      {"姓名", "王建国"},
      {"身份证号", "34012419620314287X"},
      {"对象类别", "建档在册困难职工"},
      {"户号", "H001"},
      {"金额", "600.00"},
      {"发放方式", "银行卡"},
      {"银行卡号", "6222026385855716063"},
      {"联系电话", "18188076013"},
      {"困难原因", "因病致困"},
      {"发放日期", "2016-12-20"}};
  std::vector<std::size_t> fields;
  for (const auto& [name, text] : record) {
    const int64_t field = fr_record_checker_field_index(checker, name.c_str());
    REQUIRE(field >= 0);
    fields.push_back(static_cast<std::size_t>(field));
  }
  const auto enter = [&](const std::string& amount) {
    std::size_t found = 0;
    for (std::size_t i = 0; i < record.size(); ++i) {
      const std::string& text = i == 4 ? amount : record[i].second;
      REQUIRE(fr_record_checker_set(checker, fields[i], text.data(), text.size()) == FR_OK);
    }
    REQUIRE(fr_record_checker_check(checker, &found) == FR_OK);
    return found;
  };
  CHECK(enter("600.00") == 0);
  CHECK(enter("400.00") == 1);
  CHECK(enter("600.00") == 0);
  std::size_t found = 1;
  CHECK(allocations_during([&] {
          found = 0;
          for (int i = 0; i < 10; ++i) found += enter(i % 2 == 0 ? "600.00" : "1,000.00");
        }) == 0);
  CHECK(found == 0);
  // The counter sees the C API's allocations: a failing record's violation owns its texts.
  CHECK(allocations_during([&] { found = enter("400.00"); }) > 0);
  CHECK(found == 1);
  fr_record_checker_free(checker);
  fr_session_free(session);
  fr_ruleset_free(ruleset);
}
