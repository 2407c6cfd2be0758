// count_distinct() keeps its values in a compact set (keys in blocks, one byte of hash per
// slot). Whatever the values, however they are split into parts and merged, its count must be
// the one a plain std::set of the same values gives.

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "expr/expr.hpp"
#include "fundrules/table.hpp"

using fundrules::Column;
using fundrules::Decimal;
using fundrules::Value;
using fundrules::ValueType;
using fundrules::expr::AggregateKind;
using fundrules::expr::AggregateState;

namespace {

// The distinct values as a user counts them: text by its bytes, numbers by their value
// (600 and 600.00 alike), empty cells not at all.
std::int64_t expected_count(const std::vector<Value>& values) {
  std::set<std::string> texts;
  std::set<std::string> numbers;
  for (const Value& value : values) {
    if (value.type() == ValueType::String) texts.insert(value.as_string());
    if (value.type() == ValueType::Int)
      numbers.insert(Decimal(value.as_int()).normalized().to_string());
    if (value.type() == ValueType::Decimal)
      numbers.insert(value.as_decimal().normalized().to_string());
  }
  return static_cast<std::int64_t>(texts.size() + numbers.size());
}

std::int64_t count_of(const AggregateState& state) { return state.result().value.as_int(); }

// Text values that are awkward for a byte store: empty, NUL and separator bytes, lengths
// around the one-byte length limit and past a whole block of storage, and many short codes.
std::vector<Value> awkward_texts() {
  std::vector<Value> values;
  values.emplace_back(std::string());
  values.emplace_back(std::string("a\0b", 3));
  values.emplace_back(std::string("a\0c", 3));
  values.emplace_back(std::string("\x1f", 1));
  values.emplace_back(std::string("5HF\x1f", 4));
  values.emplace_back(std::string(254, 'x'));
  values.emplace_back(std::string(255, 'x'));
  values.emplace_back(std::string(256, 'x'));
  values.emplace_back(std::string(70000, 'y'));
  values.emplace_back(std::string(70000, 'y') + "z");
  values.emplace_back(std::string(200000, '\0'));
  for (int i = 0; i < 30000; ++i) {
    values.emplace_back("HF2017-" + std::to_string(i % 20000));  // a third repeated
  }
  values.emplace_back(std::string(65530, 'q'));  // fills most of a block late
  values.emplace_back(std::string());            // again
  values.emplace_back();                         // an empty cell
  return values;
}

}  // namespace

TEST_CASE("count_distinct counts what a plain set counts", "[aggregate][distinct]") {
  const std::vector<Value> values = awkward_texts();
  AggregateState state(AggregateKind::CountDistinct);
  for (const Value& value : values) state.add(value);
  CHECK(count_of(state) == expected_count(values));
  CHECK(count_of(state) == 11 + 20000 + 1);
}

TEST_CASE("count_distinct read from cells counts what values count", "[aggregate][distinct]") {
  const std::vector<Value> values = awkward_texts();
  Column column("household_id", ValueType::String);
  for (const Value& value : values) column.append(value);
  AggregateState from_cells(AggregateKind::CountDistinct);
  AggregateState from_values(AggregateKind::CountDistinct);
  for (std::size_t row = 0; row < values.size(); ++row) {
    if (!column.is_null(row)) from_cells.add_cell(column, row);
    from_values.add(values[row]);
  }
  CHECK(count_of(from_cells) == count_of(from_values));
  CHECK(count_of(from_cells) == expected_count(values));
}

TEST_CASE("count_distinct of numbers and text together", "[aggregate][distinct]") {
  std::vector<Value> values;
  for (int i = 0; i < 5000; ++i) {
    values.emplace_back(i);
    values.emplace_back(Decimal::parse(std::to_string(i) + ".00"));  // the same number
    values.emplace_back(std::to_string(i));                          // text: another value
    values.emplace_back(Decimal::parse(std::to_string(i) + ".5"));
  }
  AggregateState state(AggregateKind::CountDistinct);
  for (const Value& value : values) state.add(value);
  CHECK(count_of(state) == expected_count(values));
  CHECK(count_of(state) == 15000);
}

TEST_CASE("count_distinct merged from many parts counts as one pass", "[aggregate][distinct]") {
  const std::vector<Value> values = awkward_texts();
  for (const std::size_t parts : {std::size_t{1}, std::size_t{2}, std::size_t{7}, values.size()}) {
    // Parts of consecutive values, merged in order; and the same parts merged into a copy.
    std::vector<AggregateState> states(parts, AggregateState(AggregateKind::CountDistinct));
    for (std::size_t i = 0; i < values.size(); ++i) {
      states[i * parts / values.size()].add(values[i]);
    }
    AggregateState whole(AggregateKind::CountDistinct);
    for (const AggregateState& part : states) whole.merge(part);
    CHECK(count_of(whole) == expected_count(values));
    AggregateState copy = states.front();
    for (std::size_t p = parts; p-- > 1;) copy.merge(states[p]);  // any order
    CHECK(count_of(copy) == expected_count(values));
    CHECK(count_of(states.front()) <= count_of(whole));  // the copy left the original alone
  }
}

TEST_CASE("count_distinct of one value and of none", "[aggregate][distinct]") {
  AggregateState none(AggregateKind::CountDistinct);
  CHECK(count_of(none) == 0);
  AggregateState one(AggregateKind::CountDistinct);
  one.add(Value("340181195703159304"));
  CHECK(count_of(one) == 1);
  none.merge(one);
  none.merge(AggregateState(AggregateKind::CountDistinct));
  CHECK(count_of(none) == 1);
}

TEST_CASE("count_distinct knows a value repeated from the one before as any other",
          "[aggregate][distinct][fast]") {
  // A value equal to the one added just before is recognised without probing the table: it
  // must be equal in every byte, in length and in kind. Runs of repeats, then values that
  // differ from the one before only in their first, middle or last byte, at every length
  // around the word-sized compares; text and a number whose stored bytes are the same.
  std::vector<Value> values;
  for (std::size_t length = 0; length <= 40; ++length) {
    std::string text(length, 'h');
    for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<char>('0' + (i * 7) % 10);
    values.emplace_back(text);
    values.emplace_back(text);  // a repeat
    for (const std::size_t at : {std::size_t{0}, length / 2, length - 1}) {
      if (length == 0) break;
      std::string other = text;
      other[at] = static_cast<char>(other[at] ^ 0x40);
      values.emplace_back(other);
      values.emplace_back(other);
      values.emplace_back(text);  // back to the first: seen, but not the one before
    }
    values.emplace_back(text + "X");  // longer by a byte
    values.emplace_back(text);
  }
  values.emplace_back(std::string(17, '\0'));  // the bytes a number 0 is stored as, as text
  values.emplace_back(0);
  values.emplace_back(Decimal::parse("0.00"));
  values.emplace_back(std::string(17, '\0'));
  AggregateState adjacent(AggregateKind::CountDistinct);
  for (const Value& value : values) adjacent.add(value);
  CHECK(count_of(adjacent) == expected_count(values));
  // The same values read from cells, in order and in another order.
  Column column("household_id", ValueType::String);
  for (const Value& value : values) {
    if (value.type() == ValueType::String) column.append(value);
  }
  AggregateState from_cells(AggregateKind::CountDistinct);
  AggregateState spread(AggregateKind::CountDistinct);
  for (std::size_t row = 0; row < column.size(); ++row) from_cells.add_cell(column, row);
  for (std::size_t step = 0; step < 2; ++step) {
    for (std::size_t row = step; row < column.size(); row += 2) spread.add_cell(column, row);
  }
  CHECK(count_of(from_cells) == count_of(spread));
  std::vector<Value> texts;
  for (const Value& value : values) {
    if (value.type() == ValueType::String) texts.push_back(value);
  }
  CHECK(count_of(from_cells) == expected_count(texts));
}
