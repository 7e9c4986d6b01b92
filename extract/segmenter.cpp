#include "extract/segmenter.h"

#include <algorithm>

#include "extract/normalizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <stdexcept>

namespace kg {

namespace {

struct UTextCloser {
    void operator()(UText* t) const { utext_close(t); }
};

std::unique_ptr<UText, UTextCloser> open_utf8(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    UText* t = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU cannot open text");
    return std::unique_ptr<UText, UTextCloser>(t);
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

}  // namespace

Segmenter::Segmenter(std::set<std::string> prefixes, std::set<std::string> suffixes)
    : prefixes_(std::move(prefixes)), suffixes_(std::move(suffixes)) {
    UErrorCode status = U_ZERO_ERROR;
    word_proto_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw std::runtime_error("ICU word break rules unavailable");
}

Segmenter::~Segmenter() = default;

std::unique_ptr<icu::BreakIterator> Segmenter::sentence_iterator(const std::string& lang) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sentence_protos_.find(lang);
    if (it == sentence_protos_.end()) {
        UErrorCode status = U_ZERO_ERROR;
        // ss=standard turns on ICU's abbreviation suppressions where it has them.
        icu::Locale loc((lang.empty() ? std::string("und") : lang + "@ss=standard").c_str());
        std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createSentenceInstance(loc, status));
        if (U_FAILURE(status)) throw std::runtime_error("ICU sentence break rules unavailable");
        it = sentence_protos_.emplace(lang, std::move(bi)).first;
    }
    return std::unique_ptr<icu::BreakIterator>(it->second->clone());
}

namespace {

// "S. Jaishankar", "J. Blinken": a lone capital letter and a full stop is an initial, not the
// end of a sentence (ICU knows only the abbreviations of its lists).
bool ends_with_initial(std::string_view text, const Span& s) {
    if (s.end < s.begin + 2 || text[s.end - 1] != '.') return false;
    // The last word before the full stop: its start and its letters (marks not counted).
    std::size_t start = s.end - 1;
    while (start > s.begin && text[start - 1] != ' ' && text[start - 1] != '\n' && text[start - 1] != '.')
        --start;
    std::size_t pos = start, letters = 0;
    bool upper = false, devanagari = false;
    while (pos < s.end - 1) {
        char32_t cp = next_code_point(text, pos);
        if (u_getCombiningClass(static_cast<UChar32>(cp)) == 0 && !u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DIACRITIC) &&
            u_charType(static_cast<UChar32>(cp)) != U_COMBINING_SPACING_MARK && u_charType(static_cast<UChar32>(cp)) != U_NON_SPACING_MARK)
            ++letters;
        if (letters == 1 && u_isupper(static_cast<UChar32>(cp))) upper = true;
        if (cp >= 0x0900 && cp <= 0x097F) devanagari = true;
    }
    // "S. Jaishankar", and Devanagari initials such as "एन.पी. सऊद" (one syllable each).
    return (upper && letters == 1) || (devanagari && letters <= 2 && letters >= 1);
}

}  // namespace

std::vector<Span> Segmenter::sentences(std::string_view text, const std::string& lang) const {
    std::vector<Span> out = split_sentences(text, lang);
    std::vector<Span> merged;
    for (const auto& s : out) {
        if (!merged.empty() && ends_with_initial(text, merged.back()) &&
            text.substr(merged.back().end, s.begin - merged.back().end).find('\n') == std::string_view::npos) {
            merged.back().end = s.end;
            continue;
        }
        merged.push_back(s);
    }
    return merged;
}

std::vector<Span> Segmenter::split_sentences(std::string_view text, const std::string& lang) const {
    std::vector<Span> out;
    auto bi = sentence_iterator(lang);
    auto ut = open_utf8(text);
    UErrorCode status = U_ZERO_ERROR;
    bi->setText(ut.get(), status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU cannot segment text");
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
        auto b = static_cast<std::uint32_t>(start);
        auto e = static_cast<std::uint32_t>(end);
        while (b < e && is_space(text[b])) ++b;
        while (e > b && is_space(text[e - 1])) --e;
        // A sentence may still hold a line break when ICU saw no reason to stop: split there.
        for (std::uint32_t s = b; s < e;) {
            std::size_t nl = text.find('\n', s);
            std::uint32_t le = nl == std::string_view::npos || nl > e ? e : static_cast<std::uint32_t>(nl);
            std::uint32_t ls = s, lend = le;
            while (ls < lend && is_space(text[ls])) ++ls;
            while (lend > ls && is_space(text[lend - 1])) --lend;
            if (lend > ls) out.push_back(Span{ls, lend});
            s = le + 1;
        }
    }
    return out;
}

std::vector<Span> Segmenter::words(std::string_view text, std::size_t max_words) const {
    std::vector<Span> out;
    // ASCII letters and digits between single spaces (most lexicon forms in Latin script): the
    // word rules make each run of them one word (WB5, WB8-WB10) and skip the spaces, so the
    // runs are the words, found without ICU.
    if (std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
        })) {
        std::size_t at = 0;
        while (at < text.size() && out.size() < max_words) {
            while (at < text.size() && text[at] == ' ') ++at;
            std::size_t end = at;
            while (end < text.size() && text[end] != ' ') ++end;
            if (end > at) out.push_back(Span{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(end)});
            at = end;
        }
        return out;
    }
    // One word iterator and one UText per thread, reused across calls: words() runs once per
    // sentence piece of every article and once per lexicon form, and a clone costs more than
    // the short texts it would break. Every Segmenter's word rules are the root locale's, so
    // the iterator serves any Segmenter.
    struct ThreadIterator {
        std::unique_ptr<icu::BreakIterator> bi;
        UText* ut = nullptr;
        ~ThreadIterator() { utext_close(ut); }
    };
    thread_local ThreadIterator mine;
    if (!mine.bi) mine.bi.reset(word_proto_->clone());
    if (!mine.bi) throw std::bad_alloc();
    icu::BreakIterator* bi = mine.bi.get();
    UErrorCode status = U_ZERO_ERROR;
    mine.ut = utext_openUTF8(mine.ut, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU cannot open text");
    bi->setText(mine.ut, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU cannot segment text");
    int32_t start = bi->first();
    for (int32_t end = bi->next(); end != icu::BreakIterator::DONE && out.size() < max_words;
         start = end, end = bi->next()) {
        if (bi->getRuleStatus() == UBRK_WORD_NONE) continue;
        auto b = static_cast<std::uint32_t>(start);
        auto e = static_cast<std::uint32_t>(end);
        std::string_view w = text.substr(b, e - b);
        auto apos = w.find('\'');
        if (apos != std::string_view::npos) {
            // l'afghanistan -> l + afghanistan; russia's -> russia
            std::string head(w.substr(0, apos + 1));
            std::string tail(w.substr(apos));
            // The clitic keeps its letters only ("l'" -> "l"), as it does when a lexicon
            // form is segmented on its own.
            if (prefixes_.count(head) && apos + 1 < w.size()) {
                out.push_back(Span{b, b + static_cast<std::uint32_t>(apos)});
                out.push_back(Span{b + static_cast<std::uint32_t>(apos + 1), e});
                continue;
            }
            if (suffixes_.count(tail) && apos > 0) {  // a possessive adds nothing to the name
                out.push_back(Span{b, b + static_cast<std::uint32_t>(apos)});
                continue;
            }
        }
        out.push_back(Span{b, e});
    }
    return out;
}

}  // namespace kg
