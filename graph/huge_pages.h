// Huge pages for the graph's large arrays.
//
// Owns: one hint to the kernel. A million-node graph touches hundreds of MB of fresh memory
// (the vertex store, the key index, the string pool); with 4 KiB pages each first touch is a
// page fault, and in a virtual machine a fault is costly. Where transparent huge pages are
// enabled on request ("madvise"), the hint lets the kernel fault in 2 MiB at a time.
// Input: an address range. Output: none; the call changes no data and may be ignored.
//   kg::advise_huge_pages(store.data(), store.capacity() * sizeof(store[0]));
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

namespace kg {

// Asks for huge pages on the whole 2 MiB pages inside [p, p + bytes); smaller ranges and
// systems without the hint are left alone. Never fails.
inline void advise_huge_pages(const void* p, std::size_t bytes) noexcept {
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

}  // namespace kg
