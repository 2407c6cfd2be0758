// Every example in docs/expressions.md must compile: the reference cannot drift from the
// language. Each ```cel block holds expressions separated by blank lines; each must be a
// condition over the roster fields the bundled rulesets declare. A ```cel group block holds
// expressions of group rules, grouped by household_id.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "expr/types.hpp"

using fundrules::ValueType;
using fundrules::expr::compile;
using fundrules::expr::compile_group;
using fundrules::expr::Environment;
using fundrules::expr::type_of;

namespace {

Environment roster_env() {
  Environment env;
  std::size_t column = 0;
  for (const char* name : {"name", "id_number", "category", "payment_method", "bank_card", "phone",
                           "hardship_reason", "signer", "model_worker_level"}) {
    env.add_field(name, type_of(ValueType::String), column++);
  }
  env.add_field("amount", type_of(ValueType::Decimal), column++);
  env.add_field("monthly_income", type_of(ValueType::Decimal), column++);
  env.add_field("paid_on", type_of(ValueType::Date), column++);
  env.add_field("household_size", type_of(ValueType::Int), column++);
  env.add_field("household_id", type_of(ValueType::String), column++);
  std::size_t slot = 0;
  for (const char* name : {"min_household", "frontline_cap", "city_avg_wage", "budget", "cap"}) {
    env.add_param(name, type_of(ValueType::Decimal), slot++);
  }
  env.add_param("sheets_due", type_of(ValueType::Date), slot++);
  env.add_param("window_start", type_of(ValueType::Date), slot++);
  env.add_variable("today", type_of(ValueType::Date), 0);
  return env;
}

struct Example {
  std::string text;
  bool group = false;
};

std::vector<Example> cel_examples(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<Example> examples;
  std::string line;
  std::string current;
  bool in_block = false;
  bool group = false;
  const auto flush = [&] {
    if (current.find_first_not_of(" \n") != std::string::npos) {
      examples.push_back({current, group});
    }
    current.clear();
  };
  while (std::getline(in, line)) {
    if (line.rfind("```", 0) == 0) {
      if (in_block) flush();
      in_block = line == "```cel" || line == "```cel group";
      group = line == "```cel group";
      continue;
    }
    if (!in_block) continue;
    if (line.empty()) {
      flush();
    } else {
      current += line + "\n";
    }
  }
  return examples;
}

}  // namespace

TEST_CASE("the examples of docs/expressions.md compile to conditions", "[docs]") {
  const auto examples = cel_examples(FUNDRULES_SOURCE_DIR "/docs/expressions.md");
  CHECK(examples.size() >= 12);
  const Environment env = roster_env();
  const std::size_t household_id = env.find_field("household_id")->index;
  std::size_t groups = 0;
  for (const auto& [text, group] : examples) {
    INFO(text);
    const auto compiled =
        group ? compile_group(text, env, {household_id}).errors : compile(text, env).errors;
    for (const auto& error : compiled) {
      UNSCOPED_INFO("offset " << error.offset << ": " << error.message);
    }
    CHECK(compiled.empty());
    const auto program =
        group ? compile_group(text, env, {household_id}).program : compile(text, env).program;
    REQUIRE(program);
    CHECK(program->result_type().to_string() == "bool");
    groups += group ? 1 : 0;
  }
  CHECK(groups >= 4);
}
