#include "ppp/wire/auth.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include <openssl/evp.h>

#include "codec_util.hpp"

namespace ppp::wire {

namespace {

using detail::error;

// One-octet length + field; a field longer than 255 octets is cut to keep the packet well formed.
void put_counted(Bytes& b, const Bytes& field) {
    const std::size_t n = std::min<std::size_t>(field.size(), 255);
    b.push_back(static_cast<std::uint8_t>(n));
    b.insert(b.end(), field.begin(), field.begin() + static_cast<std::ptrdiff_t>(n));
}

Bytes slice(const Bytes& b, std::size_t from, std::size_t to) {
    return Bytes(b.begin() + static_cast<std::ptrdiff_t>(from), b.begin() + static_cast<std::ptrdiff_t>(to));
}

// Reads `Len(1) Field(Len)` at `pos` without passing `end` (the packet's Length).
bool read_counted(const Bytes& in, std::size_t& pos, std::size_t end, Bytes& field) {
    if (pos >= end) return false;
    const std::size_t n = in[pos];
    if (n > end - pos - 1) return false;
    field = slice(in, pos + 1, pos + 1 + n);
    pos += 1 + n;
    return true;
}

std::string abbreviated_hex(const Bytes& value) {
    if (value.size() <= 4) return detail::compact_hex(value);
    return detail::compact_hex(Bytes(value.begin(), value.begin() + 4)) + "...";
}

}  // namespace

// ------------------------------------------------------------------------------------------ PAP

bool operator==(const PapPacket& a, const PapPacket& b) {
    if (a.code != b.code || a.identifier != b.identifier || a.padding != b.padding || a.data != b.data) {
        return false;
    }
    switch (a.code) {
    case 1: return a.peer_id == b.peer_id && a.password == b.password;
    case 2: case 3: return a.message == b.message;
    default: return true;
    }
}

Bytes encode_pap(const PapPacket& p) {
    Bytes b = detail::start_header(p.code, p.identifier,
                                   p.peer_id.size() + p.password.size() + p.message.size() + p.data.size() + 2);
    switch (p.code) {
    case 1:
        put_counted(b, p.peer_id);
        put_counted(b, p.password);
        break;
    case 2: case 3: put_counted(b, p.message); break;
    default: break;
    }
    detail::append(b, p.data);
    detail::finish_header(b, p.padding);
    return b;
}

Decoded<PapPacket> decode_pap(const Bytes& in) {
    auto header = detail::decode_header(in, "PAP", "PAP-01");
    if (!header) return header.error();
    const auto h = header.value();
    PapPacket p;
    p.code = h.code;
    p.identifier = h.identifier;
    std::size_t pos = 4;
    switch (h.code) {
    case 1:  // PAP-02: Peer-ID Length, Peer-ID, Passwd-Length, Password
        if (!read_counted(in, pos, h.length, p.peer_id)) {
            return error(pos, pos >= h.length ? "Authenticate-Request without Peer-ID Length"
                                              : "Peer-ID Length " + std::to_string(in[pos]) + " runs past Length " +
                                                    std::to_string(h.length),
                         "PAP-02");
        }
        if (!read_counted(in, pos, h.length, p.password)) {
            return error(pos, pos >= h.length ? "Authenticate-Request without Passwd-Length"
                                              : "Passwd-Length " + std::to_string(in[pos]) + " runs past Length " +
                                                    std::to_string(h.length),
                         "PAP-02");
        }
        break;
    case 2: case 3:  // PAP-03: Msg-Length, Message
        if (!read_counted(in, pos, h.length, p.message)) {
            return error(pos, pos >= h.length ? "Authenticate-Ack/Nak without Msg-Length"
                                              : "Msg-Length " + std::to_string(in[pos]) + " runs past Length " +
                                                    std::to_string(h.length),
                         "PAP-03");
        }
        break;
    default: break;
    }
    p.data = slice(in, pos, h.length);  // octets inside Length after the fields, kept
    p.padding = slice(in, h.length, in.size());
    return p;
}

std::string describe(const PapPacket& p) {
    static const char* const kNames[] = {"AuthReq", "AuthAck", "AuthNak"};
    std::string s = "PAP ";
    s += p.code >= 1 && p.code <= 3 ? std::string(kNames[p.code - 1]) : "Code-" + std::to_string(p.code);
    s += " id=" + std::to_string(p.identifier);
    if (p.code == 1) {
        // DESIGN.md section 9: secrets never reach logs or reports.
        s += " peer=" + detail::quoted(p.peer_id) + " password=<redacted>";
    } else if (p.code == 2 || p.code == 3) {
        if (!p.message.empty()) s += " msg=" + detail::quoted(p.message);
    }
    if (!p.data.empty()) s += (p.code >= 1 && p.code <= 3 ? " extra=0x" : " data=0x") + detail::compact_hex(p.data);
    return s + detail::padding_note(p.padding);
}

// ----------------------------------------------------------------------------------------- CHAP

bool operator==(const ChapPacket& a, const ChapPacket& b) {
    if (a.code != b.code || a.identifier != b.identifier || a.padding != b.padding) return false;
    if (a.code == 1 || a.code == 2) return a.value == b.value && a.name == b.name;
    return a.message == b.message;
}

Bytes encode_chap(const ChapPacket& p) {
    Bytes b = detail::start_header(p.code, p.identifier, p.value.size() + p.name.size() + p.message.size() + 1);
    if (p.code == 1 || p.code == 2) {
        put_counted(b, p.value);
        detail::append(b, p.name);
    } else {
        detail::append(b, p.message);
    }
    detail::finish_header(b, p.padding);
    return b;
}

Decoded<ChapPacket> decode_chap(const Bytes& in) {
    auto header = detail::decode_header(in, "CHAP", "CHAP-01");
    if (!header) return header.error();
    const auto h = header.value();
    ChapPacket p;
    p.code = h.code;
    p.identifier = h.identifier;
    if (h.code == 1 || h.code == 2) {  // CHAP-02: Value-Size, Value, Name (rest)
        std::size_t pos = 4;
        if (!read_counted(in, pos, h.length, p.value)) {
            return error(4, pos >= h.length ? "Challenge/Response without Value-Size"
                                            : "Value-Size " + std::to_string(in[4]) + " runs past Length " +
                                                  std::to_string(h.length),
                         "CHAP-02");
        }
        p.name = slice(in, pos, h.length);
    } else {
        p.message = slice(in, 4, h.length);  // CHAP-04 Message; unknown codes: the whole body
    }
    p.padding = slice(in, h.length, in.size());
    return p;
}

std::string describe(const ChapPacket& p) {
    static const char* const kNames[] = {"Challenge", "Response", "Success", "Failure"};
    std::string s = "CHAP ";
    s += p.code >= 1 && p.code <= 4 ? std::string(kNames[p.code - 1]) : "Code-" + std::to_string(p.code);
    s += " id=" + std::to_string(p.identifier);
    if (p.code == 1 || p.code == 2) {
        s += " name=" + detail::quoted(p.name) + " value=" + abbreviated_hex(p.value);
    } else if (!p.message.empty()) {
        s += (p.code <= 4 ? " msg=" + detail::quoted(p.message) : " data=" + detail::text_or_hex(p.message));
    }
    return s + detail::padding_note(p.padding);
}

std::array<std::uint8_t, 16> chap_md5_response(std::uint8_t identifier, const std::string& secret,
                                               const Bytes& challenge) {
    // CHAP-03 / RFC 1994 §2.3: MD5 over Identifier, secret, Challenge Value.
    std::array<std::uint8_t, 16> digest{};
    const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    unsigned int size = 0;
    // Fetched once: with OpenSSL 3, EVP_md5() makes every DigestInit look the provider up again
    // (a tenth of a default campaign's CHAP time). Kept for the process's life.
    static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
    const bool ok = ctx != nullptr && md5 != nullptr && EVP_DigestInit_ex(ctx.get(), md5, nullptr) == 1 &&
                    EVP_DigestUpdate(ctx.get(), &identifier, 1) == 1 &&
                    EVP_DigestUpdate(ctx.get(), secret.data(), secret.size()) == 1 &&
                    EVP_DigestUpdate(ctx.get(), challenge.data(), challenge.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) == 1;
    // A failing libcrypto (MD5 disabled by a FIPS provider) is a set-up fault, not bad input.
    if (!ok || size != digest.size()) std::abort();
    return digest;
}

}  // namespace ppp::wire
