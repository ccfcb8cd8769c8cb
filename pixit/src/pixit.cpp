// PIXIT loading: JSON -> Pixit with one-line errors naming the key and what is accepted.
#include "ppp/pixit/pixit.hpp"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "bundled_pixits.hpp"
#include "ppp/wire/input_text.hpp"
#include "ppp/wire/ipcp.hpp"

namespace ppp::pixit {
namespace {

using nlohmann::json;

// CHAP allows any length; a PIXIT secret longer than this is a mistake (a key file, a binary).
constexpr std::size_t kMaxSecretBytes = 1024;

std::optional<std::string> process_environment(const std::string& name) {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
}

bool visible_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// A name as IOS and the PPP packets carry it: 1..64 visible ASCII characters, no space (it is one
// word of `username NAME password SECRET` and of `dialer map ... name NAME`).
std::optional<Failure> read_name(const Obj& o, const char* key, std::string& out, bool required) {
    if (!o.has(key)) {
        if (required) return o.fail(key, "missing (a name: 1..64 visible ASCII characters, no space)");
        return std::nullopt;
    }
    PPP_TRY(o.text(key, out));
    if (out.empty() || out.size() > 64 || !visible_ascii(out))
        return o.bad(key, o.node().at(key), "a name: 1..64 visible ASCII characters, no space");
    return std::nullopt;
}

// Q.931 section 4.5.8: the number digits are IA5 characters; an ISDN directory number is digits.
std::optional<Failure> read_number(const Obj& o, const char* key, std::string& out, bool required) {
    if (!o.has(key)) {
        if (required) return o.fail(key, "missing (a directory number: 1..20 digits 0-9)");
        return std::nullopt;
    }
    PPP_TRY(o.text(key, out));
    if (out.empty() || out.size() > 20 || !std::all_of(out.begin(), out.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return o.bad(key, o.node().at(key), "a directory number: 1..20 digits 0-9");
    return std::nullopt;
}

std::optional<std::uint32_t> parse_ipv4(const std::string& text) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1) return std::nullopt;
    return ntohl(a.s_addr);
}

std::optional<Failure> read_address(const Obj& o, const char* key, std::uint32_t& out) {
    const char* accepted = "a unicast IPv4 address in dotted decimal, e.g. \"192.0.2.1\"";
    if (!o.has(key)) return o.fail(key, std::string("missing (") + accepted + ")");
    std::string text;
    PPP_TRY(o.text(key, text));
    const auto a = parse_ipv4(text);
    // 0.0.0.0/8, 127/8 (loopback), 224/4 (multicast) and above cannot be an interface address.
    if (!a || (*a >> 24) == 0 || (*a >> 24) == 127 || (*a >> 28) >= 14) return o.bad(key, o.node().at(key), accepted);
    out = *a;
    return std::nullopt;
}

std::optional<Failure> read_netmask(const Obj& o, const char* key, std::uint32_t& out) {
    const char* accepted = "a contiguous netmask from 255.0.0.0 to 255.255.255.252";
    if (!o.has(key)) return std::nullopt;
    std::string text;
    PPP_TRY(o.text(key, text));
    const auto m = parse_ipv4(text);
    const bool contiguous = m && ((~*m + 1) & ~*m) == 0;
    if (!m || !contiguous || *m < 0xFF000000u || *m > 0xFFFFFFFCu) return o.bad(key, o.node().at(key), accepted);
    out = *m;
    return std::nullopt;
}

// Exactly one of secret, secret_file, secret_env. The value is never echoed: a message names the
// key and the file or variable only.
std::optional<Failure> read_secret(const Obj& o, const SecretLookup& lookup, Secret& out) {
    const char* accepted = "exactly one of secret, secret_file, secret_env";
    const int given = int(o.has("secret")) + int(o.has("secret_file")) + int(o.has("secret_env"));
    if (given == 0) return o.fail("secret", std::string("missing (") + accepted + ")");
    if (given > 1) {
        // Name the second source the file gives, in the order the keys are listed.
        const char* second = o.has("secret") ? (o.has("secret_file") ? "secret_file" : "secret_env") : "secret_env";
        return o.fail(second, std::string("a second secret (") + accepted + ")");
    }
    const auto check = [&](const char* key, const std::string& value) -> std::optional<Failure> {
        if (value.empty()) return o.fail(key, "the secret is empty (1.." + std::to_string(kMaxSecretBytes) + " bytes)");
        if (value.size() > kMaxSecretBytes)
            return o.fail(key, "the secret is " + std::to_string(value.size()) + " bytes (1.." + std::to_string(kMaxSecretBytes) + " bytes)");
        if (value.find('\n') != std::string::npos || value.find('\0') != std::string::npos)
            return o.fail(key, "the secret holds a line break or NUL (one line of text is accepted)");
        return std::nullopt;
    };
    if (o.has("secret")) {
        if (!o.node().at("secret").is_string()) return o.fail("secret", "not a string (a string is accepted; its value is not shown)");
        out = {o.node().at("secret").get<std::string>(), "inline"};
        return check("secret", out.value);
    }
    if (o.has("secret_env")) {
        std::string name;
        PPP_TRY(o.text("secret_env", name));
        if (name.empty() || name.size() > 255 || !std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
            return o.bad("secret_env", o.node().at("secret_env"), "an environment variable name: letters, digits, _");
        const auto value = (lookup.environment ? lookup.environment : process_environment)(name);
        if (!value) return o.fail("secret_env", "the environment variable " + name + " is not set (it must hold the secret)");
        out = {*value, "environment " + name};
        return check("secret_env", out.value);
    }
    std::string path;
    PPP_TRY(o.text("secret_file", path));
    if (path.empty()) return o.bad("secret_file", o.node().at("secret_file"), "the path of a file holding the secret");
    const std::string full = (path.front() == '/' || lookup.folder.empty()) ? path : lookup.folder + "/" + path;
    struct stat st{};
    if (::stat(full.c_str(), &st) != 0) return o.fail("secret_file", wire::quote_value(full) + " cannot be read (it does not exist)");
    if (!S_ISREG(st.st_mode)) return o.fail("secret_file", wire::quote_value(full) + " is not a regular file (a file holding the secret)");
    if (static_cast<std::size_t>(st.st_size) > kMaxSecretBytes + 2)
        return o.fail("secret_file", wire::quote_value(full) + " holds " + std::to_string(st.st_size) + " bytes (a secret of 1.." +
                                         std::to_string(kMaxSecretBytes) + " bytes and one line end)");
    std::ifstream in(full, std::ios::binary);
    std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return o.fail("secret_file", wire::quote_value(full) + " cannot be read");
    // One line end, as editors and `echo` leave it, is not part of the secret.
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    out = {value, "file " + path};
    return check("secret_file", out.value);
}

std::optional<Failure> read_side(const Obj& o, const SecretLookup& lookup, Side& side) {
    PPP_TRY(read_name(o, "name", side.name, true));
    PPP_TRY(read_number(o, "number", side.number, true));
    PPP_TRY(read_address(o, "address", side.address));
    PPP_TRY(read_secret(o, lookup, side.secret));
    PPP_TRY(o.choice<Authentication>("authentication", {{"chap", Authentication::Chap}, {"pap", Authentication::Pap},
                                                        {"chap pap", Authentication::ChapPap}, {"none", Authentication::None}},
                                     side.authentication));
    return std::nullopt;
}

std::optional<Failure> read_pixit(const Obj& root, const SecretLookup& lookup, Pixit& p) {
    PPP_TRY(root.check_keys({"pixit_version", "description", "client", "server", "netmask", "isdn_switch_type", "tolerance",
                             "other_destinations"}));
    int version = 1;
    PPP_TRY(root.integer_in("pixit_version", {1}, version));
    PPP_TRY(root.text("description", p.description));

    std::optional<Obj> o;
    PPP_TRY(root.child("client", o));
    if (!o) return root.fail("client", "missing (an object: name, number, address, a secret, ...)");
    {
        const Obj& c = *o;
        PPP_TRY(c.check_keys({"name", "number", "address", "secret", "secret_file", "secret_env", "authentication",
                              "callback", "roaming_number"}));
        PPP_TRY(read_side(c, lookup, p.client));
        bool request = true;
        PPP_TRY(c.choice<bool>("callback", {{"request", true}, {"none", false}}, request));
        p.client.callback_request = request;
        PPP_TRY(read_number(c, "roaming_number", p.client.roaming_number, false));
    }
    o.reset();
    PPP_TRY(root.child("server", o));
    if (!o) return root.fail("server", "missing (an object: name, number, address, a secret, ...)");
    {
        const Obj& s = *o;
        PPP_TRY(s.check_keys({"name", "number", "address", "secret", "secret_file", "secret_env", "authentication",
                              "callback", "callback_secure", "callback_server", "callback_class", "callback_users"}));
        PPP_TRY(read_side(s, lookup, p.server));
        bool accept = true;
        PPP_TRY(s.choice<bool>("callback", {{"accept", true}, {"none", false}}, accept));
        p.server.callback_accept = accept;
        PPP_TRY(s.boolean("callback_secure", p.server.callback_secure));
        PPP_TRY(s.choice<CallbackServerMode>("callback_server", {{"username", CallbackServerMode::Username},
                                                                 {"dialstring", CallbackServerMode::Dialstring}},
                                             p.server.callback_server));
        p.server.callback_class = "CALLBACK";
        if (s.has("callback_class")) {
            PPP_TRY(s.text("callback_class", p.server.callback_class));
            const std::string& k = p.server.callback_class;
            if (k.empty() || k.size() > 64 || !std::all_of(k.begin(), k.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }))
                return s.bad("callback_class", s.node().at("callback_class"), "a map-class name: 1..64 letters, digits, _ or -");
        }
        std::optional<Obj> users;
        PPP_TRY(s.child("callback_users", users));
        if (users) {
            if (users->node().size() > 64) return s.fail("callback_users", "more than 64 users (at most 64)");
            for (auto it = users->node().begin(); it != users->node().end(); ++it) {
                const std::string& name = it.key();
                if (name.empty() || name.size() > 64 || !visible_ascii(name))
                    return users->fail(name, "not a user name (1..64 visible ASCII characters, no space)");
                std::string number;
                PPP_TRY(read_number(*users, name.c_str(), number, true));
                p.server.callback_users[name] = number;
            }
        }
    }
    PPP_TRY(read_netmask(root, "netmask", p.netmask));
    PPP_TRY(root.choice<std::string>("isdn_switch_type",
                                     {{"basic-ni", "basic-ni"}, {"basic-5ess", "basic-5ess"}, {"basic-dms100", "basic-dms100"},
                                      {"basic-net3", "basic-net3"}, {"basic-1tr6", "basic-1tr6"}, {"basic-ts013", "basic-ts013"},
                                      {"ntt", "ntt"}, {"vn3", "vn3"}, {"basic-qsig", "basic-qsig"}},
                                     p.isdn_switch_type));
    o.reset();
    PPP_TRY(root.child("tolerance", o));
    if (o) {
        PPP_TRY(o->check_keys({"early_ms", "late_ms", "reply_ms", "crossing_ms"}));
        PPP_TRY(o->millis("early_ms", 0, 60000, p.tolerance.early));
        PPP_TRY(o->millis("late_ms", 0, 60000, p.tolerance.late));
        PPP_TRY(o->millis("reply_ms", 1, 60000, p.tolerance.reply));
        PPP_TRY(o->millis("crossing_ms", 0, 1000, p.tolerance.crossing));
    }

    // Relations between the sides: the two routers are told apart by name, number and address,
    // and they share the BRI interface's subnet (their `ip address` and `dialer map ip`).
    if (p.client.name == p.server.name) return root.fail("server", "name: the same as the client's (the two routers' names differ)");
    if (p.client.number == p.server.number) return root.fail("server", "number: the same as the client's (the two routers' numbers differ)");
    if (p.client.address == p.server.address) return root.fail("server", "address: the same as the client's (the two addresses differ)");
    if ((p.client.address & p.netmask) != (p.server.address & p.netmask))
        return root.fail("server", "address: " + wire::ipv4_to_string(p.server.address) + " is not in the client's subnet " +
                                       wire::ipv4_to_string(p.client.address & p.netmask) + " (both on one BRI subnet)");
    for (const std::uint32_t a : {p.client.address, p.server.address}) {
        const std::uint32_t host = a & ~p.netmask;
        if (host == 0 || host == ~p.netmask)
            return root.fail("netmask", wire::ipv4_to_string(a) + " is the subnet's network or broadcast address (a host address)");
    }
    if (!p.client.roaming_number.empty() &&
        (p.client.roaming_number == p.client.number || p.client.roaming_number == p.server.number))
        return root.fail("client", "roaming_number: a number of its own that no dialer map binds (not a router's directory number)");
    std::vector<Obj> others;
    PPP_TRY(root.children("other_destinations", 4, others));
    for (std::size_t i = 0; i < others.size(); ++i) {
        const Obj& entry = others[i];
        OtherDestination d;
        PPP_TRY(entry.check_keys({"name", "number", "address"}));
        PPP_TRY(read_name(entry, "name", d.name, true));
        PPP_TRY(read_number(entry, "number", d.number, true));
        PPP_TRY(read_address(entry, "address", d.address));
        // DDR-02: one dialer map per next hop and number; none of them a router's own.
        const auto taken = [&](const OtherDestination& e) { return e.number == d.number || e.address == d.address || e.name == d.name; };
        if (d.number == p.client.number || d.number == p.server.number || d.address == p.client.address ||
            d.address == p.server.address || d.name == p.client.name || d.name == p.server.name ||
            std::any_of(p.other_destinations.begin(), p.other_destinations.end(), taken))
            return entry.fail("name", "\"" + d.name + "\" " + d.number + " " + wire::ipv4_to_string(d.address) +
                                      ": name, number and address must differ from both routers' and each other destination's");
        if ((d.address & p.netmask) != (p.client.address & p.netmask))
            return entry.fail("address", wire::ipv4_to_string(d.address) + " is not in the BRI subnet " +
                                         wire::ipv4_to_string(p.client.address & p.netmask) + " (a dialer map's next hop)");
        p.other_destinations.push_back(d);
    }
    return std::nullopt;
}

}  // namespace

std::vector<std::string> Pixit::secret_values() const { return {client.secret.value, server.secret.value}; }

PixitResult load_pixit(std::string_view text, std::string_view source, const SecretLookup& lookup) {
    JsonDocument document("PIXIT", source);
    if (auto f = document.parse(text)) return PixitError{f->message};
    Pixit p;
    p.source = std::string(source);
    if (auto f = read_pixit(document.root(), lookup, p)) return PixitError{f->message};
    if (auto f = document.finish()) return PixitError{f->message};
    return p;
}

const Pixit& default_pixit() {
    static const Pixit p = *bundled_pixit("default");
    return p;
}

std::optional<Pixit> bundled_pixit(std::string_view name) {
    for (const detail::BundledPixit& b : detail::bundled_pixits()) {
        if (name != b.name) continue;
        auto loaded = load_pixit(b.json, "bundled " + std::string(b.name), SecretLookup{});
        if (!loaded) return std::nullopt;  // the bundled files are tested (pixit_test.cpp)
        return loaded.value();
    }
    return std::nullopt;
}

std::vector<std::string> bundled_pixit_names() {
    std::vector<std::string> out;
    for (const detail::BundledPixit& b : detail::bundled_pixits()) out.emplace_back(b.name);
    return out;
}

std::vector<std::pair<std::string, std::string>> report_rows(const Pixit& p) {
    const auto auth = [](Authentication a) {
        switch (a) {
            case Authentication::Chap: return "chap";
            case Authentication::Pap: return "pap";
            case Authentication::ChapPap: return "chap pap";
            case Authentication::None: break;
        }
        return "none";
    };
    const auto millis = [](const std::optional<Millis>& m) { return m ? std::to_string(m->count()) : std::string("not given"); };
    std::vector<std::pair<std::string, std::string>> rows{{"source", p.source}};
    if (!p.description.empty()) rows.emplace_back("description", p.description);
    const auto side = [&](const char* prefix, const Side& s) {
        const std::string k(prefix);
        rows.emplace_back(k + ".name", s.name);
        rows.emplace_back(k + ".number", s.number);
        rows.emplace_back(k + ".address", wire::ipv4_to_string(s.address));
        rows.emplace_back(k + ".secret", "<redacted> (" + s.secret.origin + ")");
        rows.emplace_back(k + ".authentication", auth(s.authentication));
    };
    side("client", p.client);
    rows.emplace_back("client.callback", p.client.callback_request ? "request" : "none");
    if (!p.client.roaming_number.empty()) rows.emplace_back("client.roaming_number", p.client.roaming_number);
    side("server", p.server);
    rows.emplace_back("server.callback", p.server.callback_accept ? "accept" : "none");
    rows.emplace_back("server.callback_secure", p.server.callback_secure ? "true" : "false");
    rows.emplace_back("server.callback_server", p.server.callback_server == CallbackServerMode::Username ? "username" : "dialstring");
    rows.emplace_back("server.callback_class", p.server.callback_class);
    for (const auto& [user, number] : p.server.callback_users) rows.emplace_back("server.callback_users." + user, number);
    for (std::size_t i = 0; i < p.other_destinations.size(); ++i) {
        const OtherDestination& d = p.other_destinations[i];
        rows.emplace_back("other_destinations." + std::to_string(i),
                          d.name + " " + d.number + " " + wire::ipv4_to_string(d.address));
    }
    rows.emplace_back("netmask", wire::ipv4_to_string(p.netmask));
    rows.emplace_back("isdn_switch_type", p.isdn_switch_type);
    rows.emplace_back("tolerance.early_ms", millis(p.tolerance.early));
    rows.emplace_back("tolerance.late_ms", millis(p.tolerance.late));
    rows.emplace_back("tolerance.reply_ms", millis(p.tolerance.reply));
    rows.emplace_back("tolerance.crossing_ms", millis(p.tolerance.crossing));
    return rows;
}

}  // namespace ppp::pixit
