// Fuzz target: normalization and segmentation of arbitrary text.
// Properties: the offset map has one entry per folded byte plus one, never decreases and never
// points past the original; sentence and word spans are ordered, non-empty and inside their
// text; every word maps back to a span of the original. Invalid UTF-8 is normalized (folded to
// U+FFFD, as the contract says) but only valid UTF-8 is segmented, as readers guarantee.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/normalizer.h"
#include "extract/segmenter.h"
#include "fuzz_check.h"

namespace {

void check_spans(const std::vector<kg::Span>& spans, std::size_t size, const char* what) {
    std::uint32_t prev_end = 0;
    for (const auto& s : spans) {
        KG_FUZZ_CHECK(s.begin < s.end && s.end <= size, what);
        KG_FUZZ_CHECK(s.begin >= prev_end, what);
        prev_end = s.end;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const kg::Normalizer norm;
    static const kg::Segmenter seg({"l'", "d'", "qu'"}, {"'s"});
    static const char* const kLangs[] = {"en", "fr", "es", "ru", "ar", "fa", "ur", "hi", "xx"};
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const kg::NormalizedText nt = norm.normalize(text);
    KG_FUZZ_CHECK(nt.to_original.size() == nt.text.size() + 1, "offset map size");
    KG_FUZZ_CHECK(nt.original_size == size && nt.to_original.back() == size, "original size");
    for (std::size_t i = 1; i < nt.to_original.size(); ++i)
        KG_FUZZ_CHECK(nt.to_original[i - 1] <= nt.to_original[i], "offset map decreases");
    KG_FUZZ_CHECK(kg::valid_utf8(nt.text), "folded text not UTF-8");
    if (!kg::valid_utf8(text)) return 0;

    const auto words = seg.words(nt.text);
    check_spans(words, nt.text.size(), "word span");
    for (const auto& w : words) {
        const kg::Span o = nt.original_span(w.begin, w.end);
        KG_FUZZ_CHECK(o.begin <= o.end && o.end <= size, "word's original span");
    }
    const char* lang = kLangs[size % (sizeof kLangs / sizeof *kLangs)];
    check_spans(seg.sentences(text, lang), size, "sentence span");
    return 0;
}
