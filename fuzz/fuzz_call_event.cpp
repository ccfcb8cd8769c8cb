// libFuzzer: decode_call_event on arbitrary octets -> a value or an error, never a crash; an
// accepted event re-encodes to the same octets and describes.
#include <cstddef>
#include <cstdint>

#include "fuzz_common.hpp"
#include "ppp/wire/call_event.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const auto decoded = decode_call_event(input);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const CallEvent& event = decoded.value();
    ppp::fuzz::check(!describe(event).empty(), "describe(CallEvent) not empty", input);
    const auto again = encode_call_event(event);
    ppp::fuzz::check(again.has_value(), "encode_call_event accepts what decode_call_event returned", input);
    if (again) ppp::fuzz::check(again.value() == input, "encode_call_event(decode_call_event(b)) == b", input, to_hex(again.value()));
    return 0;
}
