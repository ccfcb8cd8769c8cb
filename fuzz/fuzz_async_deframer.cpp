// libFuzzer: AsyncDeframer on an arbitrary byte stream. The first octet picks the chunk size
// (1..16) and the FCS kind; the rest is fed in chunks. Properties: never a crash; the frames do
// not depend on how the stream is chunked (same as feeding it at once); every frame with a good
// FCS, re-sent with async_encode, comes out of a fresh deframer as the same octets.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_common.hpp"
#include "ppp/wire/framing.hpp"

namespace {

using namespace ppp::wire;

std::vector<RawFrame> drain(AsyncDeframer& deframer) {
    std::vector<RawFrame> frames;
    while (auto frame = deframer.next()) frames.push_back(std::move(*frame));
    return frames;
}

bool same(const RawFrame& a, const RawFrame& b) {
    return a.octets == b.octets && a.fcs_ok == b.fcs_ok && a.aborted == b.aborted && a.too_short == b.too_short;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const Bytes input(data, data + size);
    const std::size_t chunk = 1 + (data[0] & 0x0F);
    const FcsKind fcs = (data[0] & 0x10) != 0 ? FcsKind::Fcs32 : FcsKind::Fcs16;
    const std::uint32_t accm = (data[0] & 0x20) != 0 ? 0u : kDefaultAsyncAccm;
    const std::uint8_t* stream = data + 1;
    const std::size_t stream_size = size - 1;

    AsyncDeframer chunked(fcs, accm, 512);
    std::vector<RawFrame> frames;
    for (std::size_t at = 0; at < stream_size; at += chunk) {
        chunked.feed(stream + at, std::min(chunk, stream_size - at));
        for (auto& f : drain(chunked)) frames.push_back(std::move(f));
    }
    AsyncDeframer whole(fcs, accm, 512);
    whole.feed(stream, stream_size);
    const auto at_once = drain(whole);
    ppp::fuzz::check(frames.size() == at_once.size(), "frame count independent of chunking", input);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        ppp::fuzz::check(same(frames[i], at_once[i]), "frames independent of chunking", input,
                         to_hex(frames[i].octets) + " vs " + to_hex(at_once[i].octets));
    }
    ppp::fuzz::check(chunked.oversize_dropped() == whole.oversize_dropped(), "oversize count independent of chunking",
                     input);

    for (const RawFrame& frame : frames) {
        if (!frame.fcs_ok || frame.aborted || frame.too_short) continue;
        const Bytes body = frame.body(fcs);
        const Bytes wire = async_encode(body, kDefaultAsyncAccm, fcs);
        AsyncDeframer again(fcs, kDefaultAsyncAccm, 4096);
        again.feed(wire);
        const auto back = drain(again);
        ppp::fuzz::check(back.size() == 1 && back[0].fcs_ok && back[0].body(fcs) == body,
                         "async_encode(body) deframes to body", input, to_hex(wire));
    }
    return 0;
}
