// Reference tables: declaring them (`references:`), reading them in rules (`key in refs.x`,
// `refs.x[key].field`), and giving them to a check (References, --ref files). Each test
// asserts what a user sees: the load error, the violation and its evidence, the rules skipped.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fundrules/engine.hpp"

using namespace fundrules;

namespace {

const char* const kRules = R"yaml(fundrules: 1
id: test.refs
title: {zh: 参照表测试, en: Reference test}
as_of: 2017-01-15
fields:
  name: {type: string, required: true, label_zh: 姓名, personal: name}
  id_number: {type: string, label_zh: 身份证号, personal: id_number}
  paid_on: {type: date, label_zh: 发放日期}
references:
  registry:
    title: {zh: 困难职工档案, en: Register of hardship workers on file}
    key: id_number
    fields:
      id_number: {type: string, personal: id_number, aliases: [身份证号]}
      filed_on: {type: date, aliases: [建档日期]}
      phone: {type: string, personal: phone, aliases: [联系电话]}
  earlier:
    title: {zh: 前批发放名单, en: Earlier payment lists}
    key: id_number
    optional: true
    fields:
      id_number: {type: string, personal: id_number, aliases: [身份证号]}
rules:
  - id: registry.filed_before
    check: id_number in refs.registry && refs.registry[id_number].filed_on <= paid_on
    message: {zh: 未先建档, en: not on file before payment}
  - id: registry.phone
    when: has(refs.registry[id_number].phone)
    check: refs.registry[id_number].phone != "13800000000"
    message: {zh: 电话为占位号码, en: placeholder phone on file}
  - id: earlier.not_paid
    check: "!(id_number in refs.earlier)"
    message: {zh: 前批已发放, en: paid in an earlier list}
)yaml";

Table roster(const std::vector<std::vector<std::string>>& rows) {
  Column name("name", ValueType::String);
  Column id("id_number", ValueType::String);
  Column paid("paid_on", ValueType::Date);
  for (const auto& row : rows) {
    name.append_string(row[0]);
    id.append_string(row[1]);
    paid.append_date(Date::parse(row[2]));
  }
  return Table({name, id, paid});
}

Table registry(const std::vector<std::vector<std::string>>& rows) {
  // Columns named by their Chinese headers, in another order than declared, as a host's
  // spreadsheet export would have them.
  Column filed("建档日期", ValueType::Date);
  Column id("身份证号", ValueType::String);
  Column phone("联系电话", ValueType::String);
  for (const auto& row : rows) {
    id.append_string(row[0]);
    filed.append_date(Date::parse(row[1]));
    if (row.size() > 2) {
      phone.append_string(row[2]);
    } else {
      phone.append_null();
    }
  }
  return Table({filed, id, phone});
}

const Violation* find_violation(const Report& report, const std::string& rule, std::int64_t row) {
  for (const Violation& v : report.violations()) {
    if (v.rule_id == rule && !v.rows.empty() && v.rows.front() == row) return &v;
  }
  return nullptr;
}

const ValueRead* find_value(const Violation& v, const std::string& name) {
  for (const ValueRead& read : v.values) {
    if (read.name == name) return &read;
  }
  return nullptr;
}

std::string load_error(const std::string& yaml) {
  try {
    Ruleset::load_string(yaml, "bad.yaml");
  } catch (const RulesetError& error) {
    std::string all;
    for (const Diagnostic& d : error.diagnostics()) all += d.to_string() + "\n";
    return all;
  }
  return "";
}

std::string with_rule(const std::string& check) {
  std::string yaml = kRules;
  yaml = yaml.substr(0, yaml.find("rules:\n"));
  return yaml + "rules:\n  - id: r\n    check: '" + check + "'\n    message: m\n";
}

}  // namespace

TEST_CASE("the public API lists the declared reference tables", "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  REQUIRE(ruleset.references().size() == 2);
  const ReferenceInfo* registry = ruleset.reference("registry");
  REQUIRE(registry != nullptr);
  CHECK(registry->title("zh") == "困难职工档案");
  CHECK(registry->title("en") == "Register of hardship workers on file");
  CHECK(registry->key == "id_number");
  CHECK_FALSE(registry->optional);
  CHECK(registry->schema.find("filed_on") != nullptr);
  CHECK(registry->schema.find("id_number")->personal == PersonalData::IdNumber);
  CHECK(registry->rules == std::vector<std::string>{"registry.filed_before", "registry.phone"});
  CHECK(ruleset.reference("earlier")->optional);
  CHECK(ruleset.rules()[0].references == std::vector<std::string>{"registry"});
  CHECK(ruleset.reference("nope") == nullptr);
}

TEST_CASE("mistakes in references and their use are load errors with places", "[refs]") {
  SECTION("unknown reference table, with a suggestion") {
    const std::string e = load_error(with_rule("id_number in refs.regstry"));
    CHECK_THAT(e, Catch::Contains("unknown reference table 'refs.regstry'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'refs.registry'"));
    CHECK_THAT(e, Catch::Contains("bad.yaml:"));
  }
  SECTION("a ruleset without reference tables, and a summary, read none") {
    const std::string none = load_error(
        "fundrules: 1\nid: t\nfields: {id_number: {type: string}}\nrules:\n  - id: r\n"
        "    check: id_number in refs.registry\n    message: m\n");
    CHECK_THAT(none, Catch::Contains("unknown reference table 'refs.registry': none can be read "
                                     "here"));
    // The ruleset declares the table, but a summary column reads the list alone: the error
    // must not claim that the ruleset declares none.
    const std::string summary = load_error(
        kRules + std::string("summaries:\n  - id: s\n    title: s\n    columns:\n"
                             "      - {id: c, label: c, value: "
                             "'count_distinct(id_number, id_number in refs.registry)'}\n"));
    CHECK_THAT(summary, Catch::Contains("summaries and form fills cannot read them"));
    CHECK_THAT(summary, !Catch::Contains("declares no reference"));
  }
  SECTION("unknown field of a reference, with a suggestion") {
    const std::string e = load_error(with_rule("refs.registry[id_number].filed <= paid_on"));
    CHECK_THAT(e, Catch::Contains("refs.registry has no field 'filed'"));
    CHECK_THAT(e, Catch::Contains("did you mean 'filed_on'"));
  }
  SECTION("a key of the wrong type") {
    const std::string e = load_error(with_rule("refs.registry[paid_on].filed_on <= paid_on"));
    CHECK_THAT(e, Catch::Contains("keyed by id_number, a string; the key given is a date"));
    CHECK_THAT(load_error(with_rule("paid_on in refs.registry")),
               Catch::Contains("keyed by id_number"));
  }
  SECTION("a lookup without a field, and a table used as a value") {
    CHECK_THAT(load_error(with_rule("refs.registry[id_number] != null")),
               Catch::Contains("name the field to read"));
    CHECK_THAT(load_error(with_rule("refs.registry == null")), Catch::Contains("is a table"));
  }
  SECTION("the key must be a declared field") {
    std::string yaml = kRules;
    yaml.replace(yaml.find("key: id_number"), 14, "key: id_numbr");
    const std::string e = load_error(yaml);
    CHECK_THAT(e, Catch::Contains("key 'id_numbr' is not one of its fields"));
    CHECK_THAT(e, Catch::Contains("did you mean 'id_number'"));
  }
  SECTION("a reference's fields are checked as the roster's are") {
    std::string yaml = kRules;
    yaml.replace(yaml.find("filed_on: {type: date"), 21, "filed_on: {type: dat");
    CHECK_THAT(load_error(yaml), Catch::Contains("unknown type 'dat'"));
  }
  SECTION("unknown keys in a reference") {
    std::string yaml = kRules;
    yaml.replace(yaml.find("    optional: true"), 18, "    optinal: true");
    CHECK_THAT(load_error(yaml), Catch::Contains("optinal"));
  }
  SECTION("refs cannot name a field") {
    std::string yaml = kRules;
    yaml.replace(yaml.find("  paid_on: {type: date, label_zh"), 10, "  refs:");
    CHECK_THAT(load_error(yaml), Catch::Contains("'refs' is reserved"));
  }
}

TEST_CASE("membership and lookup find rows by the key's canonical text", "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  CheckOptions options;
  options.references.add("registry", registry({{"11010519491231002X", "2016-05-01"},
                                               {"440524188001010014", "2017-01-12"}}));
  options.references.add("earlier", Table({Column("id_number", ValueType::String)}));
  const Report report = check(ruleset,
                              roster({{"张三", " 11010519491231002x ", "2017-01-10"},
                                      {"李四", "440524188001010014", "2017-01-10"},
                                      {"王五", "110105194912310029", "2017-01-10"}}),
                              options);
  // 张三 is on file (lower-case x and spaces notwithstanding) and was filed before payment.
  CHECK(find_violation(report, "registry.filed_before", 1) == nullptr);
  // 李四 was filed after he was paid; 王五 is not on file at all.
  const Violation* late = find_violation(report, "registry.filed_before", 2);
  REQUIRE(late != nullptr);
  CHECK(find_value(*late, "refs.registry[id_number].filed_on")->value == "2017-01-12");
  CHECK(find_value(*late, "id_number in refs.registry")->value == "true");
  const Violation* absent = find_violation(report, "registry.filed_before", 3);
  REQUIRE(absent != nullptr);
  CHECK(find_value(*absent, "id_number in refs.registry")->value == "false");
  CHECK(find_value(*absent, "refs.registry[id_number].filed_on")->missing);
  CHECK(absent->detail.empty());  // a false check, not an error: `in` guarded the lookup
  CHECK(report.summary().skipped_rules.empty());
}

TEST_CASE("an unguarded lookup of an absent key explains itself", "[refs]") {
  const Ruleset ruleset =
      Ruleset::load_string(with_rule("refs.registry[id_number].filed_on <= paid_on"));
  CheckOptions options;
  options.references.add("registry", registry({{"11010519491231002X", "2016-05-01"}}));
  const Report report =
      check(ruleset, roster({{"王五", "110105194912310029", "2017-01-10"}}), options);
  REQUIRE(report.violations().size() == 1);
  CHECK_THAT(report.violations()[0].detail,
             Catch::Contains("no row of refs.registry has this key"));
}

TEST_CASE("duplicate keys: membership holds, a lookup is an error naming the rows", "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  CheckOptions options;
  options.references.add("registry", registry({{"11010519491231002X", "2016-05-01"},
                                               {"11010519491231002x", "2016-09-01"}}));
  options.references.add("earlier", Table({Column("id_number", ValueType::String)}));
  const Report report =
      check(ruleset, roster({{"张三", "11010519491231002X", "2017-01-10"}}), options);
  const Violation* v = find_violation(report, "registry.filed_before", 1);
  REQUIRE(v != nullptr);
  CHECK(find_value(*v, "id_number in refs.registry")->value == "true");
  CHECK_THAT(v->detail, Catch::Contains("more than one row with this key (rows 1, 2)"));
  CHECK_THAT(v->detail, Catch::Contains("ambiguous"));
}

TEST_CASE("a missing required reference is an error; a missing optional one skips rules",
          "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  const Table rows = roster({{"张三", "11010519491231002X", "2017-01-10"}});
  CHECK_THROWS_WITH(check(ruleset, rows), Catch::Contains("reference table 'registry'") &&
                                              Catch::Contains("is required by rule "
                                                              "registry.filed_before"));

  CheckOptions options;
  options.references.add("registry", registry({{"11010519491231002X", "2016-05-01"}}));
  const Report report = check(ruleset, rows, options);
  CHECK(report.ok());
  REQUIRE(report.summary().skipped_rules.size() == 1);
  const SkippedRule& skipped = report.summary().skipped_rules[0];
  CHECK(skipped.rule_id == "earlier.not_paid");
  CHECK(skipped.reference == "earlier");
  CHECK_THAT(skipped.reason_en, Catch::Contains("'earlier' (Earlier payment lists) was not given"));
  CHECK_THAT(report.to_text({"en", false}), Catch::Contains("Rules not run:\n  earlier.not_paid"));
  CHECK_THAT(report.to_text(), Catch::Contains("未运行的规则"));
  CHECK_THAT(report.to_json(), Catch::Contains("\"skipped_rules\": [\n      {\n        \"rule\": "
                                               "\"earlier.not_paid\""));
  CHECK_THAT(report.to_csv(), Catch::Contains(",,,earlier.not_paid,skipped,"));

  CheckOptions unknown = options;
  unknown.references.add("regsitry", registry({}));
  CHECK_THROWS_WITH(check(ruleset, rows, unknown),
                    Catch::Contains("declares no reference table 'regsitry'") &&
                        Catch::Contains("registry, earlier"));
}

TEST_CASE("personal data read from a reference is masked unless asked", "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  CheckOptions options;
  options.references.add("registry",
                         registry({{"11010519491231002X", "2016-05-01", "13800000000"}}));
  options.references.add("earlier", Table({Column("id_number", ValueType::String)}));
  const Report report =
      check(ruleset, roster({{"张三", "11010519491231002X", "2017-01-10"}}), options);
  const Violation* v = find_violation(report, "registry.phone", 1);
  REQUIRE(v != nullptr);
  const ValueRead* phone = find_value(*v, "refs.registry[id_number].phone");
  REQUIRE(phone != nullptr);
  CHECK(phone->personal == PersonalData::Phone);
  CHECK_THAT(report.to_text({"en", false}), !Catch::Contains("13800000000"));
  CHECK_THAT(report.to_json({"en", false}), !Catch::Contains("13800000000"));
  CHECK_THAT(report.to_text({"en", true}), Catch::Contains("13800000000"));
}

TEST_CASE("the report does not depend on the thread count; tables are shared", "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  std::vector<std::vector<std::string>> registered;
  std::vector<std::vector<std::string>> rows;
  // Valid ID numbers are not needed here: keys are compared as text.
  for (int i = 0; i < 20000; ++i) {
    const std::string id = "ID" + std::to_string(i);
    if (i % 7 != 0) registered.push_back({id, i % 5 == 0 ? "2017-02-01" : "2016-01-01"});
    rows.push_back({"n" + std::to_string(i), id, "2017-01-10"});
  }
  CheckOptions options;
  auto table = std::make_shared<const Table>(registry(registered));
  options.references.add("registry", table);
  options.references.add("earlier", Table({Column("id_number", ValueType::String)}));
  const Table list = roster(rows);
  options.threads = 1;
  const Report one = check(ruleset, list, options);
  options.threads = 4;
  const Report four = check(ruleset, list, options);
  CHECK(one.to_json() == four.to_json());
  // Every 7th is not on file; of the others, every 5th was filed too late.
  std::size_t expected = 0;
  for (int i = 0; i < 20000; ++i) expected += (i % 7 == 0 || i % 5 == 0) ? 1 : 0;
  CHECK(one.violations().size() == expected);
  CHECK(table.use_count() == 2);  // the caller's and the options': never copied
}

TEST_CASE("reference files: read with the declared fields; a bad row is a DataError", "[refs]") {
  const Ruleset ruleset = Ruleset::load_string(kRules);
  const std::string dir = FUNDRULES_BINARY_DIR;
  const std::string good = dir + "/refs_test_registry.csv";
  std::ofstream(good) << "身份证号,建档日期,联系电话\n11010519491231002X,2016-05-01,\n";
  References references;
  references.load_csv(ruleset, "registry", good);
  REQUIRE(references.find("registry") != nullptr);
  CHECK(references.find("registry")->num_rows() == 1);

  const std::string bad = dir + "/refs_test_bad.csv";
  std::ofstream(bad) << "身份证号,建档日期,联系电话\n11010519491231002X,2016-05-01,\n"
                        "440524188001010014,2016-13-45,\n";
  try {
    references.load_csv(ruleset, "registry", bad);
    FAIL("a bad row was accepted");
  } catch (const DataError& error) {
    CHECK(error.where().file == bad);
    CHECK(error.where().line == 3);
    CHECK(error.where().column == 2);
    CHECK_THAT(error.what(), Catch::Contains("reference table 'registry'"));
  }

  const std::string no_key = dir + "/refs_test_no_key.csv";
  std::ofstream(no_key) << "身份证号,建档日期,联系电话\n,2016-05-01,\n";
  try {
    references.load_csv(ruleset, "registry", no_key);
    FAIL("a row without its key was accepted");
  } catch (const DataError& error) {
    CHECK(error.where().line == 2);
    CHECK(error.where().column == 1);
    CHECK_THAT(error.what(), Catch::Contains("has no id_number"));
  }
  const std::string no_dates = dir + "/refs_test_no_dates.csv";
  std::ofstream(no_dates) << "身份证号,联系电话\n11010519491231002X,\n";
  try {
    references.load_csv(ruleset, "registry", no_dates);
    FAIL("a register without its filing dates was accepted");
  } catch (const DataError& error) {
    CHECK(error.where().line == 1);
    CHECK_THAT(error.what(), Catch::Contains("no column for filed_on (建档日期)"));
  }
  CHECK_THROWS_WITH(references.load_csv(ruleset, "regstry", good),
                    Catch::Contains("declares no reference table 'regstry'"));
}

TEST_CASE("a ruleset extending another reads the base's reference tables and adds its own",
          "[refs]") {
  const std::string dir = std::string(FUNDRULES_BINARY_DIR) + "/refs-extends";
  std::filesystem::create_directories(dir);
  {
    std::string base = kRules;
    // The base declares `registry` only, and one rule reading it.
    base = base.substr(0, base.find("  earlier:\n")) + "rules:\n" +
           base.substr(
               base.find("  - id: registry.filed_before"),
               base.find("  - id: registry.phone") - base.find("  - id: registry.filed_before"));
    std::ofstream(dir + "/base.yaml") << base;
  }
  std::ofstream(dir + "/city.yaml") << R"yaml(fundrules: 1
id: test.refs.city
title: {zh: 市级, en: City}
extends: base.yaml
references:
  earlier:
    title: {zh: 前批发放名单, en: Earlier payment lists}
    key: id_number
    optional: true
    fields:
      id_number: {type: string, personal: id_number}
rules:
  - id: city.on_file
    check: id_number in refs.registry
    message: {zh: 未建档, en: not on file}
  - id: city.not_paid_before
    check: "!(id_number in refs.earlier)"
    message: {zh: 前批已发放, en: paid in an earlier list}
)yaml";
  const Ruleset city = Ruleset::load_file(dir + "/city.yaml");
  REQUIRE(city.references().size() == 2);
  CHECK(city.references()[0].name == "registry");
  CHECK(city.references()[1].name == "earlier");

  CheckOptions options;
  options.references.add("registry", registry({{"11010519491231002X", "2016-05-01"}}));
  const Report report = check(city,
                              roster({{"张三", "11010519491231002X", "2017-01-10"},
                                      {"王五", "110105194912310029", "2017-01-10"}}),
                              options);
  CHECK(find_violation(report, "city.on_file", 1) == nullptr);
  CHECK(find_violation(report, "city.on_file", 2) != nullptr);
  // The optional table of the extending ruleset was not given: its rule is skipped, said so.
  REQUIRE(report.summary().skipped_rules.size() == 1);
}
