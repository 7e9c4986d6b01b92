// Atomic file output: a file is either complete or not written.
//
// Owns: the temporary-file-then-rename protocol used for every output of kg, and the clean-up
// of temporary files that a killed kg left behind.
// Input: a path and the full contents. Output: the file, replaced in one rename.
//   kg::output::write_file_atomically("out/graph.jsonld", text);
// Temporary files are named "<target>.tmp.<pid>.XXXXXX" (pid: the writing process): a kill
// between staging and rename leaves one behind, and the next write of the same target into that
// folder removes it once no process with that pid runs. A concurrent kg's files are left alone.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "export/text_sink.h"

namespace kg::output {

// Writes `contents` to a temporary file beside `path`, flushes it to disk, then renames it over
// `path`, so a reader (or a crash) never sees a half-written file. Creates missing parent
// directories; first removes stale temporary files of `path` (remove_stale_temporaries). Throws
// std::runtime_error naming the path and the system's reason on failure, after removing the
// temporary file. Thread-safe for distinct paths.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// The first half of write_file_atomically: writes and flushes `contents` to a fresh temporary
// file "<path>.tmp.<pid>.XXXXXX" beside `path` (creating missing directories) and returns that
// file's name; the caller renames it into place or unlinks it. Throws std::runtime_error as
// above, leaving no file.
std::string stage_file(const std::filesystem::path& path, std::string_view contents);

// The process id in a temporary file name "<target>.tmp.<pid>.XXXXXX" when `target` is a name
// for which `is_target` holds (the six X are letters or digits, as mkstemp makes them); 0 when
// `file_name` is not such a name. Never throws.
long temporary_owner(const std::string& file_name,
                     const std::function<bool(const std::string&)>& is_target);

// Removes from `dir` (not its subfolders) the regular files named as temporary files of a
// target for which `is_target` holds, whose process no longer runs (kill(pid, 0) fails with
// ESRCH): the leftovers of a kg killed between staging and rename. A file of a running process
// (a concurrent kg, this one) and every other file is left alone. Returns the files removed, in
// sorted order. Never throws: a folder or file it cannot read or remove is left as it is.
// Thread-safe. (Pids are those of this machine's pid namespace: two containers writing into one
// shared folder are not told apart.)
std::vector<std::filesystem::path> remove_stale_temporaries(
    const std::filesystem::path& dir, const std::function<bool(const std::string&)>& is_target);

// stage_file for a text written piece by piece: the temporary file (made by stage_file, so by
// the same rules) is open for writing through sink(), and finish() flushes it to disk, closes it
// and returns its name for the caller to rename or unlink. A StagedFile destroyed before
// finish() removes its file. Throws std::runtime_error as stage_file does. One writer at a time.
//   kg::output::StagedFile f("out/graph.jsonld");
//   write_jsonld(graph, f.sink());  std::string tmp = f.finish();  ::rename(tmp, ...);
class StagedFile {
public:
    explicit StagedFile(const std::filesystem::path& path);
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    ~StagedFile();
    TextSink& sink() { return *sink_; }
    std::string finish();

private:
    std::filesystem::path path_;
    std::string tmp_;
    int fd_ = -1;
    std::unique_ptr<TextSink> sink_;
};

}  // namespace kg::output
