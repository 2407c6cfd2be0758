// Folding aggregates over the rows of a group, in mergeable states.

#include <algorithm>

#include "expr/program.hpp"
#include "fundrules/error.hpp"

namespace fundrules::expr {

namespace {

// A key under which equal values are equal: numbers by value (600 and 600.00 alike), other
// values by type and text.
std::string distinct_key(const Value& value) {
  switch (value.type()) {
    case ValueType::Int:
      return "n" + fundrules::Decimal(value.as_int()).normalized().to_string();
    case ValueType::Decimal:
      return "n" + value.as_decimal().normalized().to_string();
    default:
      return std::string(type_name(value.type())) + ":" + value.to_literal();
  }
}

}  // namespace

void AggregateState::add(const Value& value) {
  if (value.is_null()) {
    return;
  }
  switch (kind_) {
    case AggregateKind::Count:
      ++count_;
      break;
    case AggregateKind::Sum:
    case AggregateKind::Avg:
      ++count_;
      if (value.type() == ValueType::Int) {
        sum_ += fundrules::Decimal(value.as_int());
      } else if (value.type() == ValueType::Decimal) {
        all_int_ = false;
        sum_ += value.as_decimal();
      }
      break;
    case AggregateKind::CountDistinct: {
      std::string key = distinct_key(value);
      const auto at = std::lower_bound(distinct_.begin(), distinct_.end(), key);
      if (at == distinct_.end() || *at != key) {
        distinct_.insert(at, std::move(key));
      }
      break;
    }
    case AggregateKind::Min:
    case AggregateKind::Max: {
      if (best_.is_null()) {
        best_ = value;
        break;
      }
      bool ok = true;
      const int cmp = order(view_of(value), view_of(best_), ok);
      if (ok && (kind_ == AggregateKind::Min ? cmp < 0 : cmp > 0)) {
        best_ = value;
      }
      break;
    }
    case AggregateKind::Any:
      if (value.type() == ValueType::Bool && value.as_bool()) {
        flag_ = true;
      }
      break;
    case AggregateKind::All:
      if (value.type() == ValueType::Bool && !value.as_bool()) {
        flag_ = true;
      }
      break;
  }
}

void AggregateState::merge(const AggregateState& later) {
  count_ += later.count_;
  sum_ += later.sum_;
  all_int_ = all_int_ && later.all_int_;
  flag_ = flag_ || later.flag_;
  if (!later.best_.is_null()) {
    add(later.best_);
  }
  if (!later.distinct_.empty()) {
    std::vector<std::string> joined;
    joined.reserve(distinct_.size() + later.distinct_.size());
    std::set_union(distinct_.begin(), distinct_.end(), later.distinct_.begin(),
                   later.distinct_.end(), std::back_inserter(joined));
    distinct_ = std::move(joined);
  }
}

EvalResult AggregateState::result() const {
  EvalResult out;
  switch (kind_) {
    case AggregateKind::Count:
      out.value = Value(count_);
      break;
    case AggregateKind::CountDistinct:
      out.value = Value(static_cast<std::int64_t>(distinct_.size()));
      break;
    case AggregateKind::Sum:
      if (!all_int_) {
        out.value = Value(sum_);
      } else if (const auto whole = sum_.to_int64()) {
        out.value = Value(*whole);
      } else {
        out.error = EvalErrorKind::Overflow;
        out.error_message = "sum() past the 64-bit range";
      }
      break;
    case AggregateKind::Avg:
      if (count_ > 0) {
        out.value = Value(divide_decimal(sum_, fundrules::Decimal(count_)));
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
