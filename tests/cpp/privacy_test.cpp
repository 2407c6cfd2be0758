// Text quoted in messages about cells and values never carries a whole identifier, even when
// an ID number, bank card or phone was typed into a column not marked personal.

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>

#include "core/mask_text.hpp"
#include "expr/expr.hpp"
#include "expr/types.hpp"
#include "fundrules/csv.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

using fundrules::text_util::mask_digit_runs;

TEST_CASE("digit runs of seven or more are masked; shorter ones are kept", "[privacy]") {
  CHECK(mask_digit_runs("34012419620314287X") == "340*************7X");
  CHECK(mask_digit_runs("6222026385855716063") == "622**************63");
  CHECK(mask_digit_runs("电话18188076013号") == "电话181******13号");
  CHECK(mask_digit_runs("1,500.00") == "1,500.00");
  CHECK(mask_digit_runs("123456") == "123456");
  CHECK(mask_digit_runs("1234567") == "123**67");
  CHECK(mask_digit_runs("2017-01-15 and 12x") == "2017-01-15 and 12x");
  CHECK(mask_digit_runs("") == "");
}

TEST_CASE("an unreadable cell's message masks an identifier typed into it", "[privacy]") {
  const fundrules::Ruleset ruleset = fundrules::Ruleset::load_string(
      "fundrules: 1\nid: test.privacy\ntitle: {zh: 隐私, en: Privacy}\n"
      "fields:\n  amount: {type: money, aliases: [金额]}\n  paid_on: {type: date}\n"
      "rules:\n  - {id: positive, check: amount > 0, message: m}\n",
      "privacy.yaml");
  const std::string text = "金额,paid_on\n34012419620314287X,2017-01-15\n600,18188076013\n";
  fundrules::CsvReader reader(std::make_unique<std::istringstream>(text), "privacy.csv",
                              ruleset.schema());
  fundrules::CsvBatch batch;
  std::string messages;
  while (reader.next(batch)) {
    for (const auto& problem : batch.problems) messages += problem.message + "\n";
  }
  CHECK_THAT(messages, Catch::Contains("340*************7X"));
  CHECK_THAT(messages, Catch::Contains("181******13"));
  CHECK(messages.find("34012419620314287X") == std::string::npos);
  CHECK(messages.find("18188076013") == std::string::npos);
}

TEST_CASE("a conversion's error value masks the identifier it could not convert", "[privacy]") {
  fundrules::expr::Environment env;
  env.add_field("id_number", fundrules::expr::type_of(fundrules::ValueType::String), 0);
  const auto compiled = fundrules::expr::compile("int(id_number) > 0", env);
  REQUIRE(compiled.program);
  fundrules::Column column("id_number", fundrules::ValueType::String);
  column.append_string("34012419620314287X");
  std::vector<fundrules::Column> columns;
  columns.push_back(std::move(column));
  const fundrules::Table table(std::move(columns));
  const auto result = compiled.program->evaluate(&table, 0, {});
  REQUIRE_FALSE(result.ok());
  CHECK_THAT(result.error_message, Catch::Contains("int(\"340*************7X\")"));
}
