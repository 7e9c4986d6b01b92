#include "extract/name_key.h"

#include <unicode/translit.h>
#include <unicode/utf8.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "extract/view_hash.h"

namespace kg {

namespace {

std::unique_ptr<icu::Transliterator> make(const char* id) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !t) throw std::runtime_error(std::string("ICU transliterator unavailable: ") + id);
    return t;
}

// True when any letter of the UTF-8 text is Cyrillic (ill-formed bytes are skipped).
bool has_cyrillic(std::string_view s) {
    for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
        UChar32 c;
        U8_NEXT(s.data(), i, n, c);
        if (c < 0x80) continue;
        UErrorCode status = U_ZERO_ERROR;
        if (uscript_getScript(c, &status) == USCRIPT_CYRILLIC) return true;
    }
    return false;
}

// `text` through Russian-Latin/BGN (cyrillic) or the Urdu fold and Any-Latin (the others),
// then Latin-ASCII and Lower, keeping only a-z and spaces (a hyphen becomes a space).
std::string transliterate(std::string_view text, bool cyrillic, icu::Transliterator& cyrillic_rules,
                          icu::Transliterator& urdu, icu::Transliterator& any) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (cyrillic) {
        cyrillic_rules.transliterate(u);
    } else {
        urdu.transliterate(u);
        any.transliterate(u);
    }
    std::string out;
    u.toUTF8String(out);
    std::string ascii;
    for (char c : out)
        if ((c >= 'a' && c <= 'z') || c == ' ' || c == '-') ascii.push_back(c == '-' ? ' ' : c);
    return ascii;
}

}  // namespace

NameKeyer::NameKeyer()
    : cyrillic_(make("Russian-Latin/BGN; Latin-ASCII; Lower")),
      any_(make("Any-Latin; Latin-ASCII; Lower")) {
    // Urdu letters that Any-Latin leaves as they are are folded to their Arabic bases first.
    UErrorCode status = U_ZERO_ERROR;
    UParseError perr;
    urdu_.reset(icu::Transliterator::createFromRules(
        "kg-urdu-fold",
        icu::UnicodeString::fromUTF8("\\u0679 > \\u062A; \\u0688 > \\u062F; \\u0691 > \\u0631; "
                                     "\\u06BA > \\u0646; \\u06BE > \\u0647; \\u06C1 > \\u0647; "
                                     "\\u06D2 > \\u06CC; "
                                     // Devanagari anusvara and candrabindu are nasals: सिंह is Singh.
                                     "[\\u0902 \\u0901] > \\u0928\\u094D;"),
        UTRANS_FORWARD, perr, status));
    if (U_FAILURE(status) || !urdu_) throw std::runtime_error("ICU cannot build the Urdu letter fold");
}

NameKeyer::~NameKeyer() = default;

std::string NameKeyer::latin(std::string_view name) const {
    // Plain ASCII comes out of the transliterators lower-cased and otherwise as it went in
    // (checked against them for every ASCII lexicon cell and 200 000 random ASCII strings):
    // half of the lexicon's names are keyed without ICU.
    if (std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string ascii;
        for (char c : name) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || c == ' ' || c == '-') ascii.push_back(c == '-' ? ' ' : c);
        }
        return ascii;
    }
    // A Transliterator is not safe to use from two threads at once: each thread transliterates
    // with its own clones (made once, under the lock), so extraction threads never wait here.
    // Every NameKeyer is built from the same rules, so a thread's clones serve any of them.
    //
    // A name is transliterated word by word (the words between its spaces), and each thread
    // remembers the words it transliterated last: names share their words (given names, family
    // names, bin, al-), article after article and in the lexicon. No rule of these
    // transliterators looks across a space, so the words give what the whole name gives: checked
    // for 217 591 names (every non-ASCII lexicon cell, and every run of two and three words of
    // the development, held-out and sample articles and of the bench corpus), and by a test.
    // Which rules apply (Cyrillic's or the others') is still decided by the whole name. The
    // memory is a pure function's, so it changes no output; emptied when full, it costs a few MB
    // at most.
    struct Clones {
        std::unique_ptr<icu::Transliterator> cyrillic, any, urdu;
        std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>> recent[2];  // [cyrillic]
    };
    static constexpr std::size_t kRecent = 16384;
    thread_local Clones mine;
    if (!mine.cyrillic) {
        std::lock_guard<std::mutex> lock(mutex_);
        mine.cyrillic.reset(cyrillic_->clone());
        mine.any.reset(any_->clone());
        mine.urdu.reset(urdu_->clone());
        if (!mine.cyrillic || !mine.any || !mine.urdu) throw std::bad_alloc();
    }
    const bool cyrillic = has_cyrillic(name);
    auto& recent = mine.recent[cyrillic ? 1 : 0];
    std::string ascii;
    for (std::size_t i = 0;;) {
        const std::size_t space = name.find(' ', i);
        const std::string_view word = name.substr(i, space == std::string_view::npos ? std::string_view::npos : space - i);
        if (i > 0) ascii.push_back(' ');
        auto hit = recent.find(word);
        if (hit == recent.end()) {
            std::string latin = transliterate(word, cyrillic, *mine.cyrillic, *mine.urdu, *mine.any);
            if (recent.size() >= kRecent) recent.clear();
            hit = recent.emplace(word, std::move(latin)).first;
        }
        ascii += hit->second;
        if (space == std::string_view::npos) break;
        i = space + 1;
    }
    return ascii;
}

std::string NameKeyer::latin_at_once(std::string_view name) const {
    std::unique_ptr<icu::Transliterator> cyrillic, any, urdu;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        cyrillic.reset(cyrillic_->clone());
        any.reset(any_->clone());
        urdu.reset(urdu_->clone());
    }
    if (!cyrillic || !any || !urdu) throw std::bad_alloc();
    return transliterate(name, has_cyrillic(name), *cyrillic, *urdu, *any);
}

std::string NameKeyer::skeleton(std::string_view w) {
    std::string folded;
    for (std::size_t i = 0; i < w.size(); ++i) {
        char c = w[i];
        char n = i + 1 < w.size() ? w[i + 1] : '\0';
        // "ng" is one nasal (Singh, Wang) where other scripts write n alone.
        if (c == 'n' && n == 'g') {
            folded.push_back('n');
            ++i;
            continue;
        }
        // Digraphs written for one sound in one transliteration and two letters in another.
        if (n == 'h' && (c == 'k' || c == 'g' || c == 's' || c == 't' || c == 'd' || c == 'p' ||
                         c == 'b' || c == 'z' || c == 'c')) {
            folded.push_back(c == 'p' ? 'f' : c);
            ++i;
            continue;
        }
        folded.push_back(c);
    }
    std::string out;
    char prev_letter = '\0';
    for (std::size_t i = 0; i < folded.size(); ++i) {
        char c = folded[i];
        char cls = '\0';
        switch (c) {
            case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'h': break;
            // w is written where Devanagari and Cyrillic transliterate v: one class with f and v.
            case 'w': cls = (i == 0 || prev_letter == 'a') ? 'f' : '\0'; break;
            case 'c': case 'q': case 'k': cls = 'k'; break;
            // Devanagari press often drops the nukta of ज़ (z), leaving ज (j): one class.
            case 'j': case 'g': case 'z': cls = 'g'; break;
            case 'p': case 'b': cls = 'b'; break;
            case 'v': case 'f': cls = 'f'; break;
            case 'x': case 's': cls = 's'; break;
            default: cls = c; break;
        }
        prev_letter = c;
        if (cls && (out.empty() || out.back() != cls)) out.push_back(cls);
    }
    return out;
}

std::string NameKeyer::key(std::string_view name) const {
    std::string ascii = latin(name);
    std::string out;
    std::size_t i = 0;
    while (i < ascii.size()) {
        while (i < ascii.size() && ascii[i] == ' ') ++i;
        std::size_t j = i;
        while (j < ascii.size() && ascii[j] != ' ') ++j;
        if (j > i) {
            std::string sk = skeleton(std::string_view(ascii).substr(i, j - i));
            if (!sk.empty()) out += (out.empty() ? "" : "-") + sk;
        }
        i = j;
    }
    return out;
}

}  // namespace kg
