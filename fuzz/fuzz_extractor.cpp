// Fuzz target: the whole per-article extractor with the shipped lexicons, then the merge and
// both exporters. An input beginning "@xx\n" is an article in language xx; any other is left to
// language detection. Only text the article reader accepts reaches the extractor, as in kg build.
// Properties: nothing throws or crashes; every span lies inside the article; the JSON-LD of the
// merged graph reads back to the same JSON-LD. scripts/fuzz caps inputs at 1 KiB: the extractor
// under ASan takes seconds on a long article, and short ones give many more executions.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "export/dot_writer.h"
#include "export/jsonld_reader.h"
#include "export/jsonld_writer.h"
#include "extract/article.h"
#include "extract/extractor.h"
#include "extract/lexicon.h"
#include "extract/name_key.h"
#include "fuzz_check.h"
#include "graph/knowledge_graph.h"

namespace {

struct World {
    kg::Normalizer norm;
    std::unique_ptr<kg::Lexicon> lexicon = kg::Lexicon::load(KG_DEFAULT_DATA_DIR, norm);
    kg::NameKeyer keyer;
    kg::Extractor extractor{*lexicon, keyer};
    kg::ArticleReader reader{kg::ReaderOptions{.max_bytes = 1u << 16}};
};

void check_span(const kg::Evidence& e, std::size_t size) {
    KG_FUZZ_CHECK(e.span.begin <= e.span.end && e.span.end <= size, "evidence span out of text");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const World world;
    kg::Article a;
    a.id = "fuzz";
    a.published = "2024-04-19";
    a.text.assign(reinterpret_cast<const char*>(data), size);
    if (a.text.size() >= 4 && a.text[0] == '@' && a.text[3] == '\n') {
        a.language = a.text.substr(1, 2);
        a.text.erase(0, 4);
    }
    if (!world.reader.check_text(a.text).empty()) return 0;

    const kg::Extraction x = world.extractor.extract(a);
    for (const auto& n : x.nodes) {
        KG_FUZZ_CHECK(!n.key.empty(), "node without a key");
        for (const auto& m : n.mentions) check_span(m, a.text.size());
    }
    for (const auto& e : x.edges) {
        KG_FUZZ_CHECK(!e.from.empty() && !e.to.empty() && !e.role.empty(), "edge without ends");
        for (const auto& ev : e.evidence) check_span(ev, a.text.size());
    }
    kg::KnowledgeGraph g;
    g.merge(x);
    const std::string jsonld = kg::output::to_jsonld(g);
    const std::string again = kg::output::to_jsonld(kg::output::read_jsonld(jsonld, "fuzz"));
    KG_FUZZ_CHECK(jsonld == again, "JSON-LD does not read back to itself");
    (void)kg::output::to_dot(g);
    return 0;
}
