// Building a NameIndex: names are staged in a general hash map, then laid
// out once into exactly sized arrays.
#include "iameval/internal/name_index.h"

#include <string>
#include <utility>
#include <vector>

namespace iameval {
namespace internal {

bool NameIndex::Builder::Add(absl::string_view name, uint32_t value) {
  if (name.size() > kMaxNameSize || value > kMaxValue) return false;
  auto [it, inserted] =
      position_.try_emplace(name, static_cast<uint32_t>(values_.size()));
  if (inserted) values_.emplace_back();
  absl::InlinedVector<uint32_t, 1>& list = values_[it->second];
  if (list.empty() || list.back() != value) list.push_back(value);
  return true;
}

NameIndex NameIndex::Builder::Build() {
  NameIndex index;
  const size_t n = values_.size();
  if (n == 0) return index;
  // The map no longer changes, so views of its keys stay valid.
  std::vector<absl::string_view> names(n);
  for (const auto& [name, position] : position_) names[position] = name;

  // Split each name after its first ':' and number the distinct prefixes;
  // prefix 0 is "" (names without a colon, or once 16 bits of prefix ids
  // are used up, whole names). Equal suffixes ("tagresource" in many
  // services) share their characters.
  std::vector<uint16_t> prefix_of(n, 0);
  std::vector<absl::string_view> prefixes = {absl::string_view()};
  absl::flat_hash_map<absl::string_view, uint16_t> prefix_ids;
  for (size_t i = 0; i < n; ++i) {
    absl::string_view name = names[i];
    const size_t colon = name.find(':');
    if (colon == absl::string_view::npos) continue;
    absl::string_view prefix = name.substr(0, colon + 1);
    auto it = prefix_ids.find(prefix);
    if (it == prefix_ids.end()) {
      if (prefixes.size() > 0xFFFF) continue;
      it = prefix_ids.emplace(prefix, static_cast<uint16_t>(prefixes.size()))
               .first;
      prefixes.push_back(prefix);
    }
    prefix_of[i] = it->second;
  }
  std::vector<absl::string_view> strings = prefixes;  // distinct, in order
  absl::flat_hash_map<absl::string_view, uint32_t> string_ids;
  std::vector<uint32_t> suffix_of(n);
  size_t num_chars = 0;
  for (absl::string_view p : prefixes) num_chars += p.size();
  size_t num_list_words = 0;
  for (size_t i = 0; i < n; ++i) {
    absl::string_view suffix = names[i].substr(prefixes[prefix_of[i]].size());
    auto [it, inserted] =
        string_ids.try_emplace(suffix, static_cast<uint32_t>(strings.size()));
    if (inserted) {
      strings.push_back(suffix);
      num_chars += suffix.size();
    }
    suffix_of[i] = it->second;
    if (values_[i].size() > 1) num_list_words += 1 + values_[i].size();
  }

  index.num_entries_ = static_cast<uint32_t>(n);
  index.num_prefixes_ = static_cast<uint32_t>(prefixes.size());
  index.num_list_words_ = static_cast<uint32_t>(num_list_words);
  index.num_chars_ = static_cast<uint32_t>(num_chars);
  index.data_ = std::make_unique<std::byte[]>(index.CharsOffset() + num_chars);
  std::byte* data = index.data_.get();
  uint32_t* starts = reinterpret_cast<uint32_t*>(data);
  Entry* entries = reinterpret_cast<Entry*>(data + index.EntriesOffset());
  Prefix* prefix_out = reinterpret_cast<Prefix*>(data + index.PrefixesOffset());
  uint32_t* lists = reinterpret_cast<uint32_t*>(data + index.ListsOffset());
  char* chars = reinterpret_cast<char*>(data + index.CharsOffset());

  std::vector<uint32_t> string_offset(strings.size());
  uint32_t char_pos = 0;
  for (size_t s = 0; s < strings.size(); ++s) {
    string_offset[s] = char_pos;
    if (!strings[s].empty()) {
      std::memcpy(chars + char_pos, strings[s].data(), strings[s].size());
    }
    char_pos += static_cast<uint32_t>(strings[s].size());
  }
  for (size_t p = 0; p < prefixes.size(); ++p) {
    prefix_out[p] = {string_offset[p],
                     static_cast<uint32_t>(prefixes[p].size())};
  }

  // Counting sort of the names by bucket, stable in insertion order.
  std::vector<uint32_t> bucket_of(n);
  for (size_t i = 0; i < n; ++i) {
    bucket_of[i] = index.Bucket(Hash(names[i]));
    ++starts[bucket_of[i] + 1];
  }
  for (size_t b = 0; b < n; ++b) starts[b + 1] += starts[b];
  std::vector<uint32_t> next(starts, starts + n);
  uint32_t list_pos = 0;
  for (size_t i = 0; i < n; ++i) {
    Entry& e = entries[next[bucket_of[i]]++];
    e.suffix_offset = string_offset[suffix_of[i]];
    e.name_size = static_cast<uint16_t>(names[i].size());
    e.prefix = prefix_of[i];
    const absl::InlinedVector<uint32_t, 1>& values = values_[i];
    if (values.size() == 1) {
      e.value = values[0];
    } else {
      e.value = list_pos | kListBit;
      lists[list_pos++] = static_cast<uint32_t>(values.size());
      for (uint32_t v : values) lists[list_pos++] = v;
    }
  }

  values_.clear();
  position_.clear();
  return index;
}

size_t NameIndex::MemoryBytes() const {
  return num_entries_ == 0 ? 0 : CharsOffset() + num_chars_;
}

}  // namespace internal
}  // namespace iameval
