#include "io/input_text.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>

#include "fundrules/error.hpp"

namespace fundrules::io {

namespace {

// Large enough that reading costs little per row, small enough to stay in cache-friendly sizes.
constexpr std::size_t kDefaultBlockBytes = std::size_t{1} << 20;
std::atomic<std::size_t> g_block_bytes{kDefaultBlockBytes};

// The encoding is chosen from at least this many bytes (or the whole file, if shorter).
constexpr std::size_t kSampleBytes = std::size_t{64} << 10;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

std::size_t read_block_bytes() noexcept { return g_block_bytes.load(std::memory_order_relaxed); }

void set_read_block_bytes_for_testing(std::size_t bytes) noexcept {
  g_block_bytes.store(bytes == 0 ? kDefaultBlockBytes : bytes, std::memory_order_relaxed);
}

InputText::InputText(std::unique_ptr<std::istream> input, std::string name, Encoding encoding)
    : input_(std::move(input)), name_(std::move(name)) {
  if (!input_ || !*input_) {
    throw DataError(SourceLocation{name_, 0, 0}, "cannot read the input");
  }
  // The first block is the sample the encoding is chosen from; it is decoded like any other.
  while (raw_.size() < kSampleBytes && !at_end_) read_block(raw_);
  const std::string_view sample(raw_.data(), raw_.size());
  const EncodingGuess guess = guess_encoding(sample, at_end_);
  if (!guess.not_text.empty()) throw DataError(SourceLocation{name_, 1, 0}, guess.not_text);
  decoder_ = std::make_unique<TextDecoder>(encoding == Encoding::Auto ? guess.encoding : encoding);
  decoder_->decode(sample, at_end_, text_);
  raw_.clear();
  // A BOM (UTF-8's, or GB18030's, which decodes to the same character) is not part of the
  // header's first name.
  if (std::string_view(text_.data(), text_.size()).substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    text_.erase(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(kUtf8Bom.size()));
  }
}

std::size_t InputText::read_block(std::vector<char>& out) {
  const std::size_t block = read_block_bytes();
  const std::size_t used = out.size();
  out.resize(used + block);
  input_->read(out.data() + used, static_cast<std::streamsize>(block));
  const auto count = static_cast<std::size_t>(input_->gcount());
  out.resize(used + count);
  if (input_->bad()) {
    throw DataError(SourceLocation{name_, 0, 0},
                    std::string("reading failed: ") + std::strerror(errno));
  }
  if (count < block) at_end_ = true;  // read() stops short only at the end (or on failure)
  if (count > 0) sha_.update(out.data() + used, count);
  return count;
}

void InputText::refill(std::size_t consumed) {
  if (consumed > 0) {
    text_.erase(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(consumed));
  }
  if (at_end_) return;
  if (decoder_->encoding() == Encoding::Utf8) {
    // UTF-8 is read straight into the window: nothing to convert.
    read_block(text_);
    return;
  }
  raw_.clear();
  read_block(raw_);
  decoder_->decode(std::string_view(raw_.data(), raw_.size()), at_end_, text_);
}

std::string InputText::sha256_hex() const {
  Sha256 copy = sha_;  // hex_digest() finishes the hash; the reader may still read on
  return copy.hex_digest();
}

}  // namespace fundrules::io
