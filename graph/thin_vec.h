// ThinVec: a vector of plain values in one heap block that also holds its size and capacity.
//
// Owns: that block. The graph keeps a few small lists per node and per edge (forms, attributes,
// merge reasons, evidence) for millions of them: a std::vector costs 24 bytes in its owner even
// when empty, a ThinVec 8 (a pointer, null when empty), and its block 8 more bytes when not.
// Input: trivially copyable values (moved with memcpy). Output: a contiguous range.
//   kg::ThinVec<int> v;  v.insert(v.end(), 3);  for (int x : v) ...
// At most 2^32 - 1 elements. Not thread-safe for writing, like std::vector.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace kg {

template <typename T>
class ThinVec {
    static_assert(std::is_trivially_copyable_v<T>, "ThinVec moves its elements with memcpy");
    static_assert(alignof(T) <= 8, "ThinVec places its elements 8 bytes into a malloc block");

public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    ThinVec() noexcept = default;
    ThinVec(const ThinVec& other) {
        if (!other.empty()) {
            reserve(other.size());
            std::memcpy(static_cast<void*>(data()), other.data(), other.size() * sizeof(T));
            head()->size = other.head()->size;
        }
    }
    ThinVec(ThinVec&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    ThinVec& operator=(const ThinVec& other) {
        if (this != &other) {
            ThinVec copy(other);
            swap(copy);
        }
        return *this;
    }
    ThinVec& operator=(ThinVec&& other) noexcept {
        if (this != &other) {
            std::free(block_);
            block_ = std::exchange(other.block_, nullptr);
        }
        return *this;
    }
    ~ThinVec() { std::free(block_); }

    void swap(ThinVec& other) noexcept { std::swap(block_, other.block_); }

    std::size_t size() const noexcept { return block_ ? head()->size : 0; }
    std::size_t capacity() const noexcept { return block_ ? head()->capacity : 0; }
    bool empty() const noexcept { return size() == 0; }
    T* data() noexcept { return block_ ? items() : nullptr; }
    const T* data() const noexcept { return block_ ? items() : nullptr; }
    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + size(); }
    const T* begin() const noexcept { return data(); }
    const T* end() const noexcept { return data() + size(); }
    T& operator[](std::size_t i) noexcept { return items()[i]; }
    const T& operator[](std::size_t i) const noexcept { return items()[i]; }

    // Room for `n` elements in all (exactly: a list that is filled once keeps no slack).
    void reserve(std::size_t n) {
        if (n <= capacity()) return;
        if (n > 0xFFFFFFFFu) throw std::length_error("kg::ThinVec: more than 2^32 - 1 elements");
        const std::uint32_t had = static_cast<std::uint32_t>(size());
        void* grown = std::realloc(block_, sizeof(Head) + n * sizeof(T));
        if (grown == nullptr) throw std::bad_alloc();
        block_ = grown;
        head()->size = had;
        head()->capacity = static_cast<std::uint32_t>(n);
    }
    // Frees the block.
    void clear() noexcept {
        std::free(block_);
        block_ = nullptr;
    }
    // Room for one more element, grown by half when full as insert() grows: after it, one
    // insert() cannot fail. Throws std::bad_alloc, std::length_error.
    void reserve_one() {
        if (size() == capacity()) reserve(grow_to(size() + 1));
    }
    // Inserts `x` before `at`; returns where it went. Grows by half when full.
    T* insert(const T* at, const T& x) {
        const T value = x;  // `x` may be an element of this vector
        const std::size_t i = static_cast<std::size_t>(at - data()), n = size();
        if (n == capacity()) reserve(grow_to(n + 1));
        T* p = items();
        std::memmove(static_cast<void*>(p + i + 1), p + i, (n - i) * sizeof(T));
        p[i] = value;
        head()->size = static_cast<std::uint32_t>(n + 1);
        return p + i;
    }
    // Appends [first, last), which must not come from this vector. Grows by half when full.
    template <typename It>
    void append(It first, It last) {
        const auto count = static_cast<std::size_t>(std::distance(first, last));
        if (count == 0) return;
        const std::size_t n = size();
        if (n + count > capacity()) reserve(n == 0 ? count : grow_to(n + count));
        T* p = items() + n;
        for (; first != last; ++first) *p++ = *first;
        head()->size = static_cast<std::uint32_t>(n + count);
    }
    // Drops the elements from `from` to the end (the block stays).
    void truncate(const T* from) noexcept {
        if (block_) head()->size = static_cast<std::uint32_t>(from - items());
    }

    friend bool operator==(const ThinVec& a, const ThinVec& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    struct Head {
        std::uint32_t size;
        std::uint32_t capacity;
    };
    static_assert(sizeof(Head) == 8);

    std::size_t grow_to(std::size_t need) const {
        return std::max(need, capacity() + capacity() / 2);
    }
    Head* head() const noexcept { return static_cast<Head*>(block_); }
    T* items() const noexcept {
        return reinterpret_cast<T*>(static_cast<char*>(block_) + sizeof(Head));
    }

    void* block_ = nullptr;
};

}  // namespace kg
