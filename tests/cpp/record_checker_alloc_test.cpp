// A finance program checks each payment as it is entered, with one RecordChecker for the life
// of the form: once it has seen a record or two, checking a record that passes must not touch
// the heap. This program counts every operator new.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fundrules/fundrules.hpp"
#include "fundrules/record_checker.hpp"
#include "one_record.hpp"

#include "counting_new.hpp"

using namespace fundrules;
using fundrules::testing_support::one_row;

TEST_CASE("checking a record that passes allocates nothing once warm", "[alloc]") {
  const std::string root = FUNDRULES_SOURCE_DIR;
  const Ruleset ruleset = Ruleset::load_file(root + "/rules/cn/hefei/2017-liangjie.yaml");
  const CsvBatch input = read_csv(root + "/examples/data/hefei-2017-roster.csv", ruleset.schema());
  RecordChecker checker(ruleset);
  // Records of every kind warm the checker up: failing ones (of record and group rules alike)
  // as well as passing ones.
  std::vector<Table> passing;
  std::vector<Table> failing;
  for (std::size_t row = 0; row < input.table.num_rows(); ++row) {
    Table record = one_row(input.table, row);
    (checker.check(record).empty() ? passing : failing).push_back(std::move(record));
  }
  REQUIRE(passing.size() >= 5);
  REQUIRE(failing.size() >= 5);
  std::size_t found = 0;
  CHECK(allocations_during([&] {
          for (const Table& record : passing) found += checker.check(record).size();
        }) == 0);
  CHECK(found == 0);
  // A violation owns its texts: the counter does see them.
  CHECK(allocations_during([&] { found += checker.check(failing.front()).size(); }) > 0);
  CHECK(found > 0);
}
