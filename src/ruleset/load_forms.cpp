// `forms:` — statistics forms (统计表) with coded rows, units, fills from the payment list and
// identities between rows, each unit-checked here so that a form that adds 万元 to 人次 never
// loads.

#include <algorithm>
#include <set>
#include <stdexcept>

#include "forms/identity_parser.hpp"
#include "forms/units.hpp"
#include "ruleset/loader.hpp"
#include "ruleset/rule_parts.hpp"

namespace fundrules::detail {

namespace {

const std::vector<std::string> kFormKeys = {"id",   "title", "description", "clause",
                                            "when", "rows",  "identities"};
const std::vector<std::string> kRowKeys = {"code",      "label", "unit",     "fill",
                                           "fill_unit", "round", "rounding", "note"};
const std::vector<std::string> kIdentityKeys = {"check", "tolerance", "note"};

constexpr std::size_t kMaxForms = 32;
constexpr std::size_t kMaxRows = 512;

bool is_code(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<RoundingMode> parse_rounding(std::string_view text) {
  if (text == "half_up") return RoundingMode::HalfUp;
  if (text == "half_even") return RoundingMode::HalfEven;
  if (text == "down") return RoundingMode::Down;
  if (text == "up") return RoundingMode::Up;
  if (text == "floor") return RoundingMode::Floor;
  if (text == "ceiling") return RoundingMode::Ceiling;
  return std::nullopt;
}

// True when the fill folds money from the list (a sum, min, max or average of a money field):
// its figure is then in 元, as the list writes money.
bool folds_money(const std::vector<expr::AggregateSpec>& aggregates, const Schema& schema) {
  for (const auto& spec : aggregates) {
    if (!spec.argument || spec.kind == expr::AggregateKind::CountDistinct) continue;
    for (const std::size_t field : spec.argument->reads().fields) {
      if (field < schema.fields.size() && schema.fields[field].money) return true;
    }
  }
  return false;
}

void load_fill(const YAML::Node& row_node, FormRowInfo& row, CompiledForm& form,
               const std::string& what, const expr::Environment& env, LoadContext& ctx) {
  const auto fill = row_node["fill"];
  const auto text = scalar_text(fill, what + ": fill", ctx.diags);
  if (!text) return;
  row.fill = *text;
  const forms::Unit unit = *forms::parse_unit(row.unit);
  if (unit.is_answer()) {
    ctx.diags.error(fill.Mark(), what + ": a 是/否 row cannot be filled from the list");
    return;
  }
  expr::GroupCompileResult result = expr::compile_group(*text, env, {});
  for (const auto& error : result.errors) {
    ctx.diags.error(ctx.source.in_scalar(fill.Mark(), *text, error.offset),
                    what + ": fill: " + error.message);
  }
  if (!result.errors.empty() || !result.program) return;
  const expr::Type type = result.program->result_type();
  if (!type.dyn && type.kind != ValueType::Int && type.kind != ValueType::Decimal) {
    ctx.diags.error(fill.Mark(),
                    what + ": fill must give a number, but it gives a " + type.to_string());
    return;
  }
  if (result.aggregates.empty()) {
    ctx.diags.error(fill.Mark(), what + ": fill '" + *text +
                                     "' folds no rows of the list; use an aggregate such as "
                                     "count_distinct(household_id) or sum(amount)");
    return;
  }
  if (const auto fill_unit = row_node["fill_unit"]) {
    row.fill_unit = scalar_text(fill_unit, what + ": fill_unit", ctx.diags).value_or("");
  } else {
    row.fill_unit = folds_money(result.aggregates, ctx.impl.schema) ? "元" : row.unit;
  }
  const auto from = forms::parse_unit(row.fill_unit);
  if (!from || !forms::compatible(*from, unit)) {
    const auto mark = row_node["fill_unit"] ? row_node["fill_unit"].Mark() : fill.Mark();
    ctx.diags.error(mark, what + ": the row is in " + row.unit + " but its fill gives " +
                              (row.fill_unit.empty() ? std::string("no unit") : row.fill_unit) +
                              (from && from->is_money() ? " (money from the list)" : "") +
                              "; they do not convert");
    return;
  }
  // The fields the fill reads. A list that gives none of them on any row (no such column)
  // cannot determine the row: counting or summing nothing would fill it with 0.
  std::vector<std::size_t> fields;
  for (const auto& spec : result.aggregates) {
    for (const auto* program : {spec.argument.get(), spec.filter.get()}) {
      if (program == nullptr) continue;
      for (const std::size_t field : program->reads().fields) {
        if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
          fields.push_back(field);
        }
      }
    }
  }
  CompiledForm::Fill filled_row;
  filled_row.row = form.info.rows.size();
  for (const std::size_t field : fields) {
    const std::string& name = ctx.impl.schema.fields.at(field).name;
    const std::string id = "present." + name;
    std::size_t at = 0;
    while (at < form.fill.columns.size() && form.fill.columns[at].info.id != id) ++at;
    if (at == form.fill.columns.size()) {
      expr::GroupCompileResult count = expr::compile_group("count(has(" + name + "))", env, {});
      if (!count.errors.empty() || !count.program) {
        throw std::logic_error("form fill: cannot count the rows giving " + name);
      }
      detail::CompiledSummaryColumn presence;
      presence.info.id = id;
      presence.info.unit = "行";
      presence.value_text = "count(has(" + name + "))";
      presence.value = std::move(count.program);
      presence.aggregates = std::move(count.aggregates);
      form.fill.columns.push_back(std::move(presence));
    }
    filled_row.fields.emplace_back(name, at);
  }
  detail::CompiledSummaryColumn column;
  column.info.id = row.code;
  column.info.label_zh = row.label_zh;
  column.info.label_en = row.label_en;
  column.info.unit = row.fill_unit;
  column.value_text = *text;
  column.value = std::move(result.program);
  column.aggregates = std::move(result.aggregates);
  filled_row.column = form.fill.columns.size();
  form.fill.columns.push_back(std::move(column));
  form.fills.push_back(std::move(filled_row));
}

void load_row(const YAML::Node& node, CompiledForm& form, const std::string& form_what,
              const expr::Environment& env, LoadContext& ctx) {
  if (!check_mapping(node, form_what + ": a row", kRowKeys, ctx.diags)) return;
  FormRowInfo row;
  row.where = ctx.source.at(node.Mark());
  if (const auto code = node["code"]) {
    row.code = scalar_text(code, form_what + ": row code", ctx.diags).value_or("");
    if (!row.code.empty() && !is_code(row.code)) {
      ctx.diags.error(code.Mark(), form_what + ": row code '" + row.code +
                                       "' may use only letters, digits and '_', as in 2C");
    }
    for (const auto& other : form.info.rows) {
      if (!row.code.empty() && other.code == row.code) {
        ctx.diags.error(code.Mark(), form_what + ": row code '" + row.code +
                                         "' is already used at line " +
                                         std::to_string(other.where.line));
      }
    }
  } else {
    ctx.diags.error(node.Mark(), form_what + ": a row has no code");
  }
  const std::string what = form_what + ": row '" + row.code + "'";
  load_label(node["label"], what + ": label", row.label_zh, row.label_en, ctx);
  if (row.label_zh.empty()) ctx.diags.error(node.Mark(), what + " has no label");
  if (const auto unit = node["unit"]) {
    row.unit = scalar_text(unit, what + ": unit", ctx.diags).value_or("");
  }
  if (row.unit.empty()) {
    ctx.diags.error(node.Mark(), what + " has no unit (户, 人, 人次, 个, 元, 万元, 是/否, ...)");
  }
  if (const auto round = node["round"]) {
    const auto text = scalar_text(round, what + ": round", ctx.diags).value_or("");
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '6') {
      row.round = text[0] - '0';
    } else {
      ctx.diags.error(round.Mark(), what +
                                        ": round is the number of digits kept after the "
                                        "point, 0 to 6, not '" +
                                        text + "'");
    }
  }
  if (const auto rounding = node["rounding"]) {
    const auto text = scalar_text(rounding, what + ": rounding", ctx.diags).value_or("");
    if (const auto mode = parse_rounding(text)) {
      row.rounding = *mode;
    } else {
      ctx.diags.error(rounding.Mark(), what +
                                           ": rounding is half_up, half_even, down, up, floor "
                                           "or ceiling, not '" +
                                           text + "'");
    }
  }
  if (const auto note = node["note"]) scalar_text(note, what + ": note", ctx.diags);
  if (node["fill"] && !row.unit.empty()) {
    load_fill(node, row, form, what, env, ctx);
  } else if (node["fill_unit"] && !node["fill"]) {
    ctx.diags.error(node["fill_unit"].Mark(), what + ": fill_unit without a fill");
  }
  form.info.rows.push_back(std::move(row));
}

// A row an identity names, and where in its text.
struct Named {
  std::size_t row = 0;
  std::size_t offset = 0;
};

// The rows an identity's terms name, ranges expanded in the form's order; problems reported.
std::vector<Named> resolve(const std::vector<forms::Term>& terms, const FormInfo& form,
                           const YAML::Node& node, const std::string& text, const std::string& what,
                           LoadContext& ctx) {
  std::vector<std::string> codes;
  for (const auto& row : form.rows) codes.push_back(row.code);
  const auto index_of = [&](const forms::CodeRef& ref) -> std::optional<std::size_t> {
    const auto at = std::find(codes.begin(), codes.end(), ref.code);
    if (at == codes.end()) {
      ctx.diags.error(
          ctx.source.in_scalar(node.Mark(), text, ref.offset),
          what + ": the form has no row '" + ref.code + "'" + did_you_mean(ref.code, codes));
      return std::nullopt;
    }
    return static_cast<std::size_t>(at - codes.begin());
  };
  std::vector<Named> rows;
  for (const auto& term : terms) {
    const auto first = index_of(term.first);
    const auto last = term.range ? index_of(term.last) : first;
    if (!first || !last) continue;
    if (*last < *first) {
      ctx.diags.error(ctx.source.in_scalar(node.Mark(), text, term.last.offset),
                      what + ": row " + term.last.code + " comes before " + term.first.code +
                          " in the form; write the range first..last");
      continue;
    }
    for (std::size_t r = *first; r <= *last; ++r) rows.push_back({r, term.first.offset});
  }
  return rows;
}

void load_identity(const YAML::Node& node, CompiledForm& form, const std::string& form_what,
                   LoadContext& ctx) {
  FormIdentityInfo identity;
  identity.where = ctx.source.at(node.Mark());
  // Assigning one yaml-cpp node to another writes through it, so the node the identity's text
  // is in is chosen once, here.
  const bool is_map = node.IsMap();
  if (is_map && !check_mapping(node, form_what + ": an identity", kIdentityKeys, ctx.diags)) {
    return;
  }
  const YAML::Node check = is_map ? node["check"] : node;
  if (is_map) {
    if (!check) {
      ctx.diags.error(node.Mark(), form_what + ": an identity has no check, e.g. 2C = 2D + 2E");
      return;
    }
    if (const auto tolerance = node["tolerance"]) {
      const auto text = scalar_text(tolerance, form_what + ": tolerance", ctx.diags).value_or("");
      const auto value = Decimal::try_parse(text);
      if (!value || value->sign() < 0) {
        ctx.diags.error(tolerance.Mark(), form_what +
                                              ": tolerance must be a number of at least "
                                              "0, in the unit of the identity, not '" +
                                              text + "'");
      } else {
        identity.tolerance = *value;
      }
    }
    if (const auto note = node["note"]) {
      identity.note = scalar_text(note, form_what + ": note", ctx.diags).value_or("");
    }
  }
  const auto text = scalar_text(check, form_what + ": identity", ctx.diags);
  if (!text) return;
  identity.text = *text;
  const std::string what = form_what + ": identity '" + *text + "'";
  const forms::ParsedIdentity parsed = forms::parse_identity(*text);
  for (const auto& problem : parsed.problems) {
    ctx.diags.error(ctx.source.in_scalar(check.Mark(), *text, problem.offset),
                    what + ": " + problem.message);
  }
  if (!parsed.problems.empty()) return;
  identity.relation = parsed.relation;
  const std::size_t unresolved = ctx.diags.error_count();
  const auto left = resolve(parsed.left, form.info, check, *text, what, ctx);
  const auto right = resolve(parsed.right, form.info, check, *text, what, ctx);
  const std::size_t before = ctx.diags.error_count();
  if (before != unresolved || left.empty() || right.empty()) return;
  std::vector<Named> all = left;
  all.insert(all.end(), right.begin(), right.end());
  const auto at = [&](const Named& named) {
    return ctx.source.in_scalar(check.Mark(), *text, named.offset);
  };
  std::set<std::size_t> seen;
  for (const Named& named : all) {
    if (!seen.insert(named.row).second) {
      ctx.diags.error(at(named), what + ": row " + form.info.rows[named.row].code +
                                     " is named twice; each row may count once");
    }
  }
  // A row named twice is reported, and the units are still checked, so that one reading of
  // the identity shows every problem it has.
  const bool named_twice = ctx.diags.error_count() != before;
  // Units: every row must convert exactly to the first one's unit. There is no way to declare
  // two kinds alike: a form that adds tickets to person-times is wrong, and saying so is the
  // point of checking units.
  const FormRowInfo& first = form.info.rows[left.front().row];
  identity.unit = first.unit;
  const auto base = forms::parse_unit(first.unit);
  bool units_ok = base.has_value();
  for (const Named& named : all) {
    const FormRowInfo& row = form.info.rows[named.row];
    const auto unit = forms::parse_unit(row.unit);
    if (!base || !unit) continue;
    if (unit->is_answer()) {
      ctx.diags.error(at(named), what + ": row " + row.code +
                                     " holds a 是/否 answer, not a "
                                     "figure to add");
      units_ok = false;
    } else if (!forms::compatible(*base, *unit)) {
      ctx.diags.error(at(named), what + ": mixes units: " + first.code + " is in " + first.unit +
                                     " but " + row.code + " is in " + row.unit +
                                     "; they cannot be added or compared");
      units_ok = false;
    }
  }
  if (!units_ok || named_twice) return;
  std::vector<std::string> rounded;
  for (const Named& named : all) {
    const FormRowInfo& row = form.info.rows[named.row];
    if (row.round && !row.fill.empty()) rounded.push_back(row.code);
  }
  if (!rounded.empty() && identity.tolerance.is_zero() && all.size() > 2) {
    std::string list;
    for (const auto& code : rounded) list += (list.empty() ? "" : ", ") + code;
    ctx.diags.warning(check.Mark(), what + ": rows " + list +
                                        " are rounded when filled, so the parts may not add up "
                                        "to the rounded total; give a tolerance");
  }
  for (const Named& named : left) identity.left.push_back(form.info.rows[named.row].code);
  for (const Named& named : right) identity.right.push_back(form.info.rows[named.row].code);
  form.info.identities.push_back(std::move(identity));
}

void load_form(const YAML::Node& node, const expr::Environment& env, LoadContext& ctx) {
  if (!check_mapping(node, "a form", kFormKeys, ctx.diags)) return;
  CompiledForm form;
  form.info.where = ctx.source.at(node.Mark());
  if (const auto id = node["id"]) {
    form.info.id = scalar_text(id, "form id", ctx.diags).value_or("");
    if (!form.info.id.empty() && !is_identifier(form.info.id)) {
      ctx.diags.error(id.Mark(), "form id '" + form.info.id +
                                     "' must be a lower-case name such as 'songnuan_2018'");
    }
    for (const auto& other : ctx.impl.forms) {
      if (!form.info.id.empty() && other.info.id == form.info.id) {
        ctx.diags.error(id.Mark(), "form id '" + form.info.id +
                                       "' is already used by the form at " +
                                       other.info.where.to_string());
      }
    }
  } else {
    ctx.diags.error(node.Mark(), "a form has no id");
  }
  const std::string what = "form '" + form.info.id + "'";
  load_label(node["title"], what + ": title", form.info.title_zh, form.info.title_en, ctx);
  if (form.info.title_zh.empty()) ctx.diags.error(node.Mark(), what + " has no title");
  if (const auto description = node["description"]) {
    scalar_text(description, what + ": description", ctx.diags);
  }
  if (const auto clause = node["clause"]) {
    form.info.clause = scalar_text(clause, what + ": clause", ctx.diags).value_or("");
    std::vector<std::string> known;
    for (const auto& document : ctx.impl.basis) {
      for (const auto& c : document.clauses) known.push_back(c.id);
    }
    if (!known.empty() && std::find(known.begin(), known.end(), form.info.clause) == known.end()) {
      ctx.diags.error(clause.Mark(), what + ": clause '" + form.info.clause +
                                         "' is not among the clauses listed under basis" +
                                         did_you_mean(form.info.clause, known));
    }
  }
  form.fill.id = form.info.id;
  form.fill.title_zh = form.info.title_zh;
  form.fill.title_en = form.info.title_en;
  form.fill.origin = ctx.impl.id;
  form.fill.where = form.info.where;
  if (const auto when = node["when"]) {
    form.fill.when = compile_record_condition(when, what + ": when", env, ctx, form.fill.when_text);
  }
  const auto rows = node["rows"];
  if (!rows || !rows.IsSequence() || rows.size() == 0) {
    ctx.diags.error(rows ? rows.Mark() : node.Mark(),
                    what + ": rows must be a list, each starting with '- code:'");
  } else if (rows.size() > kMaxRows) {
    ctx.diags.error(rows.Mark(), what + " has more than " + std::to_string(kMaxRows) + " rows");
  } else {
    for (const auto& row : rows) load_row(row, form, what, env, ctx);
  }
  if (const auto identities = node["identities"]) {
    if (!identities.IsSequence()) {
      ctx.diags.error(identities.Mark(), what +
                                             ": identities must be a list, e.g. "
                                             "- 2C = 2D + 2E + 2F");
    } else {
      for (const auto& identity : identities) load_identity(identity, form, what, ctx);
    }
  }
  ctx.impl.forms.push_back(std::move(form));
}

}  // namespace

void load_forms(const YAML::Node& node, LoadContext& ctx) {
  if (!node.IsSequence()) {
    ctx.diags.error(node.Mark(), "forms must be a list, each starting with '- id:'");
    return;
  }
  if (node.size() > kMaxForms) {
    ctx.diags.error(node.Mark(),
                    "the ruleset declares more than " + std::to_string(kMaxForms) + " forms");
    return;
  }
  const expr::Environment env = expression_environment(ctx);
  for (const auto& form : node) load_form(form, env, ctx);
  ctx.impl.form_infos.clear();
  for (const auto& form : ctx.impl.forms) ctx.impl.form_infos.push_back(form.info);
}

}  // namespace fundrules::detail
