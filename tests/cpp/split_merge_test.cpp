// Split and merge: a payment list checked in K parts whose results are merged must give the
// report of the whole list checked in one pass, byte for byte. Random rosters (households,
// duplicate ID numbers, every category, odd amounts, rows that could not be read), random
// splits, and every way of merging: Session::merge, Report::merge of two, of a list, and of
// reports that were themselves merged.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/error.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"

#include "hefei_ruleset.hpp"

using fundrules::CheckOptions;
using fundrules::Date;
using fundrules::Decimal;
using fundrules::Report;
using fundrules::ReportOptions;
using fundrules::RowProblem;
using fundrules::Ruleset;
using fundrules::Session;
using fundrules::Table;
using fundrules::Value;

namespace {

// Group and batch rules of every aggregate kind: budgets, rates, duplicates, headcounts.
const Ruleset& batch_rules() {
  static const Ruleset ruleset = Ruleset::load_string(R"yaml(fundrules: 1
id: test.split_merge
title: Split and merge
as_of: 2017-01-15
fields:
  name: {type: string, required: true, personal: name}
  id_number: {type: string, personal: id_number}
  household_id: {type: string}
  category:
    type: enum
    values:
      registered_hardship: {zh: 建档困难职工, en: Registered hardship}
      frontline: {zh: 一线职工, en: Frontline}
      student: {zh: 困难职工子女, en: Student}
  amount: {type: money, required: true}
  payment_method:
    type: enum
    values:
      bank_card: {zh: 银行卡, en: Bank card}
      signed_cash: {zh: 实名制签领, en: Cash}
  paid_on: {type: date}
params:
  budget: {type: money, value: 20000}
  households: {type: int, value: 25}
rules:
  - id: amount.positive
    check: amount > 0
    message: {zh: "金额{amount}须大于0", en: "amount {amount} must be above 0"}
  - id: household.min
    scope: group
    group_by: household_id
    when: category == "registered_hardship"
    check: sum(amount) >= 600 && count() <= 3
    message: {zh: "户{household_id}合计{sum_amount}元", en: "household {household_id}: {sum_amount}"}
  - id: person.once
    scope: group
    group_by: id_number
    check: count() == 1
    severity: warning
    message: {zh: "{id_number}出现{count}次", en: "{id_number} appears {count} times"}
  - id: household.category
    scope: group
    group_by: [household_id, category]
    check: max(amount) - min(amount) <= 500 && avg(amount) < 1000
    message: {zh: "户{household_id}金额不均", en: "household {household_id}: uneven amounts"}
  - id: budget
    scope: batch
    check: sum(amount) <= params.budget
    message: {zh: "合计{sum_amount}元超出预算", en: "total {sum_amount} is over the budget"}
  - id: bank.rate
    scope: batch
    check: sum(amount, payment_method == "bank_card") / sum(amount) >= 0.9
    severity: warning
    message: {zh: "银行卡发放率不足90%", en: "less than 90% paid by bank card"}
  - id: unique.people
    scope: batch
    check: count() == count_distinct(id_number, has(id_number)) + count(!has(id_number))
    message: {zh: "有人重复领取", en: "someone is paid twice"}
  - id: households.planned
    scope: batch
    check: count_distinct(household_id) <= params.households
    message: {zh: "户数超出计划", en: "more households than planned"}
  - id: dates.known
    scope: batch
    check: all(has(paid_on)) || any(category == "student")
    severity: warning
    message: {zh: "有行缺发放日期", en: "some rows have no payment date"}
)yaml",
                                                      "split_merge.yaml");
  return ruleset;
}

using Row = std::map<std::string, Value>;

// A roster: rows by their 1-based data row number; rows in `problems` could not be read and
// have no entry in `rows`.
struct Roster {
  std::int64_t size = 0;
  std::map<std::int64_t, Row> rows;
  std::map<std::int64_t, RowProblem> problems;
};

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& choices) {
  return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(rng)];
}

bool chance(std::mt19937_64& rng, double p) { return std::bernoulli_distribution(p)(rng); }

Row random_row(std::mt19937_64& rng, std::int64_t households) {
  static const std::vector<std::string> names{"王建国", "张伟", "陈志文", "黄磊", "李娜"};
  // Valid and invalid ID numbers from a small pool, so that people are paid twice.
  static const std::vector<std::string> ids{"34012419620314287X", "340123197001052890",
                                            "340121195804175091", "340104198506125819",
                                            "340104198506125810", "110101199003077578"};
  static const std::vector<std::string> categories{"registered_hardship",
                                                   "unregistered_hardship",
                                                   "hardship_model_worker",
                                                   "frontline",
                                                   "student",
                                                   "migrant_worker"};
  static const std::vector<std::string> amounts{"600", "300", "300.50", "899.99", "900", "1000",
                                                "0",   "-20", "450",    "0.01",   "1200"};
  static const std::vector<std::string> cards{"6225881414207430", "6217991396485638313",
                                              "6225881414207431"};
  static const std::vector<std::string> phones{"18188076013", "13603797135", "0551-6666666"};
  static const std::vector<std::string> levels{"national", "municipal", "county"};
  Row row;
  row["name"] = pick(rng, names);
  if (!chance(rng, 0.1)) row["id_number"] = pick(rng, ids);
  row["category"] = pick(rng, categories);
  if (!chance(rng, 0.05)) {
    row["household_id"] =
        "H" + std::to_string(std::uniform_int_distribution<std::int64_t>(1, households)(rng));
  }
  if (chance(rng, 0.2)) {
    row["amount"] =
        Decimal::from_scaled(std::uniform_int_distribution<std::int64_t>(1, 99999)(rng), 2);
  } else {
    row["amount"] = Decimal::parse_money(pick(rng, amounts));
  }
  const bool card = chance(rng, 0.7);
  row["payment_method"] = card ? "bank_card" : "signed_cash";
  if (card ? !chance(rng, 0.1) : chance(rng, 0.1)) row["bank_card"] = pick(rng, cards);
  if (!chance(rng, 0.2)) row["phone"] = pick(rng, phones);
  if (chance(rng, 0.5)) row["hardship_reason"] = "因病致困";
  if (!card && chance(rng, 0.8)) row["signer"] = chance(rng, 0.9) ? row["name"] : Value("代领人");
  if (!chance(rng, 0.1)) {
    row["paid_on"] = Date::from_days(Date::from_ymd(2016, 12, 1).days_since_epoch() +
                                     std::uniform_int_distribution<std::int32_t>(0, 80)(rng));
  }
  if (chance(rng, 0.5)) row["monthly_income"] = Decimal::parse_money(pick(rng, amounts));
  if (chance(rng, 0.5)) row["model_worker_level"] = pick(rng, levels);
  return row;
}

Roster random_roster(std::mt19937_64& rng) {
  Roster roster;
  roster.size = std::uniform_int_distribution<std::int64_t>(0, 160)(rng);
  const std::int64_t households = std::max<std::int64_t>(1, roster.size / 3);
  for (std::int64_t r = 1; r <= roster.size; ++r) {
    if (chance(rng, 0.05)) {
      RowProblem problem;
      problem.row = r;
      problem.line = r + 1;  // one header line, one line per row
      problem.column = 5;
      problem.field = "amount";
      problem.message = "'12,34.5' is not an amount of money";
      roster.problems[r] = problem;
    } else {
      roster.rows[r] = random_row(rng, households);
    }
  }
  return roster;
}

// The readable rows of data rows (begin, end] as a table in the schema's fields, numbered as
// the whole list numbers them less `shift`.
Table table_of(const Roster& roster, const fundrules::Schema& schema, std::int64_t begin,
               std::int64_t end, std::int64_t shift) {
  std::vector<fundrules::Column> columns;
  std::vector<std::int64_t> numbers;
  std::vector<std::int64_t> lines;
  for (const auto& field : schema.fields) columns.emplace_back(field.name, field.type);
  for (auto it = roster.rows.upper_bound(begin); it != roster.rows.end() && it->first <= end;
       ++it) {
    for (std::size_t f = 0; f < schema.fields.size(); ++f) {
      const auto cell = it->second.find(schema.fields[f].name);
      if (cell == it->second.end()) {
        columns[f].append_null();
      } else {
        columns[f].append(cell->second);
      }
    }
    numbers.push_back(it->first - shift);
    lines.push_back(it->first + 1 - shift);
  }
  Table table(std::move(columns));
  if (!numbers.empty()) table.set_origins(std::move(numbers), std::move(lines));
  return table;
}

std::vector<RowProblem> problems_of(const Roster& roster, std::int64_t begin, std::int64_t end,
                                    std::int64_t shift) {
  std::vector<RowProblem> problems;
  for (auto it = roster.problems.upper_bound(begin);
       it != roster.problems.end() && it->first <= end; ++it) {
    RowProblem problem = it->second;
    problem.row -= shift;
    problem.line -= shift;
    problems.push_back(problem);
  }
  return problems;
}

CheckOptions options_for(std::int64_t first_row, bool mergeable) {
  CheckOptions options;
  options.input_name = "roster.csv";
  options.first_row = first_row;
  options.mergeable = mergeable;
  return options;
}

// Checks data rows (begin, end] as a part of its own. Half the time the part numbers its rows
// from 1 and says where it starts (CheckOptions::first_row); otherwise its table carries the
// whole list's row numbers.
Session check_part(const Ruleset& ruleset, const Roster& roster, std::int64_t begin,
                   std::int64_t end, bool local_numbers, bool mergeable) {
  const std::int64_t shift = local_numbers ? begin : 0;
  Session session(ruleset, options_for(shift + 1, mergeable));
  session.add_problems(problems_of(roster, begin, end, shift));
  session.add(table_of(roster, ruleset.schema(), begin, end, shift));
  return session;
}

std::string json_of(const Report& report) {
  ReportOptions options;
  options.language = "en";
  options.show_personal_data = true;
  std::string text = report.to_json(options) + report.to_text();
  // How often each rule was checked is not in the JSON; it must merge all the same.
  for (const fundrules::RuleStat& stat : report.summary().rule_stats) {
    text += stat.rule_id + " checked " + std::to_string(stat.checked) + ", failed " +
            std::to_string(stat.failed) + "\n";
  }
  return text;
}

// Merges reports pairwise, as a cluster would combine the results of its workers.
Report merge_tree(std::vector<Report> reports) {
  while (reports.size() > 1) {
    std::vector<Report> next;
    for (std::size_t i = 0; i < reports.size(); i += 2) {
      if (i + 1 == reports.size()) {
        next.push_back(reports[i]);
      } else {
        Report pair = reports[i];
        pair.merge(reports[i + 1]);
        next.push_back(std::move(pair));
      }
    }
    reports = std::move(next);
  }
  return reports.front();
}

void check_split_merge(const Ruleset& ruleset, std::uint64_t seed, int iterations) {
  std::mt19937_64 rng(seed);
  for (int iteration = 0; iteration < iterations; ++iteration) {
    const Roster roster = random_roster(rng);
    Session whole(ruleset, options_for(1, false));
    whole.add_problems(problems_of(roster, 0, roster.size, 0));
    whole.add(table_of(roster, ruleset.schema(), 0, roster.size, 0));
    const std::string expected = json_of(whole.finish());

    // K parts at random cut points; parts may be empty.
    const int parts = std::uniform_int_distribution<int>(1, 6)(rng);
    std::vector<std::int64_t> cuts{0, roster.size};
    for (int k = 1; k < parts; ++k) {
      cuts.push_back(std::uniform_int_distribution<std::int64_t>(0, roster.size)(rng));
    }
    std::sort(cuts.begin(), cuts.end());
    const bool local_numbers = chance(rng, 0.5);
    const int way = iteration % 4;
    INFO("seed " << seed << ", iteration " << iteration << ", rows " << roster.size << ", "
                 << cuts.size() - 1 << " parts, merged by way " << way);

    std::string merged;
    if (way == 0) {
      Session first = check_part(ruleset, roster, cuts[0], cuts[1], local_numbers, false);
      for (std::size_t k = 2; k < cuts.size(); ++k) {
        first.merge(check_part(ruleset, roster, cuts[k - 1], cuts[k], local_numbers, false));
      }
      merged = json_of(first.finish());
    } else {
      std::vector<Report> reports;
      for (std::size_t k = 1; k < cuts.size(); ++k) {
        reports.push_back(
            check_part(ruleset, roster, cuts[k - 1], cuts[k], local_numbers, true).finish());
        REQUIRE(reports.back().mergeable());
      }
      if (way == 1) {
        merged = json_of(Report::merge(reports));
      } else if (way == 2) {
        Report first = reports.front();
        for (std::size_t k = 1; k < reports.size(); ++k) first.merge(reports[k]);
        merged = json_of(first);
      } else {
        merged = json_of(merge_tree(reports));
      }
    }
    REQUIRE(merged == expected);
  }
}

}  // namespace

TEST_CASE("a list checked in random parts and merged gives the one-pass report",
          "[engine][merge]") {
  SECTION("the Hefei ruleset (record and household rules)") {
    check_split_merge(hefei(), 20170115, 200);
  }
  SECTION("a ruleset of batch rules: budgets, rates, duplicates, headcounts") {
    check_split_merge(batch_rules(), 19491001, 200);
  }
}

TEST_CASE("a household split across two parts is judged on its whole total", "[engine][merge]") {
  // Each part pays the household 300; only together do they reach the 600 minimum.
  Roster roster;
  roster.size = 2;
  std::mt19937_64 rng(7);
  for (std::int64_t r = 1; r <= 2; ++r) {
    Row row = random_row(rng, 1);
    row["category"] = "registered_hardship";
    row["household_id"] = "H9";
    row["amount"] = Decimal::parse_money("300");
    row["id_number"] = r == 1 ? "34012419620314287X" : "340123197001052890";
    roster.rows[r] = row;
  }
  const auto household_failures = [](const Report& report) {
    return report.summary().violations_by_rule.count("household.min");
  };
  Report first = check_part(batch_rules(), roster, 0, 1, true, true).finish();
  const Report second = check_part(batch_rules(), roster, 1, 2, true, true).finish();
  CHECK(household_failures(first) == 1);
  CHECK(household_failures(second) == 1);
  CHECK(second.violations().front().rows == std::vector<std::int64_t>{2});
  first.merge(second);
  CHECK(household_failures(first) == 0);
  CHECK(first.summary().rows == 2);
  CHECK(first.summary().violations_by_rule.count("person.once") == 0);
  CHECK(first.mergeable());
}

TEST_CASE("merging refuses what cannot be one list", "[engine][merge]") {
  Roster roster;
  roster.size = 0;
  const Report plain = check_part(hefei(), roster, 0, 0, false, false).finish();
  const Report mergeable = check_part(hefei(), roster, 0, 0, false, true).finish();
  CHECK_FALSE(plain.mergeable());
  CHECK_THROWS_AS(Report::merge(std::vector<Report>{mergeable, plain}), fundrules::Error);
  CHECK_THROWS_AS(Report::merge(std::vector<Report>{}), fundrules::Error);

  Session hefei_part(hefei(), options_for(1, false));
  CHECK_THROWS_AS(hefei_part.merge(Session(batch_rules(), options_for(1, false))),
                  fundrules::Error);
  CheckOptions later_date = options_for(1, false);
  later_date.as_of = Date::from_ymd(2018, 1, 1);
  CHECK_THROWS_AS(hefei_part.merge(Session(hefei(), later_date)), fundrules::Error);
  Session finished(hefei(), options_for(1, false));
  (void)finished.finish();
  CHECK_THROWS_AS(hefei_part.merge(std::move(finished)), fundrules::Error);
  // A failed merge leaves the session usable.
  CHECK(hefei_part.finish().summary().rows == 0);
}

TEST_CASE("CSV files cut from one list merge into the report of the whole file",
          "[engine][merge][csv]") {
  // The sample roster cut into three files, each with the header, as a clerk would cut a
  // spreadsheet; each part says where its rows start.
  const std::string whole_path = FUNDRULES_SOURCE_DIR "/examples/data/hefei-2017-roster.csv";
  std::ifstream whole_file(whole_path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(whole_file, line);) lines.push_back(line + "\n");
  REQUIRE(lines.size() > 10);
  const std::vector<std::size_t> cuts{1, 8, 9, lines.size()};  // line indexes; 0 is the header
  std::vector<Report> parts;
  for (std::size_t k = 1; k < cuts.size(); ++k) {
    const std::string path = FUNDRULES_BINARY_DIR "/split_merge_part" + std::to_string(k) + ".csv";
    std::ofstream part(path, std::ios::binary);
    part << lines[0];
    for (std::size_t i = cuts[k - 1]; i < cuts[k]; ++i) part << lines[i];
    part.close();
    CheckOptions options = options_for(static_cast<std::int64_t>(cuts[k - 1]), true);
    parts.push_back(fundrules::check_csv(hefei(), path, options));
  }
  CheckOptions options = options_for(1, false);
  const Report whole = fundrules::check_csv(hefei(), whole_path, options);
  const Report merged = Report::merge(parts);
  REQUIRE(whole.violations().size() > 3);
  CHECK(merged.summary().input_sha256.empty());  // the parts are different files
  CHECK(whole.summary().input_sha256.size() == 64);
  // The digest is the one field that names the input and differs.
  CHECK(json_of(merged) == json_of(Report(
                               [&] {
                                 fundrules::Summary s = whole.summary();
                                 s.input_sha256.clear();
                                 return s;
                               }(),
                               whole.violations(), whole.summaries())));
}
