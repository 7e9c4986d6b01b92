#include "graph/text.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "graph/stable_table.h"

namespace kg {

namespace {

// Each string is stored as [uint32 number][uint32 length][bytes][NUL] in large blocks, from a
// multiple of 4 (the number is read atomically), so a short string costs its bytes plus 9 to
// 12, not a heap allocation of its own; a Text points at the bytes. The number is 0 until
// Text::number() gives it one.
// Blocks are not zeroed: memory is touched only as strings fill it.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
// Shards are chosen by hash: extraction threads interning at once rarely wait for each other.
constexpr std::size_t kShards = 16;
// A string's number and length, before its bytes.
constexpr std::size_t kHeader = 2 * sizeof(std::uint32_t);

// A slot of a shard's table: 0 when free, else where a string is (its block and the offset of
// its bytes in it, never 0: the length comes first) and 20 bits of its hash, so that a probe
// past another string is settled in the table without reading that string (a cache miss).
class Slot {
public:
    static constexpr std::size_t kOffsetBits = 20, kBlockBits = 24, kTagBits = 20;
    static_assert(kOffsetBits + kBlockBits + kTagBits == 64);

    static std::uint64_t make(std::size_t block, std::size_t offset, std::size_t hash) {
        return static_cast<std::uint64_t>(offset) | (static_cast<std::uint64_t>(block) << kOffsetBits) |
               (static_cast<std::uint64_t>(tag(hash)) << (kOffsetBits + kBlockBits));
    }
    // The hash bits above the ones that choose a shard (the top 8) and the home slot (the low).
    static std::uint32_t tag(std::size_t hash) {
        return static_cast<std::uint32_t>((hash >> 36) & ((1u << kTagBits) - 1));
    }
    static std::uint32_t tag_of(std::uint64_t slot) {
        return static_cast<std::uint32_t>(slot >> (kOffsetBits + kBlockBits));
    }
    static std::size_t block_of(std::uint64_t slot) {
        return (slot >> kOffsetBits) & ((std::uint64_t{1} << kBlockBits) - 1);
    }
    static std::size_t offset_of(std::uint64_t slot) {
        return slot & ((std::uint64_t{1} << kOffsetBits) - 1);
    }
};
static_assert(kBlockBytes <= (std::size_t{1} << Slot::kOffsetBits));

class Shard {
public:
    const char* intern(std::string_view s, std::size_t hash) {
        std::lock_guard lock(mutex_);
        if (released_) restore();
        if ((count_ + 1) * 4 > slots_.size() * 3) grow();
        const std::size_t mask = slots_.size() - 1;
        const std::uint32_t tag = Slot::tag(hash);
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) {
                const auto [p, stored] = store(s, hash);
                slots_[i] = stored;
                ++count_;
                return p;
            }
            if (Slot::tag_of(slot) != tag) continue;
            const char* p = at(slot);
            if (length(p) == s.size() && std::memcmp(p, s.data(), s.size()) == 0) return p;
        }
    }

    // `s` stored without a table entry (Text::unique): the next restore() enters it.
    const char* keep(std::string_view s, std::size_t hash) {
        std::lock_guard lock(mutex_);
        const char* p = store(s, hash).first;
        ++unlisted_;
        return p;
    }

    TextPoolStats stats() {
        std::lock_guard lock(mutex_);
        return {count_ + unlisted_, reserved_ + slots_.size() * sizeof(std::uint64_t)};
    }

    // Frees the table (the strings stay where they are) until the next intern() builds it again
    // from the blocks.
    void release() {
        std::lock_guard lock(mutex_);
        std::vector<std::uint64_t>().swap(slots_);
        released_ = true;
    }

private:
    // What a string of n bytes takes in a block: header, bytes, NUL, up to a multiple of 4.
    static std::size_t stored_bytes(std::size_t n) { return (kHeader + n + 1 + 3) & ~std::size_t{3}; }

    static std::uint32_t length(const char* p) {
        std::uint32_t n;
        std::memcpy(&n, p - sizeof n, sizeof n);
        return n;
    }

    const char* at(std::uint64_t slot) const {
        return blocks_[Slot::block_of(slot)].get() + Slot::offset_of(slot);
    }

    // The stored bytes and their slot.
    std::pair<const char*, std::uint64_t> store(std::string_view s, std::size_t hash) {
        const std::size_t need = stored_bytes(s.size());
        if (blocks_.size() >= (std::size_t{1} << Slot::kBlockBits) - 1)
            throw std::length_error("kg::Text: the string pool is full");
        char* at;
        std::size_t block;
        filled_.reserve(blocks_.size() + 1);  // so that push_back below cannot throw
        if (need > kBlockBytes / 4) {
            // A long string gets a block of its own, so the current block's tail is not wasted.
            block = blocks_.size();
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(need));
            filled_.push_back(need);
            reserved_ += need;
            at = blocks_.back().get();
        } else {
            if (left_ < need) {
                current_ = blocks_.size();
                blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockBytes));
                filled_.push_back(0);
                reserved_ += kBlockBytes;
                at_ = blocks_.back().get();
                left_ = kBlockBytes;
            }
            block = current_;
            at = at_;
            at_ += need;
            left_ -= need;
            filled_[block] += need;
        }
        const auto n = static_cast<std::uint32_t>(s.size());
        const std::uint32_t unnumbered = 0;
        std::memcpy(at, &unnumbered, sizeof unnumbered);
        std::memcpy(at + sizeof unnumbered, &n, sizeof n);
        std::memcpy(at + kHeader, s.data(), s.size());
        at[kHeader + s.size()] = '\0';
        const std::size_t offset = static_cast<std::size_t>(at - blocks_[block].get()) + kHeader;
        return {at + kHeader, Slot::make(block, offset, hash)};
    }

    // Puts `slot` of a string of hash `hash` into `table` (a power of two long, not full).
    static void place(std::vector<std::uint64_t>& table, std::uint64_t slot, std::size_t hash) {
        const std::size_t mask = table.size() - 1;
        std::size_t i = hash & mask;
        while (table[i] != 0) i = (i + 1) & mask;
        table[i] = slot;
    }

    void grow() {
        std::vector<std::uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
        for (const std::uint64_t slot : slots_) {
            if (slot == 0) continue;
            const char* p = at(slot);
            place(bigger, slot, std::hash<std::string_view>()({p, length(p)}));
        }
        slots_.swap(bigger);
    }

    // The table again, from every string in the blocks, each [number][length][bytes][NUL] from
    // a multiple of 4 up to the block's filled bytes.
    void restore() {
        // Every string in the blocks is entered, those kept by keep() too.
        count_ += unlisted_;
        unlisted_ = 0;
        std::size_t size = 1024;
        while (count_ * 4 > size * 3) size *= 2;
        std::vector<std::uint64_t> table(size, 0);
        for (std::size_t b = 0; b < blocks_.size(); ++b) {
            for (std::size_t at = 0; at < filled_[b];) {
                const char* p = blocks_[b].get() + at + kHeader;
                const std::string_view text(p, length(p));
                const std::size_t hash = std::hash<std::string_view>()(text);
                place(table, Slot::make(b, at + kHeader, hash), hash);
                at += stored_bytes(text.size());
            }
        }
        slots_.swap(table);
        released_ = false;
    }

    std::mutex mutex_;
    std::vector<std::uint64_t> slots_;  // open addressing, at most three quarters full
    std::size_t count_ = 0;     // strings in the table (or to be, when it is released)
    std::size_t unlisted_ = 0;  // strings kept by keep() since the table was last restored
    bool released_ = false;  // slots_ let go by release(): count_ and the blocks still hold
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::vector<std::size_t> filled_;  // bytes of each block that strings fill
    std::size_t current_ = 0;  // the block being filled
    char* at_ = nullptr;
    std::size_t left_ = 0;
    std::size_t reserved_ = 0;
};

// Never destroyed: a Text may be read by a static destructor after this file's statics died.
std::array<Shard, kShards>& shards() {
    static auto* pool = new std::array<Shard, kShards>();
    return *pool;
}

// The empty string, outside the pool so that a default Text needs no lock: number 0, a zero
// length and the NUL after it.
alignas(std::uint32_t) constexpr char kEmpty[kHeader + 1] = {};
constexpr const char* kEmptyBytes = kEmpty + kHeader;

// The numbered strings: entry n is the bytes of the string numbered n (entry 0, the empty one).
struct Numbers {
    std::mutex mutex;
    StableTable<const char*> table;
    Numbers() { table.push(kEmptyBytes); }
};

Numbers& numbers() {
    static auto* n = new Numbers();  // never destroyed, like the pool
    return *n;
}

// The pooled bytes of `s`: interned (`listed`: found by content, or added with a table slot)
// or kept without a slot (Text::unique).
const char* pooled(std::string_view s, bool listed) {
    if (s.empty()) return kEmptyBytes;
    if (s.size() >= 0xFFFFFFFFu) throw std::length_error("kg::Text: string of 4 GiB or more");
    const std::size_t h = std::hash<std::string_view>()(s);
    // The shard takes the high bits; the table inside it the low ones.
    Shard& shard = shards()[(h >> 56) % kShards];
    return listed ? shard.intern(s, h) : shard.keep(s, h);
}

}  // namespace

Text::Text() noexcept : p_(kEmptyBytes) {}

Text::Text(std::string_view s) : p_(pooled(s, true)) {}

Text Text::unique(std::string_view s) {
    Text t;
    t.p_ = pooled(s, false);
    return t;
}

std::uint32_t Text::number() const {
    if (p_ == kEmptyBytes) return 0;
    // The pool's bytes are writable (only the empty string's are not); a Text is a view of them.
    auto& slot = *reinterpret_cast<std::uint32_t*>(const_cast<char*>(p_) - kHeader);
    std::atomic_ref<std::uint32_t> ref(slot);
    if (const std::uint32_t n = ref.load(std::memory_order_acquire)) return n;
    Numbers& all = numbers();
    std::lock_guard lock(all.mutex);
    if (const std::uint32_t n = ref.load(std::memory_order_relaxed)) return n;
    const std::uint32_t n = all.table.push(p_);
    ref.store(n, std::memory_order_release);
    return n;
}

Text Text::numbered(std::uint32_t n) noexcept {
    Text t;
    t.p_ = numbers().table[n];
    return t;
}

std::ostream& operator<<(std::ostream& out, Text t) { return out << t.view(); }

std::ostream& operator<<(std::ostream& out, TextRef t) { return out << t.view(); }

void release_text_table() {
    for (auto& shard : shards()) shard.release();
}

TextPoolStats text_pool_stats() {
    TextPoolStats total;
    for (auto& shard : shards()) {
        const TextPoolStats s = shard.stats();
        total.strings += s.strings;
        total.bytes += s.bytes;
    }
    return total;
}

}  // namespace kg
