// The summary runner: every row that passes the summary's `when` folds into the state of its
// group; states of consecutive slices merge; table() folds the total from the lines (the
// union of their distinct values for count_distinct) and evaluates each column's expression
// once per group over the folded aggregates. Only min() and max() fold into the total row by
// row, so that of equal values the earliest is kept, as in one pass over the list.
//
// A row is read from the columns where a column is a plain field (its key, sum(amount),
// count()) and as a group rule reads it (GroupRowReader) otherwise: values are borrowed from
// the table or the evaluator, so a row that folds allocates nothing. A row on which an
// expression fails, or whose key is empty, takes the general path, which describes it.

#include "engine/summaries.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "engine/explain.hpp"
#include "engine/group_rows.hpp"
#include "expr/fast_hash.hpp"

namespace fundrules::engine {

namespace {

// Row problems kept word for word; past this many only their number grows.
constexpr std::size_t kMaxProblems = 20;

struct Line {
  std::vector<Value> key;
  std::vector<expr::AggregateState> aggregates;  // every column's, one after another
  std::int64_t rows = 0;
};

// The lines of a summary by encoded key: an open-addressing table of indexes into a vector of
// entries, each with its key's hash, so that a row finds its line with one cheap hash and
// growing the table never hashes a key again.
class LineTable {
 public:
  struct Entry {
    std::string key;
    std::uint64_t hash = 0;
    Line line;
  };

  /// The entry of `key` (whose fast_hash is `hash`), or nullptr.
  [[nodiscard]] Entry* find(std::string_view key, std::uint64_t hash) {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const std::uint32_t at = slots_[slot];
      if (at == 0) return nullptr;
      Entry& entry = entries_[at - 1];
      if (entry.hash == hash && entry.key == key) return &entry;
    }
  }

  /// A new entry for `key`, which the table must not have; valid until the next add().
  Entry& add(std::string_view key, std::uint64_t hash) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    entries_.push_back({std::string(key), hash, Line{}});
    place(static_cast<std::uint32_t>(entries_.size()), hash);
    return entries_.back();
  }

  [[nodiscard]] std::vector<Entry>& entries() noexcept { return entries_; }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  void place(std::uint32_t index, std::uint64_t hash) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = hash & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = index;
  }

  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      place(static_cast<std::uint32_t>(i + 1), entries_[i].hash);
    }
  }

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // an entry's index plus one; 0 is empty
};

class SummaryState final : public PartialState {
 public:
  [[nodiscard]] std::unique_ptr<PartialState> clone() const override {
    return std::make_unique<SummaryState>(*this);
  }
  LineTable lines;
  /// Without group_by, the one line; with it, only the min() and max() aggregates, folded row
  /// by row (table() folds the rest from the lines).
  Line total;
  std::vector<std::string> problems;
  std::int64_t problem_count = 0;
};

// The key as one map key; the type is part of it, as the int 1 and the string "1" differ.
// GroupRowReader::encode_key gives the same text for a key with no empty value.
std::string encode_key(const std::vector<Value>& key) {
  std::string encoded;
  for (const Value& value : key) {
    encoded += static_cast<char>('0' + static_cast<int>(value.type()));
    encoded += value.to_string();
    encoded += '\x1f';
  }
  return encoded;
}

// Orders two values of one key field: an empty key last, enum values in their declared order,
// numbers and dates by value, text by its bytes.
int compare_key(const Value& a, const Value& b, const FieldSpec& field) {
  if (a.is_null() || b.is_null())
    return static_cast<int>(a.is_null()) - static_cast<int>(b.is_null());
  if (!field.values.empty() && a.type() == ValueType::String && b.type() == ValueType::String) {
    const auto rank = [&](const std::string& code) {
      const auto at = std::find_if(field.values.begin(), field.values.end(),
                                   [&](const EnumValue& v) { return v.code == code; });
      return static_cast<std::size_t>(at - field.values.begin());
    };
    const std::size_t ra = rank(a.as_string());
    const std::size_t rb = rank(b.as_string());
    if (ra != rb) return ra < rb ? -1 : 1;
  }
  switch (a.type()) {
    case ValueType::Int:
      return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
    case ValueType::Decimal:
      return a.as_decimal().compare(b.as_decimal());
    case ValueType::Date:
      return a.as_date() < b.as_date() ? -1 : b.as_date() < a.as_date() ? 1 : 0;
    case ValueType::Bool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    default:
      return a.to_string().compare(b.to_string());
  }
}

// A key value as people read it: an enum code becomes its label.
std::string key_text(const Value& value, const FieldSpec& field, bool english) {
  if (value.is_null()) return english ? "(blank)" : "（空）";
  if (value.type() == ValueType::String) {
    for (const EnumValue& v : field.values) {
      if (v.code != value.as_string()) continue;
      const std::string& label = english ? v.label_en : v.label_zh;
      return label.empty() ? v.code : label;
    }
  }
  return value.to_string();
}

bool folds_per_row_into_total(expr::AggregateKind kind) {
  return kind == expr::AggregateKind::Min || kind == expr::AggregateKind::Max;
}

class Runner final : public SummaryRunner {
 public:
  Runner(const detail::CompiledSummary& summary, const Schema& schema)
      : SummaryRunner(0),
        summary_(summary),
        schema_(schema),
        shape_(shape_of(summary)),
        reader_(shape_, schema) {
    for (const auto& column : summary_.columns) {
      offsets_.push_back(aggregate_count_);
      aggregate_count_ += column.aggregates.size();
    }
    for (std::size_t i = 0; i < shape_.aggregates.size(); ++i) {
      const expr::AggregateSpec& spec = shape_.aggregates[i];
      if (folds_per_row_into_total(spec.kind)) per_row_total_.push_back(i);
      Part part{Way::Reader, 0};
      if (spec.filter) {
        all_direct_ = false;
      } else if (!spec.argument) {
        part.way = Way::Count;
      } else if (const auto* code = dynamic_cast<const expr::CompiledProgram*>(spec.argument.get());
                 code != nullptr && code->code.at(code->root).code == expr::Code::Field) {
        part.way = Way::Cell;
        part.field = code->code[code->root].a;
      } else {
        all_direct_ = false;
      }
      parts_.push_back(part);
    }
  }
  Runner(const Runner&) = delete;  // reader_ refers to shape_
  Runner& operator=(const Runner&) = delete;

  [[nodiscard]] std::unique_ptr<PartialState> make_state() const override {
    auto state = std::make_unique<SummaryState>();
    start(state->total);
    return state;
  }

  void run(const Table& table, std::size_t begin, std::size_t end, const EvalContext& context,
           PartialState* state, std::vector<Found>& /*out*/) const override {
    auto& s = *static_cast<SummaryState*>(state);
    const expr::Activation activation = context.activation();
    std::vector<std::uint8_t> conditions;
    if (summary_.when) summary_.when->evaluate_truth(table, begin, end, activation, conditions);
    GroupRowReader::Scratch scratch;
    reader_.begin(scratch, table, activation);
    std::vector<std::pair<std::size_t, expr::Val>> folded;
    folded.reserve(aggregate_count_);
    // The columns read directly: every aggregate's when all are plain fields or count().
    std::vector<const Column*> cells(parts_.size(), nullptr);
    bool direct = all_direct_;
    for (std::size_t i = 0; i < parts_.size(); ++i) {
      if (parts_[i].way != Way::Cell) continue;
      if (parts_[i].field >= table.num_columns()) {
        direct = false;  // the evaluator reports the missing field
      } else {
        cells[i] = &table.column(parts_[i].field);
      }
    }
    std::vector<const Column*> keys;
    keys.reserve(summary_.group_by.size());
    for (const std::size_t f : summary_.group_by) keys.push_back(&table.column(f));
    std::string encoded;
    std::string why;
    // The line of the last row folded, while the next rows repeat its key (the rows of a
    // household mostly come together); valid until the table makes a line.
    Line* previous = nullptr;
    std::size_t previous_row = 0;
    for (std::size_t row = begin; row < end; ++row) {
      if (summary_.when && conditions[row - begin] != expr::Program::kTrue) {
        if (conditions[row - begin] == expr::Program::kFalse) continue;
        // A value that is not a bool leaves the row out; an error is noted for it.
        const expr::EvalResult condition = summary_.when->evaluate(&table, row, activation);
        if (!condition.ok()) problem(s, table, row, "when: " + describe(condition, table, row));
        continue;
      }
      std::uint64_t hash = 0;
      const bool repeat = previous != nullptr && same_key(keys, previous_row, row);
      if (!keys.empty() && !repeat) {
        if (!encode_row_key(keys, row, encoded)) {
          previous = nullptr;
          fold_in_general(table, row, activation, s);  // an empty key value: a line of its own
          continue;
        }
        hash = expr::fast_hash(encoded);
      }
      if (!direct) {
        GroupRowReader::next_row(scratch, row);
        if (!read_values(scratch, folded, why)) {
          previous = nullptr;
          fold_in_general(table, row, activation, s);  // which notes what failed
          continue;
        }
      }
      Line& line = keys.empty() ? s.total
                   : repeat     ? *previous
                                : line_of(s, encoded, hash, table, row);
      if (!keys.empty()) {
        previous = &line;
        previous_row = row;
      }
      if (!direct) {
        add(line, folded);
        if (!keys.empty()) add_total(s.total, folded);
        continue;
      }
      // Nothing read directly can fail: the values go straight into the line.
      for (std::size_t i = 0; i < parts_.size(); ++i) {
        const Column* column = cells[i];
        if (column == nullptr) {
          line.aggregates[i].add(expr::Val::of_bool(true));
        } else if (!column->is_null(row)) {
          line.aggregates[i].add_cell(*column, row);
        }
      }
      ++line.rows;
      if (keys.empty()) continue;
      for (const std::size_t i : per_row_total_) {
        if (cells[i] != nullptr && !cells[i]->is_null(row)) {
          s.total.aggregates[i].add_cell(*cells[i], row);
        }
      }
    }
  }

  void merge(PartialState& into, PartialState& later) const override {
    auto& target = static_cast<SummaryState&>(into);
    auto& source = static_cast<SummaryState&>(later);
    for (LineTable::Entry& entry : source.lines.entries()) {
      if (LineTable::Entry* found = target.lines.find(entry.key, entry.hash)) {
        merge_line(found->line, entry.line);
      } else {
        target.lines.add(entry.key, entry.hash).line = std::move(entry.line);
      }
    }
    merge_line(target.total, source.total);
    for (auto& text : source.problems) {
      if (target.problems.size() < kMaxProblems) target.problems.push_back(std::move(text));
    }
    target.problem_count += source.problem_count;
  }

  [[nodiscard]] SummaryTable table(PartialState* state, const EvalContext& context) const override {
    auto& s = *static_cast<SummaryState*>(state);
    SummaryTable out;
    out.id = summary_.id;
    out.title_zh = summary_.title_zh;
    out.title_en = summary_.title_en;
    // Sized up front: for a short list (one record) growing these costs more than filling them.
    const std::size_t keys = summary_.group_by.size();
    out.group_by.reserve(keys);
    out.group_labels_zh.reserve(keys);
    out.group_labels_en.reserve(keys);
    out.group_personal.reserve(keys);
    out.columns.reserve(summary_.columns.size());
    for (const std::size_t f : summary_.group_by) {
      const FieldSpec& field = schema_.fields.at(f);
      out.group_by.push_back(field.name);
      out.group_labels_zh.push_back(field.label_zh.empty() ? field.name : field.label_zh);
      out.group_labels_en.push_back(field.label_en.empty() ? field.name : field.label_en);
      out.group_personal.push_back(field.personal);
    }
    for (const auto& column : summary_.columns) out.columns.push_back(column.info);

    std::vector<const Line*> ordered;
    ordered.reserve(s.lines.size());
    for (const LineTable::Entry& entry : s.lines.entries()) ordered.push_back(&entry.line);
    out.rows.reserve(ordered.size() + 1);
    std::sort(ordered.begin(), ordered.end(), [&](const Line* a, const Line* b) {
      for (std::size_t k = 0; k < summary_.group_by.size(); ++k) {
        const int c = compare_key(a->key[k], b->key[k], schema_.fields.at(summary_.group_by[k]));
        if (c != 0) return c < 0;
      }
      return false;
    });
    if (summary_.group_by.empty()) {
      out.rows.push_back(finish_line(s.total, context, out.problems));
    } else {
      for (const Line* line : ordered)
        out.rows.push_back(finish_line(*line, context, out.problems));
      out.total = finish_line(total_of(s, ordered), context, out.problems);
    }
    // Row problems first, in row order; then what the figures themselves could not give.
    std::vector<std::string> problems = s.problems;
    if (s.problem_count > static_cast<std::int64_t>(s.problems.size())) {
      problems.push_back("… " + std::to_string(s.problem_count - s.problems.size()) +
                         " more rows could not be folded");
    }
    problems.insert(problems.end(), out.problems.begin(), out.problems.end());
    out.problems = std::move(problems);
    return out;
  }

 private:
  // How an aggregate reads a row: count() and a plain field straight from the table, anything
  // else (a filter, a computed argument) through the reader.
  enum class Way : std::uint8_t { Reader, Count, Cell };
  struct Part {
    Way way;
    std::size_t field;  // for Cell
  };

  void start(Line& line) const {
    line.aggregates.clear();
    line.aggregates.reserve(aggregate_count_);
    for (const auto& column : summary_.columns) {
      for (const auto& spec : column.aggregates) line.aggregates.emplace_back(spec.kind);
    }
  }

  static void merge_line(Line& into, const Line& later) {
    for (std::size_t i = 0; i < into.aggregates.size(); ++i) {
      into.aggregates[i].merge(later.aggregates[i]);
    }
    into.rows += later.rows;
  }

  // The total line of a grouped summary: its rows, counts, sums and distinct values from the
  // lines (exact whatever the order), its min() and max() as folded row by row.
  [[nodiscard]] Line total_of(const SummaryState& s, const std::vector<const Line*>& lines) const {
    Line total;
    start(total);
    for (const Line* line : lines) {
      total.rows += line->rows;
      for (std::size_t i = 0; i < total.aggregates.size(); ++i) {
        if (!folds_per_row_into_total(total.aggregates[i].kind())) {
          total.aggregates[i].merge(line->aggregates[i]);
        }
      }
    }
    for (const std::size_t i : per_row_total_) total.aggregates[i] = s.total.aggregates[i];
    return total;
  }

  template <typename V>
  static void add(Line& line, const std::vector<std::pair<std::size_t, V>>& folded) {
    for (const auto& [index, value] : folded) line.aggregates[index].add(value);
    ++line.rows;
  }

  // What a grouped summary folds into its total row by row: min() and max() only.
  template <typename V>
  static void add_total(Line& total, const std::vector<std::pair<std::size_t, V>>& folded) {
    for (const auto& [index, value] : folded) {
      if (folds_per_row_into_total(total.aggregates[index].kind())) {
        total.aggregates[index].add(value);
      }
    }
  }

  // The summary's group keys and all its columns' aggregates, one after another, in the shape
  // of a group rule, so that GroupRowReader reads them.
  static detail::CompiledRule shape_of(const detail::CompiledSummary& summary) {
    detail::CompiledRule rule;
    rule.group_by = summary.group_by;
    for (const auto& column : summary.columns) {
      rule.aggregates.insert(rule.aggregates.end(), column.aggregates.begin(),
                             column.aggregates.end());
    }
    return rule;
  }

  // The line of the row's key, made on its first row.
  Line& line_of(SummaryState& s, const std::string& encoded, std::uint64_t hash, const Table& table,
                std::size_t row) const {
    if (LineTable::Entry* entry = s.lines.find(encoded, hash)) return entry->line;
    LineTable::Entry& entry = s.lines.add(encoded, hash);
    entry.line.key = key_of(table, row);
    start(entry.line);
    return entry.line;
  }

  // The row's key as encode_key() and GroupRowReader::encode_key() give it (a summary's keys
  // are plain fields). False when a key value is empty.
  static bool encode_row_key(const std::vector<const Column*>& keys, std::size_t row,
                             std::string& encoded) {
    encoded.clear();
    for (const Column* column : keys) {
      if (column->is_null(row)) return false;
      encoded += static_cast<char>('0' + static_cast<int>(column->type()));
      append_cell(*column, row, encoded);
      encoded += kKeySeparator;
    }
    return true;
  }

  // Whether `row` has the key of `earlier` (which had one), cell for cell as encode_row_key()
  // would write them; false for a type whose text this does not compare.
  static bool same_key(const std::vector<const Column*>& keys, std::size_t earlier,
                       std::size_t row) {
    for (const Column* column : keys) {
      if (column->is_null(row)) return false;
      switch (column->type()) {
        case ValueType::String:
          if (column->string_at(row) != column->string_at(earlier)) return false;
          break;
        case ValueType::Int:
        case ValueType::Date:
          if (column->int_at(row) != column->int_at(earlier)) return false;
          break;
        case ValueType::Bool:
          if (column->bool_at(row) != column->bool_at(earlier)) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  [[nodiscard]] std::vector<Value> key_of(const Table& table, std::size_t row) const {
    std::vector<Value> key;
    key.reserve(summary_.group_by.size());
    for (const std::size_t f : summary_.group_by) key.push_back(table.column(f).value_at(row));
    return key;
  }

  // What the row adds to each aggregate, borrowed (filters applied). False when an expression
  // fails on the row; `folded` is then incomplete and the row goes the general way.
  bool read_values(GroupRowReader::Scratch& scratch,
                   std::vector<std::pair<std::size_t, expr::Val>>& folded, std::string& why) const {
    folded.clear();
    expr::Val value;
    for (std::size_t i = 0; i < aggregate_count_; ++i) {
      switch (reader_.argument(scratch, i, value, why)) {
        case GroupRowReader::Read::Skip:
          continue;
        case GroupRowReader::Read::Fail:
          return false;
        case GroupRowReader::Read::Fold:
          folded.emplace_back(i, value);
          break;
      }
    }
    return true;
  }

  // The row through owned values and the general evaluator: for the rare row the borrowed
  // path does not take (an expression failed, a key value is empty), which it notes or folds.
  void fold_in_general(const Table& table, std::size_t row, const expr::Activation& activation,
                       SummaryState& s) const {
    std::vector<std::pair<std::size_t, Value>> folded;
    if (!values_of(table, row, activation, folded, s)) return;
    if (summary_.group_by.empty()) {
      add(s.total, folded);
      return;
    }
    const std::vector<Value> key = key_of(table, row);
    const std::string encoded = encode_key(key);
    const std::uint64_t hash = expr::fast_hash(encoded);
    LineTable::Entry* entry = s.lines.find(encoded, hash);
    if (entry == nullptr) {
      entry = &s.lines.add(encoded, hash);
      entry->line.key = key;
      start(entry->line);
    }
    add(entry->line, folded);
    add_total(s.total, folded);
  }

  // What the row adds to each aggregate (filters applied). False, after noting the problem,
  // when an expression fails on the row: then it adds to no column, so the columns of a line
  // always speak of the same rows.
  bool values_of(const Table& table, std::size_t row, const expr::Activation& activation,
                 std::vector<std::pair<std::size_t, Value>>& folded, SummaryState& s) const {
    folded.clear();
    for (std::size_t c = 0; c < summary_.columns.size(); ++c) {
      const auto& column = summary_.columns[c];
      for (std::size_t a = 0; a < column.aggregates.size(); ++a) {
        const expr::AggregateSpec& spec = column.aggregates[a];
        if (spec.filter) {
          const expr::EvalResult keep = spec.filter->evaluate(&table, row, activation);
          if (keep.error == expr::EvalErrorKind::MissingField) continue;
          if (!keep.ok()) {
            problem(s, table, row, spec.text + ": " + describe(keep, table, row));
            return false;
          }
          if (keep.value.type() != ValueType::Bool || !keep.value.as_bool()) continue;
        }
        const std::size_t index = offsets_[c] + a;
        if (!spec.argument) {
          folded.emplace_back(index, Value(true));
          continue;
        }
        expr::EvalResult value = spec.argument->evaluate(&table, row, activation);
        if (value.error == expr::EvalErrorKind::MissingField) {
          folded.emplace_back(index, Value());  // an empty cell is skipped, not a zero
        } else if (!value.ok()) {
          problem(s, table, row, spec.text + ": " + describe(value, table, row));
          return false;
        } else {
          folded.emplace_back(index, std::move(value.value));
        }
      }
    }
    return true;
  }

  [[nodiscard]] std::string describe(const expr::EvalResult& result, const Table& table,
                                     std::size_t row) const {
    std::vector<std::size_t> all(schema_.fields.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    return describe_error(result, all, table, row, schema_);
  }

  static void problem(SummaryState& s, const Table& table, std::size_t row, std::string why) {
    ++s.problem_count;
    if (s.problems.size() < kMaxProblems) {
      s.problems.push_back("row " + std::to_string(table.row_number(row)) + ": " + why);
    }
  }

  SummaryRow finish_line(const Line& line, const EvalContext& context,
                         std::vector<std::string>& problems) const {
    SummaryRow out;
    out.rows = line.rows;
    out.key = line.key;
    out.key_zh.reserve(line.key.size());
    out.key_en.reserve(line.key.size());
    out.values.reserve(summary_.columns.size());
    for (std::size_t k = 0; k < line.key.size(); ++k) {
      const FieldSpec& field = schema_.fields.at(summary_.group_by[k]);
      out.key_zh.push_back(key_text(line.key[k], field, false));
      out.key_en.push_back(key_text(line.key[k], field, true));
    }
    // Only a column that reads a key field outside its aggregates needs the key as a table.
    std::optional<Table> keys;
    for (std::size_t c = 0; c < summary_.columns.size(); ++c) {
      const auto& column = summary_.columns[c];
      std::vector<Value> values(column.aggregates.size());
      std::string failure;
      for (std::size_t a = 0; a < column.aggregates.size(); ++a) {
        const expr::EvalResult result = line.aggregates[offsets_[c] + a].result();
        if (result.ok()) {
          values[a] = result.value;
        } else if (failure.empty()) {
          failure = column.aggregates[a].text + ": " + result.error_message;
        }
      }
      Value value;
      if (failure.empty() && column.value) {
        expr::Activation activation = context.activation();
        activation.aggregates = &values;
        const Table* table = nullptr;
        if (!column.value->reads().fields.empty()) {
          if (!keys) keys = key_table(line);
          if (keys->num_columns() != 0) table = &*keys;
        }
        const expr::EvalResult result = column.value->evaluate(table, 0, activation);
        if (result.ok()) {
          value = result.value;
        } else {
          failure = result.error_message.empty() ? "no value" : result.error_message;
        }
      }
      if (!failure.empty()) {
        std::string where = line.key.empty() ? std::string("total") : "";
        for (std::size_t k = 0; k < out.key_en.size(); ++k) {
          // The problem is text for every output: a personal key (a summary by ID number)
          // is masked here, whatever the writer is asked to show.
          const PersonalData personal = schema_.fields.at(summary_.group_by[k]).personal;
          const bool hide = personal != PersonalData::None && !line.key[k].is_null();
          where += (k > 0 ? " / " : "") +
                   (hide ? mask_personal(line.key[k].to_string(), personal) : out.key_en[k]);
        }
        problems.push_back(column.info.id + " of " + where + ": " + failure);
      }
      out.values.push_back(std::move(value));
    }
    return out;
  }

  // The line's key as a one-row table in the schema's layout, for column expressions that read
  // a key field outside their aggregates; other fields (and every field of the total) are null.
  [[nodiscard]] Table key_table(const Line& line) const {
    std::vector<Column> columns;
    columns.reserve(schema_.fields.size());
    for (std::size_t f = 0; f < schema_.fields.size(); ++f) {
      Column column(schema_.fields[f].name, schema_.fields[f].type);
      const auto at = std::find(summary_.group_by.begin(), summary_.group_by.end(), f);
      const auto k = static_cast<std::size_t>(at - summary_.group_by.begin());
      if (at == summary_.group_by.end() || k >= line.key.size() || line.key[k].is_null()) {
        column.append_null();
      } else {
        column.append(line.key[k]);
      }
      columns.push_back(std::move(column));
    }
    return Table(std::move(columns));
  }

  const detail::CompiledSummary& summary_;
  const Schema& schema_;
  detail::CompiledRule shape_;
  GroupRowReader reader_;             // reads shape_
  std::vector<std::size_t> offsets_;  // first aggregate of each column in Line::aggregates
  std::size_t aggregate_count_ = 0;
  std::vector<Part> parts_;                 // per aggregate, as in Line::aggregates
  bool all_direct_ = true;                  // every part is Count or Cell
  std::vector<std::size_t> per_row_total_;  // the min() and max() aggregates
};

}  // namespace

std::unique_ptr<SummaryRunner> make_summary_runner(const detail::CompiledSummary& summary,
                                                   const Schema& schema) {
  return std::make_unique<Runner>(summary, schema);
}

}  // namespace fundrules::engine
