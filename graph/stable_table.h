// StableTable: a process-wide numbered table whose entries never move, read without a lock.
//
// Owns: its entries, in chunks of 2^20 that are allocated as the table grows and never freed
// (the tables that use it live as long as the process, like the string pool).
// Input: entries appended by one writer at a time (the owner's lock). Output: entry i by number.
//   StableTable<const char*> t;  std::uint32_t i;  { std::lock_guard l(m); i = t.push(p); }
//   const char* q = t[i];  // any thread that learnt i from the writer, without the lock
// The table gives out numbers 0, 1, 2, ... in order of push; at most 2^32 entries. Reading
// entry i is safe from any thread to which the push of i happened-before (it got the number
// through a lock, a queue or an atomic with release/acquire), which is how numbers travel.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>

namespace kg {

template <typename T>
class StableTable {
public:
    StableTable() = default;
    StableTable(const StableTable&) = delete;
    StableTable& operator=(const StableTable&) = delete;
    ~StableTable() {
        for (auto& c : chunks_) delete[] c.load(std::memory_order_relaxed);
    }

    // Appends `x` and returns its number. Callers serialise push (one lock per table).
    // Throws std::length_error when 2^32 entries are taken, std::bad_alloc.
    std::uint32_t push(const T& x) {
        if (size_ == (std::uint64_t{1} << 32)) throw std::length_error("kg::StableTable: 2^32 entries");
        const auto i = static_cast<std::uint32_t>(size_);
        T* chunk = chunks_[i >> kChunkBits].load(std::memory_order_relaxed);
        if (chunk == nullptr) {
            // Left uninitialised: a chunk's pages are touched only as entries fill it.
            chunk = new T[kChunk];
            chunks_[i >> kChunkBits].store(chunk, std::memory_order_release);
        }
        chunk[i & (kChunk - 1)] = x;
        ++size_;
        return i;
    }
    // Entry `i`, which must have been pushed (see the header). Never throws.
    const T& operator[](std::uint32_t i) const noexcept {
        return chunks_[i >> kChunkBits].load(std::memory_order_acquire)[i & (kChunk - 1)];
    }
    // Entries pushed so far; read under the writers' lock.
    std::uint64_t size() const noexcept { return size_; }

private:
    static constexpr unsigned kChunkBits = 20;
    static constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;
    std::array<std::atomic<T*>, (std::size_t{1} << 32) / kChunk> chunks_{};
    std::uint64_t size_ = 0;
};

}  // namespace kg
