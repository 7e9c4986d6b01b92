// QuotedSet (graph/records.h): texts by sentence-store reference, found by hash.
#include <algorithm>
#include <functional>

#include "graph/records.h"

namespace kg {

std::uint32_t QuotedSet::hash_of(std::string_view text) noexcept {
    const std::uint64_t h = std::hash<std::string_view>()(text);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

const QuotedSet::Item* QuotedSet::first_with(std::uint32_t h) const noexcept {
    return std::lower_bound(items_.begin(), items_.end(), h,
                            [](const Item& a, std::uint32_t b) { return a.hash < b; });
}

bool QuotedSet::contains(std::string_view text) const {
    const std::uint32_t h = hash_of(text);
    std::string buffer;
    // Texts of the same hash are read back (from the file, when spilled) to be told apart: a
    // 32-bit hash rarely has two texts of one node.
    for (const Item* at = first_with(h); at != items_.end() && at->hash == h; ++at)
        if (sentence_view(at->ref, buffer) == text) return true;
    return false;
}

bool QuotedSet::insert(std::string_view text) {
    if (contains(text)) return false;
    const std::uint32_t h = hash_of(text);
    const Item item{h, sentence_ref(text)};
    const Item* at = first_with(h);
    while (at != items_.end() && at->hash == h) ++at;
    const auto i = at - items_.begin();
    items_.reserve(items_.size() + 1);
    items_.insert(items_.begin() + i, item);
    return true;
}

std::vector<std::string> QuotedSet::texts() const {
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const Item& item : items_) out.push_back(sentence_text(item.ref));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace kg
