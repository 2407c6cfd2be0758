#include <algorithm>

#include "expr/types.hpp"

namespace fundrules::expr {

std::string Type::to_string() const {
  if (dyn) {
    return "dyn";
  }
  if (kind != ValueType::List) {
    return std::string(type_name(kind));
  }
  if (element_dyn) {
    return "list";
  }
  return "list(" + std::string(type_name(element)) + ")";
}

void Environment::add_field(std::string name, Type type, std::size_t column_index) {
  bindings_.push_back({Binding::Kind::Field, std::move(name), type, column_index});
}

void Environment::add_param(std::string name, Type type, std::size_t slot) {
  bindings_.push_back({Binding::Kind::Param, std::move(name), type, slot});
}

void Environment::add_variable(std::string name, Type type, std::size_t slot) {
  bindings_.push_back({Binding::Kind::Variable, std::move(name), type, slot});
}

namespace {
const Environment::Binding* find_binding(const std::vector<Environment::Binding>& bindings,
                                         Environment::Binding::Kind kind, std::string_view name) {
  for (const auto& binding : bindings) {
    if (binding.kind == kind && binding.name == name) {
      return &binding;
    }
  }
  return nullptr;
}
}  // namespace

const Environment::Binding* Environment::find_field(std::string_view name) const {
  return find_binding(bindings_, Binding::Kind::Field, name);
}

const Environment::Binding* Environment::find_param(std::string_view name) const {
  return find_binding(bindings_, Binding::Kind::Param, name);
}

const Environment::Binding* Environment::find_variable(std::string_view name) const {
  return find_binding(bindings_, Binding::Kind::Variable, name);
}

bool comparable_for_equality(const Type& a, const Type& b) {
  if (a.dyn || b.dyn) {
    return true;
  }
  if (a.kind == ValueType::Null || b.kind == ValueType::Null) {
    return true;
  }
  if (is_numeric(a) && is_numeric(b)) {
    return true;
  }
  return a.kind == b.kind;
}

bool comparable_for_order(const Type& a, const Type& b) {
  if (a.dyn || b.dyn) {
    return true;
  }
  if (is_numeric(a) && is_numeric(b)) {
    return true;
  }
  if (a.kind != b.kind) {
    return false;
  }
  return a.kind == ValueType::String || a.kind == ValueType::Date || a.kind == ValueType::Bool;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace fundrules::expr
