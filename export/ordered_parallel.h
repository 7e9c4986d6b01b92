// Ordered parallel work: pieces made by several threads, handed on one at a time in order.
//
// Owns: the small pool behind the writers that format a large graph in pieces (JSON-LD nodes a
// thousand at a time): the pieces are made concurrently, consumed in their order, so the bytes
// are those one thread would write.
// Input: a count of pieces, a thread count, make(i) and take(i, piece). Output: take called for
// i = 0, 1, ..., count - 1, in order, on the calling thread.
//   kg::output::ordered_parallel<std::string>(parts, threads,
//       [&](std::size_t i) { return format(i); }, [&](std::size_t, std::string&& s) { sink.write(s); });
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace kg::output {

// The threads that writers running side by side may keep busy making pieces, all together:
// each writer starts its own makers, and a maker holds one of these while it makes a piece.
// So two writers of two threads each keep two makers at work (not four), and when one writer
// is done the other's makers have them all. A writer's own serial part (the thread that takes
// the pieces: DOT's feed to cgraph) holds none.
class MakerBudget {
public:
    explicit MakerBudget(std::size_t makers) : free_(makers == 0 ? 1 : makers) {}
    void acquire() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return free_ > 0; });
        --free_;
    }
    void release() {
        {
            std::lock_guard lock(m_);
            ++free_;
        }
        cv_.notify_one();
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::size_t free_;
};

// Calls make(i) for every i in [0, count) on up to `threads` threads (the calling thread is one
// of them only when threads <= 1), and take(i, piece) on the calling thread in increasing i.
// At most 2 * threads pieces are made ahead of the one being taken, so memory stays bounded.
// make must be safe to call concurrently for different i. The first exception (from make, in
// piece order, or from take) stops the work and is rethrown once every thread has stopped.
// With a `budget`, each make(i) on a pool thread runs holding one of its makers.
template <typename Piece, typename Make, typename Take>
void ordered_parallel(std::size_t count, std::size_t threads, Make&& make, Take&& take,
                      MakerBudget* budget = nullptr) {
    if (threads <= 1 || count <= 1) {
        for (std::size_t i = 0; i < count; ++i) take(i, make(i));
        return;
    }
    const std::size_t ahead = 2 * threads;
    std::mutex m;
    std::condition_variable cv;
    std::map<std::size_t, std::optional<Piece>> done;  // made, not yet taken
    std::map<std::size_t, std::exception_ptr> failed;
    std::size_t next = 0;     // the next piece to hand to a maker
    std::size_t taken = 0;    // pieces taken so far
    bool stop = false;

    auto work = [&] {
        for (;;) {
            std::size_t i;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return stop || next >= count || next < taken + ahead; });
                if (stop || next >= count) return;
                i = next++;
            }
            std::optional<Piece> piece;
            std::exception_ptr error;
            if (budget) budget->acquire();
            try {
                piece.emplace(make(i));
            } catch (...) {
                error = std::current_exception();
            }
            if (budget) budget->release();
            std::lock_guard lock(m);
            if (error) failed.emplace(i, error);
            else done.emplace(i, std::move(piece));
            cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads);
    std::exception_ptr failure;
    try {
        for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
        for (std::size_t i = 0; i < count; ++i) {
            std::optional<Piece> piece;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return done.count(i) || failed.count(i); });
                if (auto f = failed.find(i); f != failed.end()) std::rethrow_exception(f->second);
                auto node = done.extract(i);
                piece = std::move(node.mapped());
            }
            take(i, std::move(*piece));
            {
                std::lock_guard lock(m);
                ++taken;
            }
            cv.notify_all();
        }
    } catch (...) {
        failure = std::current_exception();
    }
    {
        std::lock_guard lock(m);
        stop = true;
    }
    cv.notify_all();
    for (auto& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace kg::output
