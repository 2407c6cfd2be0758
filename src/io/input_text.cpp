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
    : input_(std::move(input)), name_(std::move(name)), hasher_(std::make_unique<BlockHasher>()) {
  if (!input_ || !*input_) {
    throw DataError(SourceLocation{name_, 0, 0}, "cannot read the input");
  }
  // The first block (or blocks, if they are small) is the sample the encoding is chosen from;
  // it is decoded like any other.
  std::string sample;
  while (sample.size() < kSampleBytes && !at_end_) {
    std::vector<char>& block = read_block();
    sample.append(block.data(), block.size());
    hasher_->submit(block, at_end_);
  }
  const EncodingGuess guess = guess_encoding(sample, at_end_);
  if (!guess.not_text.empty()) throw DataError(SourceLocation{name_, 1, 0}, guess.not_text);
  decoder_ = std::make_unique<TextDecoder>(encoding == Encoding::Auto ? guess.encoding : encoding);
  decoder_->decode(sample, at_end_, text_);
  // A BOM (UTF-8's, or GB18030's, which decodes to the same character) is not part of the
  // header's first name.
  if (std::string_view(text_.data(), text_.size()).substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    text_.erase(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(kUtf8Bom.size()));
  }
}

std::vector<char>& InputText::read_block() {
  const std::size_t size = read_block_bytes();
  std::vector<char>& block = hasher_->acquire();
  block.resize(size);
  input_->read(block.data(), static_cast<std::streamsize>(size));
  const auto count = static_cast<std::size_t>(input_->gcount());
  block.resize(count);
  bytes_read_ += count;
  if (input_->bad()) {
    hasher_->give_back(block);
    throw DataError(SourceLocation{name_, 0, 0},
                    std::string("reading failed: ") + std::strerror(errno));
  }
  if (count < size) at_end_ = true;  // read() stops short only at the end (or on failure)
  return block;
}

void InputText::refill(std::size_t consumed) {
  if (consumed > 0) {
    text_.erase(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(consumed));
  }
  if (at_end_) return;
  std::vector<char>& block = read_block();
  try {
    decoder_->decode(std::string_view(block.data(), block.size()), at_end_, text_);
  } catch (...) {
    hasher_->submit(block, at_end_);  // the bytes were read: the digest still covers them
    throw;
  }
  hasher_->submit(block, at_end_);
}

std::string InputText::sha256_hex() const { return hasher_->hex_digest(); }

}  // namespace fundrules::io
