// Type checking and code generation in one walk over the syntax tree: names, literals,
// operators and lists. Every problem is collected; a subexpression that failed to check gets
// the type dyn, which silences the messages that would only repeat it.

#include <algorithm>

#include "expr/compiler.hpp"

namespace fundrules::expr::detail {

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
      return constant(node.offset, type_of(ValueType::Bool), node.bool_value);
    case NodeKind::Int:
      return constant(node.offset, type_of(ValueType::Int), node.int_value);
    case NodeKind::Decimal: {
      std::string reason;
      const auto value = fundrules::Decimal::try_parse(node.text, &reason);
      if (!value) {
        return fail(node.offset, "decimal literal " + node.text + ": " + reason);
      }
      return constant(node.offset, type_of(ValueType::Decimal), *value);
    }
    case NodeKind::String:
      return constant(node.offset, type_of(ValueType::String), node.text);
    default:
      return constant(node.offset, type_of(ValueType::Null));
  }
}

const Binding* Compiler::resolve(const Node& node) const {
  if (node.kind == NodeKind::Ident) {
    if (const Binding* field = env_.find_field(node.text)) {
      return field;
    }
    return env_.find_variable(node.text);
  }
  if (node.kind == NodeKind::Select) {
    const Node& base = ast_.at(node.children[0]);
    if (base.kind != NodeKind::Ident || env_.find_field(base.text) != nullptr) {
      return nullptr;
    }
    if (base.text == "params") {
      return env_.find_param(node.text);
    }
    if (base.text == "row") {
      return env_.find_field(node.text);
    }
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
  if (const Binding* bound = resolve(node)) {
    return binding(*bound, node.offset, false);
  }
  if (node.text == "params") {
    return fail(node.offset, "'params' must be followed by a parameter name, e.g. params.cap");
  }
  if (node.text == "refs") {
    return fail(node.offset,
                "'refs' must be followed by a reference table: key in refs.NAME or "
                "refs.NAME[key].field");
  }
  return fail(node.offset,
              "unknown name '" + node.text + "'" + suggestion(node.text, known_names()));
}

Out Compiler::select(const Node& node) {
  if (const Binding* bound = resolve(node)) {
    return binding(*bound, node.offset, false);
  }
  const Node& base = ast_.at(node.children[0]);
  if (is_refs_select(node)) {
    return reference_misuse(node, "refs." + node.text + " is a table: use it as key in refs." +
                                      node.text + " or refs." + node.text + "[key].field");
  }
  if (base.kind == NodeKind::Index && is_refs_select(ast_.at(base.children[0]))) {
    return reference_lookup(node, false);
  }
  if (base.kind == NodeKind::Ident && env_.find_field(base.text) == nullptr) {
    if (base.text == "params") {
      std::vector<std::string> params;
      for (const auto& bound : env_.bindings()) {
        if (bound.kind == Binding::Kind::Param) {
          params.push_back("params." + bound.name);
        }
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
  if (target.type.dyn) {
    return {target.instr, dyn_type()};
  }
  return fail(node.offset, "a " + target.type.to_string() + " has no field '" + node.text +
                               "' (only params.<name> and row.<field> select by name)");
}

Out Compiler::has(const Node& node) {
  const std::size_t first = node.receiver_style ? 1 : 0;
  if (node.children.size() != first + 1 || node.receiver_style) {
    return fail(node.offset, "has() takes one field name, e.g. has(bank_card)");
  }
  const Node& arg = ast_.at(node.children[first]);
  // has(refs.x[key].field) and has(refs.x[key]) guard a lookup.
  if (arg.kind == NodeKind::Select && ast_.at(arg.children[0]).kind == NodeKind::Index &&
      is_refs_select(ast_.at(ast_.at(arg.children[0]).children[0]))) {
    return reference_lookup(arg, true);
  }
  if (arg.kind == NodeKind::Index && is_refs_select(ast_.at(arg.children[0]))) {
    return reference_presence(arg);
  }
  if (arg.kind != NodeKind::Ident && arg.kind != NodeKind::Select) {
    return fail(ast_.start(node.children[first]),
                "has() takes a field or parameter name, e.g. has(bank_card)");
  }
  if (const Binding* bound = resolve(arg)) {
    return binding(*bound, node.offset, true);
  }
  const Out checked = compile(node.children[first]);  // reports the unknown name
  (void)checked;
  return constant(node.offset, dyn_type());
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
    return constant(node.offset, type, std::move(values));
  }
  Instr instr;
  instr.code = Code::MakeList;
  instr.offset = node.offset;
  instr.first_arg = static_cast<std::uint32_t>(program_.args.size());
  instr.arg_count = static_cast<std::uint32_t>(items.size());
  for (const auto& item : items) {
    program_.args.push_back(item.instr);
  }
  return {emit(instr), type};
}

Out Compiler::index(const Node& node) {
  if (const Node& table = ast_.at(node.children[0]); is_refs_select(table)) {
    return reference_misuse(node, "refs." + table.text +
                                      "[key] is a row: name the field to read, as in refs." +
                                      table.text + "[key].field");
  }
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
      if (node.op == Op::Ne) {
        return present;
      }
      Instr negation;
      negation.code = Code::Not;
      negation.offset = node.offset;
      negation.a = present.instr;
      return {emit(negation), type_of(ValueType::Bool)};
    }
  }
  const Out lhs = compile(node.children[0]);
  if (node.op == Op::In) {
    return membership(node, lhs);
  }
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

Out Compiler::membership(const Node& node, const Out& lhs) {
  if (const Node& right = ast_.at(node.children[1]); is_refs_select(right)) {
    return reference_membership(node, right, lhs);
  }
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

}  // namespace fundrules::expr::detail
