// Fuzz target: date parsing. The first byte picks a language of the test fixture lexicons
// (tests/data/lexicons: French, Arabic, Hindi and Persian, with the Solar Hijri months; small,
// so that loading them under ASan takes a moment, not most of a short run) and
// whether a publication date is known; the rest is folded and tokenized like a sentence.
// Calendar conversion gets the first bytes as year, month and day in all three calendars.
// Properties: nothing throws or crashes; a found date is YYYY-MM or YYYY-MM-DD with a real
// month and day, and its token range lies inside the sentence.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "extract/dates.h"
#include "extract/lexicon.h"
#include "fuzz_check.h"

namespace {

struct World {
    kg::Normalizer norm;
    std::unique_ptr<kg::Lexicon> lexicon =
        kg::Lexicon::load(std::string(KG_SOURCE_DIR) + "/tests/data/lexicons", norm);
};

bool digits(const std::string& s, std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    return true;
}

void check_iso(const std::string& iso) {
    const bool month_only = iso.size() == 7;
    KG_FUZZ_CHECK(iso.size() == 10 || month_only, "ISO date of odd length");
    KG_FUZZ_CHECK(digits(iso, 0, 4) && iso[4] == '-' && digits(iso, 5, 2), "ISO date form");
    const int month = std::stoi(iso.substr(5, 2));
    KG_FUZZ_CHECK(month >= 1 && month <= 12, "month out of range");
    if (month_only) return;
    KG_FUZZ_CHECK(iso[7] == '-' && digits(iso, 8, 2), "ISO date form");
    const int day = std::stoi(iso.substr(8, 2));
    KG_FUZZ_CHECK(day >= 1 && day <= 31, "day out of range");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const World world;
    if (size < 1) return 0;
    static const char* const langs[] = {"fr", "ar", "hi", "fa"};
    const std::size_t n_langs = sizeof langs / sizeof *langs;
    const kg::LanguageData* lang = world.lexicon->language(langs[data[0] % n_langs]);
    const std::string published = (data[0] / n_langs) % 2 ? "2024-04-19" : "";
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

    if (size >= 7) {
        const int year = static_cast<std::int16_t>(data[1] | data[2] << 8);
        const int month = static_cast<std::int8_t>(data[3]);
        const int day = static_cast<std::int8_t>(data[4]);
        for (const char* cal : {"gregorian", "persian", "islamic"})
            if (auto iso = kg::to_iso(cal, year, month, day)) check_iso(*iso);
    }
    if (!lang || !kg::valid_utf8(text)) return 0;
    const std::vector<std::string> tokens = world.lexicon->tokens(text);
    for (std::size_t begin = 0; begin < tokens.size() && begin < 4; ++begin) {
        if (auto d = kg::find_date(tokens, begin, tokens.size(), *lang, published)) {
            check_iso(d->iso);
            KG_FUZZ_CHECK(d->first >= begin && d->first <= d->last && d->last < tokens.size(),
                          "date token range");
        }
    }
    return 0;
}
