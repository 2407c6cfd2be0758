// The expression grammar: precedence, every literal form, offsets, syntax errors and bounds.

#include <catch2/catch.hpp>
#include <iterator>
#include <random>
#include <string>

#include "expr/parser.hpp"

using fundrules::expr::Ast;
using fundrules::expr::kNoNode;
using fundrules::expr::Limits;
using fundrules::expr::Node;
using fundrules::expr::NodeKind;
using fundrules::expr::parse;
using fundrules::expr::ParseResult;

namespace {

// The tree fully parenthesised, or the first error as "@offset: message".
std::string shape(const std::string& text) {
  const ParseResult result = parse(text);
  if (!result.ok()) {
    return "@" + std::to_string(result.errors.front().offset) + ": " +
           result.errors.front().message;
  }
  return result.ast.to_string();
}

const Node& root_of(const ParseResult& result) {
  REQUIRE(result.ok());
  return result.ast.at(result.ast.root);
}

}  // namespace

TEST_CASE("operators bind as in CEL", "[parser]") {
  CHECK(shape("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(shape("(1 + 2) * 3") == "((1 + 2) * 3)");
  CHECK(shape("a - b - c") == "((a - b) - c)");
  CHECK(shape("a / b % c * d") == "(((a / b) % c) * d)");
  CHECK(shape("a || b && c") == "(a || (b && c))");
  CHECK(shape("!a && b || c") == "(((!a) && b) || c)");
  CHECK(shape("a < b == c") == "((a < b) == c)");
  CHECK(shape("a + 1 >= b * 2") == "((a + 1) >= (b * 2))");
  CHECK(shape("x in [1, 2] && y") == "((x in [1, 2]) && y)");
  CHECK(shape("a ? b : c ? d : e") == "(a ? b : (c ? d : e))");
  CHECK(shape("a || b ? c + 1 : d") == "((a || b) ? (c + 1) : d)");
  CHECK(shape("-a.size()") == "(-a.size())");
  CHECK(shape("!!a") == "(!(!a))");
  CHECK(shape("a.b.c[0].d(1, 2)") == "a.b.c[0].d(1, 2)");
  CHECK(shape("a != b") == "(a != b)");
  CHECK(shape("a-1") == "(a - 1)");
}

TEST_CASE("integer and decimal literals", "[parser]") {
  CHECK(shape("600") == "600");
  CHECK(shape("0x1F") == "31");
  CHECK(shape("0XfF") == "255");
  CHECK(shape("650.50") == "650.50");
  CHECK(shape("-650.50") == "-650.50");
  CHECK(shape("-9223372036854775808") == "-9223372036854775808");
  CHECK(shape("9223372036854775807") == "9223372036854775807");
  CHECK(shape("9223372036854775808") ==
        "@0: integer literal 9223372036854775808 is out of range (64-bit)");
  CHECK(shape("99999999999999999999") ==
        "@0: integer literal 99999999999999999999 is out of range (64-bit)");
  CHECK(shape("1e5") ==
        "@0: exponent notation is not supported in '1e5': write the number in full");
  CHECK(shape("7u") == "@0: unsigned integer literals are not supported: '7u'");
  CHECK(shape("12ab") == "@0: invalid number literal '12ab'");
  CHECK(shape("0600").find("leading zero") != std::string::npos);

  const ParseResult decimal = parse("1500.00");
  CHECK(root_of(decimal).kind == NodeKind::Decimal);
  CHECK(root_of(decimal).text == "1500.00");
  const ParseResult integer = parse("0x10");
  CHECK(root_of(integer).kind == NodeKind::Int);
  CHECK(root_of(integer).int_value == 16);
}

TEST_CASE("string literals in every quoting", "[parser]") {
  const auto value = [](const std::string& text) {
    const ParseResult result = parse(text);
    REQUIRE(result.errors.empty());
    REQUIRE(result.ast.at(result.ast.root).kind == NodeKind::String);
    return result.ast.at(result.ast.root).text;
  };
  CHECK(value(R"("银行卡")") == "银行卡");
  CHECK(value(R"('实名制签领')") == "实名制签领");
  CHECK(value(R"('say "hi"')") == "say \"hi\"");
  CHECK(value(R"("""a "quoted" word""")") == "a \"quoted\" word");
  CHECK(value("'''two\nlines'''") == "two\nlines");
  CHECK(value(R"(r"\d+\.")") == "\\d+\\.");
  CHECK(value(R"(R'\n')") == "\\n");
  CHECK(value(R"("")").empty());
}

TEST_CASE("escape sequences", "[parser]") {
  const auto value = [](const std::string& text) {
    const ParseResult result = parse(text);
    REQUIRE(result.errors.empty());
    return result.ast.at(result.ast.root).text;
  };
  CHECK(value(R"("a\nb\tc")") == "a\nb\tc");
  CHECK(value(R"("\\ \" \' \?")") == "\\ \" ' ?");
  CHECK(value(R"("\u5f20")") == "张");
  CHECK(value(R"("\U0001F600")") == "\xF0\x9F\x98\x80");
  CHECK(value(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  CHECK(value(R"("\x41\X42")") == "AB");
  CHECK(value(R"("\101")") == "A");
  CHECK(value(R"("\r\a\b\f\v")") == "\r\a\b\f\v");
}

TEST_CASE("bool, null and list literals", "[parser]") {
  CHECK(shape("true") == "true");
  CHECK(shape("false") == "false");
  CHECK(shape("null") == "null");
  CHECK(shape("[]") == "[]");
  CHECK(shape("[1, 'a', [true]]") == "[1, \"a\", [true]]");
  CHECK(shape("[1, 2,]") == "[1, 2]");
  CHECK(root_of(parse("truex")).kind == NodeKind::Ident);
  CHECK(shape("x in in_list") == "(x in in_list)");
}

TEST_CASE("calls, receivers and comments", "[parser]") {
  const ParseResult method = parse(R"(name.startsWith("张"))");
  const Node& call = root_of(method);
  CHECK(call.kind == NodeKind::Call);
  CHECK(call.receiver_style);
  CHECK(call.text == "startsWith");
  REQUIRE(call.children.size() == 2);
  CHECK(method.ast.at(call.children[0]).text == "name");

  const ParseResult global = parse("size(s)");
  CHECK_FALSE(root_of(global).receiver_style);
  CHECK(shape("f()") == "f()");
  CHECK(shape("amount > 0 // at least something\n && ok") == "((amount > 0) && ok)");
  CHECK(shape("params.min_household") == "params.min_household");
}

TEST_CASE("nodes carry the byte offset of their token", "[parser]") {
  const std::string text = "params.cap >= amount && name.size() < 5";
  const ParseResult result = parse(text);
  const Node& conjunction = root_of(result);
  CHECK(conjunction.offset == text.find("&&"));
  const Node& left = result.ast.at(conjunction.children[0]);
  CHECK(left.offset == text.find(">="));
  CHECK(result.ast.at(left.children[0]).offset == text.find("cap"));
  CHECK(result.ast.at(left.children[1]).offset == text.find("amount"));
  const Node& right = result.ast.at(conjunction.children[1]);
  CHECK(result.ast.at(right.children[0]).offset == text.find("size"));
  CHECK(result.ast.at(right.children[1]).offset == text.find('5'));

  const std::string utf8 = "\"张三\" == name";
  CHECK(root_of(parse(utf8)).offset == utf8.find("=="));
}

TEST_CASE("syntax errors name what was expected, where", "[parser]") {
  CHECK(shape("(1 + 2") == "@6: expected ')' but found end of expression");
  CHECK(shape("f(a,)") == "@3: expected ')' but found ','");
  CHECK(shape("[1, 2") == "@5: expected ']' but found end of expression");
  CHECK(shape("a ? b") == "@5: expected ':' but found end of expression");
  CHECK(shape("a +") == "@3: expected expression but found end of expression");
  CHECK(shape("a && || b") == "@5: expected expression but found '||'");
  CHECK(shape("a b") == "@2: unexpected 'b'");
  CHECK(shape("amount >= 600)") == "@13: unexpected ')'");
  CHECK(shape("") == "@0: expected expression but found end of expression");
  CHECK(shape("   ") == "@3: expected expression but found end of expression");
  CHECK(shape("a.") == "@2: expected a name but found end of expression");
  CHECK(shape("a.in") == "@2: expected a name but found 'in'");
  CHECK(shape("x = 1") == "@2: unexpected '='");
  CHECK(shape("\"abc") == "@0: unterminated string literal");
  CHECK(shape("'abc\" + x") == "@0: unterminated string literal");
  CHECK(shape("a，b") == "@1: unexpected '，' (a full-width character; use ',')");
  CHECK(shape("f（1）") == "@1: unexpected '（' (a full-width character; use '(')");
}

TEST_CASE("lexical errors are all reported", "[parser]") {
  const ParseResult result = parse(R"("a\qb" + 1e3 + "\u12" + 0u)");
  REQUIRE(result.errors.size() == 4);
  CHECK(result.errors[0].offset == 2);
  CHECK(result.errors[0].message == "invalid escape sequence '\\q' in string literal");
  CHECK(result.errors[1].offset == 9);
  CHECK(result.errors[1].message.find("exponent") != std::string::npos);
  CHECK(result.errors[2].offset == 16);
  CHECK(result.errors[2].message.find("invalid escape sequence") != std::string::npos);
  CHECK(result.errors[3].offset == 24);
  CHECK(result.ast.root == kNoNode);

  const ParseResult newline = parse("\"one\ntwo\"");
  REQUIRE(newline.errors.size() == 1);
  CHECK(newline.errors[0].offset == 4);
  CHECK(newline.errors[0].message.find("newline") != std::string::npos);
}

TEST_CASE("length and depth are bounded", "[parser]") {
  Limits limits;
  limits.max_length = 20;
  const ParseResult too_long = parse("amount >= 600 && amount <= 900", limits);
  REQUIRE(too_long.errors.size() == 1);
  CHECK(too_long.errors[0].message.find("more than the limit of 20") != std::string::npos);

  // Ten thousand open parentheses stop at the first one past the limit, without recursing.
  const std::string parens(10000, '(');
  Limits wide;
  wide.max_length = 100000;
  const ParseResult deep = parse(parens + "1", wide);
  REQUIRE(deep.errors.size() == 1);
  CHECK(deep.errors[0].offset == 64);
  CHECK(deep.errors[0].message == "expression nests deeper than the limit of 64 levels");

  const ParseResult deep_lists = parse(std::string(5000, '[') + std::string(5000, ']'), wide);
  REQUIRE(deep_lists.errors.size() == 1);
  CHECK(deep_lists.errors[0].message.find("nests deeper") != std::string::npos);

  // Brackets inside strings do not count.
  CHECK(parse("\"" + std::string(100, '(') + "\"").ok());

  // Long operator chains and prefix runs are parsed by loops, then bounded as a tree.
  const ParseResult nots = parse(std::string(3000, '!') + "a");
  REQUIRE(nots.errors.size() == 1);
  CHECK(nots.errors[0].message.find("nests deeper than the limit of 64 levels") !=
        std::string::npos);
  std::string sum = "1";
  for (int i = 0; i < 1000; ++i) sum += "+1";
  CHECK_FALSE(parse(sum).ok());
  std::string short_sum = "1";
  for (int i = 0; i < 40; ++i) short_sum += "+1";
  CHECK(parse(short_sum).ok());

  Limits shallow;
  shallow.max_depth = 3;
  CHECK(parse("((1))", shallow).ok());
  CHECK_FALSE(parse("((((1))))", shallow).ok());
}

TEST_CASE("the tree's depth is computed without recursion", "[parser]") {
  const ParseResult result = parse("(a + b) * c");
  REQUIRE(result.ok());
  CHECK(result.ast.depth(result.ast.root) == 3);
  CHECK(parse("a").ast.depth(0) == 1);
}

TEST_CASE("random token soup never crashes, and printed trees parse back the same",
          "[parser][property]") {
  const char* fragments[] = {
      "a",     "b",    "amount",      "params.cap", "1",  "0x1F", "2.50",    "-",
      "+",     "*",    "/",           "%",          "(",  ")",    "[",       "]",
      ",",     "?",    ":",           "&&",         "||", "!",    "==",      "<",
      ">=",    " in ", "'s'",         "\"张\"",     "f(", "has(", ".size()", ".x",
      "null",  "true", " ",           "\\",         "\"", "'''",  "r'\\d'",  "9223372036854775807",
      "//c\n", "，",   "\"\\u5f20\"", "[0]"};
  std::mt19937 random(20240115);  // fixed: a failure must reproduce
  std::uniform_int_distribution<std::size_t> pick(0, std::size(fragments) - 1);
  std::uniform_int_distribution<int> length(1, 14);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += fragments[pick(random)];
    const ParseResult result = parse(text);
    for (const auto& error : result.errors) {
      INFO(text);
      CHECK(error.offset <= text.size());
      CHECK_FALSE(error.message.empty());
    }
    if (!result.ok()) continue;
    ++parsed;
    const std::string printed = result.ast.to_string();
    const ParseResult again = parse(printed);
    INFO(text << "  printed as  " << printed);
    REQUIRE(again.ok());
    CHECK(again.ast.to_string() == printed);
  }
  CHECK(parsed > 500);  // the soup must exercise the success path too
}
