#include "app/diagram_flags.h"

#include <charconv>

namespace kg::app {

const char* const kDiagramFlagsUsage =
    "  --around NAME      only the actors within --depth hops of NAME (any name in any script,\n"
    "                     or a node key), with the relations between them\n"
    "  --depth N          hops from --around; a hop crosses one relation or meeting (default 1)\n"
    "  --types KINDS      node types, comma-separated: "
    "person,country,place,organization,commodity\n"
    "  --relations KINDS  relations, comma-separated: metwith,export,agreement,meeting,represents\n"
    "  --max-nodes N      draw at most N actors, the best supported (default 100; 0: no cap);\n"
    "                     a note says how many were left out\n"
    "  --no-group         do not box people with the country they represent\n";

namespace {

std::string value_of(const std::vector<std::string>& args, std::size_t& i) {
    if (i + 1 >= args.size()) throw FlagError(args[i] + " needs a value");
    return args[++i];
}

bool parse_number(const std::string& text, unsigned long long& out) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end && !text.empty();
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const auto end = comma == std::string::npos ? text.size() : comma;
        if (end > start) out.push_back(text.substr(start, end - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

bool DiagramFlags::take(const std::vector<std::string>& args, std::size_t& i) {
    const std::string& a = args[i];
    unsigned long long n = 0;
    if (a == "--around") {
        around_ = value_of(args, i);
    } else if (a == "--depth") {
        const std::string v = value_of(args, i);
        if (!parse_number(v, n) || n > 20)
            throw FlagError("--depth takes a number from 0 to 20, not '" + v + "'");
        depth_ = static_cast<int>(n);
    } else if (a == "--max-nodes") {
        const std::string v = value_of(args, i);
        if (!parse_number(v, n)) throw FlagError("--max-nodes takes a number, not '" + v + "'");
        max_actors_ = static_cast<std::size_t>(n);
    } else if (a == "--types") {
        for (const auto& name : split_list(value_of(args, i))) {
            const auto kind = kind_from_name(name);
            if (!kind || !is_entity(*kind))
                throw FlagError("--types: unknown node type '" + name + "'");
            kinds_.insert(*kind);
        }
    } else if (a == "--relations") {
        static const std::set<std::string> kKinds = {"metwith", "export", "agreement", "meeting",
                                                     "represents"};
        for (const auto& name : split_list(value_of(args, i))) {
            if (!kKinds.count(name))
                throw FlagError("--relations: unknown relation '" + name + "'");
            relations_.insert(name);
        }
    } else if (a == "--no-group") {
        group_ = false;
    } else {
        return false;
    }
    return true;
}

output::DotOptions DiagramFlags::options(const KnowledgeGraph& graph,
                                         const ActorLookup& lookup) const {
    output::DotOptions o;
    o.kinds = kinds_;
    o.relations = relations_;
    o.depth = depth_;
    o.max_actors = max_actors_;
    o.group_by_country = group_;
    if (!around_.empty()) {
        const ActorMatch match = lookup.find(graph, around_);
        if (match.hits.size() != 1) throw LookupError(match.message);
        o.around = match.hits.front();
    }
    return o;
}

}  // namespace kg::app
