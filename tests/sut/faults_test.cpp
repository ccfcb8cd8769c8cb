// Every named fault of the reference router is live: the same scenario run with and without it
// shows a difference at the faulty router's port (DESIGN.md section 6, `ppp-conform selftest`).
// Each test names the symptom the harness's oracle is expected to catch.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "ppp/sut/testbed.hpp"
#include "ppp/wire/auth.hpp"
#include "ppp/wire/cbcp.hpp"
#include "ppp/wire/framing.hpp"
#include "ppp/wire/ipcp.hpp"
#include "ppp/wire/lcp.hpp"
#include "ppp/wire/q931.hpp"
#include "sut/router_options.hpp"

namespace ppp::sut {
namespace {

using namespace std::chrono_literals;
using wire::Q931Type;

std::string scenario_file(const std::string& name) {
    std::ifstream f(std::string(PPP_SOURCE_DIR) + "/suites/scenarios/callback/" + name);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

RouterConfig config_from(const std::string& text) {
    auto r = parse_config(text);
    EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
    return r.config.value_or(RouterConfig{});
}

void replace_line(std::string& text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
}

enum class Where : std::uint8_t { Server, Client };  // which router carries the fault

// One message at the faulty router's port.
struct Seen {
    Millis at;
    bool out;  // sent by the faulty router
    bool d_channel;
    int channel;
    Bytes bytes;
};

// The callback scenario (DESIGN.md section 1): R1 server 5557777, R2 client 5558888.
struct Bed {
    Testbed tb;
    std::size_t r1 = 0, r2 = 0, faulty = 0;
    std::vector<Seen> seen;
    std::function<TapDecision(Seen&)> filter;  // may drop or rewrite what reaches the faulty router

    struct Setup {
        Where where = Where::Client;
        std::string r1_config = scenario_file("r1.cfg");
        std::string r2_config = scenario_file("r2.cfg");
        std::uint8_t client_op = 0;  // 6: the client asks for CBCP
        std::string client_number;   // op 1/3 message
    };

    Bed(const Setup& s, Faults faults) {
        RouterOptions o1 = test::r1_options();
        RouterOptions o2 = test::r2_options();
        o1.seed = 11;
        o2.seed = 22;
        o2.callback_request_op = s.client_op;
        o2.callback_number = s.client_number;
        (s.where == Where::Server ? o1 : o2).faults = faults;
        r1 = tb.add_router(config_from(s.r1_config), o1);
        r2 = tb.add_router(config_from(s.r2_config), o2);
        faulty = s.where == Where::Server ? r1 : r2;
        tb.set_tap(faulty, [this](PortMessage& ev) {
            Seen m{ev.at, !ev.to_sut(), ev.d_channel(), ev.channel, ev.bytes()};
            if (!m.out && filter && filter(m).kind == TapDecision::Kind::Drop) return TapDecision::drop();
            ev.set_bytes(m.bytes);
            seen.push_back(std::move(m));
            return TapDecision::pass();
        });
    }
    Router& router() { return tb.router(faulty); }
    std::size_t other() const { return faulty == r1 ? r2 : r1; }
    void ping_from_client(int count = 1) { tb.offer_ping(r2, 0xC0000201, count); }
    int active_channel() const {
        for (int ch = 1; ch <= 2; ++ch) {
            if (tb.router(faulty).channel_connected(ch)) return ch;
        }
        return 0;
    }
    void inject_lcp(const wire::LcpPacket& p) {
        const int ch = active_channel();
        ASSERT_NE(ch, 0);
        tb.inject(faulty, PortMessage::b_frame(tb.now(), wire::Direction::ToSut, ch,
                                               wire::sync_encode(wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(p)))));
    }
};

// B-channel packets at the port, decoded (frames with a bad FCS are skipped).
template <class Packet, class Decode>
std::vector<std::pair<const Seen*, Packet>> packets(const Bed& bed, std::uint16_t protocol, Decode decode) {
    std::vector<std::pair<const Seen*, Packet>> out;
    for (const auto& m : bed.seen) {
        if (m.d_channel) continue;
        const auto raw = wire::sync_decode(m.bytes);
        if (!raw.fcs_ok) continue;
        auto f = wire::decode_ppp(raw.body(wire::FcsKind::Fcs16));
        if (!f || f.value().protocol != protocol) continue;
        auto p = decode(f.value().information);
        if (p) out.emplace_back(&m, p.value());
    }
    return out;
}
auto lcp(const Bed& b) { return packets<wire::LcpPacket>(b, wire::proto::kLcp, [](const Bytes& i) { return wire::decode_lcp(i); }); }
auto chap(const Bed& b) { return packets<wire::ChapPacket>(b, wire::proto::kChap, [](const Bytes& i) { return wire::decode_chap(i); }); }
auto pap(const Bed& b) { return packets<wire::PapPacket>(b, wire::proto::kPap, [](const Bytes& i) { return wire::decode_pap(i); }); }
auto cbcp(const Bed& b) { return packets<wire::CbcpPacket>(b, wire::proto::kCbcp, [](const Bytes& i) { return wire::decode_cbcp(i); }); }
std::vector<std::pair<const Seen*, wire::Q931Message>> q931(const Bed& b) {
    std::vector<std::pair<const Seen*, wire::Q931Message>> out;
    for (const auto& m : b.seen) {
        if (!m.d_channel) continue;
        auto q = wire::decode_q931(m.bytes);
        if (q) out.emplace_back(&m, q.value());
    }
    return out;
}
int count_q931(const Bed& b, bool out, Q931Type type) {
    int n = 0;
    for (const auto& [m, q] : q931(b)) n += m->out == out && q.kind() == type;
    return n;
}

// A Bed filter that loses the first frame toward the faulty router carrying `protocol` (and
// packet code `code`, when given).
std::function<TapDecision(Seen&)> lose_first(std::uint16_t protocol, int code = -1) {
    bool dropped = false;
    return [protocol, code, dropped](Seen& m) mutable {
        auto f = wire::decode_ppp(wire::sync_decode(m.bytes).body(wire::FcsKind::Fcs16));
        const bool match = !m.d_channel && f && f.value().protocol == protocol &&
                           (code < 0 || (!f.value().information.empty() && f.value().information[0] == code));
        if (dropped || !match) return TapDecision::pass();
        dropped = true;
        return TapDecision::drop();
    };
}

// The fault changes what the scenario shows: the symptom is absent without it, present with it.
void expect_live(Fault fault, const Bed::Setup& setup, const std::function<void(Bed&)>& scenario,
                 const std::function<bool(const Bed&)>& symptom) {
    for (const bool on : {false, true}) {
        Faults faults;
        if (on) faults.add(fault);
        Bed bed(setup, faults);
        scenario(bed);
        EXPECT_EQ(symptom(bed), on) << fault_name(fault) << (on ? " switched on" : " switched off");
    }
}

void callback_cycle(Bed& bed) {  // first call, callback, return call carrying a ping
    bed.ping_from_client();
    bed.tb.run_until(25s);
    bed.ping_from_client();
    bed.tb.run_until(30s);
}

void first_call(Bed& bed) {  // the first call's negotiation, authentication and drop
    bed.ping_from_client();
    bed.tb.run_until(2s);
}

// A reply sent by the faulty router whose Identifier is not the one of the request it answers.
template <class Packets>
bool reply_id_differs(const Packets& packets, int request_code, int reply_code) {
    int request = -1;
    for (const auto& [m, p] : packets) {
        if (!m->out && p.code == request_code) request = p.identifier;
        if (m->out && p.code == reply_code && p.identifier != request) return true;
    }
    return false;
}

// A Configure-Request in Opened from outside the peer's own FSM: the faulty router renegotiates (FSM-08).
void renegotiate(Bed& b) {
    wire::LcpPacket p;
    p.code = 1;
    p.identifier = 0xA4;
    p.options = {wire::MagicNumber{0x0BADCAFE}};
    b.inject_lcp(p);
}

Bed::Setup at(Where where) {
    Bed::Setup s;
    s.where = where;
    return s;
}

TEST(SutFaultTable, EveryFaultHasANameADescriptionAndRequirements) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < kFaultCount; ++i) {
        const FaultInfo& row = fault_table()[i];
        EXPECT_EQ(static_cast<std::size_t>(row.fault), i);
        EXPECT_TRUE(names.insert(row.name).second) << row.name;
        EXPECT_GT(std::string(row.description).size(), 10U) << row.name;
        EXPECT_NE(std::string(row.requirements).find('-'), std::string::npos) << row.name;
    }
    EXPECT_GE(kFaultCount, 30U);
    Faults all;
    for (std::size_t i = 0; i < kFaultCount; ++i) all.add(static_cast<Fault>(i));
    EXPECT_EQ(all.names().size(), kFaultCount);  // one bit each, none shared
}

// ---- framing -------------------------------------------------------------------------------

bool bad_fcs_out(const Bed& b) {
    for (const auto& m : b.seen) {
        if (m.out && !m.d_channel && !wire::sync_decode(m.bytes).fcs_ok) return true;
    }
    return false;
}

TEST(SutFaults, FcsOverWrongSpanBreaksTheFcs) {  // FR-03, FR-04
    expect_live(Fault::FcsOverWrongSpan, at(Where::Client), first_call, bad_fcs_out);
}

TEST(SutFaults, FcsMsbFirstBreaksTheFcs) {  // FR-04
    expect_live(Fault::FcsMsbFirst, at(Where::Client), first_call, bad_fcs_out);
}

TEST(SutFaults, AddressControlOmittedAfterOpened) {  // LCP-01, FR-10
    expect_live(Fault::AddressControlOmitted, at(Where::Client), callback_cycle, [](const Bed& b) {
        for (const auto& m : b.seen) {
            if (m.out && !m.d_channel && m.bytes.size() > 2 && m.bytes[0] != wire::kAllStations) return true;
        }
        return false;
    });
}

// ---- LCP -----------------------------------------------------------------------------------

TEST(SutFaults, AckWrongIdentifier) {  // LCP-05
    expect_live(Fault::AckWrongIdentifier, at(Where::Server), first_call,
                [](const Bed& b) { return reply_id_differs(lcp(b), 1, 2); });
}

TEST(SutFaults, NakUnofferedOption) {  // LCP-06
    expect_live(Fault::NakUnofferedOption, at(Where::Server), first_call,
                [](const Bed& b) {
                    for (const auto& [m, p] : lcp(b)) {
                        if (m->out && p.code == 3) return true;
                    }
                    return false;
                });
}

TEST(SutFaults, RestartTimerShort) {  // FSM-01
    Bed::Setup s = at(Where::Client);
    expect_live(
        Fault::RestartTimerShort, s,
        [](Bed& b) {
            int dropped = 0;  // R1's Request and Ack are lost: R2 must retransmit its Request
            b.filter = [dropped](const Seen& m) mutable {
                if (!m.d_channel && dropped < 2) {
                    ++dropped;
                    return TapDecision::drop();
                }
                return TapDecision::pass();
            };
            b.ping_from_client();
            b.tb.run_until(5s);
        },
        [](const Bed& b) {
            std::vector<Millis> crs;
            for (const auto& [m, p] : lcp(b)) {
                if (m->out && p.code == 1) crs.push_back(m->at);
            }
            return crs.size() >= 2 && crs[1] - crs[0] < 2s;
        });
}

TEST(SutFaults, NoCodeReject) {  // LCP-10
    expect_live(
        Fault::NoCodeReject, at(Where::Client),
        [](Bed& b) {
            callback_cycle(b);
            wire::LcpPacket p;
            p.code = 0x2A;
            p.identifier = 0xA1;
            p.data = {0xDE, 0xAD};
            b.inject_lcp(p);
            b.tb.run_until(31s);
        },
        [](const Bed& b) {
            for (const auto& [m, p] : lcp(b)) {
                if (m->out && p.code == 7) return false;
            }
            return true;
        });
}

TEST(SutFaults, EchoReplyZeroMagic) {  // LCP-12
    expect_live(
        Fault::EchoReplyZeroMagic, at(Where::Client),
        [](Bed& b) {
            callback_cycle(b);
            wire::LcpPacket p;
            p.code = 9;
            p.identifier = 0xA2;
            b.inject_lcp(p);
            b.tb.run_until(31s);
        },
        [](const Bed& b) {
            for (const auto& [m, p] : lcp(b)) {
                if (m->out && p.code == 10) return p.magic == 0;
            }
            return false;
        });
}

TEST(SutFaults, TerminateAckNewId) {  // LCP-09
    expect_live(
        Fault::TerminateAckNewId, at(Where::Server),
        [](Bed& b) {
            callback_cycle(b);
            b.inject_lcp(wire::make_term(wire::LcpCode::TermReq, 0xA3));
            b.tb.run_until(31s);
        },
        [](const Bed& b) {
            for (const auto& [m, p] : lcp(b)) {
                if (m->out && p.code == 6 && m->at > 30s) return p.identifier != 0xA3;
            }
            return false;
        });
}

TEST(SutFaults, RenegotiationWithoutRequest) {  // FSM-08
    expect_live(
        Fault::RenegotiationWithoutRequest, at(Where::Client),
        [](Bed& b) {
            callback_cycle(b);
            renegotiate(b);
            b.tb.run_until(Millis{30050});
        },
        [](const Bed& b) {
            for (const auto& [m, p] : lcp(b)) {
                if (m->out && p.code == 1 && m->at >= 30s) return false;
            }
            return true;
        });
}

TEST(SutFaults, MagicLoopNotDetected) {  // LCP-16
    expect_live(
        Fault::MagicLoopNotDetected, at(Where::Client),
        [](Bed& b) {
            // R1's first Configure-Request comes back with R2's own Magic-Number: a looped line.
            bool done = false;
            b.filter = [&b, done](Seen& m) mutable {
                if (m.d_channel || done) return TapDecision::pass();
                std::optional<std::uint32_t> own;
                for (const auto& [s, p] : lcp(b)) {
                    if (!s->out || p.code != 1) continue;
                    for (const auto& o : p.options) {
                        if (const auto* g = std::get_if<wire::MagicNumber>(&o)) own = g->value;
                    }
                }
                auto f = wire::decode_ppp(wire::sync_decode(m.bytes).body(wire::FcsKind::Fcs16));
                if (!own || !f || f.value().protocol != wire::proto::kLcp) return TapDecision::pass();
                auto p = wire::decode_lcp(f.value().information);
                if (!p || p.value().code != 1) return TapDecision::pass();
                wire::LcpPacket cr = p.value();
                for (auto& o : cr.options) {
                    if (auto* g = std::get_if<wire::MagicNumber>(&o)) g->value = *own;
                }
                m.bytes = wire::sync_encode(wire::encode_ppp(wire::proto::kLcp, wire::encode_lcp(cr)));
                done = true;
                return TapDecision::pass();
            };
            b.ping_from_client();
            b.tb.run_until(2s);
        },
        [](const Bed& b) {
            std::optional<std::uint32_t> own;
            for (const auto& [m, p] : lcp(b)) {
                for (const auto& o : p.options) {
                    const auto* g = std::get_if<wire::MagicNumber>(&o);
                    if (g == nullptr || !m->out) continue;
                    if (p.code == 1) own = g->value;
                    if (p.code == 2 && own && g->value == *own) return true;  // acked our own magic
                }
            }
            return false;
        });
}

// ---- authentication ------------------------------------------------------------------------

TEST(SutFaults, SuccessBeforeResponse) {  // CHAP-04
    expect_live(Fault::SuccessBeforeResponse, at(Where::Server), first_call,
                [](const Bed& b) {
                    bool response = false;
                    for (const auto& [m, p] : chap(b)) {
                        if (!m->out && p.code == 2) response = true;
                        if (m->out && p.code == 3 && !response) return true;
                    }
                    return false;
                });
}

TEST(SutFaults, StaleChapSuccessTaken) {  // CHAP-04, AMB-22: a verdict of the phase before a renegotiation
    expect_live(
        Fault::StaleChapSuccessTaken, at(Where::Client),
        [](Bed& b) {
            // After the renegotiation, R1's first Challenge becomes its last Success again.
            b.filter = [last = std::optional<Bytes>()](Seen& m) mutable {
                if (m.d_channel) return TapDecision::pass();
                auto f = wire::decode_ppp(wire::sync_decode(m.bytes).body(wire::FcsKind::Fcs16));
                if (!f || f.value().protocol != wire::proto::kChap || f.value().information.empty()) return TapDecision::pass();
                const auto code = f.value().information[0];
                if (code == 3) last = m.bytes;
                if (code == 1 && m.at >= 30s && last) {
                    m.bytes = *last;
                    last.reset();
                }
                return TapDecision::pass();
            };
            callback_cycle(b);
            renegotiate(b);
            b.tb.run_until(45s);
        },
        [](const Bed& b) {  // an IPCP Configure-Request after the renegotiation before any CHAP Response
            bool responded = false;
            for (const auto& m : b.seen) {
                if (!m.out || m.d_channel || m.at < 30s) continue;
                auto f = wire::decode_ppp(wire::sync_decode(m.bytes).body(wire::FcsKind::Fcs16));
                if (!f || f.value().information.empty()) continue;
                if (f.value().protocol == wire::proto::kChap && f.value().information[0] == 2) responded = true;
                if (f.value().protocol == wire::proto::kIpcp && f.value().information[0] == 1) return !responded;
            }
            return false;
        });
}

TEST(SutFaults, ChapResponseWrongId) {  // CHAP-03
    expect_live(Fault::ChapResponseWrongId, at(Where::Client), first_call,
                [](const Bed& b) { return reply_id_differs(chap(b), 1, 2); });
}

TEST(SutFaults, ChapSameChallenge) {  // CHAP-02
    expect_live(
        Fault::ChapSameChallenge, at(Where::Server),
        [](Bed& b) {
            b.filter = lose_first(wire::proto::kChap, 2);  // the first Response: R1 challenges again
            b.ping_from_client();
            b.tb.run_until(8s);
        },
        [](const Bed& b) {
            std::vector<wire::ChapPacket> challenges;
            for (const auto& [m, p] : chap(b)) {
                if (m->out && p.code == 1) challenges.push_back(p);
            }
            return challenges.size() >= 2 && challenges[0].identifier == challenges[1].identifier &&
                   challenges[0].value == challenges[1].value;
        });
}

TEST(SutFaults, ChapAcceptsAnyResponse) {  // CHAP-03
    Bed::Setup s = at(Where::Server);
    replace_line(s.r2_config, "username R1 password CCIE", "username R1 password WRONG");
    expect_live(Fault::ChapAcceptsAnyResponse, s, first_call,
                [](const Bed& b) {
                    for (const auto& [m, p] : chap(b)) {
                        if (m->out && p.code == 3) return true;
                    }
                    return false;
                });
}

TEST(SutFaults, PapRetriedForever) {  // PAP-02
    Bed::Setup s = at(Where::Server);
    replace_line(s.r2_config, "ppp authentication chap", "ppp authentication pap");
    expect_live(Fault::PapRetriedForever, s, callback_cycle, [](const Bed& b) {
        // A Request after the Ack on the same call (each call's exchange starts after its CONNECT).
        Millis acked{-1};
        Millis call_start{0};
        for (const auto& [m, q] : q931(b)) {
            if (q.kind() == Q931Type::Connect || q.kind() == Q931Type::ConnectAck) call_start = m->at;
        }
        for (const auto& [m, p] : pap(b)) {
            if (m->at < call_start) continue;  // the return call only
            if (!m->out && p.code == 2) acked = m->at;
            if (m->out && p.code == 1 && acked.count() >= 0) return true;
        }
        return false;
    });
}

// ---- callback ------------------------------------------------------------------------------

TEST(SutFaults, ClientCallbackOnReturnCall) {  // SEQ-02, AMB-07
    expect_live(Fault::ClientCallbackOnReturnCall, at(Where::Client), callback_cycle, [](const Bed& b) {
        for (const auto& [m, p] : lcp(b)) {
            if (!m->out || p.code != 1 || m->at < 10s) continue;
            for (const auto& o : p.options) {
                if (std::holds_alternative<wire::Callback>(o)) return true;
            }
        }
        return false;
    });
}

TEST(SutFaults, CallbackToCalledNumber) {  // CCB-03
    expect_live(Fault::CallbackToCalledNumber, at(Where::Server), callback_cycle, [](const Bed& b) {
        for (const auto& [m, q] : q931(b)) {
            if (m->out && q.kind() == Q931Type::Setup) return !q.called || q.called->digits != "5558888";
        }
        return false;
    });
}

TEST(SutFaults, CallbackServerUsesDialstring) {  // CCB-03
    Bed::Setup s = at(Where::Server);
    s.client_op = 3;
    s.client_number = "5558899";  // another number of the client's, in no dialer map
    expect_live(Fault::CallbackServerUsesDialstring, s, callback_cycle, [](const Bed& b) {
        for (const auto& [m, q] : q931(b)) {
            if (m->out && q.kind() == Q931Type::Setup) return q.called && q.called->digits == "5558899";
        }
        return false;
    });
}

TEST(SutFaults, ClientDialsWhileCallbackPending) {  // CCB-04
    expect_live(
        Fault::ClientDialsWhileCallbackPending, at(Where::Client),
        [](Bed& b) {
            b.ping_from_client();
            b.tb.run_until(5s);
            b.tb.network().fail_next_call("5558888", CallFault::Busy);  // the return call fails
            b.tb.run_until(30s);
            b.ping_from_client();  // the client still waits for its return call (hold timeout)
            b.tb.run_until(40s);
        },
        [](const Bed& b) { return count_q931(b, true, Q931Type::Setup) > 1; });
}

// ---- CBCP ----------------------------------------------------------------------------------

TEST(SutFaults, CbcpAckWrongId) {  // CBCP-04
    Bed::Setup s = at(Where::Server);
    s.client_op = 6;
    expect_live(Fault::CbcpAckWrongId, s, first_call,
                [](const Bed& b) { return reply_id_differs(cbcp(b), 2, 3); });
}

TEST(SutFaults, CbcpRequestSameId) {  // CBCP-02
    Bed::Setup s = at(Where::Server);
    s.client_op = 6;
    expect_live(
        Fault::CbcpRequestSameId, s,
        [](Bed& b) {
            b.filter = lose_first(wire::proto::kCbcp);  // the first Callback-Response: the answerer repeats
            b.ping_from_client();
            b.tb.run_until(6s);
        },
        [](const Bed& b) {
            std::vector<int> ids;
            for (const auto& [m, p] : cbcp(b)) {
                if (m->out && p.code == 1) ids.push_back(p.identifier);
            }
            return ids.size() >= 2 && ids[0] == ids[1];
        });
}

// ---- DDR -----------------------------------------------------------------------------------

TEST(SutFaults, IdleTimerNotReset) {  // DDR-03
    expect_live(
        Fault::IdleTimerNotReset, at(Where::Server),
        [](Bed& b) {
            b.ping_from_client();
            b.tb.run_until(40s);
            b.ping_from_client();  // interesting traffic 20 s into the return call
            b.tb.run_until(200s);
        },
        [](const Bed& b) {
            // The return call's clearing: from R1 itself before R2's idle-timeout (faulty) or not.
            for (const auto& [m, q] : q931(b)) {
                if (q.kind() == Q931Type::Disconnect && m->at > 40s) return m->out && m->at < 155s;
            }
            return false;
        });
}

TEST(SutFaults, DialPrefixAdded) {  // DDR-02
    expect_live(Fault::DialPrefixAdded, at(Where::Client), first_call,
                [](const Bed& b) {
                    for (const auto& [m, q] : q931(b)) {
                        if (m->out && q.kind() == Q931Type::Setup) return q.called && q.called->digits == "95557777";
                    }
                    return false;
                });
}

TEST(SutFaults, EnableTimeoutIgnored) {  // DDR-06
    expect_live(
        Fault::EnableTimeoutIgnored, at(Where::Client),
        [](Bed& b) {
            b.tb.network().fail_next_call("5557777", CallFault::Busy);
            b.ping_from_client();
            b.tb.run_until(5s);
            b.ping_from_client();  // within the enable-timeout after the failed call
            b.tb.run_until(8s);
        },
        [](const Bed& b) { return count_q931(b, true, Q931Type::Setup) > 1; });
}

// ---- ISDN ----------------------------------------------------------------------------------

TEST(SutFaults, NoReleaseComplete) {  // ISDN-05
    expect_live(Fault::NoReleaseComplete, at(Where::Client), callback_cycle, [](const Bed& b) {
        return count_q931(b, true, Q931Type::ReleaseComplete) < count_q931(b, false, Q931Type::Release);
    });
}

TEST(SutFaults, NoConnectAck) {  // ISDN-02, AMB-17
    expect_live(Fault::NoConnectAck, at(Where::Client), first_call,
                [](const Bed& b) { return count_q931(b, true, Q931Type::ConnectAck) == 0; });
}

TEST(SutFaults, DisconnectAnsweredWithReleaseComplete) {  // ISDN-05
    expect_live(
        Fault::DisconnectAnsweredWithReleaseComplete, at(Where::Server),
        [](Bed& b) {
            callback_cycle(b);
            b.tb.drop_line("5557777");  // the network clears R1's active call
            b.tb.run_until(35s);
        },
        [](const Bed& b) {
            // After the network's DISCONNECT, R1's next message on that call.
            std::map<int, bool> disconnected;
            for (const auto& [m, q] : q931(b)) {
                const int key = q.call_reference | ((m->out != q.from_destination) ? 0x100 : 0);
                if (!m->out && q.kind() == Q931Type::Disconnect) disconnected[key] = true;
                if (m->out && disconnected[key]) return q.kind() == Q931Type::ReleaseComplete;
            }
            return false;
        });
}

TEST(SutFaults, T303NotHonoured) {  // ISDN-02
    expect_live(
        Fault::T303NotHonoured, at(Where::Client),
        [](Bed& b) {
            b.tb.network().fail_next_call("5557777", CallFault::NoResponse);  // the SETUP is lost
            b.ping_from_client();
            b.tb.run_until(10s);
        },
        [](const Bed& b) { return count_q931(b, true, Q931Type::Setup) == 1; });
}

TEST(SutFaults, DisconnectWithoutCause) {  // ISDN-05
    expect_live(Fault::DisconnectWithoutCause, at(Where::Server), callback_cycle, [](const Bed& b) {
        for (const auto& [m, q] : q931(b)) {
            if (m->out && q.kind() == Q931Type::Disconnect && !q.cause) return true;
        }
        return false;
    });
}

// ---- IPCP and the STATUS ENQUIRY about no call (SPEC IP-07, IP-08, ISDN-13) ------------------

auto ipcp(const Bed& b) { return packets<wire::IpcpPacket>(b, wire::proto::kIpcp, [](const Bytes& i) { return wire::decode_ipcp(i); }); }

// A Bed filter that rewrites the IP-Address of the first IPCP packet of `code` toward the faulty
// router: `change` turns the address it carried into the one it carries.
std::function<TapDecision(Seen&)> rewrite_first_ipcp(std::uint8_t code, std::function<std::uint32_t(std::uint32_t)> change) {
    bool done = false;
    return [code, change, done](Seen& m) mutable {
        if (done || m.d_channel) return TapDecision::pass();
        auto f = wire::decode_ppp(wire::sync_decode(m.bytes).body(wire::FcsKind::Fcs16));
        if (!f || f.value().protocol != wire::proto::kIpcp) return TapDecision::pass();
        auto p = wire::decode_ipcp(f.value().information);
        if (!p || p.value().code != code) return TapDecision::pass();
        wire::IpcpPacket packet = p.value();
        for (auto& o : packet.options) {
            if (auto* a = std::get_if<wire::IpAddressOption>(&o)) a->address = change(a->address);
        }
        m.bytes = wire::sync_encode(wire::encode_ppp(wire::proto::kIpcp, wire::encode_ipcp(packet)));
        done = true;
        return TapDecision::pass();
    };
}

int ipcp_sent(const Bed& b, std::uint8_t code) {
    int n = 0;
    for (const auto& [m, p] : ipcp(b)) n += m->out && p.code == code;
    return n;
}

TEST(SutFaults, IpcpAckAnyOptions) {  // IP-08: the altered Ack is taken, the Request not repeated
    expect_live(
        Fault::IpcpAckAnyOptions, at(Where::Client),
        [](Bed& b) {
            b.filter = rewrite_first_ipcp(2, [](std::uint32_t a) { return a ^ 1U; });
            callback_cycle(b);
        },
        [](const Bed& b) { return ipcp_sent(b, 1) == 1; });
}

TEST(SutFaults, IpcpZeroAddressAcked) {  // IP-07: a request for an address acknowledged
    expect_live(
        Fault::IpcpZeroAddressAcked, at(Where::Client),
        [](Bed& b) {
            b.filter = rewrite_first_ipcp(1, [](std::uint32_t) { return 0U; });
            callback_cycle(b);
        },
        [](const Bed& b) {
            for (const auto& [m, p] : ipcp(b)) {
                if (!m->out || p.code != 2) continue;
                for (const auto& o : p.options) {
                    if (const auto* a = std::get_if<wire::IpAddressOption>(&o); a != nullptr && a->address == 0) return true;
                }
            }
            return false;
        });
}

TEST(SutFaults, StatusEnquiryReleased) {  // ISDN-13: RELEASE COMPLETE #81, not STATUS in the Null state
    expect_live(
        Fault::StatusEnquiryReleased, at(Where::Client),
        [](Bed& b) {
            first_call(b);
            wire::Q931Message enquiry;
            enquiry.call_reference = 0x55;  // no call of the client's has it
            enquiry.from_destination = true;
            enquiry.type = static_cast<std::uint8_t>(Q931Type::StatusEnquiry);
            b.tb.inject(b.faulty, PortMessage::q931(b.tb.now(), wire::Direction::ToSut, wire::encode_q931(enquiry)));
            b.tb.run_until(3s);
        },
        [](const Bed& b) { return count_q931(b, true, Q931Type::Status) == 0; });
}

}  // namespace
}  // namespace ppp::sut
