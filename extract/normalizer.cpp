#include "extract/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace kg {

namespace {

// The folds ICU lacks, applied to every code point after NFKC case folding and canonical
// decomposition. Returns the replacement (possibly empty) or nullptr to keep the code point.
// The ICU rule text in tests/test_normalizer.cpp states the same folds and is the oracle.
const char* custom_fold(char32_t cp) {
    switch (cp) {
        case 0x0643: return "\u06A9";  // Arabic kaf -> keheh
        case 0x064A: case 0x0649: case 0x06D0: return "\u06CC";  // yeh, alef maksura -> Farsi yeh
        case 0x06BE: case 0x06C1: case 0x06D5: case 0x0629: return "\u0647";  // heh forms, teh marbuta
        case 0x0671: case 0x0672: case 0x0673: return "\u0627";  // alef variants (hamza is stripped)
        case 0x0640: return "";    // tatweel
        case 0x200C: return " ";   // ZWNJ separates the parts of a Persian compound
        case 0x200B: case 0x200D: case 0x200E: case 0x200F: case 0x2060: case 0xFEFF: return "";
        case 0x093C: return "";    // Devanagari nukta
        case 0x0901: return "\u0902";  // candrabindu -> anusvara (गेहूँ = गेहूं)
        case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x02BB: case 0x00B4:
            return "'";
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: return "-";
        default: break;
    }
    if (cp >= 0x202A && cp <= 0x202E) return "";  // bidi embeddings and overrides
    if (cp >= 0x2066 && cp <= 0x2069) return "";  // bidi isolates
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670) return "";  // harakat, hamza marks
    if ((cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x06D6 && cp <= 0x06ED)) return "";  // Quranic marks
    if (cp >= 0x0300 && cp <= 0x036F) return "";  // Latin, Greek, Cyrillic diacritics
    static const char* const kDigits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    if (cp >= 0x0660 && cp <= 0x0669) return kDigits[cp - 0x0660];
    if (cp >= 0x06F0 && cp <= 0x06F9) return kDigits[cp - 0x06F0];
    if (cp >= 0x0966 && cp <= 0x096F) return kDigits[cp - 0x0966];
    return nullptr;
}

enum class Script { Other, Latin, Cyrillic, Greek };

Script script_of(char32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? Script::Latin : Script::Other;
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(cp), &status)) {
        case USCRIPT_LATIN: return Script::Latin;
        case USCRIPT_CYRILLIC: return Script::Cyrillic;
        case USCRIPT_GREEK: return Script::Greek;
        default: return Script::Other;
    }
}

bool in_word(char32_t cp) {
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return u_isalpha(static_cast<UChar32>(cp)) ||
           u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK;
}

// Characters that change how text around them is drawn without being drawn themselves.
bool invisible_control(char32_t cp) {
    return cp == 0x200B || cp == 0x200D || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
           cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool line_or_control(char32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

struct Edit {
    std::size_t at;   // byte offset of the code point replaced
    std::size_t len;  // its length in bytes
    char32_t by;
};

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& pos) {
    UChar32 c;
    int32_t i = static_cast<int32_t>(pos);
    U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
    pos = static_cast<std::size_t>(i);
    return c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c);
}

void append_utf8(char32_t cp, std::string& out) {
    char buf[4];
    int32_t n = 0;
    UBool err = false;
    U8_APPEND(buf, n, 4, static_cast<UChar32>(cp), err);
    if (err) {
        out += "\xEF\xBF\xBD";
        return;
    }
    out.append(buf, static_cast<std::size_t>(n));
}

bool valid_utf8(std::string_view s, std::size_t* bad_at) {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        int32_t j = static_cast<int32_t>(i);
        U8_NEXT(s.data(), j, static_cast<int32_t>(s.size()), c);
        if (c < 0) {
            if (bad_at) *bad_at = i;
            return false;
        }
        i = static_cast<std::size_t>(j);
    }
    return true;
}

Normalizer::Normalizer() {
    offsets_.resize(0x10001);
    pool_.reserve(0x10000 * 2);
    for (char32_t cp = 0; cp < 0x10000; ++cp) {
        offsets_[cp] = static_cast<std::uint32_t>(pool_.size());
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            pool_ += "\xEF\xBF\xBD";
            continue;
        }
        std::string folded;
        append_fold(cp, folded);
        pool_ += folded;
    }
    offsets_[0x10000] = static_cast<std::uint32_t>(pool_.size());

    // ICU's confusables data (the spoof checker's skeletons) says which Cyrillic and Greek
    // letters look like one Latin letter: а, о, р, с, е, х, у, і, ј, ο, ν ...
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> spoof(uspoof_open(&status),
                                                                   uspoof_close);
    if (U_FAILURE(status)) throw std::runtime_error("ICU confusables data unavailable");
    for (char32_t cp = 0x0370; cp < 0x0530; ++cp) {
        const auto c = static_cast<UChar32>(cp);
        if (!u_isalpha(c) || u_tolower(c) != c) continue;
        UChar in[2];
        int32_t n = 0;
        U16_APPEND_UNSAFE(in, n, c);
        UChar skeleton[8];
        UErrorCode st = U_ZERO_ERROR;
        const int32_t len = uspoof_getSkeleton(spoof.get(), 0, in, n, skeleton, 8, &st);
        if (U_FAILURE(st) || len != 1 || skeleton[0] < 'a' || skeleton[0] > 'z') continue;
        const char latin = static_cast<char>(skeleton[0]);
        to_latin_.emplace_back(cp, latin);
        if (script_of(cp) == Script::Cyrillic && !to_cyrillic_[latin - 'a'])
            to_cyrillic_[latin - 'a'] = cp;
    }
}

namespace {

// The edits that write each mixed-script word of `s` in its majority script. A word mixing
// Latin with Cyrillic or Greek letters is a spoof or a typo: nobody writes "Lаvrov" on purpose.
std::vector<Edit> unmix_edits(std::string_view s,
                              const std::vector<std::pair<char32_t, char>>& to_latin,
                              const char32_t (&to_cyrillic)[26]) {
    std::vector<Edit> edits;
    struct Letter {
        std::size_t at, len;
        char32_t cp;
        Script script;
    };
    std::vector<Letter> word;
    std::size_t pos = 0;
    while (pos < s.size()) {
        word.clear();
        std::size_t counts[4] = {};
        while (pos < s.size()) {
            const std::size_t at = pos;
            const char32_t cp = next_code_point(s, pos);
            if (!in_word(cp)) break;
            const Script sc = script_of(cp);
            counts[static_cast<int>(sc)] += 1;
            word.push_back({at, pos - at, cp, sc});
        }
        const std::size_t latin = counts[1], cyrillic = counts[2], greek = counts[3];
        if (latin == 0 || cyrillic + greek == 0) continue;
        const Script target = latin >= cyrillic + greek ? Script::Latin
                              : cyrillic >= greek       ? Script::Cyrillic
                                                        : Script::Greek;
        for (const auto& l : word) {
            if (l.script == target || l.script == Script::Other) continue;
            const auto lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(l.cp)));
            const bool upper = lower != l.cp;
            char32_t by = 0;
            if (target == Script::Latin) {
                auto it = std::lower_bound(to_latin.begin(), to_latin.end(),
                                           std::pair<char32_t, char>(lower, '\0'));
                if (it != to_latin.end() && it->first == lower)
                    by = static_cast<char32_t>(upper ? it->second - 32 : it->second);
            } else if (target == Script::Cyrillic && l.script == Script::Latin && lower < 0x80) {
                by = to_cyrillic[lower - 'a'];
                if (by && upper) by = static_cast<char32_t>(u_toupper(static_cast<UChar32>(by)));
            }
            if (by) edits.push_back({l.at, l.len, by});
        }
    }
    return edits;
}

// Quick test: some Greek or Cyrillic lead byte and some ASCII letter.
bool may_mix(std::string_view s) {
    bool ascii = false, other = false;
    for (char ch : s) {
        const auto b = static_cast<unsigned char>(ch);
        if (b >= 0xCD && b <= 0xD4) other = true;
        else if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ascii = true;
        if (ascii && other) return true;
    }
    return false;
}

}  // namespace

void Normalizer::unmix_scripts(NormalizedText& nt) const {
    if (!may_mix(nt.text)) return;
    const std::vector<Edit> edits = unmix_edits(nt.text, to_latin_, to_cyrillic_);
    if (edits.empty()) return;
    std::string text;
    std::vector<std::uint32_t> map;
    text.reserve(nt.text.size());
    map.reserve(nt.to_original.size());
    std::size_t i = 0;
    for (const auto& e : edits) {
        text.append(nt.text, i, e.at - i);
        map.insert(map.end(), nt.to_original.begin() + static_cast<std::ptrdiff_t>(i),
                   nt.to_original.begin() + static_cast<std::ptrdiff_t>(e.at));
        const std::size_t before = text.size();
        append_utf8(e.by, text);
        map.insert(map.end(), text.size() - before, nt.to_original[e.at]);
        i = e.at + e.len;
    }
    text.append(nt.text, i, std::string::npos);
    map.insert(map.end(), nt.to_original.begin() + static_cast<std::ptrdiff_t>(i),
               nt.to_original.end());
    nt.text = std::move(text);
    nt.to_original = std::move(map);
}

std::string Normalizer::unmix(std::string_view text) const {
    if (!may_mix(text)) return std::string(text);
    std::string out;
    std::size_t i = 0;
    for (const auto& e : unmix_edits(text, to_latin_, to_cyrillic_)) {
        out.append(text.substr(i, e.at - i));
        append_utf8(e.by, out);
        i = e.at + e.len;
    }
    out.append(text.substr(i));
    return out;
}

std::string display_safe(std::string_view name, const Normalizer& norm) {
    std::string out;
    out.reserve(name.size());
    std::size_t pos = 0;
    while (pos < name.size()) {
        const std::size_t at = pos;
        const char32_t cp = next_code_point(name, pos);
        if (invisible_control(cp)) continue;
        if (line_or_control(cp) || cp == ' ') {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            continue;
        }
        if (cp == 0xFFFD && !name.substr(at).starts_with("\xEF\xBF\xBD")) {
            out += "\xEF\xBF\xBD";  // a bad byte: shown as the replacement character
            continue;
        }
        out.append(name.substr(at, pos - at));
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return norm.unmix(out);
}

void Normalizer::append_fold(char32_t cp, std::string& out) const {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
        return;
    }
    // NFKC case folding deletes ZWNJ as default-ignorable, but in Persian it separates the
    // words of a compound (نخست‌وزیر): it must become a space before ICU sees it.
    if (cp == 0x200C) {
        out.push_back(' ');
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalization data unavailable");
    icu::UnicodeString s(static_cast<UChar32>(cp));
    icu::UnicodeString folded = nfkc_cf->normalize(s, status);
    icu::UnicodeString decomposed = nfd->normalize(folded, status);
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (const char* rep = custom_fold(static_cast<char32_t>(c))) {
            kept += icu::UnicodeString::fromUTF8(rep);
        } else {
            kept += c;
        }
    }
    icu::UnicodeString composed = nfc->normalize(kept, status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
    composed.toUTF8String(out);
}

std::string Normalizer::fold_code_point(char32_t cp) const {
    if (cp < 0x10000) return pool_.substr(offsets_[cp], offsets_[cp + 1] - offsets_[cp]);
    std::string out;
    append_fold(cp, out);
    return out;
}

NormalizedText Normalizer::normalize(std::string_view text) const {
    NormalizedText nt;
    nt.text.reserve(text.size());
    nt.to_original.reserve(text.size() + 1);
    nt.original_size = static_cast<std::uint32_t>(text.size());
    std::size_t pos = 0;
    std::string scratch;
    while (pos < text.size()) {
        const auto start = static_cast<std::uint32_t>(pos);
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {
            nt.text.push_back(static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte));
            nt.to_original.push_back(start);
            ++pos;
            continue;
        }
        char32_t cp = next_code_point(text, pos);
        std::size_t before = nt.text.size();
        if (cp < 0x10000) {
            nt.text.append(pool_, offsets_[cp], offsets_[cp + 1] - offsets_[cp]);
        } else {
            scratch.clear();
            append_fold(cp, scratch);
            nt.text += scratch;
        }
        nt.to_original.insert(nt.to_original.end(), nt.text.size() - before, start);
    }
    nt.to_original.push_back(nt.original_size);
    unmix_scripts(nt);
    return nt;
}

std::string Normalizer::fold(std::string_view text) const { return normalize(text).text; }

Span NormalizedText::original_span(std::uint32_t nb, std::uint32_t ne) const {
    if (nb >= ne) return Span{to_original[nb], to_original[nb]};
    std::uint32_t last = to_original[ne - 1];
    // The end is where the next code point of the original starts.
    std::uint32_t end = ne < to_original.size() ? to_original[ne] : original_size;
    if (end <= last) end = original_size;
    for (std::uint32_t i = ne; i < to_original.size(); ++i)
        if (to_original[i] > last) {
            end = to_original[i];
            break;
        }
    return Span{to_original[nb], end};
}

void make_display_safe(Extraction& x, const Normalizer& norm) {
    for (auto& n : x.nodes) {
        n.name = display_safe(n.name, norm);
        std::set<SurfaceForm> forms;
        for (const auto& f : n.forms) {
            std::string form = display_safe(f.form, norm);
            if (!form.empty()) forms.insert({std::move(form), f.lang});
        }
        n.forms = std::move(forms);
        for (auto& [k, v] : n.attrs) v = display_safe(v, norm);
    }
}

}  // namespace kg
