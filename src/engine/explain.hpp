#pragma once

// How a violation explains itself: the values the rule read, the parameters it used, its
// message with the placeholders filled in, and the reason when an expression gave no value.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "engine/context.hpp"
#include "expr/expr.hpp"
#include "fundrules/report.hpp"
#include "fundrules/table.hpp"

namespace fundrules::engine {

/// "金额 (amount)": the field's Chinese label and its name, or just the name.
std::string field_title(const FieldSpec& field);

/// The value of schema field `field` in `row`, as evidence.
ValueRead read_field(const Schema& schema, const Table& table, std::size_t field, std::size_t row);

/// The parameter in `slot` as used on the as-of date.
ParamUsed param_used(const EvalContext& context, std::size_t slot);

/// Fills a message template for `row`. Field placeholders show enum labels in the message's
/// language; personal data is filled in as it is (the report writers mask it, finding it
/// through the violation's values, so every personal field a message shows must be among
/// them: see placeholder_fields()); `{params.x}` shows the parameter, `{today}` the as-of date.
/// A placeholder that names nothing is left as written.
/// `named` holds further values by name (a group rule's aggregates: "sum_amount").
struct NamedValue {
  std::string name;
  bool missing = false;  ///< the value is null: the message says so in its language
  std::string text;      ///< Value::to_string() of the value, written once for every use
};
std::string fill_message(const std::vector<detail::MessagePart>& parts, const Table& table,
                         std::size_t row, const EvalContext& context, bool english,
                         const std::vector<NamedValue>* named = nullptr);

/// `parts` with each `{params.x}` placeholder replaced by the literal text fill_message() puts
/// there under `context` (adjacent literals joined), except placeholders named in `kept` (a
/// group rule's aggregate names, which fill_message() looks up first). Filling the result
/// gives the message that filling `parts` gives, with the parameters looked up and written
/// once for all the messages made under one context.
std::vector<detail::MessagePart> bind_params(const std::vector<detail::MessagePart>& parts,
                                             const EvalContext& context, bool english,
                                             const std::vector<std::string>& kept);

/// Schema indexes of the fields the templates' placeholders name, in first-use order.
std::vector<std::size_t> placeholder_fields(const Schema& schema,
                                            const std::vector<detail::MessagePart>& zh,
                                            const std::vector<detail::MessagePart>& en);

/// What `rule` looked up in reference tables for `row`, as evidence: the value of each
/// `refs.x[key].field` it reads ("null" and missing when there is no single row with the key),
/// and "true" or "false" for each `key in refs.x`. Personal fields keep their kind, so that
/// the writers mask them. Appended to `out`, each read once.
void read_references(const detail::CompiledRule& rule, const Table& table, std::size_t row,
                     const EvalContext& context, std::vector<ValueRead>& out);

/// Why an expression gave no value on `row`. A missing field is named by its label and name
/// ("金额 (amount) is missing") when the expression reads it and it is null in the row.
std::string describe_error(const expr::EvalResult& result,
                           const std::vector<std::size_t>& fields_read, const Table& table,
                           std::size_t row, const Schema& schema);

}  // namespace fundrules::engine
