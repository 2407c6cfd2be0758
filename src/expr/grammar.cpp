// The expression grammar, written with Boost.Spirit X3. Each rule's attribute is the id of the
// node it built; semantic actions append nodes to the Ast held in the parse context. A branch
// that backtracks only leaves unreferenced nodes behind, which is harmless.
//
// Recursion happens only through brackets (parentheses, lists, calls, indexes): operator chains,
// unary prefixes and `?:` are parsed with loops and folded. parse() bounds bracket nesting
// before it starts, so deep input cannot exhaust the stack.

#include <algorithm>
#include <functional>

#include <boost/spirit/home/x3.hpp>

#include "expr/lexer.hpp"
#include "expr/parser.hpp"

namespace fundrules::expr {
namespace {

namespace x3 = boost::spirit::x3;
using Iterator = const char*;

/// What the actions build into.
struct Builder {
  Ast& ast;
  std::string_view text;
  std::vector<ExprError>& errors;

  [[nodiscard]] std::uint32_t offset(Iterator it) const {
    return static_cast<std::uint32_t>(it - text.data());
  }
  NodeId add(NodeKind kind, std::uint32_t at) {
    Node node;
    node.kind = kind;
    node.offset = at;
    return ast.add(std::move(node));
  }
  NodeId binary(Op op, std::uint32_t at, NodeId lhs, NodeId rhs) {
    const NodeId id = add(NodeKind::Binary, at);
    ast.nodes[id].op = op;
    ast.nodes[id].children = {lhs, rhs};
    return id;
  }
};

struct builder_tag;

template <typename Context>
Builder& builder(const Context& ctx) {
  return x3::get<builder_tag>(ctx).get();
}

/// An operator token and where it was written.
struct OpToken {
  Op op = Op::None;
  std::uint32_t offset = 0;
};

/// An identifier and where it was written.
struct Name {
  std::string text;
  std::uint32_t offset = 0;
};

/// A ?: tail: `? then : otherwise`.
struct CondTail {
  std::uint32_t offset = 0;
  NodeId then_branch = kNoNode;
  NodeId else_branch = kNoNode;
};

// ---- token parsers: thin X3 wrappers around the lexer ------------------------------------

struct SpaceParser : x3::parser<SpaceParser> {
  using attribute_type = x3::unused_type;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, const It& last, const Ctx&, RCtx&, Attr&) const {
    const std::string_view rest(first, static_cast<std::size_t>(last - first));
    const std::size_t skipped = lex::skip_space(rest, 0);
    first += skipped;
    return skipped > 0;
  }
};

struct KeywordParser : x3::parser<KeywordParser> {
  using attribute_type = x3::unused_type;
  std::string_view word;
  explicit constexpr KeywordParser(std::string_view w) : word(w) {}
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    const std::string_view rest(first, static_cast<std::size_t>(last - first));
    if (rest.substr(0, word.size()) != word) {
      return false;
    }
    if (rest.size() > word.size() && lex::is_ident_char(rest[word.size()])) {
      return false;
    }
    first += word.size();
    return true;
  }
};

struct NameParser : x3::parser<NameParser> {
  using attribute_type = Name;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const std::string_view rest(first, static_cast<std::size_t>(last - first));
    const std::size_t end = lex::scan_identifier(rest, 0);
    if (end == 0 || lex::is_reserved(rest.substr(0, end))) {
      return false;
    }
    Name name{std::string(rest.substr(0, end)), builder(ctx).offset(first)};
    x3::traits::move_to(name, attr);
    first += end;
    return true;
  }
};

struct NumberParser : x3::parser<NumberParser> {
  using attribute_type = NodeId;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    Builder& b = builder(ctx);
    const std::size_t pos = b.offset(first);
    if (!lex::starts_number(b.text, pos)) {
      return false;
    }
    lex::Number number;
    const std::size_t end = lex::scan_number(b.text, pos, number, b.errors);
    const NodeId id = b.add(number.is_decimal ? NodeKind::Decimal : NodeKind::Int,
                            static_cast<std::uint32_t>(pos));
    Node& node = b.ast.nodes[id];
    node.int_value = number.int_value;
    node.bool_value = number.needs_negation;  // cleared when a unary minus takes it
    if (number.is_decimal) {
      node.text = std::move(number.text);
    }
    x3::traits::move_to(id, attr);
    first = b.text.data() + end;
    return true;
  }
};

struct StringParser : x3::parser<StringParser> {
  using attribute_type = NodeId;
  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, const It& last, const Ctx& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    Builder& b = builder(ctx);
    const std::size_t pos = b.offset(first);
    if (!lex::starts_string(b.text, pos)) {
      return false;
    }
    std::string value;
    bool terminated = true;
    const std::size_t end = lex::scan_string(b.text, pos, value, b.errors, terminated);
    if (!terminated) {
      // Nothing after an unclosed quote can be parsed; stop here with a precise message.
      throw x3::expectation_failure<It>(first, "closing quote of the string literal");
    }
    const NodeId id = b.add(NodeKind::String, static_cast<std::uint32_t>(pos));
    b.ast.nodes[id].text = std::move(value);
    x3::traits::move_to(id, attr);
    first = b.text.data() + end;
    return true;
  }
};

const SpaceParser space_p{};
const NameParser name_p{};
const NumberParser number_p{};
const StringParser string_p{};
constexpr KeywordParser kw_true{"true"};
constexpr KeywordParser kw_false{"false"};
constexpr KeywordParser kw_null{"null"};
constexpr KeywordParser kw_in{"in"};

// ---- semantic actions ------------------------------------------------------------------

// Actions on x3::raw[...] receive the matched range, whose start is the token's offset.
const auto set_op = [](Op op) {
  return [op](auto& ctx) {
    x3::_val(ctx) = OpToken{op, builder(ctx).offset(x3::_attr(ctx).begin())};
  };
};

const auto assign = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };

const auto fold_binary = [](auto& ctx) {
  const OpToken& op = boost::fusion::at_c<0>(x3::_attr(ctx));
  const NodeId rhs = boost::fusion::at_c<1>(x3::_attr(ctx));
  x3::_val(ctx) = builder(ctx).binary(op.op, op.offset, x3::_val(ctx), rhs);
};

const auto fold_unary = [](auto& ctx) {
  Builder& b = builder(ctx);
  const std::vector<OpToken>& ops = boost::fusion::at_c<0>(x3::_attr(ctx));
  NodeId node = boost::fusion::at_c<1>(x3::_attr(ctx));
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    Node& operand = b.ast.nodes[node];
    // Negative number literals are folded, so that -9223372036854775808 is expressible.
    if (it->op == Op::Negate && operand.kind == NodeKind::Int) {
      if (operand.bool_value) {
        operand.bool_value = false;
      } else {
        operand.int_value = -operand.int_value;
      }
      operand.offset = it->offset;
      continue;
    }
    if (it->op == Op::Negate && operand.kind == NodeKind::Decimal) {
      operand.text = operand.text[0] == '-' ? operand.text.substr(1) : "-" + operand.text;
      operand.offset = it->offset;
      continue;
    }
    const NodeId id = b.add(NodeKind::Unary, it->offset);
    b.ast.nodes[id].op = it->op;
    b.ast.nodes[id].children = {node};
    node = id;
  }
  x3::_val(ctx) = node;
};

const auto fold_conditional = [](auto& ctx) {
  Builder& b = builder(ctx);
  const NodeId first = boost::fusion::at_c<0>(x3::_attr(ctx));
  const std::vector<CondTail>& tails = boost::fusion::at_c<1>(x3::_attr(ctx));
  if (tails.empty()) {
    x3::_val(ctx) = first;
    return;
  }
  // a ? b : c ? d : e groups as a ? b : (c ? d : e).
  NodeId acc = tails.back().else_branch;
  for (std::size_t i = tails.size(); i-- > 0;) {
    const NodeId condition = i == 0 ? first : tails[i - 1].else_branch;
    const NodeId id = b.add(NodeKind::Conditional, tails[i].offset);
    b.ast.nodes[id].children = {condition, tails[i].then_branch, acc};
    acc = id;
  }
  x3::_val(ctx) = acc;
};

const auto make_cond_tail = [](auto& ctx) {
  x3::_val(ctx) =
      CondTail{boost::fusion::at_c<0>(x3::_attr(ctx)).offset,
               boost::fusion::at_c<1>(x3::_attr(ctx)), boost::fusion::at_c<2>(x3::_attr(ctx))};
};

const auto push_arg = [](auto& ctx) { x3::_val(ctx).push_back(x3::_attr(ctx)); };

const auto make_ident_or_call = [](auto& ctx) {
  Builder& b = builder(ctx);
  const Name& name = boost::fusion::at_c<0>(x3::_attr(ctx));
  const auto& args = boost::fusion::at_c<1>(x3::_attr(ctx));
  const NodeId id = b.add(args ? NodeKind::Call : NodeKind::Ident, name.offset);
  b.ast.nodes[id].text = name.text;
  if (args) {
    b.ast.nodes[id].children = *args;
  }
  x3::_val(ctx) = id;
};

const auto make_select_or_method = [](auto& ctx) {
  Builder& b = builder(ctx);
  const Name& name = boost::fusion::at_c<0>(x3::_attr(ctx));
  const auto& args = boost::fusion::at_c<1>(x3::_attr(ctx));
  const NodeId id = b.add(args ? NodeKind::Call : NodeKind::Select, name.offset);
  Node& node = b.ast.nodes[id];
  node.text = name.text;
  node.children.push_back(x3::_val(ctx));
  if (args) {
    node.receiver_style = true;
    node.children.insert(node.children.end(), args->begin(), args->end());
  }
  x3::_val(ctx) = id;
};

const auto make_index = [](auto& ctx) {
  Builder& b = builder(ctx);
  const NodeId id = b.add(NodeKind::Index, boost::fusion::at_c<0>(x3::_attr(ctx)).offset);
  b.ast.nodes[id].children = {x3::_val(ctx), boost::fusion::at_c<1>(x3::_attr(ctx))};
  x3::_val(ctx) = id;
};

const auto make_list = [](auto& ctx) {
  Builder& b = builder(ctx);
  const NodeId id = b.add(NodeKind::List, boost::fusion::at_c<0>(x3::_attr(ctx)).offset);
  b.ast.nodes[id].children = boost::fusion::at_c<1>(x3::_attr(ctx));
  x3::_val(ctx) = id;
};

const auto make_keyword = [](NodeKind kind, bool value) {
  return [kind, value](auto& ctx) {
    Builder& b = builder(ctx);
    const NodeId id = b.add(kind, b.offset(x3::_attr(ctx).begin()));
    b.ast.nodes[id].bool_value = value;
    x3::_val(ctx) = id;
  };
};

// ---- rules -----------------------------------------------------------------------------

// Rule names are what "expected ..." messages show.
const x3::rule<class expr_id, NodeId> expr = "expression";
const x3::rule<class or_id, NodeId> or_expr = "expression";
const x3::rule<class and_id, NodeId> and_expr = "expression";
const x3::rule<class rel_id, NodeId> rel_expr = "expression";
const x3::rule<class add_id, NodeId> add_expr = "expression";
const x3::rule<class mul_id, NodeId> mul_expr = "expression";
const x3::rule<class unary_id, NodeId> unary_expr = "expression";
const x3::rule<class member_id, NodeId> member_expr = "expression";
const x3::rule<class primary_id, NodeId> primary = "expression";
const x3::rule<class cond_tail_id, CondTail> cond_tail = "'?'";
const x3::rule<class or_op_id, OpToken> or_op = "'||'";
const x3::rule<class and_op_id, OpToken> and_op = "'&&'";
const x3::rule<class rel_op_id, OpToken> rel_op = "comparison";
const x3::rule<class add_op_id, OpToken> add_op = "'+' or '-'";
const x3::rule<class mul_op_id, OpToken> mul_op = "'*', '/' or '%'";
const x3::rule<class unary_op_id, OpToken> unary_op = "'!' or '-'";
const x3::rule<class qmark_id, OpToken> qmark = "'?'";
const x3::rule<class lbracket_id, OpToken> lbracket = "'['";
const x3::rule<class args_id, std::vector<NodeId>> call_args = "'('";
const x3::rule<class items_id, std::vector<NodeId>> list_items = "'['";
const x3::rule<class list_id, NodeId> list_literal = "'['";
const x3::rule<class paren_id, NodeId> parenthesized = "'('";
const x3::rule<class keyword_id, NodeId> keyword_literal = "literal";
const x3::rule<class ident_id, NodeId> ident_or_call = "a name";
const x3::rule<class name_id, Name> identifier = "a name";
const x3::rule<class rparen_id> rparen = "')'";
const x3::rule<class rbracket_id> rbracket = "']'";
const x3::rule<class colon_id> colon = "':'";
const x3::rule<class end_id> end_of_input = "end";

// A token whose offset is recorded: lexeme[] skips leading space before the action sees it.
template <typename Subject>
auto token(Subject subject, Op op) {
  return x3::lexeme[x3::raw[x3::as_parser(subject)][set_op(op)]];
}

const auto expr_def = (or_expr >> *cond_tail)[fold_conditional];
const auto cond_tail_def = (qmark > or_expr > colon > or_expr)[make_cond_tail];
const auto or_expr_def = and_expr[assign] >> *((or_op > and_expr)[fold_binary]);
const auto and_expr_def = rel_expr[assign] >> *((and_op > rel_expr)[fold_binary]);
const auto rel_expr_def = add_expr[assign] >> *((rel_op > add_expr)[fold_binary]);
const auto add_expr_def = mul_expr[assign] >> *((add_op > mul_expr)[fold_binary]);
const auto mul_expr_def = unary_expr[assign] >> *((mul_op > unary_expr)[fold_binary]);
const auto unary_expr_def = (*unary_op >> member_expr)[fold_unary];

const auto or_op_def = token("||", Op::Or);
const auto and_op_def = token("&&", Op::And);
const auto rel_op_def = token("<=", Op::Le) | token(">=", Op::Ge) | token("==", Op::Eq) |
                        token("!=", Op::Ne) | token('<', Op::Lt) | token('>', Op::Gt) |
                        token(kw_in, Op::In);
const auto add_op_def = token('+', Op::Add) | token('-', Op::Sub);
const auto mul_op_def = token('*', Op::Mul) | token('/', Op::Div) | token('%', Op::Mod);
const auto unary_op_def = token('!' >> !x3::lit('='), Op::Not) | token('-', Op::Negate);
const auto qmark_def = token('?', Op::None);
const auto lbracket_def = token('[', Op::None);

const auto member_expr_def = primary[assign] >>
                             *((('.' > identifier) >> -call_args)[make_select_or_method] |
                               (lbracket > expr > rbracket)[make_index]);

const auto primary_def = number_p[assign] | string_p[assign] | keyword_literal[assign] |
                         parenthesized[assign] | list_literal[assign] | ident_or_call[assign];
const auto keyword_literal_def =
    x3::lexeme[x3::raw[kw_true][make_keyword(NodeKind::Bool, true)]] |
    x3::lexeme[x3::raw[kw_false][make_keyword(NodeKind::Bool, false)]] |
    x3::lexeme[x3::raw[kw_null][make_keyword(NodeKind::Null, false)]];
const auto parenthesized_def = ('(' > expr > rparen)[assign];
const auto ident_or_call_def = (identifier >> -call_args)[make_ident_or_call];
const auto identifier_def = name_p[assign];
const auto call_args_def = '(' > -(expr[push_arg] % ',') > rparen;
// CEL allows a trailing comma in a list: [a, b,].
const auto list_items_def = (-(expr[push_arg] % ',') >> -x3::lit(',')) > rbracket;
const auto list_literal_def = (lbracket > list_items)[make_list];
const auto rparen_def = x3::lit(')');
const auto rbracket_def = x3::lit(']');
const auto colon_def = x3::lit(':');
const auto end_of_input_def = x3::eoi;

BOOST_SPIRIT_DEFINE(expr, or_expr, and_expr, rel_expr, add_expr, mul_expr, unary_expr, member_expr,
                    primary, cond_tail, or_op, and_op, rel_op, add_op, mul_op, unary_op, qmark,
                    lbracket, call_args, list_items, list_literal, parenthesized, keyword_literal,
                    ident_or_call, identifier, rparen, rbracket, colon, end_of_input)

const auto whole_expression = x3::eps > expr > end_of_input;

// Integer literals of 2^63 are only valid under a unary minus; report the rest. Walks only
// the nodes reachable from the root, so backtracked leftovers are not reported.
void check_pending_literals(const Ast& ast, std::vector<ExprError>& errors) {
  std::vector<NodeId> stack{ast.root};
  while (!stack.empty()) {
    const Node& node = ast.at(stack.back());
    stack.pop_back();
    if (node.kind == NodeKind::Int && node.bool_value) {
      errors.push_back({node.offset,
                        "integer literal 9223372036854775808 is out of range "
                        "(64-bit)"});
    }
    stack.insert(stack.end(), node.children.begin(), node.children.end());
  }
}

std::string expectation_message(std::string_view text, std::size_t pos, const std::string& which) {
  const std::string found = lex::describe_at(text, pos);
  if (which == "end") {
    return "unexpected " + found;
  }
  if (which == "closing quote of the string literal") {
    return "unterminated string literal";
  }
  return "expected " + which + " but found " + found;
}

}  // namespace

ParseResult parse(std::string_view text, const Limits& limits) {
  ParseResult result;
  if (text.size() > limits.max_length) {
    result.errors.push_back({limits.max_length, "expression is " + std::to_string(text.size()) +
                                                    " bytes long, more than the limit of " +
                                                    std::to_string(limits.max_length)});
    return result;
  }
  if (!lex::check_nesting(text, limits.max_depth, result.errors)) {
    return result;
  }

  Builder b{result.ast, text, result.errors};
  Iterator first = text.data();
  const Iterator last = text.data() + text.size();
  NodeId root = kNoNode;
  try {
    const auto parser = x3::with<builder_tag>(std::ref(b))[whole_expression];
    if (!x3::phrase_parse(first, last, parser, space_p, root)) {
      root = kNoNode;
    }
  } catch (const x3::expectation_failure<Iterator>& failure) {
    const auto pos = static_cast<std::size_t>(failure.where() - text.data());
    const std::size_t at = lex::skip_space(text, pos);
    result.errors.push_back({at, expectation_message(text, at, failure.which())});
    root = kNoNode;
  }
  if (root != kNoNode) {
    result.ast.root = root;
    check_pending_literals(result.ast, result.errors);
    std::size_t depth = result.ast.depth(root);
    if (depth > limits.max_depth) {
      result.errors.push_back(
          {result.ast.at(root).offset, "expression nests deeper than the limit of " +
                                           std::to_string(limits.max_depth) + " levels (" +
                                           std::to_string(depth) + ")"});
    }
  } else if (result.errors.empty()) {
    result.errors.push_back({0, "expected expression but found " + lex::describe_at(text, 0)});
  }
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const ExprError& a, const ExprError& b2) { return a.offset < b2.offset; });
  if (!result.errors.empty()) {
    result.ast.root = kNoNode;
  }
  return result;
}

}  // namespace fundrules::expr
