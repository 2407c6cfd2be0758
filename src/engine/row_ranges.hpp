#pragma once

// The row numbers a session has seen in tables, kept as sorted, merged intervals: a list of a
// million rows read in order is one interval, and the gaps are the unreadable rows.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace fundrules::engine {

class RowRanges {
 public:
  /// Adds the row number `row`; cheap when rows come in increasing order.
  void add(std::int64_t row) {
    if (!ranges_.empty() && ranges_.back().second + 1 == row) {
      ++ranges_.back().second;
      return;
    }
    if (!ranges_.empty() && ranges_.back().second >= row) {
      out_of_order_ = true;
    }
    ranges_.emplace_back(row, row);
  }

  /// Adds every row of `other`.
  void add_all(const RowRanges& other) {
    for (const auto& range : other.ranges_) {
      if (!ranges_.empty() && ranges_.back().second + 1 == range.first) {
        ranges_.back().second = range.second;
        continue;
      }
      if (!ranges_.empty() && ranges_.back().second >= range.first) out_of_order_ = true;
      ranges_.push_back(range);
    }
    out_of_order_ = out_of_order_ || other.out_of_order_;
  }

  /// Sorts and merges the intervals; call before contains() or count() after out-of-order adds.
  void normalize() {
    if (!out_of_order_) return;
    std::sort(ranges_.begin(), ranges_.end());
    std::vector<std::pair<std::int64_t, std::int64_t>> merged;
    for (const auto& range : ranges_) {
      if (!merged.empty() && range.first <= merged.back().second + 1) {
        merged.back().second = std::max(merged.back().second, range.second);
      } else {
        merged.push_back(range);
      }
    }
    ranges_ = std::move(merged);
    out_of_order_ = false;
  }

  [[nodiscard]] bool contains(std::int64_t row) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), std::make_pair(row, INT64_MAX));
    if (it == ranges_.begin()) return false;
    --it;
    return row >= it->first && row <= it->second;
  }

  /// Distinct row numbers seen.
  [[nodiscard]] std::int64_t count() const {
    std::int64_t total = 0;
    for (const auto& range : ranges_) total += range.second - range.first + 1;
    return total;
  }

 private:
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges_;
  bool out_of_order_ = false;
};

}  // namespace fundrules::engine
