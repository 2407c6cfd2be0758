// Val conversions and the operators of the language: arithmetic with overflow and division
// checks, equality and ordering across int and decimal.

#include <algorithm>
#include <limits>

#include "expr/program.hpp"
#include "fundrules/error.hpp"

namespace fundrules::expr {

Val view_of(const Value& value) {
  switch (value.type()) {
    case ValueType::Null:
      return Val{};
    case ValueType::Bool:
      return Val::of_bool(value.as_bool());
    case ValueType::Int:
      return Val::of_int(value.as_int());
    case ValueType::Decimal:
      return Val::of_decimal(value.as_decimal());
    case ValueType::String:
      return Val::of_string(value.as_string());
    case ValueType::Date:
      return Val::of_date(value.as_date());
    case ValueType::List:
      return Val::of_list(&value.as_list());
  }
  return Val{};
}

Value value_of(const Val& val) {
  switch (val.tag) {
    case Tag::Bool:
      return Value(val.b);
    case Tag::Int:
      return Value(val.i);
    case Tag::Decimal:
      return Value(val.d);
    case Tag::String:
      return Value(std::string(val.s));
    case Tag::Date:
      return Value(val.date());
    case Tag::List:
      return Value(*val.list);
    case Tag::Null:
    case Tag::Error:
      break;
  }
  return Value();
}

std::string_view tag_name(Tag tag) noexcept {
  switch (tag) {
    case Tag::Null:
      return "null";
    case Tag::Bool:
      return "bool";
    case Tag::Int:
      return "int";
    case Tag::Decimal:
      return "decimal";
    case Tag::String:
      return "string";
    case Tag::Date:
      return "date";
    case Tag::List:
      return "list";
    case Tag::Error:
      return "error";
  }
  return "?";
}

namespace {

// Digits kept by decimal division, and how the last one is rounded. Ten places carry any
// per-person share of a yuan amount exactly enough for comparison; round() then fixes cents.
constexpr int kDivisionScale = 10;

bool is_number(const Val& v) noexcept { return v.tag == Tag::Int || v.tag == Tag::Decimal; }

fundrules::Decimal as_decimal(const Val& v) {
  return v.tag == Tag::Decimal ? v.d : fundrules::Decimal(v.i);
}

Val overflow(Op op, Ctx& ctx) {
  return ctx.error(EvalErrorKind::Overflow,
                   std::string("arithmetic overflow in '") + op_text(op) + "'");
}

Val int_arith(Op op, std::int64_t a, std::int64_t b, Ctx& ctx) {
  std::int64_t out = 0;
  switch (op) {
    case Op::Add:
      if (__builtin_add_overflow(a, b, &out)) {
        return overflow(op, ctx);
      }
      return Val::of_int(out);
    case Op::Sub:
      if (__builtin_sub_overflow(a, b, &out)) {
        return overflow(op, ctx);
      }
      return Val::of_int(out);
    case Op::Mul:
      if (__builtin_mul_overflow(a, b, &out)) {
        return overflow(op, ctx);
      }
      return Val::of_int(out);
    case Op::Div:
    case Op::Mod:
      if (b == 0) {
        return ctx.error(EvalErrorKind::DivisionByZero,
                         op == Op::Div ? "division by zero" : "modulus by zero");
      }
      if (a == std::numeric_limits<std::int64_t>::min() && b == -1) {
        return op == Op::Div ? overflow(op, ctx) : Val::of_int(0);
      }
      return Val::of_int(op == Op::Div ? a / b : a % b);
    default:
      break;
  }
  return overflow(op, ctx);
}

Val decimal_arith(Op op, const fundrules::Decimal& a, const fundrules::Decimal& b, Ctx& ctx) {
  try {
    switch (op) {
      case Op::Add:
        return Val::of_decimal(a + b);
      case Op::Sub:
        return Val::of_decimal(a - b);
      case Op::Mul:
        return Val::of_decimal(a * b);
      case Op::Div:
      case Op::Mod: {
        if (b.is_zero()) {
          return ctx.error(EvalErrorKind::DivisionByZero,
                           op == Op::Div ? "division by zero" : "modulus by zero");
        }
        if (op == Op::Mod) {
          // Remainder of truncated division, as for ints: a - trunc(a / b) * b, exact.
          const fundrules::Decimal quotient = a.divide(b, 0, RoundingMode::Down);
          return Val::of_decimal(a - quotient * b);
        }
        return Val::of_decimal(divide_decimal(a, b));
      }
      default:
        break;
    }
  } catch (const fundrules::Error&) {
    return overflow(op, ctx);
  }
  return overflow(op, ctx);
}

}  // namespace

fundrules::Decimal divide_decimal(const fundrules::Decimal& a, const fundrules::Decimal& b) {
  const int keep = std::max(a.scale(), b.scale());
  fundrules::Decimal quotient =
      a.divide(b, std::max(kDivisionScale, keep), RoundingMode::HalfEven).normalized();
  if (quotient.scale() < a.scale()) {
    quotient = quotient.round(a.scale());
  }
  return quotient;
}

Val arith(Op op, const Val& a, const Val& b, Ctx& ctx) {
  if (a.tag == Tag::Int && b.tag == Tag::Int) {
    return int_arith(op, a.i, b.i, ctx);
  }
  if (is_number(a) && is_number(b)) {
    return decimal_arith(op, as_decimal(a), as_decimal(b), ctx);
  }
  if (op == Op::Add && a.tag == Tag::String && b.tag == Tag::String) {
    std::string joined;
    joined.reserve(a.s.size() + b.s.size());
    joined.append(a.s).append(b.s);
    return Val::of_string(ctx.keep(std::move(joined)));
  }
  if (op == Op::Add && a.tag == Tag::List && b.tag == Tag::List) {
    auto joined = std::make_unique<ValueList>(*a.list);
    joined->insert(joined->end(), b.list->begin(), b.list->end());
    ctx.lists.push_back(std::move(joined));
    return Val::of_list(ctx.lists.back().get());
  }
  const bool date_days = a.tag == Tag::Date && b.tag == Tag::Int;
  if ((op == Op::Add || op == Op::Sub) &&
      (date_days || (op == Op::Add && a.tag == Tag::Int && b.tag == Tag::Date))) {
    const std::int64_t days = date_days ? a.i : b.i;
    std::int64_t delta = date_days ? b.i : a.i;
    if (op == Op::Sub) {
      delta = -delta;
    }
    const std::int64_t result = days + delta;
    // Years 1..9999.
    if (delta > 4000000 || delta < -4000000 || result < -719162 || result > 2932896) {
      return ctx.error(EvalErrorKind::Overflow, "date out of range");
    }
    return Val::of_date(fundrules::Date::from_days(static_cast<std::int32_t>(result)));
  }
  if (op == Op::Sub && a.tag == Tag::Date && b.tag == Tag::Date) {
    return Val::of_int(a.i - b.i);
  }
  return ctx.error(EvalErrorKind::NoMatchingOverload, std::string("no '") + op_text(op) + "' for " +
                                                          std::string(tag_name(a.tag)) + " and " +
                                                          std::string(tag_name(b.tag)));
}

bool equal(const Val& a, const Val& b) {
  if (a.tag == Tag::Int && b.tag == Tag::Int) {
    return a.i == b.i;
  }
  if (is_number(a) && is_number(b)) {
    return as_decimal(a) == as_decimal(b);
  }
  if (a.tag != b.tag) {
    return false;
  }
  switch (a.tag) {
    case Tag::Null:
      return true;
    case Tag::Bool:
      return a.b == b.b;
    case Tag::String:
      return a.s == b.s;
    case Tag::Date:
      return a.i == b.i;
    case Tag::List: {
      if (a.list->size() != b.list->size()) {
        return false;
      }
      for (std::size_t i = 0; i < a.list->size(); ++i) {
        if (!equal(view_of((*a.list)[i]), view_of((*b.list)[i]))) {
          return false;
        }
      }
      return true;
    }
    default:
      return false;
  }
}

int order(const Val& a, const Val& b, bool& ok) {
  ok = true;
  const auto three_way = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.tag == Tag::Int && b.tag == Tag::Int) {
    return three_way(a.i, b.i);
  }
  if (is_number(a) && is_number(b)) {
    return as_decimal(a).compare(as_decimal(b));
  }
  if (a.tag == b.tag) {
    switch (a.tag) {
      case Tag::String:
        return three_way(a.s, b.s);  // byte order is code point order in UTF-8
      case Tag::Date:
        return three_way(a.i, b.i);
      case Tag::Bool:
        return three_way(a.b, b.b);
      default:
        break;
    }
  }
  ok = false;
  return 0;
}

}  // namespace fundrules::expr
