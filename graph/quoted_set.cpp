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

const QuotedSet::Item* QuotedSet::find(std::string_view text, std::uint32_t h, const Item*& past) const {
    std::string buffer;
    // Texts of the same hash are read back (from the file, when spilled) to be told apart: a
    // 32-bit hash rarely has two texts of one node.
    for (past = first_with(h); past != items_.end() && past->hash == h; ++past)
        if (sentence_view(past->ref, buffer) == text) return past;
    return nullptr;
}

bool QuotedSet::contains(std::string_view text) const {
    const Item* past;
    return find(text, hash_of(text), past) != nullptr;
}

bool QuotedSet::insert(std::string_view text) {
    const std::uint32_t h = hash_of(text);
    const Item* past;
    if (find(text, h, past)) return false;
    // After the texts of the same hash: the set stays ordered by hash.
    const auto i = past - items_.begin();
    items_.reserve(items_.size() + 1);
    items_.insert(items_.begin() + i, Item{h, sentence_ref(text)});
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
