#include "export/cgraph_ids.h"

#include "export/cgraph_arena.h"

#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kg::output {

namespace {

struct IdTable {
    Agraph_t* root;
    // Keyed by the graph's own copies of the names (`names`), which live until it closes.
    std::unordered_map<std::string_view, IDTYPE> ids;
    // names[id / 2 - 1]: the graph's own reference-counted copies (agstrdup), as cgraph's
    // writer looks at a name's string header to tell an HTML-like name from a plain one.
    std::vector<char*> names;
    IDTYPE next_anonymous = 1;
};

// Each callback is called from C: nothing may throw out of it. An allocation failure makes the
// map report failure, which cgraph turns into a null object.
// In an arena (cgraph_arena.h) the table goes with the arena: agclose of the root then calls
// the memory discipline's close alone, not close_table.
void* open_table(Agraph_t* root, Agdisc_t* disc) {
    auto* table = new (std::nothrow) IdTable{root, {}, {}, 1};
    if (table != nullptr && uses_arena(disc) &&
        !arena_adopt(disc, table, [](void* t) { delete static_cast<IdTable*>(t); })) {
        delete table;
        return nullptr;
    }
    return table;
}

long map_name(void* state, int, char* str, IDTYPE* id, int createflag) {
    auto* table = static_cast<IdTable*>(state);
    if (table == nullptr) return 0;
    if (str == nullptr) {
        *id = table->next_anonymous;
        table->next_anonymous += 2;
        return 1;
    }
    try {
        if (auto it = table->ids.find(std::string_view(str)); it != table->ids.end()) {
            *id = it->second;
            return 1;
        }
        if (!createflag) return 0;
        char* name = agstrdup(table->root, str);
        if (name == nullptr) return 0;
        table->names.push_back(name);
        *id = static_cast<IDTYPE>(2 * table->names.size());
        table->ids.emplace(std::string_view(name), *id);
        return 1;
    } catch (...) {
        return 0;
    }
}

// Callers may not choose IDs, as with cgraph's own discipline.
long refuse_id(void*, int, IDTYPE) { return 0; }

// A name stays in the table until the graph closes (and its string with it, freed with the
// graph's string dictionary): an object deleted and made again keeps its ID.
void keep_name(void*, int, IDTYPE) {}

char* print_id(void* state, int, IDTYPE id) {
    auto* table = static_cast<IdTable*>(state);
    if (table == nullptr || id % 2 != 0 || id == 0 || id / 2 > table->names.size()) return nullptr;
    return table->names[id / 2 - 1];
}

void close_table(void* state) { delete static_cast<IdTable*>(state); }

void register_nothing(void*, int, void*) {}

}  // namespace

Agiddisc_t kSequentialIds = {open_table, map_name,    refuse_id,       keep_name,
                             print_id,   close_table, register_nothing};

}  // namespace kg::output
