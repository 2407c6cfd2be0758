#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "fundrules/export.hpp"

namespace fundrules {

/// Where a problem is: a file (or "<string>"), a 1-based line and column. A zero line or column
/// means "not known"; writers leave it out.
struct FUNDRULES_API SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:column", leaving out the parts that are not known.
  [[nodiscard]] std::string to_string() const;
};

/// One problem found in a ruleset or an input file, with its location.
struct FUNDRULES_API Diagnostic {
  SourceLocation where;
  std::string message;
  /// "error" or "warning"; a ruleset with any error does not load.
  std::string severity = "error";

  /// "file:line:column: error: message".
  [[nodiscard]] std::string to_string() const;
};

/// Base of every exception fundrules throws. A rule that fails on a record is never an
/// exception: it is a violation in the report.
class FUNDRULES_API Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A value could not be read: bad money, an impossible date, a malformed number.
class FUNDRULES_API ValueError : public Error {
 public:
  using Error::Error;
};

/// Exact arithmetic went past the representable range (int64 or a decimal's 38 digits).
class FUNDRULES_API OverflowError : public Error {
 public:
  using Error::Error;
};

/// A stated bound was exceeded (expression length, nesting depth, file size, ...).
class FUNDRULES_API LimitError : public Error {
 public:
  using Error::Error;
};

/// A ruleset could not be loaded. Carries every problem found, not just the first.
class FUNDRULES_API RulesetError : public Error {
 public:
  explicit RulesetError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

/// An input file could not be read at all (missing, unreadable encoding, no header). Problems with
/// single rows are not exceptions: those rows are reported as unreadable.
class FUNDRULES_API DataError : public Error {
 public:
  DataError(SourceLocation where, const std::string& message);
  [[nodiscard]] const SourceLocation& where() const noexcept { return where_; }

 private:
  SourceLocation where_;
};

}  // namespace fundrules
