#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/decimal.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/export.hpp"
#include "fundrules/ruleset.hpp"

namespace fundrules {

/// One row of a statistics form (统计表) as a ruleset declares it: "2C 慰问困难家庭总数 (户)".
struct FUNDRULES_API FormRowInfo {
  std::string code;  ///< "2C": unique within the form
  std::string label_zh;
  std::string label_en;
  std::string unit;  ///< "户", "人", "人次", "个", "元", "万元", "是/否", ...
  /// The aggregate over a payment list that fills the row ("count_distinct(household_id)");
  /// empty when the list does not determine the row.
  std::string fill;
  /// The unit `fill` gives (元 for a sum of money, converted exactly to `unit`); else `unit`.
  std::string fill_unit;
  std::optional<int> round;  ///< digits kept after the point when filling, if rounded
  RoundingMode rounding = RoundingMode::HalfUp;
  SourceLocation where;
};

/// A relation the rows of a form must satisfy: "2C = 2D + 2E + 2F", "1B <= 1A".
struct FUNDRULES_API FormIdentityInfo {
  std::string text;                ///< as written
  std::string relation;            ///< "=", "<=" or ">="
  std::vector<std::string> left;   ///< row codes added up on the left
  std::vector<std::string> right;  ///< row codes added up on the right
  /// The difference allowed (in the unit of the left side's first row), for identities between
  /// rounded figures; zero when none is declared.
  Decimal tolerance;
  std::string unit;  ///< the unit the identity is compared in
  std::string note;  ///< why the identity reads as it does (the ruleset's `note:`)
  SourceLocation where;
};

/// A statistics form (`forms:` in a ruleset), such as 送温暖统计表.
struct FUNDRULES_API FormInfo {
  std::string id;
  std::string title_zh;
  std::string title_en;
  std::string clause;  ///< the clause of the basis that asks for it
  std::vector<FormRowInfo> rows;
  std::vector<FormIdentityInfo> identities;
  SourceLocation where;
};

/// The forms a ruleset declares, in its order.
FUNDRULES_API const std::vector<FormInfo>& forms_of(const Ruleset& ruleset) noexcept;
/// The form with this id; with an empty id, the ruleset's only form. Throws Error naming the
/// forms there are when there is no such form (or several and no id).
FUNDRULES_API const FormInfo& find_form(const Ruleset& ruleset, const std::string& id = {});

/// One row of a form with its figure: what fill_form() gives, what read_filled_form() reads
/// and what check_form() checks.
struct FUNDRULES_API FormEntry {
  std::string code;  ///< the row's code, as the form declares it ("2C")
  std::string label_zh;
  std::string label_en;
  std::string unit;              ///< the row's unit ("户", "万元")
  std::optional<Decimal> value;  ///< the figure, in `unit`; nullopt when the row is blank
  std::string answer;            ///< for a 是/否 row, the answer as written; else empty
  bool from_list = false;        ///< true when fill_form() computed it from a payment list
  /// Left blank by fill_form() because the list gives these fields, which the row's fill
  /// reads, on no row (the list has no such column): counting them would give a false 0.
  std::vector<std::string> missing_fields;
  SourceLocation where;  ///< where a figure read from a file was (file:line:column)
};

/// A form's figures: one entry per row of the form, in the form's order.
struct FUNDRULES_API FilledForm {
  std::string form_id;
  std::vector<FormEntry> rows;

  /// The entry of the row `code`, or nullptr when there is none.
  [[nodiscard]] const FormEntry* find(const std::string& code) const noexcept;
};

/// A form with every row blank, ready to be given figures by code (a program filling a form
/// by hand, or from its own data, before check_form()).
FUNDRULES_API FilledForm blank_form(const FormInfo& form);

/// Reads a filled-in form from CSV: a header naming the code column (编号 / code) and the
/// value column (合计 / 数值 / value); 项目 / label and 单位 / unit columns are optional and, when
/// present, the unit must agree with the form's. Values are plain numbers ("1,234.5" allowed);
/// an empty cell is a blank row. Throws DataError with file, line and column for a cell that is
/// not a number, a code the form does not have, a row given twice or a unit that disagrees.
FUNDRULES_API FilledForm read_filled_form(const FormInfo& form, const std::string& path);

/// One identity checked against a filled form.
struct FUNDRULES_API IdentityCheck {
  const FormIdentityInfo* identity = nullptr;  ///< points into the FormInfo checked against
  bool holds = false;
  Decimal left;                    ///< the left side's sum, in `identity->unit`
  Decimal right;                   ///< the right side's sum
  std::vector<std::string> blank;  ///< codes of blank rows taken as 0
  std::string explanation_zh;      ///< "120 ≠ 50 + 40 + 20 = 110，相差 10 户"
  std::string explanation_en;      ///< "120 ≠ 50 + 40 + 20 = 110, a difference of 10 户"
};

/// A problem with one row's value (a count that is not a whole number, a negative figure).
struct FUNDRULES_API FormRowProblem {
  std::string code;
  std::string message_zh;
  std::string message_en;
};

/// The result of checking a filled form against its identities.
struct FUNDRULES_API FormCheck {
  std::string form_id;
  std::vector<IdentityCheck> identities;  ///< one per identity of the form, in its order
  std::vector<FormRowProblem> row_problems;
  /// True when every identity holds and no row has a problem.
  [[nodiscard]] bool ok() const noexcept;
  /// The result for people, in "zh" or "en".
  [[nodiscard]] std::string to_text(const FormInfo& form, const std::string& language = "zh") const;
};

/// Checks `filled` against the identities of `form` (within each identity's tolerance). Rows
/// are matched by code, so `filled` may list them in any order and leave some out (blank).
/// Throws Error when `filled` names a row the form does not have.
FUNDRULES_API FormCheck check_form(const FormInfo& form, const FilledForm& filled);

/// The rows of a form that follow from a payment list, computed from it.
struct FUNDRULES_API FormFill {
  FilledForm form;  ///< rows with a `fill:` have a value (from_list); the others are blank
  Report report;    ///< the check of the list the figures come from
};

/// Fills the rows of `form` that have a `fill:` from the payment list at `path` (read as
/// check_csv() reads it; the figures count every readable row, rows with violations included).
/// Rows without a `fill:` are left blank: nothing is guessed.
FUNDRULES_API FormFill fill_form(const Ruleset& ruleset, const FormInfo& form,
                                 const std::string& path, const CheckOptions& options = {},
                                 const CsvOptions& csv_options = {});
/// As above, from a table in memory.
FUNDRULES_API FormFill fill_form(const Ruleset& ruleset, const FormInfo& form, const Table& table,
                                 const CheckOptions& options = {});

/// A filled form as CSV (UTF-8, CRLF, header 编号,项目,单位,合计,说明 or code,label,unit,value,note
/// in English), which read_filled_form() reads back. Blank rows say why in the note column.
FUNDRULES_API std::string form_to_csv(const FormInfo& form, const FilledForm& filled,
                                      const std::string& language = "zh");

}  // namespace fundrules
