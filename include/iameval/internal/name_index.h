// File: iameval/internal/name_index.h
// -----------------------------------------------------------------------------
// NameIndex: an immutable multimap from names (folded actions such as
// "s3:getobject", or service prefixes such as "s3") to lists of uint32
// values, built once per compiled policy. Not API.
//
// It exists for memory: a policy can list thousands of exact actions, and a
// general hash map of string keys to small vectors costs about three times
// the characters it indexes. Here a name costs its characters after the
// first ':' (the part up to it is stored once per distinct prefix, and equal
// suffixes once), a 12-byte entry and a 4-byte bucket start; a list of one
// value lives in the entry itself. Lookups take the key's hash from the caller,
// so a request's action is hashed once for all the policies it meets.
//
// Thread safety: immutable after Build(); Find() is const and safe to call
// from many threads. Lifetime: owns its data; the Builder's inputs may be
// destroyed after Add() returns.
#ifndef IAMEVAL_INTERNAL_NAME_INDEX_H_
#define IAMEVAL_INTERNAL_NAME_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace iameval {
namespace internal {

class NameIndex {
 public:
  // Names longer than this are refused by Builder::Add (the compiler keeps
  // such a statement out of the index; no AWS action comes near it).
  static constexpr size_t kMaxNameSize = 0xFFFF;
  // Values must be below this (one bit marks a list in an entry).
  static constexpr uint32_t kMaxValue = 0x7FFFFFFF;

  class Builder {
   public:
    // Appends `value` to the list of `name` unless the list already ends
    // with it (so adding a statement's duplicate actions is harmless).
    // Returns false, adding nothing, when name.size() > kMaxNameSize or
    // value > kMaxValue.
    bool Add(absl::string_view name, uint32_t value);
    bool empty() const { return values_.empty(); }
    // Leaves the builder empty.
    NameIndex Build();

   private:
    // Each name once, with its position in first-insertion order.
    absl::flat_hash_map<std::string, uint32_t> position_;
    std::vector<absl::InlinedVector<uint32_t, 1>> values_;  // by position
  };

  NameIndex() = default;
  NameIndex(NameIndex&&) noexcept = default;
  NameIndex& operator=(NameIndex&&) noexcept = default;

  static size_t Hash(absl::string_view name) {
    return absl::Hash<absl::string_view>{}(name);
  }

  // The values of `name` in insertion order; empty when absent. `hash` must
  // be Hash(name). The span lives as long as the index.
  // Always inlined: a call costs as much as the search (twice per policy on
  // the decision path).
  ABSL_ATTRIBUTE_ALWAYS_INLINE absl::Span<const uint32_t> Find(
      absl::string_view name, size_t hash) const;
  absl::Span<const uint32_t> Find(absl::string_view name) const {
    return Find(name, Hash(name));
  }

  size_t size() const { return num_entries_; }
  bool empty() const { return num_entries_ == 0; }
  // Heap bytes held.
  size_t MemoryBytes() const;

 private:
  // A name is the prefix (up to and including its first ':') followed by
  // the suffix, both in the character area.
  struct Entry {
    uint32_t suffix_offset;
    uint16_t name_size;  // prefix and suffix: rejects most names unread
    uint16_t prefix;     // index of its Prefix
    uint32_t value;      // kListBit clear: the only value; set: a list offset
  };
  struct Prefix {
    uint32_t offset;
    uint32_t size;
  };
  static constexpr uint32_t kListBit = 0x80000000;

  // Equality of n bytes. Names are short, and a call to memcmp costs more
  // than comparing them inline; an empty name may have null data.
  static bool SameBytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
      if (n > 16) return std::memcmp(a, b, n) == 0;
      return Load<uint64_t>(a) == Load<uint64_t>(b) &&
             Load<uint64_t>(a + n - 8) == Load<uint64_t>(b + n - 8);
    }
    if (n >= 4) {
      return Load<uint32_t>(a) == Load<uint32_t>(b) &&
             Load<uint32_t>(a + n - 4) == Load<uint32_t>(b + n - 4);
    }
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  template <typename T>
  static T Load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof(v));
    return v;
  }
  uint32_t Bucket(size_t hash) const {
    // Multiply-shift onto [0, num_entries_) (one bucket per name, so chains
    // average one entry): any bucket count, no division.
    const uint64_t high = static_cast<uint64_t>(hash) >> 32;
    return static_cast<uint32_t>((high * num_entries_) >> 32);
  }

  // One exactly sized allocation, in this order: bucket starts
  // (num_entries_ + 1, into the entries, which are grouped by bucket);
  // entries; prefixes; lists as [count, values...]; characters.
  const uint32_t* bucket_starts() const {
    return reinterpret_cast<const uint32_t*>(data_.get());
  }
  const Entry* entries() const {
    return reinterpret_cast<const Entry*>(data_.get() + EntriesOffset());
  }
  const Prefix* prefixes() const {
    return reinterpret_cast<const Prefix*>(data_.get() + PrefixesOffset());
  }
  const uint32_t* lists() const {
    return reinterpret_cast<const uint32_t*>(data_.get() + ListsOffset());
  }
  const char* chars() const {
    return reinterpret_cast<const char*>(data_.get() + CharsOffset());
  }
  size_t EntriesOffset() const {
    return (size_t{num_entries_} + 1) * sizeof(uint32_t);
  }
  size_t PrefixesOffset() const {
    return EntriesOffset() + size_t{num_entries_} * sizeof(Entry);
  }
  size_t ListsOffset() const {
    return PrefixesOffset() + size_t{num_prefixes_} * sizeof(Prefix);
  }
  size_t CharsOffset() const {
    return ListsOffset() + size_t{num_list_words_} * sizeof(uint32_t);
  }

  std::unique_ptr<std::byte[]> data_;
  uint32_t num_entries_ = 0;
  uint32_t num_prefixes_ = 0;
  uint32_t num_list_words_ = 0;
  uint32_t num_chars_ = 0;
};

// --- inline ---------------------------------------------------------------

inline absl::Span<const uint32_t> NameIndex::Find(absl::string_view name,
                                                  size_t hash) const {
  if (num_entries_ == 0) return {};
  const uint32_t b = Bucket(hash);
  const uint32_t* starts = bucket_starts();
  const Entry* entry = entries();
  const Prefix* prefix = prefixes();
  const char* text = chars();
  for (uint32_t i = starts[b], end = starts[b + 1]; i < end; ++i) {
    const Entry& e = entry[i];
    if (e.name_size != name.size()) continue;
    const Prefix& p = prefix[e.prefix];
    if (!SameBytes(name.data() + p.size, text + e.suffix_offset,
                   e.name_size - p.size) ||
        !SameBytes(name.data(), text + p.offset, p.size)) {
      continue;
    }
    if ((e.value & kListBit) == 0)
      return absl::Span<const uint32_t>(&e.value, 1);
    const uint32_t* list = lists() + (e.value & ~kListBit);
    return absl::Span<const uint32_t>(list + 1, list[0]);
  }
  return {};
}

}  // namespace internal
}  // namespace iameval

#endif  // IAMEVAL_INTERNAL_NAME_INDEX_H_
