#pragma once

// What a group rule reads of each row: the group key, encoded as one string, and the value
// each aggregate folds. A million-row list passes through here once per rule, so nothing is
// allocated per row: values are borrowed from the table or from the evaluator, and the common
// shapes (a plain field as key or argument, upper() of a text field as key) are read from the
// column without running the evaluator at all. Every shortcut gives what the evaluator gives.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "expr/program.hpp"
#include "fundrules/ruleset.hpp"
#include "fundrules/table.hpp"
#include "ruleset/ruleset_impl.hpp"

namespace fundrules::engine {

/// Appends the text Value::to_string() gives for the non-null cell `row` of `column`, without
/// building the Value for text and integer cells. Group keys and summary keys are written so.
void append_cell(const Column& column, std::size_t row, std::string& out);

/// Ends each value of an encoded group key; each value is its type's digit and its text.
inline constexpr char kKeySeparator = '\x1f';

/// Text written a few pieces at a time, as encoded keys are: each piece is placed with one
/// capacity test and no call, where a std::string would call out of line for most appends.
class KeyText {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const char* data() const noexcept { return bytes_.data(); }
  [[nodiscard]] std::string_view view() const noexcept {
    return std::string_view(bytes_.data(), size_);
  }
  void clear() noexcept { size_ = 0; }
  /// Drops what follows the first `size` bytes (size <= size()).
  void truncate(std::size_t size) noexcept { size_ = size; }
  /// Makes room for `count` more bytes and returns where they go; the caller writes them.
  char* extend(std::size_t count) {
    if (bytes_.size() - size_ < count)
      bytes_.resize(std::max(size_ + count, 2 * bytes_.size() + 64));
    char* out = bytes_.data() + size_;
    size_ += count;
    return out;
  }

 private:
  std::vector<char, fundrules::detail::UninitializedAllocator<char>> bytes_;  // capacity
  std::size_t size_ = 0;
};

class GroupRowReader {
 public:
  GroupRowReader(const detail::CompiledRule& rule, const Schema& schema);

  /// What reading one row needs besides the row, reused from row to row (one per thread).
  struct Scratch {
    expr::Ctx ctx;
    KeyText encoded;  ///< the row's key
    /// Where each key value's text lies in `encoded`, and the value a key program gave.
    std::vector<std::size_t> starts;
    std::vector<expr::Val> computed;
  };

  /// Prepares `scratch` for rows of `table`.
  void begin(Scratch& scratch, const Table& table, const expr::Activation& activation) const;
  /// Starts the next row: forgets what the evaluator built for the previous one.
  static void next_row(Scratch& scratch, std::size_t row) {
    scratch.ctx.reset();
    scratch.ctx.row = row;
  }

  /// Encodes the row's key into scratch.encoded. False, with the reason in `why`, when a key
  /// value is missing or its expression fails: such a row belongs to no group.
  bool encode_key(Scratch& scratch, std::string& why) const {
    scratch.encoded.clear();
    return append_key(scratch, scratch.encoded, why);
  }
  /// encode_key() writing the key after what `out` holds (a window of keys, say) instead of
  /// into scratch.encoded; on failure `out` is left as it was. key_values() then does not
  /// apply to this row.
  bool append_key(Scratch& scratch, KeyText& out, std::string& why) const;
  /// The key values of the row just encoded, as a new group keeps them.
  [[nodiscard]] std::vector<Value> key_values(const Scratch& scratch) const;

  /// What aggregate `i` does with the row.
  enum class Read : std::uint8_t { Skip, Fold, Fail };
  /// Applies aggregate `i`'s filter and reads its argument into `value` (count() without an
  /// argument reads true). Skip: filtered out or a missing field (an empty cell is not a
  /// zero); Fail: an expression failed, the reason in `why`.
  Read argument(Scratch& scratch, std::size_t i, expr::Val& value, std::string& why) const;

 private:
  enum class KeyWay : std::uint8_t { Cell, UpperCell, Program };
  enum class ArgWay : std::uint8_t { None, Cell, Program };
  struct KeyPart {
    KeyWay way;
    std::size_t field;
  };
  struct ArgPart {
    ArgWay way;
    std::size_t field;  // for Cell
  };

  [[nodiscard]] expr::Val run(const expr::Program& program, Scratch& scratch) const;

  const detail::CompiledRule& rule_;
  const Schema& schema_;
  std::vector<KeyPart> keys_;
  std::vector<ArgPart> arguments_;
};

}  // namespace fundrules::engine
