#include "expr/ast.hpp"

#include <utility>

namespace fundrules::expr {

const char* op_text(Op op) noexcept {
  switch (op) {
    case Op::None:
      return "";
    case Op::Not:
      return "!";
    case Op::Negate:
      return "-";
    case Op::Or:
      return "||";
    case Op::And:
      return "&&";
    case Op::Eq:
      return "==";
    case Op::Ne:
      return "!=";
    case Op::Lt:
      return "<";
    case Op::Le:
      return "<=";
    case Op::Gt:
      return ">";
    case Op::Ge:
      return ">=";
    case Op::In:
      return "in";
    case Op::Add:
      return "+";
    case Op::Sub:
      return "-";
    case Op::Mul:
      return "*";
    case Op::Div:
      return "/";
    case Op::Mod:
      return "%";
  }
  return "?";
}

std::size_t Ast::depth(NodeId id) const {
  // Depth-first with an explicit stack of (node, depth of node).
  std::size_t deepest = 0;
  std::vector<std::pair<NodeId, std::size_t>> stack{{id, 1}};
  while (!stack.empty()) {
    const auto [node, level] = stack.back();
    stack.pop_back();
    if (level > deepest) {
      deepest = level;
    }
    for (const NodeId child : nodes[node].children) {
      stack.emplace_back(child, level + 1);
    }
  }
  return deepest;
}

std::uint32_t Ast::start(NodeId id) const {
  std::uint32_t first = nodes[id].offset;
  std::vector<NodeId> stack{id};
  while (!stack.empty()) {
    const Node& node = nodes[stack.back()];
    stack.pop_back();
    if (node.offset < first) {
      first = node.offset;
    }
    stack.insert(stack.end(), node.children.begin(), node.children.end());
  }
  return first;
}

std::string Ast::to_string(NodeId id) const {
  const Node& node = nodes[id];
  const auto child = [&](std::size_t i) { return to_string(node.children[i]); };
  switch (node.kind) {
    case NodeKind::Null:
      return "null";
    case NodeKind::Bool:
      return node.bool_value ? "true" : "false";
    case NodeKind::Int:
      return std::to_string(node.int_value);
    case NodeKind::Decimal:
      return node.text;
    case NodeKind::String: {
      std::string out = "\"";
      for (const char c : node.text) {
        if (c == '"' || c == '\\') {
          out += '\\';
        }
        if (c == '\n') {
          out += "\\n";
          continue;
        }
        out += c;
      }
      return out + "\"";
    }
    case NodeKind::Ident:
      return node.text;
    case NodeKind::Select:
      return child(0) + "." + node.text;
    case NodeKind::Call: {
      std::string out;
      std::size_t first_arg = 0;
      if (node.receiver_style) {
        out = child(0) + ".";
        first_arg = 1;
      }
      out += node.text + "(";
      for (std::size_t i = first_arg; i < node.children.size(); ++i) {
        if (i > first_arg) {
          out += ", ";
        }
        out += child(i);
      }
      return out + ")";
    }
    case NodeKind::Index:
      return child(0) + "[" + child(1) + "]";
    case NodeKind::List: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) {
          out += ", ";
        }
        out += child(i);
      }
      return out + "]";
    }
    case NodeKind::Unary:
      return std::string("(") + op_text(node.op) + child(0) + ")";
    case NodeKind::Binary:
      return "(" + child(0) + " " + op_text(node.op) + " " + child(1) + ")";
    case NodeKind::Conditional:
      return "(" + child(0) + " ? " + child(1) + " : " + child(2) + ")";
  }
  return "?";
}

}  // namespace fundrules::expr
