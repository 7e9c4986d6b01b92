// Segmentation: sentence ends in every script, abbreviations, and apostrophe clitics.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "extract/segmenter.h"

namespace {

std::vector<std::string> sentences(const kg::Segmenter& seg, const std::string& text, const std::string& lang) {
    std::vector<std::string> out;
    for (const auto& s : seg.sentences(text, lang)) out.push_back(text.substr(s.begin, s.end - s.begin));
    return out;
}

std::vector<std::string> words(const kg::Segmenter& seg, const std::string& text) {
    std::vector<std::string> out;
    for (const auto& w : seg.words(text)) out.push_back(text.substr(w.begin, w.end - w.begin));
    return out;
}

struct SentCase {
    const char* lang;
    const char* text;
    std::vector<std::string> want;
};

}  // namespace

TEST_CASE("sentences end where each script ends them") {
    kg::Segmenter seg;
    const std::vector<SentCase> cases = {
        // Hindi: the danda ends a sentence
        {"hi", "दोनों मंत्रियों ने हाथ मिलाया। बैठक समाप्त हुई।", {"दोनों मंत्रियों ने हाथ मिलाया।", "बैठक समाप्त हुई।"}},
        // Urdu: the full stop ۔
        {"ur", "وزیر خارجہ نے ملاقات کی۔ بات چیت جاری رہی۔", {"وزیر خارجہ نے ملاقات کی۔", "بات چیت جاری رہی۔"}},
        // Arabic: the question mark ends a sentence, the Arabic comma does not
        {"ar", "هل التقى الوزيران؟ نعم، التقيا في إسلام آباد.", {"هل التقى الوزيران؟", "نعم، التقيا في إسلام آباد."}},
        // French: "M. Lavrov" does not end a sentence
        {"fr", "M. Lavrov est arrivé. Il a rencontré son homologue.", {"M. Lavrov est arrivé.", "Il a rencontré son homologue."}},
        // Any language: a line end ends a sentence (headlines have no full stop)
        {"en", "Russia and Pakistan deepen ties\nISLAMABAD: The talks began.", {"Russia and Pakistan deepen ties", "ISLAMABAD: The talks began."}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(sentences(seg, c.text, c.lang) == c.want);
    }
}

TEST_CASE("apostrophe clitics are split from words, and punctuation is not a word") {
    kg::Segmenter seg({"l'", "d'"}, {"'s"});
    // French
    CHECK(words(seg, "l'afghanistan et d'arabie") == std::vector<std::string>{"l", "afghanistan", "et", "d", "arabie"});
    // English
    CHECK(words(seg, "russia's oil, (wheat)") == std::vector<std::string>{"russia", "oil", "wheat"});
    // Arabic clitics stay glued: the matcher handles them
    CHECK(words(seg, "وبيلاروسيا، والصين") == std::vector<std::string>{"وبيلاروسيا", "والصين"});
    // Hyphenated words split into their parts
    CHECK(words(seg, "vice-ministre") == std::vector<std::string>{"vice", "ministre"});
}

TEST_CASE("ASCII letters, digits and spaces break into the words ICU's rules give") {
    kg::Segmenter seg({"l'"}, {"'s"});
    CHECK(words(seg, "  Sergey Lavrov 2024 a1b2  ") == std::vector<std::string>{"Sergey", "Lavrov", "2024", "a1b2"});
    CHECK(seg.words("").empty());
    CHECK(seg.words("   ").empty());
    CHECK(seg.words("one two three", 2).size() == 2);
    // Such texts are broken without ICU; the same text followed by a word ICU must break
    // ("é") gives the same words before it.
    const std::string alphabet = "ab Z09 ";
    std::uint32_t state = 12345;
    for (int n = 0; n < 2000; ++n) {
        std::string text;
        const int length = static_cast<int>(state % 12);
        for (int i = 0; i < length; ++i) {
            state = state * 1103515245u + 12345u;
            text += alphabet[(state >> 16) % alphabet.size()];
        }
        state = state * 1103515245u + 12345u;
        std::vector<std::string> fast = words(seg, text);
        std::vector<std::string> icu = words(seg, text + " \xc3\xa9");
        REQUIRE(!icu.empty());
        CHECK(icu.back() == "\xc3\xa9");
        icu.pop_back();
        CHECK_MESSAGE(fast == icu, "text: '" << text << "'");
    }
}
