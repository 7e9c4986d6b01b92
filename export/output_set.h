// Output sets: several files that appear together or not at all.
//
// Owns: the stage-everything-then-rename protocol for outputs made of several files (the
// Neo4j CSV folder, or graph.jsonld beside graph.dot), built on the same temporary-file rules
// as write_file_atomically.
// Input: relative paths and their full contents. Output: the files under one directory.
//   kg::output::OutputSet set("out");
//   set.add("graph.jsonld", text);  set.add("neo4j/nodes_Person.csv", csv);  set.commit();
// Every file is written and flushed to a temporary name first; only when all of them are on
// disk are they renamed into place, so a failed write leaves the previous files untouched.
// A kill during the renames leaves each file whole, the previous or the new version; the
// renames run in sorted path order except for the file named by rename_last, which goes last.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "export/text_sink.h"

namespace kg::output {

class OutputSet {
public:
    explicit OutputSet(std::filesystem::path root);

    // Adds a file at `relative` under the root. Throws std::invalid_argument when the path is
    // absolute, climbs out of the root ("..") or was already added.
    void add(const std::filesystem::path& relative, std::string contents);
    // The same for a file whose text `write` streams into its temporary file during commit(), so
    // that the whole text is never in memory. Exceptions from `write` fail the commit as a
    // failed write does.
    void add_streamed(const std::filesystem::path& relative,
                      std::function<void(TextSink&)> write);

    // Deletes, after a successful commit, files in `folder` (relative to the root) whose names
    // start with `prefix` and end with `suffix` and that this set did not write: stale tables
    // of an earlier build (a label that no longer occurs) must not be imported with the new.
    void prune(const std::filesystem::path& folder, std::string prefix, std::string suffix);

    // How many streamed files commit() writes at once, each on a thread of its own (default 1).
    // The files' bytes and the order of the renames do not depend on it.
    void set_threads(std::size_t threads) { threads_ = threads == 0 ? 1 : threads; }

    // Makes the added file `relative` the last one commit renames: whoever finds it new knows
    // that every other file of the set is new too (kg build names graph.jsonld). Throws
    // std::invalid_argument "output set: rename_last of a file not added: 'x'".
    void rename_last(const std::filesystem::path& relative);

    // First removes the temporary files that a killed kg left beside the targets of this set
    // and of its prunes (remove_stale_temporaries: only those of processes that no longer run).
    // Then writes every file to a temporary file beside its target and flushes it, then renames
    // them all into place, then prunes. Throws std::runtime_error naming the path and the
    // system's reason; on a failure before the renames nothing visible has changed and every
    // temporary file is removed. Returns the paths written, in sorted order.
    std::vector<std::filesystem::path> commit();

private:
    struct Prune {
        std::filesystem::path folder;
        std::string prefix, suffix;
    };
    // Writes every streamed file to its temporary file, adding each written one to `staged`;
    // rethrows the first failure (in path order) after every writer has stopped.
    void stage_streamed(std::vector<std::pair<std::string, std::filesystem::path>>& staged) const;
    // `relative`, normalized, once it passed add()'s checks.
    std::filesystem::path checked(const std::filesystem::path& relative) const;

    std::filesystem::path root_;
    std::map<std::filesystem::path, std::string> files_;
    std::map<std::filesystem::path, std::function<void(TextSink&)>> streamed_;
    std::vector<Prune> prunes_;
    std::filesystem::path last_;
    std::size_t threads_ = 1;
};

}  // namespace kg::output
