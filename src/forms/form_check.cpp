// Checking a filled form: every identity within its tolerance, every figure of a sensible kind
// (counts whole and not negative), each failure explained with the figures it rests on.

#include <algorithm>

#include "forms/units.hpp"
#include "fundrules/forms.hpp"

namespace fundrules {

namespace {

std::size_t row_index(const FormInfo& form, const std::string& code) {
  for (std::size_t r = 0; r < form.rows.size(); ++r) {
    if (form.rows[r].code == code) return r;
  }
  throw Error("form " + form.id + " has no row " + code);
}

// One side of an identity: its figures in the identity's unit, and their sum.
struct Side {
  std::vector<Decimal> values;
  Decimal sum;
};

Side add_up(const FormInfo& form, const FilledForm& filled, const std::vector<std::string>& codes,
            const forms::Unit& unit, std::vector<std::string>& blank) {
  Side side;
  for (const std::string& code : codes) {
    const std::size_t r = row_index(form, code);
    const FormEntry* entry = filled.find(code);
    const std::optional<Decimal> value = entry ? entry->value : std::nullopt;
    if (!value) blank.push_back(code);
    // The loader let only rows of one kind into an identity, so the conversion is exact.
    const forms::Unit own = forms::parse_unit(form.rows[r].unit).value_or(unit);
    const Decimal figure = value ? forms::convert(*value, own, unit) : Decimal();
    side.values.push_back(figure);
    side.sum += figure;
  }
  return side;
}

std::string join(const std::vector<Decimal>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += " + ";
    text += values[i].to_string();
  }
  if (values.size() > 1) {
    Decimal sum;
    for (const Decimal& value : values) sum += value;
    text += " = " + sum.to_string();
  }
  return text;
}

bool within(const Decimal& left, const std::string& relation, const Decimal& right,
            const Decimal& tolerance) {
  if (relation == "<=") return left <= right + tolerance;
  if (relation == ">=") return left + tolerance >= right;
  return (left - right).abs() <= tolerance;
}

IdentityCheck check_identity(const FormInfo& form, const FormIdentityInfo& identity,
                             const FilledForm& filled) {
  IdentityCheck out;
  out.identity = &identity;
  const forms::Unit unit = forms::parse_unit(identity.unit).value_or(forms::Unit{});
  const Side left = add_up(form, filled, identity.left, unit, out.blank);
  const Side right = add_up(form, filled, identity.right, unit, out.blank);
  out.left = left.sum;
  out.right = right.sum;
  out.holds = within(left.sum, identity.relation, right.sum, identity.tolerance);

  const std::string shown_relation = identity.relation == "="    ? "="
                                     : identity.relation == "<=" ? "≤"
                                                                 : "≥";
  const std::string broken_relation = identity.relation == "="    ? "≠"
                                      : identity.relation == "<=" ? ">"
                                                                  : "<";
  const std::string relation = out.holds ? shown_relation : broken_relation;
  const std::string figures = join(left.values) + " " + relation + " " + join(right.values);
  out.explanation_zh = figures;
  out.explanation_en = figures;
  const Decimal difference = (left.sum - right.sum).abs();
  if (!out.holds) {
    out.explanation_zh += "，相差 " + difference.to_string() + " " + identity.unit;
    out.explanation_en += ", a difference of " + difference.to_string() + " " + identity.unit;
  } else if (!difference.is_zero() && identity.relation == "=") {
    out.explanation_zh += "（相差 " + difference.to_string() + "，在允许误差内）";
    out.explanation_en += " (off by " + difference.to_string() + ", within the tolerance)";
  }
  if (!identity.tolerance.is_zero()) {
    out.explanation_zh += "；允许误差 " + identity.tolerance.to_string() + " " + identity.unit;
    out.explanation_en += "; tolerance " + identity.tolerance.to_string() + " " + identity.unit;
  }
  if (!out.blank.empty()) {
    std::string list;
    for (const auto& code : out.blank) list += (list.empty() ? "" : ", ") + code;
    out.explanation_zh += "；空白按 0 计：" + list;
    out.explanation_en += "; blank, taken as 0: " + list;
  }
  return out;
}

void check_rows(const FormInfo& form, const FilledForm& filled, FormCheck& out) {
  for (const FormEntry& entry : filled.rows) {
    const auto& value = entry.value;
    if (!value) continue;
    const FormRowInfo& row = form.rows[row_index(form, entry.code)];
    const forms::Unit unit = forms::parse_unit(row.unit).value_or(forms::Unit{});
    if (value->sign() < 0) {
      out.row_problems.push_back({row.code, row.label_zh + "为负数：" + value->to_string(),
                                  row.label_en + " is negative: " + value->to_string()});
    } else if (unit.is_count() && !value->is_integer()) {
      out.row_problems.push_back(
          {row.code, row.label_zh + "以" + row.unit + "计，应为整数，填的是" + value->to_string(),
           row.label_en + " counts " + row.unit + " and must be a whole number, not " +
               value->to_string()});
    }
  }
}

}  // namespace

bool FormCheck::ok() const noexcept {
  return row_problems.empty() && std::all_of(identities.begin(), identities.end(),
                                             [](const IdentityCheck& i) { return i.holds; });
}

FormCheck check_form(const FormInfo& form, const FilledForm& filled) {
  FormCheck out;
  out.form_id = form.id;
  for (const FormEntry& entry : filled.rows) row_index(form, entry.code);  // throws if unknown
  for (const FormIdentityInfo& identity : form.identities) {
    out.identities.push_back(check_identity(form, identity, filled));
  }
  check_rows(form, filled, out);
  return out;
}

std::string FormCheck::to_text(const FormInfo& form, const std::string& language) const {
  const bool en = language == "en";
  std::string out;
  out += (en ? "Form " : "统计表 ") + form.id + (en ? ": " : "：") +
         (en ? form.title_en : form.title_zh) + '\n';
  if (!form.clause.empty()) out += (en ? "Basis: " : "依据：") + form.clause + '\n';
  std::size_t failed = 0;
  for (const IdentityCheck& check : identities) failed += check.holds ? 0 : 1;
  if (ok()) {
    out += en ? "Result: passed (" + std::to_string(identities.size()) + " identities hold)\n"
              : "结果：通过（" + std::to_string(identities.size()) + " 项关系均成立）\n";
  } else {
    out += en ? "Result: failed (" + std::to_string(failed) + " of " +
                    std::to_string(identities.size()) + " identities do not hold, " +
                    std::to_string(row_problems.size()) + " figures are wrong)\n"
              : "结果：不通过（" + std::to_string(identities.size()) + " 项关系中 " +
                    std::to_string(failed) + " 项不成立；数值有误 " +
                    std::to_string(row_problems.size()) + " 项）\n";
  }
  for (const IdentityCheck& check : identities) {
    out += std::string("  [") +
           (check.holds ? (en ? "holds" : "成立") : (en ? "FAILS" : "不成立")) + "] " +
           check.identity->text + '\n';
    out += "      " + (en ? check.explanation_en : check.explanation_zh) + '\n';
    if (!check.holds) {
      for (const auto* side : {&check.identity->left, &check.identity->right}) {
        for (const std::string& code : *side) {
          const std::size_t r = row_index(form, code);
          out += "      " + code + " " + (en ? form.rows[r].label_en : form.rows[r].label_zh) +
                 " (" + form.rows[r].unit + ")\n";
        }
      }
    }
    if (!check.holds && !check.identity->note.empty()) {
      out += std::string("      ") + (en ? "Note: " : "说明：") + check.identity->note + '\n';
    }
  }
  for (const FormRowProblem& problem : row_problems) {
    out += std::string("  [") + (en ? "figure" : "数值") + "] " + problem.code + " " +
           (en ? problem.message_en : problem.message_zh) + '\n';
  }
  return out;
}

}  // namespace fundrules
