// Dates: calendar dates written in words and digits, in Gregorian, Solar Hijri and Hijri.
//
// Owns: recognising "19 أبريل 2024", "मई 5, 2023", "۹ فروردین ۱۳۹۸", "mardi" over folded tokens,
// and converting other calendars to ISO dates with ICU's calendars.
// Input: folded tokens of a sentence and the language's month and weekday names.
// Output: ISO dates ("2019-03-29").
//   auto d = kg::find_date(tokens, 0, tokens.size(), *lang_data, "2023-05-05");
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/lexicon.h"

namespace kg {

struct FoundDate {
    std::string iso;       // YYYY-MM-DD, or YYYY-MM when no day is given
    std::size_t first = 0; // token range that wrote it
    std::size_t last = 0;
    bool full = false;     // day, month and year were all written
    bool relative = false; // a weekday resolved against the publication date
    std::string end;       // last day of a span ("6 و7 أبريل", "6-7 April"), else empty
};

// Converts a date of `calendar` ("gregorian", "persian", "islamic") to ISO; nullopt when the
// date does not exist or its year, or its Gregorian year, is outside 1..9999. Thread-safe.
std::optional<std::string> to_iso(const std::string& calendar, int year, int month, int day);

// The first date written in tokens [begin, end), or nullopt. A weekday name resolves to the
// latest such day on or before `published` (skipped when `published` is empty); a day and
// month without a year take the year of `published`, or the year before or after when that
// puts the date nearer to it ("28 December" in an article of 3 January). Two days before one
// month ("6 و7 أبريل", "du 6 au 7 avril", "6-7 April") are a span: `iso` is its first day and
// `end` its last. Thread-safe.
std::optional<FoundDate> find_date(const std::vector<std::string>& tokens, std::size_t begin,
                                   std::size_t end, const LanguageData& lang,
                                   const std::string& published);

}  // namespace kg
