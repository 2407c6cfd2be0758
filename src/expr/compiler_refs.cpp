// Checking and compiling reads of reference tables: `key in refs.x` (membership) and
// `refs.x[key].field` (lookup), with has() guards. The key must have the type of the table's
// key field; a table or field the ruleset does not declare is an error with a suggestion.

#include <algorithm>

#include "expr/compiler.hpp"

namespace fundrules::expr::detail {

bool Compiler::is_refs_select(const Node& node) const {
  if (node.kind != NodeKind::Select) return false;
  const Node& base = ast_.at(node.children[0]);
  return base.kind == NodeKind::Ident && base.text == "refs" && env_.find_field("refs") == nullptr;
}

const Environment::Reference* Compiler::reference_of(const Node& node) const {
  return is_refs_select(node) ? env_.find_reference(node.text) : nullptr;
}

Out Compiler::reference_misuse(const Node& node, const std::string& what) {
  const Node* table = &node;
  if (node.kind == NodeKind::Index) table = &ast_.at(node.children[0]);
  if (is_refs_select(*table) && reference_of(*table) == nullptr) {
    std::vector<std::string> names;
    for (const auto& reference : env_.references()) names.push_back("refs." + reference.name);
    const std::string wanted = "refs." + table->text;
    if (names.empty()) {
      // No table can be read here: the ruleset declares none, or the expression is a summary
      // column or a form fill, which read the list alone. Say both, since this compiler
      // cannot tell which.
      return fail(table->offset, "unknown reference table '" + wanted +
                                     "': none can be read here (rules read the tables a "
                                     "ruleset declares under references:; summaries and form "
                                     "fills cannot read them)");
    }
    return fail(table->offset,
                "unknown reference table '" + wanted + "'" + suggestion(wanted, names));
  }
  return fail(node.offset, what);
}

bool Compiler::reference_key(const Environment::Reference& reference, NodeId key,
                             std::uint32_t offset, Out& out) {
  const std::size_t errors_before = errors_.size();
  out = compile(key);
  if (errors_.size() != errors_before) return false;
  if (out.type.dyn || reference.key_type.dyn || out.type.kind == reference.key_type.kind) {
    return true;
  }
  fail(offset, "refs." + reference.name + " is keyed by " + reference.key_field + ", a " +
                   reference.key_type.to_string() + "; the key given is a " + out.type.to_string());
  return false;
}

void Compiler::record_reference_read(const Environment::Reference& reference, std::size_t field,
                                     NodeId key, std::string text) {
  // The key compiled once more on its own, for explanations; its errors were reported by the
  // inline compilation already, so they are dropped here.
  auto program = std::make_shared<CompiledProgram>();
  std::vector<ExprError> ignored;
  Compiler inner(ast_, env_, ignored, *program);
  const Out root = inner.compile(key);
  ReferenceRead read;
  read.reference = reference.slot;
  read.field = field;
  read.text = std::move(text);
  if (ignored.empty()) {
    program->root = root.instr;
    program->type = root.type;
    program->freeze();
    read.key = std::move(program);
  }
  program_.read_set.references.push_back(std::move(read));
}

Out Compiler::reference_membership(const Node& node, const Node& table, const Out& lhs) {
  const Environment::Reference* reference = reference_of(table);
  if (reference == nullptr) return reference_misuse(table, "");
  if (!lhs.type.dyn && !reference->key_type.dyn && lhs.type.kind != reference->key_type.kind) {
    return fail(node.offset, "'in' looks for a " + lhs.type.to_string() + " in refs." +
                                 reference->name + ", which is keyed by " + reference->key_field +
                                 ", a " + reference->key_type.to_string());
  }
  Instr instr;
  instr.code = Code::RefHas;
  instr.offset = node.offset;
  instr.a = lhs.instr;
  instr.b = static_cast<std::uint32_t>(reference->slot);
  instr.c = name_index(ast_.to_string(node.children[0]) + " in refs." + reference->name);
  record_reference_read(*reference, ReferenceRead::kNoField, node.children[0],
                        program_.names[instr.c]);
  return {emit(instr), type_of(ValueType::Bool)};
}

Out Compiler::reference_presence(const Node& index) {
  const Node& table = ast_.at(index.children[0]);
  const Environment::Reference* reference = reference_of(table);
  if (reference == nullptr) return reference_misuse(index, "");
  Out key;
  if (!reference_key(*reference, index.children[1], index.offset, key)) {
    return constant(index.offset, dyn_type());
  }
  const std::string text = ast_.to_string(index.children[1]) + " in refs." + reference->name;
  Instr instr;
  instr.code = Code::RefHas;
  instr.offset = index.offset;
  instr.a = key.instr;
  instr.b = static_cast<std::uint32_t>(reference->slot);
  instr.c = name_index(text);
  record_reference_read(*reference, ReferenceRead::kNoField, index.children[1], text);
  return {emit(instr), type_of(ValueType::Bool)};
}

Out Compiler::reference_lookup(const Node& lookup, bool presence) {
  const Node& index = ast_.at(lookup.children[0]);
  const Node& table = ast_.at(index.children[0]);
  const Environment::Reference* reference = reference_of(table);
  if (reference == nullptr) return reference_misuse(index, "");
  const auto& fields = reference->fields;
  const auto found = std::find_if(fields.begin(), fields.end(),
                                  [&](const auto& field) { return field.first == lookup.text; });
  if (found == fields.end()) {
    std::vector<std::string> names;
    for (const auto& field : fields) names.push_back(field.first);
    std::string hint = suggestion(lookup.text, names);
    // A field name cut short ("filed" for "filed_on") is further than a typing mistake.
    for (const auto& name : names) {
      if (hint.empty() && name.rfind(lookup.text, 0) == 0) hint = "; did you mean '" + name + "'?";
    }
    return fail(lookup.offset,
                "refs." + reference->name + " has no field '" + lookup.text + "'" + hint);
  }
  Out key;
  if (!reference_key(*reference, index.children[1], index.offset, key)) {
    return constant(lookup.offset, dyn_type());
  }
  const auto field = static_cast<std::size_t>(found - fields.begin());
  const std::string text =
      "refs." + reference->name + "[" + ast_.to_string(index.children[1]) + "]." + lookup.text;
  Instr instr;
  instr.code = presence ? Code::RefHasField : Code::RefGet;
  instr.offset = lookup.offset;
  instr.a = key.instr;
  instr.b = static_cast<std::uint32_t>(reference->slot);
  instr.c = static_cast<std::uint32_t>(field);
  instr.first_arg = name_index(text);
  instr.arg_count = is(found->second, ValueType::Decimal) ? 1 : 0;
  record_reference_read(*reference, field, index.children[1], text);
  return {emit(instr), presence ? type_of(ValueType::Bool) : found->second};
}

}  // namespace fundrules::expr::detail
