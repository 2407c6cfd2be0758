// The bundled ruleset and roster, loaded once per fuzzing process.

#include "fuzz_support.hpp"

namespace fundrules::fuzz {

const Ruleset& hefei_ruleset() {
  static const Ruleset ruleset =
      Ruleset::load_file(std::string(FUNDRULES_SOURCE_DIR) + "/rules/cn/hefei/2017-liangjie.yaml");
  return ruleset;
}

const Table& hefei_roster() {
  static const CsvBatch roster =
      read_csv(std::string(FUNDRULES_SOURCE_DIR) + "/examples/data/hefei-2017-roster.csv",
               hefei_ruleset().schema(), CsvOptions{});
  return roster.table;
}

}  // namespace fundrules::fuzz
