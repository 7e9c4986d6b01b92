// Reading DOT text back with cgraph, for the suites that check what the DOT writer drew.
//   auto g = kg_test::read_dot(text);  CHECK(kg_test::attr(g.get(), "rankdir") == "LR");
#pragma once

#include <graphviz/cgraph.h>

#include <memory>
#include <string>

namespace kg_test {

struct GraphCloser {
    void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;

// The graph `text` describes, or null when it does not parse.
inline GraphPtr read_dot(const std::string& text) { return GraphPtr(agmemread(text.c_str())); }

// An attribute of a graph, node or edge; "<unset>" when it has none.
inline std::string attr(void* object, const char* name) {
    const char* value = agget(object, const_cast<char*>(name));
    return value == nullptr ? std::string("<unset>") : std::string(value);
}

}  // namespace kg_test
