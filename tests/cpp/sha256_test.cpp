// SHA-256 on both engines (portable and the x86 SHA extensions): the FIPS 180-4 / NIST
// example digests, and agreement of the two on every length around the block boundaries
// and on input fed in uneven pieces, as the CSV reader feeds it.

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/sha256.hpp"

using fundrules::Sha256;
using fundrules::Sha256Engine;

namespace {

std::string digest(Sha256Engine engine, const std::string& data, std::size_t piece = 0) {
  Sha256 hash(engine);
  if (piece == 0) {
    hash.update(data);
  } else {
    for (std::size_t at = 0; at < data.size(); at += piece) {
      hash.update(std::string_view(data).substr(at, piece));
    }
  }
  return hash.hex_digest();
}

std::vector<Sha256Engine> engines() {
  std::vector<Sha256Engine> out = {Sha256Engine::Portable, Sha256Engine::Best};
  if (fundrules::sha256_sha_ni_available()) out.push_back(Sha256Engine::ShaNi);
  return out;
}

std::string random_bytes(std::size_t size, std::uint32_t seed) {
  std::mt19937 generator(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(generator() & 0xff);
  return out;
}

}  // namespace

TEST_CASE("SHA-256 gives the NIST example digests on every engine") {
  const std::string million_a(1000000, 'a');
  for (const Sha256Engine engine : engines()) {
    CAPTURE(static_cast<int>(engine));
    CHECK(digest(engine, "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(digest(engine, "abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(digest(engine, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(digest(engine,
                 "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                 "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(digest(engine, million_a) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(digest(engine, million_a, 4093) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST_CASE("SHA-256 engines agree on every length and on input fed in pieces") {
  const std::string data = random_bytes(1200, 2017);
  for (std::size_t size = 0; size <= data.size(); size += (size < 300 ? 1 : 37)) {
    const std::string part = data.substr(0, size);
    const std::string expected = digest(Sha256Engine::Portable, part);
    for (const Sha256Engine engine : engines()) {
      CAPTURE(size, static_cast<int>(engine));
      CHECK(digest(engine, part) == expected);
      CHECK(digest(engine, part, 63) == expected);
      CHECK(digest(engine, part, 65) == expected);
    }
  }
}

TEST_CASE("SHA-256 asked for the SHA extensions on a CPU without them still hashes right") {
  // ShaNi falls back to portable code where the CPU lacks the extensions.
  CHECK(digest(Sha256Engine::ShaNi, "abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
