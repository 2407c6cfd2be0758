// Splitting expressions into comparisons for lint. Hand-written and deliberately small: it
// needs to recognise the shapes rulesets use for bounds and categories, nothing more.

#include "lint/conditions.hpp"

#include <cctype>

namespace fundrules::lint_detail {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// True if the parenthesis at text[0] closes at the very end.
bool wrapped(std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0 && i + 1 != text.size()) {
      return false;
    }
  }
  return true;
}

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
}

// A number, a plain string literal, or params.x; nullopt for anything else.
std::optional<Comparison> read_constant(std::string_view text) {
  text = trim(text);
  Comparison out;
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    const std::string_view inner = text.substr(1, text.size() - 2);
    if (inner.find_first_of("\"'\\") != std::string_view::npos) return std::nullopt;
    out.constant = std::string(inner);
    out.is_string = true;
    return out;
  }
  if (text.rfind("params.", 0) == 0 && text.size() > 7) {
    for (const char c : text.substr(7)) {
      if (!name_char(c) || c == '.') return std::nullopt;
    }
    out.constant = std::string(text);
    out.is_param = true;
    return out;
  }
  std::size_t i = (text.size() > 1 && text.front() == '-') ? 1 : 0;
  bool digits = false;
  for (; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      digits = true;
    } else if (text[i] != '.') {
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  out.constant = std::string(text);
  return out;
}

// A field name, or a call of one name on a field name: sum(amount), count().
bool is_operand(std::string_view text) {
  if (text.empty() || text.rfind("params.", 0) == 0) return false;
  const std::size_t open = text.find('(');
  const std::string_view head = text.substr(0, open);
  if (head.empty() || std::isdigit(static_cast<unsigned char>(head.front())) != 0) return false;
  for (const char c : head) {
    if (!name_char(c)) return false;
  }
  if (open == std::string_view::npos) return true;
  if (text.back() != ')') return false;
  for (const char c : text.substr(open + 1, text.size() - open - 2)) {
    if (!name_char(c)) return false;
  }
  return true;
}

std::optional<std::vector<std::string>> read_list(std::string_view text) {
  text = trim(text);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return std::nullopt;
  std::vector<std::string> items;
  std::string_view rest = text.substr(1, text.size() - 2);
  while (!trim(rest).empty()) {
    const std::size_t comma = rest.find(',');
    const auto item = read_constant(rest.substr(0, comma));
    if (!item || !item->is_string) return std::nullopt;
    items.push_back(item->constant);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return items;
}

std::string flipped(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

}  // namespace

std::vector<std::string> conjuncts(std::string_view expression) {
  std::vector<std::string> out;
  expression = trim(expression);
  while (wrapped(expression)) expression = trim(expression.substr(1, expression.size() - 2));
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      --depth;
    } else if (depth == 0 && c == '|' && i + 1 < expression.size() && expression[i + 1] == '|') {
      return {std::string(expression)};  // a disjunction is one condition as a whole
    } else if (depth == 0 && c == '&' && i + 1 < expression.size() && expression[i + 1] == '&') {
      out.emplace_back(trim(expression.substr(start, i - start)));
      start = i + 2;
      ++i;
    }
  }
  out.emplace_back(trim(expression.substr(start)));
  for (auto& part : out) {
    std::string_view view = part;
    while (wrapped(view)) view = trim(view.substr(1, view.size() - 2));
    part = std::string(view);
  }
  return out;
}

std::optional<Comparison> read_comparison(std::string_view conjunct) {
  conjunct = trim(conjunct);
  // `x in [...]`
  const std::size_t in = conjunct.find(" in ");
  if (in != std::string_view::npos) {
    const std::string_view left = trim(conjunct.substr(0, in));
    const auto list = read_list(conjunct.substr(in + 4));
    if (!is_operand(left) || !list) return std::nullopt;
    Comparison out;
    out.operand = std::string(left);
    out.op = "in";
    out.list = *list;
    return out;
  }
  static const char* const kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
  for (const char* op : kOps) {
    const std::size_t at = conjunct.find(op);
    if (at == std::string_view::npos) continue;
    const std::string_view left = trim(conjunct.substr(0, at));
    const std::string_view right = trim(conjunct.substr(at + std::string_view(op).size()));
    if (is_operand(left)) {
      auto constant = read_constant(right);
      if (!constant) return std::nullopt;
      constant->operand = std::string(left);
      constant->op = op;
      return constant;
    }
    if (is_operand(right)) {
      auto constant = read_constant(left);
      if (!constant) return std::nullopt;
      constant->operand = std::string(right);
      constant->op = flipped(op);
      return constant;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::string normalized(std::string_view expression) {
  std::string out;
  bool space = false;
  for (const char c : trim(expression)) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace fundrules::lint_detail
