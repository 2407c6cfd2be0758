// The libyaml route to a YAML tree against YAML::Load: wherever the fast route gives a tree,
// yaml-cpp's own parser must give the same one (structure, order, scalars, tags, styles and
// every mark), and wherever yaml-cpp rejects a text the fast route must give none, so that the
// loader reports the problem as before. Checked on every YAML file of the project and on the
// corners where the two parsers are most likely to part ways.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "ruleset/yaml_fast_parse.hpp"

using fundrules::detail::have_fast_yaml;
using fundrules::detail::parse_plain_yaml;

namespace {

std::string describe(const YAML::Mark& mark) {
  return std::to_string(mark.pos) + "@" + std::to_string(mark.line) + ":" +
         std::to_string(mark.column);
}

// Every difference between two trees, as "path: what" lines (empty when they are the same).
void compare(const YAML::Node& fast, const YAML::Node& slow, const std::string& path,
             std::string& differences) {
  const auto differ = [&](const std::string& what) { differences += path + ": " + what + "\n"; };
  if (fast.Type() != slow.Type()) return differ("type");
  if (describe(fast.Mark()) != describe(slow.Mark())) {
    differ("mark " + describe(fast.Mark()) + " vs " + describe(slow.Mark()));
  }
  if (fast.Tag() != slow.Tag()) differ("tag '" + fast.Tag() + "' vs '" + slow.Tag() + "'");
  if (fast.Style() != slow.Style()) differ("style");
  if (fast.IsScalar() && fast.Scalar() != slow.Scalar()) {
    differ("scalar '" + fast.Scalar() + "' vs '" + slow.Scalar() + "'");
  }
  if (!fast.IsMap() && !fast.IsSequence()) return;
  if (fast.size() != slow.size()) return differ("size");
  auto f = fast.begin();
  auto s = slow.begin();
  for (std::size_t i = 0; f != fast.end(); ++f, ++s, ++i) {
    const std::string at = path + "/" + std::to_string(i);
    if (fast.IsMap()) {
      compare(f->first, s->first, at + "(key)", differences);
      compare(f->second, s->second, at, differences);
    } else {
      compare(*f, *s, at, differences);
    }
  }
}

// Whether the fast route took `text`; fails the test when it disagrees with YAML::Load.
bool agrees_with_yaml_cpp(const std::string& text) {
  INFO("text:\n" << text);
  const std::optional<YAML::Node> fast = parse_plain_yaml(text);
  YAML::Node slow;
  try {
    slow = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    INFO("yaml-cpp rejects it: " << e.what());
    CHECK_FALSE(fast.has_value());
    return false;
  }
  if (!fast) return false;
  std::string differences;
  compare(*fast, slow, "", differences);
  CHECK(differences == "");
  return true;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("the fast YAML route builds what YAML::Load builds for every YAML file of the project") {
  const std::filesystem::path root = FUNDRULES_SOURCE_DIR;
  std::size_t files = 0;
  std::size_t taken = 0;
  for (const char* dir : {"rules", "tests", "examples", "docs"}) {
    if (!std::filesystem::exists(root / dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      const auto ext = entry.path().extension();
      const bool in_corpus = entry.path().string().find("corpus/ruleset") != std::string::npos;
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml" && !in_corpus)) continue;
      INFO(entry.path().string());
      ++files;
      if (agrees_with_yaml_cpp(read_file(entry.path()))) ++taken;
    }
  }
  CHECK(files > 20);
  // The bundled rulesets are plain YAML: the fast route must take nearly all of them, or it
  // saves nothing.
  if (have_fast_yaml()) CHECK(taken * 10 >= files * 8);
}

TEST_CASE("the fast YAML route agrees with YAML::Load on the corners of the syntax") {
  const std::vector<std::string> texts = {
      // Empty values and nulls, wherever they can stand.
      "a:\nb: 1\n", "a:\n", "a:", "a: 1\nb:\n  c:\n", "a: {b: , c}\n", "- \n- a\n-\n",
      "a:\n  - x\n  -\n", "a: null\nb: Null\nc: NULL\nd: ~\ne: ''\nf: \"\"\ng: nul\n",
      "a: [~, null, '', x]\n", "? \n: v\n", "a: {? , b: }\n",
      // Quoted and block scalars.
      "key: 'it''s'\nk2: \"dq\\n\\t\\\"x\\\" \\u4e2d\\x41\"\n",
      "a: |\n  line\n  two\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  kept\n\nd: end\n",
      "a: >2\n   indented\n  less\n", "a: |\n\n  after blank\n", "a: \"multi\n  line\"\n",
      "a: 'multi\n\n  line'\n", "a: \"esc \\\n  aped\"\n",
      // Plain scalars over several lines, with comments and odd characters.
      "a: one\n  two\n\n  three\nb: x # comment\n", "a: x#y\nb: 'q' # c\n# end\n",
      "a: -1\nb: -x\nc: :x\nd: a:b\ne: a, b\nf: ?x\n", "a: b # c\n  # d\n",
      "a: 1.5\nb: 2017-01-15\nc: true\nd: yes\ne: 0x1F\n",
      // Collections: block, indentless, flow, nested, empty, keys of every kind.
      "a:\n- 1\n- 2\nb: 3\n", "- - a\n  - b\n- c: d\n  e: f\n", "[a, b, {c: d}, [e]]\n",
      "{a: 1, 'b': [2, 3], \"c\": {d: e}}\n", "a: []\nb: {}\nc: [ ]\n", "? complex key\n: value\n",
      "? [a, b]\n: c\n", "{a: b}: c\n", "[a]: b\n",
      "a:\n  b:\n    c:\n      - d:\n          e: f\n", "a: 1\na: 2\n",
      "a: [1,\n  2,\n  3]\nb: {x: 1,\n  y: 2}\n", "a: [b, c,]\n", "a: {b: c,}\n",
      // Chinese text in keys, values, flow collections and block scalars.
      "标题: 合肥\n类别: [建档, 劳模]\n说明: >\n  活动对象：困难职工\n  每户600元\n",
      "a: {zh: 合肥市总工会, en: Hefei}\n- x\n", "名单:\n  - 张三: 500\n  - 李四:\n",
      "a: \"中文\\u00e9\"\nb: '引号''中'\n",
      // Documents, comments, whitespace.
      "", "# only a comment\n", "\n\n\n", "a: 1   \n\nb: 2\n\n\n", "   a: 1\n   b: 2\n", "~\n",
      "plain\n", "'quoted'\n", "- a\n# comment\n- b\n", "a: 1\n...\n", "---\na: 1\n",
      "--- \na: 1\n---\nb: 2\n", "a: 1\n--- x\n", "%YAML 1.2\n---\na: 1\n",
      // What the fast route leaves to yaml-cpp: tabs, carriage returns, anchors, tags.
      "a:\t1\n", "a: 1\r\nb: 2\r\n", "a: &x 1\nb: *x\n", "a: !tag 1\n", "a: !!str 1\n",
      "a: 1\u2028b: 2\n", "a: \xC2\x85\n",
      // Broken texts: yaml-cpp rejects them, so must the fast route.
      "a: [\n", "a: b: c\n", "a: 'unterminated\n", "a: \"unterminated\n", "- a\nb: c\n",
      "a:\n  b: 1\n c: 2\n", "{a: 1\n", "a: }\n", "a: ]\n", "]\n", "a: \"\\q\"\n",
      "a: |\n x\n  y\n z\n", "a: 1\n  b: 2\n", "key: value\n- item\n", "@a: 1\n", "`a`: 1\n",
      "a: 'x' y\n", "a: \"x\" y\n", "a: \xFF\n", "a: \xE4\xB8\n", "{a: 1}}\n", "a: [b]]\n"};
  std::size_t taken = 0;
  for (const std::string& text : texts) {
    if (agrees_with_yaml_cpp(text)) ++taken;
  }
  // About half of them are broken or left to yaml-cpp on purpose.
  if (have_fast_yaml()) CHECK(taken >= 30);
}

TEST_CASE("the fast YAML route agrees with YAML::Load on a ruleset with a character changed") {
  // The head of the 合肥 ruleset (mappings, lists, flow maps, block scalars, Chinese text),
  // with one byte dropped or one character put in at many places: most variants are broken
  // or read differently, which is where the two parsers could part.
  const std::string full = read_file(std::filesystem::path(FUNDRULES_SOURCE_DIR) / "rules" / "cn" /
                                     "hefei" / "2017-liangjie.yaml");
  const std::string head = full.substr(0, full.find('\n', 2500) + 1);
  std::size_t variants = 0;
  for (std::size_t at = 0; at < head.size(); at += 23) {
    std::string dropped = head;
    dropped.erase(at, 1);
    agrees_with_yaml_cpp(dropped);
    for (const char* insert : {":", "-", " ", "\n", "{", "[", "'", "\"", "#", ">"}) {
      std::string changed = head;
      changed.insert(at, insert);
      agrees_with_yaml_cpp(changed);
      ++variants;
    }
  }
  CHECK(variants > 500);
}

TEST_CASE("the fast YAML route counts marks in bytes, as yaml-cpp does, past Chinese text") {
  const std::string text = "标题: 合肥\n类别:\n  - 建档\n  - {名: 值}\n";
  const std::optional<YAML::Node> fast = parse_plain_yaml(text);
  if (!have_fast_yaml()) {
    CHECK_FALSE(fast.has_value());
    return;
  }
  REQUIRE(fast.has_value());
  const YAML::Node list = (*fast)["类别"];
  REQUIRE(list.IsSequence());
  // "  - 建档" is on line 2 (0-based); its scalar starts after "  - ", 4 bytes in.
  CHECK(list[0].Mark().line == 2);
  CHECK(list[0].Mark().column == 4);
  CHECK(list[0].Mark().pos == static_cast<int>(text.find("建档")));
  CHECK(list[1]["名"].Mark().pos == static_cast<int>(text.find("值")));
}

TEST_CASE("the fast YAML route gives no tree past the nesting limit, as the loader counts it") {
  if (!have_fast_yaml()) return;
  // Root mapping 1, flow mapping 2, sequence 3; a sequence as a key counts like a value.
  const std::string nested = "a: {b: [c, d]}\ne: f\n";
  CHECK(parse_plain_yaml(nested, 3).has_value());
  CHECK_FALSE(parse_plain_yaml(nested, 2).has_value());
  const std::string keyed = "? [a, [b]]\n: c\n";
  CHECK(parse_plain_yaml(keyed, 3).has_value());
  CHECK_FALSE(parse_plain_yaml(keyed, 2).has_value());
  CHECK(parse_plain_yaml("plain\n", 0).has_value());
  CHECK_FALSE(parse_plain_yaml("[a]\n", 0).has_value());
  // A ruleset nested past the limit is still refused, with its place.
  std::string deep = "fundrules: 1\nx: ";
  for (int i = 0; i < 20; ++i) deep += "[";
  for (int i = 0; i < 20; ++i) deep += "]";
  CHECK_FALSE(parse_plain_yaml(deep + "\n", 16).has_value());
}
