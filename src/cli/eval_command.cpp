// fundrules eval: evaluate a standalone expression, to try out the rule language.

#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "expr/expr.hpp"

namespace fundrules::cli {

namespace {

// Prints the error with the expression and a caret under the character it points at.
void print_error(const std::string& text, const expr::ExprError& error, std::ostream& err) {
  // Count characters, not bytes: a Chinese string literal is three bytes per character.
  std::size_t column = 0;
  for (std::size_t i = 0; i < error.offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  err << "error: column " << column + 1 << ": " << error.message << '\n';
  err << "  " << text << '\n';
  err << "  " << std::string(column, ' ') << "^\n";
}

}  // namespace

int run_eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ParsedArgs parsed = parse_args("eval", {{"json", false}, {"help", false, 'h'}}, args);
  if (parsed.has("help")) {
    out << kEvalHelp;
    return kExitOk;
  }
  if (parsed.positionals().size() != 1) {
    throw UsageError("fundrules eval: give one expression (quote it for the shell)");
  }
  const std::string& text = parsed.positionals().front();

  if (parsed.has("json")) {
    bool ok = false;
    const std::string json = expr::evaluate_to_json(text, ok);
    out << json;
    if (json.empty() || json.back() != '\n') out << '\n';
    return ok ? kExitOk : kExitFailed;
  }

  const expr::CompileResult compiled = expr::compile(text, expr::Environment{});
  if (!compiled.program) {
    for (const expr::ExprError& error : compiled.errors) print_error(text, error, err);
    return kExitFailed;
  }
  const std::vector<Value> none;
  const expr::EvalResult result = compiled.program->evaluate(nullptr, 0, {&none, &none});
  if (!result.ok()) {
    err << "error: " << result.error_message << '\n';
    return kExitFailed;
  }
  // Strings are quoted so that "" and " " can be told apart; other values read best plain.
  const ValueType type = result.value.type();
  out << (type == ValueType::String ? result.value.to_literal() : result.value.to_string()) << " ("
      << type_name(type) << ")\n";
  return kExitOk;
}

}  // namespace fundrules::cli
