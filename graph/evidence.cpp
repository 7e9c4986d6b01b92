// Evidence's numbered (article, language) pairs, and EvidenceSet's packed elements.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <malloc.h>
#include <mutex>
#include <new>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "graph/records.h"
#include "graph/stable_table.h"

namespace kg {

namespace {

struct Source {
    std::uint32_t article;  // Text numbers
    std::uint32_t lang;
};

// Every pair numbered so far, both ways. Pair 0 is (empty, empty), the default Evidence's.
struct Sources {
    std::mutex mutex;
    StableTable<Source> table;
    std::unordered_map<std::uint64_t, std::uint32_t> number;
    Sources() { number.emplace(0, table.push(Source{0, 0})); }
};

Sources& sources() {
    static auto* s = new Sources();  // never destroyed: an Evidence may outlive this file's statics
    return *s;
}

}  // namespace

Evidence::Evidence(Text article, Span span_, std::string_view sentence, Text lang)
    : Evidence(article, span_, SentenceRef{sentence_ref(sentence)}, lang) {}

Evidence::Evidence(Text article, Span span_, SentenceRef sentence, Text lang)
    : span(span_), sentence_(sentence.ref) {
    set_source(article, lang);
}

void Evidence::set_source(Text article, Text lang) {
    const std::uint32_t a = article.number(), l = lang.number();
    const std::uint64_t key = (std::uint64_t{a} << 32) | l;
    // An article's evidence comes together: most pairs are the one this thread numbered last.
    thread_local std::uint64_t last_key = 0;
    thread_local std::uint32_t last_source = 0;
    if (key == last_key) {
        source_ = last_source;
        return;
    }
    Sources& all = sources();
    std::lock_guard lock(all.mutex);
    auto [at, added] = all.number.try_emplace(key, 0);
    if (added) {
        try {
            // The last number, all ones, is never given: EvidenceSet tells its states by it.
            if (all.table.size() >= 0xFFFFFFFFu) throw std::length_error("kg::Evidence: 2^32 - 1 (article, language) pairs");
            at->second = all.table.push(Source{a, l});
        } catch (...) {
            all.number.erase(at);
            throw;
        }
    }
    source_ = at->second;
    last_key = key;
    last_source = source_;
}

Text Evidence::article() const noexcept { return Text::numbered(sources().table[source_].article); }

Text Evidence::lang() const noexcept { return Text::numbered(sources().table[source_].lang); }

EvidenceSet::EvidenceSet(const EvidenceSet& other) : EvidenceSet() {
    if (other.is_one()) {
        make_one(*other.one());
        return;
    }
    const Packed* from = other.packed();
    if (from == nullptr) return;
    const std::size_t bytes = sizeof(Packed) + from->used;
    auto* copy = static_cast<Packed*>(std::malloc(bytes));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(static_cast<void*>(copy), from, bytes);
    copy->cap = static_cast<std::uint32_t>(malloc_usable_size(copy) - sizeof(Packed));
    make_many(copy);
}

std::size_t EvidenceSet::count(const Evidence& e) const {
    // Sorted: stop at the first element not before `e`.
    for (const Evidence& x : *this) {
        if (!(x < e)) return x == e ? 1 : 0;
    }
    return 0;
}

bool EvidenceSet::insert(const Evidence& e) {
    if (empty()) {
        drop();
        make_one(e);
        return true;
    }
    if (is_one() && *one() == e) return false;
    to_many();
    const Evidence& last = packed()->last;
    if (last < e) {
        push_back(e);
        return true;
    }
    if (last == e) return false;
    std::vector<Evidence> items(begin(), end());
    auto at = std::lower_bound(items.begin(), items.end(), e);
    if (at != items.end() && *at == e) return false;
    items.insert(at, e);
    assign_sorted(items);
    return true;
}

bool EvidenceSet::settle() {
    if (is_one() || packed() == nullptr || packed()->count < 2) return false;
    // Ordered pairs that are ordered packed: the common case costs one pass and no copy.
    bool sorted = true;
    {
        auto it = begin();
        Evidence prev = *it;
        for (++it; it != end(); ++it) {
            if (!(prev < *it)) {
                sorted = false;
                break;
            }
            prev = *it;
        }
    }
    if (sorted) return false;
    std::vector<Evidence> items(begin(), end());
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    assign_sorted(items);
    return true;
}

std::size_t EvidenceSet::heap_bytes() const noexcept {
    if (is_one() || packed() == nullptr) return 0;
    return sizeof(Packed) + packed()->cap;
}

void EvidenceSet::to_many() {
    if (!is_one()) return;
    const Evidence e = *one();
    make_many(nullptr);
    try {
        push_back(e);
    } catch (...) {
        make_one(e);
        throw;
    }
}

void EvidenceSet::push_back(const Evidence& e) {
    Packed* p = packed();
    std::uint8_t buffer[kMaxPacked];
    std::uint8_t* end = buffer;
    encode(end, p && p->count ? p->last : Evidence(), e);
    const auto n = static_cast<std::uint32_t>(end - buffer);
    const std::uint32_t used = p ? p->used : 0, cap = p ? p->cap : 0;
    if (cap - used < n) {
        // Grow by half, as ThinVec does; the room is whatever malloc gave (its chunks are
        // rounded up), so a set of two or three elements takes one small chunk.
        const std::size_t want = std::max<std::size_t>(std::size_t{used} + n, cap + cap / 2);
        if (want > std::numeric_limits<std::uint32_t>::max() - 64)
            throw std::length_error("kg::EvidenceSet: more than 4 GiB of packed evidence in one set");
        auto* grown = static_cast<Packed*>(std::realloc(static_cast<void*>(p), sizeof(Packed) + want));
        if (grown == nullptr) throw std::bad_alloc();
        if (p == nullptr) {
            grown->count = 0;
            grown->used = 0;
            grown->last = Evidence();
        }
        grown->cap = static_cast<std::uint32_t>(malloc_usable_size(grown) - sizeof(Packed));
        p = grown;
        make_many(p);
    }
    std::memcpy(p->bytes() + p->used, buffer, n);
    p->used += n;
    p->last = e;
    ++p->count;
}

void EvidenceSet::assign_sorted(const std::vector<Evidence>& items) {
    std::vector<std::uint8_t> bytes(items.size() * kMaxPacked);
    std::uint8_t* at = bytes.data();
    Evidence prev;
    for (const Evidence& e : items) {
        encode(at, prev, e);
        prev = e;
    }
    const std::size_t used = static_cast<std::size_t>(at - bytes.data());
    if (used > std::numeric_limits<std::uint32_t>::max() - 64 ||
        items.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("kg::EvidenceSet: more than 4 GiB of packed evidence in one set");
    // Into the block there is when it has room (sorting a set packs it about as small as it
    // was), so that settling a large graph's sets moves no block; else into a new one.
    Packed* p = is_one() ? nullptr : packed();
    if (p == nullptr || p->cap < used) {
        auto* fresh = static_cast<Packed*>(std::malloc(sizeof(Packed) + std::max<std::size_t>(used, 1)));
        if (fresh == nullptr) throw std::bad_alloc();
        fresh->cap = static_cast<std::uint32_t>(malloc_usable_size(fresh) - sizeof(Packed));
        drop();
        make_many(fresh);
        p = fresh;
    }
    p->count = static_cast<std::uint32_t>(items.size());
    p->used = static_cast<std::uint32_t>(used);
    p->last = items.empty() ? Evidence() : items.back();
    std::memcpy(p->bytes(), bytes.data(), used);
}

}  // namespace kg
