#pragma once

// The syntax tree of an expression, as the parser builds it. Nodes live in one array and refer
// to each other by index, so a tree is a single allocation and can be walked without recursion.
// Every node carries the byte offset of the token that best names it in messages: the operator
// of a binary or unary expression, the name of a call or field, the first character of a literal.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fundrules::expr {

/// Index of a node in Ast::nodes.
using NodeId = std::uint32_t;
/// No node (an absent receiver, a parse that failed).
inline constexpr NodeId kNoNode = 0xFFFFFFFFu;

/// What a syntax node is.
enum class NodeKind : std::uint8_t {
  Null,         ///< `null`
  Bool,         ///< `true`, `false`: bool_value
  Int,          ///< `600`, `0x1F`: int_value
  Decimal,      ///< `650.50`: text holds the literal as written (digits and one point)
  String,       ///< text holds the decoded UTF-8 value
  Ident,        ///< a bare name: text
  Select,       ///< children[0].text, e.g. `params.min_household`
  Call,         ///< text(children...) or children[0].text(children[1...]) if receiver_style
  Index,        ///< children[0][children[1]]
  List,         ///< [children...]
  Unary,        ///< op children[0]
  Binary,       ///< children[0] op children[1] (including && and ||)
  Conditional,  ///< children[0] ? children[1] : children[2]
};

/// Operators, for Unary and Binary nodes.
enum class Op : std::uint8_t {
  None,
  Not,     ///< !x
  Negate,  ///< -x
  Or,      ///< ||
  And,     ///< &&
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  In,
  Add,
  Sub,
  Mul,
  Div,
  Mod,
};

/// The operator as written in expressions ("&&", "in", "!", ...).
const char* op_text(Op op) noexcept;

/// One syntax node.
struct Node {
  NodeKind kind = NodeKind::Null;
  Op op = Op::None;
  bool bool_value = false;
  /// For Call: the first child is the receiver (`s.startsWith("x")`).
  bool receiver_style = false;
  std::uint32_t offset = 0;  ///< byte offset into the expression text
  std::int64_t int_value = 0;
  std::string text;
  std::vector<NodeId> children;
};

/// A parsed expression: its nodes and the root.
struct Ast {
  std::vector<Node> nodes;
  NodeId root = kNoNode;

  [[nodiscard]] const Node& at(NodeId id) const { return nodes[id]; }
  /// Adds a node and returns its id.
  NodeId add(Node node) {
    nodes.push_back(std::move(node));
    return static_cast<NodeId>(nodes.size() - 1);
  }
  /// Height of the tree below `id` (a leaf has depth 1), computed without recursion.
  [[nodiscard]] std::size_t depth(NodeId id) const;
  /// The smallest offset in the subtree of `id`: where the subexpression starts.
  [[nodiscard]] std::uint32_t start(NodeId id) const;
  /// The tree printed fully parenthesised, e.g. "(a + (b * c))"; for tests and debugging.
  [[nodiscard]] std::string to_string(NodeId id) const;
  [[nodiscard]] std::string to_string() const { return root == kNoNode ? "" : to_string(root); }
};

}  // namespace fundrules::expr
