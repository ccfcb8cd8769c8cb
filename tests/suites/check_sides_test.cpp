// PPP captured without direction (DLT 9, 50): which end sent each frame is told from the frames
// themselves (RFC 1661 Magic-Number and Identifiers, the roles the options set) or not at all.
// Every test asserts both halves: what is told is right, and what cannot be told is not guessed.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "command_helpers.hpp"
#include "ppp/reports/pcap_writer.hpp"
#include "ppp/suites/check.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/lcp.hpp"

namespace {
namespace wire = ppp::wire;
using ppp::suites::FrameSides;
using ppp::suites::SideClues;

constexpr std::uint32_t kSutMagic = 0x11111111;
constexpr std::uint32_t kPeerMagic = 0x22222222;

wire::Bytes lcp_frame(std::uint8_t code, std::uint8_t id, std::vector<wire::LcpOption> options, std::uint32_t magic = 0) {
    wire::LcpPacket p;
    p.code = code;
    p.identifier = id;
    p.options = std::move(options);
    p.magic = magic;
    return wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(p));
}

wire::Bytes chap_frame(std::uint8_t code, std::uint8_t id, const std::string& name) {
    wire::ChapPacket p;
    p.code = code;
    p.identifier = id;
    if (code <= 2) p.value = wire::Bytes(16, 0x5a);
    p.name.assign(name.begin(), name.end());
    return wire::encode_ppp(wire::proto::kChap, wire::encode_chap(p));
}

std::optional<bool> side_of(FrameSides& sides, const wire::Bytes& frame) {
    std::string why;
    const auto side = sides.from_sut(wire::PortMessage::b_frame(ppp::model::Millis{0}, wire::Direction::ToSut, 1,
                                                                wire::sync_encode(frame)),
                                     why);
    if (!side) {
        EXPECT_NE(why, "");
    }
    return side;
}

const wire::LcpOption kChapMd5 = wire::AuthProtocol{wire::proto::kChap, {5}};
wire::LcpOption magic(std::uint32_t value) { return wire::MagicNumber{value}; }

const wire::LcpOption kCallbackByName = wire::Callback{0, {}};

// The SUT, a callback client, is authenticated by its peer (one-way CHAP): both ends open with
// Identifier 1, the Acks are told apart by the options they repeat (RFC 1661 section 5.2).
std::vector<std::pair<wire::Bytes, bool>> one_way_chap_session() {
    return {
        {lcp_frame(1, 1, {kCallbackByName, magic(kSutMagic)}), true},
        {lcp_frame(1, 1, {kChapMd5, magic(kPeerMagic)}), false},
        {lcp_frame(2, 1, {kChapMd5, magic(kPeerMagic)}), true},
        {lcp_frame(2, 1, {kCallbackByName, magic(kSutMagic)}), false},
        {chap_frame(1, 7, "server"), false},
        {chap_frame(2, 7, "client"), true},
        {chap_frame(3, 7, ""), false},
        {lcp_frame(9, 2, {}, kSutMagic), true},
        {lcp_frame(10, 2, {}, kPeerMagic), false},
    };
}

TEST(SuitesCheckSides, TheFirstSenderTellsEveryFrameOfAOneWayChapSession) {
    FrameSides sides(SideClues{true, std::nullopt});
    for (const auto& [frame, from_sut] : one_way_chap_session()) EXPECT_EQ(side_of(sides, frame), from_sut) << wire::to_hex(frame);
}

TEST(SuitesCheckSides, TheSutsMagicNumberTellsThemWhoeverSpokeFirst) {
    FrameSides sides(SideClues{std::nullopt, kSutMagic});
    for (const auto& [frame, from_sut] : one_way_chap_session()) EXPECT_EQ(side_of(sides, frame), from_sut) << wire::to_hex(frame);
}

TEST(SuitesCheckSides, AnAckIsNotGivenToTheEndWhoseRequestWentUntold) {
    // Without a Magic-Number, the peer's Request cannot be told; the Ack of it repeats options the
    // SUT never asked for, so it is not taken as the peer's answer to the SUT's Request.
    FrameSides sides(SideClues{true, std::nullopt});
    EXPECT_EQ(side_of(sides, lcp_frame(1, 1, {wire::Mru{1500}})), true);
    EXPECT_EQ(side_of(sides, lcp_frame(1, 1, {kChapMd5})), std::nullopt);
    EXPECT_EQ(side_of(sides, lcp_frame(2, 1, {kChapMd5})), std::nullopt);
    EXPECT_EQ(side_of(sides, lcp_frame(2, 1, {wire::Mru{1500}})), false);
    // Both ends asked for an MRU with one Identifier, one request untold: a Nak of the MRU may
    // answer either (RFC 1661 section 5.3), while an Ack repeats exactly one of them.
    FrameSides twin(SideClues{true, std::nullopt});
    EXPECT_EQ(side_of(twin, lcp_frame(1, 1, {wire::Mru{1400}})), true);
    EXPECT_EQ(side_of(twin, lcp_frame(1, 1, {wire::Mru{1400}, wire::Acfc{}})), std::nullopt);
    EXPECT_EQ(side_of(twin, lcp_frame(3, 1, {wire::Mru{1500}})), std::nullopt);
    EXPECT_EQ(side_of(twin, lcp_frame(2, 1, {wire::Mru{1400}})), false);
}

TEST(SuitesCheckSides, WhenBothEndsAuthenticateOnlyAKnownNameTellsAChallenge) {
    FrameSides sides(SideClues{std::nullopt, kSutMagic});
    EXPECT_EQ(side_of(sides, lcp_frame(1, 1, {kChapMd5, magic(kSutMagic)})), true);
    EXPECT_EQ(side_of(sides, lcp_frame(1, 1, {kChapMd5, magic(kPeerMagic)})), false);
    EXPECT_EQ(side_of(sides, chap_frame(1, 3, "R1")), std::nullopt) << "either end may challenge";
    EXPECT_EQ(side_of(sides, chap_frame(2, 3, "R2")), std::nullopt) << "the challenge it answers went untold";
    // A name a told packet gave to one end tells that end's Challenge (RFC 1994 section 4.1: the
    // Name is the transmitting system's): a first link with one-way CHAP, then both ends ask.
    FrameSides named(SideClues{true, std::nullopt});
    for (const auto& [frame, from_sut] : one_way_chap_session()) EXPECT_EQ(side_of(named, frame), from_sut);
    EXPECT_EQ(side_of(named, lcp_frame(1, 2, {kChapMd5, magic(kSutMagic)})), true);
    EXPECT_EQ(side_of(named, lcp_frame(1, 2, {kChapMd5, magic(kPeerMagic)})), false);
    EXPECT_EQ(side_of(named, chap_frame(1, 20, "client")), true) << "the SUT's name since its Response";
    EXPECT_EQ(side_of(named, chap_frame(1, 21, "R3")), std::nullopt) << "a name no end was known by";
}

TEST(SuitesCheckSides, AfterAMagicNumberNakAStrangeNumberIsNoLongerTheOtherEnds) {
    // RFC 1661 section 6.4: an end Nak'd on its Magic-Number picks another; from then on a number
    // never seen may be either end's.
    FrameSides sides(SideClues{std::nullopt, kSutMagic});
    EXPECT_EQ(side_of(sides, lcp_frame(1, 1, {magic(kSutMagic)})), true);
    EXPECT_EQ(side_of(sides, lcp_frame(1, 5, {magic(kPeerMagic)})), false) << "the one number not the SUT's";
    EXPECT_EQ(side_of(sides, lcp_frame(3, 1, {magic(0x33333333)})), false);
    EXPECT_EQ(side_of(sides, lcp_frame(1, 2, {magic(0x33333333)})), std::nullopt);
}

TEST(SuitesCheckSides, AFrameThatDoesNotDecodeIsNotTold) {
    FrameSides sides(SideClues{true, std::nullopt});
    std::string why;
    EXPECT_EQ(sides.from_sut(wire::PortMessage::b_frame(ppp::model::Millis{0}, wire::Direction::ToSut, 1, {0x7e}), why),
              std::nullopt);
    EXPECT_NE(why, "");
}

// Bytes from a capture are anything: a run of arbitrary frames, real ones with octets changed among
// them, never crashes the inference, and whatever it tells holds a reason when it tells nothing.
RC_GTEST_PROP(SuitesCheckSides, AnyFramesAreToldOrNotWithoutCrashing, ()) {
    FrameSides sides(SideClues{*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<std::uint32_t>()});
    const auto session = one_way_chap_session();
    const auto count = *rc::gen::inRange(1, 30);
    for (int i = 0; i < count; ++i) {
        wire::Bytes frame = *rc::gen::arbitrary<bool>() ? *rc::gen::container<wire::Bytes>(rc::gen::arbitrary<std::uint8_t>())
                                                        : session[static_cast<std::size_t>(i) % session.size()].first;
        if (!frame.empty() && *rc::gen::arbitrary<bool>())
            frame[*rc::gen::inRange<std::size_t>(0, frame.size())] = *rc::gen::arbitrary<std::uint8_t>();
        std::string why;
        const auto side = sides.from_sut(
            wire::PortMessage::b_frame(ppp::model::Millis{i}, wire::Direction::ToSut, 1, wire::sync_encode(frame)), why);
        RC_ASSERT(side.has_value() || !why.empty());
    }
}

#ifdef PPP_CONFORM_BIN
using ppp::test::run_command;

// A DLT 9 capture of the session above, written as a capture tool would (no direction).
std::string undirected_capture(const std::string& name) {
    const std::string path = ::testing::TempDir() + name;
    ppp::reports::PcapWriter pcap;
    EXPECT_TRUE(pcap.open(path, 9));
    std::uint64_t at = 1'000'000;
    for (const auto& [frame, from_sut] : one_way_chap_session()) EXPECT_TRUE(pcap.write({at += 1000, frame}));
    EXPECT_TRUE(pcap.close());
    return path;
}

TEST(SuitesCheckCommand, PppWithoutDirectionNeedsAClueAndIsJudgedWithOne) {
    const std::string capture = undirected_capture("check-dlt9.pcap");
    std::string out;
    EXPECT_EQ(run_command("check --role client '" + capture + "'", out), 2) << out;
    EXPECT_NE(out.find("records no direction (accepted with --first-sender sut|peer or --sut-magic HEX"), std::string::npos)
        << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_EQ(run_command("check --role client --sut-magic 0x11111111 '" + capture + "'", out), 0) << out;
    EXPECT_NE(out.find("9 frames\n"), std::string::npos) << "every frame told: " << out;
    EXPECT_NE(out.find("SUT -> peer  CHAP Response id=7"), std::string::npos) << out;
    EXPECT_NE(out.find("pass    LCP-04"), std::string::npos) << out;
    EXPECT_EQ(run_command("check --role server --first-sender peer '" + capture + "'", out), 0) << out;
    EXPECT_NE(out.find("peer -> SUT  CHAP Response id=7"), std::string::npos) << "the other end judged, as the server it is: " << out;
    for (const char* bad : {"--sut-magic 0", "--sut-magic 0x123456789", "--sut-magic zz", "--first-sender both"}) {
        EXPECT_EQ(run_command(std::string("check --role client ") + bad + " '" + capture + "'", out), 2) << bad << out;
        EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    }
}

// One frame left untold leaves the PPP automata a step behind: nothing of the link fails on that
// account (only Q.931's rules would stand), it is all inconc with the frame named.
TEST(SuitesCheckCommand, AnUntoldFrameMakesTheLinksRulesInconclusiveNotFailed) {
    const std::string path = ::testing::TempDir() + "check-dlt9-untold.pcap";
    ppp::reports::PcapWriter pcap;
    ASSERT_TRUE(pcap.open(path, 9));
    std::uint64_t at = 1'000'000;
    // Both ends authenticate: the Challenges and Responses cannot be told, so authentication
    // never completes in the oracle's eyes.
    for (const auto& frame : {lcp_frame(1, 1, {kChapMd5, magic(kSutMagic)}), lcp_frame(1, 1, {kChapMd5, magic(kPeerMagic)}),
                              lcp_frame(2, 1, {kChapMd5, magic(kPeerMagic)}), lcp_frame(2, 1, {kChapMd5, magic(kSutMagic)}),
                              chap_frame(1, 3, "R1"), chap_frame(1, 4, "R2"), chap_frame(2, 4, "R1"), chap_frame(2, 3, "R2"),
                              chap_frame(3, 3, ""), chap_frame(3, 4, "")})
        ASSERT_TRUE(pcap.write({at += 1000, frame}));
    ASSERT_TRUE(pcap.close());
    std::string out;
    EXPECT_EQ(run_command("check --role client --first-sender sut '" + path + "'", out), 0) << out;
    EXPECT_NE(out.find("not judged (its sender is not told"), std::string::npos) << out;
    EXPECT_NE(out.find("inconc  LCP-04    the sender of " + path + " frame 5"), std::string::npos) << out;
    EXPECT_EQ(out.find("fail "), std::string::npos) << out;
}
#endif

}  // namespace
