// Cross-script name keys: every spelling of one person gets one key, different people differ.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "extract/name_key.h"

TEST_CASE("one person in six scripts gets one key") {
    kg::NameKeyer keyer;
    const std::vector<std::vector<std::string>> people = {
        // Latin, Cyrillic, Arabic, Persian, Devanagari
        {"Sergey Lavrov", "Sergei Lavrov", "Сергей Лавров", "سيرغي لافروف", "سيرجي لافروف", "सर्गेई लावरोव"},
        {"Vladimir Putin", "Владимир Путин", "ولادیمیر پوتین", "فلاديمير بوتين", "व्लादिमीर पुतिन"},
        {"Shah Mahmood Qureshi", "شاه محمود قريشي", "शाह महमूद कुरैशी"},
        {"Bilawal Bhutto Zardari", "बिलावल भुट्टो ज़रदारी", "بلاول بھٹو زرداری"},
        // Urdu letters (ھ) that Any-Latin leaves alone are folded first
        {"Tehmina Janjua", "تھمینه جنجوعا", "تہمینہ جنجوعہ"},
    };
    std::set<std::string> keys;
    for (const auto& spellings : people) {
        const std::string want = keyer.key(spellings[0]);
        CHECK_FALSE(want.empty());
        for (const auto& s : spellings) {
            CAPTURE(s);
            CHECK(keyer.key(s) == want);
        }
        keys.insert(want);
    }
    CHECK(keys.size() == people.size());  // no two people share a key
}

TEST_CASE("different people keep different keys") {
    kg::NameKeyer keyer;
    CHECK(keyer.key("Imran Khan") != keyer.key("Husain Haqqani"));
    CHECK(keyer.key("Sergey Lavrov") != keyer.key("Sergey Ryabkov"));
    CHECK(keyer.key("Asad Majeed Khan") != keyer.key("Imran Khan"));
}

TEST_CASE("skeleton sound classes") {
    CHECK(kg::NameKeyer::skeleton("qureshi") == kg::NameKeyer::skeleton("kuraisi"));
    CHECK(kg::NameKeyer::skeleton("lavrov") == "lfrf");
    CHECK(kg::NameKeyer::skeleton("lafrwf") == "lfrf");
    CHECK(kg::NameKeyer::skeleton("bilawal") == kg::NameKeyer::skeleton("bilavala"));
}

TEST_CASE("ASCII names are lower-cased without ICU, as ICU would") {
    // Oracle: the same text with a non-ASCII word appended goes through the transliterators.
    kg::NameKeyer k;
    const char* names[] = {"Sergey Lavrov", "Jean-Yves Le Drian", "O'Neil", "S. Jaishankar",
                           "Mohammed bin Salman Al Saud", "AT&T 5G", "Ali_Khan (2024)", "x\ty", ""};
    for (const char* n : names) {
        CAPTURE(n);
        CHECK(k.latin(n) + " e" == k.latin(std::string(n) + " \xC3\xA9"));
    }
}

TEST_CASE("a name transliterated again, after many others, comes out the same") {
    // Each thread keeps the names it transliterated last (8 192 of them, then it starts over):
    // a name met again must come out as it did the first time, from that memory or not.
    kg::NameKeyer keyer;
    const std::vector<std::string> stems = {"Сергей", "سيرغي", "सर्गेई", "تہمینہ", "Лавров", "لافروف"};
    std::vector<std::string> names, first;
    for (std::size_t i = 0; i < 9000; ++i) {
        // Distinct names in four scripts: i in base 6, one word per digit.
        std::string n = stems[i % stems.size()];
        for (std::size_t k = i / stems.size(); k > 0; k /= stems.size()) n += " " + stems[k % stems.size()];
        names.push_back(n);
    }
    for (const auto& n : names) first.push_back(keyer.latin(n));
    CHECK(first[0] != first[1]);
    for (std::size_t i = names.size(); i-- > 0;) {
        CAPTURE(names[i]);
        REQUIRE(keyer.latin(names[i]) == first[i]);
    }
    kg::NameKeyer other;
    CHECK(other.latin(names[3]) == first[3]);
    CHECK(other.latin("Сергей Лавров") == "sergey lavrov");
}
