// Codec costs behind every lab step (DESIGN.md section 8): FCS, framing, option parsing, MD5.
#include <benchmark/benchmark.h>

#include "ppp/wire/auth.hpp"
#include "ppp/wire/fcs.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/packet.hpp"

namespace {

using ppp::wire::Bytes;

// TV-02 body: LCP Configure-Request {Magic 0x12345678, Callback op 0}, id 1.
const Bytes kTv02Body = {0xFF, 0x03, 0xC0, 0x21, 0x01, 0x01, 0x00, 0x0D, 0x05,
                         0x06, 0x12, 0x34, 0x56, 0x78, 0x0D, 0x03, 0x00};

void BM_Fcs16Over27Octets(benchmark::State& state) {
    Bytes frame(27, 0x5A);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ppp::wire::fcs16(frame.data(), frame.size()));
    }
}
BENCHMARK(BM_Fcs16Over27Octets);

void BM_Fcs32Over27Octets(benchmark::State& state) {
    Bytes frame(27, 0x5A);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ppp::wire::fcs32(frame.data(), frame.size()));
    }
}
BENCHMARK(BM_Fcs32Over27Octets);

// Encode, octet-stuff, deframe, FCS-check and parse the options: one async round trip.
void BM_AsyncFrameRoundTrip(benchmark::State& state) {
    ppp::wire::AsyncDeframer deframer;
    for (auto _ : state) {
        const Bytes wire_bytes = ppp::wire::async_encode(kTv02Body);
        deframer.feed(wire_bytes);
        auto frame = deframer.next();
        auto decoded = ppp::wire::decode_frame_body(frame->body(ppp::wire::FcsKind::Fcs16));
        benchmark::DoNotOptimize(decoded);
    }
}
BENCHMARK(BM_AsyncFrameRoundTrip);

// What a simulated B-channel carries: FCS-16 attached, no stuffing.
void BM_SyncFrameRoundTrip(benchmark::State& state) {
    for (auto _ : state) {
        const Bytes octets = ppp::wire::sync_encode(kTv02Body);
        const auto frame = ppp::wire::sync_decode(octets);
        auto decoded = ppp::wire::decode_frame_body(frame.body(ppp::wire::FcsKind::Fcs16));
        benchmark::DoNotOptimize(decoded);
    }
}
BENCHMARK(BM_SyncFrameRoundTrip);

void BM_ChapMd5Response(benchmark::State& state) {
    Bytes challenge(16);
    for (std::size_t i = 0; i < challenge.size(); ++i) challenge[i] = static_cast<std::uint8_t>(i);
    for (auto _ : state) {
        benchmark::DoNotOptimize(ppp::wire::chap_md5_response(1, "secret", challenge));
    }
}
BENCHMARK(BM_ChapMd5Response);

}  // namespace
