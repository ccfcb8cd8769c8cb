// RFC 1661 section 4.1, lower-layer Up and the Configure exchange (Up, RCR+, RCR-, RCA, RCN, RXR).
#include "lcp_machine.hpp"

namespace ppp::model::detail {
namespace lcp {
namespace {

struct ConfigureDef : GroupDef<ConfigureDef> {
    using initial_state = Initial;
    // clang-format off
    struct transition_table : mpl::vector<
    //    Source    Event    Target    Action              Guard   Requirements          §4.1 cell
    Cell< Initial,  Up,      Closed,   nop,                always, Reqs<Ph01>        >, // Up 0: 2
    Cell< Starting, Up,      ReqSent,  seq<irc, scr>,      always, Reqs<Ph01, Fsm02> >, // Up 1: irc,scr/6
    Cell< Closed,   RcrGood, Closed,   sta,                always, Reqs<Lcp09>       >, // RCR+ 2: sta/2
    Cell< Stopped,  RcrGood, AckSent,  seq<irc, scr, sca>, always, Reqs<Fsm02, Lcp05>>, // RCR+ 3: irc,scr,sca/8
    Cell< Closing,  RcrGood, Closing,  nop,                always, Reqs<>            >, // RCR+ 4: 4
    Cell< Stopping, RcrGood, Stopping, nop,                always, Reqs<>            >, // RCR+ 5: 5
    Cell< ReqSent,  RcrGood, AckSent,  sca,                always, Reqs<Lcp05>       >, // RCR+ 6: sca/8
    Cell< AckRcvd,  RcrGood, Opened,   seq<sca, tlu>,      always, Reqs<Lcp05, Ph02> >, // RCR+ 7: sca,tlu/9
    Cell< AckSent,  RcrGood, AckSent,  sca,                always, Reqs<Lcp05>       >, // RCR+ 8: sca/8
    Cell< Opened,   RcrGood, AckSent,  seq<tld, scr, sca>, always, Reqs<Fsm08, Lcp05>>, // RCR+ 9: tld,scr,sca/8
    Cell< Closed,   RcrBad,  Closed,   sta,                always, Reqs<Lcp09>       >, // RCR- 2: sta/2
    Cell< Stopped,  RcrBad,  ReqSent,  seq<irc, scr, scn>, always, Reqs<Fsm02, Lcp06>>, // RCR- 3: irc,scr,scn/6
    Cell< Closing,  RcrBad,  Closing,  nop,                always, Reqs<>            >, // RCR- 4: 4
    Cell< Stopping, RcrBad,  Stopping, nop,                always, Reqs<>            >, // RCR- 5: 5
    Cell< ReqSent,  RcrBad,  ReqSent,  scn,                always, Reqs<Lcp06>       >, // RCR- 6: scn/6
    Cell< AckRcvd,  RcrBad,  AckRcvd,  scn,                always, Reqs<Lcp06>       >, // RCR- 7: scn/7
    Cell< AckSent,  RcrBad,  ReqSent,  scn,                always, Reqs<Lcp06>       >, // RCR- 8: scn/6
    Cell< Opened,   RcrBad,  ReqSent,  seq<tld, scr, scn>, always, Reqs<Fsm08, Lcp06>>, // RCR- 9: tld,scr,scn/6
    Cell< Closed,   Rca,     Closed,   sta,                always, Reqs<Lcp09>       >, // RCA 2: sta/2
    Cell< Stopped,  Rca,     Stopped,  sta,                always, Reqs<Lcp09>       >, // RCA 3: sta/3
    Cell< Closing,  Rca,     Closing,  nop,                always, Reqs<>            >, // RCA 4: 4
    Cell< Stopping, Rca,     Stopping, nop,                always, Reqs<>            >, // RCA 5: 5
    Cell< ReqSent,  Rca,     AckRcvd,  irc,                always, Reqs<Lcp05, Fsm02>>, // RCA 6: irc/7
    Cell< AckRcvd,  Rca,     ReqSent,  seq<scr, xlog>,     always, Reqs<Fsm07>       >, // RCA 7: scr/6x
    Cell< AckSent,  Rca,     Opened,   seq<irc, tlu>,      always, Reqs<Lcp05, Ph02> >, // RCA 8: irc,tlu/9
    Cell< Opened,   Rca,     ReqSent,  seq<tld, scr, xlog>,always, Reqs<Fsm07>       >, // RCA 9: tld,scr/6x
    Cell< Closed,   Rcn,     Closed,   sta,                always, Reqs<Lcp09>       >, // RCN 2: sta/2
    Cell< Stopped,  Rcn,     Stopped,  sta,                always, Reqs<Lcp09>       >, // RCN 3: sta/3
    Cell< Closing,  Rcn,     Closing,  nop,                always, Reqs<>            >, // RCN 4: 4
    Cell< Stopping, Rcn,     Stopping, nop,                always, Reqs<>            >, // RCN 5: 5
    Cell< ReqSent,  Rcn,     ReqSent,  seq<irc, scr>,      always, Reqs<Fsm02>       >, // RCN 6: irc,scr/6
    Cell< AckRcvd,  Rcn,     ReqSent,  seq<scr, xlog>,     always, Reqs<Fsm07>       >, // RCN 7: scr/6x
    Cell< AckSent,  Rcn,     AckSent,  seq<irc, scr>,      always, Reqs<Fsm02>       >, // RCN 8: irc,scr/8
    Cell< Opened,   Rcn,     ReqSent,  seq<tld, scr, xlog>,always, Reqs<Fsm07>       >, // RCN 9: tld,scr/6x
    Cell< Closed,   Rxr,     Closed,   nop,                always, Reqs<Lcp12>       >, // RXR 2: 2
    Cell< Stopped,  Rxr,     Stopped,  nop,                always, Reqs<Lcp12>       >, // RXR 3: 3
    Cell< Closing,  Rxr,     Closing,  nop,                always, Reqs<Lcp12>       >, // RXR 4: 4
    Cell< Stopping, Rxr,     Stopping, nop,                always, Reqs<Lcp12>       >, // RXR 5: 5
    Cell< ReqSent,  Rxr,     ReqSent,  nop,                always, Reqs<Lcp12>       >, // RXR 6: 6
    Cell< AckRcvd,  Rxr,     AckRcvd,  nop,                always, Reqs<Lcp12>       >, // RXR 7: 7
    Cell< AckSent,  Rxr,     AckSent,  nop,                always, Reqs<Lcp12>       >, // RXR 8: 8
    Cell< Opened,   Rxr,     Opened,   ser,                always, Reqs<Lcp12>       >  // RXR 9: ser/9
    > {};
    // clang-format on

    // DESIGN.md section 5: open_link fires Up only right after Open took the link to Starting.
    static std::vector<UnreachableMark> unreachable() {
        return {{"Initial --Up--> Closed  (Up 0: 2)",
                 "open_link fires Up only right after Open (Initial -> Starting); a link never meets Up in Initial"}};
    }

    static bool handles(LcpEvent e) {
        return e == LcpEvent::Up || e == LcpEvent::RcrGood || e == LcpEvent::RcrBad ||
               e == LcpEvent::Rca || e == LcpEvent::Rcn || e == LcpEvent::Rxr;
    }
    template <class M>
    static void process(M& m, LcpEvent e) {
        switch (e) {
            case LcpEvent::Up: m.process_event(Up{}); break;
            case LcpEvent::RcrGood: m.process_event(RcrGood{}); break;
            case LcpEvent::RcrBad: m.process_event(RcrBad{}); break;
            case LcpEvent::Rca: m.process_event(Rca{}); break;
            case LcpEvent::Rcn: m.process_event(Rcn{}); break;
            case LcpEvent::Rxr: m.process_event(Rxr{}); break;
            default: break;
        }
    }
};

}  // namespace
}  // namespace lcp

std::unique_ptr<LcpGroup> make_lcp_configure_group() {
    return std::make_unique<lcp::Group<lcp::ConfigureDef>>();
}

}  // namespace ppp::model::detail
