// Statistics forms: rows with units, identities unit-checked at load, a filled form checked
// (with tolerance where figures were rounded), and a form filled from a payment list.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "fundrules/forms.hpp"
#include "load_errors.hpp"

using namespace fundrules;

namespace {

using load_check::find_diag;
using load_check::position_of;

std::vector<Diagnostic> load_errors(const std::string& yaml) {
  return load_check::load_errors(yaml, "f.yaml");
}

const std::string kHead = R"yaml(fundrules: 1
id: test.forms
title: 统计表测试
as_of: 2018-01-15
basis:
  - id: notice
    title: 通知
    clauses:
      附件1: 送温暖统计表
fields:
  name: {type: string, required: true, label_zh: 姓名}
  category:
    type: enum
    values:
      hardship: {zh: 困难职工, en: Hardship worker}
      migrant: {zh: 困难农民工, en: Migrant worker}
      frontline: {zh: 一线职工, en: Frontline worker}
  household_id: {type: string, label_zh: 户号}
  amount: {type: money, label_zh: 金额}
rules:
  - id: amount.positive
    check: amount > 0
    message: 金额须大于0
)yaml";

const std::string kForm = R"yaml(forms:
  - id: songnuan
    title: {zh: 送温暖统计表, en: Holiday visits}
    clause: 附件1
    rows:
      - {code: 1A, label: 走访企业, unit: 家}
      - {code: 1B, label: 其中困难企业, unit: 家}
      - {code: 2C, label: {zh: 慰问困难家庭总数, en: Households visited}, unit: 户, fill: 'count_distinct(household_id, category != "frontline")'}
      - {code: 2D, label: 其中困难职工, unit: 户, fill: 'count_distinct(household_id, category == "hardship")'}
      - {code: 2E, label: 其中困难农民工, unit: 户, fill: 'count_distinct(household_id, category == "migrant")'}
      - {code: 4A, label: 发放款物, unit: 万元, fill: sum(amount), round: 2}
      - {code: 4B, label: 其中向困难职工发放, unit: 万元, fill: 'sum(amount, category == "hardship")', round: 2}
      - {code: 4C, label: 其中向困难农民工发放, unit: 万元, fill: 'sum(amount, category == "migrant")', round: 2}
      - {code: 4Y, label: 发放金额(元), unit: 元, fill: sum(amount)}
      - {code: 6B, label: 是否纳入预算, unit: 是/否}
    identities:
      - 1B <= 1A
      - 2C = 2D + 2E
      - {check: "4A >= 4B + 4C", tolerance: 0.01}
      - 4A = 4Y
)yaml";

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = std::string(FUNDRULES_BINARY_DIR) + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

Table roster(const std::vector<std::vector<const char*>>& rows) {
  Column name("name", ValueType::String);
  Column category("category", ValueType::String);
  Column household("household_id", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  for (const auto& row : rows) {
    name.append_string(row[0]);
    category.append_string(row[1]);
    household.append_string(row[2]);
    amount.append_decimal(Decimal::parse(row[3]));
  }
  return Table({std::move(name), std::move(category), std::move(household), std::move(amount)});
}

Decimal value_of(const FilledForm& filled, const std::string& code) {
  const FormEntry* entry = filled.find(code);
  REQUIRE(entry != nullptr);
  REQUIRE(entry->value.has_value());
  return *entry->value;
}

}  // namespace

TEST_CASE("a form loads with its rows, units and identities") {
  const Ruleset rules = Ruleset::load_string(kHead + kForm, "f.yaml");
  const FormInfo& form = find_form(rules);
  CHECK(form.id == "songnuan");
  CHECK(form.title_en == "Holiday visits");
  CHECK(form.clause == "附件1");
  REQUIRE(form.rows.size() == 10);
  CHECK(form.rows[5].unit == "万元");
  CHECK(form.rows[5].fill_unit == "元");  // a sum of money from the list is in 元
  CHECK(form.rows[2].fill_unit == "户");
  REQUIRE(form.identities.size() == 4);
  CHECK(form.identities[1].left == std::vector<std::string>{"2C"});
  CHECK(form.identities[1].right == std::vector<std::string>{"2D", "2E"});
  CHECK(form.identities[2].tolerance == Decimal::parse("0.01"));
  CHECK_THROWS_AS(find_form(rules, "nope"), Error);
}

TEST_CASE("identities that mix units, name a row twice or name no row do not load") {
  // The 附件2 item 10 identity as printed: I twice, and K (万元) added to counts (人次).
  const std::string yaml = kHead + R"yaml(forms:
  - id: bangfu
    title: 帮扶中心工作统计表
    clause: 附件1
    rows:
      - {code: A, label: 帮扶农民工, unit: 人次}
      - {code: C, label: 生活救助, unit: 人次}
      - {code: E, label: 医疗救助, unit: 人次}
      - {code: G, label: 资助子女上学, unit: 人次}
      - {code: I, label: 政策咨询, unit: 人次}
      - {code: J, label: 法律援助, unit: 人次}
      - {code: K, label: 帮扶金额, unit: 万元}
      - {code: L, label: 其他帮扶, unit: 人次}
      - {code: Y, label: 是否, unit: 是/否}
      - {code: Z, label: 总额, unit: 人次, fill: sum(amount)}
    identities:
      - A = C+E+G+I+K+I+J+L
      - A = C + Q
      - A = sum(L..C)
      - A >= Y
      - A + C
)yaml";
  const auto diags = load_errors(yaml);
  const Diagnostic mixed = find_diag(diags, "mixes units: A is in 人次 but K is in 万元");
  CHECK(mixed.where.file == "f.yaml");
  CHECK(mixed.where.line == position_of(yaml, "A = C+E+G+I+K").first);
  CHECK(mixed.where.column == position_of(yaml, "K+I+J").second);
  const Diagnostic twice = find_diag(diags, "row I is named twice");
  CHECK(twice.where.column == position_of(yaml, "I+J+L").second);
  const Diagnostic missing = find_diag(diags, "the form has no row 'Q'");
  CHECK(missing.where.column == position_of(yaml, "Q\n").second);
  find_diag(diags, "row C comes before L");
  find_diag(diags, "row Y holds a 是/否 answer");
  find_diag(diags, "the identity has no '='");
  // A money fill in a row that counts people.
  const Diagnostic fill = find_diag(diags, "row 'Z': the row is in 人次 but its fill gives 元");
  CHECK(fill.where.line == position_of(yaml, "fill: sum(amount)").first);
}

TEST_CASE("no declaration makes tickets and person-times add up") {
  // 附件1 item 9 as printed: A (人次) = C + E + G + I + K (人次) + L (张).
  const std::string rows = R"yaml(forms:
  - id: fanxiang
    title: 平安返乡
    rows:
      - {code: 9A, label: 帮助农民工返乡, unit: 人次}
      - {code: 9C, label: 运送农民工, unit: 人次}
      - {code: 9L, label: 购买车票, unit: 张}
    identities:
)yaml";
  const std::string printed = kHead + rows + "      - 9A = 9C + 9L\n";
  const Diagnostic mixed =
      find_diag(load_errors(printed), "mixes units: 9A is in 人次 but 9L is in 张");
  CHECK(mixed.where.column == position_of(printed, "9L\n").second);
  // A note does not excuse it, and there is no key that declares two units alike.
  find_diag(load_errors(kHead + rows + "      - {check: 9A = 9C + 9L, note: 一张票一人次}\n"),
            "mixes units");
  find_diag(load_errors(kHead + rows + "      - {check: 9A = 9C + 9L, same_units: [张, 人次]}\n"),
            "same_units");
  // Without the tickets the identity loads.
  const Ruleset ok = Ruleset::load_string(kHead + rows + "      - 9A = 9C\n", "f.yaml");
  CHECK(find_form(ok).identities.size() == 1);
}

TEST_CASE("a filled form is checked against its identities, within the tolerance") {
  const Ruleset rules = Ruleset::load_string(kHead + kForm, "f.yaml");
  const FormInfo& form = find_form(rules, "songnuan");
  const std::string good = write_file("form-good.csv",
                                      "\xEF\xBB\xBF编号,项目,单位,合计\n"
                                      "1A,走访企业,家,12\n1B,其中困难企业,家,3\n"
                                      "2C,慰问困难家庭总数,户,5\n2D,,户,3\n2E,,户,2\n"
                                      "4A,,万元,1.01\n4B,,万元,0.62\n4C,,万元,0.40\n"
                                      "4Y,,元,\"10,100.00\"\n6B,,是/否,是\n");
  const FormCheck passed = check_form(form, read_filled_form(form, good));
  INFO(passed.to_text(form));
  CHECK(passed.ok());
  // 0.62 + 0.40 = 1.02 exceeds 1.01 by 0.01: within the tolerance of that identity.
  CHECK(passed.identities.at(2).holds);
  // 4A in 万元 and 4Y in 元 compare exactly: 1.01万元 = 10,100元.
  CHECK(passed.identities.at(3).holds);

  const std::string bad = write_file("form-bad.csv",
                                     "编号,合计\n1A,2\n1B,3\n2C,6\n2D,3\n2E,2\n4A,1.00\n"
                                     "4B,0.62\n4C,0.40\n4Y,10000.50\n");
  const FormCheck failed = check_form(form, read_filled_form(form, bad));
  CHECK_FALSE(failed.ok());
  CHECK_FALSE(failed.identities.at(0).holds);  // 1B 3 > 1A 2
  CHECK_FALSE(failed.identities.at(1).holds);
  CHECK(failed.identities.at(1).explanation_zh == "6 ≠ 3 + 2 = 5，相差 1 户");
  CHECK(failed.identities.at(1).explanation_en == "6 ≠ 3 + 2 = 5, a difference of 1 户");
  CHECK_FALSE(failed.identities.at(2).holds);  // 1.02 - 1.00 = 0.02 > 0.01
  CHECK_FALSE(failed.identities.at(3).holds);  // 10000.50元 is 1.000050万元
  const std::string text = failed.to_text(form, "en");
  CHECK(text.find("Result: failed (4 of 4 identities do not hold") != std::string::npos);
  CHECK(text.find("2C Households visited (户)") != std::string::npos);

  const std::string fraction = write_file("form-fraction.csv", "编号,合计\n2C,2.5\n");
  const FormCheck odd = check_form(form, read_filled_form(form, fraction));
  REQUIRE(odd.row_problems.size() == 1);
  CHECK(odd.row_problems[0].code == "2C");
  CHECK(odd.identities.at(1).blank == std::vector<std::string>{"2D", "2E"});
}

TEST_CASE("a filled form that cannot be read names the file, line and column") {
  const Ruleset rules = Ruleset::load_string(kHead + kForm, "f.yaml");
  const FormInfo& form = find_form(rules);
  const auto error_of = [&](const std::string& name, const std::string& text) -> DataError {
    try {
      read_filled_form(form, write_file(name, text));
    } catch (const DataError& e) {
      return e;
    }
    FAIL("read " << name << " without an error");
    throw std::logic_error("unreachable");
  };
  const DataError number = error_of("form-nan.csv", "编号,单位,合计\n1A,家,12\n2C,户,五\n");
  CHECK(number.where().line == 3);
  CHECK(number.where().column == 6);
  CHECK(std::string(number.what()).find("'五' is not a number") != std::string::npos);
  const DataError code = error_of("form-code.csv", "编号,合计\n9Z,1\n");
  CHECK(code.where().line == 2);
  CHECK(code.where().column == 1);
  const DataError unit = error_of("form-unit.csv", "编号,单位,合计\n4A,元,10100\n");
  CHECK(std::string(unit.what()).find("is in 万元 on form songnuan, but the file says 元") !=
        std::string::npos);
  const DataError twice = error_of("form-twice.csv", "编号,合计\n1A,1\n1A,2\n");
  CHECK(twice.where().line == 3);
  error_of("form-header.csv", "a,b\n1,2\n");
}

TEST_CASE("a form is filled from a payment list; the list split into batches fills the same") {
  const Ruleset rules = Ruleset::load_string(kHead + kForm, "f.yaml");
  const FormInfo& form = find_form(rules);
  const Table list = roster({{"甲", "hardship", "H1", "1000.00"},
                             {"乙", "hardship", "H1", "600.00"},
                             {"丙", "migrant", "H2", "1500"},
                             {"丁", "frontline", "H3", "333.33"},
                             {"戊", "hardship", "H4", "1234.56"}});
  const FormFill fill = fill_form(rules, form, list);
  REQUIRE(fill.form.rows.size() == form.rows.size());
  CHECK(value_of(fill.form, "2C") == Decimal(3));
  CHECK(value_of(fill.form, "2D") == Decimal(2));
  CHECK(value_of(fill.form, "2E") == Decimal(1));
  // 4667.89元 is 0.466789万元, kept to 2 places rounding half up.
  CHECK(value_of(fill.form, "4A").to_string() == "0.47");
  CHECK(value_of(fill.form, "4B").to_string() == "0.28");
  CHECK(value_of(fill.form, "4Y").to_string() == "4667.89");
  CHECK(fill.form.find("4A")->from_list);
  CHECK(fill.form.find("4A")->unit == "万元");
  CHECK(fill.form.find("2C")->label_en == "Households visited");
  // 1A (enterprises visited) and 6B (a yes/no answer) are not in the list: blank, not 0.
  CHECK_FALSE(fill.form.find("1A")->value.has_value());
  CHECK_FALSE(fill.form.find("1A")->from_list);
  CHECK_FALSE(fill.form.find("6B")->value.has_value());
  CHECK(fill.report.summaries().empty());  // the fill is not one of the ruleset's summaries
  CHECK(fill.report.summary().rows == 5);

  const std::string csv = form_to_csv(form, fill.form, "zh");
  CHECK(csv.rfind("编号,项目,单位,合计,说明\r\n1A,走访企业,家,,名单不能确定，请填写\r\n", 0) == 0);
  CHECK(csv.find("4A,发放款物,万元,0.47,按名单计算：sum(amount)，保留2位小数\r\n") !=
        std::string::npos);
  // What fill writes, check reads back; the list's own figures satisfy the identities, the
  // rounded 万元 rows within the stated tolerance (0.28 + 0.15 = 0.43 <= 0.47).
  const FilledForm again = read_filled_form(form, write_file("form-filled.csv", csv));
  const FormCheck result = check_form(form, again);
  INFO(result.to_text(form));
  CHECK(result.identities.at(1).holds);
  CHECK(result.identities.at(2).holds);
  CHECK_FALSE(result.identities.at(3).holds);  // 0.47万元 against 4667.89元: rounded apart

  // The same list written to CSV and read in batches of one row fills the same form.
  const std::string path = write_file("form-list.csv",
                                      "姓名,category,户号,金额\n甲,hardship,H1,1000.00\n"
                                      "乙,hardship,H1,600.00\n丙,migrant,H2,1500\n"
                                      "丁,frontline,H3,333.33\n戊,hardship,H4,1234.56\n");
  CsvOptions one_row;
  one_row.batch_rows = 1;
  CheckOptions threads;
  threads.threads = 2;
  const FormFill streamed = fill_form(rules, form, path, threads, one_row);
  CHECK(form_to_csv(form, streamed.form, "zh") == csv);
}

TEST_CASE("a program fills a form by code and checks it; a code the form lacks is an error") {
  const Ruleset rules = Ruleset::load_string(kHead + kForm, "f.yaml");
  const FormInfo& form = find_form(rules);
  FilledForm filled;  // only the rows the program knows, in its own order
  filled.form_id = form.id;
  filled.rows.push_back({"2E", "", "", "户", Decimal(2), "", false, {}, {}});
  filled.rows.push_back({"2C", "", "", "户", Decimal(5), "", false, {}, {}});
  filled.rows.push_back({"2D", "", "", "户", Decimal(3), "", false, {}, {}});
  const FormCheck result = check_form(form, filled);
  CHECK(result.identities.at(1).holds);
  CHECK(result.identities.at(1).blank.empty());
  CHECK(result.identities.at(0).blank == std::vector<std::string>{"1B", "1A"});
  filled.rows[1].value = Decimal(6);
  CHECK_FALSE(check_form(form, filled).identities.at(1).holds);

  const FilledForm blank = blank_form(form);
  REQUIRE(blank.rows.size() == form.rows.size());
  CHECK(blank.rows[5].code == "4A");
  CHECK(blank.rows[5].unit == "万元");
  CHECK_FALSE(blank.rows[5].value.has_value());

  filled.rows.push_back({"9Z", "", "", "户", Decimal(1), "", false, {}, {}});
  CHECK_THROWS_AS(check_form(form, filled), Error);
}

// The bundled 大连 ruleset, with one of the three identities its notice prints but that mix
// units put back where the ruleset leaves it out.
std::vector<Diagnostic> dalian_with(const std::string& form_id, const std::string& identity) {
  const std::string source = std::string(FUNDRULES_SOURCE_DIR) + "/rules/cn/dalian/";
  std::ifstream in(source + "2018-songnuan.yaml", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(!text.empty());
  const std::string extends = "extends: ../national/base.yaml";
  REQUIRE(text.find(extends) != std::string::npos);
  text.replace(text.find(extends), extends.size(), "extends: " + source + "../national/base.yaml");
  const std::size_t form_at = text.find("  - id: " + form_id);
  REQUIRE(form_at != std::string::npos);
  const std::string key = "    identities:\n";
  const std::size_t at = text.find(key, form_at);
  REQUIRE(at != std::string::npos);
  text.insert(at + key.size(), "      - " + identity + "\n");
  return load_errors(text);
}

TEST_CASE("the 大连 forms load, and none of the notice's three unit-mixing identities does") {
  const Ruleset dalian =
      Ruleset::load_file(std::string(FUNDRULES_SOURCE_DIR) + "/rules/cn/dalian/2018-songnuan.yaml");
  REQUIRE(forms_of(dalian).size() == 2);
  const FormInfo& songnuan = find_form(dalian, "songnuan_2018");
  CHECK(songnuan.rows.size() == 55);
  for (const FormInfo& form : forms_of(dalian)) {
    for (const FormIdentityInfo& identity : form.identities) {
      INFO(form.id << ": " << identity.text);
      CHECK(identity.left.front().rfind("10A", 0) != 0);  // 10A and 11A are left out
      CHECK(identity.left.front().rfind("11A", 0) != 0);
      CHECK_FALSE(identity.note.empty());  // each says whether the notice prints it
    }
  }
  // 附件1 9A: A=C+E+G+I+K+L, L in 张.
  find_diag(dalian_with("songnuan_2018", "9A = 9C + 9E + 9G + 9I + 9K + 9L"),
            "mixes units: 9A is in 人次 but 9L is in 张");
  // 附件2 10A: A=C+E+G+I+K+I+J+L, K in 万元 and I twice.
  const auto ten =
      dalian_with("bangfu_center_2017", "10A = 10C + 10E + 10G + 10I + 10K + 10I + 10J + 10L");
  find_diag(ten, "mixes units: 10A is in 人次 but 10K is in 万元");
  find_diag(ten, "row 10I is named twice");
  // 附件2 11A: A=B+C+D+E, A in 户 and B..E in 人.
  find_diag(dalian_with("bangfu_center_2017", "11A = 11B + 11C + 11D + 11E"),
            "mixes units: 11A is in 户 but 11B is in 人");
}

TEST_CASE("a row whose fill reads a field the list never gives is left blank, not 0") {
  const std::string yaml = kHead + R"yaml(forms:
  - id: bangfu
    title: 帮扶
    rows:
      - {code: 9C, label: 生活救助, unit: 人次, fill: 'count(has(aid_type) && aid_type == "living")'}
      - {code: 9D, label: 生活救助款物, unit: 万元, fill: 'sum(amount, has(aid_type) && aid_type == "living")'}
      - {code: 9X, label: 全部人次, unit: 人次, fill: count()}
)yaml";
  std::string with_field = yaml;
  with_field.insert(with_field.find("\nrules:") + 1,
                    "  aid_type: {type: string, label_zh: 救助类型}\n");
  const Ruleset rules = Ruleset::load_string(with_field, "f.yaml");
  const FormInfo& form = find_form(rules);
  // The list has no 救助类型 column: it cannot tell how many living-aid payments there were.
  const FormFill without = fill_form(rules, form, roster({{"甲", "hardship", "H1", "600"}}));
  CHECK_FALSE(without.form.find("9C")->value.has_value());
  CHECK(without.form.find("9C")->missing_fields == std::vector<std::string>{"aid_type"});
  CHECK_FALSE(without.form.find("9D")->value.has_value());
  CHECK(value_of(without.form, "9X") == Decimal(1));
  const std::string csv = form_to_csv(form, without.form, "en");
  CHECK(csv.find("9C,生活救助,人次,,the list gives no aid_type: fill in\r\n") != std::string::npos);

  // With the column, a list without living aid fills 0: now the list does tell.
  Column name("name", ValueType::String);
  Column category("category", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  Column aid("aid_type", ValueType::String);
  name.append_string("甲");
  category.append_string("hardship");
  amount.append_decimal(Decimal::parse("600"));
  aid.append_string("medical");
  const FormFill with =
      fill_form(rules, form,
                Table({std::move(name), std::move(category), std::move(amount), std::move(aid)}));
  CHECK(value_of(with.form, "9C") == Decimal(0));
  CHECK(with.form.find("9C")->missing_fields.empty());
}
