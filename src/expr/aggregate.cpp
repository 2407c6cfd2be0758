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
// stored once in one byte buffer (its length, its class byte, its bytes), and the table holds
// only where a key starts and part of its hash. A list of a million payments can have hundreds
// of thousands of distinct values per line of a summary, so a key costs its bytes and about
// sixteen more, never a string object and a heap block of its own.
class AggregateState::DistinctSet {
 public:
  /// Adds the key `kind` + `body` unless the set has it.
  void insert(char kind, std::string_view body) { insert(hash_of(kind, body), kind, body); }

  /// Adds every key of `later`.
  void merge(const DistinctSet& later) {
    // Room for both at once, rather than doubling step by step; each key's hash is in its
    // slot, so the keys of `later` are looked up without hashing them again.
    std::size_t slots = slots_.empty() ? 16 : slots_.size();
    while ((size_ + later.size_) * 3 > slots * 2) slots *= 2;
    if (slots != slots_.size()) rehash(slots);
    bytes_.reserve(bytes_.size() + later.bytes_.size());
    for (const std::uint64_t entry : later.slots_) {
      if (entry == 0) continue;
      const Key key = later.key_at(static_cast<std::uint32_t>(entry) - 1);
      insert(static_cast<std::uint32_t>(entry >> 32), key.kind, key.body);
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  struct Key {
    char kind;
    std::string_view body;
    std::size_t end;  // where the next key starts
  };

  void insert(std::uint32_t hash, char kind, std::string_view body) {
    if ((size_ + 1) * 3 > slots_.size() * 2) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
      const std::uint64_t entry = slots_[slot];
      if (entry == 0) {
        slots_[slot] = (std::uint64_t{hash} << 32) | store(kind, body);
        ++size_;
        return;
      }
      if (static_cast<std::uint32_t>(entry >> 32) == hash && equals(entry, kind, body)) return;
    }
  }

  // A key's length takes one byte below kLongLength, else that byte and four more.
  static constexpr unsigned char kLongLength = 0xff;

  static std::uint32_t hash_of(char kind, std::string_view body) {
    const std::uint64_t full =
        fast_hash(body) + static_cast<unsigned char>(kind) * 0x9e3779b97f4a7c15ULL;
    return static_cast<std::uint32_t>(full ^ (full >> 32));
  }

  [[nodiscard]] Key key_at(std::size_t at) const {
    std::size_t length = static_cast<unsigned char>(bytes_[at]);
    ++at;
    if (length == kLongLength) {
      std::uint32_t long_length = 0;
      std::memcpy(&long_length, bytes_.data() + at, sizeof long_length);
      length = long_length;
      at += sizeof long_length;
    }
    return {bytes_[at], std::string_view(bytes_).substr(at + 1, length), at + 1 + length};
  }

  [[nodiscard]] bool equals(std::uint64_t entry, char kind, std::string_view body) const {
    const Key key = key_at(static_cast<std::uint32_t>(entry) - 1);
    return key.kind == kind && key.body == body;
  }

  // Appends the key; returns where it starts, plus one (a slot of 0 is empty).
  std::uint32_t store(char kind, std::string_view body) {
    const std::size_t at = bytes_.size();
    if (at + body.size() + 6 >= std::numeric_limits<std::uint32_t>::max()) {
      throw LimitError("count_distinct(): more than 4 GiB of distinct values in one group");
    }
    // The length and class first, in one append; then the bytes.
    char head[2 + sizeof(std::uint32_t)];
    std::size_t head_size = 0;
    if (body.size() < kLongLength) {
      head[head_size++] = static_cast<char>(body.size());
    } else {
      head[head_size++] = static_cast<char>(kLongLength);
      const auto length = static_cast<std::uint32_t>(body.size());
      std::memcpy(head + head_size, &length, sizeof length);
      head_size += sizeof length;
    }
    head[head_size++] = kind;
    bytes_.append(head, head_size);
    bytes_.append(body);
    return static_cast<std::uint32_t>(at + 1);
  }

  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }

  void rehash(std::size_t size) {
    // At most two thirds full, so that probes stay short; the hashes are in the table, so
    // growing never reads a key.
    std::vector<std::uint64_t> slots(size, 0);
    const std::size_t mask = slots.size() - 1;
    for (const std::uint64_t entry : slots_) {
      if (entry == 0) continue;
      std::size_t slot = (entry >> 32) & mask;
      while (slots[slot] != 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    slots_ = std::move(slots);
  }

  std::string bytes_;
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
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
