#include "extract/dates.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace kg {

namespace {

std::optional<int> number(const std::string& t) {
    if (t.empty() || t.size() > 4) return std::nullopt;
    int v = 0;
    for (char c : t) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// "1er" (French) and "1st" write a day with letters after the digits.
std::optional<int> day_number(const std::string& t) {
    std::size_t digits = 0;
    while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
    if (digits == 0 || digits > 2) return std::nullopt;
    std::string rest = t.substr(digits);
    if (!rest.empty() && rest != "er" && rest != "st" && rest != "nd" && rest != "rd" && rest != "th")
        return std::nullopt;
    int d = std::stoi(t.substr(0, digits));
    return d >= 1 && d <= 31 ? std::optional<int>(d) : std::nullopt;
}

std::string iso(int y, int m, int d) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

struct Ymd {
    int y, m, d;
};

std::optional<Ymd> parse_iso(const std::string& s) {
    int y, m, d;
    if (s.size() < 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
    return Ymd{y, m, d};
}

// The day `days` after (or before) `from`, or nullopt.
std::optional<std::string> shift(const Ymd& from, int days) {
    UErrorCode status = U_ZERO_ERROR;
    icu::GregorianCalendar g(*icu::TimeZone::getGMT(), status);
    g.clear();
    g.set(from.y, from.m - 1, from.d);
    g.add(UCAL_DATE, days, status);
    if (U_FAILURE(status)) return std::nullopt;
    const int y = g.get(UCAL_YEAR, status);
    if (U_FAILURE(status) || y < 1 || y > 9999) return std::nullopt;
    return iso(y, g.get(UCAL_MONTH, status) + 1, g.get(UCAL_DATE, status));
}

std::optional<int> digits_only(std::string_view t, std::size_t min, std::size_t max) {
    if (t.size() < min || t.size() > max) return std::nullopt;
    int v = 0;
    for (char c : t) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// A date of digits at token i: "02.11.2023" (the word breaker keeps it whole) or "18 04 2024"
// (from 18/04/2024), day first; with `month_first_possible` (English) a day of 12 or less is
// ambiguous and not read.
std::optional<FoundDate> numeric_date(const std::vector<std::string>& tokens, std::size_t i,
                                      std::size_t end, bool month_first_possible) {
    std::optional<int> a, b, y;
    std::size_t last = i;
    const std::string& t = tokens[i];
    if (auto p1 = t.find('.'); p1 != std::string::npos) {
        auto p2 = t.find('.', p1 + 1);
        if (p2 == std::string::npos) return std::nullopt;
        a = digits_only(std::string_view(t).substr(0, p1), 1, 2);
        b = digits_only(std::string_view(t).substr(p1 + 1, p2 - p1 - 1), 1, 2);
        y = digits_only(std::string_view(t).substr(p2 + 1), 4, 4);
    } else if (i + 2 < end) {
        a = digits_only(t, 1, 2);
        b = digits_only(tokens[i + 1], 2, 2);
        y = digits_only(tokens[i + 2], 4, 4);
        last = i + 2;
    }
    if (!a || !b || !y || *y < 1900 || *y > 2200) return std::nullopt;
    int day = *a, month = *b;
    if (month_first_possible) {
        if (*a > 12 && *b <= 12) {
            day = *a;
            month = *b;
        } else if (*a <= 12 && *b > 12) {
            day = *b;
            month = *a;
        } else {
            return std::nullopt;
        }
    }
    auto s = to_iso("gregorian", *y, month, day);
    if (!s) return std::nullopt;
    return FoundDate{*s, i, last, true, false, {}};
}

}  // namespace

std::optional<std::string> to_iso(const std::string& calendar, int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    // ISO dates are compared as strings (--since, --until): four-digit years only. A Persian
    // year 9999 would be Gregorian 10620 (found by fuzz_dates).
    auto in_range = [](int y) { return y >= 1 && y <= 9999; };
    if (!in_range(year)) return std::nullopt;
    if (calendar == "gregorian") {
        static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return std::nullopt;
        return iso(year, month, day);
    }
    UErrorCode status = U_ZERO_ERROR;
    std::string loc = calendar == "persian" ? "fa_IR@calendar=persian" : "ar@calendar=islamic-civil";
    std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(icu::Locale(loc.c_str()), status));
    if (U_FAILURE(status)) return std::nullopt;
    cal->clear();
    cal->set(UCAL_EXTENDED_YEAR, year);
    cal->set(UCAL_MONTH, month - 1);
    cal->set(UCAL_DATE, day);
    UDate t = cal->getTime(status);
    if (U_FAILURE(status)) return std::nullopt;
    icu::GregorianCalendar greg(*icu::TimeZone::getGMT(), status);
    greg.setTime(t, status);
    if (U_FAILURE(status)) return std::nullopt;
    const int gy = greg.get(UCAL_ERA, status) == icu::GregorianCalendar::AD ? greg.get(UCAL_YEAR, status) : 0;
    if (U_FAILURE(status) || !in_range(gy)) return std::nullopt;
    return iso(gy, greg.get(UCAL_MONTH, status) + 1, greg.get(UCAL_DATE, status));
}

std::optional<FoundDate> find_date(const std::vector<std::string>& tokens, std::size_t begin,
                                   std::size_t end, const LanguageData& lang,
                                   const std::string& published) {
    auto month_of = [&](const std::string& t) -> std::pair<std::string, int> {
        if (auto it = lang.months.find(t); it != lang.months.end()) return {"gregorian", it->second};
        if (auto it = lang.months_persian.find(t); it != lang.months_persian.end()) return {"persian", it->second};
        if (auto it = lang.months_hijri.find(t); it != lang.months_hijri.end()) return {"islamic", it->second};
        return {"", 0};
    };
    const auto pub = parse_iso(published);
    // A day, or a day with a conjunction glued before it ("و7" in "6 و7 أبريل").
    auto day_at = [&](std::size_t k, bool* glued = nullptr) -> std::optional<int> {
        if (auto d = day_number(tokens[k])) return d;
        const std::string& t = tokens[k];
        std::size_t digits = t.size();
        while (digits > 0 && t[digits - 1] >= '0' && t[digits - 1] <= '9') --digits;
        if (digits == 0 || digits == t.size() || !lang.stopwords.count(t.substr(0, digits)))
            return std::nullopt;
        if (glued) *glued = true;
        return day_number(t.substr(digits));
    };
    std::optional<FoundDate> weekday;
    for (std::size_t i = begin; i < end; ++i) {
        if (weekday && i > weekday->last + 3) break;
        // Every reading below starts at a number or at a month, weekday or relative day name.
        const bool digit = !tokens[i].empty() && tokens[i][0] >= '0' && tokens[i][0] <= '9';
        if (!digit && !lang.date_heads.count(tokens[i])) continue;
        // Names of two words come first: كانون الثاني, ذو الحجة, and Persian سه شنبه (whose
        // second word alone is شنبه, Saturday).
        std::string two = i + 1 < end ? tokens[i] + " " + tokens[i + 1] : std::string();
        const bool is_two = !two.empty() && (lang.months.count(two) || lang.months_persian.count(two) ||
                                             lang.months_hijri.count(two) || lang.weekdays.count(two) ||
                                             lang.relative_days.count(two));
        const std::string& t = is_two ? two : tokens[i];
        const std::size_t t_last = is_two ? i + 1 : i;
        // ISO written with digits: 2023-05-04 is tokenized as 2023 05 04 by the word breaker.
        if (auto y = number(t); y && *y > 1900 && *y < 2200 && i + 2 < end && t.size() == 4) {
            auto m = number(tokens[i + 1]);
            auto d = number(tokens[i + 2]);
            if (m && d && tokens[i + 1].size() == 2 && tokens[i + 2].size() == 2)
                if (auto s = to_iso("gregorian", *y, *m, *d)) return FoundDate{*s, i, i + 2, true, false, {}};
        }
        // Digits with separators: 02.11.2023 (one token) or 18/04/2024 (three). Day first, as
        // everywhere but in the United States; in English only when the day is above 12.
        if (auto dm = numeric_date(tokens, i, end, lang.numeric_dates_ambiguous))
            return dm;
        // Plain variables, not structured bindings: lambdas below capture them (clang 14).
        const auto found_month = month_of(t);
        const std::string cal = found_month.first;
        const int month = found_month.second;
        if (month) {
            // day month [year] | month day[,] year | month year
            std::optional<int> day, year;
            std::size_t first = i, last = t_last;
            // "5 de junio de 2023": one small word may stand between day, month and year.
            auto small = [&](std::size_t k) { return k < end && lang.stopwords.count(tokens[k]) > 0; };
            const std::size_t n1 = t_last + 1 + (small(t_last + 1) ? 1 : 0);
            const std::size_t n2 = n1 + 1 + (small(n1 + 1) ? 1 : 0);
            std::size_t before = i;
            if (before > begin && small(before - 1)) --before;
            bool glued = false;
            if (before > begin && (day = day_at(before - 1, &glued))) first = before - 1;
            // A span: "6 و7", "6 et 7", "du 6 au 7", "6-7" (the breaker drops the hyphen).
            std::optional<int> span_first;
            if (day && first > begin) {
                std::size_t k = first;
                if (!glued && k > begin && small(k - 1)) --k;
                if (k > begin)
                    if (auto d0 = day_number(tokens[k - 1]); d0 && *d0 < *day) {
                        span_first = d0;
                        first = k - 1;
                    }
            }
            if (n1 < end) {
                if (auto n = number(tokens[n1]); n && tokens[n1].size() >= 3) {
                    year = *n;
                    last = n1;
                } else if (!day && (day = day_number(tokens[n1]))) {
                    last = n1;
                    if (n2 < end)
                        if (auto y = number(tokens[n2]); y && tokens[n2].size() >= 3) {
                            year = *y;
                            last = n2;
                        }
                }
            }
            auto dated = [&](int y, bool full) -> std::optional<FoundDate> {
                auto last_day = to_iso(cal, y, month, *day);
                if (!last_day) return std::nullopt;
                if (!span_first) return FoundDate{*last_day, first, last, full, false, {}};
                auto first_day = to_iso(cal, y, month, *span_first);
                if (!first_day) return std::nullopt;
                return FoundDate{*first_day, first, last, full, false, *last_day};
            };
            if (day && year) {
                if (auto f = dated(*year, true)) return f;
            } else if (day && pub && cal == "gregorian") {
                // The year that puts the day nearest the publication date.
                const int pub_days = pub->y * 372 + pub->m * 31 + pub->d;
                int best = pub->y;
                for (int y : {pub->y - 1, pub->y + 1})
                    if (std::abs(y * 372 + month * 31 + *day - pub_days) <
                        std::abs(best * 372 + month * 31 + *day - pub_days))
                        best = y;
                if (auto f = dated(best, false)) return f;
            } else if (year && cal == "gregorian") {
                char buf[48];
                std::snprintf(buf, sizeof buf, "%04d-%02d", *year, month);
                return FoundDate{buf, first, last, false, false, {}};
            }
        }
        if (auto it = lang.relative_days.find(t); it != lang.relative_days.end() && pub) {
            if (!weekday && it->second != LanguageData::kNoDay)
                if (auto day = shift(*pub, it->second))
                    weekday = FoundDate{*day, i, t_last, false, true, {}};
            continue;
        }
        if (auto it = lang.weekdays.find(t); it != lang.weekdays.end() && pub) {
            UErrorCode status = U_ZERO_ERROR;
            icu::GregorianCalendar g(*icu::TimeZone::getGMT(), status);
            g.clear();
            g.set(pub->y, pub->m - 1, pub->d);
            // ICU: Sunday = 1 ... Saturday = 7; the data: Monday = 1 ... Sunday = 7.
            int have = (g.get(UCAL_DAY_OF_WEEK, status) + 5) % 7 + 1;
            int back = (have - it->second + 7) % 7;
            g.add(UCAL_DATE, -back, status);
            // "mardi 20 juin": a date written out right after the weekday wins over it.
            if (U_SUCCESS(status) && !weekday)
                weekday = FoundDate{iso(g.get(UCAL_YEAR, status), g.get(UCAL_MONTH, status) + 1,
                                        g.get(UCAL_DATE, status)),
                                    i, t_last, false, true, {}};
            continue;
        }
    }
    return weekday;
}

}  // namespace kg
