#pragma once

// The expression layer's contract with the rest of the library. It knows nothing of YAML,
// rulesets or files: it turns text into a checked, compiled Program, and runs a Program
// against a row of a Table and a vector of parameter values.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fundrules/table.hpp"
#include "fundrules/value.hpp"

namespace fundrules::expr {

/// Bounds on what an expression may be (LimitError-style diagnostics past them).
struct Limits {
  std::size_t max_length = 4096;  ///< bytes of expression text
  std::size_t max_depth = 64;     ///< nesting of the syntax tree
};

/// Static type of an expression: a ValueType, or Dyn when not known until run time.
/// A list type carries its element type.
struct Type {
  ValueType kind = ValueType::Null;
  bool dyn = false;
  ValueType element = ValueType::Null;  ///< for List
  bool element_dyn = true;
  [[nodiscard]] std::string to_string() const;
};

/// A problem in an expression, at a byte offset into its text (0-based). The ruleset loader
/// turns offsets into YAML line and column.
struct ExprError {
  std::size_t offset = 0;
  std::string message;
};

/// What names an expression may use. Fields are read from the current row (column `index`
/// of the Table given at run time); parameters from the params vector (slot `index`), under
/// the name "params.<name>". Variables set by the caller per evaluation (e.g. "today") are
/// extra slots after the parameters.
class Environment {
 public:
  void add_field(std::string name, Type type, std::size_t column_index);
  void add_param(std::string name, Type type, std::size_t slot);  // name without "params."
  void add_variable(std::string name, Type type, std::size_t slot);
  /// A reference table expressions read as `key in refs.<name>` and `refs.<name>[key].field`:
  /// the type of its key, its fields in declaration order (the order ReferenceIndex::column()
  /// numbers them), and its slot in Activation::references.
  struct Reference {
    std::string name;
    std::string key_field;
    Type key_type;
    bool upper_case_key = false;  ///< keys are ID numbers, whose x and X are one character
    std::vector<std::pair<std::string, Type>> fields;
    std::size_t slot = 0;
  };
  void add_reference(Reference reference);
  [[nodiscard]] const Reference* find_reference(std::string_view name) const;
  [[nodiscard]] const std::vector<Reference>& references() const { return references_; }
  struct Binding {
    enum class Kind { Field, Param, Variable } kind;
    std::string name;
    Type type;
    std::size_t index;
  };
  [[nodiscard]] const Binding* find_field(std::string_view name) const;
  [[nodiscard]] const Binding* find_param(std::string_view name) const;
  [[nodiscard]] const Binding* find_variable(std::string_view name) const;
  [[nodiscard]] const std::vector<Binding>& bindings() const { return bindings_; }

 private:
  std::vector<Binding> bindings_;
  std::vector<Reference> references_;
};

/// Why an evaluation gave no value.
enum class EvalErrorKind : std::uint8_t {
  None,
  MissingField,  ///< read a null field without has()
  DivisionByZero,
  Overflow,
  InvalidArgument,  ///< e.g. date("2024-02-30"), decimal("abc")
  NoMatchingOverload,
};

/// The outcome of evaluating a Program on one row: a value or an error. An error is a result,
/// never an exception.
struct EvalResult {
  Value value;
  EvalErrorKind error = EvalErrorKind::None;
  std::string error_message;  ///< for MissingField, names the field
  [[nodiscard]] bool ok() const noexcept { return error == EvalErrorKind::None; }
};

class Program;

/// A read of a reference table: `key in refs.x` (field is kNoField) or `refs.x[key].field`.
struct ReferenceRead {
  static constexpr std::size_t kNoField = static_cast<std::size_t>(-1);
  std::size_t reference = 0;  ///< slot (Environment::Reference::slot)
  std::size_t field = kNoField;
  /// The key expression compiled on its own, so that an explanation can show what was looked
  /// up; null if it could not be (a key folding a group's rows).
  std::shared_ptr<const Program> key;
  std::string text;  ///< as written, normalised: "refs.registry[id_number].filed_on"
};

/// What a Program reads: fields by column index, parameters by slot, reference tables.
struct Reads {
  std::vector<std::size_t> fields;
  std::vector<std::size_t> params;
  std::vector<std::size_t> variables;
  std::vector<ReferenceRead> references;  ///< in the order written, repeats left in
};

/// A reference table indexed by key for lookups from expressions. Keys compare as their
/// canonical text (reference_key_text()). Built once per check, read-only afterwards: any
/// number of threads may look keys up at once. The table must outlive the index.
class ReferenceIndex {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  /// Indexes `table`. `columns[i]` is the column of `table` holding field i of the reference
  /// (kNone where the table has none); field `key_field` is the key. Rows whose key is empty
  /// are not indexed.
  ReferenceIndex(std::string name, const Table& table, std::vector<std::size_t> columns,
                 std::size_t key_field, bool upper_case_key);

  /// The first row with this canonical key, or kNone.
  [[nodiscard]] std::size_t find(std::string_view key) const;
  /// The next row with the same key as `row`, or kNone.
  [[nodiscard]] std::size_t next(std::size_t row) const { return next_[row]; }
  /// Rows with this key (0, 1 or more).
  [[nodiscard]] std::size_t count(std::string_view key) const;
  [[nodiscard]] const Table& table() const noexcept { return *table_; }
  /// The column of table() holding reference field `field`, or kNone.
  [[nodiscard]] std::size_t column(std::size_t field) const {
    return field < columns_.size() ? columns_[field] : kNone;
  }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] bool upper_case_key() const noexcept { return upper_case_key_; }

 private:
  struct Entry {
    std::size_t first = kNone;
    std::size_t last = kNone;
    std::size_t count = 0;
  };
  std::string name_;
  const Table* table_;
  std::vector<std::size_t> columns_;
  bool upper_case_key_;
  std::deque<std::string> owned_keys_;  ///< canonical keys that differ from the cell text
  std::unordered_map<std::string_view, Entry> entries_;
  std::vector<std::size_t> next_;
};

/// The text a key compares by: a string trimmed of surrounding white space (upper-cased when
/// `upper_case`, so that an ID number's check character x matches X); any other value as
/// Value::to_string() writes it. Empty for null.
std::string reference_key_text(const Value& value, bool upper_case);

/// Values a Program sees besides the row: parameters then variables, by slot.
class SharedTruths;

struct Activation {
  const std::vector<Value>* params = nullptr;
  const std::vector<Value>* variables = nullptr;
  /// For a group program (compile_group): the value of each aggregate, by index into
  /// GroupCompileResult::aggregates, as AggregateState::result() gave it.
  const std::vector<Value>* aggregates = nullptr;
  /// The reference tables, by slot; a null entry is a reference that was not given.
  const std::vector<const ReferenceIndex*>* references = nullptr;
  /// Truths that the programs of a check share on its current batch (see shared_truths.hpp);
  /// null: each program computes all of its own.
  SharedTruths* shared = nullptr;
};

/// A checked, compiled expression. Immutable; safe to evaluate from many threads at once.
class Program {
 public:
  virtual ~Program() = default;
  [[nodiscard]] virtual Type result_type() const = 0;
  [[nodiscard]] virtual const Reads& reads() const = 0;
  /// Evaluates on row `row` of `table` (table may be null for an expression that reads no field).
  [[nodiscard]] virtual EvalResult evaluate(const Table* table, std::size_t row,
                                            const Activation& activation) const = 0;
  /// Evaluates on rows [begin, end) of `table`, writing end - begin results into `out`.
  virtual void evaluate_batch(const Table& table, std::size_t begin, std::size_t end,
                              const Activation& activation, std::vector<EvalResult>& out) const;

  /// What evaluate() gives on a row, reduced to what a rule's condition or check usually
  /// needs: kTrue, kFalse, or kOther for an error or a value that is not a bool (call
  /// evaluate() on that row to learn which). Builds no EvalResult, so it is the fast way to
  /// run conditions over a batch.
  static constexpr std::uint8_t kFalse = 0;
  static constexpr std::uint8_t kTrue = 1;
  static constexpr std::uint8_t kOther = 2;
  /// The truth of the program on each row of [begin, end) of `table`, into `out` (resized).
  virtual void evaluate_truth(const Table& table, std::size_t begin, std::size_t end,
                              const Activation& activation, std::vector<std::uint8_t>& out) const;
  /// As evaluate_truth(), but only the rows whose byte in `select` (end - begin of them) is
  /// kTrue need an answer: a check under a `when` that holds on few rows. The bytes of the
  /// other rows are unspecified.
  virtual void evaluate_truth_where(const Table& table, std::size_t begin, std::size_t end,
                                    const Activation& activation,
                                    const std::vector<std::uint8_t>& select,
                                    std::vector<std::uint8_t>& out) const;
  /// The truth of the program on one row.
  [[nodiscard]] virtual std::uint8_t truth(const Table& table, std::size_t row,
                                           const Activation& activation) const;
};

/// The result of compile(): a Program, or every error found (parse and type errors together).
struct CompileResult {
  std::shared_ptr<const Program> program;
  std::vector<ExprError> errors;
};

/// Parses, type-checks and compiles `text` against `env`. Never throws for bad text.
CompileResult compile(std::string_view text, const Environment& env, const Limits& limits = {});

/// What an aggregate call folds over the rows of a group.
enum class AggregateKind : std::uint8_t {
  Sum,            ///< sum(x[, filter]): int if x is int, else decimal; 0 for no rows
  Count,          ///< count([filter]): rows (where filter holds)
  CountDistinct,  ///< count_distinct(x[, filter]): distinct values of x
  Min,            ///< min(x[, filter]) of numbers, strings or dates; no value for no rows
  Max,            ///< max(x[, filter])
  Avg,            ///< avg(x[, filter]): a decimal (division as `/`); no value for no rows
  Any,            ///< any(condition): true if it holds for some row
  All,            ///< all(condition): true if it holds for every row (true for no rows)
};

/// One aggregate call lifted out of a group expression. Per row of a group (after the rule's
/// `when`), the engine evaluates `filter` (if any); where it is true, it evaluates `argument`
/// (if any; count() has none) and adds the value to an AggregateState of `kind`.
struct AggregateSpec {
  AggregateKind kind = AggregateKind::Count;
  std::shared_ptr<const Program> argument;  ///< per-row value; null for count()
  std::shared_ptr<const Program> filter;    ///< per-row condition; null: every row
  Type result_type;
  std::size_t offset = 0;  ///< of the call in the expression text
  std::string text;        ///< the call as written, normalised: "sum(amount)"
  /// A name for message placeholders: "sum_amount" for sum(amount), "count" for count(),
  /// "count_id_number" for count_distinct(id_number); the kind alone for other arguments.
  std::string name;
};

/// A compiled group expression: `program` is evaluated once per group, with the aggregates'
/// values in Activation::aggregates and, as its row, any row of the group (it may read only
/// the key fields, which are the same on every row of a group).
struct GroupCompileResult {
  std::shared_ptr<const Program> program;
  std::vector<AggregateSpec> aggregates;
  std::vector<ExprError> errors;
};

/// Compiles an expression of a group rule against `env`. Fields may be read outside aggregate
/// calls only if their column is in `key_columns` (the group_by fields). Never throws for bad
/// text.
GroupCompileResult compile_group(std::string_view text, const Environment& env,
                                 const std::vector<std::size_t>& key_columns,
                                 const Limits& limits = {});

struct Val;

/// The running fold of one aggregate over rows. States of consecutive slices merge, so a
/// group split across batches or threads gives the same result as one pass.
class AggregateState {
 public:
  explicit AggregateState(AggregateKind kind);
  ~AggregateState();
  AggregateState(const AggregateState& other);
  AggregateState& operator=(const AggregateState& other);
  AggregateState(AggregateState&& other) noexcept;
  AggregateState& operator=(AggregateState&& other) noexcept;

  /// Folds one row's value (of the argument; for count() pass anything). Null values are
  /// skipped: an empty cell is not a zero.
  void add(const Value& value);
  /// As add(const Value&), for a value the evaluator lends: it is copied only if kept (a new
  /// minimum, a distinct value not seen before). Must not be an error.
  void add(const Val& value);
  /// As add(), for the non-null cell `row` of `column`, read in place (no value is built).
  void add_cell(const Column& column, std::size_t row);
  /// Folds the state of the rows that came after this one's.
  void merge(const AggregateState& later);
  /// The aggregate's value, or an error (Overflow for an int sum past 64 bits).
  [[nodiscard]] EvalResult result() const;
  [[nodiscard]] AggregateKind kind() const noexcept { return kind_; }

 private:
  class DistinctSet;

  /// Adds coefficient × 10^-scale to the sum, in pending_ while it fits 64 bits.
  void add_scaled(std::int64_t coefficient, int scale);
  /// sum_ and what is pending, as one Decimal.
  [[nodiscard]] Decimal full_sum() const;

  AggregateKind kind_;
  bool all_int_ = true;
  bool flag_ = false;              ///< Any: some true; All: some false
  std::int8_t pending_scale_ = 0;  ///< Sum, Avg: the scale of pending_
  std::int64_t count_ = 0;
  std::int64_t pending_ = 0;  ///< Sum, Avg: part of the sum kept as a coefficient, not yet in sum_
  Decimal sum_;
  Value best_;                             ///< Min, Max
  std::unique_ptr<DistinctSet> distinct_;  ///< CountDistinct: the values seen, made on first use
};

/// For `fundrules eval`: compiles and evaluates a standalone expression (no fields, no params)
/// and returns the JSON the CLI prints: {"type": "...", "value": ...} with decimals and dates
/// as strings, or {"error": "..."}. `ok` is set false on error.
std::string evaluate_to_json(std::string_view text, bool& ok);

}  // namespace fundrules::expr
