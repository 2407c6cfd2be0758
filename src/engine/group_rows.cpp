#include "engine/group_rows.hpp"

#include <charconv>
#include <cstring>
#include <memory>

#include "engine/explain.hpp"

namespace fundrules::engine {

namespace {

// The program as the evaluator's own instructions, or null for any other kind of Program.
const expr::CompiledProgram* compiled(const expr::Program* program) {
  return dynamic_cast<const expr::CompiledProgram*>(program);
}

// The root instruction when the program is just a read of `field`.
bool is_field(const expr::CompiledProgram& program, std::uint32_t index, std::size_t field) {
  const expr::Instr& instr = program.code.at(index);
  return instr.code == expr::Code::Field && instr.a == field;
}

// Whether `program` is upper(field): the one key normalisation rulesets use, for ID numbers.
bool is_upper_of(const expr::Program& program, std::size_t field) {
  const expr::CompiledProgram* code = compiled(&program);
  if (code == nullptr) return false;
  const expr::Instr& root = code->code.at(code->root);
  return root.code == expr::Code::Call && root.fn == expr::Fn::Upper && root.arg_count == 1 &&
         is_field(*code, code->args.at(root.first_arg), field);
}

// The cell as the evaluator reads it (the column is of a type a cell can have).
expr::Val cell_val(const Column& column, std::size_t row) {
  switch (column.type()) {
    case ValueType::Bool:
      return expr::Val::of_bool(column.bool_at(row));
    case ValueType::Int:
      return expr::Val::of_int(column.int_at(row));
    case ValueType::Decimal:
      return expr::Val::of_decimal(column.decimal_at(row));
    case ValueType::Date:
      return expr::Val::of_date(column.date_at(row));
    default:
      return expr::Val::of_string(column.string_at(row));
  }
}

// The kind of an error `program` raised, and its message when `why` is given. An error the
// evaluator deferred (an empty field read) is described by the program that raised it.
expr::EvalErrorKind error_of(const expr::Program& program, const expr::Val& error,
                             const expr::Ctx& ctx, std::string* why = nullptr) {
  if (error.i >= 0) {
    const auto& [kind, message] = ctx.errors[static_cast<std::size_t>(error.i)];
    if (why != nullptr) *why = message;
    return kind;
  }
  auto [kind, message] = compiled(&program)->describe(error, ctx);
  if (why != nullptr) *why = std::move(message);
  return kind;
}

// Changes a to z into A to Z, as the evaluator's upper() does, eight bytes at a time: a byte
// is a lower-case letter when, its top bit cleared, it is at least 'a' and at most 'z', and its
// top bit was clear (bytes of UTF-8 sequences are left alone). Cleared of its top bit a byte
// is at most 0x7f, so adding 0x1f or 0x05 never carries into the next byte.
void upper_ascii(char* text, std::size_t size) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kTops = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text + i, sizeof word);
    const std::uint64_t low7 = word & ~kTops;
    const std::uint64_t from_a = low7 + (0x80 - 'a') * kOnes;      // top bit set: >= 'a'
    const std::uint64_t past_z = low7 + (0x80 - 'z' - 1) * kOnes;  // top bit set: > 'z'
    const std::uint64_t lower = from_a & ~past_z & ~word & kTops;
    if (lower == 0) continue;
    word ^= lower >> 2;  // 0x20 in each lower-case byte
    std::memcpy(text + i, &word, sizeof word);
  }
  for (; i < size; ++i) {
    if (text[i] >= 'a' && text[i] <= 'z') text[i] = static_cast<char>(text[i] - 'a' + 'A');
  }
}

}  // namespace

void append_cell(const Column& column, std::size_t row, std::string& out) {
  switch (column.type()) {
    case ValueType::String:
      out += column.string_at(row);
      return;
    case ValueType::Int: {
      char buffer[24];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, column.int_at(row)).ptr;
      out.append(buffer, static_cast<std::size_t>(end - buffer));
      return;
    }
    default:
      out += column.value_at(row).to_string();
      return;
  }
}

GroupRowReader::GroupRowReader(const detail::CompiledRule& rule, const Schema& schema)
    : rule_(rule), schema_(schema) {
  for (std::size_t k = 0; k < rule.group_by.size(); ++k) {
    const std::size_t field = rule.group_by[k];
    const expr::Program* normalise =
        k < rule.group_keys.size() ? rule.group_keys[k].get() : nullptr;
    KeyWay way = KeyWay::Program;
    if (normalise == nullptr) {
      way = KeyWay::Cell;
    } else if (schema.fields.at(field).type == ValueType::String &&
               is_upper_of(*normalise, field)) {
      way = KeyWay::UpperCell;
    }
    keys_.push_back({way, field});
  }
  for (const expr::AggregateSpec& spec : rule.aggregates) {
    ArgPart part{ArgWay::None, 0};
    if (spec.argument) {
      part.way = ArgWay::Program;
      const expr::CompiledProgram* code = compiled(spec.argument.get());
      if (code != nullptr && code->code.at(code->root).code == expr::Code::Field) {
        part.way = ArgWay::Cell;
        part.field = code->code[code->root].a;
      }
    }
    arguments_.push_back(part);
  }
}

void GroupRowReader::begin(Scratch& scratch, const Table& table,
                           const expr::Activation& activation) const {
  scratch.ctx.reset();
  scratch.ctx.table = &table;
  scratch.ctx.activation = &activation;
  scratch.starts.assign(keys_.size(), 0);
  scratch.computed.assign(keys_.size(), expr::Val());
}

expr::Val GroupRowReader::run(const expr::Program& program, Scratch& scratch) const {
  expr::Ctx& ctx = scratch.ctx;
  if (const expr::CompiledProgram* code = compiled(&program)) return code->eval(code->root, ctx);
  // Another kind of program: its result is kept in the context like a value built on the way.
  expr::EvalResult result = program.evaluate(ctx.table, ctx.row, *ctx.activation);
  if (!result.ok()) return ctx.error(result.error, std::move(result.error_message));
  switch (result.value.type()) {
    case ValueType::String:
      return expr::Val::of_string(ctx.keep(result.value.as_string()));
    case ValueType::List:
      ctx.lists.push_back(std::make_unique<ValueList>(result.value.as_list()));
      return expr::Val::of_list(ctx.lists.back().get());
    default:
      return expr::view_of(result.value);
  }
}

bool GroupRowReader::append_key(Scratch& scratch, KeyText& out, std::string& why) const {
  const Table& table = *scratch.ctx.table;
  const std::size_t row = scratch.ctx.row;
  const std::size_t base = out.size();
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const KeyPart& part = keys_[k];
    const Column& column = table.column(part.field);
    if (column.is_null(row)) {
      why = field_title(schema_.fields.at(part.field)) +
            " is missing, so the row belongs to no group";
      out.truncate(base);
      return false;
    }
    scratch.starts[k] = out.size() - base;
    // Each value is its type's digit, its text and the separator, written in one piece.
    const auto put = [&out](ValueType type, std::string_view text) {
      char* at = out.extend(text.size() + 2);
      at[0] = static_cast<char>('0' + static_cast<int>(type));
      fundrules::detail::copy_bytes(at + 1, text.data(), text.size());
      at[text.size() + 1] = kKeySeparator;
      return at + 1;
    };
    if (part.way == KeyWay::Cell) {
      switch (column.type()) {
        case ValueType::String:
          put(ValueType::String, column.string_at(row));
          break;
        case ValueType::Int: {
          // Written in place: room for the longest number, then cut to the one written.
          constexpr std::size_t kDigits = 24;
          const std::size_t from = out.size();
          char* at = out.extend(kDigits + 2);
          at[0] = static_cast<char>('0' + static_cast<int>(ValueType::Int));
          char* end = std::to_chars(at + 1, at + 1 + kDigits, column.int_at(row)).ptr;
          *end = kKeySeparator;
          out.truncate(from + static_cast<std::size_t>(end + 1 - at));
          break;
        }
        default:
          put(column.type(), column.value_at(row).to_string());
      }
    } else if (part.way == KeyWay::UpperCell && column.type() == ValueType::String) {
      // upper() changes a to z only, as the evaluator's upper() does.
      const std::string_view text = column.string_at(row);
      upper_ascii(put(ValueType::String, text), text.size());
    } else {
      const expr::Val value = run(*rule_.group_keys[k], scratch);
      if (value.is_error() || value.tag == expr::Tag::Null) {
        std::string message = "no value";
        if (value.is_error()) error_of(*rule_.group_keys[k], value, scratch.ctx, &message);
        why = "group_by: " + message + ", so the row belongs to no group";
        out.truncate(base);
        return false;
      }
      scratch.computed[k] = value;
      if (value.tag == expr::Tag::String) {
        put(ValueType::String, value.s);
      } else {
        const Value owned = expr::value_of(value);
        put(owned.type(), owned.to_string());
      }
    }
  }
  return true;
}

std::vector<Value> GroupRowReader::key_values(const Scratch& scratch) const {
  const Table& table = *scratch.ctx.table;
  const std::size_t row = scratch.ctx.row;
  std::vector<Value> values;
  values.reserve(keys_.size());
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const KeyPart& part = keys_[k];
    const Column& column = table.column(part.field);
    const expr::Val& computed = scratch.computed[k];
    if (part.way == KeyWay::Cell) {
      values.push_back(column.value_at(row));
    } else if (part.way == KeyWay::Program && computed.tag != expr::Tag::String) {
      values.push_back(expr::value_of(computed));
    } else {
      // A text value: the key holds it as it is, after its type's digit.
      const std::size_t begin = scratch.starts[k] + 1;
      const std::size_t end =
          k + 1 < keys_.size() ? scratch.starts[k + 1] - 1 : scratch.encoded.size() - 1;
      values.emplace_back(std::string(scratch.encoded.view().substr(begin, end - begin)));
    }
  }
  return values;
}

GroupRowReader::Read GroupRowReader::argument(Scratch& scratch, std::size_t i, expr::Val& value,
                                              std::string& why) const {
  const expr::AggregateSpec& spec = rule_.aggregates[i];
  if (spec.filter) {
    const expr::Val keep = run(*spec.filter, scratch);
    if (keep.is_error()) {
      std::string message;
      if (error_of(*spec.filter, keep, scratch.ctx) == expr::EvalErrorKind::MissingField) {
        return Read::Skip;
      }
      error_of(*spec.filter, keep, scratch.ctx, &message);
      why = spec.text + ": " + message;
      return Read::Fail;
    }
    if (keep.tag != expr::Tag::Bool || !keep.b) return Read::Skip;
  }
  const ArgPart& part = arguments_[i];
  switch (part.way) {
    case ArgWay::None:
      value = expr::Val::of_bool(true);
      return Read::Fold;
    case ArgWay::Cell: {
      const Table& table = *scratch.ctx.table;
      if (part.field >= table.num_columns()) break;  // the evaluator reports it
      const Column& column = table.column(part.field);
      if (column.is_null(scratch.ctx.row)) return Read::Skip;  // folds as no value
      value = cell_val(column, scratch.ctx.row);
      return Read::Fold;
    }
    case ArgWay::Program:
      break;
  }
  value = run(*spec.argument, scratch);
  if (value.is_error()) {
    std::string message;
    if (error_of(*spec.argument, value, scratch.ctx) == expr::EvalErrorKind::MissingField) {
      return Read::Skip;
    }
    error_of(*spec.argument, value, scratch.ctx, &message);
    why = spec.text + ": " + message;
    return Read::Fail;
  }
  return Read::Fold;
}

}  // namespace fundrules::engine
