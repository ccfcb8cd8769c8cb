// libFuzzer: synchronous framing. Input octet 0 picks the mode and FCS kind:
//   even: sync_decode(rest) -> never a crash; a good frame re-encodes (sync_encode) to `rest`;
//   odd:  the rest as a bit stream (LSB first) into bit_unstuff -> never a crash; every good
//         frame, bit-stuffed again, unstuffs to the same octets.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_common.hpp"
#include "ppp/wire/framing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ppp::wire;
    if (size == 0) return 0;
    const Bytes input(data, data + size);
    const FcsKind fcs = (data[0] & 0x02) != 0 ? FcsKind::Fcs32 : FcsKind::Fcs16;
    const Bytes rest(data + 1, data + size);
    if ((data[0] & 0x01) == 0) {
        const RawFrame frame = sync_decode(rest, fcs);
        if (frame.fcs_ok && !frame.too_short && !frame.aborted) {
            const Bytes again = sync_encode(frame.body(fcs), fcs);
            ppp::fuzz::check(again == rest, "sync_encode(sync_decode(b).body) == b", input, to_hex(again));
        }
        return 0;
    }
    std::vector<std::uint8_t> bits;
    bits.reserve(rest.size() * 8);
    for (std::uint8_t octet : rest) {
        for (int i = 0; i < 8; ++i) bits.push_back(static_cast<std::uint8_t>((octet >> i) & 1));
    }
    for (const RawFrame& frame : bit_unstuff(bits, fcs)) {
        if (!frame.fcs_ok || frame.aborted || frame.too_short) continue;
        const auto back = bit_unstuff(bit_stuff(frame.octets), fcs);
        ppp::fuzz::check(back.size() == 1 && back[0].octets == frame.octets && back[0].fcs_ok,
                         "bit_unstuff(bit_stuff(frame)) == frame", input, to_hex(frame.octets));
    }
    return 0;
}
