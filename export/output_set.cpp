#include "export/output_set.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <set>
#include <stdexcept>
#include <thread>

#include "export/atomic_file.h"

namespace kg::output {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& what, int err) {
    throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(err));
}

}  // namespace

OutputSet::OutputSet(fs::path root) : root_(std::move(root)) {}

fs::path OutputSet::checked(const fs::path& relative) const {
    if (relative.empty() || relative.is_absolute())
        throw std::invalid_argument("output set: not a relative path: '" + relative.string() + "'");
    for (const auto& part : relative)
        if (part == "..")
            throw std::invalid_argument("output set: path leaves the output folder: '" +
                                        relative.string() + "'");
    fs::path normal = relative.lexically_normal();
    if (files_.count(normal) || streamed_.count(normal))
        throw std::invalid_argument("output set: file added twice: '" + relative.string() + "'");
    return normal;
}

void OutputSet::add(const fs::path& relative, std::string contents) {
    files_.emplace(checked(relative), std::move(contents));
}

void OutputSet::add_streamed(const fs::path& relative, std::function<void(TextSink&)> write) {
    streamed_.emplace(checked(relative), std::move(write));
}

void OutputSet::prune(const fs::path& folder, std::string prefix, std::string suffix) {
    prunes_.push_back(Prune{folder, std::move(prefix), std::move(suffix)});
}

void OutputSet::rename_last(const fs::path& relative) {
    const fs::path rel = relative.lexically_normal();
    if (!files_.count(rel) && !streamed_.count(rel))
        throw std::invalid_argument("output set: rename_last of a file not added: '" +
                                    relative.string() + "'");
    last_ = rel;
}

void OutputSet::stage_streamed(std::vector<std::pair<std::string, fs::path>>& staged) const {
    std::vector<const std::pair<const fs::path, std::function<void(TextSink&)>>*> jobs;
    for (const auto& entry : streamed_) jobs.push_back(&entry);
    std::vector<std::string> temporary(jobs.size());
    std::vector<std::exception_ptr> error(jobs.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) {
            try {
                StagedFile file(root_ / jobs[i]->first);
                jobs[i]->second(file.sink());
                temporary[i] = file.finish();
            } catch (...) {
                error[i] = std::current_exception();
            }
        }
    };
    // Each file written by a thread of its own (up to threads_), the calling thread among them.
    std::vector<std::thread> helpers;
    const std::size_t extra = std::min(threads_, jobs.size()) - (jobs.empty() ? 0 : 1);
    try {
        for (std::size_t t = 0; t < extra; ++t) helpers.emplace_back(work);
    } catch (...) {
        // No thread to spare: the calling thread writes what is left.
    }
    work();
    for (auto& t : helpers) t.join();
    // Every file written is staged (and so removed again on a failure); the first failure in
    // path order is the one reported, whichever thread met it first.
    for (std::size_t i = 0; i < jobs.size(); ++i)
        if (!temporary[i].empty()) staged.emplace_back(temporary[i], root_ / jobs[i]->first);
    for (const auto& e : error)
        if (e) std::rethrow_exception(e);
}

std::vector<fs::path> OutputSet::commit() {
    // Leftovers of killed runs go first: they may be what fills the disk.
    std::map<fs::path, std::set<std::string>> names;  // folder under the root, target names
    for (const auto& [rel, contents] : files_)
        names[rel.parent_path()].insert(rel.filename().string());
    for (const auto& [rel, write] : streamed_)
        names[rel.parent_path()].insert(rel.filename().string());
    for (const auto& p : prunes_) names[p.folder.lexically_normal()];
    for (const auto& entry : names) {
        const fs::path& folder = entry.first;
        const std::set<std::string>& in_folder = entry.second;
        remove_stale_temporaries(root_ / folder, [&](const std::string& name) {
            if (in_folder.count(name)) return true;
            for (const auto& p : prunes_)
                if (p.folder.lexically_normal() == folder && name.starts_with(p.prefix) &&
                    name.ends_with(p.suffix))
                    return true;
            return false;
        });
    }

    std::vector<std::pair<std::string, fs::path>> staged;  // temporary name, target
    try {
        for (const auto& [rel, contents] : files_) {
            const fs::path target = root_ / rel;
            staged.emplace_back(stage_file(target, contents), target);
        }
        stage_streamed(staged);
        // Renamed in path order whichever way each file was added, and last_ (when set) after
        // all others.
        const fs::path last = last_.empty() ? fs::path() : root_ / last_;
        std::sort(staged.begin(), staged.end(), [&](const auto& a, const auto& b) {
            const bool a_last = !last.empty() && a.second == last;
            const bool b_last = !last.empty() && b.second == last;
            if (a_last != b_last) return b_last;
            return a.second < b.second;
        });
    } catch (...) {
        for (const auto& [tmp, target] : staged) ::unlink(tmp.c_str());
        throw;
    }
    // Everything is on disk: from here on, each rename replaces one complete file.
    std::vector<fs::path> written;
    for (std::size_t i = 0; i < staged.size(); ++i) {
        const auto& [tmp, target] = staged[i];
        if (::rename(tmp.c_str(), target.c_str()) != 0) {
            int err = errno;
            for (std::size_t j = i; j < staged.size(); ++j) ::unlink(staged[j].first.c_str());
            fail(target, "cannot rename into place", err);
        }
        written.push_back(target);
    }
    std::sort(written.begin(), written.end());
    std::set<fs::path> mine;
    for (const auto& w : written) mine.insert(w.lexically_normal());
    for (const auto& p : prunes_) {
        std::error_code ec;
        for (fs::directory_iterator it(root_ / p.folder, ec), end; !ec && it != end;
             it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.size() < p.prefix.size() + p.suffix.size() || !name.starts_with(p.prefix) ||
                !name.ends_with(p.suffix) || mine.count(it->path().lexically_normal()))
                continue;
            std::error_code rm;
            fs::remove(it->path(), rm);
        }
    }
    files_.clear();
    streamed_.clear();
    last_.clear();
    return written;
}

}  // namespace kg::output
