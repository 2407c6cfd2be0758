#pragma once

// Sub-expressions that several rules share. Five rules of a ruleset may each begin with
// `payment_method == "signed_cash"`; their batch plans would compare the same column with the
// same text five times over every batch. A SharedPlan finds, once per ruleset, the plan nodes
// of a set of programs that are provably the same computation (the same kind of loop on the
// same columns, constants, parameters and variables), and a SharedTruths keeps, for one check,
// the truths such a node gave on each chunk of the current batch, so that the first program
// to reach it computes it and the others copy it.
//
// Only nodes whose loop computes every row whatever the caller needs are shared (comparisons,
// `in` a constant list, and `!`, `&&`, `||` of such), so the bytes copied are exactly the ones
// each program would have computed itself. A truth is only a truth: a program that must explain
// an error on a row still evaluates that row itself, so messages never depend on sharing.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "expr/program.hpp"

namespace fundrules::expr {

/// The nodes that programs of one ruleset share. Immutable once built; shared by every check.
class SharedPlan {
 public:
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;

  /// Finds the nodes that occur more than once among `programs` (null entries and programs
  /// without a batch plan are skipped).
  explicit SharedPlan(const std::vector<const Program*>& programs);

  /// How many distinct shared nodes there are.
  [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
  /// The slot of each node of `program`'s batch plan (kNoSlot for a node not shared), or null
  /// if none of its nodes is shared.
  [[nodiscard]] const std::vector<std::uint32_t>* slots_of(const CompiledProgram* program) const;

  /// A text that is the same for two plan nodes exactly when they compute the same truths on
  /// every row of every table, or "" for a node that is never shared. Exposed for the tests.
  static std::string key_of(const CompiledProgram& program, std::uint32_t node);

 private:
  std::unordered_map<const CompiledProgram*, std::vector<std::uint32_t>> by_program_;
  std::size_t slots_ = 0;
};

/// The truths of the shared nodes on the current batch of one check. Programs reach it through
/// Activation::shared. Any number of threads may read and fill it during a batch; the batch
/// starts and ends on one thread while no other uses it.
class SharedTruths {
 public:
  explicit SharedTruths(std::shared_ptr<const SharedPlan> plan);

  /// From now on, runs over rows [k * chunk_rows, min(rows, (k + 1) * chunk_rows)) of `table`
  /// share their truths; any other run computes its own.
  void begin_batch(const Table* table, std::size_t rows, std::size_t chunk_rows);
  /// No run shares anything until the next begin_batch().
  void end_batch() noexcept { table_ = nullptr; }

  /// Where a run over rows [begin, end) of `table` keeps the truths of program's shared
  /// nodes: the slots of its nodes and the chunk, or null slots if it shares nothing.
  struct Binding {
    const std::vector<std::uint32_t>* slots = nullptr;
    std::size_t chunk = 0;
  };
  [[nodiscard]] Binding bind(const CompiledProgram& program, const Table& table, std::size_t begin,
                             std::size_t end) const;

  /// Copies the truths of `slot` on `chunk` into `out` (size `n`) if they are known.
  bool fetch(std::uint32_t slot, std::size_t chunk, std::uint8_t* out, std::size_t n);
  /// Whether the caller is the one to compute `slot` on `chunk` (and then publish() it); false
  /// when another run computes or computed it.
  bool claim(std::uint32_t slot, std::size_t chunk);
  /// Keeps the truths of a claimed slot and chunk for the other runs.
  void publish(std::uint32_t slot, std::size_t chunk, const std::uint8_t* truths, std::size_t n);

 private:
  enum : std::uint8_t { kEmpty = 0, kClaimed = 1, kReady = 2 };
  std::atomic<std::uint8_t>& state(std::uint32_t slot, std::size_t chunk) {
    return states_[slot * chunks_ + chunk];
  }

  std::shared_ptr<const SharedPlan> plan_;
  const Table* table_ = nullptr;
  std::size_t rows_ = 0;
  std::size_t chunk_rows_ = 0;
  std::size_t chunks_ = 0;
  std::vector<std::uint8_t> truths_;  // slot by slot, one byte per row of the batch
  std::unique_ptr<std::atomic<std::uint8_t>[]> states_;
  std::size_t state_capacity_ = 0;
};

}  // namespace fundrules::expr
