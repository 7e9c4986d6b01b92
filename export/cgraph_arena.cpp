#include "export/cgraph_arena.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

#include "export/cgraph_ids.h"

namespace kg::output {

namespace {

// Blocks of kArenaBlock bytes, handed out 16 bytes aligned; a request of more than a quarter
// block has a block of its own. Memory is zeroed, as cgraph expects of its allocator (calloc).
// Standard blocks come from the ArenaDisc's spares and go back there zeroed again: each part
// of a drawing reuses the memory the part before it warmed, not fresh pages.
class Arena {
public:
    static constexpr std::size_t kAlign = 16;

    explicit Arena(std::vector<void*>& spare) : spare_(spare) {}
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    ~Arena() {
        for (auto it = adopted_.rbegin(); it != adopted_.rend(); ++it) it->second(it->first);
        if (at_ != nullptr) used_.emplace_back(at_ - (kArenaBlock - left_), kArenaBlock - left_);
        for (auto [b, used] : used_) {
            std::memset(b, 0, used);
            spare_.push_back(b);  // room reserved when the block was taken
        }
        for (void* b : large_) std::free(b);
    }

    void* alloc(std::size_t size) {
        size = (size + kAlign - 1) & ~(kAlign - 1);
        if (size == 0) size = kAlign;
        if (size > kArenaBlock / 4) return large(size);
        if (size > left_ && !next_block()) return nullptr;
        void* p = at_;
        at_ += size;
        left_ -= size;
        return p;
    }

    void* resize(void* ptr, std::size_t old_size, std::size_t size) {
        if (ptr != nullptr && size <= old_size) return ptr;
        void* p = alloc(size);
        if (p != nullptr && ptr != nullptr) std::memcpy(p, ptr, old_size);
        return p;
    }

    bool adopt(void* object, void (*destroy)(void*)) {
        try {
            adopted_.emplace_back(object, destroy);
            return true;
        } catch (...) {
            return false;
        }
    }

private:
    bool next_block() {
        try {
            used_.reserve(used_.size() + 2);
            spare_.reserve(spare_.size() + used_.size() + 2);
        } catch (...) {
            return false;
        }
        char* b = nullptr;
        if (!spare_.empty()) {
            b = static_cast<char*>(spare_.back());
            spare_.pop_back();
        } else {
            b = static_cast<char*>(std::calloc(1, kArenaBlock));
            if (b == nullptr) return false;
        }
        if (at_ != nullptr) used_.emplace_back(at_ - (kArenaBlock - left_), kArenaBlock - left_);
        at_ = b;
        left_ = kArenaBlock;
        return true;
    }

    void* large(std::size_t size) {
        try {
            large_.reserve(large_.size() + 1);
        } catch (...) {
            return nullptr;
        }
        void* b = std::calloc(1, size);
        if (b != nullptr) large_.push_back(b);
        return b;
    }

    std::vector<void*>& spare_;
    std::vector<std::pair<char*, std::size_t>> used_;  // standard blocks done with, bytes used
    std::vector<void*> large_;
    char* at_ = nullptr;
    std::size_t left_ = 0;
    std::vector<std::pair<void*, void (*)(void*)>> adopted_;
};

}  // namespace

// cgraph calls these from C: nothing may throw out of them. A failed allocation returns null,
// which cgraph reports.
struct ArenaAccess {
    static void* open(Agdisc_t* disc) {
        auto* owner = reinterpret_cast<ArenaDisc*>(disc);
        auto* arena = new (std::nothrow) Arena(owner->spare_);
        // agopen calls the memory discipline's open first, then the ID discipline's with the
        // same disc: this is how that one finds the arena (arena_adopt).
        owner->opening_ = arena;
        return arena;
    }
};

namespace {

void* arena_open(Agdisc_t* disc) { return ArenaAccess::open(disc); }
void* arena_alloc(void* state, std::size_t size) { return static_cast<Arena*>(state)->alloc(size); }
void* arena_resize(void* state, void* ptr, std::size_t old_size, std::size_t size) {
    return static_cast<Arena*>(state)->resize(ptr, old_size, size);
}
void arena_free(void*, void*) {}
void arena_close(void* state) { delete static_cast<Arena*>(state); }

Agmemdisc_t kArenaMemory = {arena_open, arena_alloc, arena_resize, arena_free, arena_close};

}  // namespace

ArenaDisc::ArenaDisc(Agiodisc_t* io) : disc_{&kArenaMemory, &kSequentialIds, io} {}

ArenaDisc::~ArenaDisc() {
    for (void* b : spare_) std::free(b);
}

namespace {

// The record under which cgraph keeps a graph's attribute dictionaries (its attr.c).
char kDataDictRecord[] = "_AG_datadict";

void gather_dictionaries(Agraph_t* g, std::vector<Dict_t*>& out) {
    for (Agraph_t* sub = agfstsubg(g); sub != nullptr; sub = agnxtsubg(sub)) gather_dictionaries(sub, out);
    for (Dict_t* d : {g->n_seq, g->n_id, g->e_seq, g->e_id, g->g_dict}) out.push_back(d);
    if (auto* dd = reinterpret_cast<Agdatadict_t*>(aggetrec(g, kDataDictRecord, 0)))
        for (Dict_t* d : {dd->dict.n, dd->dict.e, dd->dict.g}) out.push_back(d);
}

}  // namespace

void close_graph(Agraph_t* root) {
    if (root == nullptr) return;
    if (!uses_arena(&root->clos->disc)) {
        agclose(root);
        return;
    }
    std::vector<Dict_t*> headers;
    try {
        gather_dictionaries(root, headers);
        headers.push_back(root->clos->strdict);
        for (int kind = 0; kind < 3; ++kind) {
            headers.push_back(root->clos->lookup_by_name[kind]);
            headers.push_back(root->clos->lookup_by_id[kind]);
        }
    } catch (...) {
        // No memory to list them: a few dozen bytes a dictionary stay allocated.
    }
    agclose(root);
    std::sort(headers.begin(), headers.end());
    headers.erase(std::unique(headers.begin(), headers.end()), headers.end());
    for (Dict_t* d : headers) std::free(d);  // free(nullptr) does nothing
}

bool uses_arena(const Agdisc_t* disc) { return disc != nullptr && disc->mem == &kArenaMemory; }

bool arena_adopt(Agdisc_t* disc, void* object, void (*destroy)(void*)) {
    if (!uses_arena(disc)) return false;
    auto* arena = static_cast<Arena*>(reinterpret_cast<ArenaDisc*>(disc)->opening_);
    return arena != nullptr && arena->adopt(object, destroy);
}

}  // namespace kg::output
