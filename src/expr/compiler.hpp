#pragma once

// The checker-compiler's internal interface: one walk over the syntax tree that checks types
// and emits instructions. compiler.cpp holds names, literals and operators; compiler_calls.cpp
// holds function calls, aggregates and the entry points.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "expr/ast.hpp"
#include "expr/expr.hpp"
#include "expr/program.hpp"
#include "expr/types.hpp"

namespace fundrules::expr::detail {

/// A name the environment binds.
using Binding = Environment::Binding;

/// A compiled subexpression: its root instruction and static type.
struct Out {
  std::uint32_t instr = 0;
  Type type;
};

/// Checks and compiles one syntax tree (or one subtree) into a CompiledProgram.
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

  // Reference tables (compiler_refs.cpp).
  /// The reference `refs.<name>` names, when `node` is such a select; nullptr otherwise.
  const Environment::Reference* reference_of(const Node& node) const;
  /// True when `node` is `refs.<name>` (known or not).
  bool is_refs_select(const Node& node) const;
  /// `lhs in refs.x`.
  Out reference_membership(const Node& node, const Node& table, const Out& lhs);
  /// `refs.x[key].field` (`lookup` is the select node), or its presence for has().
  Out reference_lookup(const Node& lookup, bool presence);
  /// has(refs.x[key]): membership of the key.
  Out reference_presence(const Node& index);
  /// Compiles a key and checks its type against the reference's key.
  bool reference_key(const Environment::Reference& reference, NodeId key, std::uint32_t offset,
                     Out& out);
  /// Records what a reference read, for explanations and for skipping rules.
  void record_reference_read(const Environment::Reference& reference, std::size_t field, NodeId key,
                             std::string text);
  /// The message for `refs.x` used as a value, or `refs.x[key]` without a field.
  Out reference_misuse(const Node& node, const std::string& what);

  /// The binding a name or `params.x` / `row.x` node refers to, or nullptr (without errors).
  const Binding* resolve(const Node& node) const;
  std::uint32_t emit(Instr instr) {
    program_.code.push_back(instr);
    return static_cast<std::uint32_t>(program_.code.size() - 1);
  }
  // The constant is built in place from `args` (none: null). Building a Value first and moving
  // it in made GCC 12 warn, wrongly, of uninitialized variant storage at every call.
  template <class... Args>
  Out constant(std::uint32_t offset, Type type, Args&&... args) {
    program_.constants.emplace_back(std::forward<Args>(args)...);
    Instr instr;
    instr.code = Code::Const;
    instr.offset = offset;
    instr.a = static_cast<std::uint32_t>(program_.constants.size() - 1);
    return {emit(instr), type};
  }
  Out fail(std::uint32_t offset, std::string message) {
    errors_.push_back({offset, std::move(message)});
    return constant(offset, dyn_type());
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

}  // namespace fundrules::expr::detail
