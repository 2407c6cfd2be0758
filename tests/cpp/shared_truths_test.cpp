// Conditions that several rules share are computed once per chunk of a batch. What each rule
// finds must stay exactly what it finds on its own, in a ruleset where nothing is shared:
// conditions that fail on empty cells, on a parameter, on mixed operators, whole and as the
// left or right side of `&&` and `||`, in record rules, group rules and summaries, on one to
// four threads and batches of one row to the whole list.

#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "expr/shared_truths.hpp"
#include "fundrules/csv.hpp"
#include "fundrules/engine.hpp"
#include "fundrules/ruleset.hpp"
#include "ruleset/ruleset_impl.hpp"

using fundrules::CheckOptions;
using fundrules::CsvOptions;
using fundrules::Report;
using fundrules::Ruleset;

namespace {

const char* const kHeader = R"yaml(fundrules: 1
id: test.shared
title: Shared conditions
as_of: 2017-01-15
fields:
  name: {type: string}
  kind:
    type: enum
    values:
      a: {zh: 甲, en: A}
      b: {zh: 乙, en: B}
      c: {zh: 丙, en: C}
  amount: {type: money}
  note: {type: string}
  signer: {type: string}
params:
  cap: {type: money, value: 500}
  floor: {type: money, value: 100}
)yaml";

struct Rule {
  std::string id;
  std::string body;  // the rule's YAML after its id
};

// Record rules whose conditions share whole or in part; the same comparison written once more
// with a different constant, operator, field or parameter, which must not share.
const std::vector<Rule>& rules() {
  static const std::vector<Rule> all{
      {"r1", "when: kind == \"a\"\n    check: amount > 0"},
      {"r2", "when: kind == \"a\"\n    check: has(note)"},
      {"r3", "when: kind == \"a\" && has(note)\n    check: note != name"},
      {"r4", "when: has(signer) && kind == \"a\"\n    check: signer == name"},
      {"r5", "when: kind == \"b\"\n    check: amount <= params.cap"},
      {"r6", "when: kind != \"a\"\n    check: amount >= params.floor"},
      {"r7", "when: amount <= params.cap\n    check: kind == \"a\""},
      {"r8", "when: amount <= params.floor\n    check: kind == \"a\" || kind == \"b\""},
      // Empty notes make these conditions errors on some rows, which each rule reports.
      {"r9", "when: note == \"x\"\n    check: amount > 1"},
      {"r10", "when: note == \"x\"\n    check: amount > 2"},
      {"r11", "when: note == \"x\" || kind == \"a\"\n    check: amount < 900"},
      {"r12", "when: kind in [\"a\", \"b\"] && !(note == \"x\")\n    check: amount < 800"},
      {"r13", "when: kind in [\"a\", \"b\"]\n    check: amount < 700"},
      {"r14", "when: kind in [\"b\", \"a\"]\n    check: amount < 600"},
      {"r15",
       "scope: group\n    group_by: name\n    when: kind == \"a\"\n    check: sum(amount) "
       "<= 1500"},
      {"r16",
       "scope: group\n    group_by: note\n    when: note == \"x\" || kind == \"a\"\n    "
       "check: count() <= 40"},
  };
  return all;
}

const char* const kSummary = R"yaml(summaries:
  - id: by_kind
    title: {zh: 按类别, en: By kind}
    group_by: [kind]
    when: kind == "a" || note == "x"
    columns:
      - {id: rows, label: {zh: 行数, en: Rows}, value: count()}
      - {id: amount, label: {zh: 金额, en: Amount}, value: sum(amount)}
)yaml";

std::string ruleset_text(const std::vector<Rule>& chosen, bool summary) {
  std::string text = kHeader;
  text += chosen.empty() ? "rules: []\n" : "rules:\n";
  for (const Rule& rule : chosen) {
    text += "  - id: " + rule.id + "\n    " + rule.body + "\n    message: {zh: 不符, en: fails}\n";
  }
  if (summary) text += kSummary;
  return text;
}

// Random rows: every field sometimes empty, unknown kinds and bad amounts (unreadable rows),
// names shared so that groups span batches.
std::string write_roster(std::uint64_t seed, int rows) {
  std::mt19937_64 rng(seed);
  const auto pick = [&rng](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
  };
  const std::vector<std::string> names{"张三", "李四", "王五", "", "赵六"};
  const std::vector<std::string> kinds{"a", "a", "b", "c", "", "甲", "乙"};
  const std::vector<std::string> amounts{"0",   "1",   "2.5",   "99.99", "100", "500", "500.00",
                                         "501", "750", "1,000", "",      "-3",  "abc"};
  const std::vector<std::string> notes{"x", "x", "y", "", "", "张三"};
  const std::string path =
      std::string(FUNDRULES_BINARY_DIR) + "/shared_truths_test_" + std::to_string(seed) + ".csv";
  std::ofstream out(path, std::ios::binary);
  out << "name,kind,amount,note,signer\n";
  for (int i = 0; i < rows; ++i) {
    const std::string amount = pick(amounts);
    out << pick(names) << ',' << pick(kinds) << ','
        << (amount.find(',') != std::string::npos ? "\"" + amount + "\"" : amount) << ','
        << pick(notes) << ',' << pick(names) << '\n';
  }
  return path;
}

std::string violations_of(const Report& report, const std::string& rule_id) {
  std::string text;
  for (const fundrules::Violation& v : report.violations()) {
    if (v.rule_id != rule_id) continue;
    text += std::to_string(v.rows.front()) + " " + std::to_string(v.rows.size()) + " " +
            v.message_en + " | " + v.detail + "\n";
  }
  for (const fundrules::RuleStat& stat : report.summary().rule_stats) {
    if (stat.rule_id == rule_id) text += "checked " + std::to_string(stat.checked) + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("rules sharing conditions find what each finds alone", "[engine][shared]") {
  const Ruleset all = Ruleset::load_string(ruleset_text(rules(), true), "shared.yaml");
  const std::string roster = write_roster(7, 9000);
  CheckOptions options;
  // Each rule on its own, in a ruleset where nothing can be shared.
  std::vector<std::string> alone;
  for (const Rule& rule : rules()) {
    const Ruleset one = Ruleset::load_string(ruleset_text({rule}, false), rule.id + ".yaml");
    const Report report = fundrules::check_csv(one, roster, options);
    alone.push_back(violations_of(report, rule.id));
  }
  const Ruleset summary_only = Ruleset::load_string(ruleset_text({}, true), "summary.yaml");
  const std::string summary_alone =
      fundrules::check_csv(summary_only, roster, options).summaries_to_csv();
  // Each condition errs on some rows and holds on others, so both paths are compared.
  CHECK(alone[8].find("when:") != std::string::npos);
  CHECK(alone[10].find("when:") != std::string::npos);
  for (unsigned threads = 1; threads <= 4; ++threads) {
    for (const std::size_t batch_rows : {1, 3, 4095, 4096, 4097, 5000, 65536}) {
      INFO(threads << " threads, batches of " << batch_rows);
      options.threads = threads;
      CsvOptions csv;
      csv.batch_rows = batch_rows;
      const Report report = fundrules::check_csv(all, roster, options, csv);
      REQUIRE(report.summary().unreadable > 0);
      for (std::size_t i = 0; i < rules().size(); ++i) {
        INFO("rule " << rules()[i].id);
        CHECK(violations_of(report, rules()[i].id) == alone[i]);
      }
      CHECK(report.summaries_to_csv() == summary_alone);
    }
  }
}

TEST_CASE("only provably identical conditions share a key", "[engine][shared]") {
  // The key of each rule's check, compiled in one ruleset (so that fields and parameters have
  // the same slots, as for the rules of one ruleset).
  const std::vector<std::string> checks{"kind == \"a\"",
                                        "kind == \"a\"",
                                        "kind == \"b\"",
                                        "kind != \"a\"",
                                        "note == \"a\"",
                                        "amount <= params.cap",
                                        "amount <= params.floor",
                                        "amount < params.cap",
                                        "amount <= 500",
                                        "amount <= 500.00",
                                        "kind in [\"a\", \"b\"]",
                                        "kind in [\"b\", \"a\"]",
                                        "!(kind == \"a\")",
                                        "is_cn_id(name)",
                                        "kind == \"a\" && has(note)",
                                        "kind == \"a\" || has(note)"};
  std::vector<Rule> chosen;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    chosen.push_back({"k" + std::to_string(i), "check: '" + checks[i] + "'"});
  }
  const Ruleset ruleset = Ruleset::load_string(ruleset_text(chosen, false), "keys.yaml");
  std::vector<std::string> keys;
  for (const auto& rule : ruleset.impl().rules) {
    const auto* program = dynamic_cast<const fundrules::expr::CompiledProgram*>(rule.check.get());
    REQUIRE(program != nullptr);
    keys.push_back(fundrules::expr::SharedPlan::key_of(*program, program->kernel_root));
  }
  CHECK(keys[0] == keys[1]);
  CHECK_FALSE(keys[0].empty());
  // Different text, operator, field, parameter, literal, list order: no two alike.
  for (std::size_t i = 1; i < keys.size(); ++i) {
    for (std::size_t j = i + 1; j < keys.size(); ++j) {
      INFO(checks[i] << " / " << checks[j]);
      if (!keys[i].empty()) CHECK(keys[i] != keys[j]);
    }
  }
  // A validator computes only the rows its caller needs: never shared.
  CHECK(keys[13].empty());

  // The plan gives a slot to what occurs twice, in whole or in part, and to nothing else.
  std::vector<const fundrules::expr::Program*> programs;
  for (const auto& rule : ruleset.impl().rules) programs.push_back(rule.check.get());
  const fundrules::expr::SharedPlan plan(programs);
  CHECK(plan.slots() == 1);  // kind == "a", alone and under `!`, `&&`, `||`
  for (std::size_t i = 0; i < programs.size(); ++i) {
    const auto* program = dynamic_cast<const fundrules::expr::CompiledProgram*>(programs[i]);
    const bool shares = i <= 1 || i >= 12 && i != 13;
    INFO(checks[i]);
    CHECK((plan.slots_of(program) != nullptr) == shares);
  }
}
