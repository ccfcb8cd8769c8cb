// libFuzzer: decode_frame_body (Address .. Padding) on arbitrary octets -> a value or an error,
// never a crash. An accepted frame's header re-encodes to the same octets; its payload, except
// IPv4 (whose codec drops options and flags), re-encodes to the Information field; describe()
// works on the frame and the payload.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "fuzz_common.hpp"
#include "ppp/wire/packet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_frame_body(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const DecodedFrame& frame = decoded.value();
    ppp::fuzz::check(!describe(frame).empty(), "describe(DecodedFrame) not empty", input);
    ppp::fuzz::check(!describe(frame.payload).empty(), "describe(PppPayload) not empty", input);
    const Bytes header_again = encode_ppp(frame.frame);
    ppp::fuzz::check(header_again == input, "encode_ppp(decode_ppp(b)) == b", input, to_hex(header_again));
    ppp::fuzz::check(payload_protocol(frame.payload) == frame.frame.protocol, "payload_protocol == frame protocol",
                     input);
    if (!std::holds_alternative<Ipv4Packet>(frame.payload)) {
        const Bytes info_again = encode_payload(frame.payload);
        ppp::fuzz::check(info_again == frame.frame.information, "encode_payload(payload) == Information", input,
                         to_hex(info_again));
    }
    return 0;
}
