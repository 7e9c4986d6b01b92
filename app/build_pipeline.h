// Build pipeline: articles in, one merged KnowledgeGraph out, on N threads.
//
// Owns: the loop of `kg build` and `kg extract`: one reader thread streams articles through a
// bounded queue to N extraction threads; the extractions are merged in input order on the
// calling thread, so the graph, the diagnostics and their order are the same for every N. At
// most `window` articles are in memory at once, whatever the size of the input.
// Input: INPUT paths, a loaded Extractor. Output: the graph (merged into) and counts.
//   kg::BuildStats s = kg::run_pipeline(inputs, extractor, graph, {.threads = 2}, on_diag);
//   std::cerr << kg::summary_line(s) << "\n";
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "extract/article.h"
#include "extract/extractor.h"
#include "graph/knowledge_graph.h"

namespace kg {

struct PipelineOptions {
    std::size_t threads = 1;           // extraction threads (>= 1)
    std::string lang;                  // forced language of every article, or empty
    std::size_t max_article_bytes = 16u << 20;
    bool progress = false;             // redraw a progress line on stderr (a terminal)
    std::size_t window = 0;            // articles in flight; 0: 16 per thread
};

struct BuildStats {
    std::size_t accepted = 0;
    std::size_t rejected = 0;
    std::size_t bytes = 0;             // article text bytes accepted
    std::size_t threads = 1;
    double seconds = 0;                // reading, extraction and merging, from when the
                                       // extractor was ready
    std::map<std::string, std::size_t> languages;
};

// Where a pipeline's extractor comes from: `wait` returns it, blocking while it is still being
// built (the lexicon loading on another thread), and rethrows what building it threw. Until
// then, the pipeline reads articles and prepares them with `normalizer` (language and folded
// text: see prepare_article) on the cores the loading leaves idle.
struct ExtractorSource {
    const Normalizer& normalizer;
    std::function<const Extractor&()> wait;
};

// The lexicon and the extractor of a command that runs a pipeline. With more than one thread
// they are built on a thread of their own, so that the pipeline reads and prepares articles
// meanwhile; with one, in the constructor. Errors of the lexicon (DataError) are thrown by the
// constructor (one thread) or by run_pipeline (more).
class ExtractorLoader {
public:
    ExtractorLoader(std::filesystem::path dir, const Normalizer& norm, std::size_t threads);
    ~ExtractorLoader();
    ExtractorLoader(const ExtractorLoader&) = delete;
    ExtractorLoader& operator=(const ExtractorLoader&) = delete;
    const ExtractorSource& source() const { return source_; }

private:
    struct Loaded;
    std::shared_future<std::shared_ptr<const Loaded>> loading_;
    ExtractorSource source_;
};

// Reads every INPUT (as ArticleReader does), extracts each article on `options.threads`
// threads and merges the extractions into `graph` in input order. Calls `on_diagnostic` on
// the calling thread, in input order, for each rejected article, and `on_warning` likewise for
// an article kept with a warning (a legacy encoding converted). Rethrows on the calling
// thread any exception of a worker (after stopping the others). Not reentrant for one graph.
BuildStats run_pipeline(const std::vector<std::string>& inputs, const Extractor& extractor,
                        KnowledgeGraph& graph, const PipelineOptions& options,
                        const std::function<void(const Diagnostic&)>& on_diagnostic,
                        const std::function<void(const Diagnostic&)>& on_warning = {});

// The same, with an extractor that may still be loading. With more than one thread, articles
// are read and prepared meanwhile; with one, it waits for the extractor first. What was built
// comes out the same either way. An error from source.wait() is rethrown, and nothing is
// passed to on_diagnostic or on_warning before the extractor is ready.
BuildStats run_pipeline(const std::vector<std::string>& inputs, const ExtractorSource& source,
                        KnowledgeGraph& graph, const PipelineOptions& options,
                        const std::function<void(const Diagnostic&)>& on_diagnostic,
                        const std::function<void(const Diagnostic&)>& on_warning = {});

// The bytes of the input files (directories walked as the reader walks them); 0 for stdin.
// Used for the progress line's estimate of what is left. Never throws.
std::size_t input_bytes(const std::vector<std::string>& inputs);

// "N articles (R rejected), X MB in T s: Y MB/s, Z articles/s, K threads". Never throws.
std::string summary_line(const BuildStats& stats);

// The number of hardware threads, at least 1.
std::size_t default_threads();

}  // namespace kg
