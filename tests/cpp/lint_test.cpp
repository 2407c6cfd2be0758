// Lint: each kind of finding, at the line of what it is about, and nothing on a clean ruleset.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fundrules/lint.hpp"
#include "lint/conditions.hpp"

using fundrules::LintFinding;

namespace {

const std::string kData = std::string(FUNDRULES_SOURCE_DIR) + "/tests/data/lint/";

std::string dump(const std::vector<LintFinding>& findings) {
  std::string all;
  for (const auto& f : findings) all += "\n  " + f.to_string();
  return all;
}

// The one finding whose message contains `text`.
LintFinding find(const std::vector<LintFinding>& findings, const std::string& text) {
  INFO(dump(findings));
  std::vector<LintFinding> found;
  for (const auto& f : findings) {
    if (f.message.find(text) != std::string::npos) found.push_back(f);
  }
  REQUIRE(found.size() == 1);
  return found[0];
}

}  // namespace

TEST_CASE("lint finds each kind of mistake at its line") {
  const auto findings = fundrules::lint_ruleset(kData + "findings.yaml");
  INFO(dump(findings));
  CHECK(findings.size() == 10);
  CHECK(fundrules::has_errors(findings));

  const auto bounds =
      find(findings, "rules 'frontline.cap' and 'frontline.floor' cannot both hold");
  CHECK(bounds.severity == "error");
  CHECK(bounds.kind == "contradiction");
  CHECK(bounds.rule_id == "frontline.floor");
  CHECK(bounds.where.line == 32);
  CHECK(bounds.message.find("amount >= params.floor (600) and amount <= params.cap (500) from "
                            "2024-01-01") != std::string::npos);

  const auto self = find(findings, "rule 'empty.range' can never hold");
  CHECK(self.severity == "error");
  CHECK(self.where.line == 44);

  const auto unused = find(findings, "parameter 'spare' is not used by any rule");
  CHECK(unused.severity == "warning");
  CHECK(unused.kind == "unused-param");
  CHECK(unused.where.line == 21);

  const auto late =
      find(findings, "parameter 'late' has no value on the ruleset's as_of 2024-06-01");
  CHECK(late.severity == "error");
  CHECK(late.kind == "param-history");
  CHECK(late.where.line == 25);

  const auto order = find(findings, "parameter 'floor': its history is not written in date order");
  CHECK(order.severity == "warning");
  CHECK(order.where.line == 18);
  const auto same = find(findings, "parameter 'floor' keeps the value 400 from 2022-01-01");
  CHECK(same.severity == "info");
  CHECK(same.where.line == 20);

  const auto off = find(findings, "rule 'off.switch' never applies");
  CHECK(off.severity == "warning");
  CHECK(off.kind == "never-applies");
  CHECK(off.where.line == 36);
  CHECK(off.message.find("is false whatever the row, as of 2024-06-01") != std::string::npos);

  const auto both = find(findings, "rule 'both.categories' never applies");
  CHECK(both.message.find("category == \"frontline\" and category == \"hardship\"") !=
        std::string::npos);
  CHECK(both.where.line == 40);

  // A summary's or a form's `when` that selects no row is found as a rule's is.
  const auto summary = find(findings, "summary 'both.summary' counts no row");
  CHECK(summary.severity == "warning");
  CHECK(summary.kind == "never-applies");
  CHECK(summary.where.line == 52);
  CHECK(summary.rule_id.empty());
  CHECK(summary.message.find("category == \"frontline\" and category == \"hardship\" at once") !=
        std::string::npos);
  const auto form = find(findings, "form 'off_form' counts no row");
  CHECK(form.kind == "never-applies");
  CHECK(form.where.line == 58);
  CHECK(form.message.find("its when (params.enabled) is false whatever the row") !=
        std::string::npos);

  // In file and line order.
  for (std::size_t i = 1; i < findings.size(); ++i) {
    CHECK(findings[i - 1].where.line <= findings[i].where.line);
  }
}

TEST_CASE("a clean ruleset, and every bundled one, has no error-level finding") {
  const auto clean = fundrules::lint_ruleset(kData + "clean.yaml");
  INFO(dump(clean));
  CHECK(clean.empty());
  // Caps and floors for different categories, or a floor within a cap, are no contradiction.
}

TEST_CASE("a ruleset that does not load gives its problems as error findings") {
  const auto findings = fundrules::lint_ruleset(std::string(FUNDRULES_SOURCE_DIR) +
                                                "/tests/data/testing/bad/broken.yaml");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].severity == "error");
  CHECK(findings[0].kind == "load");
  CHECK(findings[0].where.line == 8);
  CHECK(findings[0].to_string().find("broken.yaml:8:12: error: rule 'amount.positive'") !=
        std::string::npos);
}

TEST_CASE("lint's reading of conditions") {
  using fundrules::lint_detail::conjuncts;
  using fundrules::lint_detail::read_comparison;
  CHECK(conjuncts("(a == \"x && y\") && b >= 2") ==
        std::vector<std::string>{"a == \"x && y\"", "b >= 2"});
  CHECK(conjuncts("a == 1 || b == 2").size() == 1);
  const auto flipped = read_comparison("600 <= sum(amount)");
  REQUIRE(flipped);
  CHECK(flipped->operand == "sum(amount)");
  CHECK(flipped->op == ">=");
  CHECK(flipped->constant == "600");
  const auto in = read_comparison("category in [\"a\", 'b']");
  REQUIRE(in);
  CHECK(in->list == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(read_comparison("amount <= params.cap * 2"));
  CHECK_FALSE(read_comparison("is_cn_id(id_number)"));
}

TEST_CASE("an identity of a statistics form that mixes units is an error at its column") {
  const auto findings = fundrules::lint_ruleset(kData + "identity-units.yaml");
  INFO(dump(findings));
  CHECK(fundrules::has_errors(findings));
  const auto mixed = find(findings, "mixes units: A is in 人次 but K is in 万元");
  CHECK(mixed.severity == "error");
  CHECK(mixed.kind == "identity-units");
  CHECK(mixed.where.line == 26);
  // "      - A = C + E + G + I + K": K is the 29th character of the line.
  CHECK(mixed.where.column == 29);
  CHECK(mixed.to_string().find("identity-units.yaml:26:29: error: ") != std::string::npos);
  const auto twice = find(findings, "row I is named twice");
  CHECK(twice.kind == "load");
  CHECK(twice.where.column == 33);
}
