// TieredVector: a growing array whose elements never move, for the graph's millions of records.
//
// Owns: its elements, in blocks of 1024, 1024, 2048, 4096, ... elements (each block as large as
// all before it), allocated as the array grows. A std::vector that grows copies every element
// into a new buffer while the old one is still held (1.5 to 2 times the array for a moment, at
// the end of a build, when memory is tightest); here nothing is copied and at most half of the
// last block is unused, whose untouched pages cost no memory.
// Input: elements appended at the end. Output: element i by number, in O(1).
//   kg::TieredVector<Node> nodes;  std::size_t i = nodes.size();  nodes.emplace_back();
//   Node& n = nodes[i];  // stays where it is while more are appended
// Not thread-safe for writing; reads of a const vector are safe from any thread.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>
#include <vector>

#include "graph/huge_pages.h"

namespace kg {

template <typename T>
class TieredVector {
public:
    TieredVector() = default;
    TieredVector(const TieredVector& other) {
        for (std::size_t i = 0; i < other.size(); ++i) emplace_back(other[i]);
    }
    TieredVector(TieredVector&& other) noexcept
        : blocks_(std::move(other.blocks_)), size_(std::exchange(other.size_, 0)) {
        other.blocks_.clear();
    }
    TieredVector& operator=(const TieredVector& other) {
        if (this != &other) {
            TieredVector copy(other);
            swap(copy);
        }
        return *this;
    }
    TieredVector& operator=(TieredVector&& other) noexcept {
        if (this != &other) {
            clear();
            blocks_.swap(other.blocks_);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ~TieredVector() { clear(); }

    void swap(TieredVector& other) noexcept {
        blocks_.swap(other.blocks_);
        std::swap(size_, other.size_);
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    // Element `i` < size(). Never throws.
    T& operator[](std::size_t i) noexcept {
        const unsigned b = block_of(i);
        return blocks_[b][i - block_start(b)];
    }
    const T& operator[](std::size_t i) const noexcept {
        const unsigned b = block_of(i);
        return blocks_[b][i - block_start(b)];
    }

    // Appends an element built from `args`; returns it. Throws what T's constructor throws and
    // std::bad_alloc, leaving the vector as it was.
    template <typename... Args>
    T& emplace_back(Args&&... args) {
        const unsigned b = block_of(size_);
        if (b == blocks_.size()) add_block(b);
        T* at = blocks_[b] + (size_ - block_start(b));
        ::new (static_cast<void*>(at)) T(std::forward<Args>(args)...);
        ++size_;
        return *at;
    }

    // Destroys every element and frees every block.
    void clear() noexcept {
        for (std::size_t i = size_; i > 0; --i) (*this)[i - 1].~T();
        for (unsigned b = 0; b < blocks_.size(); ++b)
            ::operator delete(static_cast<void*>(blocks_[b]), std::align_val_t{alignment(b)});
        blocks_.clear();
        size_ = 0;
    }

private:
    static constexpr unsigned kFirstBits = 10;  // the first two blocks hold 1024 elements each
    static constexpr std::size_t kHugePage = std::size_t{1} << 21;

    // Block 0 holds [0, 1024), block b >= 1 holds [1024 << (b - 1), 1024 << b).
    static unsigned block_of(std::size_t i) noexcept {
        return static_cast<unsigned>(std::bit_width(i >> kFirstBits));
    }
    static std::size_t block_start(unsigned b) noexcept {
        return b == 0 ? 0 : std::size_t{1} << (kFirstBits + b - 1);
    }
    static std::size_t block_size(unsigned b) noexcept {
        return b == 0 ? std::size_t{1} << kFirstBits : block_start(b);
    }
    // Blocks of 2 MiB or more start on a huge page, so that the kernel can back them with one.
    static std::size_t alignment(unsigned b) noexcept {
        return block_size(b) * sizeof(T) >= kHugePage ? kHugePage : alignof(std::max_align_t);
    }
    void add_block(unsigned b) {
        blocks_.reserve(b + 1);
        const std::size_t bytes = block_size(b) * sizeof(T);
        void* p = ::operator new(bytes, std::align_val_t{alignment(b)});
        advise_huge_pages(p, bytes);  // before its pages are touched
        blocks_.push_back(static_cast<T*>(p));
    }

    std::vector<T*> blocks_;
    std::size_t size_ = 0;
};

}  // namespace kg
