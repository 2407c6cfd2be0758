#include "engine/violation_spill.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include "fundrules/error.hpp"

namespace fundrules::engine {

namespace {

// The memory a violation takes, near enough to bound what a session holds: its own size,
// what its texts and lists hold beyond it.
std::size_t held_bytes(const Found& found) {
  const Violation& v = found.violation;
  std::size_t bytes = sizeof(Found) + v.rule_id.size() + v.rule_origin.size() +
                      v.rule_source.file.size() + v.group_key.size() + v.message_zh.size() +
                      v.message_en.size() + v.clause.size() + v.clause_text.size() +
                      v.detail.size() + v.rows.size() * sizeof(std::int64_t);
  for (const ValueRead& read : v.values) {
    bytes += sizeof(ValueRead) + read.name.size() + read.value.size();
  }
  for (const ParamUsed& param : v.params) {
    bytes += sizeof(ParamUsed) + param.name.size() + param.value.size() + param.origin.size() +
             param.set_at.file.size();
  }
  return bytes;
}

}  // namespace

ViolationSpill::ViolationSpill(std::string directory, std::size_t threshold)
    : directory_(std::move(directory)), threshold_(threshold) {}

void ViolationSpill::after_batch(std::vector<Found>& found) {
  if (!enabled()) return;
  for (; measured_ < found.size(); ++measured_) held_ += held_bytes(found[measured_]);
  if (!found.empty() && held_ > threshold_) spill(found);
}

void ViolationSpill::spill(std::vector<Found>& found) {
  measured_ = 0;
  held_ = 0;
  if (found.empty()) return;
  if (!file_) file_ = std::make_shared<detail::SpillFile>(directory_);
  std::vector<int> ranks;
  const std::vector<Violation> sorted = in_report_order(found, &ranks);
  std::vector<Found>().swap(found);  // the next batch's violations need far less room
  detail::SpillRun run;
  run.file = file_;
  run.count = sorted.size();
  run.id = next_id_++;
  run.first_row = first_row(sorted.front());
  run.first_rank = ranks.front();
  run.last_row = first_row(sorted.back());
  run.last_rank = ranks.back();
  // Written a block at a time, so the encoded run is never held whole.
  constexpr std::size_t kBlockBytes = std::size_t{256} * 1024;
  std::string block;
  bool first_block = true;
  const auto write = [&] {
    const std::uint64_t at = file_->append(block);
    if (first_block) run.offset = at;
    first_block = false;
    run.bytes += block.size();
    block.clear();
  };
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    detail::encode_violation(block, ranks[i], sorted[i]);
    if (block.size() >= kBlockBytes) write();
  }
  if (!block.empty()) write();
  if (!runs_) runs_ = std::make_shared<detail::SpilledViolations>();
  runs_->add(std::move(run));
}

void ViolationSpill::take(ViolationSpill& later, std::vector<Found>& found) {
  if (!later.runs_) return;
  if (!enabled()) {
    throw Error(
        "cannot merge a check that spilled violations to disk into one that keeps them in "
        "memory: set CheckOptions::spill_directory for both");
  }
  spill(found);
  std::vector<detail::SpillRun> runs;
  for (const auto& chain : later.runs_->chains) runs.insert(runs.end(), chain.begin(), chain.end());
  std::sort(runs.begin(), runs.end(),
            [](const detail::SpillRun& a, const detail::SpillRun& b) { return a.id < b.id; });
  if (!runs_) runs_ = std::make_shared<detail::SpilledViolations>();
  for (detail::SpillRun& run : runs) {
    run.id += next_id_;
    runs_->add(std::move(run));
  }
  next_id_ += later.next_id_;
  later.runs_.reset();
}

std::shared_ptr<detail::SpilledViolations> ViolationSpill::release(
    std::vector<int> in_memory_ranks) {
  std::shared_ptr<detail::SpilledViolations> runs = std::move(runs_);
  if (runs) runs->in_memory_ranks = std::move(in_memory_ranks);
  return runs;
}

SpilledTally tally(const detail::SpilledViolations& spilled,
                   const std::vector<Violation>& in_memory,
                   const std::set<std::int64_t>& unreadable_rows) {
  SpilledTally t;
  // Violations come by first row, and a violation's rows are sorted, so no row below the
  // current first row can turn up any more: the rows waiting in the heap up to it are final
  // and counted once each, in increasing order.
  std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> waiting;
  bool counted_any = false;
  std::int64_t last_counted = 0;
  const auto count_up_to = [&](std::int64_t limit) {
    while (!waiting.empty() && waiting.top() <= limit) {
      const std::int64_t row = waiting.top();
      waiting.pop();
      if (counted_any && row == last_counted) continue;
      counted_any = true;
      last_counted = row;
      if (unreadable_rows.count(row) == 0) ++t.with_violations;
    }
  };
  // Counting needs a violation's rule, severity and rows, which a record begins with.
  detail::ViolationCursor cursor(spilled, in_memory, /*heads_only=*/true);
  while (const Violation* v = cursor.next()) {
    if (v->severity == Severity::Error) {
      ++t.errors;
    } else {
      ++t.warnings;
    }
    ++t.by_rule[v->rule_id];
    if (v->rule_id == kUnreadableRuleId || v->rows.empty()) continue;
    for (const std::int64_t row : v->rows) waiting.push(row);
    count_up_to(*std::min_element(v->rows.begin(), v->rows.end()));
  }
  count_up_to(std::numeric_limits<std::int64_t>::max());
  return t;
}

}  // namespace fundrules::engine
