// Reference tables as expressions read them: the key index, and the instructions that look a
// key up (`key in refs.x`, `refs.x[key].field`, `has(refs.x[key].field)`).
//
// A key compares as its canonical text, so that the same person is found whether a clerk typed
// the ID number with a trailing space or a lower-case check character x. A key held by more
// than one row is still a member, but a lookup of it is an error that names the rows: which of
// two filing dates to believe is for a person to decide, not for the engine.

#include <algorithm>

#include "expr/program.hpp"

namespace fundrules::expr {

namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000, what IMEs type

std::string_view trim_key(std::string_view text) {
  for (;;) {
    if (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
                          text.front() == '\n')) {
      text.remove_prefix(1);
    } else if (text.substr(0, kIdeographicSpace.size()) == kIdeographicSpace) {
      text.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() &&
        (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
      text.remove_suffix(1);
    } else if (text.size() >= kIdeographicSpace.size() &&
               text.substr(text.size() - kIdeographicSpace.size()) == kIdeographicSpace) {
      text.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return text;
}

bool has_lower_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

void upper_ascii(std::string& text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

// The canonical key of a string: a view of `text` when nothing changes, else `scratch`.
std::string_view canonical(std::string_view text, bool upper_case, std::string& scratch) {
  const std::string_view trimmed = trim_key(text);
  if (!upper_case || !has_lower_ascii(trimmed)) return trimmed;
  scratch.assign(trimmed);
  upper_ascii(scratch);
  return scratch;
}

}  // namespace

std::string reference_key_text(const Value& value, bool upper_case) {
  if (value.is_null()) return "";
  if (value.type() == ValueType::String) {
    std::string scratch;
    return std::string(canonical(value.as_string(), upper_case, scratch));
  }
  return value.to_string();
}

ReferenceIndex::ReferenceIndex(std::string name, const Table& table,
                               std::vector<std::size_t> columns, std::size_t key_field,
                               bool upper_case_key)
    : name_(std::move(name)),
      table_(&table),
      columns_(std::move(columns)),
      upper_case_key_(upper_case_key),
      next_(table.num_rows(), kNone) {
  const std::size_t key_column = column(key_field);
  if (key_column == kNone || key_column >= table.num_columns()) return;
  const Column& keys = table.column(key_column);
  entries_.reserve(table.num_rows());
  std::string scratch;
  for (std::size_t row = 0; row < table.num_rows(); ++row) {
    if (keys.is_null(row)) continue;
    std::string_view key;
    if (keys.type() == ValueType::String) {
      key = canonical(keys.string_at(row), upper_case_key_, scratch);
      if (key.data() == scratch.data()) key = owned_keys_.emplace_back(scratch);
    } else {
      key = owned_keys_.emplace_back(reference_key_text(keys.value_at(row), upper_case_key_));
    }
    if (key.empty()) continue;
    Entry& entry = entries_[key];
    if (entry.count == 0) {
      entry.first = row;
    } else {
      next_[entry.last] = row;
    }
    entry.last = row;
    ++entry.count;
  }
}

std::size_t ReferenceIndex::find(std::string_view key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? kNone : it->second.first;
}

std::size_t ReferenceIndex::count(std::string_view key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? 0 : it->second.count;
}

void Environment::add_reference(Reference reference) {
  references_.push_back(std::move(reference));
}

const Environment::Reference* Environment::find_reference(std::string_view name) const {
  for (const auto& reference : references_) {
    if (reference.name == name) return &reference;
  }
  return nullptr;
}

namespace {

// Where the rows of an ambiguous key are, for the message: "lines 4, 9" of the file, or
// "rows 3, 8" of a table built in memory.
std::string where_rows(const ReferenceIndex& index, std::size_t first) {
  const Table& table = index.table();
  const bool lines = table.line(first) > 0;
  const bool several = index.next(first) != ReferenceIndex::kNone;
  std::string out = lines ? (several ? "lines " : "line ") : (several ? "rows " : "row ");
  std::size_t shown = 0;
  std::size_t total = 0;
  for (std::size_t row = first; row != ReferenceIndex::kNone; row = index.next(row)) {
    ++total;
    if (shown == 5) continue;
    if (shown > 0) out += ", ";
    out += std::to_string(lines ? table.line(row) : table.row_number(row));
    ++shown;
  }
  if (total > shown) out += ", ... (" + std::to_string(total) + " in all)";
  if (!table.source().empty()) out += " of " + table.source();
  return out;
}

Val read_cell(const Column& column, std::size_t row, bool wants_decimal) {
  switch (column.type()) {
    case ValueType::Bool:
      return Val::of_bool(column.bool_at(row));
    case ValueType::Int:
      return wants_decimal ? Val::of_decimal(fundrules::Decimal(column.int_at(row)))
                           : Val::of_int(column.int_at(row));
    case ValueType::Decimal:
      return Val::of_decimal(column.decimal_at(row));
    case ValueType::String:
      return Val::of_string(column.string_at(row));
    case ValueType::Date:
      return Val::of_date(column.date_at(row));
    default:
      break;
  }
  return Val();
}

}  // namespace

Val CompiledProgram::reference(const Instr& instr, Ctx& ctx) const {
  const std::string& shown = names[instr.code == Code::RefHas ? instr.c : instr.first_arg];
  const Val key = eval(instr.a, ctx);
  if (key.is_error()) return key;
  const auto* indexes = ctx.activation->references;
  const ReferenceIndex* index =
      indexes != nullptr && instr.b < indexes->size() ? (*indexes)[instr.b] : nullptr;
  if (index == nullptr) {
    return ctx.error(EvalErrorKind::MissingField,
                     shown + ": the reference table was not given to this check");
  }
  std::string scratch;
  std::string_view text;
  if (key.tag == Tag::String) {
    text = canonical(key.s, index->upper_case_key(), scratch);
  } else if (key.tag == Tag::Null) {
    text = {};
  } else if (key.tag == Tag::List) {
    return ctx.error(EvalErrorKind::NoMatchingOverload,
                     shown + ": a list cannot be a key of refs." + index->name());
  } else {
    scratch = value_of(key).to_string();
    text = scratch;
  }
  const std::size_t first = text.empty() ? ReferenceIndex::kNone : index->find(text);
  if (instr.code == Code::RefHas) return Val::of_bool(first != ReferenceIndex::kNone);

  const bool presence = instr.code == Code::RefHasField;
  if (first == ReferenceIndex::kNone) {
    if (presence) return Val::of_bool(false);
    return ctx.error(EvalErrorKind::MissingField,
                     shown + ": no row of refs." + index->name() + " has this key");
  }
  if (index->next(first) != ReferenceIndex::kNone) {
    if (presence) return Val::of_bool(false);
    return ctx.error(EvalErrorKind::InvalidArgument,
                     shown + ": refs." + index->name() + " has more than one row with this key (" +
                         where_rows(*index, first) +
                         "), so which one to read is ambiguous; remove the duplicate rows");
  }
  const std::size_t column = index->column(instr.c);
  const Table& table = index->table();
  if (column == ReferenceIndex::kNone || column >= table.num_columns() ||
      table.column(column).is_null(first)) {
    if (presence) return Val::of_bool(false);
    return ctx.error(EvalErrorKind::MissingField,
                     shown + " has no value (" + where_rows(*index, first) + ")");
  }
  if (presence) return Val::of_bool(true);
  return read_cell(table.column(column), first, instr.arg_count == 1);
}

}  // namespace fundrules::expr
