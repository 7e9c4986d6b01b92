#include "graph/text.h"

#include <array>
#include <memory>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <vector>

namespace kg {

namespace {

// Each string is stored as [uint32 length][bytes][NUL] in large blocks, so a short string
// costs its bytes plus five, not a heap allocation of its own; a Text points at the bytes.
// Blocks are not zeroed: memory is touched only as strings fill it.
constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
// Shards are chosen by hash: extraction threads interning at once rarely wait for each other.
constexpr std::size_t kShards = 16;

class Shard {
public:
    const char* intern(std::string_view s, std::size_t hash) {
        std::lock_guard lock(mutex_);
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const char* p = slots_[i];
            if (p == nullptr) {
                p = store(s);
                slots_[i] = p;
                ++count_;
                return p;
            }
            if (length(p) == s.size() && std::memcmp(p, s.data(), s.size()) == 0) return p;
        }
    }

    TextPoolStats stats() {
        std::lock_guard lock(mutex_);
        return {count_, reserved_ + slots_.size() * sizeof(const char*)};
    }

private:
    static std::uint32_t length(const char* p) {
        std::uint32_t n;
        std::memcpy(&n, p - sizeof n, sizeof n);
        return n;
    }

    const char* store(std::string_view s) {
        const std::size_t need = sizeof(std::uint32_t) + s.size() + 1;
        char* at;
        if (need > kBlockBytes / 4) {
            // A long string gets a block of its own, so the current block's tail is not wasted.
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(need));
            reserved_ += need;
            at = blocks_.back().get();
        } else {
            if (left_ < need) {
                blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlockBytes));
                reserved_ += kBlockBytes;
                at_ = blocks_.back().get();
                left_ = kBlockBytes;
            }
            at = at_;
            at_ += need;
            left_ -= need;
        }
        const auto n = static_cast<std::uint32_t>(s.size());
        std::memcpy(at, &n, sizeof n);
        std::memcpy(at + sizeof n, s.data(), s.size());
        at[sizeof n + s.size()] = '\0';
        return at + sizeof n;
    }

    void grow() {
        std::vector<const char*> bigger(slots_.empty() ? 1024 : slots_.size() * 2, nullptr);
        const std::size_t mask = bigger.size() - 1;
        for (const char* p : slots_) {
            if (p == nullptr) continue;
            std::size_t i = std::hash<std::string_view>()({p, length(p)}) & mask;
            while (bigger[i] != nullptr) i = (i + 1) & mask;
            bigger[i] = p;
        }
        slots_.swap(bigger);
    }

    std::mutex mutex_;
    std::vector<const char*> slots_;  // open addressing, at most half full
    std::size_t count_ = 0;
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* at_ = nullptr;
    std::size_t left_ = 0;
    std::size_t reserved_ = 0;
};

// Never destroyed: a Text may be read by a static destructor after this file's statics died.
std::array<Shard, kShards>& shards() {
    static auto* pool = new std::array<Shard, kShards>();
    return *pool;
}

// The empty string, outside the pool so that a default Text needs no lock: a zero length and
// the NUL after it.
alignas(std::uint32_t) constexpr char kEmpty[sizeof(std::uint32_t) + 1] = {};

}  // namespace

Text::Text() noexcept : p_(kEmpty + sizeof(std::uint32_t)) {}

Text::Text(std::string_view s) : p_(kEmpty + sizeof(std::uint32_t)) {
    if (s.empty()) return;
    if (s.size() >= 0xFFFFFFFFu) throw std::length_error("kg::Text: string of 4 GiB or more");
    const std::size_t h = std::hash<std::string_view>()(s);
    // The shard takes the high bits; the table inside it the low ones.
    p_ = shards()[(h >> 56) % kShards].intern(s, h);
}

std::ostream& operator<<(std::ostream& out, Text t) { return out << t.view(); }

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
