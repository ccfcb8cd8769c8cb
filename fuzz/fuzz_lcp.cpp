// libFuzzer: decode_lcp on arbitrary octets -> a value or an error, never a crash; an accepted
// packet re-encodes to the same octets (LcpPacket keeps raw options and padding) and describes.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "ppp/wire/lcp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_lcp(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const LcpPacket& packet = decoded.value();
    ppp::fuzz::check(!describe(packet).empty(), "describe(LcpPacket) not empty", input);
    for (const auto& option : packet.options) {
        ppp::fuzz::check(!describe(option).empty(), "describe(LcpOption) not empty", input);
    }
    const Bytes again = encode_lcp(packet);
    ppp::fuzz::check(again == input, "encode_lcp(decode_lcp(b)) == b", input, to_hex(again));
    return 0;
}
