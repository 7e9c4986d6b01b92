// Dates in every calendar and language the press uses, with their folds: Solar Hijri with
// Persian digits and Arabic yeh, Hijri, "1er", month-first English, weekdays against the
// publication date, "de" between day, month and year, dates in digits, and today/yesterday.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "extract/dates.h"

namespace {

struct DateCase {
    const char* lang;
    const char* text;
    const char* published;
    const char* want;  // ISO date, or "none"
};

}  // namespace

TEST_CASE("dates in eight languages and three calendars") {
    kg::Normalizer norm;
    auto lex = kg::Lexicon::load(std::filesystem::path(KG_SOURCE_DIR) / "extract/lexicons", norm);
    const std::vector<DateCase> cases = {
        // Persian: Solar Hijri, Persian digits; the month also written with Arabic yeh
        {"fa", "تاریخ انتشار: ۹ فروردین ۱۳۹۸ - ۱۱:۲۳", "", "2019-03-29"},
        {"fa", "۹ فروردين ۱۳۹۸", "", "2019-03-29"},
        // Arabic: Gregorian with and without hamza, Hijri (1 Muharram 1445 = 19 July 2023)
        {"ar", "الجمعة - 19 أبريل 2024", "", "2024-04-19"},
        {"ar", "19 ابريل 2024", "", "2024-04-19"},
        {"ar", "1 محرم 1445", "", "2023-07-19"},
        {"ar", "1 رمضان 1445", "", "2024-03-11"},
        // French: "1er", and a weekday before its date
        {"fr", "le 1er mai 2023", "", "2023-05-01"},
        {"fr", "mardi 20 juin 2023", "2023-06-25", "2023-06-20"},
        // Spanish: "de" between the parts
        {"es", "el 5 de junio de 2023", "", "2023-06-05"},
        // Russian: the month in the genitive
        {"ru", "14 февраля 2024 года", "", "2024-02-14"},
        // Hindi and English: month first
        {"hi", "मई 5, 2023", "", "2023-05-05"},
        {"en", "March 12, 2024", "", "2024-03-12"},
        // Weekdays: the latest such day on or before publication
        {"fr", "mardi", "2023-06-22", "2023-06-20"},
        {"ar", "يوم الأربعاء", "2021-04-09", "2021-04-07"},
        {"hi", "गुरुवार को", "2023-05-05", "2023-05-04"},
        {"ur", "بدھ کو", "2024-10-16", "2024-10-16"},
        // Day and month without a year: the year nearest the publication date; two days are a span
        {"ar", "في يومي 6 و7 أبريل الجاري", "2024-04-19", "2024-04-06..2024-04-07"},
        {"fr", "du 6 au 7 avril", "2021-04-09", "2021-04-06..2021-04-07"},
        {"en", "on 6-7 April", "2021-04-09", "2021-04-06..2021-04-07"},
        {"ru", "6 и 7 апреля", "2021-04-09", "2021-04-06..2021-04-07"},
        {"en", "on 28 December", "2024-01-03", "2023-12-28"},
        {"es", "el 5 de enero", "2023-12-20", "2024-01-05"},
        {"fa", "۶ و ۷ آوریل", "2021-04-09", "2021-04-06..2021-04-07"},
        {"ar", "في 18 مارس", "", "none"},
        // Digits with separators, day first; English reads them only when the day is above 12
        {"ru", "02.11.2023 09:40", "", "2023-11-02"},
        {"fr", "Publié le 18/04/2024 à 08h15", "", "2024-04-18"},
        {"ar", "الأحد 12/01/2025", "", "2025-01-12"},
        {"en", "Updated 18/04/2024", "", "2024-04-18"},
        {"en", "Updated 04/18/2024", "", "2024-04-18"},
        {"en", "Updated 04/05/2024", "", "none"},
        {"fr", "31.02.2024", "", "none"},
        // Today, yesterday and the day before, from the publication date
        {"fa", "امروز در تهران", "2022-11-29", "2022-11-29"},
        {"fa", "روز گذشته", "2022-11-29", "2022-11-28"},
        {"ru", "вчера в Москве", "2024-03-01", "2024-02-29"},
        {"fr", "avant-hier", "2024-01-01", "2023-12-30"},
        {"en", "met yesterday", "2024-05-16", "2024-05-15"},
        {"es", "se reunió hoy", "2025-02-28", "2025-02-28"},
        {"ar", "التقى أمس", "2021-04-08", "2021-04-07"},
        {"ur", "آج کل", "2024-07-12", "none"},
        {"hi", "आज", "", "none"},
        // A weekday without a publication date is no date; a day that does not exist is none
        {"fr", "mardi", "", "none"},
        {"en", "February 30, 2024", "", "none"},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        const kg::LanguageData* d = lex->language(c.lang);
        REQUIRE(d != nullptr);
        auto toks = lex->tokens(c.text);
        auto got = kg::find_date(toks, 0, toks.size(), *d, c.published);
        CHECK((got ? got->iso + (got->end.empty() ? "" : ".." + got->end) : std::string("none")) ==
              c.want);
    }
}

TEST_CASE("calendar conversion") {
    CHECK(kg::to_iso("persian", 1398, 1, 9) == "2019-03-29");
    CHECK(kg::to_iso("persian", 1401, 9, 8) == "2022-11-29");
    CHECK(kg::to_iso("islamic", 1445, 9, 1) == "2024-03-11");
    CHECK(kg::to_iso("gregorian", 2024, 2, 29) == "2024-02-29");
    CHECK_FALSE(kg::to_iso("gregorian", 2023, 2, 29).has_value());
    CHECK_FALSE(kg::to_iso("gregorian", 2024, 13, 1).has_value());
}
