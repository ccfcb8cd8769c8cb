// Reading the requirements catalog's Markdown (ppp/spec/catalog.hpp).
#include "ppp/spec/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "embedded_catalog.hpp"

namespace ppp::spec {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
    return s;
}

// The cells of a table line `| a | b \| c | d |`: split at pipes not escaped, `\|` unescaped.
std::vector<std::string> cells_of(std::string_view line) {
    line = trim(line);
    if (line.empty() || line.front() != '|') return {};
    line.remove_prefix(1);
    if (!line.empty() && line.back() == '|') line.remove_suffix(1);
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
            cell += '|';
            ++i;
        } else if (line[i] == '|') {
            cells.emplace_back(trim(cell));
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    cells.emplace_back(trim(cell));
    return cells;
}

// "FR-01", "AMB-21", "ISDN-09": letters, one '-', digits.
bool is_id(std::string_view s) {
    const std::size_t dash = s.find('-');
    if (dash == 0 || dash == std::string_view::npos || dash + 1 == s.size()) return false;
    const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
    const auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(dash), upper) &&
           std::all_of(s.begin() + static_cast<std::ptrdiff_t>(dash) + 1, s.end(), digit);
}

// What a source tag names ("1661" is RFC 1661; the rest as the catalog's Sources line keys them).
std::string source_name(std::string_view key) {
    static const std::pair<std::string_view, std::string_view> kSources[] = {
        {"CBCP", "MS-CBCP"},
        {"CB-DS", "draft-ietf-pppext-callback-ds-02"},
        {"C-CB", "Cisco Dial Configuration Guide, Configuring PPP Callback"},
        {"C-9575", "Cisco document 9575"},
        {"C-10321", "Cisco document 10321"},
        {"C-9554", "Cisco document 9554"},
        {"C-8607", "Cisco document 8607"},
        {"C-CR", "Cisco IOS Dial Technologies Command Reference"},
        {"Q931", "ITU-T Q.931"},
        {"Q850", "ITU-T Q.850"},
    };
    for (const auto& [tag, name] : kSources) {
        if (key == tag) return std::string(name);
    }
    const bool rfc = key.size() == 4 && std::all_of(key.begin(), key.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    return rfc ? "RFC " + std::string(key) : std::string(key);
}

std::string confidence_of(std::string_view sources) {
    for (const char* tag : {"[V]", "[S]", "[U]"}) {
        if (sources.find(tag) != std::string_view::npos) return std::string(1, tag[1]);
    }
    return "";
}

}  // namespace

std::string clause_of(std::string_view sources) {
    std::string out;
    std::size_t at = 0;
    while ((at = sources.find('[', at)) != std::string_view::npos) {
        const std::size_t end = sources.find(']', at);
        if (end == std::string_view::npos) break;
        const std::string_view inside = trim(sources.substr(at + 1, end - at - 1));
        at = end + 1;
        if (inside == "V" || inside == "S" || inside == "U" || inside.empty()) continue;  // confidence marks
        const std::size_t space = inside.find(' ');
        std::string named = source_name(inside.substr(0, space));
        if (space != std::string_view::npos) named += " " + std::string(trim(inside.substr(space + 1)));
        out += (out.empty() ? "" : "; ") + named;
    }
    return out;
}

std::vector<Requirement> parse_catalog(std::string_view markdown) {
    std::vector<Requirement> rows;
    std::string section;
    std::vector<std::string> header;
    std::size_t start = 0;
    while (start <= markdown.size()) {
        std::size_t end = markdown.find('\n', start);
        if (end == std::string_view::npos) end = markdown.size();
        const std::string_view line = markdown.substr(start, end - start);
        start = end + 1;
        if (line.rfind("## ", 0) == 0) {
            section = std::string(trim(line.substr(3)));
            header.clear();
            continue;
        }
        std::vector<std::string> cells = cells_of(line);
        if (cells.empty()) {
            header.clear();  // a table ends at the first line that is not a row
            continue;
        }
        if (cells[0] == "ID") {
            header = cells;
            continue;
        }
        if (!is_id(cells[0])) {
            // A separator (`|---|`) keeps the table; any other row heads a table of something else.
            if (cells[0].empty() || (cells[0][0] != '-' && cells[0][0] != ':')) header.clear();
            continue;
        }
        if (header.size() < 2) continue;
        cells.resize(std::max(cells.size(), header.size()));
        Requirement r;
        r.id = cells[0];
        r.section = section;
        const std::string& second = header[1];
        if (second == "Lvl") {  // | ID | Lvl | Requirement | Src |
            r.level = cells[1];
            r.text = cells[2];
            r.clause = clause_of(cells[3]);
            r.confidence = confidence_of(cells[3]);
        } else if (second == "Trap") {  // | ID | Trap | Profile knob |: a profile decides
            r.level = "O";
            r.text = cells[1];
            r.knob = cells[2];
            r.knob.erase(std::remove(r.knob.begin(), r.knob.end(), '`'), r.knob.end());  // Markdown code marks
            r.clause = "profile knob " + r.knob;
        } else if (second.rfind("Implementation", 0) == 0) {  // | ID | Implementation | Behaviour |
            r.level = "I";
            r.text = cells[2] + " (" + cells[1] + ")";
        } else {  // | ID | Channel | Observable |, and any table to come: informative
            r.level = "I";
            for (std::size_t i = 1; i < cells.size(); ++i) r.text += (i > 1 ? ": " : "") + cells[i];
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

const std::vector<Requirement>& catalog() {
    static const std::vector<Requirement> rows = parse_catalog(detail::embedded_catalog());
    return rows;
}

const Requirement* find(std::string_view id) {
    const auto& rows = catalog();
    const auto it = std::find_if(rows.begin(), rows.end(), [id](const Requirement& r) { return r.id == id; });
    return it == rows.end() ? nullptr : &*it;
}

}  // namespace ppp::spec
