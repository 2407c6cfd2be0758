// Fuzzes the expression parser, checker and evaluator with the names a real ruleset declares
// (the Hefei ruleset's fields, parameters and `today`). Checked, besides "no crash": compile()
// never throws and either gives a program or errors, each inside the text; a compiled program
// evaluates on every row of the example roster and of a table of extreme values without
// throwing (errors are results); a value's type is the checked result type; evaluating row by
// row and in a batch gives the same results; and `fundrules eval`'s JSON path never throws.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "expr/expr.hpp"
#include "fuzz_support.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace {

using namespace fundrules;
using fuzz::require;

struct Setup {
  expr::Environment env;
  std::vector<Value> params;
  std::vector<Value> variables;
  Table extremes;
};

expr::Type type_of(ValueType kind) {
  expr::Type type;
  type.kind = kind;
  return type;
}

// Three rows per field: null and the two ends of the type's range (or odd strings).
Column extreme_column(const FieldSpec& field) {
  Column column(field.name, field.type);
  column.append_null();
  switch (field.type) {
    case ValueType::Bool:
      column.append_bool(true);
      column.append_bool(false);
      break;
    case ValueType::Int:
      column.append_int(std::numeric_limits<std::int64_t>::max());
      column.append_int(std::numeric_limits<std::int64_t>::min());
      break;
    case ValueType::Decimal:
      column.append_decimal(Decimal::parse("99999999999999999999.999999999999999999"));
      column.append_decimal(Decimal::parse("-99999999999999999999999999999999999999"));
      break;
    case ValueType::Date:
      column.append_date(Date::from_ymd(1, 1, 1));
      column.append_date(Date::from_ymd(9999, 12, 31));
      break;
    default:
      column.append_string("");
      column.append_string(std::string(300, 'X') + "\xe5\x9b\xb0\"\\{}");
      break;
  }
  return column;
}

const Setup& setup() {
  static const Setup built = [] {
    Setup s;
    const detail::RulesetImpl& impl = fuzz::hefei_ruleset().impl();
    const Date as_of = impl.default_as_of.value_or(Date::from_ymd(2017, 1, 15));
    std::vector<Column> columns;
    for (std::size_t i = 0; i < impl.schema.fields.size(); ++i) {
      s.env.add_field(impl.schema.fields[i].name, type_of(impl.schema.fields[i].type), i);
      columns.push_back(extreme_column(impl.schema.fields[i]));
    }
    for (std::size_t i = 0; i < impl.params.size(); ++i) {
      s.env.add_param(impl.params[i].name, type_of(impl.params[i].type), i);
      const ParamVersion* version = impl.params[i].version_on(as_of);
      s.params.push_back(version ? version->value : Value());
    }
    for (std::size_t i = 0; i < impl.variables.size(); ++i) {
      s.env.add_variable(impl.variables[i], type_of(ValueType::Date), i);
      s.variables.emplace_back(as_of);
    }
    s.extremes = Table(std::move(columns));
    return s;
  }();
  return built;
}

void check_result(const expr::EvalResult& result, const expr::Type& type, std::string_view text) {
  if (result.ok() && !type.dyn && !result.value.is_null()) {
    require(result.value.type() == type.kind, "value's type is not the checked result type", text);
  }
}

void run_on(const expr::Program& program, const Table& table, std::string_view text) {
  const Setup& s = setup();
  const expr::Activation activation{&s.params, &s.variables};
  std::vector<expr::EvalResult> batch;
  program.evaluate_batch(table, 0, table.num_rows(), activation, batch);
  require(batch.size() == table.num_rows(), "evaluate_batch() gave a result per row", text);
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    const expr::EvalResult single = program.evaluate(&table, row, activation);
    check_result(single, program.result_type(), text);
    require(single.error == batch[row].error && single.value == batch[row].value &&
                single.error_message == batch[row].error_message,
            "evaluate() and evaluate_batch() disagree", text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Setup& s = setup();
  expr::CompileResult compiled;
  try {
    compiled = expr::compile(text, s.env);
  } catch (const std::exception& e) {
    fuzz::fail(e.what(), text);
  }
  require((compiled.program != nullptr) == compiled.errors.empty(),
          "compile() gave both a program and errors, or neither", text);
  for (const auto& error : compiled.errors) {
    require(error.offset <= text.size(), "an error's offset is past the end of the text", text);
    require(!error.message.empty(), "an error without a message", text);
  }
  try {
    if (compiled.program) {
      const expr::Program& program = *compiled.program;
      run_on(program, fuzz::hefei_roster(), text);
      run_on(program, s.extremes, text);
      if (program.reads().fields.empty()) {
        const expr::Activation activation{&s.params, &s.variables};
        check_result(program.evaluate(nullptr, 0, activation), program.result_type(), text);
      }
    }
    bool ok = false;
    const std::string json = expr::evaluate_to_json(text, ok);
    require(!json.empty() && json.front() == '{' && json.back() == '}',
            "evaluate_to_json() did not give a JSON object", text);
  } catch (const std::exception& e) {
    fuzz::fail(e.what(), text);
  }
  return 0;
}
