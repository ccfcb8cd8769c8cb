#pragma once
// Strict, independent XML checkers for the reports tests: xmllint (libxml2) against the project's
// schema, and Python's ElementTree (expat). Both spawned without a shell.
#include <unistd.h>

#include <optional>
#include <string>

#include "tools/subprocess.hpp"

namespace ppp::reports_test {

inline std::string junit_schema_path() { return std::string(PPP_SOURCE_DIR) + "/reports/schema/junit.xsd"; }

inline std::optional<std::string> xmllint() { return test_tools::find_in_path("xmllint"); }

inline std::optional<std::string> python3() {
    const std::string path = "/usr/bin/python3";
    if (::access(path.c_str(), X_OK) != 0) return std::nullopt;
    return path;
}

// Empty when `file` is valid against `schema` (or merely well-formed when schema is empty);
// otherwise what xmllint said.
inline std::string xmllint_complaint(const std::string& tool, const std::string& file, const std::string& schema,
                                     const test_tools::TempDir& dir) {
    std::vector<std::string> argv = {tool, "--noout", "--nonet"};
    if (!schema.empty()) {
        argv.push_back("--schema");
        argv.push_back(schema);
    }
    argv.push_back(file);
    const test_tools::RunResult r = test_tools::run_process(argv, dir);
    if (!r.spawned) return r.spawn_error;
    if (r.exit_code != 0) return "xmllint exit " + std::to_string(r.exit_code) + ": " + r.err;
    return {};
}

// Parses `file` with ElementTree and prints "<root tag> <number of testcase elements anywhere>".
inline test_tools::RunResult python_parse(const std::string& tool, const std::string& file,
                                          const test_tools::TempDir& dir) {
    static const char* const script =
        "import sys, xml.etree.ElementTree as ET\n"
        "root = ET.parse(sys.argv[1]).getroot()\n"
        "print(root.tag, len(root.findall('.//testcase')))\n";
    return test_tools::run_process({tool, "-c", script, file}, dir);
}

}  // namespace ppp::reports_test
