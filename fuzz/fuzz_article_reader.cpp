// Fuzz target: the article reader on arbitrary bytes, as a .jsonl file when the first
// non-blank byte is '{' (the rule for standard input), else as one .txt article.
// Properties: nothing throws or crashes; every accepted article has a clean id and valid UTF-8
// text without NUL; every rejection has a source and a reason.
#include <cstddef>
#include <cstdint>
#include <string>

#include "extract/article.h"
#include "extract/normalizer.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A small maximum, so that the size limits are reached by inputs libFuzzer can make.
    static const kg::ArticleReader reader(kg::ReaderOptions{.max_bytes = 4096});
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const auto first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool jsonl = first != std::string::npos && bytes[first] == '{';
    reader.read_buffer(
        jsonl ? "fuzz.jsonl" : "fuzz.txt", bytes,
        [](kg::Article&& a) {
            KG_FUZZ_CHECK(!a.id.empty() && kg::valid_utf8(a.id), "article id empty or not UTF-8");
            KG_FUZZ_CHECK(kg::valid_utf8(a.text), "article text not UTF-8");
            KG_FUZZ_CHECK(a.text.find('\0') == std::string::npos, "NUL in article text");
            KG_FUZZ_CHECK(!a.source.empty(), "article without a source");
        },
        [](const kg::Diagnostic& d) {
            KG_FUZZ_CHECK(!d.source.empty() && !d.reason.empty(), "diagnostic without a reason");
        },
        [](const kg::Diagnostic& d) {
            KG_FUZZ_CHECK(d.reason.starts_with("not UTF-8: converted from "), "odd warning");
        });
    return 0;
}
