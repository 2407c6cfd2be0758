// The summaries' shortcuts against their general paths: columns read straight from the table
// against the same aggregates read through the evaluator (a filter that always holds forces
// that way), totals folded from the lines against a summary with no group_by (folded row by
// row), and the 64-bit running sum against plain Decimal addition.

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "fundrules/engine.hpp"

using namespace fundrules;

namespace {

const std::string kRules = R"yaml(fundrules: 1
id: test.summary_fast
title: 汇总捷径
as_of: 2018-01-15
fields:
  category:
    type: enum
    values:
      hardship: {zh: 困难职工, en: Hardship worker}
      frontline: {zh: 一线职工, en: Frontline worker}
      model: {zh: 劳模, en: Model worker}
  household_id: {type: string}
  amount: {type: money}
  people: {type: int}
rules:
  - id: amount.present
    check: has(amount)
    message: 金额为空
summaries:
  - id: direct
    title: 直接读列
    group_by: [category]
    columns:
      - {id: households, label: 户数, value: count_distinct(household_id)}
      - {id: rows, label: 人数, value: count()}
      - {id: amount, label: 金额, value: sum(amount)}
      - {id: people, label: 人口, value: sum(people)}
      - {id: low, label: 最低, value: min(amount)}
      - {id: high, label: 最高, value: max(amount)}
      - {id: mean, label: 平均, value: avg(amount)}
      - {id: amounts, label: 金额种数, value: count_distinct(amount)}
      - {id: sizes, label: 人口种数, value: count_distinct(people)}
      - {id: fewest, label: 最少人口, value: min(people)}
  - id: general
    title: 经求值器
    group_by: [category]
    columns:
      - {id: households, label: 户数, value: "count_distinct(household_id, true)"}
      - {id: rows, label: 人数, value: "count(true)"}
      - {id: amount, label: 金额, value: "sum(amount, true)"}
      - {id: people, label: 人口, value: "sum(people, true)"}
      - {id: low, label: 最低, value: min(amount + 0)}
      - {id: high, label: 最高, value: max(amount + 0)}
      - {id: mean, label: 平均, value: "avg(amount, true)"}
      - {id: amounts, label: 金额种数, value: "count_distinct(amount, true)"}
      - {id: sizes, label: 人口种数, value: "count_distinct(people, true)"}
      - {id: fewest, label: 最少人口, value: min(people + 0)}
  - id: flat
    title: 不分组
    columns:
      - {id: households, label: 户数, value: count_distinct(household_id)}
      - {id: rows, label: 人数, value: count()}
      - {id: amount, label: 金额, value: sum(amount)}
      - {id: people, label: 人口, value: sum(people)}
      - {id: low, label: 最低, value: min(amount)}
      - {id: high, label: 最高, value: max(amount)}
      - {id: mean, label: 平均, value: avg(amount)}
      - {id: amounts, label: 金额种数, value: count_distinct(amount)}
      - {id: sizes, label: 人口种数, value: count_distinct(people)}
      - {id: fewest, label: 最少人口, value: min(people)}
)yaml";

struct Rows {
  std::vector<std::string> category;  // "" is an empty cell
  std::vector<std::string> household;
  std::vector<std::string> amount;
  std::vector<std::string> people;
  [[nodiscard]] std::size_t size() const { return category.size(); }
};

// Rows [begin, end) as a table numbered from begin + 1.
Table table_of(const Rows& rows, std::size_t begin, std::size_t end) {
  Column category("category", ValueType::String);
  Column household("household_id", ValueType::String);
  Column amount("amount", ValueType::Decimal);
  Column people("people", ValueType::Int);
  for (std::size_t i = begin; i < end; ++i) {
    rows.category[i].empty() ? category.append_null() : category.append_string(rows.category[i]);
    rows.household[i].empty() ? household.append_null()
                              : household.append_string(rows.household[i]);
    rows.amount[i].empty() ? amount.append_null()
                           : amount.append_decimal(Decimal::parse(rows.amount[i]));
    rows.people[i].empty() ? people.append_null() : people.append_int(std::stoll(rows.people[i]));
  }
  Table table({category, household, amount, people});
  table.set_first_row_number(static_cast<std::int64_t>(begin) + 1);
  return table;
}

// Random rows with empty cells, amounts of several scales (600 and 600.00 tie in min and max),
// amounts past what a 64-bit coefficient holds once added up, and negative ones.
Rows random_rows(std::size_t count, std::uint32_t seed) {
  std::mt19937 random(seed);
  const std::vector<std::string> categories = {"hardship", "frontline", "model", ""};
  const std::vector<std::string> amounts = {"600",
                                            "600.00",
                                            "599.5",
                                            "0.001",
                                            "-12.5",
                                            "1e0",
                                            "",
                                            "900",
                                            "0",
                                            "0.10",
                                            "9223372036854775.807",
                                            "-9223372036854775.808"};
  Rows rows;
  for (std::size_t i = 0; i < count; ++i) {
    rows.category.push_back(categories[random() % categories.size()]);
    rows.household.push_back(random() % 11 == 0 ? "" : "H" + std::to_string(random() % 40));
    std::string amount = amounts[random() % amounts.size()];
    if (amount == "1e0")
      amount = std::to_string(random() % 100000) + "." + std::to_string(random() % 100);
    rows.amount.push_back(amount);
    rows.people.push_back(random() % 9 == 0 ? ""
                                            : std::to_string(static_cast<int>(random() % 7) - 1));
  }
  return rows;
}

// A summary line as text: its key, row count and every figure with its type and scale.
std::string line_text(const SummaryRow& row) {
  std::string out;
  for (const Value& key : row.key) out += key.is_null() ? "(null)|" : key.to_string() + "|";
  out += std::to_string(row.rows) + ":";
  for (const Value& value : row.values) {
    out += std::string(type_name(value.type())) + " " +
           (value.is_null() ? std::string("null") : value.to_string()) + "; ";
  }
  return out;
}

std::vector<std::string> lines_of(const SummaryTable& table) {
  std::vector<std::string> out;
  for (const SummaryRow& row : table.rows) out.push_back(line_text(row));
  out.push_back("total " + (table.total ? line_text(*table.total) : std::string("none")));
  return out;
}

const SummaryTable& summary(const Report& report, const std::string& id) {
  for (const SummaryTable& table : report.summaries()) {
    if (table.id == id) return table;
  }
  FAIL("no summary " << id);
  throw std::logic_error("unreachable");
}

// What every fast path must agree on, for one report.
void check_agreement(const Report& report) {
  const SummaryTable& direct = summary(report, "direct");
  const SummaryTable& general = summary(report, "general");
  CHECK(lines_of(direct) == lines_of(general));
  // The problems name the aggregate as written, which differs; what went wrong does not.
  CHECK(direct.problems.size() == general.problems.size());
  // The total folded from the lines is the one-line summary folded row by row.
  const SummaryTable& flat = summary(report, "flat");
  REQUIRE(flat.rows.size() == 1);
  REQUIRE(direct.total.has_value());
  SummaryRow total = *direct.total;
  SummaryRow whole = flat.rows.front();
  total.key.clear();
  whole.key.clear();
  CHECK(line_text(total) == line_text(whole));
}

// The figures of every summary of `report`, as text.
std::vector<std::string> figures(const Report& report) {
  std::vector<std::string> out;
  for (const SummaryTable& table : report.summaries()) {
    out.push_back(table.id);
    for (std::string& line : lines_of(table)) out.push_back(std::move(line));
    out.insert(out.end(), table.problems.begin(), table.problems.end());
  }
  return out;
}

}  // namespace

TEST_CASE("summaries read straight from the columns agree with the evaluator's way") {
  const Ruleset rules = Ruleset::load_string(kRules, "fast.yaml");
  const Rows rows = random_rows(3000, 20170115);
  const Report one_pass = check(rules, table_of(rows, 0, rows.size()));
  check_agreement(one_pass);
  // Rows without an amount fail a record rule, so the comparisons below also see row numbers.
  REQUIRE(one_pass.violations().size() > 10);
  const std::string expected = one_pass.to_json();
  const std::vector<std::string> expected_figures = figures(one_pass);

  SECTION("in batches, on threads, with empty and one-row batches") {
    for (const std::size_t batch : {std::size_t{1}, std::size_t{5}, std::size_t{613}}) {
      for (const unsigned threads : {1U, 2U, 4U}) {
        CheckOptions options;
        options.threads = threads;
        Session session(rules, options);
        session.add(table_of(rows, 0, 0));
        for (std::size_t begin = 0; begin < rows.size(); begin += batch) {
          session.add(table_of(rows, begin, std::min(rows.size(), begin + batch)));
        }
        INFO("batch " << batch << ", threads " << threads);
        const Report report = session.finish();
        check_agreement(report);
        CHECK(report.to_json() == expected);
      }
    }
  }

  SECTION("in parts checked apart and merged") {
    std::vector<Report> parts;
    for (std::size_t begin = 0; begin < rows.size(); begin += 977) {
      // Each part is numbered from its own first row, as a file of its own would be, and
      // first_row places it in the whole list.
      Table part = table_of(rows, begin, std::min(rows.size(), begin + 977));
      part.set_first_row_number(1);
      CheckOptions options;
      options.mergeable = true;
      options.first_row = static_cast<std::int64_t>(begin) + 1;
      parts.push_back(check(rules, part, options));
    }
    const Report merged = Report::merge(parts);
    check_agreement(merged);
    CHECK(figures(merged) == expected_figures);
    CHECK(merged.to_json() == expected);
  }

  SECTION("one row, and no row") {
    const Report one = check(rules, table_of(rows, 0, 1));
    check_agreement(one);
    const Report none = check(rules, table_of(rows, 0, 0));
    CHECK(summary(none, "direct").rows.empty());
    CHECK(line_text(*summary(none, "direct").total) == line_text(summary(none, "flat").rows.at(0)));
  }
}

TEST_CASE("a household paid in two categories counts once in the total") {
  const Ruleset rules = Ruleset::load_string(kRules, "fast.yaml");
  Rows rows;
  rows.category = {"hardship", "frontline", "hardship", "model"};
  rows.household = {"H1", "H1", "H2", "H1"};
  rows.amount = {"600", "300.50", "600.00", "900"};
  rows.people = {"3", "3", "1", ""};
  const Report report = check(rules, table_of(rows, 0, rows.size()));
  const SummaryTable& direct = summary(report, "direct");
  REQUIRE(direct.rows.size() == 3);
  CHECK(direct.rows[0].values[0] == Value(std::int64_t{2}));  // hardship: H1 and H2
  CHECK(direct.rows[1].values[0] == Value(std::int64_t{1}));  // frontline: H1
  CHECK(direct.rows[2].values[0] == Value(std::int64_t{1}));  // model: H1
  CHECK(direct.total->values[0] == Value(std::int64_t{2}));   // H1 once, H2
  CHECK(direct.total->rows == 4);
  CHECK(direct.total->values[2].to_string() == "2400.50");
  CHECK(direct.total->values[3] == Value(std::int64_t{7}));  // an int sum stays an int
  // 600 (hardship, row 1) and 600.00 (row 3) tie; the earlier is the total's minimum.
  CHECK(direct.total->values[4].to_string() == "300.50");
  CHECK(direct.total->values[5].to_string() == "900");
  check_agreement(report);
}

TEST_CASE("a running sum gives the Decimal sum, scale and all") {
  using expr::AggregateKind;
  using expr::AggregateState;
  std::mt19937_64 random(7);
  const std::vector<int> scales = {0, 2, 2, 2, 3, 18};
  for (int trial = 0; trial < 200; ++trial) {
    AggregateState sum(AggregateKind::Sum);
    AggregateState first_half(AggregateKind::Sum);
    AggregateState second_half(AggregateKind::Sum);
    Decimal expected;
    bool any_decimal = false;
    const int terms = static_cast<int>(random() % 40);
    for (int t = 0; t < terms; ++t) {
      Value term;
      const std::uint64_t pick = random() % 8;
      if (pick == 0) {
        term = Value(static_cast<std::int64_t>(random()));  // any int64, near the ends too
      } else if (pick == 1) {
        term = Value();  // an empty cell adds nothing
      } else {
        const int scale = scales[random() % scales.size()];
        const std::int64_t coefficient =
            pick == 2 ? static_cast<std::int64_t>(random())
                      : static_cast<std::int64_t>(random() % 2000001) - 1000000;
        term = Value(Decimal::from_scaled(coefficient, scale));
        any_decimal = true;
      }
      if (!term.is_null()) {
        expected += term.type() == ValueType::Int ? Decimal(term.as_int()) : term.as_decimal();
      }
      sum.add(term);
      (t < terms / 2 ? first_half : second_half).add(term);
    }
    first_half.merge(second_half);
    INFO("trial " << trial);
    for (const AggregateState* state : {&sum, &first_half}) {
      const expr::EvalResult result = state->result();
      if (!any_decimal && !expected.to_int64()) {
        CHECK(result.error == expr::EvalErrorKind::Overflow);
        continue;
      }
      REQUIRE(result.ok());
      CHECK(result.value.type() == (any_decimal ? ValueType::Decimal : ValueType::Int));
      CHECK(result.value.to_string() == expected.to_string());
    }
  }
}
