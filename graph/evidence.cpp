// Evidence's numbered (article, language) pairs.
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

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

}  // namespace kg
