// The ruleset loader: what a well-formed ruleset becomes, and every kind of mistake reported at
// its line and column, all at once.

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <filesystem>

#include "core/sha256.hpp"
#include "fundrules/ruleset.hpp"
#include "load_errors.hpp"
#include "ruleset/loader.hpp"
#include "ruleset/message_template.hpp"
#include "ruleset/ruleset_impl.hpp"

using fundrules::Date;
using fundrules::Decimal;
using fundrules::Diagnostic;
using fundrules::Ruleset;
using fundrules::RulesetError;
using fundrules::ValueType;

namespace {

using load_check::dump;
using load_check::find_diag;

std::vector<Diagnostic> load_errors(const std::string& yaml) {
  return load_check::load_errors(yaml, "t.yaml");
}

// A small ruleset; `params` and `rules` are spliced in as YAML text.
std::string ruleset_with(const std::string& params, const std::string& rules) {
  return "fundrules: 1\n"
         "id: test.small\n"
         "title: {zh: 测试, en: Test}\n"
         "fields:\n"
         "  name: {type: string, required: true, label_zh: 姓名, personal: name}\n"
         "  amount: {type: money, required: true, label_zh: 金额, aliases: [慰问金额]}\n"
         "  paid_on: {type: date, label_zh: 发放日期}\n"
         "  category:\n"
         "    type: enum\n"
         "    values:\n"
         "      frontline: {zh: 一线职工, en: Frontline worker, aliases: [坚守一线职工]}\n"
         "      hardship: 困难职工\n"
         "params:\n" +
         params + "rules:\n" + rules;
}

const std::string kParams = "  cap: {type: money, value: 500}\n";  // line 14
const std::string kRule =                                          // lines 16 to 21
    "  - id: cap\n"
    "    when: category == \"frontline\"\n"
    "    check: amount <= params.cap\n"
    "    message:\n"
    "      zh: 超过{params.cap}元\n"
    "      en: above {params.cap}\n";

void expect_at_file(const Diagnostic& d, int line, int column) {
  INFO(d.to_string());
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
}

void expect_at(const Diagnostic& d, int line, int column) {
  INFO(d.to_string());
  CHECK(d.where.file == "t.yaml");
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
}

// Where expr::compile places its first error in `text`, for expressions whose error offset is
// the expression layer's business, not the loader's.
std::size_t expr_error_offset(const std::string& text, const Ruleset& like) {
  fundrules::expr::Environment env;
  const auto& fields = like.schema().fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    fundrules::expr::Type type;
    type.kind = fields[i].type;
    env.add_field(fields[i].name, type, i);
  }
  fundrules::expr::Type money;
  money.kind = ValueType::Decimal;
  env.add_param("cap", money, 0);
  const auto result = fundrules::expr::compile(text, env);
  REQUIRE_FALSE(result.errors.empty());
  return result.errors.front().offset;
}

}  // namespace

TEST_CASE("a well-formed ruleset loads into its parts") {
  const std::string yaml = ruleset_with(kParams, kRule);
  const Ruleset rs = Ruleset::load_string(yaml, "t.yaml");
  CHECK(rs.id() == "test.small");
  CHECK(rs.title("zh") == "测试");
  CHECK(rs.title("en") == "Test");
  CHECK(rs.source_file() == "t.yaml");
  CHECK(rs.sha256() == fundrules::sha256_hex(yaml));
  CHECK(rs.warnings().empty());

  const auto& fields = rs.schema().fields;
  REQUIRE(fields.size() == 4);
  CHECK(fields[0].name == "name");
  CHECK(fields[0].required);
  CHECK(fields[0].personal == fundrules::PersonalData::Name);
  CHECK(fields[1].type == ValueType::Decimal);
  CHECK(fields[1].money);
  CHECK(fields[1].aliases == std::vector<std::string>{"慰问金额"});
  CHECK(fields[2].type == ValueType::Date);
  CHECK_FALSE(fields[2].required);
  REQUIRE(fields[3].values.size() == 2);
  CHECK(fields[3].type == ValueType::String);
  CHECK(fields[3].values[0].code == "frontline");
  CHECK(fields[3].values[0].label_en == "Frontline worker");
  CHECK(fields[3].values[0].aliases == std::vector<std::string>{"坚守一线职工"});
  CHECK(fields[3].values[1].label_zh == "困难职工");

  REQUIRE(rs.rules().size() == 1);
  const auto& info = rs.rules()[0];
  CHECK(info.id == "cap");
  CHECK(info.severity == fundrules::Severity::Error);
  CHECK(info.scope == fundrules::Scope::Record);
  CHECK(info.when == "category == \"frontline\"");
  CHECK(info.check == "amount <= params.cap");
  CHECK(info.message_zh == "超过{params.cap}元");
  CHECK(info.message_en == "above {params.cap}");
  CHECK(info.origin == "test.small");
  CHECK(info.where.line == 16);
  CHECK(info.where.column == 5);

  const auto& compiled = rs.impl().rules[0];
  REQUIRE(compiled.when);
  REQUIRE(compiled.check);
  CHECK(compiled.fields_read == std::vector<std::size_t>{1, 3});  // amount, category
  CHECK(compiled.params_read == std::vector<std::size_t>{0});
  REQUIRE(compiled.message_zh.size() == 3);
  CHECK(compiled.message_zh[1].placeholder);
  CHECK(compiled.message_zh[1].text == "params.cap");
  CHECK(rs.impl().variables == std::vector<std::string>{"today"});
}

TEST_CASE("a rule without when applies to every row; a one-language message serves both") {
  const Ruleset rs = Ruleset::load_string(ruleset_with(kParams,
                                                       "  - id: positive\n"
                                                       "    check: amount > 0\n"
                                                       "    severity: warning\n"
                                                       "    message: 金额须大于0,本行{amount}\n"),
                                          "t.yaml");
  const auto& rule = rs.impl().rules.at(0);
  CHECK_FALSE(rule.when);
  CHECK(rule.info.severity == fundrules::Severity::Warning);
  CHECK(rule.info.message_en == rule.info.message_zh);
  CHECK(rule.message_en.size() == rule.message_zh.size());
  // `cap` is read by nothing: worth a warning, not an error.
  REQUIRE(rs.warnings().size() == 1);
  CHECK(rs.warnings()[0].message.find("'cap' is not used") != std::string::npos);
  CHECK(rs.warnings()[0].where.line == 14);
}

TEST_CASE("parameters: types, money as written, and histories chosen by date") {
  const Ruleset rs = Ruleset::load_string(
      ruleset_with(
          "  plain_int: 500\n"
          "  plain_decimal: 0.25\n"
          "  plain_date: 2016-12-15\n"
          "  plain_money: 25万\n"
          "  plain_bool: true\n"
          "  quoted: \"500\"\n"
          "  wage:\n"
          "    type: money\n"
          "    description: 上年度月平均工资\n"
          "    history:\n"
          "      - {value: '5,400.50', from: 2017-07-01}\n"
          "      - {value: 5000}\n"
          "      - {value: 1.2万, from: 2018-07-01}\n"
          "  widened:\n"
          "    history: [{value: 500}, {value: 612.5, from: 2017-01-01}]\n",
          "  - id: uses_all\n"
          "    check: >-\n"
          "      params.plain_int > 0 && params.plain_decimal > 0.0 &&\n"
          "      params.plain_date < paid_on ||\n"
          "      params.plain_money > amount || params.plain_bool ||\n"
          "      params.quoted == \"x\" || params.wage > amount || params.widened > amount\n"
          "    message: m\n"),
      "t.yaml");
  const auto& params = rs.params();
  REQUIRE(params.size() == 8);
  CHECK(params[0].type == ValueType::Int);
  CHECK(params[0].history.at(0).value.as_int() == 500);
  CHECK(params[1].type == ValueType::Decimal);
  CHECK(params[2].type == ValueType::Date);
  CHECK(params[2].history.at(0).value.as_date() == Date::from_ymd(2016, 12, 15));
  CHECK(params[3].type == ValueType::Decimal);
  CHECK(params[3].history.at(0).value.as_decimal() == Decimal(250000));
  CHECK(params[4].type == ValueType::Bool);
  CHECK(params[5].type == ValueType::String);
  CHECK(params[5].history.at(0).value.as_string() == "500");

  const auto& wage = params[6];
  CHECK(wage.name == "wage");
  CHECK(wage.description == "上年度月平均工资");
  CHECK(wage.origin == "test.small");
  REQUIRE(wage.history.size() == 3);
  CHECK_FALSE(wage.history[0].effective_from);  // sorted: the undated value first
  CHECK(wage.history[1].effective_from == Date::from_ymd(2017, 7, 1));
  CHECK(wage.history[0].where.line == 25);
  const auto value_on = [&](int y, int m, int d) {
    const auto* version = wage.version_on(Date::from_ymd(y, m, d));
    REQUIRE(version != nullptr);
    return version->value.as_decimal();
  };
  CHECK(value_on(2017, 1, 15) == Decimal(5000));
  CHECK(value_on(2017, 6, 30) == Decimal(5000));
  CHECK(value_on(2017, 7, 1) == Decimal::parse("5400.50"));
  CHECK(value_on(2030, 1, 1) == Decimal(12000));

  CHECK(params[7].type == ValueType::Decimal);  // 500 and 612.5 read together as decimal
  CHECK(params[7].history.at(0).value.as_decimal() == Decimal(500));
}

TEST_CASE("a parameter whose every value starts later has none before") {
  const Ruleset rs = Ruleset::load_string(
      ruleset_with(
          "  cap:\n"
          "    type: money\n"
          "    history: [{value: 500, from: 2017-01-01}, {value: 600, from: 2018-01-01}]\n",
          kRule),
      "t.yaml");
  const auto& cap = rs.params().at(0);
  CHECK(cap.version_on(Date::from_ymd(2016, 12, 31)) == nullptr);
  REQUIRE(cap.version_on(Date::from_ymd(2017, 1, 1)) != nullptr);
  CHECK(cap.version_on(Date::from_ymd(2017, 1, 1))->value.as_decimal() == Decimal(500));
  CHECK(cap.version_on(Date::from_ymd(2018, 1, 1))->value.as_decimal() == Decimal(600));
}

TEST_CASE("a history may be written directly as a list") {
  const Ruleset rs = Ruleset::load_string(
      ruleset_with("  cap: [{value: 500}, {value: 1.2万, from: 2018-01-01}]\n", kRule), "t.yaml");
  const auto& cap = rs.params().at(0);
  CHECK(cap.type == ValueType::Decimal);
  REQUIRE(cap.history.size() == 2);
  CHECK(cap.version_on(Date::from_ymd(2017, 12, 31))->value.as_decimal() == Decimal(500));
  CHECK(cap.version_on(Date::from_ymd(2018, 1, 1))->value.as_decimal() == Decimal(12000));
}

TEST_CASE("one broken declaration is one error, not one more per rule that reads it") {
  std::string yaml = ruleset_with("  cap: {type: money, value: 5x}\n",
                                  kRule + "  - {id: b, check: amount < params.cap, message: m}\n");
  yaml.replace(yaml.find("type: money, required: true"), 11, "type: mony");
  const auto diags = load_errors(yaml);
  INFO(dump(diags));
  REQUIRE(diags.size() == 2);
  expect_at(find_diag(diags, "unknown type 'mony'"), 6, 18);
  expect_at(find_diag(diags, "'5x' is not a valid money"), 14, 29);
}

TEST_CASE("basis documents, clauses and the default as-of date") {
  const std::string yaml =
      "fundrules: 1\n"
      "id: t\n"
      "title: 标题\n"
      "jurisdiction: 安徽省合肥市\n"
      "as_of: 2017-01-15\n"
      "basis:\n"
      "  - id: plan\n"
      "    title: 方案\n"
      "    issuer: 合肥市总工会\n"
      "    reference: 合工〔2016〕1号\n"
      "    clauses: {\"二(二)\": 慰问标准, \"四(五)\": 发放方式}\n"
      "fields: {amount: {type: money}}\n"
      "rules:\n"
      "  - {id: a, check: amount > 0, message: m, clause: \"二(二)\"}\n"
      "  - {id: b, check: amount > 0, message: m, clause: \"二(三)\"}\n";
  const auto diags = load_errors(yaml);
  INFO(dump(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].message.find("clause '二(三)' is not among the clauses") != std::string::npos);
  CHECK(diags[0].message.find("did you mean '二(二)'") != std::string::npos);
  expect_at(diags[0], 15, 52);

  std::string fixed = yaml;
  fixed.replace(fixed.find("二(三)"), std::string("二(三)").size(), "四(五)");
  const Ruleset rs = Ruleset::load_string(fixed, "t.yaml");
  CHECK(rs.title("en") == "标题");  // no English title: the Chinese one stands in
  CHECK(rs.jurisdiction() == "安徽省合肥市");
  CHECK(rs.impl().default_as_of == Date::from_ymd(2017, 1, 15));
  REQUIRE(rs.basis().size() == 1);
  CHECK(rs.basis()[0].issuer == "合肥市总工会");
  CHECK(rs.basis()[0].reference == "合工〔2016〕1号");
  REQUIRE(rs.basis()[0].clauses.size() == 2);
  CHECK(rs.basis()[0].clauses[1].id == "四(五)");
  CHECK(rs.basis()[0].clauses[1].text == "发放方式");
  CHECK(rs.rules()[1].clause == "四(五)");
}

TEST_CASE("unknown keys are reported where they are, with the nearest known key") {
  SECTION("at the top") {
    const auto diags = load_errors(ruleset_with(kParams, kRule) + "rule: []\n");
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message == "unknown key 'rule' in the ruleset (did you mean 'rules'?)");
    expect_at(diags[0], 22, 1);
  }
  SECTION("in a field") {
    std::string yaml = ruleset_with(kParams, kRule);
    yaml.replace(yaml.find("required: true, label_zh: 姓名"), 8, "requred");
    const auto diags = load_errors(yaml);
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message == "unknown key 'requred' in field 'name' (did you mean 'required'?)");
    expect_at(diags[0], 5, 24);
  }
  SECTION("in a rule, with nothing close") {
    const auto diags = load_errors(ruleset_with(kParams, kRule + "    colour: red\n"));
    CHECK(find_diag(diags, "unknown key 'colour' in a rule").message.find("did you mean") ==
          std::string::npos);
    expect_at(find_diag(diags, "colour"), 22, 5);
  }
}

TEST_CASE("every problem in a file is reported together, in file order") {
  const std::string yaml =
      "fundrules: 1\n"
      "id: t\n"
      "title: t\n"
      "fields:\n"
      "  amount: {type: mony}\n"  // 5: bad type
      "  when: {type: date}\n"
      "params:\n"
      "  start: 2016-13-01\n"                     // 8: reads as a string: fine
      "  end: {type: date, value: 2017-02-30}\n"  // 9: impossible date
      "  cap: {type: money, value: 5x万}\n"       // 10: bad money
      "  wage:\n"
      "    history:\n"
      "      - {value: 1, from: 2017-01-01}\n"
      "      - {value: 2, from: 2017-01-01}\n"  // 14: date twice
      "rules:\n"
      "  - {id: a, check: params.wage > 0 && params.end > params.end, message: m}\n"
      "  - {id: a, check: params.cap > 0, message: m}\n"                          // 17: id twice
      "  - {id: c, check: params.start == \"x\", message: m, severity: fatal}\n"  // 18
      "  - {id: d, check: \"true\", message: '{nothing} here'}\n";                // 19
  const auto diags = load_errors(yaml);
  INFO(dump(diags));
  CHECK(diags.size() == 7);
  expect_at(find_diag(diags, "unknown type 'mony' for field 'amount'"), 5, 18);
  CHECK(find_diag(diags, "mony").message.find("did you mean 'money'") != std::string::npos);
  expect_at(find_diag(diags, "'2017-02-30' is not a valid date"), 9, 28);
  expect_at(find_diag(diags, "'5x万' is not a valid money"), 10, 29);
  expect_at(find_diag(diags, "has two values from 2017-01-01"), 14, 26);
  expect_at(find_diag(diags, "rule id 'a' is already used by the rule at line 16"), 17, 10);
  expect_at(find_diag(diags, "severity must be error or warning, not 'fatal'"), 18, 63);
  expect_at(find_diag(diags, "'{nothing}' names no field or parameter"), 19, 39);
  for (std::size_t i = 1; i < diags.size(); ++i) {
    CHECK(diags[i - 1].where.line <= diags[i].where.line);
  }
}

TEST_CASE("expression errors point into the YAML scalar they come from") {
  const Ruleset like = Ruleset::load_string(ruleset_with(kParams, kRule), "t.yaml");

  SECTION("a plain scalar") {
    const std::string check = "amout <= params.cap";
    const auto diags =
        load_errors(ruleset_with(kParams, "  - id: r\n    check: " + check + "\n    message: m\n"));
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message.rfind("rule 'r': check: ", 0) == 0);
    expect_at(diags[0], 17, 12 + static_cast<int>(expr_error_offset(check, like)));
  }
  SECTION("a quoted scalar, after text with Chinese characters") {
    const std::string check = "category == \"一线职工\" && amount <= params.cpa";
    const auto diags = load_errors(
        ruleset_with(kParams, "  - id: r\n    check: '" + check + "'\n    message: m\n"));
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    const std::size_t offset = expr_error_offset(check, like);
    REQUIRE(offset > check.find("&&"));  // past the four Chinese characters (12 bytes)
    // The column counts characters: each Chinese character is one column but three bytes.
    expect_at(diags[0], 17, 12 + 1 + static_cast<int>(offset) - 8);
  }
  SECTION("a block scalar, on its second line") {
    const auto diags = load_errors(ruleset_with(kParams,
                                                "  - id: r\n"
                                                "    check: >-\n"
                                                "      amount > 0 &&\n"
                                                "        amount <= params.cpa\n"
                                                "    message: m\n"));
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    const std::size_t offset = expr_error_offset("amount > 0 &&\n  amount <= params.cpa", like);
    // Folding keeps the more-indented second line as "\n  amount <= ...": its offset from
    // that line's start is its column from the block's indentation (column 7).
    const int column_in_line = static_cast<int>(offset - std::string("amount > 0 &&\n").size());
    expect_at(diags[0], 19, 7 + column_in_line);
  }
  SECTION("a check that is not a condition") {
    const auto diags = load_errors(
        ruleset_with(kParams, "  - id: r\n    check: amount + params.cap\n    message: m\n"));
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message.find("must be a condition") != std::string::npos);
    expect_at(diags[0], 17, 12);
  }
}

TEST_CASE("an enum field compared with a string that is not one of its codes") {
  const auto diags = load_errors(
      ruleset_with(kParams,
                   "  - id: r\n"
                   "    when: category == \"frontlin\" || \"一线职工\" != category\n"
                   "    check: 'category in [\"frontline\", \"hardshp\"] && name != \"frontlin\"'\n"
                   "    message: m\n"));
  INFO(dump(diags));
  REQUIRE(diags.size() == 3);
  const auto typo = find_diag(diags, "\"frontlin\" is not a value of category");
  CHECK(typo.message.find("(did you mean 'frontline'?); its values are frontline, hardship") !=
        std::string::npos);
  expect_at(typo, 17, 23);
  const auto label = find_diag(diags, "\"一线职工\" is how input files may write category");
  CHECK(label.message.find("rules compare with the code: \"frontline\"") != std::string::npos);
  expect_at(label, 17, 37);
  expect_at(find_diag(diags, "\"hardshp\" is not a value of category"), 18, 39);

  // Codes, other fields, members and functions are left alone.
  CHECK_NOTHROW(Ruleset::load_string(
      ruleset_with(kParams, kRule + "  - id: s\n"
                                    "    check: >-\n"
                                    "      \"hardship\" != category && name == \"一线职工\" &&\n"
                                    "      !(category in [\"frontline\"]) && size(category) > 0\n"
                                    "    message: m\n"),
      "t.yaml"));
}

TEST_CASE("message placeholders must name something") {
  const auto diags = load_errors(ruleset_with(
      kParams,
      "  - id: r\n"
      "    check: amount > 0\n"
      "    message: {zh: '本行{amout}元,上限{params.cap}', en: 'cap {params.cpa} {today} {'}\n"));
  INFO(dump(diags));
  REQUIRE(diags.size() == 3);
  const auto amout = find_diag(diags, "'{amout}' names no field");
  CHECK(amout.message.find("did you mean 'amount'") != std::string::npos);
  expect_at(amout, 18, 23);
  expect_at(find_diag(diags, "'{params.cpa}' names no field"), 18, 58);
  expect_at(find_diag(diags, "never closed"), 18, 78);
}

TEST_CASE("message templates split into text and placeholders") {
  using fundrules::detail::parse_message_template;
  const auto parsed = parse_message_template("上限{ params.cap }元 {{原文}} {amount}");
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.parts.size() == 4);
  CHECK(parsed.parts[1].placeholder);
  CHECK(parsed.parts[1].text == "params.cap");
  CHECK(parsed.parts[2].text == "元 {原文} ");
  const auto text = fundrules::detail::render_message(
      parsed.parts, [](const std::string& name) { return "<" + name + ">"; });
  CHECK(text == "上限<params.cap>元 {原文} <amount>");
  CHECK(parse_message_template("a } b").errors.size() == 1);
  CHECK(parse_message_template("{}").errors.size() == 1);
}

TEST_CASE("group and batch rules: keys, aggregates and what their messages may name") {
  const Ruleset rs = Ruleset::load_string(
      ruleset_with("  household_min: {type: money, value: 600}\n"
                   "  budget: {type: money, value: 25万}\n",
                   "  - id: household.min\n"
                   "    scope: group\n"
                   "    group_by: category\n"
                   "    when: amount > 0\n"
                   "    check: sum(amount) >= params.household_min || category == \"frontline\"\n"
                   "    message: 户{category}合计{sum_amount}元,不足{params.household_min}元\n"
                   "  - id: budget\n"
                   "    scope: batch\n"
                   "    check: sum(amount) <= params.budget && count_distinct(name) <= 1000\n"
                   "    message: 合计{sum_amount}元,{count_name}人\n"),
      "t.yaml");
  REQUIRE(rs.rules().size() == 2);
  const auto& group = rs.impl().rules[0];
  CHECK(group.info.scope == fundrules::Scope::Group);
  CHECK(group.info.group_by == std::vector<std::string>{"category"});
  CHECK(group.group_by == std::vector<std::size_t>{3});
  REQUIRE(group.when);
  REQUIRE(group.check);
  REQUIRE(group.aggregates.size() == 1);
  CHECK(group.aggregates[0].kind == fundrules::expr::AggregateKind::Sum);
  CHECK(group.aggregates[0].name == "sum_amount");
  CHECK(group.fields_read == std::vector<std::size_t>{1, 3});  // amount, category
  CHECK(group.params_read == std::vector<std::size_t>{0});

  const auto& batch = rs.impl().rules[1];
  CHECK(batch.info.scope == fundrules::Scope::Batch);
  CHECK(batch.group_by.empty());
  REQUIRE(batch.aggregates.size() == 2);
  CHECK(batch.aggregates[1].kind == fundrules::expr::AggregateKind::CountDistinct);
  CHECK(batch.fields_read == std::vector<std::size_t>{0, 1});  // name, amount
  CHECK(rs.warnings().empty());
}

TEST_CASE("group and batch rules: mistakes in scope, keys and messages") {
  const auto diags = load_errors(ruleset_with(
      kParams,
      "  - {id: a, scope: group, check: 'count() > 0', message: m}\n"  // 16
      "  - {id: b, scope: group, group_by: [categry], check: 'count() > 0', message: m}\n"
      "  - {id: c, scope: batch, group_by: name, check: 'count() > 0', message: m}\n"
      "  - {id: d, group_by: name, check: amount > 0, message: m}\n"
      "  - {id: e, scope: team, check: amount > 0, message: m}\n"  // 20
      "  - {id: f, scope: group, group_by: name, check: 'sum(amount) > amount', message: m}\n"
      "  - {id: g, scope: group, group_by: name, check: 'count() > 1', message: '{amount}'}\n"
      "  - {id: h, check: sum(amount) > 0, message: m}\n"));
  INFO(dump(diags));
  CHECK(diags.size() == 8);
  expect_at(find_diag(diags, "rule 'a': a group rule needs group_by"), 16, 20);
  const auto key = find_diag(diags, "rule 'b': group_by names no field 'categry'");
  CHECK(key.message.find("did you mean 'category'") != std::string::npos);
  expect_at(find_diag(diags, "rule 'c': group_by belongs to a rule with scope: group (a batch"), 18,
            37);
  expect_at(find_diag(diags, "rule 'd': group_by belongs to a rule with scope: group"), 19, 23);
  expect_at(find_diag(diags, "rule 'e': scope must be record, group or batch, not 'team'"), 20, 20);
  CHECK(find_diag(diags, "rule 'f': check: ").where.line == 21);
  const auto message = find_diag(diags, "rule 'g': message: '{amount}' names no group_by field");
  expect_at(message, 22, 76);
  CHECK(find_diag(diags, "rule 'h': check: ").where.line == 23);
}

TEST_CASE("a group_by key normalised by an expression of one field") {
  const Ruleset rs =
      Ruleset::load_string(ruleset_with(kParams,
                                        "  - id: once\n"
                                        "    scope: group\n"
                                        "    group_by: [upper(name), category]\n"
                                        "    check: count() <= 1\n"
                                        "    message: '{name}({category})出现{count}次'\n"),
                           "t.yaml");
  const auto& rule = rs.impl().rules.at(0);
  // The key stands in for the field: messages still name {name}.
  CHECK(rule.info.group_by == std::vector<std::string>{"name", "category"});
  CHECK(rule.group_by == std::vector<std::size_t>{0, 3});
  REQUIRE(rule.group_keys.size() == 2);
  CHECK(rule.group_keys[0] != nullptr);
  CHECK(rule.group_keys[1] == nullptr);

  const auto diags = load_errors(ruleset_with(
      kParams,
      "  - {id: a, scope: group, group_by: 'upper(amount)', check: 'count() > 0', message: m}\n"
      "  - {id: b, scope: group, group_by: 'size(name)', check: 'count() > 0', message: m}\n"
      "  - {id: c, scope: group, group_by: 'upper(name + string(amount))', check: 'count() > 0',"
      " message: m}\n"
      "  - {id: d, scope: group, group_by: [name, 'upper(name)'], check: 'count() > 0',"
      " message: m}\n"
      "  - {id: e, scope: group, group_by: 'uper(name)', check: 'count() > 0', message: m}\n"));
  INFO(dump(diags));
  CHECK(diags.size() == 5);
  expect_at(find_diag(diags, "rule 'a': group_by 'upper(amount)': no overload of upper(decimal)"),
            16, 38);
  CHECK(find_diag(diags,
                  "rule 'b': group_by 'size(name)' gives values of type int, but field "
                  "'name' is a string")
            .where.line == 17);
  CHECK(find_diag(diags,
                  "rule 'c': group_by 'upper(name + string(amount))' must be an "
                  "expression of one field")
            .where.line == 18);
  CHECK(find_diag(diags, "rule 'd': group_by reads field 'name' twice").where.line == 19);
  CHECK(find_diag(diags, "rule 'e': group_by 'uper(name)': unknown function 'uper'").where.line ==
        20);
}

TEST_CASE("another format version is refused") {
  SECTION("another format version") {
    std::string yaml = ruleset_with(kParams, kRule);
    yaml.replace(0, 12, "fundrules: 2");
    const auto diags = load_errors(yaml);
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    expect_at(find_diag(diags, "'fundrules: 2' is not supported"), 1, 12);
  }
}

TEST_CASE("spellings must lead to one field and one value") {
  const auto diags = load_errors(
      "fundrules: 1\nid: t\ntitle: t\n"
      "fields:\n"
      "  phone: {type: string, label_zh: 电话}\n"
      "  mobile: {type: string, aliases: [手机, 电话]}\n"
      "  kind:\n"
      "    type: enum\n"
      "    values: {a: {zh: 甲, aliases: [一]}, b: {zh: 乙, aliases: [甲]}}\n"
      "  params: {type: int}\n"
      "  没有: {type: int}\n"
      "rules: [{id: r, check: 'true', message: m}]\n");
  INFO(dump(diags));
  CHECK(diags.size() == 4);
  expect_at(find_diag(diags, "'电话' would name both fields 'phone' and 'mobile'"), 6, 40);
  expect_at(find_diag(diags, "'甲' would name both values 'a' and 'b'"), 9, 61);
  expect_at(find_diag(diags, "'params' is reserved"), 10, 3);
  expect_at(find_diag(diags, "field name '没有' must be a plain name"), 11, 3);
}

TEST_CASE("YAML that a ruleset must not contain is refused up front") {
  SECTION("syntax errors, with their place") {
    const auto diags = load_errors("fundrules: 1\nid: [t\ntitle: x\n");
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message.rfind("YAML syntax: ", 0) == 0);
    CHECK(diags[0].where.line >= 2);
  }
  SECTION("anchors and aliases") {
    const auto diags = load_errors(ruleset_with("  cap: &c 500\n  cap2: *c\n", kRule));
    INFO(dump(diags));
    REQUIRE(diags.size() == 2);
    expect_at(find_diag(diags, "anchors"), 14, 8);
    expect_at(find_diag(diags, "aliases"), 15, 9);
  }
  SECTION("an alias bomb fails fast instead of expanding") {
    std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
      const char prev = static_cast<char>(c - 1);
      yaml += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
              prev + ", *" + prev + ", *" + prev + "]\n";
    }
    CHECK(find_diag(load_errors(yaml), "aliases").where.line == 2);
  }
  SECTION("tags") {
    const auto diags = load_errors(ruleset_with("  cap: !!int 500\n", kRule));
    expect_at(find_diag(diags, "YAML tags"), 14, 8);
  }
  SECTION("a second document") {
    const auto diags = load_errors(ruleset_with(kParams, kRule) + "---\nid: x\n");
    CHECK(find_diag(diags, "more than one YAML document").where.line == 0);
  }
  SECTION("deep nesting") {
    std::string yaml = "fundrules: 1\nx: ";
    for (int i = 0; i < 40; ++i) yaml += "[";
    for (int i = 0; i < 40; ++i) yaml += "]";
    const auto diags = load_errors(yaml + "\n");
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    expect_at(find_diag(diags, "nesting deeper than 16 levels"), 2, 19);
  }
  SECTION("an empty file") {
    CHECK(find_diag(load_errors(""), "empty").where.line == 0);
    CHECK(find_diag(load_errors("# only a comment\n"), "empty").where.line == 0);
  }
  SECTION("a file that is not a mapping") {
    expect_at(find_diag(load_errors("- a\n- b\n"), "a ruleset is a mapping"), 1, 1);
  }
}

TEST_CASE("bounds: file size and counts") {
  SECTION("a file over 1 MiB") {
    const std::string big = ruleset_with(kParams, kRule) + "#" + std::string(1 << 20, 'x') + "\n";
    const auto diags = load_errors(big);
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message.find("a ruleset may be at most 1048576 bytes") != std::string::npos);
  }
  SECTION("too many rules, fields and parameters") {
    fundrules::detail::RulesetLimits limits;
    limits.max_rules = 2;
    limits.max_fields = 3;
    limits.max_params = 0;
    const std::string yaml = ruleset_with(kParams, kRule +
                                                       "  - {id: b, check: 'true', message: m}\n"
                                                       "  - {id: c, check: 'true', message: m}\n");
    try {
      fundrules::detail::load_ruleset(yaml, "t.yaml", limits);
      FAIL("loaded");
    } catch (const RulesetError& e) {
      const auto& diags = e.diagnostics();
      expect_at(find_diag(diags, "declares 4 fields; at most 3"), 5, 3);
      expect_at(find_diag(diags, "declares 1 parameters; at most 0"), 14, 3);
      expect_at(find_diag(diags, "declares 3 rules; at most 2"), 16, 3);
    }
  }
  SECTION("too many errors stop the report") {
    std::string rules;
    for (int i = 0; i < 300; ++i) rules += "  - {id: r" + std::to_string(i) + ", check: nope}\n";
    const auto diags = load_errors(ruleset_with(kParams, rules));
    INFO(dump(diags));
    CHECK(diags.size() == 201);
    CHECK(diags.back().message.find("too many errors") != std::string::npos);
  }
}

TEST_CASE("files: a missing file, a byte order mark, and the digest of the bytes") {
  CHECK_THROWS_AS(Ruleset::load_file(FUNDRULES_BINARY_DIR "/no/such/ruleset.yaml"),
                  fundrules::DataError);

  const std::string path = FUNDRULES_BINARY_DIR "/ruleset_test_bom.yaml";
  const std::string bytes = "\xEF\xBB\xBF" + ruleset_with(kParams, kRule) + "    nope: 1\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  try {
    Ruleset::load_file(path);
    FAIL("loaded");
  } catch (const RulesetError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].where.file == path);
    CHECK(e.diagnostics()[0].where.line == 22);  // the mark does not shift lines or columns
    CHECK(e.diagnostics()[0].where.column == 5);
  }
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF" + ruleset_with(kParams, kRule);
  }
  const Ruleset rs = Ruleset::load_file(path);
  CHECK(rs.sha256() == fundrules::sha256_hex("\xEF\xBB\xBF" + ruleset_with(kParams, kRule)));
  CHECK(rs.source_file() == path);
}

TEST_CASE("severity and scope names") {
  CHECK(fundrules::to_string(fundrules::Severity::Error) == "error");
  CHECK(fundrules::to_string(fundrules::Severity::Warning) == "warning");
  CHECK(fundrules::to_string(fundrules::Scope::Record) == "record");
  CHECK(fundrules::to_string(fundrules::Scope::Group) == "group");
  CHECK(fundrules::to_string(fundrules::Scope::Batch) == "batch");
}

namespace {

// Writes `text` to `dir`/`name` and returns the path.
std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

std::vector<Diagnostic> file_errors(const std::string& path,
                                    const fundrules::LoadOptions& options) {
  try {
    Ruleset::load_file(path, options);
  } catch (const RulesetError& e) {
    return e.diagnostics();
  }
  FAIL("the ruleset loaded, but it should not have");
  return {};
}

const std::string kExtendsDir = FUNDRULES_BINARY_DIR "/ruleset_test_extends";
// The mistakes test has its own directory: ctest runs test cases in parallel, and both write
// a lib/city.yaml of their own.
const std::string kExtendsErrorsDir = FUNDRULES_BINARY_DIR "/ruleset_test_extends_errors";

}  // namespace

TEST_CASE("extends: a district's ruleset on top of its city's") {
  const std::string city_yaml = ruleset_with(kParams, kRule);
  write_file(kExtendsDir + "/lib", "city.yaml", city_yaml);
  const std::string district_yaml =
      "fundrules: 1\n"
      "id: test.district\n"
      "title: 区\n"
      "extends: city.yaml\n"
      "fields:\n"
      "  phone: {type: string, label_zh: 联系电话, personal: phone}\n"
      "params:\n"
      "  cap: 600\n"  // line 8: read as money, like the city's
      "  phone_digits: 11\n"
      "rules:\n"
      "  - id: phone\n"
      "    when: has(phone)\n"
      "    check: size(phone) == params.phone_digits && amount <= params.cap\n"
      "    message: 电话{phone}\n";
  const std::string district = write_file(kExtendsDir, "district.yaml", district_yaml);
  fundrules::LoadOptions options;
  options.search_path = {kExtendsDir + "/lib"};
  const Ruleset rs = Ruleset::load_file(district, options);

  CHECK(rs.id() == "test.district");
  CHECK(rs.title() == "区");
  CHECK(rs.sha256() == fundrules::sha256_hex(fundrules::sha256_hex(city_yaml) +
                                             fundrules::sha256_hex(district_yaml)));
  REQUIRE(rs.schema().fields.size() == 5);
  CHECK(rs.schema().fields[4].name == "phone");  // the city's fields keep their columns
  REQUIRE(rs.params().size() == 2);
  const auto& cap = rs.params()[0];
  CHECK(cap.name == "cap");
  CHECK(cap.type == ValueType::Decimal);
  CHECK(cap.origin == "test.district");
  REQUIRE(cap.history.size() == 1);
  CHECK(cap.history[0].value.as_decimal() == Decimal(600));
  CHECK(cap.history[0].where.file == district);
  CHECK(cap.history[0].where.line == 8);
  CHECK(rs.params()[1].type == ValueType::Int);

  REQUIRE(rs.rules().size() == 2);
  CHECK(rs.rules()[0].id == "cap");
  CHECK(rs.rules()[0].origin == "test.small");
  CHECK(rs.rules()[0].where.file == kExtendsDir + "/lib/city.yaml");
  CHECK(rs.rules()[1].origin == "test.district");
  CHECK(rs.impl().rules[1].params_read == std::vector<std::size_t>{0, 1});
  CHECK(rs.warnings().empty());
}

TEST_CASE("extends: mistakes in the chain are located in the file that has them") {
  write_file(kExtendsErrorsDir + "/lib", "city.yaml", ruleset_with(kParams, kRule));
  const std::string head = "fundrules: 1\nid: d\ntitle: d\n";
  fundrules::LoadOptions options;
  options.search_path = {kExtendsErrorsDir + "/lib"};

  SECTION("a base that cannot be found") {
    const auto diags = file_errors(
        write_file(kExtendsErrorsDir, "d1.yaml", head + "extends: nope.yaml\n"), options);
    INFO(dump(diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].message == "extends: no ruleset 'nope.yaml' (looked in " + kExtendsErrorsDir +
                                  ", " + kExtendsErrorsDir + "/lib)");
    CHECK(diags[0].where.line == 4);
    CHECK(diags[0].where.column == 10);
  }
  SECTION("a base with problems of its own") {
    write_file(kExtendsErrorsDir + "/lib", "broken.yaml",
               ruleset_with(kParams, kRule + "    oops: 1\n"));
    const auto diags = file_errors(
        write_file(kExtendsErrorsDir, "d2.yaml", head + "extends: broken.yaml\n"), options);
    INFO(dump(diags));
    REQUIRE(diags.size() == 2);
    CHECK(find_diag(diags, "the base ruleset 'broken.yaml' does not load").where.line == 4);
    const auto inner = find_diag(diags, "unknown key 'oops'");
    CHECK(inner.where.file == kExtendsErrorsDir + "/lib/broken.yaml");
    CHECK(inner.where.line == 22);
  }
  SECTION("a cycle") {
    write_file(kExtendsErrorsDir, "a.yaml", head + "extends: b.yaml\n");
    write_file(kExtendsErrorsDir, "b.yaml", head + "extends: a.yaml\n");
    const auto diags = file_errors(kExtendsErrorsDir + "/a.yaml", options);
    INFO(dump(diags));
    CHECK(find_diag(diags, "extends: 'a.yaml' leads back to itself").where.file ==
          kExtendsErrorsDir + "/b.yaml");
  }
  SECTION("redeclaring what the base declares") {
    const auto diags = file_errors(
        write_file(kExtendsErrorsDir, "d3.yaml",
                   head +
                       "extends: city.yaml\n"
                       "fields: {amount: {type: money}, phone: {type: string, aliases: [金额]}}\n"
                       "params: {cap: {type: date, value: 2017-01-01}}\n"
                       "rules: [{id: cap, check: 'true', message: m}]\n"),
        options);
    INFO(dump(diags));
    CHECK(diags.size() == 4);
    expect_at_file(find_diag(diags,
                             "field 'amount' is already declared by the base ruleset "
                             "'test.small'"),
                   5, 10);
    CHECK(find_diag(diags, "'金额' would name both fields 'amount' and 'phone'").where.line == 5);
    CHECK(find_diag(diags,
                    "parameter 'cap' is a decimal in the base ruleset 'test.small'; it "
                    "cannot become a date")
              .where.line == 6);
    CHECK(find_diag(diags, "rule id 'cap' is already used by the base ruleset 'test.small' (" +
                               kExtendsErrorsDir +
                               "/lib/city.yaml:16:5); to replace that rule say "
                               "override: true")
              .where.line == 7);
  }
}

TEST_CASE("the complete example in rules/README.md loads as written") {
  std::ifstream in(FUNDRULES_SOURCE_DIR "/rules/README.md", std::ios::binary);
  REQUIRE(in);
  const std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string open = "```yaml\n";
  const auto begin = readme.find(open);
  REQUIRE(begin != std::string::npos);
  const auto end = readme.find("```", begin + open.size());
  REQUIRE(end != std::string::npos);
  const Ruleset rs = Ruleset::load_string(
      readme.substr(begin + open.size(), end - begin - open.size()), "README.md");
  CHECK(rs.id() == "example.frontline-2024");
  CHECK(rs.rules().size() == 1);
  CHECK(rs.warnings().empty());
}
