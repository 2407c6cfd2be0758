#pragma once

// The compiled form of an expression and the machinery that runs it. A program is a flat array
// of instructions forming a tree (children by index), evaluated by one switch-based function.
// Scalar values travel as Val, which borrows strings from the table, the parameters or the
// program's constants, so evaluating a rule over a row allocates nothing unless it builds a
// string or a list.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expr/ast.hpp"
#include "expr/expr.hpp"
#include "expr/functions.hpp"
#include "expr/regex.hpp"

namespace fundrules::expr {

/// Runtime kind of a Val.
enum class Tag : std::uint8_t { Null, Bool, Int, Decimal, String, Date, List, Error };

/// A value during evaluation. Strings and lists are borrowed, never owned. Only the member
/// that `tag` names is meaningful; they share storage so that a Val stays 32 bytes, which the
/// evaluator copies at every node.
struct Val {
  Val() noexcept : i(0) {}

  Tag tag = Tag::Null;
  union {
    std::int64_t i;  ///< Int; Date as days since epoch; Error: index into Ctx::errors
    bool b;
    fundrules::Decimal d;
    std::string_view s;
    const ValueList* list;
  };

  static Val of_bool(bool v) {
    Val out;
    out.tag = Tag::Bool;
    out.b = v;
    return out;
  }
  static Val of_int(std::int64_t v) {
    Val out;
    out.tag = Tag::Int;
    out.i = v;
    return out;
  }
  static Val of_decimal(const fundrules::Decimal& v) {
    Val out;
    out.tag = Tag::Decimal;
    out.d = v;
    return out;
  }
  static Val of_string(std::string_view v) {
    Val out;
    out.tag = Tag::String;
    out.s = v;
    return out;
  }
  static Val of_date(fundrules::Date v) {
    Val out;
    out.tag = Tag::Date;
    out.i = v.days_since_epoch();
    return out;
  }
  static Val of_list(const ValueList* v) {
    Val out;
    out.tag = Tag::List;
    out.list = v;
    return out;
  }
  [[nodiscard]] bool is_error() const noexcept { return tag == Tag::Error; }
  [[nodiscard]] fundrules::Date date() const noexcept {
    return fundrules::Date::from_days(static_cast<std::int32_t>(i));
  }
};

/// A view of a Value as a Val (borrowing its string or list).
Val view_of(const Value& value);
/// A Value holding a copy of `val` (which must not be an error).
Value value_of(const Val& val);
/// What Program::truth() makes of a Val: kTrue, kFalse, or kOther for an error or a non-bool.
inline std::uint8_t truth_of(const Val& val) noexcept {
  if (val.tag != Tag::Bool) return Program::kOther;
  return val.b ? Program::kTrue : Program::kFalse;
}
/// Lower-case type name of a Val for messages.
std::string_view tag_name(Tag tag) noexcept;

/// Per-evaluation scratch: error messages and strings or lists built on the way. Reused across
/// the rows of a batch.
struct Ctx {
  const Table* table = nullptr;
  std::size_t row = 0;
  const Activation* activation = nullptr;
  std::vector<std::pair<EvalErrorKind, std::string>> errors;
  std::vector<std::unique_ptr<std::string>> strings;
  std::vector<std::unique_ptr<ValueList>> lists;

  /// Called before every evaluation of a row, and mostly there is nothing to clear.
  void reset() {
    if (!errors.empty() || !strings.empty() || !lists.empty()) clear();
  }
  // Out of line, so that reset() stays small enough to be inlined wherever it is called.
  [[gnu::noinline]] void clear() {
    errors.clear();
    strings.clear();
    lists.clear();
  }
  Val error(EvalErrorKind kind, std::string message) {
    errors.emplace_back(kind, std::move(message));
    Val out;
    out.tag = Tag::Error;
    out.i = static_cast<std::int64_t>(errors.size() - 1);
    return out;
  }
  /// An error whose message is written only if someone asks for it
  /// (CompiledProgram::describe): instruction `instr` raised it, and it alone says what
  /// happened. Reading an empty field is the common error of a roster, and most of those are
  /// absorbed by `&&` or `||`, so building their message on every row would be waste.
  static Val deferred(std::uint32_t instr) {
    Val out;
    out.tag = Tag::Error;
    out.i = -1 - static_cast<std::int64_t>(instr);
    return out;
  }
  std::string_view keep(std::string text) {
    strings.push_back(std::make_unique<std::string>(std::move(text)));
    return *strings.back();
  }
};

/// What an instruction does.
enum class Code : std::uint8_t {
  Const,        ///< const_vals[a]
  Field,        ///< column a of the row; names[b] for messages
  Param,        ///< params slot a; names[b]
  Variable,     ///< variables slot a; names[b]
  HasField,     ///< column a is not null
  HasParam,     ///< params slot a is not null
  HasVariable,  ///< variables slot a is not null
  Not,          ///< !a
  Negate,       ///< -a
  And,          ///< a && b
  Or,           ///< a || b
  Cond,         ///< a ? b : c
  Arith,        ///< a op b for + - * / %
  Compare,      ///< a op b for == != < <= > >=
  In,           ///< a in b
  InConst,      ///< a in const_lists[b] (a constant list)
  MakeList,     ///< [args...]
  Index,        ///< a[b]
  ToDecimal,    ///< a as a decimal (int -> decimal), for mixed-number branches
  Aggregate,    ///< Activation::aggregates slot a (group programs); names[b] for messages
  Call,         ///< fn(args...); for is_cn_id, c is 1 + the `today` variable slot (0: none)
  RefHas,       ///< key a in reference slot b; names[c] for messages
  RefGet,       ///< field c of the row of reference slot b with key a; names[first_arg];
                ///< arg_count 1 for a decimal field (an int column is widened)
  RefHasField,  ///< as RefGet, but whether there is exactly one such row and its field is set
};

/// One instruction. Children and operands are indexes into Program::code.
struct Instr {
  Code code = Code::Const;
  Op op = Op::None;
  Fn fn = Fn::None;
  std::uint32_t offset = 0;  ///< in the expression text, for messages
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  std::uint32_t first_arg = 0;  ///< into args
  std::uint32_t arg_count = 0;
};

/// One node of a program's batch plan: a loop that computes the truth (Program::kTrue, kFalse,
/// kOther) of an instruction for a whole range of rows at once. Shapes the plan does not know
/// become Walk nodes, which run the evaluator per row on their subtree.
struct KernelNode {
  enum class Kind : std::uint8_t {
    Walk,      ///< the evaluator on instruction `instr`, row by row
    Truth,     ///< a constant (instr is a Const)
    HasField,  ///< has(field)
    HasSlot,   ///< has(params.x) or has(variable)
    Not,       ///< !node a
    And,       ///< node a && node b
    Or,        ///< node a || node b
    Compare,   ///< instruction a op instruction b, each a field, constant, parameter or variable
    InConst,   ///< field (instruction a) in a constant list
    Validate,  ///< is_cn_id and the like on a field (instruction a)
  };
  Kind kind = Kind::Walk;
  /// Costly per row (a Walk or a validator below it): worth running only on the rows that
  /// decide the result, which `&&` and `||` work out from their left side.
  bool selective = false;
  std::uint32_t instr = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

struct KernelRun;

/// A compiled expression.
class CompiledProgram final : public Program {
 public:
  [[nodiscard]] Type result_type() const override { return type; }
  [[nodiscard]] const Reads& reads() const override { return read_set; }
  [[nodiscard]] EvalResult evaluate(const Table* table, std::size_t row,
                                    const Activation& activation) const override;
  void evaluate_batch(const Table& table, std::size_t begin, std::size_t end,
                      const Activation& activation, std::vector<EvalResult>& out) const override;
  void evaluate_truth(const Table& table, std::size_t begin, std::size_t end,
                      const Activation& activation, std::vector<std::uint8_t>& out) const override;
  void evaluate_truth_where(const Table& table, std::size_t begin, std::size_t end,
                            const Activation& activation, const std::vector<std::uint8_t>& select,
                            std::vector<std::uint8_t>& out) const override;
  [[nodiscard]] std::uint8_t truth(const Table& table, std::size_t row,
                                   const Activation& activation) const override;
  /// Whether the batch plan covers the whole program (no node walks the tree per row).
  [[nodiscard]] bool runs_as_kernel() const;

  /// Evaluates instruction `index` (the root is `root`).
  [[nodiscard]] Val eval(std::uint32_t index, Ctx& ctx) const;
  /// Turns the root's Val into an EvalResult.
  [[nodiscard]] EvalResult finish(const Val& val, Ctx& ctx) const;
  /// The kind and message of an error Val raised while evaluating this program with `ctx`.
  [[nodiscard]] std::pair<EvalErrorKind, std::string> describe(const Val& error,
                                                               const Ctx& ctx) const;
  /// Fills const_vals and const_lists from constants; call once after compiling.
  void freeze();

  std::vector<Instr> code;
  std::vector<std::uint32_t> args;
  std::vector<Value> constants;
  std::vector<Val> const_vals;
  std::vector<std::vector<Val>> const_lists;    ///< for InConst, by constant index of the list
  std::vector<std::uint32_t> const_list_index;  ///< constant index -> const_lists index
  std::vector<std::string> names;
  std::vector<Regex> regexes;  ///< constant patterns of matches(), compiled once
  std::uint32_t root = 0;
  Type type;
  Reads read_set;
  std::vector<KernelNode> kernel;  ///< the batch plan, built by freeze()
  std::uint32_t kernel_root = 0;
  /// Scratch rows the plan needs at most (two per `&&` or `||`, one for a selection).
  std::uint32_t kernel_scratch = 1;
  /// The strings of each constant list (by const_lists index): a string equals only these.
  std::vector<std::vector<std::string_view>> const_list_strings;

 private:
  /// Adds the plan of instruction `instr` (and its operands) to `kernel`; its node index.
  std::uint32_t plan(std::uint32_t instr);
  /// Writes the truth of kernel node `node` for the run's rows into `out`; where `need` is
  /// given, only rows whose byte is nonzero must be right.
  void run_kernel(std::uint32_t node, KernelRun& run, const std::uint8_t* need,
                  std::uint8_t* out) const;
  /// run_kernel() without looking for the node's truths among those shared with other programs.
  void run_node(std::uint32_t node, KernelRun& run, const std::uint8_t* need,
                std::uint8_t* out) const;
  void run_compare(const KernelNode& node, KernelRun& run, std::uint8_t* out) const;
  void run_in_const(const KernelNode& node, KernelRun& run, std::uint8_t* out) const;
  void run_validate(const KernelNode& node, KernelRun& run, const std::uint8_t* need,
                    std::uint8_t* out) const;
  /// eval() of an operand, reading a constant or a field without a further call of eval().
  [[nodiscard]] Val operand(std::uint32_t index, Ctx& ctx) const;
  [[nodiscard]] Val call(const Instr& instr, Ctx& ctx) const;
  [[nodiscard]] Val read_field(const Instr& instr, Ctx& ctx) const;
  [[nodiscard]] Val read_slot(const Instr& instr, Ctx& ctx) const;
  [[nodiscard]] Val reference(const Instr& instr, Ctx& ctx) const;
};

// Most operands are a field or a constant: read here, they cost no call of eval() (whose
// frame is large) and no second dispatch.
inline Val CompiledProgram::operand(std::uint32_t index, Ctx& ctx) const {
  const Instr& instr = code[index];
  if (instr.code == Code::Field) return read_field(instr, ctx);
  if (instr.code == Code::Const) return const_vals[instr.a];
  return eval(index, ctx);
}

/// Operators on Vals, shared by the evaluator and the builtins.
Val arith(Op op, const Val& a, const Val& b, Ctx& ctx);
/// a / b for decimals as `/` divides: 10 places half-even, trailing zeros dropped down to a's
/// places. b must not be zero.
fundrules::Decimal divide_decimal(const fundrules::Decimal& a, const fundrules::Decimal& b);
/// Equality as CEL sees it: numbers by value across int and decimal, other types unequal.
bool equal(const Val& a, const Val& b);
/// -1, 0, 1; `ok` false if the two are not ordered against each other.
int order(const Val& a, const Val& b, bool& ok);

/// Builds a program from a parsed tree, checking types; errors are appended to `errors`.
std::shared_ptr<const CompiledProgram> build_program(const Ast& ast, const Environment& env,
                                                     std::vector<ExprError>& errors);

}  // namespace fundrules::expr
