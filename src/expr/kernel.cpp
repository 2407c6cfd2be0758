// The batch plan of a program: the shapes rules are mostly made of (a field compared with a
// constant or a parameter, `in` a constant list, has(), validators on a field, and `!`, `&&`,
// `||` of those) run as loops over a range of rows, reading the typed columns directly and
// writing one truth byte per row. Whatever the plan does not know is evaluated per row by the
// evaluator, so the plan only ever speeds up, never changes, what a program says: each loop
// follows the evaluator's rules (int and decimal compare by value, an empty field is an error
// that `&&` and `||` may absorb, a type mismatch is an error or unequal as the evaluator has it).

#include <algorithm>
#include <array>
#include <cstring>

#include "core/decimal_impl.hpp"
#include "core/validators.hpp"
#include "expr/program.hpp"
#include "expr/same_text.hpp"
#include "expr/shared_truths.hpp"

namespace fundrules::expr {

/// What a run of the plan works on.
struct KernelRun {
  KernelRun(const CompiledProgram& program, const Table& on, std::size_t first, std::size_t last,
            const Activation& activation, std::uint32_t scratch_rows)
      : table(on), begin(first), end(last) {
    ctx.table = &on;
    ctx.activation = &activation;
    // One buffer per thread, grown to the largest run seen: a run allocates nothing once the
    // thread has seen a batch of its size, which matters most for one record at a time.
    thread_local std::vector<std::uint8_t> buffer;
    const std::size_t bytes = std::max<std::size_t>(1, size()) * scratch_rows;
    if (buffer.size() < bytes) buffer.resize(bytes);
    scratch = buffer.data();
    if (activation.shared != nullptr) {
      const SharedTruths::Binding binding = activation.shared->bind(program, on, first, last);
      if (binding.slots != nullptr) {
        shared = activation.shared;
        slots = binding.slots;
        chunk = binding.chunk;
      }
    }
  }
  const Table& table;
  std::size_t begin;
  std::size_t end;
  Ctx ctx;
  std::uint8_t* scratch = nullptr;
  std::size_t taken = 0;  ///< scratch rows in use
  /// The truths shared with other programs, and the slot of each plan node (null: none).
  SharedTruths* shared = nullptr;
  const std::vector<std::uint32_t>* slots = nullptr;
  std::size_t chunk = 0;
  [[nodiscard]] std::size_t size() const noexcept { return end - begin; }
  /// A scratch row of size() bytes, until release().
  std::uint8_t* take() { return scratch + size() * taken++; }
  void release(std::size_t rows) { taken -= rows; }
  /// Column `index` of the table, or nullptr if the table has none (a field not in the data).
  [[nodiscard]] const Column* column(std::uint32_t index) const {
    return index < table.num_columns() ? &table.column(index) : nullptr;
  }
};

namespace {

using Kind = KernelNode::Kind;
constexpr std::uint8_t kFalse = Program::kFalse;
constexpr std::uint8_t kTrue = Program::kTrue;
constexpr std::uint8_t kOther = Program::kOther;

bool is_scalar(Code code) noexcept {
  return code == Code::Const || code == Code::Param || code == Code::Variable;
}

bool is_validator(Fn fn) noexcept {
  return fn == Fn::IsCnId || fn == Fn::IsBankCard || fn == Fn::IsCnMobile || fn == Fn::IsUscc;
}

// The cell as the evaluator reads it; false for an empty cell or a column of no scalar type
// (both errors to the evaluator).
bool cell(const Column& column, std::size_t row, Val& out) {
  if (column.is_null(row)) return false;
  switch (column.type()) {
    case ValueType::Bool:
      out = Val::of_bool(column.bool_at(row));
      return true;
    case ValueType::Int:
      out = Val::of_int(column.int_at(row));
      return true;
    case ValueType::Decimal:
      out = Val::of_decimal(column.decimal_at(row));
      return true;
    case ValueType::String:
      out = Val::of_string(column.string_at(row));
      return true;
    case ValueType::Date:
      out = Val::of_date(column.date_at(row));
      return true;
    default:
      return false;
  }
}

// Whether a three-way comparison result `c` satisfies `op`.
bool holds(Op op, int c) noexcept {
  switch (op) {
    case Op::Eq:
      return c == 0;
    case Op::Ne:
      return c != 0;
    case Op::Lt:
      return c < 0;
    case Op::Le:
      return c <= 0;
    case Op::Gt:
      return c > 0;
    default:
      return c >= 0;
  }
}

std::uint8_t of_bool(bool b) noexcept { return b ? kTrue : kFalse; }

// The Compare instruction's truth on two values, exactly as the evaluator computes it.
std::uint8_t compare_truth(Op op, const Val& lhs, const Val& rhs) {
  if (op == Op::Eq) return of_bool(equal(lhs, rhs));
  if (op == Op::Ne) return of_bool(!equal(lhs, rhs));
  bool ok = true;
  const int c = order(lhs, rhs, ok);
  return ok ? of_bool(holds(op, c)) : kOther;
}

template <typename Less>
int three_way(const Less& a, const Less& b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// The comparison loops below write one code per row and no truth: kBelow, kSame or kAbove for
// the three-way result, kNoValue for an empty cell. One pass through the op's table then turns
// codes into truth bytes, so that no loop tests the op row by row.
constexpr std::uint8_t kBelow = 0;
constexpr std::uint8_t kSame = 1;
constexpr std::uint8_t kAbove = 2;
constexpr std::uint8_t kNoValue = 3;

std::uint8_t code_of(int c) noexcept {
  return static_cast<std::uint8_t>(c < 0 ? kBelow : (c > 0 ? kAbove : kSame));
}

// Codes to truth bytes for `op`: an empty cell is an error to the evaluator, so kOther.
void codes_to_truth(Op op, std::uint8_t* out, std::size_t n) {
  std::array<std::uint8_t, 4> table{};
  for (std::uint8_t code = kBelow; code <= kAbove; ++code) {
    table[code] = of_bool(holds(op, static_cast<int>(code) - 1));
  }
  table[kNoValue] = kOther;
  for (std::size_t i = 0; i < n; ++i) out[i] = table[out[i]];
}

// A decimal constant as the coefficient it has at each scale it can be compared at directly:
// a cell of scale s (at least the constant's) compares its 64-bit coefficient with at[s].
struct ScaledConstant {
  explicit ScaledConstant(const fundrules::Decimal& value) {
    usable.fill(false);
    if (!decimal_detail::fits_int64(value.raw_high(), value.raw_low())) return;
    const auto coefficient = static_cast<std::int64_t>(value.raw_low());
    for (int scale = value.scale(); scale <= fundrules::Decimal::kMaxScale; ++scale) {
      std::int64_t scaled = 0;
      if (decimal_detail::mul_overflows(coefficient, decimal_detail::kPow10[scale - value.scale()],
                                        scaled)) {
        break;
      }
      at[scale] = scaled;
      usable[scale] = true;
    }
  }
  std::array<std::int64_t, fundrules::Decimal::kMaxScale + 1> at{};
  std::array<bool, fundrules::Decimal::kMaxScale + 1> usable{};
};

// One side of a comparison: a column, or a value fixed for the whole run.
struct Side {
  const Column* column = nullptr;
  Val scalar;
  bool missing = false;  ///< an error on every row (no such column, a parameter with no value)
};

}  // namespace

std::uint32_t CompiledProgram::plan(std::uint32_t index) {
  const Instr& instr = code[index];
  KernelNode node;
  node.instr = index;
  const auto is_field = [this](std::uint32_t i) { return code[i].code == Code::Field; };
  const auto operand = [&](std::uint32_t i) { return is_field(i) || is_scalar(code[i].code); };
  switch (instr.code) {
    case Code::Const:
      node.kind = Kind::Truth;
      break;
    case Code::HasField:
      node.kind = Kind::HasField;
      break;
    case Code::HasParam:
    case Code::HasVariable:
      node.kind = Kind::HasSlot;
      break;
    case Code::Not:
      node.kind = Kind::Not;
      node.a = plan(instr.a);
      node.selective = kernel[node.a].selective;
      break;
    case Code::And:
    case Code::Or:
      node.kind = instr.code == Code::And ? Kind::And : Kind::Or;
      node.a = plan(instr.a);
      node.b = plan(instr.b);
      node.selective = kernel[node.a].selective || kernel[node.b].selective;
      kernel_scratch += 2;
      break;
    case Code::Compare:
      if (operand(instr.a) && operand(instr.b) && (is_field(instr.a) || is_field(instr.b))) {
        node.kind = Kind::Compare;
        node.a = instr.a;
        node.b = instr.b;
      }
      break;
    case Code::InConst:
      if (is_field(instr.a)) {
        node.kind = Kind::InConst;
        node.a = instr.a;
      }
      break;
    case Code::Call:
      if (is_validator(instr.fn) && instr.arg_count == 1 && is_field(args[instr.first_arg])) {
        node.kind = Kind::Validate;
        node.a = args[instr.first_arg];
        node.selective = true;
      }
      break;
    default:
      break;
  }
  if (node.kind == Kind::Walk) node.selective = true;
  kernel.push_back(node);
  return static_cast<std::uint32_t>(kernel.size() - 1);
}

bool CompiledProgram::runs_as_kernel() const {
  return !kernel.empty() && std::none_of(kernel.begin(), kernel.end(),
                                         [](const KernelNode& n) { return n.kind == Kind::Walk; });
}

void CompiledProgram::run_kernel(std::uint32_t index, KernelRun& run, const std::uint8_t* need,
                                 std::uint8_t* out) const {
  const std::uint32_t slot = run.slots == nullptr ? SharedPlan::kNoSlot : (*run.slots)[index];
  if (slot == SharedPlan::kNoSlot) {
    run_node(index, run, need, out);
    return;
  }
  // A node another program shares: the first run on a chunk computes it for the others.
  // While another run is computing it, this one computes its own copy rather than wait.
  if (run.shared->fetch(slot, run.chunk, out, run.size())) return;
  const bool mine = run.shared->claim(slot, run.chunk);
  run_node(index, run, need, out);
  if (mine) run.shared->publish(slot, run.chunk, out, run.size());
}

void CompiledProgram::run_node(std::uint32_t index, KernelRun& run, const std::uint8_t* need,
                               std::uint8_t* out) const {
  const KernelNode& node = kernel[index];
  const Instr& instr = code[node.instr];
  const std::size_t n = run.size();
  switch (node.kind) {
    case Kind::Truth:
      std::fill(out, out + n, truth_of(const_vals[instr.a]));
      return;
    case Kind::HasField: {
      const Column* column = run.column(instr.a);
      if (column == nullptr) {
        std::fill(out, out + n, kFalse);
        return;
      }
      for (std::size_t i = 0; i < n; ++i) out[i] = of_bool(!column->is_null(run.begin + i));
      return;
    }
    case Kind::HasSlot: {
      const std::vector<Value>* slots =
          instr.code == Code::HasParam ? run.ctx.activation->params : run.ctx.activation->variables;
      const bool present =
          slots != nullptr && instr.a < slots->size() && !(*slots)[instr.a].is_null();
      std::fill(out, out + n, of_bool(present));
      return;
    }
    case Kind::Not:
      run_kernel(node.a, run, need, out);
      for (std::size_t i = 0; i < n; ++i) {
        out[i] = out[i] == kOther ? kOther : static_cast<std::uint8_t>(kTrue - out[i]);
      }
      return;
    case Kind::And:
    case Kind::Or: {
      // The absorbing value on either side decides; otherwise both sides must be bools of the
      // other value, and anything else (an error, a non-bool) is kOther, as the evaluator has it.
      const std::uint8_t absorbing = node.kind == Kind::And ? kFalse : kTrue;
      const std::uint8_t other = kTrue - absorbing;
      run_kernel(node.a, run, need, out);
      std::uint8_t* rhs = run.take();
      std::uint8_t* mask = nullptr;
      if (kernel[node.b].selective) {
        // The right side matters only where the left one did not decide.
        mask = run.take();
        for (std::size_t i = 0; i < n; ++i) {
          mask[i] = (need == nullptr || need[i] != 0) && out[i] != absorbing;
        }
      }
      run_kernel(node.b, run, mask, rhs);
      run.release(mask == nullptr ? 1 : 2);
      std::array<std::uint8_t, 9> table{};
      for (std::uint8_t l = 0; l < 3; ++l) {
        for (std::uint8_t r = 0; r < 3; ++r) {
          table[l * 3u + r] = l == absorbing || r == absorbing
                                  ? absorbing
                                  : (l == other && r == other ? other : kOther);
        }
      }
      for (std::size_t i = 0; i < n; ++i) out[i] = table[out[i] * 3u + rhs[i]];
      return;
    }
    case Kind::Compare:
      run_compare(node, run, out);
      return;
    case Kind::InConst:
      run_in_const(node, run, out);
      return;
    case Kind::Validate:
      run_validate(node, run, need, out);
      return;
    case Kind::Walk:
      for (std::size_t i = 0; i < n; ++i) {
        if (need != nullptr && need[i] == 0) {
          out[i] = kFalse;  // unused, but a truth byte all the same
          continue;
        }
        run.ctx.row = run.begin + i;
        out[i] = truth_of(eval(node.instr, run.ctx));
        run.ctx.reset();
      }
      return;
  }
}

void CompiledProgram::run_compare(const KernelNode& node, KernelRun& run, std::uint8_t* out) const {
  const Op op = code[node.instr].op;
  const std::size_t n = run.size();
  const auto side_of = [&](std::uint32_t i) {
    Side side;
    const Instr& operand = code[i];
    if (operand.code == Code::Field) {
      side.column = run.column(operand.a);
      side.missing = side.column == nullptr;
    } else {
      side.scalar = eval(i, run.ctx);
      side.missing = side.scalar.is_error();
    }
    return side;
  };
  const Side lhs = side_of(node.a);
  const Side rhs = side_of(node.b);
  run.ctx.reset();
  if (lhs.missing || rhs.missing) {
    std::fill(out, out + n, kOther);
    return;
  }
  const std::size_t begin = run.begin;
  // The common shapes: a column on the left, a value on the right, of types that compare
  // directly; two text columns. Every other pairing goes through equal() and order() cell by
  // cell.
  if (lhs.column != nullptr && rhs.column == nullptr) {
    const Column& column = *lhs.column;
    const Val& k = rhs.scalar;
    const ValueType column_type = column.type();
    if (column_type == ValueType::String && k.tag == Tag::String) {
      if (op == Op::Eq || op == Op::Ne) {
        // Equality needs no order: unequal text is coded kBelow, which Eq and Ne read alike.
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t row = begin + i;
          out[i] = column.is_null(row) ? kNoValue
                                       : (same_text(column.string_at(row), k.s) ? kSame : kBelow);
        }
      } else {
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t row = begin + i;
          out[i] = column.is_null(row) ? kNoValue : code_of(three_way(column.string_at(row), k.s));
        }
      }
      codes_to_truth(op, out, n);
      return;
    }
    if (column_type == ValueType::Decimal && (k.tag == Tag::Decimal || k.tag == Tag::Int)) {
      const fundrules::Decimal value = k.tag == Tag::Decimal ? k.d : fundrules::Decimal(k.i);
      const ScaledConstant scaled(value);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = begin + i;
        if (column.is_null(row)) {
          out[i] = kNoValue;
          continue;
        }
        const fundrules::Decimal& cell = column.decimal_at(row);
        const int scale = cell.scale();
        if (scaled.usable[scale] && decimal_detail::fits_int64(cell.raw_high(), cell.raw_low())) {
          out[i] = code_of(three_way(static_cast<std::int64_t>(cell.raw_low()), scaled.at[scale]));
        } else {
          out[i] = code_of(cell.compare(value));
        }
      }
      codes_to_truth(op, out, n);
      return;
    }
    if ((column_type == ValueType::Int && k.tag == Tag::Int) ||
        (column_type == ValueType::Date && k.tag == Tag::Date)) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = begin + i;
        out[i] = column.is_null(row) ? kNoValue : code_of(three_way(column.int_at(row), k.i));
      }
      codes_to_truth(op, out, n);
      return;
    }
  }
  if (lhs.column != nullptr && rhs.column != nullptr && (op == Op::Eq || op == Op::Ne) &&
      lhs.column->type() == ValueType::String && rhs.column->type() == ValueType::String) {
    // Two text columns (a signer and a name): equal only with the same bytes.
    const Column& left = *lhs.column;
    const Column& right = *rhs.column;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = begin + i;
      out[i] = left.is_null(row) || right.is_null(row)
                   ? kNoValue
                   : (same_text(left.string_at(row), right.string_at(row)) ? kSame : kBelow);
    }
    codes_to_truth(op, out, n);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t row = begin + i;
    Val l = lhs.scalar;
    Val r = rhs.scalar;
    if ((lhs.column != nullptr && !cell(*lhs.column, row, l)) ||
        (rhs.column != nullptr && !cell(*rhs.column, row, r))) {
      out[i] = kOther;
      continue;
    }
    out[i] = compare_truth(op, l, r);
  }
}

void CompiledProgram::run_in_const(const KernelNode& node, KernelRun& run,
                                   std::uint8_t* out) const {
  const std::size_t n = run.size();
  const Column* column = run.column(code[node.a].a);
  if (column == nullptr) {
    std::fill(out, out + n, kOther);
    return;
  }
  const std::uint32_t list = const_list_index[code[node.instr].b];
  const std::vector<Val>& items = const_lists[list];
  if (column->type() == ValueType::String) {
    // A string equals only a string of the same bytes.
    const std::vector<std::string_view>& strings = const_list_strings[list];
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t row = run.begin + i;
      if (column->is_null(row)) {
        out[i] = kOther;
        continue;
      }
      const std::string_view text = column->string_at(row);
      out[i] = of_bool(std::any_of(strings.begin(), strings.end(), [text](std::string_view item) {
        return same_text(text, item);
      }));
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Val needle;
    if (!cell(*column, run.begin + i, needle)) {
      out[i] = kOther;
      continue;
    }
    out[i] = of_bool(std::any_of(items.begin(), items.end(),
                                 [&needle](const Val& item) { return equal(needle, item); }));
  }
}

void CompiledProgram::run_validate(const KernelNode& node, KernelRun& run, const std::uint8_t* need,
                                   std::uint8_t* out) const {
  const std::size_t n = run.size();
  const Instr& call = code[node.instr];
  const Column* column = run.column(code[node.a].a);
  // An empty cell is a missing-field error and a non-string one has no overload: both kOther.
  if (column == nullptr || column->type() != ValueType::String) {
    std::fill(out, out + n, kOther);
    return;
  }
  fundrules::Date today;
  if (call.fn == Fn::IsCnId) {
    // As the evaluator picks it: the `today` variable if it holds a date, else the clock.
    const std::vector<Value>* variables = run.ctx.activation->variables;
    if (call.c > 0 && variables != nullptr && call.c - 1 < variables->size() &&
        (*variables)[call.c - 1].type() == ValueType::Date) {
      today = (*variables)[call.c - 1].as_date();
    } else {
      today = fundrules::Date::today();
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (need != nullptr && need[i] == 0) {
      out[i] = kFalse;  // unused, but a truth byte all the same
      continue;
    }
    const std::size_t row = run.begin + i;
    if (column->is_null(row)) {
      out[i] = kOther;
      continue;
    }
    const std::string_view text = column->string_at(row);
    bool valid = false;
    switch (call.fn) {
      case Fn::IsCnId:
        valid = validators::is_cn_id(text, today);
        break;
      case Fn::IsBankCard:
        valid = validators::is_bank_card(text);
        break;
      case Fn::IsCnMobile:
        valid = validators::is_cn_mobile(text);
        break;
      default:
        valid = validators::is_uscc(text);
        break;
    }
    out[i] = of_bool(valid);
  }
}

void CompiledProgram::evaluate_truth(const Table& table, std::size_t begin, std::size_t end,
                                     const Activation& activation,
                                     std::vector<std::uint8_t>& out) const {
  out.resize(end - begin);
  if (kernel.empty()) {
    Program::evaluate_truth(table, begin, end, activation, out);
    return;
  }
  KernelRun run(*this, table, begin, end, activation, kernel_scratch);
  run_kernel(kernel_root, run, nullptr, out.data());
}

void CompiledProgram::evaluate_truth_where(const Table& table, std::size_t begin, std::size_t end,
                                           const Activation& activation,
                                           const std::vector<std::uint8_t>& select,
                                           std::vector<std::uint8_t>& out) const {
  if (kernel.empty()) {
    Program::evaluate_truth_where(table, begin, end, activation, select, out);
    return;
  }
  if (!kernel[kernel_root].selective) {
    // Every row costs little: the unselected ones are computed too rather than masked.
    evaluate_truth(table, begin, end, activation, out);
    return;
  }
  out.resize(end - begin);
  KernelRun run(*this, table, begin, end, activation, kernel_scratch);
  std::uint8_t* need = run.take();
  for (std::size_t i = 0; i < run.size(); ++i) need[i] = select[i] == kTrue;
  run_kernel(kernel_root, run, need, out.data());
}

}  // namespace fundrules::expr
