#pragma once
// Shared by the recording readers' tests: read a text or a data file through a reader, pick
// records by body type, and the accounting every reader owes (each line recognised or skipped).
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ppp/adapters/recording.hpp"

namespace recording_test {

namespace rec = ppp::adapters::recording;

struct Read {
    std::vector<rec::Record> records;
    rec::ReadStats stats;
};

template <class Reader>
Read read_text(const std::string& text, const std::string& file = "test.log") {
    std::istringstream in(text);
    Reader reader(in, file);
    Read out;
    out.records = rec::read_all(reader);
    out.stats = reader.stats();
    return out;
}

inline std::string data_file(const std::string& name) {
    std::ifstream in(std::string(PPP_TEST_DATA_DIR) + "/recordings/" + name, std::ios::binary);
    EXPECT_TRUE(in) << "missing test data " << name;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

template <class Body>
std::vector<const rec::Record*> with_body(const std::vector<rec::Record>& records) {
    std::vector<const rec::Record*> out;
    for (const auto& r : records) {
        if (std::holds_alternative<Body>(r.body)) out.push_back(&r);
    }
    return out;
}

inline bool accounted(const rec::ReadStats& s) {
    return s.lines == s.recognised + s.skipped && s.blank <= s.skipped && s.too_long <= s.skipped &&
           s.records <= s.recognised;
}

inline ppp::wire::Bytes hex(const std::string& text) { return ppp::wire::from_hex(text).value(); }

}  // namespace recording_test
