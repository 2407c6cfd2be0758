// Folding aggregates over the rows of a group, in mergeable states.

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/decimal_impl.hpp"
#include "expr/fast_hash.hpp"
#include "expr/program.hpp"
#include "fundrules/error.hpp"

namespace fundrules::expr {

// The distinct values count_distinct() has seen, as a hash set of encoded keys: each key is
// stored once (its hash, its length, its class byte, its bytes) in blocks of bytes that never
// move, and the table holds where a key starts and one byte of its hash. A list of a million
// payments can have hundreds of thousands of distinct values per line of a summary, so a key
// costs its bytes and a few more: no string object, no heap block of its own, no buffer that
// doubles and copies itself as it grows. Growing the table and merging sets read each key's
// hash from its record rather than hashing it again.
class AggregateState::DistinctSet {
 public:
  /// Adds the key `kind` + `body` unless the set has it.
  void insert(char kind, std::string_view body) {
    // The rows of a household mostly come together: a value is often the one just added or
    // found, which is then known without hashing it or probing the table (which at a
    // million rows is far larger than the cache).
    if (last_ != 0 && is_last(kind, body)) return;
    if ((size_ + 1) * 3 > slots_.size() * 2) {
      rehash(slots_.empty() ? kFirstSlots : slots_.size() * 2);
    }
    insert_new(hash_of(kind, body), kind, body);
  }

  /// Adds every key of `later`.
  void merge(const DistinctSet& later) {
    // Room for both at once, rather than doubling step by step.
    std::size_t slots = slots_.empty() ? kFirstSlots : slots_.size();
    while ((size_ + later.size_) * 3 > slots * 2) slots *= 2;
    if (slots != slots_.size()) rehash(slots);
    later.for_each([&](std::uint32_t hash, char kind, std::string_view body) {
      insert_new(hash, kind, body);
    });
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  // A key's place is its block's number and its offset in the block, 16 bits each; a key
  // longer than a block has a block of its own. The first block grows as a string does, so
  // that the many sets of a few values (one per group of a rule) stay small.
  static constexpr unsigned kOffsetBits = 16;
  static constexpr std::size_t kBlockBytes = std::size_t{1} << kOffsetBits;
  static constexpr std::size_t kMaxBlocks = (std::size_t{1} << 16) - 1;  // place + 1 fits
  static constexpr std::size_t kFirstSlots = 8;
  // A key's length takes one byte below kLongLength, else that byte and four more.
  static constexpr unsigned char kLongLength = 0xff;

  struct Key {
    std::uint32_t hash;
    char kind;
    std::string_view body;
  };

  static std::uint32_t hash_of(char kind, std::string_view body) {
    const std::uint64_t full =
        fast_hash(body) + static_cast<unsigned char>(kind) * 0x9e3779b97f4a7c15ULL;
    return static_cast<std::uint32_t>(full ^ (full >> 32));
  }
  // The byte kept beside a slot: never 0, which marks an empty slot.
  static std::uint8_t tag_of(std::uint32_t hash) {
    const auto tag = static_cast<std::uint8_t>(hash >> 24);
    return tag == 0 ? 1 : tag;
  }

  // Adds the key unless the set has it; the table has room.
  void insert_new(std::uint32_t hash, char kind, std::string_view body) {
    const std::size_t mask = slots_.size() - 1;
    const std::uint8_t tag = tag_of(hash);
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const std::uint8_t seen = tags_[slot];
      if (seen == 0) {
        tags_[slot] = tag;
        slots_[slot] = store(hash, kind, body) + 1;
        last_ = slots_[slot];
        ++size_;
        return;
      }
      if (seen == tag) {
        const Key key = key_at(slots_[slot] - 1);
        if (key.hash == hash && key.kind == kind && key.body == body) {
          last_ = slots_[slot];
          return;
        }
      }
    }
  }

  // Reads the key stored at `at` of `block`; returns the bytes it takes.
  static std::size_t read(const std::string& block, std::size_t at, Key& key) {
    const std::size_t from = at;
    std::memcpy(&key.hash, block.data() + at, sizeof key.hash);
    at += sizeof key.hash;
    std::size_t length = static_cast<unsigned char>(block[at++]);
    if (length == kLongLength) {
      std::uint32_t long_length = 0;
      std::memcpy(&long_length, block.data() + at, sizeof long_length);
      length = long_length;
      at += sizeof long_length;
    }
    key.kind = block[at++];
    key.body = std::string_view(block.data() + at, length);
    return at + length - from;
  }

  // Whether `kind` + `body` is the key at last_ (which is not 0). Short values, as most are,
  // are compared as two overlapping words each, without a call.
  [[nodiscard]] bool is_last(char kind, std::string_view body) const {
    const Key key = key_at(last_ - 1);
    const std::size_t n = body.size();
    if (key.kind != kind || key.body.size() != n) return false;
    if (n < 8 || n > 16) return key.body == body;
    std::uint64_t a[2];
    std::uint64_t b[2];
    std::memcpy(&a[0], key.body.data(), 8);
    std::memcpy(&a[1], key.body.data() + n - 8, 8);
    std::memcpy(&b[0], body.data(), 8);
    std::memcpy(&b[1], body.data() + n - 8, 8);
    return ((a[0] ^ b[0]) | (a[1] ^ b[1])) == 0;
  }

  [[nodiscard]] Key key_at(std::uint32_t place) const {
    Key key{};
    read(blocks_[place >> kOffsetBits], place & (kBlockBytes - 1), key);
    return key;
  }

  // Calls f(hash, kind, body) for every key, in the order they were added.
  template <typename F>
  void for_each(const F& f) const {
    Key key{};
    for (const std::string& block : blocks_) {
      for (std::size_t at = 0; at < block.size();) {
        at += read(block, at, key);
        f(key.hash, key.kind, key.body);
      }
    }
  }

  // Appends the key; returns where it starts.
  std::uint32_t store(std::uint32_t hash, char kind, std::string_view body) {
    if (body.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw LimitError("count_distinct(): a value of more than 4 GiB");
    }
    // The hash, length and class first, in one append; then the bytes.
    char head[sizeof hash + 2 + sizeof(std::uint32_t)];
    std::memcpy(head, &hash, sizeof hash);
    std::size_t head_size = sizeof hash;
    if (body.size() < kLongLength) {
      head[head_size++] = static_cast<char>(body.size());
    } else {
      head[head_size++] = static_cast<char>(kLongLength);
      const auto length = static_cast<std::uint32_t>(body.size());
      std::memcpy(head + head_size, &length, sizeof length);
      head_size += sizeof length;
    }
    head[head_size++] = kind;
    const std::size_t bytes = head_size + body.size();
    if (blocks_.empty() || blocks_.back().size() + bytes > kBlockBytes) {
      if (blocks_.size() == kMaxBlocks) {
        throw LimitError("count_distinct(): more than 4 GiB of distinct values in one group");
      }
      blocks_.emplace_back();
      // After the first, blocks are made whole; a longer key is a block of its own.
      if (blocks_.size() > 1) blocks_.back().reserve(std::max(kBlockBytes, bytes));
    }
    std::string& block = blocks_.back();
    if (block.size() + bytes > block.capacity() && block.capacity() < kBlockBytes) {
      // The first block doubles, but never past a whole block.
      block.reserve(std::max(block.size() + bytes, std::min(kBlockBytes, 2 * block.capacity())));
    }
    const auto place =
        static_cast<std::uint32_t>(((blocks_.size() - 1) << kOffsetBits) | block.size());
    block.append(head, head_size);
    block.append(body);
    return place;
  }

  void rehash(std::size_t size) {
    // At most two thirds full, so that probes stay short.
    slots_.assign(size, 0);
    tags_.assign(size, 0);
    const std::size_t mask = size - 1;
    Key key{};
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      const std::string& block = blocks_[b];
      for (std::size_t at = 0; at < block.size();) {
        const auto place = static_cast<std::uint32_t>((b << kOffsetBits) | at);
        at += read(block, at, key);
        std::size_t slot = key.hash & mask;
        while (tags_[slot] != 0) slot = (slot + 1) & mask;
        tags_[slot] = tag_of(key.hash);
        slots_[slot] = place + 1;
      }
    }
  }

  std::vector<std::string> blocks_;   // each full but the last
  std::vector<std::uint32_t> slots_;  // a key's place + 1, where tags_ is not 0
  std::vector<std::uint8_t> tags_;    // 0: empty; else a byte of the key's hash
  std::size_t size_ = 0;
  std::uint32_t last_ = 0;  // place + 1 of the key added or found last; 0: none yet
};

namespace {

// Numbers are distinct by value (600 and 600.00 alike): their key is the coefficient and
// scale of the number with trailing fractional zeros removed, which is one per value.
constexpr char kNumberKey = 'n';
constexpr std::size_t kNumberBytes = 2 * sizeof(std::uint64_t) + 1;

std::string_view number_key(const fundrules::Decimal& value, char (&buffer)[kNumberBytes]) {
  const fundrules::Decimal normal = value.normalized();
  const auto high = static_cast<std::uint64_t>(normal.raw_high());
  const std::uint64_t low = normal.raw_low();
  std::memcpy(buffer, &high, sizeof high);
  std::memcpy(buffer + sizeof high, &low, sizeof low);
  buffer[kNumberBytes - 1] = static_cast<char>(normal.scale());
  return std::string_view(buffer, kNumberBytes);
}

}  // namespace

AggregateState::AggregateState(AggregateKind kind) : kind_(kind) {}
AggregateState::~AggregateState() = default;
AggregateState::AggregateState(AggregateState&& other) noexcept = default;
AggregateState& AggregateState::operator=(AggregateState&& other) noexcept = default;

AggregateState::AggregateState(const AggregateState& other)
    : kind_(other.kind_),
      all_int_(other.all_int_),
      flag_(other.flag_),
      pending_scale_(other.pending_scale_),
      count_(other.count_),
      pending_(other.pending_),
      sum_(other.sum_),
      best_(other.best_),
      distinct_(other.distinct_ ? std::make_unique<DistinctSet>(*other.distinct_) : nullptr) {}

AggregateState& AggregateState::operator=(const AggregateState& other) {
  if (this != &other) *this = AggregateState(other);
  return *this;
}

void AggregateState::add(const Value& value) { add(view_of(value)); }

void AggregateState::add_cell(const Column& column, std::size_t row) {
  // The shapes summaries fold most, without a Val in between; the rest as add() has them.
  switch (kind_) {
    case AggregateKind::Count:
      ++count_;
      return;
    case AggregateKind::Sum:
    case AggregateKind::Avg:
      if (column.type() == ValueType::Decimal) {
        ++count_;
        all_int_ = false;
        const fundrules::Decimal& d = column.decimal_at(row);
        if (decimal_detail::fits_int64(d.raw_high(), d.raw_low())) {
          add_scaled(static_cast<std::int64_t>(d.raw_low()), d.scale());
        } else {
          sum_ += d;
        }
        return;
      }
      if (column.type() == ValueType::Int) {
        ++count_;
        add_scaled(column.int_at(row), 0);
        return;
      }
      break;
    case AggregateKind::CountDistinct:
      if (column.type() == ValueType::String) {
        if (!distinct_) distinct_ = std::make_unique<DistinctSet>();
        distinct_->insert('s', column.string_at(row));
        return;
      }
      break;
    default:
      break;
  }
  switch (column.type()) {
    case ValueType::Bool:
      add(Val::of_bool(column.bool_at(row)));
      return;
    case ValueType::Int:
      add(Val::of_int(column.int_at(row)));
      return;
    case ValueType::Decimal:
      add(Val::of_decimal(column.decimal_at(row)));
      return;
    case ValueType::Date:
      add(Val::of_date(column.date_at(row)));
      return;
    default:
      add(Val::of_string(column.string_at(row)));
      return;
  }
}

void AggregateState::add(const Val& value) {
  if (value.tag == Tag::Null || value.tag == Tag::Error) return;
  switch (kind_) {
    case AggregateKind::Count:
      ++count_;
      break;
    case AggregateKind::Sum:
    case AggregateKind::Avg:
      ++count_;
      if (value.tag == Tag::Int) {
        add_scaled(value.i, 0);
      } else if (value.tag == Tag::Decimal) {
        all_int_ = false;
        const fundrules::Decimal& d = value.d;
        if (decimal_detail::fits_int64(d.raw_high(), d.raw_low())) {
          add_scaled(static_cast<std::int64_t>(d.raw_low()), d.scale());
        } else {
          sum_ += d;
        }
      }
      break;
    case AggregateKind::CountDistinct: {
      if (!distinct_) distinct_ = std::make_unique<DistinctSet>();
      // Text is its bytes; numbers by value; anything else by its type and literal, which
      // begins with a letter neither text nor numbers use as their class.
      char buffer[kNumberBytes];
      if (value.tag == Tag::String) {
        distinct_->insert('s', value.s);
      } else if (value.tag == Tag::Int) {
        distinct_->insert(kNumberKey, number_key(fundrules::Decimal(value.i), buffer));
      } else if (value.tag == Tag::Decimal) {
        distinct_->insert(kNumberKey, number_key(value.d, buffer));
      } else {
        const Value owned = value_of(value);
        distinct_->insert('o', std::string(type_name(owned.type())) + ":" + owned.to_literal());
      }
      break;
    }
    case AggregateKind::Min:
    case AggregateKind::Max: {
      if (best_.is_null()) {
        best_ = value_of(value);
        break;
      }
      bool ok = true;
      const int cmp = order(value, view_of(best_), ok);
      if (ok && (kind_ == AggregateKind::Min ? cmp < 0 : cmp > 0)) {
        best_ = value_of(value);
      }
      break;
    }
    case AggregateKind::Any:
      if (value.tag == Tag::Bool && value.b) {
        flag_ = true;
      }
      break;
    case AggregateKind::All:
      if (value.tag == Tag::Bool && !value.b) {
        flag_ = true;
      }
      break;
  }
}

void AggregateState::add_scaled(std::int64_t coefficient, int scale) {
  // Amounts mostly share one scale (two places), so the sum runs as a 64-bit coefficient and
  // becomes a Decimal only when a term does not fit it. A Decimal sum has the largest scale of
  // its terms; pending_scale_ only ever grows to a scale some term had, so sum_ + pending_
  // is the same Decimal, digit for digit, as adding every term to a Decimal.
  using decimal_detail::kPow10;
  std::int64_t scaled = 0;
  if (scale > pending_scale_) {
    if (decimal_detail::mul_overflows(pending_, kPow10[scale - pending_scale_], scaled)) {
      sum_ += fundrules::Decimal::from_scaled(pending_, pending_scale_);
      scaled = 0;
    }
    pending_ = scaled;
    pending_scale_ = static_cast<std::int8_t>(scale);
  } else if (scale < pending_scale_) {
    if (decimal_detail::mul_overflows(coefficient, kPow10[pending_scale_ - scale], scaled)) {
      sum_ += fundrules::Decimal::from_scaled(coefficient, scale);
      return;
    }
    coefficient = scaled;
  }
  if (decimal_detail::add_overflows(pending_, coefficient, scaled)) {
    sum_ += fundrules::Decimal::from_scaled(pending_, pending_scale_);
    scaled = coefficient;
  }
  pending_ = scaled;
}

fundrules::Decimal AggregateState::full_sum() const {
  if (pending_ == 0 && pending_scale_ == 0) return sum_;
  return sum_ + fundrules::Decimal::from_scaled(pending_, pending_scale_);
}

void AggregateState::merge(const AggregateState& later) {
  count_ += later.count_;
  sum_ += later.full_sum();
  all_int_ = all_int_ && later.all_int_;
  flag_ = flag_ || later.flag_;
  if (!later.best_.is_null()) {
    add(later.best_);
  }
  if (later.distinct_) {
    if (!distinct_) {
      distinct_ = std::make_unique<DistinctSet>(*later.distinct_);
    } else {
      distinct_->merge(*later.distinct_);
    }
  }
}

EvalResult AggregateState::result() const {
  EvalResult out;
  switch (kind_) {
    case AggregateKind::Count:
      out.value = Value(count_);
      break;
    case AggregateKind::CountDistinct:
      out.value = Value(static_cast<std::int64_t>(distinct_ ? distinct_->size() : 0));
      break;
    case AggregateKind::Sum:
      if (!all_int_) {
        out.value = Value(full_sum());
      } else if (const auto whole = full_sum().to_int64()) {
        out.value = Value(*whole);
      } else {
        out.error = EvalErrorKind::Overflow;
        out.error_message = "sum() past the 64-bit range";
      }
      break;
    case AggregateKind::Avg:
      if (count_ > 0) {
        out.value = Value(divide_decimal(full_sum(), fundrules::Decimal(count_)));
      }
      break;
    case AggregateKind::Min:
    case AggregateKind::Max:
      out.value = best_;
      break;
    case AggregateKind::Any:
      out.value = Value(flag_);
      break;
    case AggregateKind::All:
      out.value = Value(!flag_);
      break;
  }
  return out;
}

}  // namespace fundrules::expr
