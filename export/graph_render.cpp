#include "export/graph_render.h"

#include <graphviz/gvc.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "export/cgraph_ids.h"
#include "export/cgraph_lock.h"

namespace kg::output {

namespace {

// One context for the process, made on first use and never freed: Graphviz 2.42's Pango
// plugin keeps a pointer into the font cache of the context it last measured text for, so a
// context freed and made again reads freed memory (AddressSanitizer shows it). The plugins it
// loads stay loaded anyway.
GVC_t* context() {
    static GVC_t* const gvc = gvContext();
    return gvc;
}
struct GraphCloser {
    void operator()(Agraph_t* g) const { agclose(g); }
};

// Cairo for the bitmaps and PDF: its Pango text layout shapes every script the labels hold.
// SVG comes from Graphviz's own writer, whose text the browser shapes.
const char* renderer_of(ImageFormat format) {
    switch (format) {
    case ImageFormat::Svg:
        return "svg";
    case ImageFormat::Png:
        return "png:cairo";
    case ImageFormat::Pdf:
        return "pdf:cairo";
    }
    return "svg";
}

// agread's channel: the DOT text, handed out in the chunks the parser asks for.
struct Source {
    const std::string& text;
    std::size_t at = 0;
};

int read_chunk(void* chan, char* buf, int bufsize) {
    auto* source = static_cast<Source*>(chan);
    const std::size_t n =
        std::min<std::size_t>(static_cast<std::size_t>(bufsize), source->text.size() - source->at);
    std::copy_n(source->text.data() + source->at, n, buf);
    source->at += n;
    return static_cast<int>(n);
}

// Graphviz's messages during one render (under the lock), for the exception instead of stderr.
std::string graphviz_messages;

int collect_message(char* message) {
    try {
        graphviz_messages += message;
    } catch (...) {
    }
    return 0;
}

// Graphviz's own words, on one line: "syntax error in line 1 near '->'".
std::string messages_said() {
    std::string out;
    for (char c : graphviz_messages) out += (c == '\n' ? ' ' : c);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.starts_with("Error: ")) out.erase(0, 7);
    return out.empty() ? out : ": " + out;
}

int write_nothing(void*, const char*) { return 0; }
int flush_nothing(void*) { return 0; }

}  // namespace

std::optional<ImageFormat> image_format_from_name(std::string_view name) {
    if (name == "svg") return ImageFormat::Svg;
    if (name == "png") return ImageFormat::Png;
    if (name == "pdf") return ImageFormat::Pdf;
    return std::nullopt;
}

std::string render(const std::string& dot, ImageFormat format) {
    const std::lock_guard<std::mutex> lock(cgraph_mutex());
    graphviz_messages.clear();
    const agusererrf previous = agseterrf(collect_message);
    struct Restore {
        agusererrf previous;
        ~Restore() { agseterrf(previous); }
    } restore{previous};
    GVC_t* gvc = context();
    if (gvc == nullptr)
        throw std::runtime_error("render: Graphviz could not start (gvContext failed)");
    // Read with IDs in creation order, so clusters are drawn in the order the DOT lists them.
    Source source{dot};
    Agiodisc_t io{read_chunk, write_nothing, flush_nothing};
    Agdisc_t disc{&AgMemDisc, &kSequentialIds, &io};
    agreadline(0);
    std::unique_ptr<Agraph_t, GraphCloser> g(agread(&source, &disc));
    if (!g) throw std::runtime_error("render: the DOT text does not parse" + messages_said());
    if (gvLayout(gvc, g.get(), "dot") != 0)
        throw std::runtime_error("render: Graphviz could not lay the graph out" + messages_said());
    char* data = nullptr;
    unsigned int length = 0;
    const int rc = gvRenderData(gvc, g.get(), renderer_of(format), &data, &length);
    std::string out;
    if (rc == 0 && data != nullptr) out.assign(data, length);
    gvFreeRenderData(data);
    gvFreeLayout(gvc, g.get());
    if (rc != 0 || out.empty())
        throw std::runtime_error(std::string("render: Graphviz has no renderer for ") +
                                 renderer_of(format) + " (is its cairo plugin installed?)");
    return out;
}

}  // namespace kg::output
