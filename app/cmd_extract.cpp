#include "app/cmd_extract.h"

#include <unistd.h>

#include <iostream>

#include "app/build_pipeline.h"
#include "app/cli.h"
#include "export/atomic_file.h"
#include "export/jsonld_writer.h"
#include "extract/extractor.h"
#include "extract/lexicon.h"
#include "extract/name_key.h"
#include "extract/normalizer.h"

namespace kg::cli {

const char* const kExtractUsage =
    "usage: kg extract [--out FILE] [--threads N] [--lang CODE] [--data DIR] [--max-article-bytes N]\n"
    "                  [--quiet] INPUT...\n"
    "\n"
    "Extracts the articles of INPUT (as kg build reads them) into one graph fragment: the JSON-LD\n"
    "graph of these articles alone. 'kg merge' unites fragments into the graph 'kg build' would\n"
    "write for all of their articles, byte for byte: run one 'kg extract' per shard on any engine.\n"
    "\n"
    "  --out FILE           where to write the fragment (default: - for standard output)\n"
    "  --threads N          extraction threads (default: all cores)\n"
    "  --lang CODE          the language of every article (default: detected per article)\n"
    "  --data DIR           the lexicon directory (default: the built-in one, or $KG_DATA)\n"
    "  --max-article-bytes  larger articles are rejected (default: 16777216)\n"
    "  --quiet              no progress and no summary line on stderr\n";

int cmd_extract(const std::vector<std::string>& args) {
    if (wants_help(args)) {
        std::cout << kExtractUsage;
        return 0;
    }
    std::string out = "-", data;
    PipelineOptions options;
    options.threads = default_threads();
    bool quiet = false;
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--out") out = take_value(args, i);
        else if (a == "--lang") options.lang = take_value(args, i);
        else if (a == "--data") data = take_value(args, i);
        else if (a == "--quiet") quiet = true;
        else if (a == "--threads") options.threads = count_value(a, take_value(args, i));
        else if (a == "--max-article-bytes") options.max_article_bytes = count_value(a, take_value(args, i));
        else if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option " + a);
        else inputs.push_back(a);
    }
    if (inputs.empty()) throw UsageError("kg extract needs at least one INPUT");
    options.progress = !quiet && isatty(STDERR_FILENO);

    Normalizer norm;
    const ExtractorLoader loader(data_dir(data), norm, options.threads);
    KnowledgeGraph graph;
    BuildStats stats = run_pipeline(inputs, loader.source(), graph, options, [](const Diagnostic& d) {
        std::cerr << "kg: " << d.str() << "\n";
    });
    graph.release_index();  // extracted: writing looks no key up, and makes no new string
    release_text_table();
    const std::string text = output::to_jsonld(graph);
    if (out == "-") std::cout << text << std::flush;
    else output::write_file_atomically(out, text);
    if (!quiet) std::cerr << "kg extract: " << summary_line(stats) << "\n";
    return stats.rejected ? 1 : 0;
}

}  // namespace kg::cli
