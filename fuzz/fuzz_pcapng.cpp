// libFuzzer: the pcapng block decoder walks arbitrary octets as a file reader would (block_length
// on the next kHeadBytes, then decode_block on that many) -> packets, an error or a cut tail,
// never a crash. Every length it accepts is bounded, every packet's octets lie inside their block
// and so inside the input, each step moves forward, and decoding stops at the first error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.hpp"
#include "ppp/wire/pcapng.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    const Bytes input(data, data + size);
    pcapng::Decoder decoder;
    std::size_t at = 0;
    while (size - at >= pcapng::kHeadBytes) {
        ppp::fuzz::check(decoder.offset() == at, "offset() is where the next block starts", input);
        const auto length = decoder.block_length(data + at, size - at);
        if (!length) {
            ppp::fuzz::check_error(length.error(), input);
            return 0;
        }
        const std::size_t n = length.value();
        ppp::fuzz::check(n >= pcapng::kMinBlockBytes && n <= pcapng::kMaxBlockBytes && n % 4 == 0,
                         "block length bounded, a multiple of 4", input, std::to_string(n));
        if (n > size - at) return 0;  // the file is cut inside this block
        const auto block = decoder.decode_block(data + at, n);
        if (!block) {
            ppp::fuzz::check_error(block.error(), input);
            ppp::fuzz::check(decoder.offset() == at, "a refused block does not move the offset", input);
            return 0;
        }
        ppp::fuzz::check(block.value().length == n, "decoded length is the one announced", input);
        if (const auto& packet = block.value().packet) {
            ppp::fuzz::check(packet->data_offset <= n && packet->data_size <= n - packet->data_offset,
                             "packet data inside its block", input,
                             std::to_string(packet->data_offset) + "+" + std::to_string(packet->data_size));
            ppp::fuzz::check(packet->interface_id < decoder.interfaces().size(), "packet on a described interface",
                             input);
            ppp::fuzz::check(decoder.interfaces()[packet->interface_id].linktype == packet->linktype,
                             "packet link type is its interface's", input);
        }
        ppp::fuzz::check(decoder.interfaces().size() <= pcapng::kMaxInterfaces, "interfaces bounded", input);
        at += n;
    }
    return 0;
}
