#include "fundrules/error.hpp"

namespace fundrules {

std::string SourceLocation::to_string() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

std::string Diagnostic::to_string() const {
  return where.to_string() + ": " + severity + ": " + message;
}

namespace {
std::string summarize(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "ruleset could not be loaded";
  std::string out = diagnostics.front().to_string();
  if (diagnostics.size() > 1) {
    out += " (and " + std::to_string(diagnostics.size() - 1) + " more)";
  }
  return out;
}
}  // namespace

RulesetError::RulesetError(std::vector<Diagnostic> diagnostics)
    : Error(summarize(diagnostics)), diagnostics_(std::move(diagnostics)) {}

DataError::DataError(SourceLocation where, const std::string& message)
    : Error(where.to_string() + ": " + message), where_(std::move(where)) {}

}  // namespace fundrules
