// Fuzz target: the JSON-LD reader that `kg path`, `kg stats` and `kg explain` use, then both
// exporters on whatever graph it accepts.
// Properties: bad input is a std::runtime_error, never a crash; an accepted graph's JSON-LD
// reads back to the same JSON-LD (the reader's contract); to_dot either writes or refuses with
// std::runtime_error.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "export/dot_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    kg::KnowledgeGraph g;
    try {
        g = kg::output::read_jsonld(text, "fuzz.jsonld");
    } catch (const std::runtime_error&) {
        return 0;
    }
    const std::string once = kg::output::to_jsonld(g);
    kg::KnowledgeGraph back;
    try {
        back = kg::output::read_jsonld(once, "written.jsonld");
    } catch (const std::runtime_error&) {
        KG_FUZZ_CHECK(false, "the reader refuses what the writer wrote");
    }
    KG_FUZZ_CHECK(kg::output::to_jsonld(back) == once, "JSON-LD does not read back to itself");
    try {
        (void)kg::output::to_dot(g);
    } catch (const std::runtime_error&) {
    }
    return 0;
}
