// Type checking and code generation in one walk over the syntax tree. Every problem is
// collected; a subexpression that failed to check gets the type dyn, which silences the
// messages that would only repeat it.

#include <algorithm>

#include "expr/parser.hpp"
#include "expr/program.hpp"
#include "expr/types.hpp"

namespace fundrules::expr {

namespace {

using Binding = Environment::Binding;

/// A compiled subexpression: its root instruction and static type.
struct Out {
  std::uint32_t instr = 0;
  Type type;
};

class Compiler {
 public:
  Compiler(const Ast& ast, const Environment& env, std::vector<ExprError>& errors,
           CompiledProgram& program)
      : ast_(ast), env_(env), errors_(errors), program_(program) {}

  /// Compiles a group expression: aggregate calls become AggregateSpecs appended to
  /// `aggregates`, and fields outside them must be among `key_columns`.
  void set_group(const std::vector<std::size_t>* key_columns,
                 std::vector<AggregateSpec>* aggregates) {
    key_columns_ = key_columns;
    aggregates_ = aggregates;
  }
  /// Marks a compiler of an aggregate's argument, where aggregates cannot nest.
  void set_inside_aggregate() { inside_aggregate_ = true; }

  Out compile(NodeId id);

 private:
  Out literal(const Node& node);
  Out name(const Node& node);
  Out select(const Node& node);
  Out binding(const Binding& binding, std::uint32_t offset, bool presence);
  Out call(NodeId id);
  Out has(const Node& node);
  Out unary(const Node& node);
  Out binary(const Node& node);
  Out conditional(const Node& node);
  Out list(const Node& node);
  Out index(const Node& node);
  Out arithmetic(const Node& node, const Out& lhs, const Out& rhs);
  Out aggregate(NodeId id, AggregateKind kind);
  /// Compiles the subtree `id` as a program of its own (an aggregate's per-row argument).
  std::shared_ptr<const CompiledProgram> subprogram(NodeId id, Type& type);
  Out membership(const Node& node, const Out& lhs);

  /// The binding a name or `params.x` / `row.x` node refers to, or nullptr (without errors).
  const Binding* resolve(const Node& node) const;
  std::uint32_t emit(Instr instr) {
    program_.code.push_back(instr);
    return static_cast<std::uint32_t>(program_.code.size() - 1);
  }
  Out constant(Value value, std::uint32_t offset, Type type) {
    program_.constants.push_back(std::move(value));
    Instr instr;
    instr.code = Code::Const;
    instr.offset = offset;
    instr.a = static_cast<std::uint32_t>(program_.constants.size() - 1);
    return {emit(instr), type};
  }
  Out fail(std::uint32_t offset, std::string message) {
    errors_.push_back({offset, std::move(message)});
    return constant(Value(), offset, dyn_type());
  }
  std::uint32_t name_index(const std::string& name) {
    program_.names.push_back(name);
    return static_cast<std::uint32_t>(program_.names.size() - 1);
  }
  std::string suggestion(std::string_view wanted, const std::vector<std::string>& candidates) const;
  std::vector<std::string> known_names() const;

  const Ast& ast_;
  const Environment& env_;
  std::vector<ExprError>& errors_;
  CompiledProgram& program_;
  const std::vector<std::size_t>* key_columns_ = nullptr;
  std::vector<AggregateSpec>* aggregates_ = nullptr;
  bool inside_aggregate_ = false;
};

Out Compiler::compile(NodeId id) {
  const Node& node = ast_.at(id);
  switch (node.kind) {
    case NodeKind::Null:
    case NodeKind::Bool:
    case NodeKind::Int:
    case NodeKind::Decimal:
    case NodeKind::String:
      return literal(node);
    case NodeKind::Ident:
      return name(node);
    case NodeKind::Select:
      return select(node);
    case NodeKind::Call:
      return call(id);
    case NodeKind::Index:
      return index(node);
    case NodeKind::List:
      return list(node);
    case NodeKind::Unary:
      return unary(node);
    case NodeKind::Binary:
      return binary(node);
    case NodeKind::Conditional:
      return conditional(node);
  }
  return fail(node.offset, "unsupported expression");
}

Out Compiler::literal(const Node& node) {
  switch (node.kind) {
    case NodeKind::Bool:
      return constant(Value(node.bool_value), node.offset, type_of(ValueType::Bool));
    case NodeKind::Int:
      return constant(Value(node.int_value), node.offset, type_of(ValueType::Int));
    case NodeKind::Decimal: {
      std::string reason;
      const auto value = fundrules::Decimal::try_parse(node.text, &reason);
      if (!value) return fail(node.offset, "decimal literal " + node.text + ": " + reason);
      return constant(Value(*value), node.offset, type_of(ValueType::Decimal));
    }
    case NodeKind::String:
      return constant(Value(node.text), node.offset, type_of(ValueType::String));
    default:
      return constant(Value(), node.offset, type_of(ValueType::Null));
  }
}

const Binding* Compiler::resolve(const Node& node) const {
  if (node.kind == NodeKind::Ident) {
    if (const Binding* field = env_.find_field(node.text)) return field;
    return env_.find_variable(node.text);
  }
  if (node.kind == NodeKind::Select) {
    const Node& base = ast_.at(node.children[0]);
    if (base.kind != NodeKind::Ident || env_.find_field(base.text) != nullptr) return nullptr;
    if (base.text == "params") return env_.find_param(node.text);
    if (base.text == "row") return env_.find_field(node.text);
  }
  return nullptr;
}

Out Compiler::binding(const Binding& bound, std::uint32_t offset, bool presence) {
  Instr instr;
  instr.offset = offset;
  instr.a = static_cast<std::uint32_t>(bound.index);
  std::string shown = bound.name;
  if (aggregates_ != nullptr && bound.kind == Binding::Kind::Field &&
      std::find(key_columns_->begin(), key_columns_->end(), bound.index) == key_columns_->end()) {
    return fail(offset, "'" + bound.name +
                            "' differs from row to row in a group: use it inside an aggregate "
                            "such as sum(" +
                            bound.name + ") or count_distinct(" + bound.name + ")");
  }
  switch (bound.kind) {
    case Binding::Kind::Field:
      instr.code = presence ? Code::HasField : Code::Field;
      program_.read_set.fields.push_back(bound.index);
      break;
    case Binding::Kind::Param:
      instr.code = presence ? Code::HasParam : Code::Param;
      program_.read_set.params.push_back(bound.index);
      shown = "params." + bound.name;
      break;
    case Binding::Kind::Variable:
      instr.code = presence ? Code::HasVariable : Code::Variable;
      program_.read_set.variables.push_back(bound.index);
      break;
  }
  instr.b = name_index(shown);
  return {emit(instr), presence ? type_of(ValueType::Bool) : bound.type};
}

std::vector<std::string> Compiler::known_names() const {
  std::vector<std::string> names;
  for (const auto& bound : env_.bindings()) {
    names.push_back(bound.kind == Binding::Kind::Param ? "params." + bound.name : bound.name);
  }
  return names;
}

std::string Compiler::suggestion(std::string_view wanted,
                                 const std::vector<std::string>& candidates) const {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, wanted.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    std::string_view compared = candidate;
    // "min_household" is close to "params.min_household" when the prefix was forgotten.
    if (compared.rfind("params.", 0) == 0 && wanted.rfind("params.", 0) != 0) {
      compared.remove_prefix(7);
    }
    const std::size_t distance = edit_distance(wanted, compared);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

Out Compiler::name(const Node& node) {
  if (const Binding* bound = resolve(node)) return binding(*bound, node.offset, false);
  if (node.text == "params") {
    return fail(node.offset, "'params' must be followed by a parameter name, e.g. params.cap");
  }
  return fail(node.offset,
              "unknown name '" + node.text + "'" + suggestion(node.text, known_names()));
}

Out Compiler::select(const Node& node) {
  if (const Binding* bound = resolve(node)) return binding(*bound, node.offset, false);
  const Node& base = ast_.at(node.children[0]);
  if (base.kind == NodeKind::Ident && env_.find_field(base.text) == nullptr) {
    if (base.text == "params") {
      std::vector<std::string> params;
      for (const auto& bound : env_.bindings()) {
        if (bound.kind == Binding::Kind::Param) params.push_back("params." + bound.name);
      }
      const std::string full = "params." + node.text;
      return fail(node.offset, "unknown parameter '" + full + "'" + suggestion(full, params));
    }
    if (base.text == "row") {
      return fail(node.offset,
                  "unknown field '" + node.text + "'" + suggestion(node.text, known_names()));
    }
  }
  const Out target = compile(node.children[0]);
  if (target.type.dyn) return {target.instr, dyn_type()};
  return fail(node.offset, "a " + target.type.to_string() + " has no field '" + node.text +
                               "' (only params.<name> and row.<field> select by name)");
}

Out Compiler::has(const Node& node) {
  const std::size_t first = node.receiver_style ? 1 : 0;
  if (node.children.size() != first + 1 || node.receiver_style) {
    return fail(node.offset, "has() takes one field name, e.g. has(bank_card)");
  }
  const Node& arg = ast_.at(node.children[first]);
  if (arg.kind != NodeKind::Ident && arg.kind != NodeKind::Select) {
    return fail(ast_.start(node.children[first]),
                "has() takes a field or parameter name, e.g. has(bank_card)");
  }
  if (const Binding* bound = resolve(arg)) return binding(*bound, node.offset, true);
  const Out checked = compile(node.children[first]);  // reports the unknown name
  (void)checked;
  return constant(Value(), node.offset, dyn_type());
}

Out Compiler::unary(const Node& node) {
  const Out operand = compile(node.children[0]);
  Instr instr;
  instr.offset = node.offset;
  instr.a = operand.instr;
  if (node.op == Op::Not) {
    if (!may_be(operand.type, ValueType::Bool)) {
      return fail(node.offset, "'!' needs a bool, not " + operand.type.to_string());
    }
    instr.code = Code::Not;
    return {emit(instr), type_of(ValueType::Bool)};
  }
  if (!may_be_numeric(operand.type)) {
    return fail(node.offset, "'-' needs a number, not " + operand.type.to_string());
  }
  instr.code = Code::Negate;
  return {emit(instr), operand.type};
}

Out Compiler::conditional(const Node& node) {
  const Out condition = compile(node.children[0]);
  Out then_branch = compile(node.children[1]);
  Out else_branch = compile(node.children[2]);
  if (!may_be(condition.type, ValueType::Bool)) {
    fail(ast_.start(node.children[0]),
         "the condition of '?:' must be a bool, not " + condition.type.to_string());
  }
  Type type = then_branch.type;
  const auto widen = [&](Out& branch) {
    Instr instr;
    instr.code = Code::ToDecimal;
    instr.offset = node.offset;
    instr.a = branch.instr;
    branch.instr = emit(instr);
  };
  if (then_branch.type.dyn || else_branch.type.dyn) {
    type = dyn_type();
  } else if (is_numeric(then_branch.type) && is_numeric(else_branch.type) &&
             then_branch.type.kind != else_branch.type.kind) {
    // Mixed int and decimal branches give a decimal either way.
    widen(then_branch.type.kind == ValueType::Int ? then_branch : else_branch);
    type = type_of(ValueType::Decimal);
  } else if (is(then_branch.type, ValueType::Null)) {
    type = else_branch.type;
  } else if (!is(else_branch.type, ValueType::Null) &&
             then_branch.type.to_string() != else_branch.type.to_string()) {
    return fail(node.offset,
                "the branches of '?:' have different types: " + then_branch.type.to_string() +
                    " and " + else_branch.type.to_string());
  }
  Instr instr;
  instr.code = Code::Cond;
  instr.offset = node.offset;
  instr.a = condition.instr;
  instr.b = then_branch.instr;
  instr.c = else_branch.instr;
  return {emit(instr), type};
}

Out Compiler::list(const Node& node) {
  std::vector<Out> items;
  bool all_constant = true;
  for (const NodeId child : node.children) {
    items.push_back(compile(child));
    all_constant = all_constant && program_.code[items.back().instr].code == Code::Const &&
                   !items.back().type.dyn;
  }
  bool same = !items.empty();
  for (const auto& item : items) {
    same = same && !item.type.dyn && item.type.to_string() == items[0].type.to_string() &&
           item.type.kind != ValueType::List;
  }
  const Type type = same ? list_type(items[0].type.kind, false) : list_type(ValueType::Null, true);
  if (all_constant) {
    ValueList values;
    for (const auto& item : items) {
      values.push_back(program_.constants[program_.code[item.instr].a]);
    }
    return constant(Value(std::move(values)), node.offset, type);
  }
  Instr instr;
  instr.code = Code::MakeList;
  instr.offset = node.offset;
  instr.first_arg = static_cast<std::uint32_t>(program_.args.size());
  instr.arg_count = static_cast<std::uint32_t>(items.size());
  for (const auto& item : items) program_.args.push_back(item.instr);
  return {emit(instr), type};
}

Out Compiler::index(const Node& node) {
  const Out target = compile(node.children[0]);
  const Out position = compile(node.children[1]);
  if (!may_be(target.type, ValueType::List)) {
    return fail(node.offset, "only a list can be indexed, not " + target.type.to_string());
  }
  if (!may_be(position.type, ValueType::Int)) {
    return fail(node.offset, "a list index must be an int, not " + position.type.to_string());
  }
  Instr instr;
  instr.code = Code::Index;
  instr.offset = node.offset;
  instr.a = target.instr;
  instr.b = position.instr;
  return {emit(instr), element_of(target.type)};
}

}  // namespace

namespace {

bool is_null_literal(const Node& node) { return node.kind == NodeKind::Null; }

}  // namespace

Out Compiler::binary(const Node& node) {
  const Node& left = ast_.at(node.children[0]);
  const Node& right = ast_.at(node.children[1]);
  // `field == null` asks whether the field is empty; reading it would be a MissingField error.
  if ((node.op == Op::Eq || node.op == Op::Ne) &&
      (is_null_literal(left) || is_null_literal(right))) {
    const Node& other = is_null_literal(left) ? right : left;
    if (const Binding* bound = resolve(other)) {
      Out present = binding(*bound, other.offset, true);
      if (node.op == Op::Ne) return present;
      Instr negation;
      negation.code = Code::Not;
      negation.offset = node.offset;
      negation.a = present.instr;
      return {emit(negation), type_of(ValueType::Bool)};
    }
  }
  const Out lhs = compile(node.children[0]);
  if (node.op == Op::In) return membership(node, lhs);
  const Out rhs = compile(node.children[1]);
  Instr instr;
  instr.offset = node.offset;
  instr.op = node.op;
  instr.a = lhs.instr;
  instr.b = rhs.instr;
  const std::string op = op_text(node.op);
  const Type boolean = type_of(ValueType::Bool);
  switch (node.op) {
    case Op::And:
    case Op::Or:
      for (const Out* side : {&lhs, &rhs}) {
        if (!may_be(side->type, ValueType::Bool)) {
          return fail(node.offset, "'" + op + "' needs bools, not " + side->type.to_string());
        }
      }
      instr.code = node.op == Op::And ? Code::And : Code::Or;
      return {emit(instr), boolean};
    case Op::Eq:
    case Op::Ne:
      if (!comparable_for_equality(lhs.type, rhs.type)) {
        return fail(node.offset, "'" + op + "' compares " + lhs.type.to_string() + " with " +
                                     rhs.type.to_string() + ", which are never equal");
      }
      instr.code = Code::Compare;
      return {emit(instr), boolean};
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
      if (!comparable_for_order(lhs.type, rhs.type)) {
        return fail(node.offset, "cannot compare " + lhs.type.to_string() + " with " +
                                     rhs.type.to_string() + " using '" + op + "'");
      }
      instr.code = Code::Compare;
      return {emit(instr), boolean};
    default:
      return arithmetic(node, lhs, rhs);
  }
}

Out Compiler::arithmetic(const Node& node, const Out& lhs, const Out& rhs) {
  Instr instr;
  instr.code = Code::Arith;
  instr.offset = node.offset;
  instr.op = node.op;
  instr.a = lhs.instr;
  instr.b = rhs.instr;
  const Type& a = lhs.type;
  const Type& b = rhs.type;
  Type type = dyn_type();
  bool ok = true;
  if (a.dyn || b.dyn) {
    ok = true;
  } else if (is_numeric(a) && is_numeric(b)) {
    const bool both_int = a.kind == ValueType::Int && b.kind == ValueType::Int;
    type = type_of(both_int ? ValueType::Int : ValueType::Decimal);
  } else if (node.op == Op::Add && a.kind == b.kind &&
             (a.kind == ValueType::String || a.kind == ValueType::List)) {
    type = a.kind == ValueType::String
               ? a
               : (a.to_string() == b.to_string() ? a : list_type(ValueType::Null, true));
  } else if ((node.op == Op::Add || node.op == Op::Sub) && a.kind == ValueType::Date &&
             b.kind == ValueType::Int) {
    type = a;  // date ± days
  } else if (node.op == Op::Add && a.kind == ValueType::Int && b.kind == ValueType::Date) {
    type = b;
  } else if (node.op == Op::Sub && a.kind == ValueType::Date && b.kind == ValueType::Date) {
    type = type_of(ValueType::Int);  // days between
  } else {
    ok = false;
  }
  if (!ok) {
    return fail(node.offset, std::string("no '") + op_text(node.op) + "' for " + a.to_string() +
                                 " and " + b.to_string());
  }
  return {emit(instr), type};
}

std::shared_ptr<const CompiledProgram> Compiler::subprogram(NodeId id, Type& type) {
  auto program = std::make_shared<CompiledProgram>();
  const std::size_t errors_before = errors_.size();
  Compiler inner(ast_, env_, errors_, *program);
  inner.set_inside_aggregate();
  const Out root = inner.compile(id);
  type = root.type;
  if (errors_.size() != errors_before) return nullptr;
  program->root = root.instr;
  program->type = root.type;
  program->freeze();
  return program;
}

Out Compiler::aggregate(NodeId id, AggregateKind kind) {
  const Node& node = ast_.at(id);
  const auto count = node.children.size();
  // count() takes only a filter; any() and all() one condition; the others a value and an
  // optional filter, except min() and max(), whose two-argument form is the scalar one.
  const bool takes_value = kind != AggregateKind::Count;
  const bool takes_filter = kind == AggregateKind::Sum || kind == AggregateKind::Avg ||
                            kind == AggregateKind::CountDistinct;
  const std::size_t max_args = takes_filter ? 2 : 1;
  const std::size_t min_args = kind == AggregateKind::Count ? 0 : 1;
  if (count < min_args || count > max_args) {
    return fail(node.offset, node.text + "() in a group rule takes " +
                                 (min_args == max_args ? std::to_string(min_args)
                                                       : std::to_string(min_args) + " or " +
                                                             std::to_string(max_args)) +
                                 " argument" + (max_args == 1 && min_args == 1 ? "" : "s") +
                                 ", not " + std::to_string(count));
  }
  AggregateSpec spec;
  spec.kind = kind;
  spec.offset = node.offset;
  spec.text = ast_.to_string(id);
  spec.name = node.text;
  Type value_type = type_of(ValueType::Int);
  std::size_t filter_index = count;  // none
  if (takes_value) {
    const Node& argument = ast_.at(node.children[0]);
    spec.argument = subprogram(node.children[0], value_type);
    if (argument.kind == NodeKind::Ident || argument.kind == NodeKind::Select) {
      spec.name = node.text == "count_distinct" ? "count_" + argument.text
                                                : node.text + "_" + argument.text;
    }
    if (count == 2) filter_index = 1;
  } else if (count == 1) {
    filter_index = 0;
  }
  if (filter_index < count) {
    Type filter_type;
    spec.filter = subprogram(node.children[filter_index], filter_type);
    if (spec.filter && !may_be(filter_type, ValueType::Bool)) {
      return fail(ast_.start(node.children[filter_index]),
                  node.text + "(): the condition must be a bool, not " + filter_type.to_string());
    }
  }
  if (takes_value && !spec.argument) return constant(Value(), node.offset, dyn_type());
  if (filter_index < count && !spec.filter) return constant(Value(), node.offset, dyn_type());
  const std::string what = node.text + "() of " + value_type.to_string();
  switch (kind) {
    case AggregateKind::Sum:
    case AggregateKind::Avg:
      if (!may_be_numeric(value_type))
        return fail(node.offset, "no " + what + ": it needs numbers");
      spec.result_type = kind == AggregateKind::Avg ? type_of(ValueType::Decimal) : value_type;
      break;
    case AggregateKind::Min:
    case AggregateKind::Max:
      if (!value_type.dyn && !is_numeric(value_type) && !is(value_type, ValueType::String) &&
          !is(value_type, ValueType::Date)) {
        return fail(node.offset, "no " + what + ": it needs numbers, strings or dates");
      }
      spec.result_type = value_type;
      break;
    case AggregateKind::CountDistinct:
      if (is(value_type, ValueType::List)) return fail(node.offset, "no " + what);
      spec.result_type = type_of(ValueType::Int);
      break;
    case AggregateKind::Count:
      spec.result_type = type_of(ValueType::Int);
      break;
    case AggregateKind::Any:
    case AggregateKind::All:
      if (!may_be(value_type, ValueType::Bool)) {
        return fail(node.offset, "no " + what + ": it needs a condition");
      }
      spec.result_type = type_of(ValueType::Bool);
      break;
  }
  const Type result = spec.result_type;
  aggregates_->push_back(std::move(spec));
  Instr instr;
  instr.code = Code::Aggregate;
  instr.offset = node.offset;
  instr.a = static_cast<std::uint32_t>(aggregates_->size() - 1);
  instr.b = name_index(aggregates_->back().text);
  return {emit(instr), result};
}

Out Compiler::membership(const Node& node, const Out& lhs) {
  const Out rhs = compile(node.children[1]);
  if (!may_be(rhs.type, ValueType::List)) {
    return fail(node.offset, "'in' needs a list on its right, not " + rhs.type.to_string());
  }
  if (!comparable_for_equality(lhs.type, element_of(rhs.type))) {
    return fail(node.offset, "'in' looks for a " + lhs.type.to_string() + " in a " +
                                 rhs.type.to_string() + ", where it can never be");
  }
  Instr instr;
  instr.offset = node.offset;
  instr.a = lhs.instr;
  const Instr& list = program_.code[rhs.instr];
  if (list.code == Code::Const) {
    instr.code = Code::InConst;
    instr.b = list.a;  // the constant list
  } else {
    instr.code = Code::In;
    instr.b = rhs.instr;
  }
  return {emit(instr), type_of(ValueType::Bool)};
}

Out Compiler::call(NodeId id) {
  const Node& node = ast_.at(id);
  const FunctionInfo* info = find_function(node.text);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const auto name : function_names()) names.emplace_back(name);
    return fail(node.offset, "unknown function '" + node.text + "'" + suggestion(node.text, names));
  }
  if (info->kind == FunctionKind::Macro) return has(node);
  if (info->kind == FunctionKind::Aggregate ||
      (aggregates_ != nullptr && (info->fn == Fn::Min || info->fn == Fn::Max) &&
       node.children.size() == 1)) {
    if (inside_aggregate_) {
      return fail(node.offset, "aggregates cannot be nested: '" + node.text + "' inside another");
    }
    if (aggregates_ == nullptr) {
      return fail(node.offset,
                  "'" + node.text + "' folds a group of rows; it is only allowed in group rules");
    }
    static const std::pair<std::string_view, AggregateKind> kKinds[] = {
        {"sum", AggregateKind::Sum},
        {"count", AggregateKind::Count},
        {"count_distinct", AggregateKind::CountDistinct},
        {"min", AggregateKind::Min},
        {"max", AggregateKind::Max},
        {"avg", AggregateKind::Avg},
        {"any", AggregateKind::Any},
        {"all", AggregateKind::All}};
    for (const auto& [name, kind] : kKinds) {
      if (name == node.text) return aggregate(id, kind);
    }
  }
  const auto count = static_cast<int>(node.children.size());
  if (count < info->min_args || (info->max_args >= 0 && count > info->max_args)) {
    std::string expected = std::to_string(info->min_args);
    if (info->max_args < 0) {
      expected += " or more";
    } else if (info->max_args != info->min_args) {
      expected += " or " + std::to_string(info->max_args);
    }
    return fail(node.offset, node.text + "() takes " + expected + " argument" +
                                 (expected == "1" ? "" : "s") + ", not " + std::to_string(count));
  }
  std::vector<Out> args;
  std::vector<Type> types;
  for (const NodeId child : node.children) {
    args.push_back(compile(child));
    types.push_back(args.back().type);
  }
  std::string error;
  const Type type = check_call(info->fn, types, error);
  if (!error.empty()) return fail(node.offset, error);
  Instr instr;
  instr.code = Code::Call;
  instr.fn = info->fn;
  instr.offset = node.offset;
  instr.first_arg = static_cast<std::uint32_t>(program_.args.size());
  instr.arg_count = static_cast<std::uint32_t>(args.size());
  for (const auto& arg : args) program_.args.push_back(arg.instr);
  if (info->fn == Fn::IsCnId) {
    if (const Binding* today = env_.find_variable("today")) {
      instr.c = static_cast<std::uint32_t>(today->index + 1);
      program_.read_set.variables.push_back(today->index);
    }
  }
  if (info->fn == Fn::Matches) {
    const Instr& pattern = program_.code[args[1].instr];
    if (pattern.code == Code::Const && program_.constants[pattern.a].type() == ValueType::String) {
      try {
        program_.regexes.emplace_back(program_.constants[pattern.a].as_string(),
                                      std::regex::ECMAScript);
        instr.b = static_cast<std::uint32_t>(program_.regexes.size());
      } catch (const std::regex_error& e) {
        return fail(pattern.offset, std::string("invalid regular expression: ") + e.what());
      }
    }
  }
  return {emit(instr), type};
}

namespace {

void sort_unique(std::vector<std::size_t>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

}  // namespace

namespace {

std::shared_ptr<const CompiledProgram> finish_program(Compiler& compiler, const Ast& ast,
                                                      std::shared_ptr<CompiledProgram> program,
                                                      std::vector<ExprError>& errors) {
  const std::size_t errors_before = errors.size();
  const Out root = compiler.compile(ast.root);
  if (errors.size() != errors_before) return nullptr;
  program->root = root.instr;
  program->type = root.type;
  sort_unique(program->read_set.fields);
  sort_unique(program->read_set.params);
  sort_unique(program->read_set.variables);
  program->freeze();
  return program;
}

void sort_errors(std::vector<ExprError>& errors) {
  std::stable_sort(errors.begin(), errors.end(),
                   [](const ExprError& a, const ExprError& b) { return a.offset < b.offset; });
}

}  // namespace

std::shared_ptr<const CompiledProgram> build_program(const Ast& ast, const Environment& env,
                                                     std::vector<ExprError>& errors) {
  auto program = std::make_shared<CompiledProgram>();
  Compiler compiler(ast, env, errors, *program);
  return finish_program(compiler, ast, program, errors);
}

GroupCompileResult compile_group(std::string_view text, const Environment& env,
                                 const std::vector<std::size_t>& key_columns,
                                 const Limits& limits) {
  GroupCompileResult result;
  ParseResult parsed = parse(text, limits);
  if (!parsed.ok()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  auto program = std::make_shared<CompiledProgram>();
  Compiler compiler(parsed.ast, env, result.errors, *program);
  compiler.set_group(&key_columns, &result.aggregates);
  result.program = finish_program(compiler, parsed.ast, program, result.errors);
  if (!result.program) result.aggregates.clear();
  sort_errors(result.errors);
  return result;
}

CompileResult compile(std::string_view text, const Environment& env, const Limits& limits) {
  CompileResult result;
  ParseResult parsed = parse(text, limits);
  if (!parsed.ok()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  result.program = build_program(parsed.ast, env, result.errors);
  sort_errors(result.errors);
  return result;
}

}  // namespace fundrules::expr
