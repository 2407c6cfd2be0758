#pragma once
// The bundled 合肥 ruleset, loaded once per test program: the engine tests that check a real
// ruleset's rules (record, group and batch) share it rather than each loading their own.

#include "fundrules/ruleset.hpp"

namespace {

// rules/cn/hefei/2017-liangjie.yaml, loaded on first use.
const fundrules::Ruleset& hefei() {
  static const fundrules::Ruleset ruleset =
      fundrules::Ruleset::load_file(FUNDRULES_SOURCE_DIR "/rules/cn/hefei/2017-liangjie.yaml");
  return ruleset;
}

}  // namespace
