#pragma once

// A small streaming JSON writer for reports. It writes pretty-printed JSON (two-space indent)
// so that reports diff well, escapes strings per RFC 8259 and replaces bytes that are not valid
// UTF-8 with U+FFFD, so that whatever a cell held, the output is valid JSON.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fundrules::report_detail {

/// Appends `text` to `out` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

/// Writes one JSON document into a string. Calls must nest properly (begin/end pairs, a key
/// before every value inside an object); the writer inserts commas, newlines and indentation.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  /// Starts an array; an inline one is written on one line (for short lists of scalars).
  JsonWriter& begin_array(bool on_one_line = false);
  JsonWriter& end_array();
  /// The key of the next member of the current object.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(bool flag);
  JsonWriter& null();

  /// A writer that continues this one inside the array it is in, on another string: what it
  /// writes is what this one would write next, a comma before its first value when
  /// `after_values` (the array already holds values). For formatting an array's elements in
  /// parts, each on its own thread; append_values() puts the parts back in order.
  [[nodiscard]] JsonWriter fork(bool after_values) const;
  /// Appends `text`, values of the current array that fork()ed writers wrote, and empties it.
  void append_values(std::string& text);

  /// The document, ending with a newline once the outermost value is closed (what is left of
  /// it, after spill()).
  [[nodiscard]] std::string take();
  /// Hands what is written so far to `stream` once it makes a block (see report_detail::spill).
  void spill(std::ostream* stream);

 private:
  struct Level {
    bool is_object = false;
    bool empty = true;
    bool on_one_line = false;
  };
  void before_value();
  void close(char bracket);
  void newline_indent();

  std::string out_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace fundrules::report_detail
