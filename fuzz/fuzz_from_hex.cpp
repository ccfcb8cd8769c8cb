// libFuzzer: from_hex on arbitrary text -> octets or an error naming the offending character,
// never a crash; accepted octets print with to_hex and parse back to the same octets.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "ppp/wire/bytes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    const std::string text(data, data + size);
    const auto decoded = from_hex(text);
    if (!decoded) {
        ppp::fuzz::check_error(decoded.error(), input);
        return 0;
    }
    const std::string printed = to_hex(decoded.value());
    const auto again = from_hex(printed);
    ppp::fuzz::check(again.has_value() && again.value() == decoded.value(), "from_hex(to_hex(x)) == x", input,
                     printed);
    return 0;
}
