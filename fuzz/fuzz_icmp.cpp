// libFuzzer: decode_icmp_echo on arbitrary octets -> a value or an error, never a crash; an
// accepted echo with ICMP code 0 re-encodes to the same octets (checksum recomputed: it may be the
// other representation of a ones-complement zero).
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "ppp/wire/ipv4.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_icmp_echo(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const IcmpEcho& echo = decoded.value();
    ppp::fuzz::check(echo.type == kIcmpEchoRequest || echo.type == kIcmpEchoReply, "echo type 0 or 8", input);
    const Bytes again = encode_icmp_echo(echo);
    const auto redecoded = decode_icmp_echo(again);
    ppp::fuzz::check(redecoded.has_value() && redecoded.value() == echo, "decode(encode(decode(b))) == decode(b)",
                     input, to_hex(again));
    if (size >= 4 && input[1] == 0) {
        // Byte for byte except the checksum, which may legitimately be the other ones-complement
        // zero (FF FF where the encoder computes 00 00 or back, RFC 1624 section 3).
        ppp::fuzz::check(again.size() == input.size(), "re-encoded size", input, to_hex(again));
        Bytes patched = again;
        patched[2] = input[2];
        patched[3] = input[3];
        ppp::fuzz::check(patched == input, "encode_icmp_echo(decode_icmp_echo(b)) == b (but checksum)", input,
                         to_hex(again));
        const unsigned ours = (unsigned{again[2]} << 8) | again[3];
        const unsigned theirs = (unsigned{input[2]} << 8) | input[3];
        ppp::fuzz::check(ours == theirs || (ours ^ theirs) == 0xFFFF, "checksums differ only as +0/-0", input,
                         to_hex(again));
    }
    // Wrapped in IPv4 it must describe as a ping.
    Ipv4Packet ip;
    ip.payload = again;
    ppp::fuzz::check(!describe(ip).empty(), "describe(Ipv4Packet) not empty", input);
    return 0;
}
