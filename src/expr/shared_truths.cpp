// Sub-expressions shared by several rules, computed once per chunk of a batch.

#include "expr/shared_truths.hpp"

#include <algorithm>
#include <cstring>
#include <map>

namespace fundrules::expr {

namespace {

using Kind = KernelNode::Kind;

// A value in a key: its type and its literal, the literal's length first so that no literal can
// run into what follows it.
std::string value_key(const Value& value) {
  const std::string literal = value.to_literal();
  return std::string(type_name(value.type())) + ":" + std::to_string(literal.size()) + ":" +
         literal;
}

// An operand of a comparison: a column, a constant, a parameter or a variable by slot. These
// are all a Compare node reads; its loops depend on nothing else.
std::string operand_key(const CompiledProgram& program, std::uint32_t index) {
  const Instr& instr = program.code[index];
  switch (instr.code) {
    case Code::Field:
      return "f" + std::to_string(instr.a);
    case Code::Const:
      return "k" + value_key(program.constants[instr.a]);
    case Code::Param:
      return "p" + std::to_string(instr.a);
    case Code::Variable:
      return "v" + std::to_string(instr.a);
    default:
      return std::string();
  }
}

// Whether sharing `node` saves work: a node computing every row whatever its caller needs, and
// costing more than copying its bytes would.
bool worth_sharing(const KernelNode& node) {
  if (node.selective) return false;
  return node.kind == Kind::Compare || node.kind == Kind::InConst || node.kind == Kind::Not ||
         node.kind == Kind::And || node.kind == Kind::Or;
}

}  // namespace

std::string SharedPlan::key_of(const CompiledProgram& program, std::uint32_t index) {
  const KernelNode& node = program.kernel[index];
  // A node that computes only the rows its caller needs (a validator, the evaluator walking a
  // subtree, or a node with one of those below it) gives bytes that depend on the caller.
  if (node.selective) return std::string();
  const Instr& instr = program.code[node.instr];
  const auto child = [&](std::uint32_t i) { return key_of(program, i); };
  switch (node.kind) {
    case Kind::Walk:
    case Kind::Validate:
      return std::string();
    case Kind::Truth:
      return "t(" + value_key(program.constants[instr.a]) + ")";
    case Kind::HasField:
      return "h(f" + std::to_string(instr.a) + ")";
    case Kind::HasSlot:
      return std::string(instr.code == Code::HasParam ? "h(p" : "h(v") + std::to_string(instr.a) +
             ")";
    case Kind::Not: {
      const std::string a = child(node.a);
      return a.empty() ? a : "!(" + a + ")";
    }
    case Kind::And:
    case Kind::Or: {
      const std::string a = child(node.a);
      const std::string b = child(node.b);
      if (a.empty() || b.empty()) return std::string();
      return (node.kind == Kind::And ? "&(" : "|(") + a + "," + b + ")";
    }
    case Kind::Compare: {
      const std::string a = operand_key(program, node.a);
      const std::string b = operand_key(program, node.b);
      if (a.empty() || b.empty()) return std::string();
      return "c" + std::to_string(static_cast<int>(instr.op)) + "(" + a + "," + b + ")";
    }
    case Kind::InConst: {
      const std::string a = operand_key(program, node.a);
      if (a.empty()) return std::string();
      std::string list = "i(" + a;
      for (const Value& item : program.constants[instr.b].as_list()) list += "," + value_key(item);
      return list + ")";
    }
  }
  return std::string();
}

SharedPlan::SharedPlan(const std::vector<const Program*>& programs) {
  // Each node's key, then a slot for each key seen more than once, numbered in the order the
  // keys first occur so that the plan is the same on every load.
  std::vector<std::pair<const CompiledProgram*, std::vector<std::string>>> keys;
  std::map<std::string, std::size_t> seen;
  std::vector<std::string> order;
  for (const Program* program : programs) {
    const auto* compiled = dynamic_cast<const CompiledProgram*>(program);
    if (compiled == nullptr || compiled->kernel.empty()) continue;
    if (std::any_of(keys.begin(), keys.end(),
                    [compiled](const auto& entry) { return entry.first == compiled; })) {
      continue;  // one program serving two rules counts once
    }
    std::vector<std::string> node_keys(compiled->kernel.size());
    for (std::uint32_t i = 0; i < compiled->kernel.size(); ++i) {
      if (!worth_sharing(compiled->kernel[i])) continue;
      node_keys[i] = key_of(*compiled, i);
      if (node_keys[i].empty()) continue;
      if (seen[node_keys[i]]++ == 0) order.push_back(node_keys[i]);
    }
    keys.emplace_back(compiled, std::move(node_keys));
  }
  std::map<std::string, std::uint32_t> slot_of_key;
  for (const std::string& key : order) {
    if (seen[key] > 1) slot_of_key.emplace(key, static_cast<std::uint32_t>(slot_of_key.size()));
  }
  slots_ = slot_of_key.size();
  for (auto& [program, node_keys] : keys) {
    std::vector<std::uint32_t> slots(node_keys.size(), kNoSlot);
    bool any = false;
    for (std::size_t i = 0; i < node_keys.size(); ++i) {
      const auto found = slot_of_key.find(node_keys[i]);
      if (found == slot_of_key.end()) continue;
      slots[i] = found->second;
      any = true;
    }
    if (any) by_program_.emplace(program, std::move(slots));
  }
}

const std::vector<std::uint32_t>* SharedPlan::slots_of(const CompiledProgram* program) const {
  const auto found = by_program_.find(program);
  return found == by_program_.end() ? nullptr : &found->second;
}

SharedTruths::SharedTruths(std::shared_ptr<const SharedPlan> plan) : plan_(std::move(plan)) {}

void SharedTruths::begin_batch(const Table* table, std::size_t rows, std::size_t chunk_rows) {
  table_ = nullptr;
  if (table == nullptr || rows == 0 || chunk_rows == 0 || plan_->slots() == 0) return;
  rows_ = rows;
  chunk_rows_ = chunk_rows;
  chunks_ = (rows + chunk_rows - 1) / chunk_rows;
  const std::size_t states = plan_->slots() * chunks_;
  if (state_capacity_ < states) {
    states_ = std::make_unique<std::atomic<std::uint8_t>[]>(states);
    state_capacity_ = states;
  }
  for (std::size_t i = 0; i < states; ++i) states_[i].store(kEmpty, std::memory_order_relaxed);
  truths_.resize(plan_->slots() * rows);
  table_ = table;
}

SharedTruths::Binding SharedTruths::bind(const CompiledProgram& program, const Table& table,
                                         std::size_t begin, std::size_t end) const {
  Binding binding;
  if (&table != table_ || begin % chunk_rows_ != 0 || begin >= rows_ ||
      end != std::min(rows_, begin + chunk_rows_)) {
    return binding;
  }
  binding.slots = plan_->slots_of(&program);
  binding.chunk = begin / chunk_rows_;
  return binding;
}

bool SharedTruths::fetch(std::uint32_t slot, std::size_t chunk, std::uint8_t* out, std::size_t n) {
  if (state(slot, chunk).load(std::memory_order_acquire) != kReady) return false;
  std::memcpy(out, truths_.data() + slot * rows_ + chunk * chunk_rows_, n);
  return true;
}

bool SharedTruths::claim(std::uint32_t slot, std::size_t chunk) {
  std::uint8_t expected = kEmpty;
  return state(slot, chunk).compare_exchange_strong(expected, kClaimed, std::memory_order_acq_rel);
}

void SharedTruths::publish(std::uint32_t slot, std::size_t chunk, const std::uint8_t* truths,
                           std::size_t n) {
  std::memcpy(truths_.data() + slot * rows_ + chunk * chunk_rows_, truths, n);
  state(slot, chunk).store(kReady, std::memory_order_release);
}

}  // namespace fundrules::expr
