#include "expr/functions.hpp"

#include <array>

#include "expr/types.hpp"

namespace fundrules::expr {

namespace {

constexpr std::array<FunctionInfo, 28> kFunctions = {{
    {"size", Fn::Size, FunctionKind::Scalar, 1, 1},
    {"contains", Fn::Contains, FunctionKind::Scalar, 2, 2},
    {"startsWith", Fn::StartsWith, FunctionKind::Scalar, 2, 2},
    {"endsWith", Fn::EndsWith, FunctionKind::Scalar, 2, 2},
    {"matches", Fn::Matches, FunctionKind::Scalar, 2, 2},
    {"int", Fn::Int, FunctionKind::Scalar, 1, 1},
    {"string", Fn::String, FunctionKind::Scalar, 1, 1},
    {"decimal", Fn::Decimal, FunctionKind::Scalar, 1, 1},
    {"date", Fn::Date, FunctionKind::Scalar, 1, 1},
    {"min", Fn::Min, FunctionKind::Scalar, 1, -1},
    {"max", Fn::Max, FunctionKind::Scalar, 1, -1},
    {"abs", Fn::Abs, FunctionKind::Scalar, 1, 1},
    {"round", Fn::Round, FunctionKind::Scalar, 1, 2},
    {"year", Fn::Year, FunctionKind::Scalar, 1, 1},
    {"month", Fn::Month, FunctionKind::Scalar, 1, 1},
    {"day", Fn::Day, FunctionKind::Scalar, 1, 1},
    {"is_cn_id", Fn::IsCnId, FunctionKind::Scalar, 1, 1},
    {"is_bank_card", Fn::IsBankCard, FunctionKind::Scalar, 1, 1},
    {"is_cn_mobile", Fn::IsCnMobile, FunctionKind::Scalar, 1, 1},
    {"is_uscc", Fn::IsUscc, FunctionKind::Scalar, 1, 1},
    {"upper", Fn::Upper, FunctionKind::Scalar, 1, 1},
    {"has", Fn::None, FunctionKind::Macro, 1, 1},
    // Aggregates of group rules (min and max are aggregates there too, with one argument).
    {"sum", Fn::None, FunctionKind::Aggregate, 1, 2},
    {"count", Fn::None, FunctionKind::Aggregate, 0, 1},
    {"count_distinct", Fn::None, FunctionKind::Aggregate, 1, 2},
    {"any", Fn::None, FunctionKind::Aggregate, 1, 1},
    {"all", Fn::None, FunctionKind::Aggregate, 1, 1},
    {"avg", Fn::None, FunctionKind::Aggregate, 1, 2},
}};

}  // namespace

const FunctionInfo* find_function(std::string_view name) noexcept {
  for (const auto& info : kFunctions) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

std::vector<std::string_view> function_names() {
  std::vector<std::string_view> names;
  for (const auto& info : kFunctions) {
    names.push_back(info.name);
  }
  return names;
}

std::string_view function_name(Fn fn) noexcept {
  for (const auto& info : kFunctions) {
    if (info.fn == fn && info.kind == FunctionKind::Scalar) {
      return info.name;
    }
  }
  return "?";
}

namespace {

std::string describe(const std::vector<Type>& args) {
  std::string out = "(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) {
      out += ", ";
    }
    out += args[i].to_string();
  }
  return out + ")";
}

// Common result type of numbers, dates or strings compared by min/max; nullopt-like dyn with
// an error when they don't mix.
Type extremum_type(const std::vector<Type>& args, std::string& error) {
  std::vector<Type> items = args;
  if (args.size() == 1) {
    if (!may_be(args[0], ValueType::List)) {
      error = "takes two or more values or one list";
      return dyn_type();
    }
    items = {element_of(args[0])};
  }
  bool any_decimal = false;
  bool all_numeric = true;
  for (const auto& item : items) {
    if (item.dyn) {
      return dyn_type();
    }
    any_decimal = any_decimal || item.kind == ValueType::Decimal;
    all_numeric = all_numeric && is_numeric(item);
  }
  if (all_numeric) {
    return type_of(any_decimal ? ValueType::Decimal : ValueType::Int);
  }
  for (const auto& item : items) {
    if (item.kind != items[0].kind ||
        (item.kind != ValueType::String && item.kind != ValueType::Date)) {
      error = "needs numbers, strings or dates of one kind";
      return dyn_type();
    }
  }
  return items[0];
}

}  // namespace

Type check_call(Fn fn, const std::vector<Type>& args, std::string& error) {
  const auto expect = [&](std::size_t i, ValueType kind) {
    if (i < args.size() && !may_be(args[i], kind) && error.empty()) {
      error = "no overload of " + std::string(function_name(fn)) + describe(args);
    }
  };
  const auto result = [&](ValueType kind) { return error.empty() ? type_of(kind) : dyn_type(); };
  switch (fn) {
    case Fn::Size:
      if (!may_be(args[0], ValueType::String) && !may_be(args[0], ValueType::List)) {
        error = "size() takes a string or a list, not " + args[0].to_string();
      }
      return result(ValueType::Int);
    case Fn::Contains:
    case Fn::StartsWith:
    case Fn::EndsWith:
    case Fn::Matches:
      expect(0, ValueType::String);
      expect(1, ValueType::String);
      return result(ValueType::Bool);
    case Fn::Int:
      if (!may_be(args[0], ValueType::Int) && !may_be(args[0], ValueType::Decimal) &&
          !may_be(args[0], ValueType::String)) {
        error = "int() takes an int, a decimal or a string, not " + args[0].to_string();
      }
      return result(ValueType::Int);
    case Fn::String:
      if (may_be(args[0], ValueType::List) && !args[0].dyn) {
        error = "string() takes a scalar value, not a list";
      }
      return result(ValueType::String);
    case Fn::Decimal:
      if (!may_be(args[0], ValueType::Int) && !may_be(args[0], ValueType::Decimal) &&
          !may_be(args[0], ValueType::String)) {
        error = "decimal() takes an int, a decimal or a string, not " + args[0].to_string();
      }
      return result(ValueType::Decimal);
    case Fn::Date:
      if (!may_be(args[0], ValueType::String) && !may_be(args[0], ValueType::Date)) {
        error = "date() takes a string such as \"2024-01-15\", not " + args[0].to_string();
      }
      return result(ValueType::Date);
    case Fn::Min:
    case Fn::Max: {
      Type type = extremum_type(args, error);
      if (!error.empty()) {
        error = std::string(function_name(fn)) + "() " + error;
      }
      return type;
    }
    case Fn::Abs:
      if (!may_be_numeric(args[0])) {
        error = "abs() takes a number, not " + args[0].to_string();
      }
      return error.empty() ? args[0] : dyn_type();
    case Fn::Round:
      if (!may_be_numeric(args[0])) {
        error = "round() takes a number, not " + args[0].to_string();
      }
      expect(1, ValueType::Int);
      return error.empty() ? args[0] : dyn_type();
    case Fn::Year:
    case Fn::Month:
    case Fn::Day:
      expect(0, ValueType::Date);
      return result(ValueType::Int);
    case Fn::IsCnId:
    case Fn::IsBankCard:
    case Fn::IsCnMobile:
    case Fn::IsUscc:
      expect(0, ValueType::String);
      return result(ValueType::Bool);
    case Fn::Upper:
      expect(0, ValueType::String);
      return result(ValueType::String);
    case Fn::None:
      break;
  }
  error = "not a function";
  return dyn_type();
}

}  // namespace fundrules::expr
