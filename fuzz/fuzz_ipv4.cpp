// libFuzzer: decode_ipv4 on arbitrary octets -> a value or an error, never a crash. The codec
// keeps only what a ping needs (no options, no flags), so exact re-encoding holds for the
// datagrams it would itself send: IHL 5, flags/fragment 0, Total Length = size. Every accepted
// datagram must still re-decode to the same value.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "ppp/wire/ipv4.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_ipv4(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const Ipv4Packet& packet = decoded.value();
    ppp::fuzz::check(!describe(packet).empty(), "describe(Ipv4Packet) not empty", input);
    const Bytes again = encode_ipv4(packet);
    const auto redecoded = decode_ipv4(again);
    ppp::fuzz::check(redecoded.has_value() && redecoded.value() == packet, "decode(encode(decode(b))) == decode(b)",
                     input, to_hex(again));
    const bool canonical = size >= 20 && input[0] == 0x45 && input[6] == 0 && input[7] == 0 &&
                           ((std::size_t{input[2]} << 8) | input[3]) == size;
    if (canonical) {
        // Byte for byte except the header checksum, which may be the other ones-complement zero.
        ppp::fuzz::check(again.size() == input.size(), "re-encoded size", input, to_hex(again));
        Bytes patched = again;
        patched[10] = input[10];
        patched[11] = input[11];
        ppp::fuzz::check(patched == input, "encode_ipv4(decode_ipv4(b)) == b (but checksum)", input, to_hex(again));
        const unsigned ours = (unsigned{again[10]} << 8) | again[11];
        const unsigned theirs = (unsigned{input[10]} << 8) | input[11];
        ppp::fuzz::check(ours == theirs || (ours ^ theirs) == 0xFFFF, "checksums differ only as +0/-0", input,
                         to_hex(again));
    }
    return 0;
}
