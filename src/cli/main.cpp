// The fundrules program: checks a payment list against a ruleset from the command line.
// The commands themselves live in the fundrules_cli_commands library (see run.cpp), which
// `python -m fundrules` runs too.

#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> words(argv + 1, argv + argc);
  return fundrules::cli::run(words, std::cout, std::cerr);
}
