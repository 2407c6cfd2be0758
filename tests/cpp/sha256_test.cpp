// SHA-256 against the FIPS 180-4 / NIST example vectors, and incremental updates.

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "core/sha256.hpp"

using fundrules::Sha256;
using fundrules::sha256_hex;

TEST_CASE("the standard test vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                 "klmnopqrlmnopqrsmnopqrstnopqrstu") ==
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("padding boundaries: 55, 56, 63, 64 and 65 bytes", "[sha256]") {
  // Digests of runs of "a" as Python's hashlib computes them.
  CHECK(sha256_hex(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(63, 'a')) ==
        "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  CHECK(sha256_hex(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256_hex(std::string(65, 'a')) ==
        "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
}

TEST_CASE("feeding the message in pieces gives the same digest", "[sha256][property]") {
  std::mt19937 rng(11);
  std::string message;
  for (int i = 0; i < 5000; ++i) message += static_cast<char>(rng() & 0xff);
  const std::string whole = sha256_hex(message);
  for (int trial = 0; trial < 50; ++trial) {
    Sha256 hash;
    std::size_t at = 0;
    while (at < message.size()) {
      const std::size_t piece = std::min<std::size_t>(rng() % 150, message.size() - at);
      hash.update(message.data() + at, piece);
      at += piece;
    }
    CHECK(hash.hex_digest() == whole);
  }
  Sha256 empty_updates;
  empty_updates.update("");
  empty_updates.update("abc");
  empty_updates.update(nullptr, 0);
  CHECK(empty_updates.hex_digest() == sha256_hex("abc"));
}
