#pragma once

// SHA-256 of an input, computed on a second thread while the reader parses.
//
// Hashing costs more than parsing (a portable SHA-256 runs at about 250 MB/s, the parser at
// several times that), so on the reading thread it would set the pace. Blocks are hashed in
// the order they were read; the buffers they live in are recycled from a small pool, so memory
// stays at a few blocks whatever the file's size.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/sha256.hpp"

namespace fundrules::io {

/// Hashes blocks handed to it, in order, on its own thread.
class BlockHasher {
 public:
  BlockHasher() = default;
  /// Stops the thread; blocks still queued are not hashed (nobody can ask for the digest).
  ~BlockHasher();
  BlockHasher(const BlockHasher&) = delete;
  BlockHasher& operator=(const BlockHasher&) = delete;

  /// A buffer to read the next block into, holding whatever it last held (sizing it to a block
  /// then writes no zeros over a megabyte that the read overwrites); waits while all buffers
  /// are being hashed.
  std::vector<char>& acquire();
  /// Hands `buffer` (from acquire()) over to be hashed after the blocks submitted before it;
  /// it must not be changed afterwards. `last` says no block will follow: a whole input of
  /// one block is hashed right here rather than on a thread.
  void submit(std::vector<char>& buffer, bool last);
  /// Returns a buffer from acquire() unhashed (reading it failed).
  void give_back(std::vector<char>& buffer);
  /// SHA-256 of all bytes submitted so far, hex; waits until they are hashed.
  std::string hex_digest();

 private:
  static constexpr std::size_t kBuffers = 4;

  void run();
  void start_thread();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<std::vector<char>>> buffers_;
  std::deque<std::vector<char>*> free_;
  std::deque<std::vector<char>*> queued_;
  bool hashing_ = false;  // the thread is hashing a block it took off the queue
  bool stop_ = false;
  bool threaded_ = false;
  Sha256 sha_;  // touched by the thread while it runs, else under the mutex
  std::thread thread_;
};

}  // namespace fundrules::io
