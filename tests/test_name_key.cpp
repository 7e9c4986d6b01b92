// Cross-script name keys: every spelling of one person gets one key, different people differ.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "extract/lexicon.h"
#include "extract/name_key.h"
#include "extract/normalizer.h"

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
    // Each thread keeps the words it transliterated last (16 384 of them, then it starts over):
    // a name met again must come out as it did the first time, from that memory or not.
    kg::NameKeyer keyer;
    // 27 000 distinct words of four syllables, in Cyrillic, Arabic and Devanagari by turns.
    const std::vector<std::vector<std::string>> syllables = {
        {"ка", "ли", "мо", "ну", "ре", "са", "ти", "ва", "до", "зу"},
        {"كا", "لي", "مو", "نو", "ري", "سا", "تي", "وا", "دو", "زو"},
        {"का", "ली", "मो", "नू", "रे", "सा", "ती", "वा", "दो", "ज़ु"},
    };
    auto word = [&](std::size_t i) {
        const auto& s = syllables[i % 3];
        const std::size_t n = i / 3;
        return s[n % 10] + s[n / 10 % 10] + s[n / 100 % 10] + s[n / 1000 % 10];
    };
    std::vector<std::string> names, first;
    for (std::size_t i = 0; i < 27000; i += 2) names.push_back(word(i) + " " + word(i + 3));
    for (const auto& n : names) first.push_back(keyer.latin(n));
    // More distinct words than the memory holds (the three scripts spell them alike: "kalimo").
    std::set<std::string> words;
    for (const auto& n : names) words.insert(n.substr(0, n.find(' '))), words.insert(n.substr(n.find(' ') + 1));
    CHECK(words.size() > 16384);
    CHECK(std::set<std::string>(first.begin(), first.end()).size() > 4000);
    for (std::size_t i = names.size(); i-- > 0;) {
        CAPTURE(names[i]);
        REQUIRE(keyer.latin(names[i]) == first[i]);
    }
    for (std::size_t i = 0; i < names.size(); i += 97) {
        CAPTURE(names[i]);
        CHECK(keyer.latin_at_once(names[i]) == first[i]);
    }
    kg::NameKeyer other;
    CHECK(other.latin(names[3]) == first[3]);
    CHECK(other.latin("Сергей Лавров") == "sergey lavrov");
}

TEST_CASE("names are transliterated word by word as they are whole") {
    // latin() gives ICU one word at a time (and remembers words): no rule of the transliterators
    // may look across a space. Every lexicon person's every name, in every script, and every
    // run of two and three words of the sample articles must come out as the whole name does.
    kg::Normalizer norm;
    const auto lex = kg::Lexicon::load(std::filesystem::path(KG_SOURCE_DIR) / "extract" / "lexicons", norm);
    kg::NameKeyer keyer;
    std::set<std::string> names;
    for (const auto& [entity, form] : lex->person_forms()) names.insert(form);
    for (const auto& file : std::filesystem::directory_iterator(std::filesystem::path(KG_SOURCE_DIR) / "samples")) {
        if (file.path().extension() != ".txt") continue;
        std::ifstream in(file.path());
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        for (std::size_t i = 0; i + 2 < words.size(); ++i) {
            names.insert(words[i] + " " + words[i + 1]);
            names.insert(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        }
    }
    REQUIRE(names.size() > 5000);
    std::size_t non_ascii = 0, differ = 0;
    for (const auto& n : names) {
        if (std::all_of(n.begin(), n.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) continue;
        ++non_ascii;
        if (keyer.latin(n) != keyer.latin_at_once(n)) {
            ++differ;
            CAPTURE(n);
            CHECK(keyer.latin(n) == keyer.latin_at_once(n));
        }
    }
    CHECK(non_ascii > 3000);
    CHECK(differ == 0);
}
