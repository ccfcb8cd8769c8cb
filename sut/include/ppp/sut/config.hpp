#pragma once
// IOS-style configuration subset of DESIGN.md section 6, parsed into plain values.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ppp/sut/common.hpp"

namespace ppp::sut {

enum class AuthKind : std::uint8_t { Chap, Pap };
enum class CallbackServerMode : std::uint8_t { None, Username, Dialstring };  // CCB-03

struct DialerMap {  // DDR-02
    std::uint32_t next_hop = 0;
    std::string name;       // binds the authenticated peer name
    std::string map_class;  // map-class dialer NAME
    bool broadcast = false;
    std::string number;
};

struct MapClass {
    std::string name;
    CallbackServerMode callback_server = CallbackServerMode::None;
};

struct DialerList {
    bool ip_permit = false;  // `dialer-list N protocol ip permit|deny`
};

struct InterfaceConfig {
    std::string name = "BRI0";
    std::uint32_t ip_address = 0;
    std::uint32_t ip_mask = 0;
    bool encapsulation_ppp = false;
    std::vector<DialerMap> dialer_maps;
    std::optional<int> dialer_group;
    std::string isdn_switch_type;
    bool callback_request = false;  // CCB-01
    bool callback_accept = false;   // CCB-02
    std::vector<AuthKind> authentication;  // order of preference (PAP-04: CHAP first if both)
    bool auth_callin = false;       // AUTH-01: challenge on incoming calls only
    bool callback_secure = false;   // CCB-05
    Millis idle_timeout{120000};    // DDR-03
    Millis fast_idle{20000};        // DDR-04
    Millis wait_for_carrier{30000}; // DDR-05
    Millis enable_timeout{15000};   // DDR-06
    int hold_queue = 0;             // DDR-07: 0 = no hold queue (default none)
    std::optional<Millis> hold_queue_timeout;
};

struct RouterConfig {
    std::map<std::string, std::string> usernames;  // username -> password
    InterfaceConfig bri;
    std::map<std::string, MapClass> map_classes;
    std::map<int, DialerList> dialer_lists;

    const MapClass* find_class(const std::string& name) const;
    const DialerMap* map_for_name(const std::string& name) const;
    const DialerMap* map_for_next_hop(std::uint32_t address) const;
    const DialerMap* map_for_number(const std::string& number) const;
    std::optional<std::string> secret(const std::string& user) const;
};

struct ConfigError {
    int line = 0;          // 1-based; 0 when the configuration as a whole lacks something
    // The offending line with its secrets redacted, or empty when the line is not shown: a line
    // that starts with no command of this subset may come from a file that is no configuration
    // at all (`config /etc/passwd`), and DESIGN.md section 9 forbids echoing such a file.
    std::string text;
    std::string expected;  // what was accepted there
    // "line 7: 'dialer idle-timeout x': expected dialer idle-timeout SECONDS (1..2147483)", the
    // line escaped and cut by wire::quote_value; one line whatever the input.
    std::string to_string() const;
};

struct ConfigResult {
    std::optional<RouterConfig> config;
    std::optional<ConfigError> error;
    bool ok() const { return config.has_value(); }
};

// Never throws: any unknown or malformed line gives a ConfigError. Accepts CRLF or CR line ends
// and a leading UTF-8 byte-order mark, as editors leave them.
ConfigResult parse_config(std::string_view text);

// The line as it may appear in a message (DESIGN.md section 9): everything after the first
// `password` or `secret` (any case, even inside a word) becomes `<redacted>`, so neither
// `password 0 CCIE` nor `password 7 0822455D0A16` nor `passwordCCIE` shows the secret.
std::string redact_secrets(std::string_view line);

}  // namespace ppp::sut
