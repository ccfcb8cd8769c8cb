// What an attachment declares (DESIGN.md section 7), as runs record it in the property `attachment`.
#include <gtest/gtest.h>

#include "ppp/adapters/bench.hpp"

namespace {

using ppp::adapters::Capabilities;

TEST(AdaptersCapabilities, TheReferenceDeclaresEverythingButAConsole) {
    EXPECT_EQ(ppp::adapters::describe(ppp::adapters::make_reference_bench()->capabilities()),
              "two B-channels (synchronous), Q.931, virtual time, bad FCS, forged frames, LAN traffic, line drop, "
              "configures the SUT, show dialer");
}

TEST(AdaptersCapabilities, ALineWithoutModemControlNamesOnlyWhatItCarries) {
    Capabilities c;
    c.channels = Capabilities::Channels::AsyncLine;
    c.call_control = Capabilities::CallControl::None;
    c.time = Capabilities::Time::WallClock;
    c.lan_traffic = false;
    c.line_drop = false;
    c.configures_sut = false;
    EXPECT_EQ(ppp::adapters::describe(c), "one async line (RFC 1662), no call control, wall-clock time, bad FCS, forged frames");
    c.call_control = Capabilities::CallControl::CallEvents;
    c.console = true;
    EXPECT_EQ(ppp::adapters::describe(c),
              "one async line (RFC 1662), call events, wall-clock time, bad FCS, forged frames, console");
}

}  // namespace
