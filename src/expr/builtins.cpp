// The built-in functions at run time. Argument types were checked when compiling, except for
// dyn values, so each function still verifies what it gets and returns an error value if not.

#include <algorithm>
#include <charconv>

#include "core/mask_text.hpp"
#include "core/validators.hpp"
#include "expr/program.hpp"
#include "fundrules/error.hpp"

namespace fundrules::expr {

namespace {

std::int64_t code_points(std::string_view text) {
  std::int64_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) {
      ++count;
    }
  }
  return count;
}

Val bad_argument(Ctx& ctx, Fn fn, const Val& got) {
  return ctx.error(EvalErrorKind::NoMatchingOverload,
                   "no overload of " + std::string(function_name(fn)) + "() for " +
                       std::string(tag_name(got.tag)));
}

Val invalid(Ctx& ctx, Fn fn, std::string_view argument, const std::string& why) {
  return ctx.error(EvalErrorKind::InvalidArgument, std::string(function_name(fn)) + "(\"" +
                                                       text_util::mask_digit_runs(argument) +
                                                       "\"): " + why);
}

Val to_int(Ctx& ctx, const Val& v) {
  switch (v.tag) {
    case Tag::Int:
      return v;
    case Tag::Decimal: {
      try {
        // Toward zero, as CEL converts a double.
        const auto whole = v.d.round(0, RoundingMode::Down).to_int64();
        if (whole) {
          return Val::of_int(*whole);
        }
      } catch (const fundrules::Error&) {
      }
      return ctx.error(EvalErrorKind::Overflow, "int(" + v.d.to_string() + "): out of range");
    }
    case Tag::String: {
      std::string_view text = v.s;
      if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
      }
      std::int64_t out = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
      if (ec == std::errc::result_out_of_range) {
        return ctx.error(EvalErrorKind::Overflow,
                         "int(\"" + text_util::mask_digit_runs(v.s) + "\"): out of range");
      }
      if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return invalid(ctx, Fn::Int, v.s, "not an integer");
      }
      return Val::of_int(out);
    }
    default:
      return bad_argument(ctx, Fn::Int, v);
  }
}

Val to_string(Ctx& ctx, const Val& v) {
  switch (v.tag) {
    case Tag::String:
      return v;
    case Tag::Bool:
      return Val::of_string(v.b ? "true" : "false");
    case Tag::Int:
      return Val::of_string(ctx.keep(std::to_string(v.i)));
    case Tag::Decimal:
      return Val::of_string(ctx.keep(v.d.to_string()));
    case Tag::Date:
      return Val::of_string(ctx.keep(v.date().to_string()));
    default:
      return bad_argument(ctx, Fn::String, v);
  }
}

Val to_decimal(Ctx& ctx, const Val& v) {
  switch (v.tag) {
    case Tag::Decimal:
      return v;
    case Tag::Int:
      return Val::of_decimal(fundrules::Decimal(v.i));
    case Tag::String: {
      std::string why;
      // Money as finance staff write it ("1,500.00", "25万") is accepted as well as plain digits.
      if (const auto parsed = fundrules::Decimal::try_parse_money(v.s, &why)) {
        return Val::of_decimal(*parsed);
      }
      return invalid(ctx, Fn::Decimal, v.s, why.empty() ? "not a number" : why);
    }
    default:
      return bad_argument(ctx, Fn::Decimal, v);
  }
}

Val to_date(Ctx& ctx, const Val& v) {
  if (v.tag == Tag::Date) {
    return v;
  }
  if (v.tag != Tag::String) {
    return bad_argument(ctx, Fn::Date, v);
  }
  std::string why;
  if (const auto parsed = fundrules::Date::try_parse(v.s, &why)) {
    return Val::of_date(*parsed);
  }
  return invalid(ctx, Fn::Date, v.s, why.empty() ? "not a date" : why);
}

// The smallest or largest of `count` values, item(i) giving each; no allocation.
template <typename Item>
Val extremum(Ctx& ctx, Fn fn, std::size_t count, Item item_at) {
  if (count == 0) {
    return ctx.error(EvalErrorKind::InvalidArgument,
                     std::string(function_name(fn)) + "() of an empty list");
  }
  Val best = item_at(0);
  bool any_decimal = false;
  for (std::size_t i = 0; i < count; ++i) {
    const Val item = item_at(i);
    any_decimal = any_decimal || item.tag == Tag::Decimal;
    bool ok = true;
    const int cmp = order(item, best, ok);
    if (!ok) {
      return ctx.error(EvalErrorKind::NoMatchingOverload,
                       std::string(function_name(fn)) + "() cannot compare " +
                           std::string(tag_name(item.tag)) + " with " +
                           std::string(tag_name(best.tag)));
    }
    if (fn == Fn::Min ? cmp < 0 : cmp > 0) {
      best = item;
    }
  }
  if (any_decimal && best.tag == Tag::Int) {
    return Val::of_decimal(fundrules::Decimal(best.i));
  }
  return best;
}

// Only a-z change: an ID number's check character x and X are one character, while Chinese
// text (UTF-8 bytes are all above 0x7f) passes through untouched.
Val upper_ascii(Ctx& ctx, const Val& v) {
  const std::string_view text = v.s;
  if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return v;
  }
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return Val::of_string(ctx.keep(std::move(upper)));
}

Val round_number(Ctx& ctx, const Val& v, std::int64_t places) {
  if (places < 0 || places > fundrules::Decimal::kMaxScale) {
    return ctx.error(EvalErrorKind::InvalidArgument,
                     "round(): places must be 0 to 18, not " + std::to_string(places));
  }
  if (v.tag == Tag::Int) {
    return v;
  }
  if (v.tag != Tag::Decimal) {
    return bad_argument(ctx, Fn::Round, v);
  }
  try {
    return Val::of_decimal(v.d.round(static_cast<int>(places), RoundingMode::HalfEven));
  } catch (const fundrules::Error&) {
    return ctx.error(EvalErrorKind::Overflow, "round(): out of range");
  }
}

}  // namespace

Val CompiledProgram::call(const Instr& instr, Ctx& ctx) const {
  // Arguments are evaluated eagerly, left to right; the first error wins.
  constexpr std::uint32_t kInline = 4;
  Val inline_args[kInline];
  std::vector<Val> many;
  Val* argv = inline_args;
  if (instr.arg_count > kInline) {
    many.resize(instr.arg_count);
    argv = many.data();
  }
  for (std::uint32_t i = 0; i < instr.arg_count; ++i) {
    argv[i] = operand(args[instr.first_arg + i], ctx);
    if (argv[i].is_error()) {
      return argv[i];
    }
  }
  const Val& a = argv[0];
  const auto need_strings = [&](std::uint32_t n) {
    for (std::uint32_t i = 0; i < n; ++i) {
      if (argv[i].tag != Tag::String) {
        return false;
      }
    }
    return true;
  };
  switch (instr.fn) {
    case Fn::Size:
      if (a.tag == Tag::String) {
        return Val::of_int(code_points(a.s));
      }
      if (a.tag == Tag::List) {
        return Val::of_int(static_cast<std::int64_t>(a.list->size()));
      }
      return bad_argument(ctx, instr.fn, a);
    case Fn::Contains:
    case Fn::StartsWith:
    case Fn::EndsWith: {
      if (!need_strings(2)) {
        return bad_argument(ctx, instr.fn, a.tag == Tag::String ? argv[1] : a);
      }
      const std::string_view s = a.s;
      const std::string_view part = argv[1].s;
      if (instr.fn == Fn::Contains) {
        return Val::of_bool(s.find(part) != std::string_view::npos);
      }
      if (instr.fn == Fn::StartsWith) {
        return Val::of_bool(s.substr(0, part.size()) == part);
      }
      return Val::of_bool(s.size() >= part.size() && s.substr(s.size() - part.size()) == part);
    }
    case Fn::Matches: {
      if (!need_strings(2)) {
        return bad_argument(ctx, instr.fn, a.tag == Tag::String ? argv[1] : a);
      }
      if (instr.b > 0) {
        return Val::of_bool(regexes[instr.b - 1].search(a.s));
      }
      // A pattern computed per row: compiled per call, with the same bounds.
      RegexError why;
      const auto pattern = Regex::compile(argv[1].s, why);
      if (!pattern) {
        return ctx.error(EvalErrorKind::InvalidArgument,
                         "matches(): invalid regular expression: " + why.message + " (at byte " +
                             std::to_string(why.offset) + " of the pattern)");
      }
      return Val::of_bool(pattern->search(a.s));
    }
    case Fn::Int:
      return to_int(ctx, a);
    case Fn::String:
      return to_string(ctx, a);
    case Fn::Decimal:
      return to_decimal(ctx, a);
    case Fn::Date:
      return to_date(ctx, a);
    case Fn::Min:
    case Fn::Max: {
      if (instr.arg_count > 1) {
        return extremum(ctx, instr.fn, instr.arg_count, [argv](std::size_t i) { return argv[i]; });
      }
      if (a.tag != Tag::List) {
        return bad_argument(ctx, instr.fn, a);
      }
      const ValueList& list = *a.list;
      return extremum(ctx, instr.fn, list.size(),
                      [&list](std::size_t i) { return view_of(list[i]); });
    }
    case Fn::Abs:
      if (a.tag == Tag::Int || a.tag == Tag::Decimal) {
        const bool negative = a.tag == Tag::Int ? a.i < 0 : a.d.sign() < 0;
        return negative ? arith(Op::Sub, Val::of_int(0), a, ctx) : a;
      }
      return bad_argument(ctx, instr.fn, a);
    case Fn::Round: {
      std::int64_t places = 0;
      if (instr.arg_count == 2) {
        if (argv[1].tag != Tag::Int) {
          return bad_argument(ctx, instr.fn, argv[1]);
        }
        places = argv[1].i;
      }
      return round_number(ctx, a, places);
    }
    case Fn::Year:
    case Fn::Month:
    case Fn::Day: {
      if (a.tag != Tag::Date) {
        return bad_argument(ctx, instr.fn, a);
      }
      const fundrules::Date date = a.date();
      return Val::of_int(
          instr.fn == Fn::Year ? date.year() : (instr.fn == Fn::Month ? date.month() : date.day()));
    }
    case Fn::IsCnId: {
      if (a.tag != Tag::String) {
        return bad_argument(ctx, instr.fn, a);
      }
      fundrules::Date today;
      const std::vector<Value>* variables = ctx.activation->variables;
      if (instr.c > 0 && variables != nullptr && instr.c - 1 < variables->size() &&
          (*variables)[instr.c - 1].type() == ValueType::Date) {
        today = (*variables)[instr.c - 1].as_date();
      } else {
        today = fundrules::Date::today();
      }
      return Val::of_bool(validators::is_cn_id(a.s, today));
    }
    case Fn::IsBankCard:
      if (a.tag != Tag::String) {
        return bad_argument(ctx, instr.fn, a);
      }
      return Val::of_bool(validators::is_bank_card(a.s));
    case Fn::IsCnMobile:
      if (a.tag != Tag::String) {
        return bad_argument(ctx, instr.fn, a);
      }
      return Val::of_bool(validators::is_cn_mobile(a.s));
    case Fn::IsUscc:
      if (a.tag != Tag::String) {
        return bad_argument(ctx, instr.fn, a);
      }
      return Val::of_bool(validators::is_uscc(a.s));
    case Fn::Upper:
      if (a.tag != Tag::String) {
        return bad_argument(ctx, instr.fn, a);
      }
      return upper_ascii(ctx, a);
    case Fn::None:
      break;
  }
  return ctx.error(EvalErrorKind::NoMatchingOverload, "unknown function");
}

}  // namespace fundrules::expr
