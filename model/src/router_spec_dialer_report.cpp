// RouterSpec, the SUT's `show dialer` (OBS-08) judged against the port (AMB-46): console output
// is no protocol, but a lab certifying a DDR router reads it (the seed article ends on R1's `show
// dialer` reading "Dial reason: Callback return call"), so what it says must be what the calls
// on the port were. Counts run from the SUT's reset for the test case.
#include <algorithm>
#include <string_view>

#include "router_spec_impl.hpp"

namespace ppp::model {

namespace {

// The reason OBS-08's seed gives a server's return call.
constexpr std::string_view kReturnCallReason = "Callback return call";

}  // namespace

// A call the SUT placed, counted once in its dial string's row: a success when it connects, a
// failure when it ends unconnected ("Successes/Failures = completed/failed call attempts").
void RouterSpec::Impl::tally_dial(Call& call, bool connected) {
    if (!call.sut_allocated || call.tallied) return;
    call.tallied = true;
    DialTally& t = dial_tally[call.number];
    (connected ? t.successes : t.failures) += 1;
    t.last_ok = connected;
    t.last_placed = call.started;
    t.last_ended = now;
}

void RouterSpec::Impl::judge_dialer_report(const DialerReport& report) {
    exercise({"AMB-46"});
    auto fail = [this](const std::string& text) { violate({"AMB-46"}, "show dialer: " + text); };
    // Dial strings: every number the SUT dialled has its row with the port's counts; a row the
    // port never dialled counts nothing.
    for (const auto& [number, t] : dial_tally) {
        const DialerReport::DialString* row = nullptr;
        for (const auto& r : report.dial_strings)
            if (r.number == number) row = &r;
        const std::string counts = std::to_string(t.successes) + " successful and " + std::to_string(t.failures) + " failed";
        if (row == nullptr) {
            fail("no row for dial string " + number + ", which the SUT dialled (" + counts + " on the port)");
            continue;
        }
        if (row->successes != t.successes || row->failures != t.failures)
            fail("dial string " + number + " reads " + std::to_string(row->successes) + " successes and " +
                 std::to_string(row->failures) + " failures; the port carried " + counts + " call(s)");
        const std::string_view expected = t.last_ok ? "success" : "fail";
        if (row->last_status.compare(0, expected.size(), expected) != 0)
            fail("dial string " + number + "'s last status reads \"" + row->last_status + "\"; its last call on the port " +
                 (t.last_ok ? "connected" : "failed"));
        // Last DNIS: the time since that call, in whole seconds, somewhere between its SETUP and
        // its outcome (Cisco does not say which instant it keeps), within the reply tolerance.
        if (row->never_called) fail("dial string " + number + "'s Last DNIS reads never; the SUT dialled it " + ms(now - t.last_placed) + " ago");
        if (row->since_last_call_s) {
            const Millis since{*row->since_last_call_s * 1000};
            const Millis shortest = now - t.last_ended - pixit.tolerance.reply - Millis{1000};
            const Millis longest = now - t.last_placed + pixit.tolerance.reply;
            if (since < shortest || since > longest)
                fail("dial string " + number + "'s Last DNIS reads " + std::to_string(*row->since_last_call_s) +
                     " s ago; its last call on the port was placed " + ms(now - t.last_placed) + " and ended " +
                     ms(now - t.last_ended) + " ago");
        }
    }
    for (const auto& r : report.dial_strings)
        if (!dial_tally.count(r.number) && (r.successes != 0 || r.failures != 0))
            fail("dial string " + r.number + " reads " + std::to_string(r.successes) + " successes and " +
                 std::to_string(r.failures) + " failures; the SUT dialled it on no call of this test case");
    // The interface's counters: callback refused to unconfigured users under callback-secure (CCB-05).
    if (report.interface_section) {
        if (!report.screened_calls) fail("no \"incoming call(s) have been screened\" line");
        if (!report.rejected_for_callback) fail("no \"incoming call(s) rejected for callback\" line");
        else if (*report.rejected_for_callback != refused_callbacks)
            fail(std::to_string(*report.rejected_for_callback) + " incoming call(s) rejected for callback; the SUT refused " +
                 std::to_string(refused_callbacks) + " user(s) a callback under callback-secure (CCB-05)");
    }
    for (int n = 1; n <= profile.isdn.channels; ++n)
        if (std::none_of(report.channels.begin(), report.channels.end(), [n](const DialerReport::Channel& c) { return c.channel == n; }))
            fail("no section for BRI0:" + std::to_string(n));
    // B-channels: a call up reads `Connected to` its number (and the name the peer authenticated
    // with); none, no such line. A call that came or went within the reply tolerance may show
    // either way: the console and the port are read apart.
    for (const DialerReport::Channel& ch : report.channels) {
        if (ch.channel < 1 || ch.channel > profile.isdn.channels) continue;
        const auto changed = channel_changed.find(ch.channel);
        const bool settled = changed == channel_changed.end() || now - changed->second > pixit.tolerance.reply;
        const auto lit = links.find(ch.channel);
        const std::string where = "BRI0:" + std::to_string(ch.channel);
        // Timers: the ones the router runs with (DDR-03..06), as configured for this case.
        const auto timer = [&](const std::optional<std::int64_t>& shown, Millis runs, const char* name) {
            if (!shown) fail(where + " prints no " + name);
            else if (*shown * 1000 != runs.count())
                fail(where + " prints " + name + " " + std::to_string(*shown) + " s; the router runs with " +
                     std::to_string(runs.count() / 1000) + " s");
        };
        timer(ch.idle_s, profile.dialer.idle_timeout, "the idle timer");
        timer(ch.fast_idle_s, profile.dialer.fast_idle, "the fast idle timer");
        timer(ch.wait_for_carrier_s, profile.dialer.wait_for_carrier, "wait for carrier");
        timer(ch.re_enable_s, profile.dialer.enable_timeout, "re-enable");
        if (ch.state.empty()) fail(where + " prints no dialer state");
        if (!settled) continue;
        if (lit == links.end()) {
            if (ch.connected)
                fail(where + " reads connected to " + ch.number + " while no call is up on it");
            // OBS-08's states: no layer is up without a call up; a channel no call uses (none being
            // dialled, answered or cleared on it) is idle. What a call in progress reads is not fixed.
            const bool used = std::any_of(calls.begin(), calls.end(), [&](const auto& kc) {
                return kc.second.channel == ch.channel && kc.second.in_progress();
            });
            if (ch.state.find("layer up") != std::string::npos)
                fail(where + " reads \"" + ch.state + "\" while no call is up on it");
            else if (!used && !ch.state.empty() && ch.state != "idle")
                fail(where + " reads \"" + ch.state + "\" while no call uses it");
            continue;
        }
        if (ch.state.find("layer up") == std::string::npos)
            fail(where + " reads \"" + ch.state + "\" while a call is up on it");
        const Link& link = lit->second;
        const auto cit = calls.find(link.call_key);
        const std::string number = cit == calls.end() ? std::string() : cit->second.number;
        if (!ch.connected) {
            fail(where + " reads no connected call while the call " + (link.outgoing ? "to " : "from ") +
                 (number.empty() ? std::string("the peer") : number) + " is up on it");
            continue;
        }
        if (!number.empty() && ch.number != number)
            fail(where + " reads connected to \"" + ch.number + "\"; the call " + (link.outgoing ? "dialled " : "came from ") + number);
        if (!link.authenticated_name.empty() && ch.name != link.authenticated_name)
            fail(where + " reads connected to " + (ch.name.empty() ? std::string("no name") : "\"" + ch.name + "\"") +
                 "; the peer authenticated as " + link.authenticated_name);
        // An idle call in the Network phase (not one dropped for callback, SEQ-01) counts down to its
        // idle disconnect (DDR-03): what is left, in whole seconds, within the tolerances.
        if (profile.dialer.enabled && !link.no_ncp && !contended() && link.ipcp_sut_acked && link.ipcp_peer_acked) {
            const Millis left = idle_deadline(link) - now;
            if (!ch.time_until_disconnect_s)
                fail(where + " prints no time until disconnect for its idle call");
            else if (Millis{*ch.time_until_disconnect_s * 1000} < left - pixit.tolerance.early - Millis{1000} ||
                     Millis{*ch.time_until_disconnect_s * 1000} > left + pixit.tolerance.late)
                fail(where + " reads " + std::to_string(*ch.time_until_disconnect_s) + " s until disconnect; the idle-timeout leaves " +
                     std::to_string(left.count() / 1000) + " s");
        }
        if (!link.outgoing) continue;  // a dial reason belongs to a call the SUT placed
        const bool return_call = link.return_call && role == Role::Server;
        if (!ch.dial_reason)
            fail(where + " gives no dial reason for the call the SUT placed to " + number);
        else if (return_call && *ch.dial_reason != kReturnCallReason)
            fail(where + " gives dial reason \"" + *ch.dial_reason + "\" for the return call; OBS-08: \"" +
                 std::string(kReturnCallReason) + "\"");
        else if (!return_call && *ch.dial_reason == kReturnCallReason)
            fail(where + " gives dial reason \"" + std::string(kReturnCallReason) + "\" for a call that is no return call");
    }
}

Judgement RouterSpec::on_dialer_report(Millis now, const DialerReport& report) {
    Judgement j = advance_to(now);  // what fell due before the read is judged first
    impl_->cur = &j;
    impl_->judge_dialer_report(report);
    impl_->cur = nullptr;
    return j;
}

}  // namespace ppp::model
