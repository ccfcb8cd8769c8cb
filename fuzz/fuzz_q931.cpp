// libFuzzer: decode_q931 on arbitrary octets -> a value or an error, never a crash; an accepted
// message re-encodes to the same octets (ie_order and RawIe keep order and unknown IEs) and
// describes.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "ppp/wire/q931.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_q931(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const Q931Message& message = decoded.value();
    ppp::fuzz::check(!describe(message).empty(), "describe(Q931Message) not empty", input);
    if (message.cause) ppp::fuzz::check(cause_name(message.cause->value) != nullptr, "cause_name", input);
    ppp::fuzz::check(q931_type_name(message.type) != nullptr, "q931_type_name", input);
    const Bytes again = encode_q931(message);
    ppp::fuzz::check(again == input, "encode_q931(decode_q931(b)) == b", input, to_hex(again));
    return 0;
}
