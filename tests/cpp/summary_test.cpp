// Declared summaries: the figures by group and in total, the same whatever the batch size or
// thread count, problems placed at their line and column, and each report form carrying them.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "fundrules/engine.hpp"
#include "load_errors.hpp"

using namespace fundrules;

namespace {

using load_check::find_diag;
using load_check::position_of;

std::vector<Diagnostic> load_errors(const std::string& yaml) {
  return load_check::load_errors(yaml, "s.yaml");
}

const std::string kHead = R"yaml(fundrules: 1
id: test.summary
title: 汇总测试
as_of: 2018-01-15
fields:
  name: {type: string, required: true, label_zh: 姓名, personal: name}
  id_number: {type: string, label_zh: 身份证号, label_en: ID number, personal: id_number}
  category:
    type: enum
    label_zh: 对象类别
    label_en: Category
    values:
      hardship: {zh: 困难职工, en: Hardship worker}
      frontline: {zh: 一线职工, en: Frontline worker}
  household_id: {type: string, label_zh: 户号}
  amount: {type: money, label_zh: 金额}
  people: {type: int, label_zh: 人数}
rules:
  - id: amount.positive
    check: amount > 0
    message: 金额须大于0
)yaml";

const std::string kSummaries = R"yaml(summaries:
  - id: by_category
    title: {zh: 按类别汇总, en: By category}
    group_by: [category]
    columns:
      - {id: households, label: {zh: 户数, en: Households}, value: count_distinct(household_id), unit: 户}
      - {id: people, label: {zh: 人数, en: People}, value: count(), unit: 人}
      - {id: amount, label: {zh: 金额, en: Amount}, value: sum(amount), unit: 元}
  - id: whole
    title: 全部
    when: amount > 0
    columns:
      - {id: paid, label: 发放金额, value: sum(amount), unit: 元}
      - {id: big, label: 500元以上人数, value: count(amount > 500), unit: 人}
)yaml";

Column strings(const std::string& name, const std::vector<const char*>& cells) {
  Column column(name, ValueType::String);
  for (const char* cell : cells) {
    if (cell == nullptr) {
      column.append_null();
    } else {
      column.append_string(cell);
    }
  }
  return column;
}

Table roster(const std::vector<const char*>& categories, const std::vector<const char*>& households,
             const std::vector<const char*>& amounts) {
  std::vector<const char*> names(categories.size(), "张三");
  Column amount("amount", ValueType::Decimal);
  for (const char* text : amounts) {
    if (text == nullptr) {
      amount.append_null();
    } else {
      amount.append_decimal(Decimal::parse(text));
    }
  }
  return Table({strings("name", names), strings("category", categories),
                strings("household_id", households), std::move(amount)});
}

const SummaryTable& find_table(const Report& report, const std::string& id) {
  for (const auto& table : report.summaries()) {
    if (table.id == id) return table;
  }
  FAIL("no summary " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a summary counts households, people and money per group and in total") {
  const Ruleset rules = Ruleset::load_string(kHead + kSummaries, "s.yaml");
  // Household H2 is paid under both categories: it is one household in the total.
  const Table table =
      roster({"frontline", "hardship", "hardship", "frontline", "hardship"},
             {"H1", "H2", "H2", "H2", "H3"}, {"500", "300.50", "299.50", "800.00", "0"});
  const Report report = check(rules, table);
  REQUIRE(report.summaries().size() == 2);
  const SummaryTable& by = find_table(report, "by_category");
  REQUIRE(by.group_by == std::vector<std::string>{"category"});
  REQUIRE(by.rows.size() == 2);
  // Enum values come in their declared order, not in the order first seen.
  CHECK(by.rows[0].key_zh == std::vector<std::string>{"困难职工"});
  CHECK(by.rows[0].key_en == std::vector<std::string>{"Hardship worker"});
  CHECK(by.rows[0].values[0] == Value(std::int64_t{2}));
  CHECK(by.rows[0].values[1] == Value(std::int64_t{3}));
  CHECK(by.rows[0].values[2].as_decimal().to_string() == "600.00");
  CHECK(by.rows[1].values[0] == Value(std::int64_t{2}));
  CHECK(by.rows[1].values[2].as_decimal() == Decimal::parse("1300"));
  REQUIRE(by.total);
  CHECK(by.total->values[0] == Value(std::int64_t{3}));  // H1, H2, H3 once each
  CHECK(by.total->values[1] == Value(std::int64_t{5}));
  CHECK(by.total->values[2].as_decimal().to_string() == "1900.00");
  CHECK(by.total->rows == 5);

  const SummaryTable& whole = find_table(report, "whole");
  CHECK_FALSE(whole.total);
  REQUIRE(whole.rows.size() == 1);
  CHECK(whole.rows[0].rows == 4);  // the row paying 0 is left out by `when`
  CHECK(whole.rows[0].values[0].as_decimal() == Decimal::parse("1900"));
  CHECK(whole.rows[0].values[1] == Value(std::int64_t{1}));
}

TEST_CASE("rows with an empty key make their own line; rows that cannot be folded are named") {
  const std::string yaml = kHead + R"yaml(summaries:
  - id: per_person
    group_by: category
    columns:
      - {id: each, label: 人均, value: sum(amount / people), unit: 元}
)yaml";
  const Ruleset rules = Ruleset::load_string(yaml, "s.yaml");
  Column people("people", ValueType::Int);
  people.append_int(2);
  people.append_int(0);
  people.append_int(1);
  Table table = roster({"hardship", "hardship", nullptr}, {"H1", "H2", "H3"}, {"600", "500", "70"});
  table.add_column(std::move(people));
  const Report report = check(rules, table);
  const SummaryTable& s = report.summaries().at(0);
  REQUIRE(s.rows.size() == 2);
  CHECK(s.rows[0].values[0].as_decimal() == Decimal::parse("300"));
  CHECK(s.rows[1].key[0].is_null());
  CHECK(s.rows[1].key_zh[0] == "（空）");
  CHECK(s.rows[1].values[0].as_decimal() == Decimal::parse("70"));
  REQUIRE(s.problems.size() == 1);
  CHECK(s.problems[0].rfind("row 2: ", 0) == 0);
  CHECK(s.total->values[0].as_decimal() == Decimal::parse("370"));
}

TEST_CASE("each row is read whole: empty keys, empty cells, failing filters and expressions") {
  const std::string yaml = kHead + R"yaml(summaries:
  - id: mixed
    group_by: [category, people]
    when: amount > 0
    columns:
      - {id: paid, label: 金额, value: sum(amount), unit: 元}
      - {id: big, label: 大额人数, value: count(amount >= 500), unit: 人}
      - {id: each, label: 人均, value: sum(amount / people), unit: 元}
      - {id: h1, label: H1人数, value: count(household_id == "H1"), unit: 人}
      - {id: homes, label: 户数, value: count_distinct(household_id), unit: 户}
)yaml";
  const Ruleset rules = Ruleset::load_string(yaml, "s.yaml");
  const auto make = [](std::size_t from, std::size_t to) {
    const std::vector<const char*> categories = {"hardship",  "hardship",  "hardship",
                                                 "frontline", nullptr,     "hardship",
                                                 "hardship",  "frontline", "hardship"};
    const std::vector<const char*> households = {"H1", "H2", "H1", nullptr, "H3",
                                                 "H1", "H4", "H1", "H5"};
    const std::vector<const char*> amounts = {"600",   "300", "500", "400", "700",
                                              nullptr, "0",   "200", "100"};
    const std::vector<int> people = {2, 2, 0, 1, 1, 2, 2, -1, 2};  // -1: an empty cell
    Table table = roster({categories.begin() + from, categories.begin() + to},
                         {households.begin() + from, households.begin() + to},
                         {amounts.begin() + from, amounts.begin() + to});
    Column column("people", ValueType::Int);
    for (std::size_t i = from; i < to; ++i) {
      if (people[i] < 0) {
        column.append_null();
      } else {
        column.append_int(people[i]);
      }
    }
    table.add_column(std::move(column));
    table.set_first_row_number(static_cast<std::int64_t>(from) + 1);
    return table;
  };
  const Report report = check(rules, make(0, 9));
  const SummaryTable& s = report.summaries().at(0);
  const auto figures = [](const SummaryRow& row) {
    std::vector<std::string> out;
    for (const Value& value : row.values) out.push_back(value.to_string());
    return out;
  };
  using Texts = std::vector<std::string>;
  REQUIRE(s.rows.size() == 4);
  // Row 3 fails a figure (people 0) and adds to no column; row 6 fails `when` (no amount).
  CHECK(s.rows[0].key_en == Texts{"Hardship worker", "2"});
  CHECK(s.rows[0].rows == 3);
  CHECK(figures(s.rows[0]) == Texts{"1000", "1", "500", "1", "3"});
  // An empty household skips the filter and the distinct count, not the row.
  CHECK(s.rows[1].key_en == Texts{"Frontline worker", "1"});
  CHECK(figures(s.rows[1]) == Texts{"400", "0", "400", "0", "0"});
  // An empty key value makes its own line, after the others.
  CHECK(s.rows[2].key_en == Texts{"Frontline worker", "(blank)"});
  CHECK(figures(s.rows[2]) == Texts{"200", "0", "0", "1", "1"});
  CHECK(s.rows[3].key_en == Texts{"(blank)", "1"});
  CHECK(figures(s.rows[3]) == Texts{"700", "1", "700", "0", "1"});
  REQUIRE(s.total);
  CHECK(s.total->rows == 6);
  CHECK(figures(*s.total) == Texts{"2300", "2", "1600", "2", "4"});
  REQUIRE(s.problems.size() == 2);
  CHECK(s.problems[0] == "row 3: sum((amount / people)): division by zero");
  CHECK(s.problems[1].rfind("row 6: when: ", 0) == 0);

  // Row by row and on threads, the lines and problems are the same.
  const std::string one_pass = report.to_json();
  for (const unsigned threads : {1U, 2U}) {
    CheckOptions options;
    options.threads = threads;
    Session session(rules, options);
    for (std::size_t row = 0; row < 9; ++row) session.add(make(row, row + 1));
    INFO("threads " << threads);
    CHECK(session.finish().to_json() == one_pass);
  }
}

TEST_CASE("a list summarised in batches or on threads gives the figures of one pass") {
  const Ruleset rules = Ruleset::load_string(kHead + kSummaries, "s.yaml");
  std::mt19937 random(20180120);
  const std::vector<const char*> categories = {"hardship", "frontline", nullptr};
  const std::vector<std::string> households = {"H1", "H2", "H3", "H4", "H5", "H6", "H7"};
  std::vector<const char*> c;
  std::vector<const char*> h;
  std::vector<std::string> amount_text;
  const std::size_t rows = 5000;
  for (std::size_t i = 0; i < rows; ++i) {
    c.push_back(categories[random() % categories.size()]);
    h.push_back(households[random() % households.size()].c_str());
    amount_text.push_back(std::to_string(random() % 100000) + "." +
                          std::to_string(random() % 90 + 10));
  }
  std::vector<const char*> a;
  for (const auto& text : amount_text) a.push_back(text.c_str());
  const Table whole = roster(c, h, a);
  const std::string one_pass = check(rules, whole).to_json();
  REQUIRE(one_pass.find("\"summaries\"") != std::string::npos);

  for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{999}}) {
    for (const unsigned threads : {1U, 3U}) {
      CheckOptions options;
      options.threads = threads;
      Session session(rules, options);
      for (std::size_t begin = 0; begin < rows; begin += batch) {
        const std::size_t end = std::min(rows, begin + batch);
        const std::vector<const char*> cs(c.begin() + begin, c.begin() + end);
        const std::vector<const char*> hs(h.begin() + begin, h.begin() + end);
        const std::vector<const char*> as(a.begin() + begin, a.begin() + end);
        Table part = roster(cs, hs, as);
        part.set_first_row_number(static_cast<std::int64_t>(begin) + 1);
        session.add(part);
      }
      INFO("batch " << batch << ", threads " << threads);
      CHECK(session.finish().to_json() == one_pass);
    }
  }

  // Parts checked on their own into mergeable reports, then merged.
  std::vector<Report> parts;
  for (std::size_t begin = 0; begin < rows; begin += 1700) {
    const std::size_t end = std::min(rows, begin + 1700);
    CheckOptions options;
    options.mergeable = true;
    options.first_row = static_cast<std::int64_t>(begin) + 1;
    parts.push_back(
        check(rules,
              roster({c.begin() + begin, c.begin() + end}, {h.begin() + begin, h.begin() + end},
                     {a.begin() + begin, a.begin() + end}),
              options));
  }
  CHECK(parts.front().summaries().at(0).total->rows < static_cast<std::int64_t>(rows));
  CHECK(Report::merge(parts).to_json() == one_pass);
}

TEST_CASE("the report writes its summaries as text, JSON and CSV") {
  const Ruleset rules = Ruleset::load_string(kHead + kSummaries, "s.yaml");
  const Table table = roster({"frontline", "hardship"}, {"H1", "H2"}, {"1500", "400.00"});
  const Report report = check(rules, table);

  const std::string zh = report.to_text();
  CHECK(zh.find("汇总：按类别汇总") != std::string::npos);
  CHECK(zh.find("户数（户）") != std::string::npos);
  CHECK(zh.find("合计") != std::string::npos);
  CHECK(zh.find("1,500.00") != std::string::npos);
  ReportOptions en;
  en.language = "en";
  const std::string text_en = report.to_text(en);
  CHECK(text_en.find("Summary: By category") != std::string::npos);
  CHECK(text_en.find("Frontline worker") != std::string::npos);
  CHECK(text_en.find("Total") != std::string::npos);

  const std::string json = report.to_json();
  CHECK(json.find("\"schema\": \"fundrules.report/1\"") != std::string::npos);
  CHECK(json.find("\"households\": 1") != std::string::npos);
  CHECK(json.find("\"amount\": \"1900.00\"") != std::string::npos);
  CHECK(json.find("\"category\": \"frontline\"") != std::string::npos);

  const std::string csv = report.summaries_to_csv(en);
  CHECK(csv.rfind("By category\r\nCategory,Households (户),People (人),Amount (元)\r\n", 0) == 0);
  CHECK(csv.find("Hardship worker,1,1,400.00\r\n") != std::string::npos);
  CHECK(csv.find("Total,2,2,1900.00\r\n") != std::string::npos);
  INFO(csv);
  CHECK(csv.find("\r\n\r\n全部\r\n,发放金额 (元),500元以上人数 (人)\r\nWhole list,1900.00,1\r\n") !=
        std::string::npos);
}

TEST_CASE("a summary keyed by personal data is masked unless asked") {
  const std::string yaml = kHead + R"yaml(summaries:
  - id: per_person
    group_by: id_number
    columns:
      - {id: amount, label: 金额, value: sum(amount), unit: 元}
)yaml";
  const Ruleset rules = Ruleset::load_string(yaml, "s.yaml");
  Table table = roster({"hardship"}, {"H1"}, {"600"});
  table.add_column(strings("id_number", {"11010519491231002X"}));
  const Report report = check(rules, table);
  CHECK(report.to_text().find("11010519491231002X") == std::string::npos);
  CHECK(report.to_json().find("110105********002X") != std::string::npos);
  CHECK(report.summaries_to_csv().find("11010519491231002X") == std::string::npos);
  ReportOptions show;
  show.show_personal_data = true;
  CHECK(report.summaries_to_csv(show).find("11010519491231002X") != std::string::npos);
}

TEST_CASE("a figure that fails names its group with the personal key masked") {
  const std::string yaml = kHead + R"yaml(summaries:
  - id: per_person
    group_by: id_number
    columns:
      - {id: per_head, label: 人均, value: sum(amount) / sum(people), unit: 元}
)yaml";
  const Ruleset rules = Ruleset::load_string(yaml, "s.yaml");
  Table table = roster({"hardship"}, {"H1"}, {"600"});
  table.add_column(strings("id_number", {"11010519491231002X"}));
  Column people("people", ValueType::Int);
  people.append_int(0);
  table.add_column(std::move(people));
  const Report report = check(rules, table);
  const SummaryTable& s = report.summaries().at(0);
  REQUIRE(s.problems.size() == 2);  // the person's line and the total
  CHECK(s.problems[0].rfind("per_head of 110105********002X: ", 0) == 0);
  CHECK(report.to_text().find("11010519491231002X") == std::string::npos);
  CHECK(report.to_json().find("11010519491231002X") == std::string::npos);
}

TEST_CASE("a broken summary is a load error at its line and column") {
  const std::string yaml = kHead + R"yaml(summaries:
  - id: by_category
    group_by: [categroy]
    columns:
      - {id: amount, label: 金额, value: sum(amount), unit: 元}
  - id: bad_values
    columns:
      - {id: plain, label: 金额, value: amount, unit: 元}
      - {id: text, label: 名单, value: max(name)}
      - {id: typo, label: 错字, value: sum(amout)}
      - {id: typo, label: 重复, value: count(), colour: red}
  - id: bad_values
    columns: []
)yaml";
  const auto diags = load_errors(yaml);
  const Diagnostic group_by = find_diag(diags, "group_by names no field 'categroy'");
  CHECK(group_by.message.find("did you mean 'category'") != std::string::npos);
  CHECK(group_by.where.file == "s.yaml");
  CHECK(group_by.where.line == position_of(yaml, "[categroy]").first);

  const Diagnostic plain = find_diag(diags, "column 'plain'");
  CHECK(plain.where.line == position_of(yaml, "value: amount,").first);

  const Diagnostic text = find_diag(diags, "column 'text': value must be a number");
  CHECK(text.where.line == position_of(yaml, "max(name)").first);

  const Diagnostic typo = find_diag(diags, "amout");
  CHECK(typo.where.line == position_of(yaml, "sum(amout)").first);
  CHECK(typo.where.column == position_of(yaml, "amout)").second);

  find_diag(diags, "column 'typo' is declared twice");
  find_diag(diags, "colour");
  const Diagnostic twice = find_diag(diags, "summary id 'bad_values' is already used");
  CHECK(twice.where.line == position_of(yaml, "id: bad_values\n    columns: []").first);
  find_diag(diags, "columns must be a list");
}
