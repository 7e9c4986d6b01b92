// Normalization: the folds ICU lacks, checked against ICU rule text as the oracle, and the map
// from normalized bytes back to the original article.
#include <doctest/doctest.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>

#include <string>
#include <vector>

#include "extract/normalizer.h"

namespace {

struct FoldCase {
    const char* input;
    const char* folded;
};

// The same folds as extract/normalizer.cpp's table, stated as ICU transform rules. The table
// is fast (a lookup per code point); the rules are slow but say plainly what is meant. ICU's
// NFKC case fold (which has no transliterator) runs between the two rule sets.
const char* kBeforeCaseFold = R"(\u200C > ' ';)";
const char* kOracleRules = R"(
:: NFD;
\u0643 > \u06A9;
[\u064A \u0649 \u06D0] > \u06CC;
[\u06BE \u06C1 \u06D5 \u0629] > \u0647;
[\u0671 \u0672 \u0673] > \u0627;
\u0640 > ;
[\u200B \u200D \u200E \u200F \u2060 \uFEFF] > ;
\u093C > ;
\u0901 > \u0902;
[\u2018 \u2019 \u201B \u02BC \u02BB \u00B4] > \';
[\u2010 \u2011 \u2012 \u2013 \u2212] > '-';
[\u202A-\u202E \u2066-\u2069] > ;
[\u064B-\u065F \u0670 \u0610-\u061A \u06D6-\u06ED] > ;
[\u0300-\u036F] > ;
[\u0660 \u06F0 \u0966] > 0; [\u0661 \u06F1 \u0967] > 1; [\u0662 \u06F2 \u0968] > 2;
[\u0663 \u06F3 \u0969] > 3; [\u0664 \u06F4 \u096A] > 4; [\u0665 \u06F5 \u096B] > 5;
[\u0666 \u06F6 \u096C] > 6; [\u0667 \u06F7 \u096D] > 7; [\u0668 \u06F8 \u096E] > 8;
[\u0669 \u06F9 \u096F] > 9;
:: NFC;
)";

}  // namespace

TEST_CASE("normalizer folds letter variants, marks and digits per language") {
    kg::Normalizer norm;
    const std::vector<FoldCase> cases = {
        // Persian written with Arabic kaf and yeh, and ZWNJ compounds
        {"پاكستان", "پاکستان"},
        {"ریابكوف", "ریابکوف"},
        {"نخست‌وزیر", "نخست وزیر"},
        {"۹ فروردین ۱۳۹۸", "9 فروردین 1398"},
        // Urdu heh forms
        {"ھمتای", "همتای"},
        {"تھمینه", "تهمینه"},
        // Arabic: hamza on alef, harakat, tatweel, teh marbuta, alef maksura
        {"إسلام أباد", "اسلام اباد"},
        {"تعاونًا", "تعاونا"},
        {"الروسيـــة", "الروسیه"},
        {"مصطفى", "مصطفی"},
        {"١٩ أبريل ٢٠٢٤", "19 ابریل 2024"},
        // Hindi: nukta, candrabindu, native digits
        {"ज़रदारी", "जरदारी"},
        {"गेहूँ", "गेहूं"},
        {"२०२३", "2023"},
        // French: case, accents, typographic apostrophe
        {"Émirats arabes unis", "emirats arabes unis"},
        {"l’Afghanistan", "l'afghanistan"},
        {"Koweït", "koweit"},
        // Russian: case and diacritics
        {"Сергей Лавров", "сергеи лавров"},
        {"Ё", "е"},
        // Bidi controls vanish
        {"\u202eabc\u202c", "abc"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        CHECK(norm.fold(c.input) == c.folded);
    }
}

TEST_CASE("the fold table agrees with the ICU rule text on every code point of our scripts") {
    kg::Normalizer norm;
    UErrorCode status = U_ZERO_ERROR;
    UParseError perr;
    std::unique_ptr<icu::Transliterator> before(icu::Transliterator::createFromRules(
        "kg-fold-oracle-pre", icu::UnicodeString::fromUTF8(kBeforeCaseFold), UTRANS_FORWARD, perr, status));
    std::unique_ptr<icu::Transliterator> oracle(icu::Transliterator::createFromRules(
        "kg-fold-oracle", icu::UnicodeString::fromUTF8(kOracleRules), UTRANS_FORWARD, perr, status));
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    REQUIRE(U_SUCCESS(status));
    const std::vector<std::pair<char32_t, char32_t>> ranges = {
        {0x0020, 0x024F}, {0x0300, 0x036F}, {0x0400, 0x04FF}, {0x0600, 0x06FF},
        {0x0900, 0x097F}, {0x2000, 0x206F}, {0xFB50, 0xFDFF}, {0xFE70, 0xFEFF}};
    int checked = 0;
    for (auto [lo, hi] : ranges) {
        for (char32_t cp = lo; cp <= hi; ++cp) {
            icu::UnicodeString u(static_cast<UChar32>(cp));
            before->transliterate(u);
            u = nfkc_cf->normalize(u, status);
            oracle->transliterate(u);
            std::string want;
            u.toUTF8String(want);
            CAPTURE(static_cast<unsigned>(cp));
            CHECK(norm.fold_code_point(cp) == want);
            ++checked;
        }
    }
    CHECK(checked > 2000);
}

TEST_CASE("normalized spans map back to the original bytes") {
    kg::Normalizer norm;
    const std::string text = "وزير الخارجية الروسي سيرغي لافروف";
    auto nt = norm.normalize(text);
    const std::string word = "لافروف";
    auto nb = nt.text.find(word);
    REQUIRE(nb != std::string::npos);
    kg::Span s = nt.original_span(static_cast<std::uint32_t>(nb), static_cast<std::uint32_t>(nb + word.size()));
    CHECK(text.substr(s.begin, s.end - s.begin) == "لافروف");
    // A folded letter (ك -> ک is two bytes either way) and a dropped mark (tatweel).
    const std::string persian = "پاكستـان و روسیه";
    auto np = norm.normalize(persian);
    auto pb = np.text.find("پاکستان");
    REQUIRE(pb != std::string::npos);
    kg::Span ps = np.original_span(static_cast<std::uint32_t>(pb), static_cast<std::uint32_t>(pb + std::string("پاکستان").size()));
    CHECK(persian.substr(ps.begin, ps.end - ps.begin) == "پاكستـان");
}

TEST_CASE("UTF-8 validation names the first bad byte") {
    std::size_t at = 0;
    CHECK(kg::valid_utf8("Pakistan et Russie", &at));
    CHECK_FALSE(kg::valid_utf8(std::string("abc\xC3\x28", 5), &at));
    CHECK(at == 3);
    CHECK_FALSE(kg::valid_utf8(std::string("\xED\xA0\x80", 3), &at));  // a surrogate
    CHECK(at == 0);
}
