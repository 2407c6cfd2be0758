// The evaluator: one switch over the instruction array. Errors are values (Tag::Error) that
// propagate, except where CEL absorbs them: `false && error` is false, `true || error` is true,
// and `?:` evaluates only the branch it takes.

#include "expr/program.hpp"
#include "expr/same_text.hpp"

namespace fundrules::expr {

void Program::evaluate_batch(const Table& table, std::size_t begin, std::size_t end,
                             const Activation& activation, std::vector<EvalResult>& out) const {
  out.clear();
  out.reserve(end - begin);
  for (std::size_t row = begin; row < end; ++row) {
    out.push_back(evaluate(&table, row, activation));
  }
}

void Program::evaluate_truth(const Table& table, std::size_t begin, std::size_t end,
                             const Activation& activation, std::vector<std::uint8_t>& out) const {
  out.resize(end - begin);
  for (std::size_t row = begin; row < end; ++row) out[row - begin] = truth(table, row, activation);
}

void Program::evaluate_truth_where(const Table& table, std::size_t begin, std::size_t end,
                                   const Activation& activation,
                                   const std::vector<std::uint8_t>& select,
                                   std::vector<std::uint8_t>& out) const {
  out.resize(end - begin);
  for (std::size_t row = begin; row < end; ++row) {
    const std::size_t i = row - begin;
    out[i] = select[i] == kTrue ? truth(table, row, activation) : kFalse;
  }
}

std::uint8_t Program::truth(const Table& table, std::size_t row,
                            const Activation& activation) const {
  const EvalResult result = evaluate(&table, row, activation);
  if (!result.ok() || result.value.type() != ValueType::Bool) return kOther;
  return result.value.as_bool() ? kTrue : kFalse;
}

void CompiledProgram::freeze() {
  const_vals.clear();
  const_vals.reserve(constants.size());
  const_list_index.assign(constants.size(), 0);
  for (std::size_t i = 0; i < constants.size(); ++i) {
    const_vals.push_back(view_of(constants[i]));
    if (constants[i].type() == ValueType::List) {
      std::vector<Val> items;
      for (const auto& item : constants[i].as_list()) {
        items.push_back(view_of(item));
      }
      const_list_index[i] = static_cast<std::uint32_t>(const_lists.size());
      std::vector<std::string_view> strings;
      for (const Val& item : items) {
        if (item.tag == Tag::String) strings.push_back(item.s);
      }
      const_list_strings.push_back(std::move(strings));
      const_lists.push_back(std::move(items));
    }
  }
  kernel.clear();
  kernel_scratch = 1;
  kernel_root = plan(root);
}

Val CompiledProgram::read_field(const Instr& instr, Ctx& ctx) const {
  const auto self = static_cast<std::uint32_t>(&instr - code.data());
  if (ctx.table == nullptr || instr.a >= ctx.table->num_columns()) {
    return Ctx::deferred(self);
  }
  const Column& column = ctx.table->column(instr.a);
  if (column.is_null(ctx.row)) {
    return Ctx::deferred(self);
  }
  switch (column.type()) {
    case ValueType::Bool:
      return Val::of_bool(column.bool_at(ctx.row));
    case ValueType::Int:
      return Val::of_int(column.int_at(ctx.row));
    case ValueType::Decimal:
      return Val::of_decimal(column.decimal_at(ctx.row));
    case ValueType::String:
      return Val::of_string(column.string_at(ctx.row));
    case ValueType::Date:
      return Val::of_date(column.date_at(ctx.row));
    default:
      break;
  }
  return Ctx::deferred(self);
}

Val CompiledProgram::read_slot(const Instr& instr, Ctx& ctx) const {
  const bool is_param = instr.code == Code::Param;
  const std::vector<Value>* slots = is_param ? ctx.activation->params : ctx.activation->variables;
  if (slots == nullptr || instr.a >= slots->size() || (*slots)[instr.a].is_null()) {
    return Ctx::deferred(static_cast<std::uint32_t>(&instr - code.data()));
  }
  return view_of((*slots)[instr.a]);
}

std::pair<EvalErrorKind, std::string> CompiledProgram::describe(const Val& error,
                                                                const Ctx& ctx) const {
  if (error.i >= 0) {
    return ctx.errors[static_cast<std::size_t>(error.i)];
  }
  // A deferred error: the instruction that raised it, seen against the same row, says why.
  const Instr& instr = code[static_cast<std::size_t>(-1 - error.i)];
  const std::string& name = names[instr.b];
  switch (instr.code) {
    case Code::Field:
      if (ctx.table == nullptr || instr.a >= ctx.table->num_columns()) {
        return {EvalErrorKind::MissingField, "field '" + name + "' is not in the data"};
      }
      return {EvalErrorKind::MissingField, "field '" + name + "' has no value"};
    case Code::Param:
      return {EvalErrorKind::MissingField, "parameter '" + name + "' has no value"};
    case Code::Variable:
      return {EvalErrorKind::MissingField, "variable '" + name + "' has no value"};
    case Code::Aggregate:
      return {EvalErrorKind::InvalidArgument, name + " has no rows to fold"};
    default:
      break;
  }
  return {EvalErrorKind::NoMatchingOverload, "bad instruction"};
}

namespace {

bool slot_present(const std::vector<Value>* slots, std::uint32_t index) {
  return slots != nullptr && index < slots->size() && !(*slots)[index].is_null();
}

Val type_error(Ctx& ctx, const char* what, const Val& got) {
  return ctx.error(EvalErrorKind::NoMatchingOverload,
                   std::string(what) + ", not " + std::string(tag_name(got.tag)));
}

}  // namespace

Val CompiledProgram::eval(std::uint32_t index, Ctx& ctx) const {
  const Instr& instr = code[index];
  switch (instr.code) {
    case Code::Const:
      return const_vals[instr.a];
    case Code::Field:
      return read_field(instr, ctx);
    case Code::Param:
    case Code::Variable:
      return read_slot(instr, ctx);
    case Code::HasField:
      return Val::of_bool(ctx.table != nullptr && instr.a < ctx.table->num_columns() &&
                          !ctx.table->column(instr.a).is_null(ctx.row));
    case Code::HasParam:
      return Val::of_bool(slot_present(ctx.activation->params, instr.a));
    case Code::HasVariable:
      return Val::of_bool(slot_present(ctx.activation->variables, instr.a));
    case Code::Not: {
      const Val v = operand(instr.a, ctx);
      if (v.tag == Tag::Bool) {
        return Val::of_bool(!v.b);
      }
      return v.is_error() ? v : type_error(ctx, "'!' needs a bool", v);
    }
    case Code::Negate: {
      const Val v = eval(instr.a, ctx);
      if (v.tag == Tag::Int || v.tag == Tag::Decimal) {
        return arith(Op::Sub, Val::of_int(0), v, ctx);
      }
      return v.is_error() ? v : type_error(ctx, "'-' needs a number", v);
    }
    case Code::And:
    case Code::Or: {
      // The absorbing value wins on either side, so an error on one side is forgiven when the
      // other side decides the result (CEL's commutative logic).
      const bool absorbing = instr.code == Code::Or;
      const Val lhs = operand(instr.a, ctx);
      if (lhs.tag == Tag::Bool && lhs.b == absorbing) {
        return lhs;
      }
      const Val rhs = operand(instr.b, ctx);
      if (rhs.tag == Tag::Bool && rhs.b == absorbing) {
        return rhs;
      }
      if (lhs.is_error()) {
        return lhs;
      }
      if (rhs.is_error()) {
        return rhs;
      }
      if (lhs.tag != Tag::Bool) {
        return type_error(ctx, "'&&' and '||' need bools", lhs);
      }
      if (rhs.tag != Tag::Bool) {
        return type_error(ctx, "'&&' and '||' need bools", rhs);
      }
      return Val::of_bool(!absorbing);
    }
    case Code::Cond: {
      const Val condition = eval(instr.a, ctx);
      if (condition.tag == Tag::Bool) {
        return eval(condition.b ? instr.b : instr.c, ctx);
      }
      return condition.is_error()
                 ? condition
                 : type_error(ctx, "the condition of '?:' must be a bool", condition);
    }
    case Code::Arith: {
      const Val lhs = operand(instr.a, ctx);
      if (lhs.is_error()) {
        return lhs;
      }
      const Val rhs = operand(instr.b, ctx);
      if (rhs.is_error()) {
        return rhs;
      }
      return arith(instr.op, lhs, rhs, ctx);
    }
    case Code::Compare: {
      const Val lhs = operand(instr.a, ctx);
      if (lhs.is_error()) {
        return lhs;
      }
      const Val rhs = operand(instr.b, ctx);
      if (rhs.is_error()) {
        return rhs;
      }
      // Two texts are equal when their bytes are, as equal() has it.
      if (lhs.tag == Tag::String && rhs.tag == Tag::String &&
          (instr.op == Op::Eq || instr.op == Op::Ne)) {
        return Val::of_bool(same_text(lhs.s, rhs.s) == (instr.op == Op::Eq));
      }
      if (instr.op == Op::Eq) {
        return Val::of_bool(equal(lhs, rhs));
      }
      if (instr.op == Op::Ne) {
        return Val::of_bool(!equal(lhs, rhs));
      }
      bool ok = true;
      const int cmp = order(lhs, rhs, ok);
      if (!ok) {
        return ctx.error(EvalErrorKind::NoMatchingOverload,
                         std::string("cannot compare ") + std::string(tag_name(lhs.tag)) +
                             " with " + std::string(tag_name(rhs.tag)));
      }
      switch (instr.op) {
        case Op::Lt:
          return Val::of_bool(cmp < 0);
        case Op::Le:
          return Val::of_bool(cmp <= 0);
        case Op::Gt:
          return Val::of_bool(cmp > 0);
        default:
          return Val::of_bool(cmp >= 0);
      }
    }
    case Code::InConst: {
      const Val needle = operand(instr.a, ctx);
      if (needle.is_error()) {
        return needle;
      }
      const std::uint32_t list = const_list_index[instr.b];
      if (needle.tag == Tag::String) {
        // A text equals only a text of the same bytes: the list's texts are all it can match.
        for (const std::string_view item : const_list_strings[list]) {
          if (same_text(needle.s, item)) {
            return Val::of_bool(true);
          }
        }
        return Val::of_bool(false);
      }
      for (const Val& item : const_lists[list]) {
        if (equal(needle, item)) {
          return Val::of_bool(true);
        }
      }
      return Val::of_bool(false);
    }
    case Code::In: {
      const Val needle = eval(instr.a, ctx);
      if (needle.is_error()) {
        return needle;
      }
      const Val haystack = eval(instr.b, ctx);
      if (haystack.is_error()) {
        return haystack;
      }
      if (haystack.tag != Tag::List) {
        return type_error(ctx, "'in' needs a list", haystack);
      }
      for (const Value& item : *haystack.list) {
        if (equal(needle, view_of(item))) {
          return Val::of_bool(true);
        }
      }
      return Val::of_bool(false);
    }
    case Code::MakeList: {
      auto items = std::make_unique<ValueList>();
      items->reserve(instr.arg_count);
      for (std::uint32_t i = 0; i < instr.arg_count; ++i) {
        const Val item = eval(args[instr.first_arg + i], ctx);
        if (item.is_error()) {
          return item;
        }
        items->push_back(value_of(item));
      }
      ctx.lists.push_back(std::move(items));
      return Val::of_list(ctx.lists.back().get());
    }
    case Code::Index: {
      const Val list = eval(instr.a, ctx);
      if (list.is_error()) {
        return list;
      }
      const Val position = eval(instr.b, ctx);
      if (position.is_error()) {
        return position;
      }
      if (list.tag != Tag::List) {
        return type_error(ctx, "only a list can be indexed", list);
      }
      if (position.tag != Tag::Int) {
        return type_error(ctx, "a list index must be an int", position);
      }
      if (position.i < 0 || static_cast<std::uint64_t>(position.i) >= list.list->size()) {
        return ctx.error(EvalErrorKind::InvalidArgument, "index " + std::to_string(position.i) +
                                                             " out of range for a list of " +
                                                             std::to_string(list.list->size()));
      }
      return view_of((*list.list)[static_cast<std::size_t>(position.i)]);
    }
    case Code::ToDecimal: {
      const Val v = eval(instr.a, ctx);
      if (v.tag == Tag::Int) {
        return Val::of_decimal(fundrules::Decimal(v.i));
      }
      return v;
    }
    case Code::Aggregate: {
      const std::vector<Value>* values = ctx.activation->aggregates;
      if (values == nullptr || instr.a >= values->size() || (*values)[instr.a].is_null()) {
        return Ctx::deferred(index);
      }
      return view_of((*values)[instr.a]);
    }
    case Code::Call:
      return call(instr, ctx);
    case Code::RefHas:
    case Code::RefGet:
    case Code::RefHasField:
      return reference(instr, ctx);
  }
  return ctx.error(EvalErrorKind::NoMatchingOverload, "bad instruction");
}

EvalResult CompiledProgram::finish(const Val& val, Ctx& ctx) const {
  EvalResult result;
  if (val.is_error()) {
    auto [kind, message] = describe(val, ctx);
    result.error = kind;
    result.error_message = std::move(message);
  } else {
    result.value = value_of(val);
  }
  return result;
}

EvalResult CompiledProgram::evaluate(const Table* table, std::size_t row,
                                     const Activation& activation) const {
  Ctx ctx;
  ctx.table = table;
  ctx.row = row;
  ctx.activation = &activation;
  return finish(eval(root, ctx), ctx);
}

std::uint8_t CompiledProgram::truth(const Table& table, std::size_t row,
                                    const Activation& activation) const {
  Ctx ctx;
  ctx.table = &table;
  ctx.row = row;
  ctx.activation = &activation;
  return truth_of(eval(root, ctx));
}

void CompiledProgram::evaluate_batch(const Table& table, std::size_t begin, std::size_t end,
                                     const Activation& activation,
                                     std::vector<EvalResult>& out) const {
  out.resize(end - begin);
  Ctx ctx;
  ctx.table = &table;
  ctx.activation = &activation;
  for (std::size_t row = begin; row < end; ++row) {
    ctx.row = row;
    EvalResult& result = out[row - begin];
    const Val val = eval(root, ctx);
    if (val.is_error()) {
      auto [kind, message] = describe(val, ctx);
      result.error = kind;
      result.error_message = std::move(message);
      result.value = Value();
    } else {
      result.error = EvalErrorKind::None;
      result.error_message.clear();
      result.value = value_of(val);
    }
    ctx.reset();
  }
}

}  // namespace fundrules::expr
