#pragma once
// The requirements catalog (spec/requirements.md): every row a verdict, a purpose, a named fault
// or the oracle cites, with its level and the clause of the text it comes from. The Markdown file
// is the one source; it is embedded in the harness, so a user with only the binary can look a
// row up (`ppp-conform list --requirements`), and the report's Clause column comes from it.
#include <string>
#include <string_view>
#include <vector>

namespace ppp::spec {

struct Requirement {
    std::string id;          // "LCP-05"
    std::string level;       // "M" must, "S" should, "O" optional or a profile knob, "I" informative
    std::string text;        // the requirement, as the catalog words it
    std::string clause;      // "RFC 1661 §5.1; MS-CBCP §2.3", "" where the row names none
    std::string confidence;  // "V" checked against the text, "S" secondary, "U" unverified, ""
    std::string knob;        // AMB rows: the profile knob that decides it
    std::string section;     // "2. LCP packets (LCP)"
};

// The embedded catalog, parsed once; rows in file order.
const std::vector<Requirement>& catalog();
// The row with this ID, or null.
const Requirement* find(std::string_view id);

// Parses catalog Markdown: each table row whose first cell is an ID (letters, '-', digits) is a
// requirement, read by its table's header (`| ID | Lvl | Requirement | Src |`, `| ID | Trap |
// Profile knob |`, `| ID | Implementation ... | Behaviour |`, `| ID | Channel | Observable |`).
std::vector<Requirement> parse_catalog(std::string_view markdown);

// "[1661 §4.3] [CB-DS §3] [V]" -> "RFC 1661 §4.3; draft-ietf-pppext-callback-ds-02 §3".
std::string clause_of(std::string_view sources);

}  // namespace ppp::spec
