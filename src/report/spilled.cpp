#include "report/spilled.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "fundrules/error.hpp"

namespace fundrules::detail {

namespace {

std::string system_error_text(int error) { return std::strerror(error); }

}  // namespace

SpillFile::SpillFile(std::string directory) : directory_(std::move(directory)) {
  if (directory_.empty()) directory_ = ".";
  std::string path = directory_ + "/fundrules-violations-XXXXXX";
  // mkostemp creates the file readable and writable by its owner alone.
  fd_ = mkostemp(path.data(), O_CLOEXEC);
  if (fd_ < 0) {
    throw Error("cannot create a temporary file for violations in " + directory_ + ": " +
                system_error_text(errno));
  }
  // Unlinked at once: the file lives as long as it is open, and no path out of the process
  // (an exception, a crash, a kill) can leave it behind.
  if (unlink(path.c_str()) != 0) {
    const int error = errno;
    close(fd_);
    throw Error("cannot remove the temporary file " + path + ": " + system_error_text(error));
  }
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) close(fd_);
}

std::uint64_t SpillFile::append(const std::string& bytes) {
  const std::uint64_t start = size_;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(size_ + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error("cannot write violations to a temporary file in " + directory_ + ": " +
                  system_error_text(n < 0 ? errno : ENOSPC));
    }
    done += static_cast<std::size_t>(n);
  }
  size_ += bytes.size();
  return start;
}

void SpillFile::read(std::uint64_t offset, char* data, std::size_t size) const {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = pread(fd_, data + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw Error("cannot read back violations from a temporary file in " + directory_ + ": " +
                  (n < 0 ? system_error_text(errno) : std::string("the file is shorter")));
    }
    done += static_cast<std::size_t>(n);
  }
}

// Records: a 32-bit length, then the fields in a fixed order. Numbers are in the machine's
// byte order: the file never outlives the process that wrote it.
namespace {

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_text(std::string& out, const std::string& text) {
  put(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

void put_location(std::string& out, const SourceLocation& where) {
  put_text(out, where.file);
  put(out, static_cast<std::int32_t>(where.line));
  put(out, static_cast<std::int32_t>(where.column));
}

// Reads fields back from one record; a record shorter than its fields is a damaged file.
class Reader {
 public:
  Reader(const char* data, std::size_t size) : at_(data), end_(data + size) {}

  template <typename T>
  T get() {
    T value;
    need(sizeof(T));
    std::memcpy(&value, at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  void text(std::string& out) {
    const auto size = get<std::uint32_t>();
    need(size);
    out.assign(at_, size);
    at_ += size;
  }
  void skip_text() {
    const auto size = get<std::uint32_t>();
    need(size);
    at_ += size;
  }
  void location(SourceLocation& where) {
    text(where.file);
    where.line = get<std::int32_t>();
    where.column = get<std::int32_t>();
  }

 private:
  void need(std::size_t size) const {
    if (static_cast<std::size_t>(end_ - at_) < size) {
      throw Error("a temporary file of violations was damaged");
    }
  }
  const char* at_;
  const char* end_;
};

// The leading fields of a record, as far as its rows. The rule's origin and source are kept
// only when `whole`; the spill tally passes over them.
void decode_head(Reader& in, Violation& v, bool whole) {
  in.text(v.rule_id);
  if (whole) {
    in.text(v.rule_origin);
    in.location(v.rule_source);
  } else {
    in.skip_text();  // rule_origin
    in.skip_text();  // rule_source: its file, line and column
    in.get<std::int32_t>();
    in.get<std::int32_t>();
  }
  v.severity = static_cast<Severity>(in.get<std::uint8_t>());
  v.scope = static_cast<Scope>(in.get<std::uint8_t>());
  v.rows.resize(in.get<std::uint32_t>());
  for (std::int64_t& row : v.rows) row = in.get<std::int64_t>();
}

void decode_violation(Reader& in, Violation& v) {
  decode_head(in, v, true);
  v.line = in.get<std::int64_t>();
  v.column = in.get<std::int32_t>();
  in.text(v.group_key);
  in.text(v.message_zh);
  in.text(v.message_en);
  v.values.resize(in.get<std::uint32_t>());
  for (ValueRead& read : v.values) {
    in.text(read.name);
    in.text(read.value);
    read.personal = static_cast<PersonalData>(in.get<std::uint8_t>());
    read.missing = in.get<std::uint8_t>() != 0;
  }
  v.params.resize(in.get<std::uint32_t>());
  for (ParamUsed& param : v.params) {
    in.text(param.name);
    in.text(param.value);
    if (in.get<std::uint8_t>() != 0) {
      param.effective_from = Date::from_days(in.get<std::int32_t>());
    } else {
      param.effective_from.reset();
    }
    in.text(param.origin);
    in.location(param.set_at);
  }
  in.text(v.clause);
  in.text(v.clause_text);
  in.text(v.detail);
}

}  // namespace

void encode_violation(std::string& out, int rank, const Violation& v) {
  const std::size_t start = out.size();
  put(out, std::uint32_t{0});  // the length, filled in below
  put(out, static_cast<std::int32_t>(rank));
  put_text(out, v.rule_id);
  put_text(out, v.rule_origin);
  put_location(out, v.rule_source);
  put(out, static_cast<std::uint8_t>(v.severity));
  put(out, static_cast<std::uint8_t>(v.scope));
  put(out, static_cast<std::uint32_t>(v.rows.size()));
  for (const std::int64_t row : v.rows) put(out, row);
  put(out, v.line);
  put(out, static_cast<std::int32_t>(v.column));
  put_text(out, v.group_key);
  put_text(out, v.message_zh);
  put_text(out, v.message_en);
  put(out, static_cast<std::uint32_t>(v.values.size()));
  for (const ValueRead& read : v.values) {
    put_text(out, read.name);
    put_text(out, read.value);
    put(out, static_cast<std::uint8_t>(read.personal));
    put(out, static_cast<std::uint8_t>(read.missing ? 1 : 0));
  }
  put(out, static_cast<std::uint32_t>(v.params.size()));
  for (const ParamUsed& param : v.params) {
    put_text(out, param.name);
    put_text(out, param.value);
    put(out, static_cast<std::uint8_t>(param.effective_from ? 1 : 0));
    if (param.effective_from) put(out, param.effective_from->days_since_epoch());
    put_text(out, param.origin);
    put_location(out, param.set_at);
  }
  put_text(out, v.clause);
  put_text(out, v.clause_text);
  put_text(out, v.detail);
  const auto length = static_cast<std::uint32_t>(out.size() - start - sizeof(std::uint32_t));
  std::memcpy(&out[start], &length, sizeof(length));
}

namespace {

bool key_before(std::int64_t row_a, int rank_a, std::int64_t row_b, int rank_b) {
  return row_a != row_b ? row_a < row_b : rank_a < rank_b;
}

}  // namespace

void SpilledViolations::add(SpillRun run) {
  count += run.count;
  for (std::vector<SpillRun>& chain : chains) {
    const SpillRun& tail = chain.back();
    if (!key_before(run.first_row, run.first_rank, tail.last_row, tail.last_rank)) {
      chain.push_back(std::move(run));
      return;
    }
  }
  chains.push_back({std::move(run)});
}

const std::vector<Violation>& SpilledViolations::all(
    const std::vector<Violation>& in_memory) const {
  std::call_once(loaded_, [&] {
    std::vector<Violation> list;
    list.reserve(count + in_memory.size());
    ViolationCursor cursor(*this, in_memory);
    while (const Violation* v = cursor.next()) list.push_back(*v);
    all_ = std::move(list);
  });
  return all_;
}

// One source of the merge: a chain of runs read a block at a time, or the violations in
// memory. `order` breaks ties between sources: the run's number (memory comes last).
struct ViolationCursor::Source {
  const std::vector<SpillRun>* chain = nullptr;
  std::size_t run = 0;         // index in the chain
  std::size_t left = 0;        // records of the run not read yet
  std::uint64_t position = 0;  // file offset of the next record
  std::string block;           // bytes read ahead, from block_start on
  std::size_t block_at = 0;    // next record's offset in `block`
  Violation read;

  const std::vector<Violation>* memory = nullptr;
  const std::vector<int>* ranks = nullptr;
  std::size_t index = 0;

  const Violation* current = nullptr;
  int rank = 0;
  std::size_t order = 0;
  bool heads_only = false;

  // Loads the next violation into `current` (null at the end).
  void advance() {
    if (memory != nullptr) {
      if (index < memory->size()) {
        current = &(*memory)[index];
        rank = (*ranks)[index];
        ++index;
      } else {
        current = nullptr;
      }
      return;
    }
    while (left == 0) {
      if (run >= chain->size()) {
        current = nullptr;
        return;
      }
      const SpillRun& next = (*chain)[run++];
      left = next.count;
      position = next.offset;
      order = next.id;
      block.clear();
      block_at = 0;
    }
    const SpillRun& now = (*chain)[run - 1];
    const std::uint64_t run_end = now.offset + now.bytes;
    std::uint32_t length = 0;
    if (block.size() - block_at < sizeof(length)) fill(run_end, sizeof(length));
    std::memcpy(&length, block.data() + block_at, sizeof(length));
    const std::size_t record = sizeof(length) + length;
    if (block.size() - block_at < record) fill(run_end, record);
    Reader in(block.data() + block_at + sizeof(length), length);
    rank = in.get<std::int32_t>();
    if (heads_only) {
      decode_head(in, read, false);
    } else {
      decode_violation(in, read);
    }
    block_at += record;
    position += record;
    --left;
    current = &read;
  }

  // Reads the bytes from `position` on: a block, or more if one record needs more.
  void fill(std::uint64_t run_end, std::size_t at_least) {
    constexpr std::size_t kBlockBytes = std::size_t{64} * 1024;
    const std::uint64_t available = run_end - position;
    const std::size_t want = std::max(kBlockBytes, at_least);
    const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(available, want));
    if (size < at_least) throw Error("a temporary file of violations was damaged");
    block.resize(size);
    chain->at(run - 1).file->read(position, block.data(), size);
    block_at = 0;
  }
};

ViolationCursor::ViolationCursor(const SpilledViolations& spilled,
                                 const std::vector<Violation>& in_memory, bool heads_only) {
  for (const std::vector<SpillRun>& chain : spilled.chains) {
    auto source = std::make_unique<Source>();
    source->chain = &chain;
    source->heads_only = heads_only;
    source->advance();
    sources_.push_back(std::move(source));
  }
  auto memory = std::make_unique<Source>();
  memory->memory = &in_memory;
  memory->ranks = &spilled.in_memory_ranks;
  memory->order = std::numeric_limits<std::size_t>::max();
  memory->advance();
  sources_.push_back(std::move(memory));
}

ViolationCursor::~ViolationCursor() = default;

const Violation* ViolationCursor::next() {
  if (last_ != nullptr) last_->advance();
  Source* best = nullptr;
  std::int64_t best_row = 0;
  for (const auto& source : sources_) {
    if (source->current == nullptr) continue;
    const std::int64_t row = source->current->rows.empty()
                                 ? std::numeric_limits<std::int64_t>::max()
                                 : source->current->rows.front();
    if (best == nullptr || row < best_row ||
        (row == best_row && (source->rank < best->rank ||
                             (source->rank == best->rank && source->order < best->order)))) {
      best = source.get();
      best_row = row;
    }
  }
  last_ = best;
  return best != nullptr ? best->current : nullptr;
}

const Violation* ViolationCursor::next(Violation& keep) {
  const Violation* violation = next();
  if (violation == nullptr || last_->memory != nullptr) return violation;
  // The source decodes its next record into what `keep` held, and only after it is advanced.
  std::swap(keep, last_->read);
  last_->current = &last_->read;
  return &keep;
}

}  // namespace fundrules::detail
