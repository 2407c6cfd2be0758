#pragma once

// Helpers over expr::Type shared by the checker and the compiler.

#include "expr/expr.hpp"

namespace fundrules::expr {

/// The static type of values of one kind.
inline Type type_of(ValueType kind) {
  Type type;
  type.kind = kind;
  return type;
}
/// A type not known until run time.
inline Type dyn_type() {
  Type type;
  type.dyn = true;
  return type;
}
/// list(element), or list(dyn) when element_dyn.
inline Type list_type(ValueType element, bool element_dyn) {
  Type type;
  type.kind = ValueType::List;
  type.element = element;
  type.element_dyn = element_dyn;
  return type;
}

inline bool is(const Type& type, ValueType kind) { return !type.dyn && type.kind == kind; }
inline bool is_numeric(const Type& type) {
  return !type.dyn && (type.kind == ValueType::Int || type.kind == ValueType::Decimal);
}
/// True if a value of `type` may be of `kind` at run time (dyn may be anything).
inline bool may_be(const Type& type, ValueType kind) { return type.dyn || type.kind == kind; }
inline bool may_be_numeric(const Type& type) {
  return type.dyn || type.kind == ValueType::Int || type.kind == ValueType::Decimal;
}
/// The element type of a list type (dyn for list(dyn) or dyn).
inline Type element_of(const Type& list) {
  if (list.dyn || list.kind != ValueType::List || list.element_dyn) {
    return dyn_type();
  }
  return type_of(list.element);
}
/// True if values of the two types can ever be equal: same kind, int with decimal, null with
/// anything, or dyn.
bool comparable_for_equality(const Type& a, const Type& b);
/// True if `<` is defined between the two types: numbers, strings, dates, bools.
bool comparable_for_order(const Type& a, const Type& b);
/// Edit distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace fundrules::expr
