#pragma once

// The options of the commands that read a payment list (check, form fill): the reference
// tables it is checked against, its encoding, and how it is read (threads, batch size). One
// parser for both, so the same option means the same thing and fails with the same words.

#include <string>
#include <utility>
#include <vector>

#include "cli/args.hpp"
#include "fundrules/fundrules.hpp"

namespace fundrules::cli {

/// The reference tables asked for, as NAME=FILE was given, in order.
using RefArgs = std::vector<std::pair<std::string, std::string>>;

/// --ref NAME=FILE (repeatable), --encoding, --threads and --batch-rows.
std::vector<OptionSpec> list_option_specs();

/// Reads the list options from `parsed` into `refs`, `check` and `csv`. Throws UsageError,
/// beginning with `command` ("fundrules check"), for a malformed --ref or an out-of-range or
/// unknown value.
void read_list_options(const std::string& command, const ParsedArgs& parsed, RefArgs& refs,
                       CheckOptions& check, CsvOptions& csv);

/// `check` with the --ref tables read. A name the ruleset does not declare, the same name
/// twice, or a required table not given is a UsageError; a file that cannot be read is a
/// DataError naming its file, line and column.
CheckOptions with_references(const std::string& command, const Ruleset& ruleset,
                             const RefArgs& refs, CheckOptions check);

}  // namespace fundrules::cli
