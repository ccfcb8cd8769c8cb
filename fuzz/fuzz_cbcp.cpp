// libFuzzer: decode_cbcp on arbitrary octets -> a value or an error, never a crash; an accepted
// packet re-encodes to the same octets (CbcpPacket keeps unknown parts and padding) and describes.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "ppp/wire/cbcp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_cbcp(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    ppp::fuzz::check(!describe(decoded.value()).empty(), "describe(CbcpPacket) not empty", input);
    const Bytes again = encode_cbcp(decoded.value());
    ppp::fuzz::check(again == input, "encode_cbcp(decode_cbcp(b)) == b", input, to_hex(again));
    return 0;
}
