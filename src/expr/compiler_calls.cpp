// Function calls, group aggregates and the entry points of the checker-compiler.

#include <algorithm>

#include "expr/compiler.hpp"
#include "expr/parser.hpp"

namespace fundrules::expr {
namespace detail {

std::shared_ptr<const CompiledProgram> Compiler::subprogram(NodeId id, Type& type) {
  auto program = std::make_shared<CompiledProgram>();
  const std::size_t errors_before = errors_.size();
  Compiler inner(ast_, env_, errors_, *program);
  inner.set_inside_aggregate();
  const Out root = inner.compile(id);
  type = root.type;
  if (errors_.size() != errors_before) {
    return nullptr;
  }
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
    if (count == 2) {
      filter_index = 1;
    }
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
  if (takes_value && !spec.argument) {
    return constant(node.offset, dyn_type());
  }
  if (filter_index < count && !spec.filter) {
    return constant(node.offset, dyn_type());
  }
  const std::string what = node.text + "() of " + value_type.to_string();
  switch (kind) {
    case AggregateKind::Sum:
    case AggregateKind::Avg:
      if (!may_be_numeric(value_type)) {
        return fail(node.offset, "no " + what + ": it needs numbers");
      }
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
      if (is(value_type, ValueType::List)) {
        return fail(node.offset, "no " + what);
      }
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

Out Compiler::call(NodeId id) {
  const Node& node = ast_.at(id);
  const FunctionInfo* info = find_function(node.text);
  if (info == nullptr) {
    std::vector<std::string> names;
    for (const auto name : function_names()) {
      names.emplace_back(name);
    }
    return fail(node.offset, "unknown function '" + node.text + "'" + suggestion(node.text, names));
  }
  if (info->kind == FunctionKind::Macro) {
    return has(node);
  }
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
      if (name == node.text) {
        return aggregate(id, kind);
      }
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
  if (!error.empty()) {
    return fail(node.offset, error);
  }
  Instr instr;
  instr.code = Code::Call;
  instr.fn = info->fn;
  instr.offset = node.offset;
  instr.first_arg = static_cast<std::uint32_t>(program_.args.size());
  instr.arg_count = static_cast<std::uint32_t>(args.size());
  for (const auto& arg : args) {
    program_.args.push_back(arg.instr);
  }
  if (info->fn == Fn::IsCnId) {
    if (const Binding* today = env_.find_variable("today")) {
      instr.c = static_cast<std::uint32_t>(today->index + 1);
      program_.read_set.variables.push_back(today->index);
    }
  }
  if (info->fn == Fn::Matches) {
    const Instr& pattern = program_.code[args[1].instr];
    if (pattern.code == Code::Const && program_.constants[pattern.a].type() == ValueType::String) {
      // A constant pattern is compiled here, once, so that a bad one is a load error.
      RegexError why;
      auto regex = Regex::compile(program_.constants[pattern.a].as_string(), why);
      if (!regex) {
        return fail(pattern.offset, "invalid regular expression: " + why.message + " (at byte " +
                                        std::to_string(why.offset) + " of the pattern)");
      }
      program_.regexes.push_back(std::move(*regex));
      instr.b = static_cast<std::uint32_t>(program_.regexes.size());
    }
  }
  return {emit(instr), type};
}

}  // namespace detail

using detail::Compiler;
using detail::Out;

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
  if (errors.size() != errors_before) {
    return nullptr;
  }
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
  if (!result.program) {
    result.aggregates.clear();
  }
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
