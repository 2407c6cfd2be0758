#pragma once

// The decoded text of an input file, a window at a time: blocks of raw bytes are read, decoded
// to UTF-8 and appended (and hashed, on another thread); the part the reader is done with is
// dropped on each refill.
// Memory is bounded by the longest record plus one block, not by the file.

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "fundrules/csv.hpp"
#include "io/block_hasher.hpp"
#include "io/text_decoder.hpp"

namespace fundrules::io {

/// Bytes read from the input at a time. Tests lower it to put block boundaries inside records,
/// quotes, CRLF pairs and multi-byte characters; nothing else should change it.
std::size_t read_block_bytes() noexcept;
void set_read_block_bytes_for_testing(std::size_t bytes) noexcept;

/// The decoded text of an input, a window at a time.
class InputText {
 public:
  /// Reads the first block and settles the encoding (choosing it under Encoding::Auto).
  /// Throws DataError, naming `name`, if the input cannot be read or is not text at all.
  InputText(std::unique_ptr<std::istream> input, std::string name, Encoding encoding);

  /// The encoding in use.
  [[nodiscard]] Encoding encoding() const noexcept { return decoder_->encoding(); }
  /// The decoded text held now.
  [[nodiscard]] char* data() noexcept { return text_.data(); }
  [[nodiscard]] const char* data() const noexcept { return text_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return text_.size(); }
  /// True once the whole input has been read and decoded into the window.
  [[nodiscard]] bool at_end() const noexcept { return at_end_; }

  /// Drops the first `consumed` bytes of the window (the rest moves to the front) and appends
  /// the next block. Does nothing at the end of the input.
  void refill(std::size_t consumed);

  /// Raw bytes read from the input so far (before decoding).
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_read_; }

  /// SHA-256 of the raw bytes read so far, hex.
  [[nodiscard]] std::string sha256_hex() const;

 private:
  // Reads up to one block into a buffer of the hasher's, which the caller submits.
  std::vector<char>& read_block();

  std::unique_ptr<std::istream> input_;
  std::string name_;
  std::unique_ptr<TextDecoder> decoder_;
  std::unique_ptr<BlockHasher> hasher_;  // on the heap: its thread holds its address
  std::vector<char> text_;               // decoded text not yet consumed
  bool at_end_ = false;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace fundrules::io
