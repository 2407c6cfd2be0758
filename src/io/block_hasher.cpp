#include "io/block_hasher.hpp"

#include <system_error>

namespace fundrules::io {

BlockHasher::~BlockHasher() {
  if (!thread_.joinable()) return;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::vector<char>& BlockHasher::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (free_.empty() && buffers_.size() < kBuffers) {
    buffers_.push_back(std::make_unique<std::vector<char>>());
    free_.push_back(buffers_.back().get());
  }
  changed_.wait(lock, [this] { return !free_.empty(); });
  std::vector<char>* buffer = free_.front();
  free_.pop_front();
  return *buffer;
}

void BlockHasher::give_back(std::vector<char>& buffer) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(&buffer);
  }
  changed_.notify_all();
}

void BlockHasher::start_thread() {
  try {
    thread_ = std::thread(&BlockHasher::run, this);
    threaded_ = true;
  } catch (const std::system_error&) {
    // No thread to be had: hash on the reading thread instead, which is only slower.
  }
}

void BlockHasher::submit(std::vector<char>& buffer, bool last) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!threaded_ && !last) start_thread();
  if (!threaded_) {
    sha_.update(buffer.data(), buffer.size());
    free_.push_back(&buffer);
    return;
  }
  queued_.push_back(&buffer);
  lock.unlock();
  changed_.notify_all();
}

std::string BlockHasher::hex_digest() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return queued_.empty() && !hashing_; });
  Sha256 copy = sha_;  // hex_digest() finishes a hash; more blocks may still come
  return copy.hex_digest();
}

void BlockHasher::run() {
  for (;;) {
    std::vector<char>* buffer = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return stop_ || !queued_.empty(); });
      if (stop_) return;
      buffer = queued_.front();
      queued_.pop_front();
      hashing_ = true;
    }
    sha_.update(buffer->data(), buffer->size());
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      hashing_ = false;
      free_.push_back(buffer);
    }
    changed_.notify_all();
  }
}

}  // namespace fundrules::io
