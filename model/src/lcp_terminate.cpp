// RFC 1661 section 4.1, lower-layer Down, termination and rejects (Down, RTR, RTA, RUC, RXJ+, RXJ-).
#include "lcp_machine.hpp"

namespace ppp::model::detail {
namespace lcp {
namespace {

struct TerminateDef : GroupDef<TerminateDef> {
    using initial_state = Initial;
    // clang-format off
    struct transition_table : mpl::vector<
    //    Source    Event    Target    Action              Guard   Requirements           §4.1 cell
    Cell< Closed,   Down,    Initial,  nop,                always, Reqs<Ph01>         >, // Down 2: 0
    Cell< Stopped,  Down,    Starting, tls,                always, Reqs<Ph01>         >, // Down 3: tls/1
    Cell< Closing,  Down,    Initial,  nop,                always, Reqs<Ph01>         >, // Down 4: 0
    Cell< Stopping, Down,    Starting, nop,                always, Reqs<Ph01>         >, // Down 5: 1
    Cell< ReqSent,  Down,    Starting, nop,                always, Reqs<Ph01>         >, // Down 6: 1
    Cell< AckRcvd,  Down,    Starting, nop,                always, Reqs<Ph01>         >, // Down 7: 1
    Cell< AckSent,  Down,    Starting, nop,                always, Reqs<Ph01>         >, // Down 8: 1
    Cell< Opened,   Down,    Starting, tld,                always, Reqs<Ph01>         >, // Down 9: tld/1
    Cell< Closed,   Rtr,     Closed,   sta,                always, Reqs<Lcp09>        >, // RTR 2: sta/2
    Cell< Stopped,  Rtr,     Stopped,  sta,                always, Reqs<Lcp09>        >, // RTR 3: sta/3
    Cell< Closing,  Rtr,     Closing,  sta,                always, Reqs<Lcp09>        >, // RTR 4: sta/4
    Cell< Stopping, Rtr,     Stopping, sta,                always, Reqs<Lcp09>        >, // RTR 5: sta/5
    Cell< ReqSent,  Rtr,     ReqSent,  sta,                always, Reqs<Lcp09>        >, // RTR 6: sta/6
    Cell< AckRcvd,  Rtr,     ReqSent,  sta,                always, Reqs<Lcp09>        >, // RTR 7: sta/6
    Cell< AckSent,  Rtr,     ReqSent,  sta,                always, Reqs<Lcp09>        >, // RTR 8: sta/6
    Cell< Opened,   Rtr,     Stopping, seq<tld, zrc, sta>, always, Reqs<Lcp09, Fsm04> >, // RTR 9: tld,zrc,sta/5
    Cell< Closed,   Rta,     Closed,   nop,                always, Reqs<Lcp09>        >, // RTA 2: 2
    Cell< Stopped,  Rta,     Stopped,  nop,                always, Reqs<Lcp09>        >, // RTA 3: 3
    Cell< Closing,  Rta,     Closed,   tlf,                always, Reqs<Lcp09, Ph04>  >, // RTA 4: tlf/2
    Cell< Stopping, Rta,     Stopped,  tlf,                always, Reqs<Lcp09, Ph04>  >, // RTA 5: tlf/3
    Cell< ReqSent,  Rta,     ReqSent,  nop,                always, Reqs<Lcp09>        >, // RTA 6: 6
    Cell< AckRcvd,  Rta,     ReqSent,  nop,                always, Reqs<Lcp09>        >, // RTA 7: 6
    Cell< AckSent,  Rta,     AckSent,  nop,                always, Reqs<Lcp09>        >, // RTA 8: 8
    Cell< Opened,   Rta,     ReqSent,  seq<tld, scr>,      always, Reqs<Lcp09, Fsm02> >, // RTA 9: tld,scr/6
    Cell< Closed,   Ruc,     Closed,   scj,                always, Reqs<Lcp10>        >, // RUC 2: scj/2
    Cell< Stopped,  Ruc,     Stopped,  scj,                always, Reqs<Lcp10>        >, // RUC 3: scj/3
    Cell< Closing,  Ruc,     Closing,  scj,                always, Reqs<Lcp10>        >, // RUC 4: scj/4
    Cell< Stopping, Ruc,     Stopping, scj,                always, Reqs<Lcp10>        >, // RUC 5: scj/5
    Cell< ReqSent,  Ruc,     ReqSent,  scj,                always, Reqs<Lcp10>        >, // RUC 6: scj/6
    Cell< AckRcvd,  Ruc,     AckRcvd,  scj,                always, Reqs<Lcp10>        >, // RUC 7: scj/7
    Cell< AckSent,  Ruc,     AckSent,  scj,                always, Reqs<Lcp10>        >, // RUC 8: scj/8
    Cell< Opened,   Ruc,     Opened,   scj,                always, Reqs<Lcp10>        >, // RUC 9: scj/9
    Cell< Closed,   RxjGood, Closed,   nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 2: 2
    Cell< Stopped,  RxjGood, Stopped,  nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 3: 3
    Cell< Closing,  RxjGood, Closing,  nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 4: 4
    Cell< Stopping, RxjGood, Stopping, nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 5: 5
    Cell< ReqSent,  RxjGood, ReqSent,  nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 6: 6
    Cell< AckRcvd,  RxjGood, ReqSent,  nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 7: 6 (as printed)
    Cell< AckSent,  RxjGood, AckSent,  nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 8: 8
    Cell< Opened,   RxjGood, Opened,   nop,                always, Reqs<Lcp10, Lcp11> >, // RXJ+ 9: 9
    Cell< Closed,   RxjBad,  Closed,   tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 2: tlf/2
    Cell< Stopped,  RxjBad,  Stopped,  tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 3: tlf/3
    Cell< Closing,  RxjBad,  Closed,   tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 4: tlf/2
    Cell< Stopping, RxjBad,  Stopped,  tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 5: tlf/3
    Cell< ReqSent,  RxjBad,  Stopped,  tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 6: tlf/3
    Cell< AckRcvd,  RxjBad,  Stopped,  tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 7: tlf/3
    Cell< AckSent,  RxjBad,  Stopped,  tlf,                always, Reqs<Lcp10, Lcp11> >, // RXJ- 8: tlf/3
    Cell< Opened,   RxjBad,  Stopping, seq<tld, irc, str>, always, Reqs<Lcp10, Lcp11> >  // RXJ- 9: tld,irc,str/5
    > {};
    // clang-format on

    static bool handles(LcpEvent e) {
        return e == LcpEvent::Down || e == LcpEvent::Rtr || e == LcpEvent::Rta ||
               e == LcpEvent::Ruc || e == LcpEvent::RxjGood || e == LcpEvent::RxjBad;
    }
    template <class M>
    static void process(M& m, LcpEvent e) {
        switch (e) {
            case LcpEvent::Down: m.process_event(Down{}); break;
            case LcpEvent::Rtr: m.process_event(Rtr{}); break;
            case LcpEvent::Rta: m.process_event(Rta{}); break;
            case LcpEvent::Ruc: m.process_event(Ruc{}); break;
            case LcpEvent::RxjGood: m.process_event(RxjGood{}); break;
            case LcpEvent::RxjBad: m.process_event(RxjBad{}); break;
            default: break;
        }
    }
};

}  // namespace
}  // namespace lcp

std::unique_ptr<LcpGroup> make_lcp_terminate_group() {
    return std::make_unique<lcp::Group<lcp::TerminateDef>>();
}

}  // namespace ppp::model::detail
